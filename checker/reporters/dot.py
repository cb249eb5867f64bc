"""Graphviz DOT: the argument in GSN shapes, each node filled with its verdict's colour, modules as clusters.

`warrant graph CASE --format dot` prints it; the svg format lays it out with
Graphviz's `dot` program. Shapes follow GSN: claims are rectangles, strategies
parallelograms, evidence circles, assumptions and the boundary (the context)
ovals, defeaters octagons joined to what they challenge, modules tabbed boxes;
an undeveloped claim carries GSN's small diamond. Each node's tooltip is its
formula, verdict and findings, with the counterexample of a failing step.
"""
from __future__ import annotations

import html
import textwrap

from .argument import COLOURS, MEANING, MODULE_VERDICT, NEUTRAL, VERDICTS, build_view, collapsed, tooltip
from .visible import visible_text

FORMAT = "dot"
DESCRIPTION = "Graphviz DOT source of the argument in GSN shapes, coloured by verdict"
COMMANDS = ("graph",)
NEEDS_MODEL = True  # it draws the argument from the resolved model and the required reports

SHAPES = {"claim": "box", "strategy": "parallelogram", "evidence": "circle", "assumption": "ellipse",
          "context": "ellipse", "defeater": "octagon", "module": "tab"}
_WRAP = {"claim": 34, "strategy": 34, "evidence": 18, "assumption": 30, "context": 36, "defeater": 28, "module": 30}
_TITLE_LINES = {"evidence": 3, "module": 3}  # others: 5
_FORMULA_WRAP, _FORMULA_LINES = 44, 4
_EDGES = {
    "supported_by": 'arrowhead=normal',
    "in_context_of": 'arrowhead=empty',
    # Drawn from the challenged node with the arrow reversed, so a defeater hangs below what it challenges.
    "challenges": 'dir=back, style=dashed, color="#b00020", fontcolor="#b00020", arrowtail=tee, label=" challenges"',
    "rebuts": 'constraint=false, style=dashed, color="#1e7b34", fontcolor="#1e7b34", label=" rebuts"',
    "requires": 'style="dashed,bold", label=" requires"',
}
_REVERSED = {"challenges"}


def render(reports, exit_code: int = 0, collapse=()) -> str:
    """The first report's argument as one DOT digraph (`warrant graph` passes exactly one)."""
    view = collapsed(build_view(reports[0]), collapse)
    return digraph(view)


