"""The argument as the drawing formats see it: GSN nodes with a verdict each, the links between them, and modules.

Graphs (dot, mermaid, svg) and the HTML report draw from one `View`, built here
from a checked report: the case's model gives the nodes and links, the
findings' data (template fields, conflicting sets, spans) says which nodes they
are about, and a node's verdict follows from its findings and from what it rests
on. No message is parsed.

Verdicts, worst first:

- failing: an error finding is about the node itself (its step does not follow,
  its evidence is expired, it is unsupported, ...);
- unknown: the solver could not decide something about the node (X001);
- undermined: the node is sound by itself but rests on a failing or unknown
  node, or an open defeater stands against it;
- informal: nothing about the node was proved, because it (or what it rests
  on) has no formula, or it is a defeater answered by a reason rather than by
  evidence;
- proved: formal, and every check on it passed (for a claim or strategy, its
  step was proved; for an assumption or evidence item, nothing was found wrong).

Modules group nodes by a dotted prefix: the nodes of a required case are named
`CASE.NAME` and belong to module `CASE`. The same prefix rule will group the
nodes of an instantiated pattern (`cyber.G1`) once the language has them:
`module_of` is the one place that reads a prefix.
"""
from __future__ import annotations

import attrs

from ..findings.report import is_error
from ..findings.rules import Outcome
from ..semantics import model as m
from ..semantics.formula_text import formula_text

VERDICTS = ("proved", "failing", "undermined", "unknown", "informal")
_WORST_FIRST = ("failing", "unknown", "undermined", "informal", "proved")

MEANING = {
    "proved": "proved: formal, and every check on it passed",
    "failing": "failing: an error finding is about this node",
    "undermined": "undermined: rests on a failing or undecided node, or an open defeater stands against it",
    "unknown": "unknown: the solver could not decide a question about this node",
    "informal": "informal: not proved, for it or what it rests on has no formula",
}

# Colours of the verdicts, shared by every format: (fill, border). Readable in print and by
# readers who do not tell red from green, since the word is always shown too.
COLOURS = {
    "proved": ("#d4edda", "#1e7b34"),
    "failing": ("#f8d0d0", "#b00020"),
    "undermined": ("#fde8c8", "#c05800"),
    "unknown": ("#e0d7f5", "#5b3b99"),
    "informal": ("#eeeeee", "#6b6b6b"),
}
NEUTRAL = ("#ffffff", "#444444")  # context nodes, which carry no verdict of their own

# GSN element kinds, in the order the legend and the report list them.
KINDS = ("claim", "strategy", "evidence", "assumption", "context", "defeater", "module")

# Template fields that name argument nodes. A finding is about the nodes its culprit fields
# name; it is shown with every node it names.
_NODE_FIELDS = ("name", "claim", "strategy", "evidence", "defeater", "premise", "target", "node")
_CULPRITS = {
    # A step that does not follow is the strategy's fault; the claim above is undermined by it.
    "L201": ("strategy",),
    "L207": ("strategy",),
    # An open defeater is the defeater's fault; its target stands undermined.
    "G202": ("defeater",),
}
_DEFAULT_CULPRITS = ("name", "claim", "strategy", "evidence", "defeater", "node")
_UNDERMINES = {"G202": ("target",)}
# Findings about the accept block that list argument nodes only as the reasons it fails.
_ABOUT_NO_NODE = frozenset({"L216"})


@attrs.frozen
class Node:
    """One drawn node. `id` is unique in the view (qualified by its module); `name` is as its case writes it."""

    id: str
    name: str
    kind: str  # one of KINDS
    title: str
    formula: str | None
    verdict: str | None  # one of VERDICTS; None for a context node with nothing wrong
    module: str  # "" for the case itself, else the module id
    undeveloped: bool = False
    findings: tuple = ()  # the findings about it, errors first
    span: object = None
    detail: str = ""  # what else a reader wants on the node: a defeater's status, a claim's scope


