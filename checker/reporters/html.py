"""HTML: one self-contained report page for reviewers: verdict, argument tree, findings, evidence, triggers, source.

`warrant report CASE -o report.html` writes it. The page loads nothing from
anywhere (styles and the few lines of script are inline) and works from disk.
The argument is a tree of `<details>` elements, one per node, so it collapses
without script; every finding links to its source line (the case text is
embedded with an anchor per line) and to the nodes it is about, and shows its
counterexample or conflicting set as data. Required cases follow as modules.
The page is for reviewers inside the organisation: unlike `export --public`
it withholds nothing.
"""
from __future__ import annotations

from ..findings.report import is_error
from ..findings.rules import Outcome, Severity
from ..semantics.formula_text import formula_text, number_literal
from . import html_parts as parts
from .html_parts import e
from .argument import COLOURS, VERDICTS, build_view
from .margins import margins
from .visible import source_lines

FORMAT = "html"
DESCRIPTION = "one self-contained HTML page: verdict, collapsible argument tree, findings, evidence, triggers, source"
COMMANDS = ("report",)
NEEDS_MODEL = True  # it draws the argument from the resolved model and the required reports


def render(reports, exit_code: int = 0) -> str:
    """The report page of the first report (`warrant report` passes exactly one)."""
    return document(reports[0])


def document(report) -> str:
    view = build_view(report)
    # A module with a report of its own is a required case; a pattern instance's findings are the case's.
    required = [mod for mod in view.modules if mod.report is not None]
    cases = [("", report)] + [(mod.id + ".", mod.report) for mod in required]
    anchors = _finding_anchors(cases)
    body = [_header(report, view), parts.argument(view, anchors)]
    body.append(_case_sections(report, "", view, anchors))
    for mod in required:
        body.append(_module_section(mod, view, anchors))
    title = report.case.title if report.case else report.path
    return parts.page(f"Warrant report: {title}", "\n".join(body), _style())


def _finding_anchors(cases) -> dict:
    """id(finding) -> its anchor, for every finding of the case and of each module."""
    return {id(f): f"finding-{prefix}{index}" for prefix, report in cases
            for index, f in enumerate(report.findings, start=1)}


# ---- the top: verdict, decision, acceptance, residual risk -------------------------------------


def _header(report, view) -> str:
    case = report.case
    heading = (case.title if case.title.strip() else "Untitled case") if case else report.path
    lines = ['<header id="summary">', f"<h1>{e(heading)}</h1>"]
    if case is not None:
        lines.append(f'<p class="case-id">case <code>{e(case.name)}</code>, version {e(case.version or "(none)")}, '
                     f'by {e(case.author or "(no author)")}; file <code>{e(report.path)}</code></p>')
    lines.append(f'<p id="verdict" class="banner verdict-{e(report.verdict)}" data-verdict="{e(report.verdict)}">'
                 f"The case <strong>{e(report.verdict)}</strong>: {e(_counts(report))}</p>")
    if case is not None:
        lines.append('<dl class="facts">')
        lines += _decision(report) + _acceptance(report) + _residual(report) + _requirements(view)
        lines.append("</dl>")
    lines.append("</header>")
    return "\n".join(lines)


def _counts(report) -> str:
    words = []
    for severity, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info")):
        count = report.count(severity)
        words.append(f"{count} {word}{'s' if count != 1 and word != 'info' else ''}")
    s = report.summary
    proved = f"{s.proved_steps} of {s.steps} steps proved" if s.steps else "no steps to prove"
    shape = f"; {s.formal_claims}/{s.claims} claims formal, {proved}" if s.claims else ""
    return ", ".join(words) + shape


def _decision(report) -> list:
    d = report.case.decision
    if d is None:
        return ["<dt>Decision</dt><dd>No decision recorded.</dd>"]
    expires = f", expires {d.expires.isoformat()}" if d.expires else ""
    text = f"<code>{e(d.kind)}</code> by {e(d.authority)} on {d.on.isoformat()}{expires}"
    flagged = [f for f in report.findings if f.code in ("L210", "G207")]
    warning = "".join(f' <span class="flag">{e(f.code)}: {e(f.message)}</span>' for f in flagged)
    return [f'<dt>Decision</dt><dd id="decision">{text}{warning}</dd>']


