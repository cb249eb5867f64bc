"""Markdown: a public summary of each case, the argument kept and each redacted evidence item withheld with its reason.

`warrant export --public` writes it; `warrant check --format markdown` prints it for every file checked.
"""
from __future__ import annotations

import re

import attrs

from ..findings.rules import Severity
from ..semantics import model as m
from ..semantics.formula_text import formula_text, number_literal, string_literal
from .visible import visible

FORMAT = "markdown"
DESCRIPTION = "a public summary for each case, redacted evidence withheld with its reason"
COMMANDS = ("check", "export")
NEEDS_MODEL = True  # it outlines the argument from the resolved model


def render(reports, exit_code: int) -> str:
    """One summary per report, separated by a rule when there are several."""
    return "\n---\n\n".join(public_summary(report, report.case) for report in reports)


def every_finding(report):
    """The report with the findings that select/ignore or a baseline left out put back among the others.

    A summary a regulator reads must not hide a finding because a project chose not to see it in CI:
    its verdict and lists count every finding, and the header names the codes put back (_put_back).
    """
    if not report.left_out and not report.baselined:
        return report
    from ..findings.finding import sorted_findings

    whole = sorted_findings((*report.findings, *report.left_out, *report.baselined))
    return attrs.evolve(report, findings=tuple(whole))


# ---- Markdown helpers ------------------------------------------------------------------

_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]<>|#])")


def _plain(text: str) -> str:
    """Free text (titles, reasons) as inert Markdown on one line, control and bidirectional characters as escapes."""
    return _MARKDOWN_ACTIVE.sub(r"\\\1", visible(" ".join(text.split())))


def _code(text: str) -> str:
    """A code span long enough to hold any backticks the text itself contains."""
    text = visible(" ".join(text.split("\n")))
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(text: str) -> str:
    # A pipe ends a table cell even inside a code span, so every one is escaped.
    return text.replace("|", "\\|")


def _names(idents) -> str:
    return ", ".join(_code(ident.text) for ident in idents)


def _formula_or_informal(expr) -> str:
    return _code(formula_text(expr)) if expr is not None else "(informal)"


def _redacted(evidence: m.Evidence) -> bool:
    return evidence.access == "redacted"


def _withheld(evidence: m.Evidence) -> str:
    # A blank reason counts as none, as G208 judges it.
    reason = (evidence.redaction_reason or "").strip()
    return f"withheld: {_plain(reason)}" if reason else "withheld: NO REASON GIVEN"


# ---- the document ------------------------------------------------------------------------


def public_summary(report, case: m.Case | None) -> str:
    """A Markdown summary safe to publish: the whole argument, redacted evidence reduced to its name, title and reason.

    `report` is the check_path Report for the case's file; `case` its resolved model (None when it could not be read).
    Findings the run's select/ignore or baseline left out are counted and listed all the same (every_finding).
    """
    put_back = _put_back(report)
    report = every_finding(report)
    sections = [_header(report, case, put_back), _errors(report, case)]
    if case is not None:
        sections += [_boundary(case), _argument(case), _evidence(case), _defeaters(case),
                     _residual(case, report.summary), _acceptance(case), _triggers(case),
                     _decision(case, report.summary)]
    return "\n\n".join(section.rstrip("\n") for section in sections) + "\n"


def _put_back(report) -> list:
    """The header's line naming the codes whose findings `warrant check`'s settings or baseline leave out."""
    lines = []
    for found, why in ((report.left_out, "`select`/`ignore` leave out of `warrant check`"),
                       (report.baselined, "`warrant check` leaves out as known from the baseline")):
        if found:
            codes = ", ".join(_code(code) for code in sorted({f.code for f in found}))
            count = len(found)
            lines.append(f"- Counted here all the same: {count} finding{'s' if count != 1 else ''} ({codes}) "
                         f"that {why}")
    return lines


def _header(report, case: m.Case | None, put_back: list) -> str:
    title = (_plain(case.title) if case.title.strip() else "Untitled case") if case else "Unreadable case"
    lines = [f"# {title}", "", "Public summary of a Warrant safety case.", ""]
    if case is not None:
        lines.append(f"- Case: {_code(case.name)}")
        lines.append(f"- Version: {_plain(case.version) if case.version else '(none)'}")
        lines.append(f"- Author: {_plain(case.author) if case.author else '(none)'}")
        lines += [f"- Requires: {_code(string_literal(r.path))}" for r in case.requires]
    if report.verdict == "unreadable":  # its errors are located by line: in which file, among several of `check`
        lines.append(f"- File: {_code(report.path)}")
    lines.append(f"- Verdict: **{report.verdict_text}**")
    lines.append(f"- Findings: {_counts(report)}")
    lines += put_back
    s = report.summary
    lines.append(f"- Claims: {s.claims} ({s.formal_claims} formal)")
    judged = f", {s.judged_steps} judged" if s.judged_steps else ""
    lines.append(f"- Argument steps: {s.steps} ({s.formal_steps} formal, {s.proved_steps} proved: "
                 f"{s.proved_share}%{judged})" if s.steps else "- Argument steps: 0 (no steps to prove)")
    if s.undermined_by:
        lines.append(f"- Undermined by: {', '.join(_code(name) for name in s.undermined_by)}")
    return "\n".join(lines)