@attrs.frozen
class Link:
    """`kind` is supported_by, in_context_of, challenges, rebuts or requires."""

    source: str
    target: str
    kind: str


@attrs.frozen
class Module:
    """A group of nodes drawn as one collapsible unit: a required case (later, a pattern instance)."""

    id: str
    title: str
    verdict: str
    path: str
    parent: str  # "" at the top
    report: object = attrs.field(default=None, eq=False, repr=False)  # the module's own checked report


@attrs.frozen
class View:
    name: str
    title: str
    verdict: str  # the report's verdict: holds, fails, unreadable, unknown
    nodes: tuple
    links: tuple
    modules: tuple

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)


def module_of(node_id: str) -> str:
    """The module a qualified id belongs to: everything before its last dot ("" for none)."""
    return node_id.rpartition(".")[0]


def qualified(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


# ---- building the view --------------------------------------------------------------------------


def build_view(report) -> View:
    """The view of one checked report, with each required case as a module below it."""
    case = report.case
    if case is None:  # an unreadable file has no argument to draw; its findings say why
        return View(_stem(report.path), report.path, report.verdict, (), (), ())
    nodes, links, modules = [], [], []
    _add_case(report, "", nodes, links, modules, taken=set())
    modules += _prefix_modules(nodes, modules)
    return View(case.name if case else "case", case.title if case else report.path, report.verdict,
                tuple(nodes), tuple(links), tuple(modules))


def _add_case(report, prefix: str, nodes: list, links: list, modules: list, taken: set) -> list:
    """Add one case's nodes and links (ids under `prefix`); returns the ids of its top claims."""
    from ..semantics.graph import argument_graph, support_graph, top_claims  # networkx: only when drawing

    case = report.case
    top_names = top_claims(case, support_graph(argument_graph(case)))
    # A case stands only if the cases it requires hold: its top claims rest on them.
    failed_requirement = any(required.verdict != "holds" for _, required in report.required)
    verdicts = node_verdicts(case, report.findings, attacked=top_names if failed_requirement else ())
    about = findings_by_node(case, report.findings)
    for kind, table in _TABLES:
        for item in getattr(case, table).values():
            nodes.append(_node(case, kind, item, prefix, verdicts[item.name], about.get(item.name, ())))
    links.extend(_links(case, prefix))
    tops = [qualified(prefix, name) for name in top_names]
    _add_boundary(case, report.findings, prefix, tops, nodes, links)
    taken.update(node.id for node in nodes)  # a module is never named like a node it would stand beside
    for target, required in report.required:
        sub = _module_id(prefix, required, target, taken)
        modules.append(Module(sub, _module_title(required, target), required.verdict, required.path, prefix,
                              required))
        entries = _add_module(required, sub, nodes, links, modules, taken)
        links.extend(Link(top, entry, "requires") for top in tops for entry in entries)
    return tops


def _prefix_modules(nodes: list, modules: list) -> list:
    """A module for each dotted prefix that is no required case (the instances of a pattern, once the language
    has them): named by the prefix, inside the module its own prefix names, judged by its worst node."""
    known = {mod.id for mod in modules} | {""}
    found: dict = {}
    for node in nodes:
        prefix = node.module
        while prefix not in known and prefix not in found:
            found[prefix] = []
            prefix = module_of(prefix)
    for node in nodes:
        for prefix in found:
            if node.module == prefix or node.module.startswith(prefix + "."):
                found[prefix].append(node.verdict)
    outcome = {"failing": "fails", "unknown": "unknown", "undermined": "fails"}
    return [Module(prefix, prefix.rpartition(".")[2], outcome.get(worst(verdicts), "holds"), "", module_of(prefix))
            for prefix, verdicts in found.items()]


def _add_module(report, module_id: str, nodes, links, modules, taken) -> list:
    if report.case is None:  # unreadable: the module is one node standing for the whole file
        nodes.append(Node(module_id, module_id.rpartition(".")[2], "module", report.path, None, "failing",
                          module_id, findings=report.findings))
        return [module_id]
    return _add_case(report, module_id, nodes, links, modules, taken)


def _module_id(prefix: str, report, target: str, taken: set) -> str:
    base = report.case.name if report.case is not None else _stem(target)
    candidate, n = qualified(prefix, base), 2
    while candidate in taken:
        candidate, n = qualified(prefix, f"{base}_{n}"), n + 1
    taken.add(candidate)
    return candidate


def _stem(path: str) -> str:
    name = path.replace("\\", "/").rpartition("/")[2]
    stem = name[:-5] if name.endswith(".case") else name
    return "".join(c if c.isalnum() or c == "_" else "_" for c in stem) or "required"


def _module_title(report, target: str) -> str:
    """The required case's title, or its path when it cannot be read (every drawing adds the verdict)."""
    return report.case.title if report.case is not None else target


_TABLES = (("claim", "claims"), ("strategy", "strategies"), ("assumption", "assumptions"),
           ("evidence", "evidence"), ("defeater", "defeaters"))


def _node(case: m.Case, kind: str, item, prefix: str, verdict: str, findings) -> Node:
    formula, detail = None, ""
    if kind in ("claim", "assumption") and item.formula is not None:
        formula = formula_text(item.formula)
    if kind == "claim" and item.within is not None:
        detail = f"within {formula_text(item.within)}"
    if kind == "evidence" and item.shows:
        formula = " and ".join(formula_text(f) for f in item.shows)
    if kind == "defeater":
        detail = defeater_status(item)
    undeveloped = kind == "claim" and not item.strategies and not item.evidence
    node_id = qualified(prefix, item.name)
    # A dotted name (an instance's node, `cyber.G1`) belongs to the module its prefix names.
    return Node(node_id, item.name, kind, item.title, formula, verdict,
                module_of(node_id), undeveloped, tuple(findings), item.span, detail)


def defeater_status(defeater: m.Defeater) -> str:
    if defeater.status == "rebutted":
        return "rebutted by " + ", ".join(ref.text for ref in defeater.rebutted_by)
    if defeater.status == "accepted":
        return f"accepted: {defeater.reason or ''}".rstrip(": ")
    return "open"


def _links(case: m.Case, prefix: str) -> list:
    q = lambda name: qualified(prefix, name)  # noqa: E731
    links = []
    for claim in case.claims.values():
        links += [Link(q(claim.name), q(ref.text), "supported_by") for ref in (*claim.strategies, *claim.evidence)]
    for strategy in case.strategies.values():
        links += [Link(q(strategy.name), q(ref.text), "supported_by") for ref in strategy.premises]
        links += [Link(q(strategy.name), q(ref.text), "in_context_of") for ref in strategy.given]
    for defeater in case.defeaters.values():
        links += [Link(q(defeater.name), q(ref.text), "challenges") for ref in defeater.against]
        links += [Link(q(ref.text), q(defeater.name), "rebuts") for ref in defeater.rebutted_by]
    return links


def _add_boundary(case: m.Case, findings, prefix: str, tops: list, nodes: list, links: list) -> None:
    """The boundary is the context every claim is made in: one context node beside the top claims."""
    if case.boundary is None:
        return
    text = "\n".join(formula_text(f) for f in case.boundary) or "true"
    empty = [f for f in findings if f.code == "L209"]
    node_id = qualified(prefix, "boundary")  # `boundary` is a keyword, so no node of the case has this name
    nodes.append(Node(node_id, "boundary", "context", "the deployments the case covers", text,
                      "failing" if empty else None, prefix, findings=tuple(empty)))
    links.extend(Link(top, node_id, "in_context_of") for top in tops)


# ---- which findings are about which node ----------------------------------------------------------


def findings_by_node(case: m.Case, findings) -> dict:
    """Node name -> the findings that name it (or stand inside it), errors first, then in report order."""
    about: dict = {}
    for f in findings:
        for name in _named(case, f, _NODE_FIELDS) or _enclosing(case, f):
            about.setdefault(name, []).append(f)
    rank = {"E": 0, "W": 1, "I": 2}
    return {name: tuple(sorted(fs, key=lambda f: rank[f.severity.value])) for name, fs in about.items()}


def _named(case: m.Case, f, fields) -> list:
    names = [value for key, value in f.fields if key in fields and isinstance(value, str)]
    names += list(f.members)
    return [name for name in dict.fromkeys(names) if case.node(name) is not None]


def _enclosing(case: m.Case, f) -> list:
    """The innermost node whose declaration holds the finding's position (for findings that name no node)."""
    span = f.span
    if span is None or span.path != case.path:
        return []
    best = None
    for s, name in _spans_by_line(case).get(span.line, ()):
        if (s.line, s.column) <= (span.line, span.column) <= (s.end_line, s.end_column):
            size = (s.end_line - s.line, s.end_column - s.column)
            if best is None or size < best[0]:
                best = (size, name)
    return [best[1]] if best else []


_BY_LINE: dict = {}  # id(case) -> (case, its index): the case is kept, so its id is not reused meanwhile


def _spans_by_line(case: m.Case) -> dict:
    """Line -> (span, name) of each node whose declaration covers that line, in table order. Built once
    per case: scanning every node for every finding was quadratic (a 3000-claim chain drew in 36 s)."""
    kept = _BY_LINE.get(id(case))
    if kept is not None and kept[0] is case:
        return kept[1]
    index: dict = {}
    for kind, table in _TABLES:
        for item in getattr(case, table).values():
            s = item.span
            if s is not None:
                for line in range(s.line, s.end_line + 1):
                    index.setdefault(line, []).append((s, item.name))
    if len(_BY_LINE) >= 8:
        _BY_LINE.clear()
    _BY_LINE[id(case)] = (case, index)
    return index


# ---- verdicts ------------------------------------------------------------------------------------


def node_verdicts(case: m.Case, findings, attacked=()) -> dict:
    """Node name -> verdict, for every argument node of the case; `attacked` nodes stand undermined at least."""
    own = {name: _own(case, name) for kind, table in _TABLES for name in getattr(case, table)}
    attacked = set(attacked)
    for f in findings:
        if f.code in _ABOUT_NO_NODE:
            continue
        if f.code == "L217" and f.field("defeater") in case.defeaters:
            # a rebuttal that rules nothing out leaves the defeater standing against its targets
            attacked.update(ref.text for ref in case.defeaters[f.field("defeater")].against)
        culprits = _named(case, f, _CULPRITS.get(f.code, _DEFAULT_CULPRITS)) or (
            [] if _named(case, f, _NODE_FIELDS) else _enclosing(case, f))
        for name in culprits:
            if is_error(f):
                own[name] = "failing"
            elif f.rule.outcome is Outcome.UNKNOWN and own[name] != "failing":
                own[name] = "unknown"
            elif f.code == "L208" and own[name] == "proved":
                own[name] = "informal"
        if is_error(f):
            attacked.update(_named(case, f, _UNDERMINES.get(f.code, ())))
    from ..semantics.graph import argument_graph, support_graph

    support = support_graph(argument_graph(case))
    verdicts: dict = {}
    for name in own:
        _propagate(name, own, support, attacked, verdicts, set())
    return verdicts


def _own(case: m.Case, name: str) -> str:
    """A node's verdict before any finding: informal when it has nothing formal to check."""
    node = case.node(name)
    if isinstance(node, (m.Claim, m.Assumption)):
        return "proved" if node.formula is not None else "informal"
    if isinstance(node, m.Evidence):
        return "proved" if node.shows else "informal"
    if isinstance(node, m.Defeater):
        return "proved" if node.status == "rebutted" else "informal"
    return "proved"


def _propagate(name: str, own: dict, support, attacked: set, verdicts: dict, visiting: set) -> str:
    """A node's verdict: its own, made worse by what it rests on (cycles are cut where they close)."""
    if name in verdicts:
        return verdicts[name]
    visiting.add(name)
    verdict = own[name]
    below = [_propagate(child, own, support, attacked, verdicts, visiting)
             for child in support.successors(name) if child not in visiting and child in own]
    visiting.discard(name)
    if verdict not in ("failing", "unknown"):
        if name in attacked or any(v in ("failing", "unknown", "undermined") for v in below):
            verdict = "undermined"
        elif verdict == "proved" and "informal" in below:
            verdict = "informal"
    verdicts[name] = verdict
    return verdict


def worst(verdicts) -> str | None:
    """The worst of several verdicts (None when there are none)."""
    present = set(verdicts)
    return next((v for v in _WORST_FIRST if v in present), None)


# ---- text shown with a node -------------------------------------------------------------------------


def tooltip(node: Node, limit: int = 40) -> str:
    """What hovering over a node shows: what it is, its verdict, and each finding with its counterexample."""
    lines = [f"{node.kind} {node.name}: {node.title}"]
    if node.formula:
        lines.append(node.formula)
    if node.detail:
        lines.append(node.detail)
    lines.append(f"verdict: {node.verdict}" if node.verdict else "context (no verdict)")
    for f in node.findings:
        lines.append(f"{f.code} [{f.severity.name.lower()}] {f.message}")
        lines.extend(f"  {detail}" for detail in f.details)
    if len(lines) > limit:
        lines = lines[: limit - 1] + [f"... {len(lines) - limit + 1} more lines (warrant check shows them all)"]
    return "\n".join(lines)


# ---- collapsing modules ------------------------------------------------------------------------------

MODULE_VERDICT = {"holds": "proved", "fails": "failing", "unreadable": "failing", "unknown": "unknown"}


def collapsed(view: View, names) -> View:
    """The view with each named module (or every one, for "all") drawn as a single GSN module node.

    Links into or out of a collapsed module attach to its node; links inside it vanish.
    Unknown names are the caller's to report (see `unknown_modules`).
    """
    chosen = {mod.id for mod in view.modules} if "all" in names else set(names)
    # A module inside a collapsed one disappears with it: only the outermost collapsed module stands.
    outer = {mod.id for mod in view.modules if mod.id in chosen and not _inside_any(mod.id, chosen)}
    if not outer:
        return view

    def stand_in(node_id: str) -> str:
        return next((mod for mod in outer if node_id == mod or node_id.startswith(mod + ".")), node_id)

    nodes = [n for n in view.nodes if stand_in(n.id) == n.id]
    for mod in view.modules:
        if mod.id in outer:
            nodes.append(Node(mod.id, mod.id.rpartition(".")[2], "module", mod.title, None,
                              MODULE_VERDICT[mod.verdict], mod.parent, detail=f"{_file_name(mod.path)}: {mod.verdict}"))
    links = []
    for link in view.links:
        moved = Link(stand_in(link.source), stand_in(link.target), link.kind)
        if moved.source != moved.target and moved not in links:
            links.append(moved)
    modules = [mod for mod in view.modules if stand_in(mod.id) == mod.id and mod.id not in outer]
    return attrs.evolve(view, nodes=tuple(nodes), links=tuple(links), modules=tuple(modules))


def _inside_any(module_id: str, chosen: set) -> bool:
    return any(module_id.startswith(other + ".") for other in chosen if other != module_id)


def unknown_modules(view: View, names) -> list:
    known = {mod.id for mod in view.modules}
    return [name for name in names if name != "all" and name not in known]


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rpartition("/")[2]
