"""Mermaid flowchart: the argument in GSN shapes for Markdown viewers that draw Mermaid (GitHub among them).

Shapes: claims rectangles, strategies parallelograms, evidence circles,
assumptions and the boundary stadium ovals, defeaters hexagons, collapsed
modules subroutine boxes; an undeveloped claim gets a small rhombus. Verdicts
are class definitions with a legend subgraph; modules are subgraphs. GitHub
draws Mermaid without interactivity, so instead of tooltips each node's
findings and counterexample are written as `%%` comments beside it, where
anyone reading the source sees them.
"""
from __future__ import annotations

import re

from .argument import COLOURS, MODULE_VERDICT, NEUTRAL, VERDICTS, build_view, collapsed, tooltip
from .visible import visible

FORMAT = "mermaid"
DESCRIPTION = "a Mermaid flowchart of the argument in GSN shapes, coloured by verdict (renders in GitHub Markdown)"
COMMANDS = ("graph",)
NEEDS_MODEL = True  # it draws the argument from the resolved model and the required reports

# (opening, closing) of each node shape, in Mermaid's flowchart syntax.
SHAPES = {"claim": ("[", "]"), "strategy": ("[/", "/]"), "evidence": ("((", "))"), "assumption": ("([", "])"),
          "context": ("([", "])"), "defeater": ("{{", "}}"), "module": ("[[", "]]")}
_ARROWS = {"supported_by": "-->", "in_context_of": "-.->", "challenges": "-. challenges .-x",
           "rebuts": "-. rebuts .->", "requires": "== requires ==>"}


def render(reports, exit_code: int = 0, collapse=()) -> str:
    view = collapsed(build_view(reports[0]), collapse)
    return flowchart(view)


def flowchart(view) -> str:
    ids = _mermaid_ids(view)
    lines = [f"%% {view.name}: {view.verdict}", "flowchart TB"]
    lines += [f"  classDef {verdict} fill:{COLOURS[verdict][0]},stroke:{COLOURS[verdict][1]},color:#000000"
              for verdict in VERDICTS]
    lines.append(f"  classDef context fill:{NEUTRAL[0]},stroke:{NEUTRAL[1]},color:#000000")
    lines += _module_lines(view, "", ids, "  ")
    lines += _legend()
    for index, link in enumerate(view.links):
        lines.append(f"  {ids[link.source]} {_ARROWS[link.kind]} {ids[link.target]}")
    lines += _link_styles(view)
    return "\n".join(lines) + "\n"


def _module_lines(view, module: str, ids: dict, pad: str) -> list:
    lines = []
    for node in view.nodes:
        if node.module == module:
            lines += [pad + line for line in _node_lines(node, ids)]
    for mod in view.modules:
        if mod.parent == module:
            title = text(f"module {mod.id}: {mod.title} ({mod.verdict})")
            lines.append(f'{pad}subgraph {_safe_id("module_" + mod.id)}["{title}"]')
            lines += _module_lines(view, mod.id, ids, pad + "  ")
            lines.append(f"{pad}end")
            fill, border = COLOURS[MODULE_VERDICT[mod.verdict]]
            lines.append(f"{pad}style {_safe_id('module_' + mod.id)} fill:#ffffff,stroke:{border},stroke-dasharray:6 4")
    return lines


def _node_lines(node, ids: dict) -> list:
    opening, closing = SHAPES[node.kind]
    shown = [f"<b>{text(node.name)}</b>", text(_shorten(node.title, 160))]  # Mermaid wraps long lines itself
    if node.formula and node.kind in ("claim", "assumption", "context"):
        shown.append(f"<i>{text(_shorten(node.formula))}</i>")
    if node.detail:
        shown.append(f"<i>{text(_shorten(node.detail))}</i>")
    if node.verdict:
        shown.append(f"<i>{node.verdict}</i>")
    me = ids[node.id]
    lines = [f'{me}{opening}"{"<br/>".join(shown)}"{closing}:::{node.verdict or "context"}']
    if node.findings:  # what a tooltip would show, kept as comments (GitHub draws no tooltips)
        lines += [f"%% {_comment(line)}" for line in tooltip(node).split("\n")[1:]]
    if node.undeveloped:  # GSN's undeveloped mark: a small rhombus beneath the claim
        lines += [f'{me}_undeveloped{{" "}}:::{node.verdict}', f"{me} --- {me}_undeveloped"]
    return lines


def _legend() -> list:
    lines = ['  subgraph legend["Legend"]', "    direction LR"]
    lines += [f'    legend_{verdict}["{verdict}"]:::{verdict}' for verdict in VERDICTS]
    lines.append("  end")
    return lines


def _link_styles(view) -> list:
    """Challenge links in red, rebuttals in green, as in the DOT drawing (Mermaid styles links by index)."""
    colours = {"challenges": "#b00020", "rebuts": "#1e7b34"}
    undeveloped = sum(1 for node in view.nodes if node.undeveloped)
    lines = []
    # Undeveloped marks are drawn (with their links) before the links listed in view.links.
    for index, link in enumerate(view.links, start=undeveloped):
        if link.kind in colours:
            lines.append(f"  linkStyle {index} stroke:{colours[link.kind]}")
    return lines


def _mermaid_ids(view) -> dict:
    """Mermaid ids: the node ids with dots and slashes made safe, each unique."""
    ids, taken = {}, {"legend", "end", "graph", "subgraph", "class", "classDef", "style", "linkStyle", "click"}
    taken |= {f"legend_{v}" for v in VERDICTS} | {_safe_id("module_" + mod.id) for mod in view.modules}
    for node in view.nodes:
        candidate, n = _safe_id(node.id), 2
        while candidate in taken or candidate.lower() == "end":
            candidate, n = f"{_safe_id(node.id)}_{n}", n + 1
        taken.add(candidate)
        ids[node.id] = candidate
    return ids


def _safe_id(name: str) -> str:
    """Letters, digits and `_` only; a leading `n_` where Mermaid could read something else."""
    safe = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return safe if safe[:1].isalpha() else "n_" + safe


_ENTITIES = {'"': "&quot;", "<": "&lt;", ">": "&gt;", "&": "&amp;", "#": "&num;", "`": "&grave;"}


def text(value: str) -> str:
    """Text inside a quoted Mermaid label, which Mermaid shows as HTML: quotes, markup and `#` become named
    entities (Mermaid's own `#60;` codes are not decoded inside formatted labels by Mermaid 11)."""
    return "".join(_ENTITIES.get(c, c) for c in visible(value.replace("\n", " ").replace("\t", " ")))


def _comment(line: str) -> str:
    # A comment runs to the end of the line: nothing in it can end it early (nor reorder it: `visible`).
    return visible(line.replace("\n", " "))


def _shorten(formula: str, most: int = 90) -> str:
    one_line = " ; ".join(formula.split("\n"))
    return one_line if len(one_line) <= most else one_line[: most - 3] + "..."
