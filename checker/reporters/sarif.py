"""SARIF 2.1.0 output, for code-scanning services and editors that read the OASIS Static Analysis Results Format.

One log, one run. The driver lists every rule of the registry in registry order,
so `ruleIndex` is stable across runs and versions that add no rules in between.
Each finding is one result; its details (the counterexample or conflicting set)
are appended to the message text, one line each, and kept as an array in the
result's `properties.details`. Its related places (the members of a conflicting
set, a conclusion, a second definition) are `relatedLocations` numbered from 1,
and also appended to the message as `note: path:line:column: note` lines, as
the text reporter prints them, so viewers that show only the message (GitHub
code scanning shows related locations only through embedded links, which this
reporter does not write) still show them.

Decisions a reader of the log may need:

* Paths are written as given on the command line. A relative path stays
  relative, with forward slashes and `uriBaseId` "%SRCROOT%", which stands for
  the directory `warrant` ran in (its absolute location is not recorded, so
  the log does not depend on where the clone is). An absolute path becomes a
  `file://` URI. Characters not allowed in a URI are percent-encoded.
* Columns count Unicode code points (`columnKind` "unicodeCodePoints"), a tab
  counting as one; `endColumn` is exclusive, as in Warrant's own spans.
* `executionSuccessful` says the tool ran to the end, so it is true for every
  exit code this reporter sees, including 2 (a file could not be read) and 3
  (the solver could not decide). `exitCode` carries the code, and each file
  whose verdict is unreadable or unknown gets a `toolExecutionNotification`.
* A finding without a span is located at its file, with no region.
* A finding's own help (which may name a suggestion, for example a close
  spelling) is kept in `properties.help`, and appended to the message as a
  `help:` line when it differs from the rule's general help.
"""
from __future__ import annotations

import json
import ntpath
import os
import posixpath
import re
from urllib.parse import quote

from .. import __version__
from ..findings.rules import RULES, Severity
from .data import finding_data

FORMAT = "sarif"
DESCRIPTION = "for code-scanning services and editors (OASIS SARIF 2.1.0)"
COMMANDS = ("check",)
SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

# Characters left as they are in a URI path: RFC 3986 unreserved, sub-delims, ":" and "@", and "/".
_URI_SAFE = "/:@!$&'()*+,;=-._~"


def render(reports, exit_code: int) -> str:
    reports = list(reports)
    rules = list(RULES.values())
    rule_index = {rule.code: index for index, rule in enumerate(rules)}
    artifacts, artifact_index = _artifacts(reports)
    run = {
        "tool": {"driver": _driver(rules)},
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The directory warrant was run in; relative paths are relative to it."}},
        },
        "artifacts": artifacts,
        "invocations": [_invocation(reports, exit_code, artifact_index)],
        "results": [_result(f, report, rule_index, artifact_index)
                    for report in reports for f in report.findings],
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, indent=2, sort_keys=True) + "\n"


# ---- tool ------------------------------------------------------------------------


def _driver(rules) -> dict:
    return {
        "name": "warrant",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [_rule(rule) for rule in rules],
    }


def _rule(rule) -> dict:
    return {
        "id": rule.code,
        "name": pascal_case(rule.name),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": rule.help or rule.summary},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"name": rule.name, "severity": rule.severity.value, "outcome": rule.outcome.value},
    }


def pascal_case(name: str) -> str:
    """`syntax-error` -> `SyntaxError`, the style SARIF viewers expect of a rule's name."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_\s]+", name) if part)


# ---- artifacts and locations ----------------------------------------------------------


def _artifacts(reports) -> tuple[list, dict]:
    """Each checked file once, in the order given; the index maps its path to its place in the list."""
    artifacts, index = [], {}
    for report in reports:
        if report.path in index:
            continue
        index[report.path] = len(artifacts)
        s = report.summary
        artifacts.append({
            "location": artifact_location(report.path),
            "roles": ["analysisTarget"],
            "properties": {
                "verdict": report.verdict,
                "summary": {"claims": s.claims, "formal_claims": s.formal_claims, "steps": s.steps,
                            "formal_steps": s.formal_steps, "proved_steps": s.proved_steps},
            },
        })
    return artifacts, index


def artifact_location(path: str, artifact_index: dict | None = None) -> dict:
    """The path as given, as a URI reference: relative ones against %SRCROOT%, absolute ones as file:// URIs."""
    location = {}
    if posixpath.isabs(path) or _is_windows_absolute(path):
        location["uri"] = _file_uri(path)
    else:
        location["uri"] = quote(_forward_slashes(path), safe=_URI_SAFE)
        location["uriBaseId"] = SRCROOT
    if artifact_index is not None and path in artifact_index:
        location["index"] = artifact_index[path]
    return location


