"""Human-readable findings: location, code, message, the source line underlined, details, help."""
from __future__ import annotations

from ..findings.rules import Severity

_SEVERITY_WORD = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


FORMAT = "text"
DESCRIPTION = "for people: each finding located, its source line underlined, then a verdict line per file"
COMMANDS = ("check", "scope", "diff")


def render(reports, exit_code: int = 0) -> str:
    blocks = []
    for report in reports:
        blocks.extend(render_finding(f, report.source) for f in report.findings)
        if report.review is not None and report.review.required:
            blocks.append(review_line(report))
        blocks.append(summary_line(report))
    return "\n".join(blocks) + "\n"


def render_finding(f, source) -> str:
    where = f.span.label() if f.span else source.path
    lines = [f"{where}: {f.code} [{_SEVERITY_WORD[f.severity]}] {f.message}"]
    if f.span is not None and f.span.path == source.path:
        lines.extend(_quote(source, f.span))
    lines.extend(f"    {detail}" for detail in f.details)
    for related in f.related:
        at = f"{related.span.label()}: " if related.span else ""
        lines.append(f"    note: {at}{related.note}")
    if f.help:
        lines.append(f"    help: {f.help}")
    return "\n".join(lines)


def _quote(source, span) -> list[str]:
    text = source.line_text(span.line)
    if not text.strip():
        return []
    gutter = f"{span.line:>5} | "
    end = span.end_column if span.end_line == span.line else len(text) + 1
    width = max(1, min(end, len(text) + 1) - span.column)
    underline = " " * (len(gutter) - 2) + "| " + " " * (span.column - 1) + "^" * width
    return [gutter + text.expandtabs(1), underline]


def review_line(report) -> str:
    """`path: review required: claims G1, G2 and, resting on them, G0; evidence E1, E2`."""
    review = report.review
    claims = ", ".join(review.reopened) or "none"
    if review.above:
        claims += f" and, resting on them, {', '.join(review.above)}"
    why = "the new configuration is outside the boundary, so every claim" if review.outside else "claims"
    evidence = f"; evidence {', '.join(review.evidence)}" if review.evidence else ""
    return f"{report.path}: review required: {why} {claims}{evidence}"


def summary_line(report) -> str:
    s = report.summary
    counts = ", ".join(
        f"{report.count(severity)} {word}{'s' if report.count(severity) != 1 and word != 'info' else ''}"
        for severity, word in _SEVERITY_WORD.items()
    )
    shape = ""
    if s.claims:
        share = 100 * s.formal_steps // s.steps if s.steps else 100
        shape = (f"; {s.formal_claims}/{s.claims} claims formal, {s.formal_steps}/{s.steps} steps formal "
                 f"({share}%), {s.proved_steps} proved")
    return f"{report.path}: {report.verdict}: {counts}{shape}"
