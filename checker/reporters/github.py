"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation line per finding.

GitHub shows each annotation on the pull request at the file and lines it
names. Annotations come most severe first (errors, then warnings, then
notices), and within a severity in the order of the findings, so the ones that
fail the job are never cut off by the limit GitHub puts on annotations per
step. Paths are relative to the repository root (syntax/locations.py), as GitHub
resolves them. A finding outside the repository, or without a place, is an
annotation without a file. The verdict lines follow as plain log lines.

Escaping follows the workflow-command format: in the message `%`, carriage
return and line feed are percent-encoded; in a property value `:` and `,` are
too. Details and help follow the message on their own lines. Text from case files
goes through `visible` first (control characters and bidirectional overrides as
escapes), and a plain log line never starts with `::`, so no file name or title can
pose as a workflow command.
"""
from __future__ import annotations

from ..findings.rules import Severity
from ..syntax.locations import repository_path, repository_root
from .visible import visible

FORMAT = "github"
DESCRIPTION = "for GitHub Actions: workflow-command annotations, most severe first"
COMMANDS = ("check", "scope", "diff")

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def render(reports, exit_code: int, options=None) -> str:
    root = repository_root()
    found = [(f, report) for report in reports for f in report.findings]
    found.sort(key=lambda pair: _ORDER[pair[0].severity])  # stable: the findings' own order within a severity
    lines = [annotation(f, report.path, root) for f, report in found]
    lines += [_waived_notice(w, report.path, root) for report in reports for w in report.waived]
    for report in reports:
        if report.review is not None and report.review.required:
            lines.append(_review_notice(report, root))
    if options is None or not options.quiet:
        lines += [_plain(f"{report.path}: {report.verdict_text}") for report in reports]
    return "".join(line + "\n" for line in lines)


def annotation(f, report_path: str, root) -> str:
    properties = []
    span = f.span
    where = repository_path(span.path if span is not None else report_path, root)
    if where is not None:
        properties.append(("file", where))
        if span is not None:
            properties += [("line", span.line), ("endLine", span.end_line)]
            if span.line == span.end_line:  # GitHub takes columns only within one line
                properties += [("col", span.column), ("endColumn", max(span.column, span.end_column - 1))]
    properties.append(("title", f"{f.code} {f.rule.name}"))
    body = [visible(f.message), *map(visible, f.details)]
    if f.help:
        body.append(f"help: {visible(f.help)}")
    return f"::{COMMAND[f.severity]} {_properties(properties)}::{escape_data(chr(10).join(body))}"


def _waived_notice(waived, report_path: str, root) -> str:
    """A waived finding as a notice, with the waiver that answers for it: a waiver is never silent."""
    line = annotation(waived.finding, report_path, root)
    head, _, body = line.partition("::")[2].partition("::")
    head = head.partition(" ")[2]  # the properties, without the finding's own command word (`error`)
    head = head.replace(f"title={waived.finding.code}", f"title=waived {waived.finding.code}", 1)
    waiver = waived.waiver
    note = escape_data("\n" + visible(f"waived by {waiver.owner} until {waiver.until.isoformat()}: {waiver.reason}"))
    return f"::notice {head}::{body}{note}"


def _review_notice(report, root) -> str:
    review = report.review
    parts = [f"claims to review: {', '.join(review.claims) or 'none'}"]
    if review.evidence:
        parts.append(f"evidence they rest on: {', '.join(review.evidence)}")
    if review.triggers:
        parts.append(f"triggers fired: {', '.join(review.triggers)}")
    if review.outside:
        parts.append("the new configuration is outside the boundary")
    where = repository_path(report.path, root)
    properties = ([("file", where)] if where else []) + [("title", "review required")]
    return f"::notice {_properties(properties)}::{escape_data(chr(10).join(parts))}"


def _properties(pairs) -> str:
    return ",".join(f"{name}={escape_property(visible(str(value)))}" for name, value in pairs)


def _plain(line: str) -> str:
    """A log line that GitHub prints as it is: hidden characters escaped, never read as a command."""
    line = visible(line)
    return f" {line}" if line.startswith("::") else line


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")