def _acceptance(report) -> list:
    accept = report.case.accept
    if accept is None:
        return ["<dt>Acceptance criterion</dt><dd>None stated (G206).</dd>"]
    items = [f"<li>require <code>{e(formula_text(f))}</code></li>" for f in accept.requires]
    items.append(f"<li>for {e(', '.join(accept.stakeholders) or '(no stakeholders)')}</li>")
    items.append(f"<li>authority {e(accept.authority or '(none)')}</li>")
    if accept.margin is not None:
        items.append(f"<li>margin {number_literal(accept.margin)}</li>")
    return [f'<dt>Acceptance criterion</dt><dd id="acceptance"><span class="status">{e(_criterion_status(report))}'
            f"</span><ul>{''.join(items)}</ul></dd>"]


def _criterion_status(report) -> str:
    codes = {f.code for f in report.findings}
    accept = report.case.accept
    inside = [f for f in report.findings if f.rule.outcome is Outcome.UNKNOWN and f.span and accept.span
              and accept.span.line <= f.span.line <= accept.span.end_line]
    if "L212" in codes:
        return "not met at the worst case of the evidence (L212)"
    if "L216" in codes:
        return "not met: it rests on claims or assumptions the argument does not establish (L216)"
    if inside:
        return "undecided: the solver could not tell (X001)"
    if not accept.requires:
        return "no requirement stated"
    if codes & {"L209", "L203", "L214", "E303"}:
        return "not judged: the argument cannot hold together (see the findings)"
    return "met at the worst case of the evidence, from what the argument establishes (no L212, no L216)"


def _residual(report) -> list:
    """What the case leaves standing: risks accepted by reason, steps not proved, open doubts."""
    case, s = report.case, report.summary
    items = [f'<li>accepted: <a href="#node-{e(d.name)}">{e(d.name)}</a> {e(d.title)}: <em>{e(d.reason or "")}</em>; '
             f'owner: {e(d.owner) if (d.owner or "").strip() else "none named"}</li>'
             for d in case.defeaters.values() if d.status == "accepted"]
    open_ = [d for d in case.defeaters.values() if d.status == "open"]
    items += [f'<li class="bad">open: <a href="#node-{e(d.name)}">{e(d.name)}</a> {e(d.title)}</li>' for d in open_]
    informal = s.steps - s.formal_steps
    if informal:
        items.append(f"<li>{informal} of {s.steps} steps are informal: argued, not proved</li>")
    unproved = s.formal_steps - s.proved_steps
    if unproved:
        items.append(f'<li class="bad">{unproved} formal step{"s" if unproved != 1 else ""} not proved</li>')
    if not items:
        items.append("<li>None named: no defeater is accepted by reason and every step is proved.</li>")
    return [f'<dt>Residual risk</dt><dd id="residual"><ul>{"".join(items)}</ul></dd>']


def _requirements(view) -> list:
    mods = [m for m in view.modules if not m.parent]
    if not mods:
        return []
    items = "".join(f'<li><a href="#case-{e(m.id)}">{e(m.id)}</a>: {e(m.title)} '
                    f'<span class="verdict-word verdict-{e(m.verdict)}">{e(m.verdict)}</span></li>' for m in mods)
    return [f"<dt>Required cases</dt><dd><ul>{items}</ul></dd>"]


# ---- per case: findings, evidence register, triggers, source ---------------------------------------


def _case_sections(report, prefix: str, view, anchors: dict) -> str:
    return "\n".join([_findings(report, prefix, view, anchors), _evidence(report, prefix),
                      _triggers(report, prefix), _source(report, prefix)])


def _module_section(mod, view, anchors) -> str:
    report, prefix = mod.report, mod.id + "."
    return (f'<section class="required-case" id="case-{e(mod.id)}"><details open><summary><h2>Required case '
            f'<code>{e(mod.id)}</code>: {e(mod.title)} <span class="verdict-word verdict-{e(mod.verdict)}">'
            f'{e(mod.verdict)}</span></h2></summary><p>{e(report.path)}: {e(_counts(report))}</p>'
            f"{_case_sections(report, prefix, view, anchors)}</details></section>")