def _counts(report) -> str:
    words = ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info"))
    parts = []
    for severity, word in words:
        count = report.count(severity)
        parts.append(f"{count} {word}{'s' if count != 1 and word != 'info' else ''}")
    return ", ".join(parts)


def _errors(report, case: m.Case | None) -> str:
    """Error findings by code and message; details (counterexample worlds, conflicting sets) are left out."""
    errors = [f for f in report.findings if f.severity is Severity.ERROR]
    lines = ["## Errors", ""]
    hidden = _redacted_spans(case)
    if not errors:
        return "\n".join(lines + ["None."] + _waived(report, hidden))
    for f in errors:
        lines.append(f"- {_code(f.code)} {_finding_text(f, hidden)}{_place(f, report.verdict == 'unreadable')}")
    return "\n".join(lines + _waived(report, hidden))


def _place(f, unreadable: bool) -> str:
    """Where a finding of an unreadable case stands (the case, or a case it requires: G004), so its author can
    mend it; a readable case's findings stay unlocated, as the summary is about the argument, not the file."""
    if not unreadable or f.span is None:
        return ""
    return f" (line {f.span.line}, column {f.span.column})"


def _waived(report, hidden) -> list:
    """Every waived finding with who answers for it and until when: a published case shows what it waives."""
    if not report.waived:
        return []
    lines = ["", "## Waived findings", ""]
    for w in report.waived:
        waiver = w.waiver
        lines.append(f"- {_code(w.finding.code)} {_finding_text(w.finding, hidden)}: waived by {_plain(waiver.owner)} "
                     f"until {waiver.until.isoformat()}: {_plain(waiver.reason)}")
    return lines


def _redacted_spans(case: m.Case | None) -> list:
    if case is None:
        return []
    return [(e.name, e.span) for e in case.evidence.values() if _redacted(e) and e.span is not None]


def _finding_text(f, hidden) -> str:
    """A finding inside a withheld item shows its rule's summary: the message may quote the item's model or setting."""
    for name, span in hidden:
        if f.span is not None and f.span.path == span.path and span.line <= f.span.line <= span.end_line:
            return f"{_plain(f.rule.summary)} (withheld evidence {_code(name)})"
    return _plain(f.message)


def _boundary(case: m.Case) -> str:
    lines = ["## Boundary", ""]
    if case.boundary is None:
        return "\n".join(lines + ["No boundary: the case claims to hold in every deployment its context can describe."])
    lines += ["The case covers the deployments where all of these hold:", ""]
    lines += [f"- {_code(formula_text(f))}" for f in case.boundary]
    return "\n".join(lines)


def _argument(case: m.Case) -> str:
    """The argument as an outline from the top claim(s); a node met again is named, not repeated."""
    from ..semantics.graph import argument_graph, support_graph, top_claims  # networkx: not for `--help`

    graph = argument_graph(case)
    tops = top_claims(case, support_graph(graph))
    shown: set = set()
    lines = ["## Argument", ""]
    for name in tops:
        lines += _claim_outline(case, name, 0, shown)
    rest = [name for name in case.claims if name not in shown]
    if rest:
        lines += ["", "Claims not reached from the top claim:", ""]
        for name in rest:
            if name not in shown:
                lines += _claim_outline(case, name, 0, shown)
    if not case.claims:
        lines.append("The case states no claim.")
    return "\n".join(lines)


def _claim_outline(case: m.Case, name: str, depth: int, shown: set) -> list:
    claim = case.claims[name]
    pad = "  " * depth
    if name in shown:
        return [f"{pad}- Claim {_code(name)} (argued above)"]
    shown.add(name)
    lines = [f"{pad}- Claim {_code(name)}: {_plain(claim.title)}",
             f"{pad}  - Formula: {_formula_or_informal(claim.formula)}"]
    if claim.within is not None:
        lines.append(f"{pad}  - Within: {_code(formula_text(claim.within))}")
    for ident in claim.strategies:
        lines += _strategy_outline(case, ident.text, depth + 1, shown)
    for ident in claim.evidence:
        lines.append(f"{pad}  - Evidence {_code(ident.text)}: {_evidence_line(case.evidence[ident.text])}")
    return lines


def _strategy_outline(case: m.Case, name: str, depth: int, shown: set) -> list:
    strategy = case.strategies[name]
    pad = "  " * depth
    if name in shown:  # claims and strategies share one name space
        return [f"{pad}- Strategy {_code(name)} (argued above)"]
    shown.add(name)
    lines = [f"{pad}- Strategy {_code(name)}: {_plain(strategy.title)}"]
    for ident in strategy.given:
        assumption = case.assumptions[ident.text]
        lines.append(f"{pad}  - Assumption {_code(ident.text)}: {_plain(assumption.title)}: "
                     f"{_formula_or_informal(assumption.formula)}")
    for ident in strategy.premises:
        lines += _claim_outline(case, ident.text, depth + 1, shown)
    return lines


