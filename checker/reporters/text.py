"""Human-readable findings: location, code, message, the source line underlined, details, help.

Without options the output is plain and fixed (the snapshots hold it). On a
terminal the command asks for colour; `quiet` keeps only the findings; `totals`
adds one line counting the files and findings of the whole run. Text that comes
from case files (messages, quoted lines, paths) is printed through `visible`:
control characters and bidirectional overrides appear as escapes, never raw.
"""
from __future__ import annotations

from ..findings.rules import Severity
from .visible import source_lines as visible_lines
from .visible import visible

_SEVERITY_WORD = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}

# ANSI styles: bold, and bold in a colour. Colour only marks what the plain text already says.
_BOLD = "1"
_STYLE = {Severity.ERROR: "1;31", Severity.WARNING: "1;33", Severity.INFO: "1;36"}
_VERDICT_STYLE = {"holds": "1;32", "fails": "1;31", "needs review": "1;33", "unreadable": "1;31", "unknown": "1;35"}
_VERDICT_ORDER = ("holds", "needs review", "fails", "unknown", "unreadable")

FORMAT = "text"
DESCRIPTION = "for people: each finding located, its source line underlined, then a verdict line per file"
COMMANDS = ("check", "scope", "diff")


def render(reports, exit_code: int = 0, options=None) -> str:
    color = options is not None and options.color
    quiet = options is not None and options.quiet
    if options is not None and options.table:
        return table(reports, quiet)
    blocks = []
    for report in reports:
        # The file is split into lines once per report, not once per finding (quadratic in a big case).
        source_lines = visible_lines(report.source.text)
        blocks.extend(render_finding(f, report.source, color, source_lines) for f in report.findings)
        blocks.extend(waived_lines(w) for w in report.waived)  # even with --quiet: a waiver is never silent
        if quiet:
            continue
        if report.baselined:
            count = len(report.baselined)
            blocks.append(f"{visible(report.path)}: {count} finding{'s' if count != 1 else ''} known from the "
                          "baseline, not shown")
        if report.review is not None and report.review.required:
            blocks.append(review_line(report))
        blocks.append(summary_line(report, color))
    if options is not None and options.totals and not quiet:
        blocks.append(totals_line(reports))
    return "".join(block + "\n" for block in blocks)


def paint(text: str, style: str | None, color: bool) -> str:
    return f"\x1b[{style}m{text}\x1b[0m" if color and style else text


def render_finding(f, source, color: bool = False, source_lines: list[str] | None = None) -> str:
    """One finding; `source_lines` is the source text as visible.source_lines splits it, when the caller has it."""
    where = visible(f.span.label() if f.span else source.path)
    style = _STYLE[f.severity]
    head = paint(f"{f.code} [{_SEVERITY_WORD[f.severity]}]", style, color)
    lines = [f"{paint(where + ':', _BOLD, color)} {head} {visible(f.message)}"]
    if f.span is not None and f.span.path == source.path:
        lines.extend(_quote(source_lines if source_lines is not None else visible_lines(source.text), f.span,
                            style if color else None))
    lines.extend(f"    {visible(detail)}" for detail in f.details)
    for related in f.related:
        at = f"{related.span.label()}: " if related.span else ""
        lines.append(f"    {paint('note:', _BOLD, color)} {visible(at + related.note)}")
    if f.help:
        lines.append(f"    {paint('help:', _BOLD, color)} {visible(f.help)}")
    return "\n".join(lines)


_QUOTED = 240  # characters of a source line quoted at most; a longer line is cut around the span
_LEAD = 40  # characters kept before the span's start when a line is cut


def _quote(source_lines: list[str], span, style: str | None = None) -> list[str]:
    text = source_lines[span.line - 1] if 0 < span.line <= len(source_lines) else ""
    if not text.strip():
        return []
    gutter = f"{span.line:>5} | "
    column = span.column
    end = span.end_column if span.end_line == span.line else len(text) + 1
    end = max(column + 1, min(end, len(text) + 1))
    text, column, end = _window(text, column, end)
    # Measured on the printed line: an escaped character takes the width of its escape.
    before = _shown(text[: column - 1])
    width = len(_shown(text[column - 1: end - 1])) or 1
    underline = " " * (len(gutter) - 2) + "| " + " " * len(before) + paint("^" * width, style, style is not None)
    return [gutter + _shown(text), underline]


def _window(text: str, column: int, end: int) -> tuple[str, int, int]:
    """A line longer than _QUOTED cut to that many characters around the span, with `...` where it was cut."""
    if len(text) <= _QUOTED:
        return text, column, end
    start = max(0, column - 1 - _LEAD)
    stop = min(len(text), start + _QUOTED)
    head = "..." if start > 0 else ""
    cut = head + text[start:stop] + ("..." if stop < len(text) else "")
    shift = len(head) - start
    return cut, column + shift, min(end + shift, len(head) + stop - start + 1)


def _shown(text: str) -> str:
    """A source line as printed: a tab one space wide, hidden characters escaped."""
    return visible(text.replace("\t", " "))


# ---- many configurations: one row each --------------------------------------------------------

_PLACES = ("inside", "outside", "incomplete", "unreadable")