def _findings(report, prefix: str, view, anchors: dict) -> str:
    about = {}
    for node in view.nodes:
        for f in node.findings:
            about.setdefault(id(f), []).append(node.id)
    items = [_finding(f, report, prefix, anchors[id(f)], about.get(id(f), [])) for f in report.findings]
    body = "\n".join(items) if items else "<p>No findings.</p>"
    return f'<section class="findings" id="findings-{e(prefix)}"><h2>Findings</h2>\n{body}\n</section>'


def _finding(f, report, prefix: str, anchor: str, nodes: list) -> str:
    severity = f.severity.name.lower()
    lines = [f'<article class="finding severity-{severity}" id="{e(anchor)}" data-code="{e(f.code)}">',
             f'<h3><span class="code">{e(f.code)}</span> <span class="severity">{severity}</span> {e(f.message)}</h3>']
    where = _place(f.span, report, prefix)
    if nodes:
        where += " about " + ", ".join(f'<a href="#node-{e(n)}">{e(n)}</a>' for n in nodes)
    lines.append(f'<p class="where">{where}</p>')
    if f.world is not None:
        lead, intro = _lead(f.details)
        if lead:
            lines.append(f'<pre class="failing-part">{e(chr(10).join(lead))}</pre>')
        lines.append(parts.world_table(f.world, intro, highlighted={line.strip() for line in lead}))
    if f.members:
        members = "".join(f'<li><a href="#node-{e(prefix + name)}">{e(name)}</a></li>' for name in f.members)
        lines.append(f'<div class="conflict"><p>Minimal conflicting set:</p><ul>{members}</ul></div>')
    if f.details:
        detail_text = e("\n".join(f.details))
        if f.world is not None or f.members:
            lines.append(f'<details class="as-text"><summary>as text</summary><pre>{detail_text}</pre></details>')
        else:
            lines.append(f"<pre>{detail_text}</pre>")
    if f.related:
        notes = "".join(f"<li>{_place(r.span, report, prefix)}: {e(r.note)}</li>" for r in f.related)
        lines.append(f'<ul class="related">{notes}</ul>')
    if f.help:
        lines.append(f'<p class="help">help: {e(f.help)}</p>')
    lines.append("</article>")
    return "\n".join(lines)


def _lead(details) -> tuple:
    """Detail lines before a shown world (the failing part of the claim, say), and the line that introduces it.

    Worlds are shown (checks/context.py `counterexample`) as one unindented line followed by
    indented `name = value` lines, after whatever leads up to them.
    """
    unindented = [index for index, line in enumerate(details) if not line.startswith(" ")]
    if not unindented:
        return (), None
    last = unindented[-1]
    return tuple(details[:last]), details[last]


def _place(span, report, prefix: str) -> str:
    """A location as a link to the embedded source line, when it is in this case's file."""
    if span is None:
        return e(report.path)
    label = e(span.label())
    if span.path == report.path:
        return f'<a class="source-link" href="#src-{e(prefix)}L{span.line}">{label}</a>'
    return label


_REGISTER = ("Evidence", "Title", "Kind", "Model build", "Date", "Expires", "Findings", "Margin", "Setting",
             "Shows", "Source", "Access")


def _evidence(report, prefix: str) -> str:
    case = report.case
    if case is None or not case.evidence:
        return f'<section class="register" id="evidence-{e(prefix)}"><h2>Evidence register</h2><p>No evidence.</p></section>'
    head = "".join(f"<th>{name}</th>" for name in _REGISTER)
    rows = [_evidence_row(report, prefix, evidence) for evidence in case.evidence.values()]
    return (f'<section class="register" id="evidence-{e(prefix)}"><h2>Evidence register</h2>'
            f'<div class="scroll"><table class="evidence"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
            f"</table></div></section>")