def digraph(view) -> str:
    lines = [f"digraph {quote(view.name)} {{",
             f'  graph [rankdir=TB, fontname="Helvetica", nodesep=0.35, ranksep=0.5, '
             f'label={quote(f"{view.name}: {view.verdict}")}, labelloc=t, tooltip={quote(view.title)}];',
             '  node [fontname="Helvetica", fontsize=10, style=filled, penwidth=1.4, margin="0.12,0.06"];',
             '  edge [fontname="Helvetica", fontsize=9, color="#333333"];']
    lines += _cluster_lines(view, "", "  ")
    lines += _legend()
    for link in view.links:
        tail, head = (link.target, link.source) if link.kind in _REVERSED else (link.source, link.target)
        lines.append(f"  {quote(tail)} -> {quote(head)} [{_EDGES[link.kind]}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _cluster_lines(view, module: str, pad: str) -> list:
    """The nodes of one module, then each module inside it as a cluster (nested as the modules nest)."""
    lines = []
    for node in view.nodes:
        if node.module == module:
            lines += [pad + line for line in node_lines(node)]
    for mod in view.modules:
        if mod.parent == module:
            fill, border = COLOURS[MODULE_VERDICT[mod.verdict]]
            lines += [f"{pad}subgraph {quote('cluster_' + mod.id)} {{",
                      f"{pad}  graph [label={quote(f'module {mod.id}: {mod.title} ({mod.verdict})')}, "
                      f'style="rounded,dashed", color={quote(border)}, penwidth=1.6, id={quote("module-" + mod.id)}, '
                      f"tooltip={quote(f'{mod.path}: {mod.verdict}')}];"]
            lines += _cluster_lines(view, mod.id, pad + "  ")
            lines.append(f"{pad}}}")
    return lines


def node_lines(node) -> list:
    fill, border = COLOURS[node.verdict] if node.verdict else NEUTRAL
    classes = f"{node.kind} {node.verdict or 'context'}"
    attributes = [f"id={quote('node-' + node.id)}", f"class={quote(classes)}",
                  f"shape={SHAPES[node.kind]}", f"fillcolor={quote(fill)}", f"color={quote(border)}",
                  f"label=<{label(node)}>", f"tooltip={quote(tooltip(node))}"]
    if node.kind == "evidence":
        attributes.append("fixedsize=false")
    lines = [f"{quote(node.id)} [{', '.join(attributes)}];"]
    if node.undeveloped:  # GSN marks an undeveloped claim with a small diamond beneath it
        mark = quote(node.id + "/undeveloped")
        lines += [f'{mark} [shape=diamond, label="", width=0.25, height=0.25, fillcolor="#ffffff", '
                  f'color={quote(border)}, tooltip={quote(f"{node.name} is undeveloped: no strategy and no evidence")}];',
                  f"{quote(node.id)} -> {mark} [arrowhead=none];"]
    return lines


def label(node) -> str:
    """An HTML-like label: the name in bold, the title, the formula in a smaller font, the verdict word."""
    width = _WRAP[node.kind]
    parts = [f"<B>{_html(node.name)}</B>"]
    parts += [_html(line) for line in _shortened(textwrap.wrap(node.title, width), _TITLE_LINES.get(node.kind, 5))]
    if node.formula and node.kind != "evidence":  # a circle with a formula in it grows huge: the tooltip has it
        parts.append(f'<FONT POINT-SIZE="8" FACE="Courier">{"<BR/>".join(_formula_lines(node.formula))}</FONT>')
    if node.detail:
        parts.append(f'<FONT POINT-SIZE="8"><I>{"<BR/>".join(_html(l) for l in textwrap.wrap(node.detail, width)[:3])}</I></FONT>')
    if node.verdict:
        parts.append(f'<FONT POINT-SIZE="8"><I>{node.verdict}</I></FONT>')
    return "<BR/>".join(parts)


def _shortened(lines: list, most: int = 5) -> list:
    return lines if len(lines) <= most else lines[: most - 1] + [lines[most - 1] + " ..."]


def _formula_lines(formula: str) -> list:
    lines = []
    for source_line in formula.split("\n"):
        lines += textwrap.wrap(source_line, _FORMULA_WRAP, break_long_words=True) or [""]
    if len(lines) > _FORMULA_LINES:
        lines = lines[: _FORMULA_LINES - 1] + [lines[_FORMULA_LINES - 1][: _FORMULA_WRAP - 3] + "..."]
    return [_html(line) for line in lines]


def _legend() -> list:
    """One swatch per verdict, in a cluster of its own, the meaning of each as its tooltip."""
    lines = ['  subgraph "cluster_legend" {',
             '    graph [label="Legend", style="rounded", color="#999999", id="legend", tooltip="Legend"];']
    previous = None
    lines.append("    { rank=same;")
    for verdict in VERDICTS:
        fill, border = COLOURS[verdict]
        node = quote(f"legend/{verdict}")
        lines.append(f"    {node} [id={quote('legend-' + verdict)}, shape=box, fillcolor={quote(fill)}, "
                     f"color={quote(border)}, label={quote(verdict)}, tooltip={quote(MEANING[verdict])}];")
        if previous is not None:
            lines.append(f"    {previous} -> {node} [style=invis];")  # keeps the swatches in this order
        previous = node
    lines += ["    }", "  }"]
    return lines


def quote(text: str) -> str:
    """A DOT double-quoted string; a line break becomes DOT's own escape."""
    text = visible_text(text)  # a bidirectional override in a title would reorder the drawing's text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _html(text: str) -> str:
    """Text inside an HTML-like label, where &, <, > and quotes must be entities (controls shown as escapes)."""
    return html.escape(visible_text(text), quote=True)
