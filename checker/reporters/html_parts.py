"""Pieces of the HTML report: the page frame, the collapsible argument tree, counterexample tables, style, script."""
from __future__ import annotations

import html

from ..semantics.world import show_value
from .argument import KINDS, MEANING, VERDICTS
from .visible import visible_text

_TREE_LINKS = ("supported_by", "in_context_of", "requires")


def e(text) -> str:
    """Text from a case made safe in the page: markup escaped, and control and bidirectional characters
    shown as escapes (reporters/visible.py), so a title cannot read in the browser otherwise than it is."""
    return html.escape(visible_text(str(text)), quote=True)


def page(title: str, body: str, style: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="Warrant">\n<title>{e(title)}</title>\n'
            f"<style>\n{style}\n</style>\n</head>\n<body>\n{_nav()}\n<main>\n{body}\n</main>\n"
            f"<script>\n{SCRIPT}\n</script>\n</body>\n</html>\n")


def _nav() -> str:
    links = [("summary", "Summary"), ("argument", "Argument"), ("findings-", "Findings"),
             ("evidence-", "Evidence"), ("triggers-", "Change control"), ("source-", "Source")]
    return "<nav>" + " ".join(f'<a href="#{anchor}">{label}</a>' for anchor, label in links) + "</nav>"


# ---- the argument tree ------------------------------------------------------------------------------


def argument(view, anchors: dict) -> str:
    """The argument from its top claim down, one `<details>` per node with children; a node met again is a link."""
    children, has_parent = {}, set()
    for link in view.links:
        if link.kind in _TREE_LINKS:
            parent, child = link.source, link.target
        elif link.kind == "challenges":  # a defeater hangs under what it challenges
            parent, child = link.target, link.source
        else:
            continue
        children.setdefault(parent, []).append(child)
        has_parent.add(child)
    roots = [n.id for n in view.nodes if n.id not in has_parent]
    roots.sort(key=lambda node_id: view.node(node_id).kind != "claim")  # top claims first; stable otherwise
    tree = _Tree(view, children, anchors)
    items = [tree.item(root, "") for root in roots]
    controls = ('<p class="controls"><button type="button" id="expand-all">Expand all</button> '
                '<button type="button" id="collapse-all">Collapse all</button></p>')
    return (f'<section id="argument"><h2>Argument</h2>{controls}{_legend()}'
            f'<ul class="tree">{"".join(items)}</ul></section>')


class _Tree:
    def __init__(self, view, children: dict, anchors: dict):
        self.view, self.children, self.anchors = view, children, anchors
        self.shown: set = set()
        self.modules = {mod.id: mod for mod in view.modules}
        self.opened: set = set()  # modules whose wrapper already carries the module's id

    def item(self, node_id: str, parent_module: str) -> str:
        node = self.view.node(node_id)
        inner = self.reference(node) if node_id in self.shown else self.full(node)
        if node.module != parent_module and node.module in self.modules and node.kind != "module":
            inner = self.module_wrapper(node.module, inner)
        return f"<li>{inner}</li>"

    def reference(self, node) -> str:
        return (f'<div class="ref verdict-{e(node.verdict or "context")}">{e(node.kind)} '
                f'<a href="#node-{e(node.id)}">{e(node.name)}</a> (shown above)</div>')

    def full(self, node) -> str:
        self.shown.add(node.id)
        verdict = node.verdict or "context"
        attributes = (f'class="node kind-{e(node.kind)} verdict-{e(verdict)}" id="node-{e(node.id)}" '
                      f'data-node="{e(node.id)}" data-kind="{e(node.kind)}" data-verdict="{e(verdict)}"')
        head = (f'<span class="verdict-word">{e(verdict)}</span> <span class="kind">{e(node.kind)}</span> '
                f'<b class="name">{e(node.name)}</b> <span class="title">{e(node.title)}</span>')
        body = self.body(node)
        kids = self.children.get(node.id, [])
        if not kids:
            return f'<div {attributes}><div class="head">{head}</div>{body}</div>'
        items = "".join(self.item(kid, node.module) for kid in kids)
        return f'<details open {attributes}><summary>{head}</summary>{body}<ul>{items}</ul></details>'

    def body(self, node) -> str:
        lines = []
        if node.formula:
            lines.append(f'<pre class="formula">{e(node.formula)}</pre>')
        if node.detail:
            lines.append(f'<p class="detail">{e(node.detail)}</p>')
        if node.undeveloped:
            lines.append('<p class="undeveloped">undeveloped: no strategy and no evidence</p>')
        shown = [f for f in node.findings if f.severity.value != "I" or f.code != "L208"] or list(node.findings)
        if shown:
            links = "".join(f'<li><a href="#{e(self.anchors.get(id(f), ""))}" class="sev-{f.severity.value}">'
                            f"{e(f.code)}</a> {e(f.message)}</li>" for f in shown)
            lines.append(f'<ul class="about">{links}</ul>')
        return f'<div class="body">{"".join(lines)}</div>' if lines else ""

    def module_wrapper(self, module_id: str, inner: str) -> str:
        mod = self.modules[module_id]
        anchor = "" if module_id in self.opened else f' id="module-{e(module_id)}"'
        self.opened.add(module_id)
        return (f'<details open class="module verdict-{e(mod.verdict)}"{anchor} data-module="{e(module_id)}">'
                f'<summary><span class="kind">module</span> <b>{e(module_id)}</b> {e(mod.title)} '
                f'<span class="verdict-word">{e(mod.verdict)}</span> <a href="#case-{e(module_id)}">findings</a>'
                f"</summary><ul>{'<li>' + inner + '</li>'}</ul></details>")