def table(reports, quiet: bool = False) -> str:
    """configuration | inside, outside, incomplete or unreadable | the first broken boundary line (or finding)."""
    # A scope run's reports (checks.batch.Judged) describe each shape of line once, so that the rows of a large
    # batch are made without building every line's report; any other sequence of reports is described report by report.
    named_rows = getattr(reports, "named_rows", None)
    if named_rows is not None:
        described = named_rows(_described)
    else:
        described = [(report.name, _described(report)) for report in reports]
    names = [visible(name) for name, _ in described]
    header = ("configuration", "scope", "first broken boundary line")
    widths = (max([len(header[0]), *map(len, names)]),
              max([len(header[1]), *(len(cells[0]) for _, cells in described)]))
    lines = [] if quiet else [_row(header, widths)]
    ends = {}  # a row's cells -> its text after the name, as _row writes it: a batch's rows repeat few
    for name, (_, cells) in zip(names, described):
        end = ends.get(cells)
        if end is None:
            end = ends[cells] = f"  {cells[0]:<{widths[1]}}  {cells[1]}"
        lines.append((name.ljust(widths[0]) + end).rstrip())
    if not quiet:
        places = [cells[0] for _, cells in described]
        counted = ", ".join(f"{places.count(p)} {p}" for p in _PLACES if p in places)
        lines.append(f"{len(names)} configuration{'s' if len(names) != 1 else ''}: {counted}")
    return "\n".join(lines) + "\n" if lines else ""


def _described(report) -> tuple:
    """A row's cells but the name: where the configuration stands, and its first problem."""
    return placement(report), visible(_first_problem(report))


def placement(report) -> str:
    if not report.findings:
        return "inside"
    codes = {f.code for f in report.findings}
    if report.verdict == "unreadable":
        return "unreadable"
    if "C201" in codes:
        return "outside"
    return "incomplete" if codes else "inside"


def _first_problem(report) -> str:
    for f in report.findings:
        if f.code == "C201" and f.related:
            first = f.related[0]
            return f"{first.span.label()} {first.note}" if first.span else first.note
    if report.findings:
        f = report.findings[0]
        return f"{f.span.label() if f.span else report.path}: {f.code} {f.message}"
    return ""


def _row(cells, widths) -> str:
    return f"{cells[0]:<{widths[0]}}  {cells[1]:<{widths[1]}}  {cells[2]}".rstrip()


def waived_lines(waived) -> str:
    """`path:18:1: waived L201 [error] message` and the waiver that answers for it."""
    f, waiver = waived.finding, waived.waiver
    where = f.span.label() if f.span else waiver.span.path
    return visible(f"{where}: waived {f.code} [{_SEVERITY_WORD[f.severity]}] {f.message}") + "\n" + visible(
        f"    waiver: {waiver.span.label()}: owner {waiver.owner}, until {waiver.until.isoformat()}: {waiver.reason}")


def review_line(report) -> str:
    """`path: review required: claims G1, G2 and, resting on them, G0; evidence E1, E2`."""
    review = report.review
    claims = ", ".join(review.reopened) or "none"
    if review.above:
        claims += f" and, resting on them, {', '.join(review.above)}"
    why = "the new configuration is outside the boundary, so every claim" if review.outside else "claims"
    evidence = f"; evidence {', '.join(review.evidence)}" if review.evidence else ""
    return visible(f"{report.path}: review required: {why} {claims}{evidence}")


def summary_line(report, color: bool = False) -> str:
    """`path: fails, undermined by D3: counts; claims formal, steps proved (share): the rest; residual risk: D2`."""
    s = report.summary
    verdict = paint(report.verdict_text, _VERDICT_STYLE.get(report.verdict), color)
    if s.undermined_by:
        verdict += f", undermined by {', '.join(s.undermined_by)}"
    residual = f"; residual risk accepted: {_first(name for name, _, _ in s.residual)}" if s.residual else ""
    return f"{visible(report.path)}: {verdict}: {_counts(report.findings)}{_shape(s)}{residual}"


def _first(names, shown: int = 5) -> str:
    """`D1, D2, D3` or, for a long list, `D1, D2, D3, D4, D5 and 57 more` (JSON and the summary list them all)."""
    names = list(names)
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


def _shape(s) -> str:
    """`; 6/7 claims formal, 4/7 steps proved (57%): 1 formal not proved, 1 judged, 1 informal`."""
    if not s.claims:
        return ""
    if not s.steps:
        return f"; {s.formal_claims}/{s.claims} claims formal, no steps to prove"
    shape = f"; {s.formal_claims}/{s.claims} claims formal, {s.proved_steps}/{s.steps} steps proved ({s.proved_share}%)"
    rest = [(s.formal_steps - s.proved_steps, "formal not proved"), (s.judged_steps, "judged"),
            (s.steps - s.formal_steps - s.judged_steps, "informal")]
    rest = [f"{count} {word}" for count, word in rest if count]
    return shape + (f": {', '.join(rest)}" if rest else "")


def totals_line(reports) -> str:
    """`3 files: 2 hold, 1 fails; 1 error, 3 warnings, 0 info`: the run at a glance."""
    verdicts = [report.verdict for report in reports]
    shown = ", ".join(f"{verdicts.count(v)} {_verdict_word(v, verdicts.count(v))}"
                      for v in _VERDICT_ORDER if v in verdicts)
    findings = [f for report in reports for f in report.findings]
    return f"{len(reports)} files: {shown}; {_counts(findings)}"


def _verdict_word(verdict: str, count: int) -> str:
    if count == 1:
        return verdict
    return {"holds": "hold", "fails": "fail", "needs review": "need review"}.get(verdict, verdict)


def _counts(findings) -> str:
    parts = []
    for severity, word in _SEVERITY_WORD.items():
        count = sum(1 for f in findings if f.severity is severity)
        parts.append(f"{count} {word}{'s' if count != 1 and word != 'info' else ''}")
    return ", ".join(parts)