def _evidence_row(report, prefix: str, evidence) -> str:
    flagged = [f for f in report.findings if f.field("evidence") == evidence.name and f.severity is not Severity.INFO]
    findings = ", ".join(f'<a href="#{e(_anchor(report, prefix, f))}" class="sev-{f.severity.value}">{e(f.code)}</a>'
                         for f in flagged) or "none"
    shown_margins = "<br>".join(f"{number_literal(mg.margin)} to {e(mg.claim)} (<code>{e(mg.term)} {e(mg.threshold)}</code>,"
                                f" worst {number_literal(mg.worst)})" for mg in margins(report.case, evidence)) or "—"
    setting = "—" if evidence.setting is None else "<code>{" + e(", ".join(
        f"{var}: {formula_text(value)}" for var, value in evidence.setting)) + "}</code>"
    shows = "<br>".join(f"<code>{e(formula_text(f))}</code>" for f in evidence.shows) or "—"
    source = e(evidence.source or "—") + (f"; replicated by {e(evidence.replicated_by)}" if evidence.replicated_by else "")
    access = evidence.access or "not stated"
    if evidence.access == "redacted":
        access = f"redacted: {evidence.redaction_reason or 'NO REASON GIVEN'}"
    cells = [f'<a href="#node-{e(prefix + evidence.name)}">{e(evidence.name)}</a>', e(evidence.title),
             e(evidence.kind or "—"), e(evidence.model or "—"), _date(evidence.date), _date(evidence.expires),
             findings, shown_margins, setting, shows, source, e(access)]
    row_class = "bad" if any(is_error(f) for f in flagged) else ""
    return (f'<tr id="evidence-{e(prefix + evidence.name)}" class="{row_class}">'
            + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")


def _anchor(report, prefix: str, f) -> str:
    return f"finding-{prefix}{report.findings.index(f) + 1}"


def _date(value) -> str:
    return value.isoformat() if value is not None else "—"


def _triggers(report, prefix: str) -> str:
    case = report.case
    if case is None or not case.triggers:
        return f'<section class="triggers" id="triggers-{e(prefix)}"><h2>Change control</h2><p>No triggers.</p></section>'
    rows = []
    for t in case.triggers.values():
        reopens = "all claims" if t.reopens is None else ", ".join(
            f'<a href="#node-{e(prefix + ref.text)}">{e(ref.text)}</a>' for ref in t.reopens)
        rows.append(f"<tr><td>{e(t.name)}</td><td>{e(t.title)}</td><td><code>{e(formula_text(t.condition))}</code>"
                    f"</td><td>{reopens}</td></tr>")
    return (f'<section class="triggers" id="triggers-{e(prefix)}"><h2>Change control</h2><table><thead><tr>'
            f"<th>Trigger</th><th>Title</th><th>Fires when</th><th>Reopens</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>")


def _source(report, prefix: str) -> str:
    flagged = set()
    for f in report.findings:
        if is_error(f) and f.span is not None and f.span.path == report.path:
            flagged.update(range(f.span.line, f.span.end_line + 1))
    lines = source_lines(report.source.text)
    if lines and lines[-1] == "":
        lines.pop()
    shown = []
    for number, text in enumerate(lines, start=1):
        mark = ' class="line flagged"' if number in flagged else ' class="line"'
        shown.append(f'<span{mark} id="src-{e(prefix)}L{number}"><a class="ln" href="#src-{e(prefix)}L{number}">'
                     f"{number}</a>{e(text)}</span>")
    return (f'<section class="source" id="source-{e(prefix)}"><h2>Source: <code>{e(report.path)}</code></h2>'
            f'<pre class="source">{chr(10).join(shown)}</pre></section>')


# ---- style ------------------------------------------------------------------------------------------


def _style() -> str:
    verdicts = "\n".join(
        f".verdict-{v} {{ --fill: {COLOURS[v][0]}; --edge: {COLOURS[v][1]}; }}" for v in VERDICTS)
    outcomes = "\n".join(f".verdict-{outcome} {{ --fill: {COLOURS[v][0]}; --edge: {COLOURS[v][1]}; }}"
                         for outcome, v in (("holds", "proved"), ("fails", "failing"), ("unreadable", "failing")))
    return parts.STYLE + "\n" + verdicts + "\n" + outcomes