def _legend() -> str:
    swatches = "".join(f'<li class="verdict-{v}"><span class="swatch"></span>{e(MEANING[v])}</li>' for v in VERDICTS)
    kinds = ", ".join(KINDS)
    return f'<div class="legend"><ul>{swatches}</ul><p>Node kinds: {e(kinds)}.</p></div>'


# ---- counterexamples ---------------------------------------------------------------------------------


def world_table(world, intro: str | None = None, highlighted=frozenset()) -> str:
    """A counterexample as a table: the deployment (and the previous one, for a change), then the measures.

    Rows whose `name = value` line is in `highlighted` (the failing part) are marked.
    """
    changed = bool(world.old)
    head = "<tr><th>name</th>" + ("<th>before</th><th>after</th>" if changed else "<th>value</th>") + "</tr>"
    rows = []
    for name in sorted(set(world.context) | set(world.old)):
        values = ([world.old.get(name), world.context.get(name)] if changed else [world.context.get(name)])
        cells = "".join(f"<td>{e(show_value(v)) if v is not None else '—'}</td>" for v in values)
        mark = " failing-part" if f"{name} = {show_value(world.context.get(name))}" in highlighted else ""
        rows.append(f'<tr class="context{mark}"><td><code>{e(name)}</code></td>{cells}</tr>')
    for (name, args), value in sorted(world.measures.items()):
        call = f"{name}({', '.join(args)})" if args else name
        span = ' colspan="2"' if changed else ""
        mark = " failing-part" if f"{call} = {show_value(value)}" in highlighted else ""
        rows.append(f'<tr class="measure{mark}"><td><code>{e(call)}</code></td><td{span}>{e(show_value(value))}</td></tr>')
    note = "" if world.exact else "<p>Some values are irrational; they are shown rounded to 12 places.</p>"
    caption = e(intro.rstrip(":")) if intro else "Counterexample"
    return (f'<table class="world"><caption>{caption}</caption>'
            f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>{note}")


# ---- style and script ---------------------------------------------------------------------------------

STYLE = """
:root { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1a1a1a; }
body { margin: 0; line-height: 1.45; }
nav { position: sticky; top: 0; background: #fafafa; border-bottom: 1px solid #ddd; padding: .4em 1.5em; z-index: 2; }
nav a { margin-right: 1em; }
main { padding: 0 1.5em 3em; max-width: 80em; }
h1 { margin: .6em 0 .2em; font-size: 1.6em; }
h2 { font-size: 1.25em; margin: 1.4em 0 .5em; border-bottom: 1px solid #ddd; display: inline-block; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .9em; }
.banner { font-size: 1.2em; padding: .6em 1em; border-left: 8px solid var(--edge); background: var(--fill); }
.facts dt { font-weight: bold; margin-top: .6em; }
.facts dd { margin-left: 1.5em; }
.flag, li.bad, tr.bad td:first-child { color: #b00020; font-weight: bold; }
.tree, .tree ul { list-style: none; padding-left: 1.4em; margin: 0; }
.tree { padding-left: 0; }
.node { border-left: 6px solid var(--edge); background: var(--fill); margin: .3em 0; padding: .25em .6em;
        border-radius: 3px; }
.node > summary, .node > .head { cursor: pointer; }
.node > .head { cursor: default; }
.verdict-context { --fill: #ffffff; --edge: #444444; }
.node.verdict-context { border: 1px solid #444; border-left-width: 6px; }
.verdict-word { font-size: .75em; text-transform: uppercase; letter-spacing: .05em; border: 1px solid var(--edge);
                background: var(--fill); padding: 0 .35em; border-radius: 3px; }
.node .verdict-word { background: #fff; }
.kind { font-size: .8em; color: #555; }
.body { margin: .2em 0 .2em 1.2em; }
.formula { margin: .2em 0; white-space: pre-wrap; }
.detail, .undeveloped { margin: .2em 0; font-style: italic; }
.about { margin: .2em 0; padding-left: 1.2em; }
.module { border: 2px dashed var(--edge); padding: .3em .6em; margin: .4em 0; border-radius: 6px; }
.ref { margin: .2em 0; color: #444; font-size: .9em; }
.legend ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4em 1.2em; }
.legend li { font-size: .85em; }
.swatch { display: inline-block; width: 1em; height: 1em; margin-right: .35em; vertical-align: -.15em;
          background: var(--fill); border: 2px solid var(--edge); }
.finding { border-left: 5px solid #999; padding: .2em .9em; margin: .8em 0; background: #fcfcfc; }
.finding.severity-error { border-color: #b00020; }
.finding.severity-warning { border-color: #c05800; }
.finding h3 { font-size: 1em; margin: .3em 0; }
.finding .code { font-family: ui-monospace, monospace; }
.finding .severity { font-size: .8em; text-transform: uppercase; color: #555; }
.sev-E { color: #b00020; } .sev-W { color: #c05800; } .sev-I { color: #555; }
.scroll { overflow-x: auto; }
table.evidence td:nth-child(5), table.evidence td:nth-child(6) { white-space: nowrap; }
table { border-collapse: collapse; margin: .4em 0; }
th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; font-size: .9em; }
caption { text-align: left; font-size: .85em; color: #555; }
pre.failing-part { background: #fbe3e3; padding: .3em .6em; display: inline-block; margin: .3em 0; }
tr.failing-part td { background: #fbe3e3; font-weight: bold; }
pre.source { background: #f6f6f6; padding: .5em 0; overflow-x: auto; }
pre.source .line { display: block; padding-right: 1em; }
pre.source .line.flagged { background: #fbe3e3; }
pre.source .line:target { background: #fff3b0; outline: 1px solid #c9a400; }
pre.source .ln { display: inline-block; width: 3.5em; padding-right: .8em; text-align: right; color: #888;
                 text-decoration: none; user-select: none; }
.required-case > details > summary h2 { display: inline; }
@media print { nav, .controls { display: none; } }
"""

SCRIPT = """
(function () {
  function setAll(open) {
    document.querySelectorAll('#argument details').forEach(function (d) { d.open = open; });
  }
  document.getElementById('expand-all').addEventListener('click', function () { setAll(true); });
  document.getElementById('collapse-all').addEventListener('click', function () { setAll(false); });
  // Following a link into a collapsed part of the tree opens the way to it.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    for (var p = target.parentElement; p; p = p.parentElement) {
      if (p.tagName === 'DETAILS') { p.open = true; }
    }
    target.scrollIntoView();
  }
  window.addEventListener('hashchange', reveal);
  reveal();
})();
"""