def _evidence_line(evidence: m.Evidence) -> str:
    suffix = f" ({_withheld(evidence)})" if _redacted(evidence) else ""
    return _plain(evidence.title) + suffix


_EVIDENCE_COLUMNS = ("Evidence", "Title", "Access", "Kind", "Model", "Date", "Expires", "Setting",
                     "Source", "Replicated by", "Shows")


def _evidence(case: m.Case) -> str:
    lines = ["## Evidence", ""]
    if not case.evidence:
        return "\n".join(lines + ["No evidence."])
    lines.append("| " + " | ".join(_EVIDENCE_COLUMNS) + " |")
    lines.append("|" + "---|" * len(_EVIDENCE_COLUMNS))
    for evidence in case.evidence.values():
        cells = _withheld_row(evidence) if _redacted(evidence) else _public_row(evidence)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def _withheld_row(evidence: m.Evidence) -> list:
    # Only the name, the title and the reason: never what it shows, its setting, source or model.
    blank = ["—"] * (len(_EVIDENCE_COLUMNS) - 3)
    return [_code(evidence.name), _plain(evidence.title), _withheld(evidence), *blank]


def _public_row(evidence: m.Evidence) -> list:
    def shown(value):
        return _plain(str(value)) if value is not None else "—"

    setting = "—"
    if evidence.setting is not None:
        setting = _code("{" + ", ".join(f"{var}: {formula_text(value)}" for var, value in evidence.setting) + "}")
    shows = "; ".join(_code(formula_text(f)) for f in evidence.shows) or "—"
    kind = _code(evidence.kind) if evidence.kind else "—"
    return [_code(evidence.name), _plain(evidence.title), evidence.access or "not stated", kind,
            shown(evidence.model), shown(evidence.date), shown(evidence.expires), setting,
            shown(evidence.source), shown(evidence.replicated_by), shows]


def _defeaters(case: m.Case) -> str:
    lines = ["## Defeaters", ""]
    if not case.defeaters:
        return "\n".join(lines + ["No defeaters."])
    for d in case.defeaters.values():
        asserts = f"; asserts {_code(formula_text(d.asserts))}" if d.asserts is not None else ""
        lines.append(f"- {_code(d.name)}: {_plain(d.title)}; against {_names(d.against)}{asserts}; status: {_status(d)}")
    return "\n".join(lines)


def _status(defeater: m.Defeater) -> str:
    if defeater.status == "rebutted":
        return f"rebutted by {_names(defeater.rebutted_by)}"
    if defeater.status == "accepted":
        return f"accepted ({_plain(defeater.reason or '')}; owner: {_owner(defeater.owner)})"
    return defeater.status


def _owner(owner: str | None) -> str:
    return _plain(owner) if (owner or "").strip() else "NONE NAMED"


def _residual(case: m.Case, summary) -> str:
    """The accepted defeaters: the risk that stays, who carries it and why it is accepted."""
    lines = ["## Residual risk", ""]
    if not summary.residual:
        return "\n".join(lines + ["No defeater is accepted: no residual risk is named."])
    for name, owner, reason in summary.residual:
        title = case.defeaters[name].title if name in case.defeaters else ""
        lines.append(f"- {_code(name)}: {_plain(title)}; carried by {_owner(owner)}: {_plain(reason)}")
    return "\n".join(lines)


def _acceptance(case: m.Case) -> str:
    lines = ["## Acceptance criterion", ""]
    accept = case.accept
    if accept is None:
        return "\n".join(lines + ["No acceptance criterion."])
    lines += [f"- Require: {_code(formula_text(f))}" for f in accept.requires]
    lines.append(f"- For: {', '.join(_code(s) for s in accept.stakeholders) or '(none)'}")
    lines.append(f"- Authority: {_plain(accept.authority) if accept.authority else '(none)'}")
    if accept.margin is not None:
        lines.append(f"- Margin: {number_literal(accept.margin)}")
    return "\n".join(lines)


def _triggers(case: m.Case) -> str:
    lines = ["## Change control", ""]
    if not case.triggers:
        return "\n".join(lines + ["No triggers."])
    for t in case.triggers.values():
        reopens = "all claims" if t.reopens is None else _names(t.reopens)
        when = _code(formula_text(t.condition))
        lines.append(f"- {_code(t.name)}: {_plain(t.title)}; when {when}, reopens {reopens}")
    return "\n".join(lines)


def _decision(case: m.Case, summary) -> str:
    lines = ["## Decision", ""]
    d = case.decision
    if d is None:
        return "\n".join(lines + ["No decision recorded."])
    expires = f", expires {d.expires.isoformat()}" if d.expires else ""
    lines.append(f"{_code(d.kind)} by {_plain(d.authority)} on {d.on.isoformat()}{expires}")
    if summary.residual:
        carried = ", ".join(f"{_code(name)} (owner: {_owner(owner)})" for name, owner, _ in summary.residual)
        lines += ["", f"The decision accepts the residual risk of {carried}."]
    return "\n".join(lines)