def _forward_slashes(path: str) -> str:
    for separator in (os.sep, os.altsep):
        if separator and separator != "/":
            path = path.replace(separator, "/")
    return path


def _is_windows_absolute(path: str) -> bool:
    drive, rest = ntpath.splitdrive(path)
    return bool(drive) and rest[:1] in ("\\", "/")


def _file_uri(path: str) -> str:
    drive, rest = ntpath.splitdrive(path) if _is_windows_absolute(path) else ("", path)
    if drive.startswith(("\\\\", "//")):  # UNC share: file://host/share/...
        return "file:" + quote(drive.replace("\\", "/") + rest.replace("\\", "/"), safe=_URI_SAFE)
    if drive:
        return "file:///" + drive + quote(rest.replace("\\", "/"), safe=_URI_SAFE)
    return "file://" + quote(_forward_slashes(path), safe=_URI_SAFE)


def _region(span) -> dict | None:
    if span.line < 1 or span.column < 1:
        return None
    region = {"startLine": span.line, "startColumn": span.column}
    if (span.end_line, span.end_column) >= (span.line, span.column) and span.end_column >= 1:
        region["endLine"] = span.end_line
        region["endColumn"] = span.end_column
    return region


def _location(span, fallback_path: str, artifact_index: dict) -> dict:
    """A physical location: the span's file and region, or only the fallback file when there is no span."""
    path = span.path if span is not None else fallback_path
    physical = {"artifactLocation": artifact_location(path, artifact_index)}
    region = _region(span) if span is not None else None
    if region is not None:
        physical["region"] = region
    return {"physicalLocation": physical}


# ---- results ---------------------------------------------------------------------


def _result(f, report, rule_index: dict, artifact_index: dict) -> dict:
    rule = f.rule
    lines = [f.message, *f.details]
    for item in f.related:
        lines.append(f"note: {item.span.label()}: {item.note}" if item.span else f"note: {item.note}")
    if f.help and f.help != rule.help:
        lines.append(f"help: {f.help}")
    properties = {"details": list(f.details), "severity": rule.severity.value, **finding_data(f)}
    if f.help:
        properties["help"] = f.help
    result = {
        "ruleId": f.code,
        "ruleIndex": rule_index[f.code],
        "level": LEVEL[rule.severity],
        "message": {"text": "\n".join(lines)},
        "locations": [_location(f.span, report.path, artifact_index)],
        "properties": properties,
    }
    related = []
    for number, item in enumerate(f.related, start=1):
        location = _location(item.span, report.path, artifact_index)
        location["id"] = number
        location["message"] = {"text": item.note}
        related.append(location)
    if related:
        result["relatedLocations"] = related
    return result


# ---- invocation ------------------------------------------------------------------

_NOT_CHECKED = {
    "unreadable": "{path}: the file could not be read, so it was not checked (exit code 2)",
    "unknown": "{path}: the solver could not decide every query, so the case is not shown to hold (exit code 3)",
}


def _invocation(reports, exit_code: int, artifact_index: dict) -> dict:
    notifications, seen = [], set()
    for report in reports:
        template = _NOT_CHECKED.get(report.verdict)
        if template is None or report.path in seen:
            continue
        seen.add(report.path)
        notifications.append({
            "level": "error",
            "message": {"text": template.format(path=report.path)},
            "locations": [_location(None, report.path, artifact_index)],
        })
    invocation = {"executionSuccessful": True, "exitCode": exit_code}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation
