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
        # The file is split into lines once per report, not once per finding (quadratic in a big case).
        source_lines = report.source.text.split("\n")
        blocks.extend(render_finding(f, report.source, source_lines) for f in report.findings)
        blocks.append(summary_line(report))
    return "\n".join(blocks) + "\n"


def render_finding(f, source, source_lines: list[str] | None = None) -> str:
    """One finding; `source_lines` is the source text split at "\n", when the caller has it already."""
    where = f.span.label() if f.span else source.path
    lines = [f"{where}: {f.code} [{_SEVERITY_WORD[f.severity]}] {f.message}"]
    if f.span is not None and f.span.path == source.path:
        lines.extend(_quote(source_lines if source_lines is not None else source.text.split("\n"), f.span))
    lines.extend(f"    {detail}" for detail in f.details)
    for related in f.related:
        at = f"{related.span.label()}: " if related.span else ""
        lines.append(f"    note: {at}{related.note}")
    if f.help:
        lines.append(f"    help: {f.help}")
    return "\n".join(lines)


def _quote(source_lines: list[str], span) -> list[str]:
    # Only "\n" ends a line, as in the parser's own line count (SourceFile.line_text).
    text = source_lines[span.line - 1] if 0 < span.line <= len(source_lines) else ""
    if not text.strip():
        return []
    gutter = f"{span.line:>5} | "
    end = span.end_column if span.end_line == span.line else len(text) + 1
    width = max(1, min(end, len(text) + 1) - span.column)
    underline = " " * (len(gutter) - 2) + "| " + " " * (span.column - 1) + "^" * width
    return [gutter + text.expandtabs(1), underline]


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
