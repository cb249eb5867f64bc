"""SARIF 2.1.0 output, for code-scanning services and editors that read the OASIS Static Analysis Results Format.

One log, one run. The driver lists every rule of the registry in registry order,
so `ruleIndex` is stable across runs and versions that add no rules in between.
Each finding is one result; its details (the counterexample or conflicting set)
are appended to the message text, one line each, and kept as an array in the
result's `properties.details`. Its related places (the members of a conflicting
set, a conclusion, a second definition) are `relatedLocations` numbered from 1,
and the message ends with one `note: [note](id)` line for each: an embedded link
to that location, which is how GitHub code scanning shows related locations.
In a message with such links, literal square brackets are escaped with a backslash, as
SARIF asks.

Decisions a reader of the log may need:

* Paths are relative to the root of the repository (the nearest directory
  upwards from where `warrant` ran that holds `.git`, see syntax/locations.py), with
  forward slashes and `uriBaseId` "%SRCROOT%", which stands for that root
  (its absolute location is not recorded, so the log does not depend on where
  the clone is). A file outside the repository becomes a `file://` URI, and
  `REV:path` the path git keeps it at. Characters not allowed in a URI are
  percent-encoded, and so is a colon in a relative path.
* `partialFingerprints["warrant/v1"]` identifies a finding by its rule, its
  file and the names it is about (its template fields), never by its line, so
  a code-scanning service recognises the same finding after an unrelated edit
  above it. Findings with the same key in one file are numbered in order.
* Each rule has a `helpUri` to its entry in docs/rules.md and `help.markdown`;
  the run has `automationDetails.id` `warrant/COMMAND/` (check, scope or
  diff), which code scanning uses to keep the categories apart.
* The review set of a diff is in the result's `properties.review` (C209) and in
  the configuration's artifact `properties.review`.
* A waived finding is a result with a `suppressions` entry of kind `inSource`
  (the waiver's reason as justification, its owner and expiry as properties,
  its comment as location); a finding known from a baseline one of kind
  `external`. Code scanning lists them as suppressed, never silently drops them.
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

import hashlib
import json
import ntpath
import os
import posixpath
import re
from urllib.parse import quote

from .. import __version__
from ..findings.ruledocs import HOME_URL, help_uri
from ..findings.rules import RULES, Severity
from .data import finding_data
from ..syntax.locations import STDIN_PATH, repository_path, repository_root

FORMAT = "sarif"
DESCRIPTION = "for code-scanning services and editors (OASIS SARIF 2.1.0)"
COMMANDS = ("check", "scope", "diff")
FINGERPRINT = "warrant/v1"
SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

# Characters left as they are in a URI path: RFC 3986 unreserved, sub-delims, ":" and "@", and "/".
_URI_SAFE = "/:@!$&'()*+,;=-._~"


def render(reports, exit_code: int, options=None) -> str:
    reports = list(reports)
    command = options.command if options is not None else "check"
    rules = list(RULES.values())
    rule_index = {rule.code: index for index, rule in enumerate(rules)}
    artifacts, artifact_index = _artifacts(reports)
    fingerprints = _Fingerprints()
    run = {
        "tool": {"driver": _driver(rules)},
        "automationDetails": {"id": f"warrant/{command}/"},
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {
            SRCROOT: {"description": {"text": "The root of the repository warrant ran in (the nearest directory "
                                              "upwards holding .git); paths are relative to it."}},
        },
        "artifacts": artifacts,
        "invocations": [_invocation(reports, exit_code, artifact_index)],
        "results": [result for report in reports for result in _results(report, rule_index, artifact_index,
                                                                           fingerprints)],
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json.dumps(log, indent=2, sort_keys=True) + "\n"


# ---- tool ------------------------------------------------------------------------


def _driver(rules) -> dict:
    return {
        "name": "warrant",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": HOME_URL,
        "rules": [_rule(rule) for rule in rules],
    }


def _rule(rule) -> dict:
    return {
        "id": rule.code,
        "name": pascal_case(rule.name),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc},
        "help": {"text": rule.help or rule.summary, "markdown": help_markdown(rule)},
        "helpUri": help_uri(rule),
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": {"name": rule.name, "severity": rule.severity.value, "outcome": rule.outcome.value},
    }


def help_markdown(rule) -> str:
    text = f"**{rule.code} `{rule.name}`**: {rule.summary}\n\n{rule.doc}"
    if rule.help:
        text += f"\n\n**Typical fix:** {rule.help}"
    return text + f"\n\n[Documentation]({help_uri(rule)})"


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
        properties = {
            "verdict": report.verdict_text,
            "summary": {"claims": s.claims, "formal_claims": s.formal_claims, "steps": s.steps,
                        "formal_steps": s.formal_steps, "proved_steps": s.proved_steps},
        }
        if report.review is not None:
            properties["review"] = report.review.as_dict()
        artifacts.append({"location": artifact_location(report.path), "roles": ["analysisTarget"],
                          "properties": properties})
    return artifacts, index


def artifact_location(path: str, artifact_index: dict | None = None) -> dict:
    """A URI reference: relative to the repository root against %SRCROOT%, or a file:// URI outside it."""
    location = {}
    inside = None if _is_windows_absolute(path) else repository_path(path, _root())
    if path == STDIN_PATH:
        location["description"] = {"text": "standard input"}
    elif inside is not None:
        location["uri"] = quote(inside, safe=_URI_SAFE.replace(":", ""))
        location["uriBaseId"] = SRCROOT
    elif posixpath.isabs(path) or _is_windows_absolute(path):
        location["uri"] = _file_uri(path)
    else:
        location["uri"] = _file_uri(os.path.abspath(path))
    if artifact_index is not None and path in artifact_index:
        location["index"] = artifact_index[path]
    return location


def _root():
    return repository_root()


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


def _results(report, rule_index: dict, artifact_index: dict, fingerprints) -> list:
    """The report's findings, then its waived findings (suppressed in source) and baselined ones (suppressed outside)."""
    results = [_result(f, report, rule_index, artifact_index, fingerprints) for f in report.findings]
    for waived in report.waived:
        result = _result(waived.finding, report, rule_index, artifact_index, fingerprints)
        waiver = waived.waiver
        result["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": waiver.reason,
                                   "location": _location(waiver.span, report.path, artifact_index),
                                   "properties": {"owner": waiver.owner, "until": waiver.until.isoformat()}}]
        results.append(result)
    for f in report.baselined:
        result = _result(f, report, rule_index, artifact_index, fingerprints)
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": "recorded in the baseline file"}]
        results.append(result)
    return results


def _result(f, report, rule_index: dict, artifact_index: dict, fingerprints) -> dict:
    rule = f.rule
    properties = {"details": list(f.details), "severity": rule.severity.value, **finding_data(f)}
    if f.help:
        properties["help"] = f.help
    result = {
        "ruleId": f.code,
        "ruleIndex": rule_index[f.code],
        "level": LEVEL[rule.severity],
        "message": {"text": message_text(f)},
        "locations": [_location(f.span, report.path, artifact_index)],
        "partialFingerprints": {FINGERPRINT: fingerprints.of(f, report.path)},
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


def message_text(f) -> str:
    """Message, details, a `note: [note](id)` link per related location with a place, and a specific help."""
    linked = any(item.span is not None for item in f.related)
    plain = _escape_brackets if linked else (lambda text: text)
    lines = [plain(f.message), *map(plain, f.details)]
    for number, item in enumerate(f.related, start=1):
        lines.append(f"note: [{_escape_brackets(item.note)}]({number})" if item.span else f"note: {plain(item.note)}")
    if f.help and f.help != f.rule.help:
        lines.append(f"help: {plain(f.help)}")
    return "\n".join(lines)


def _escape_brackets(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


class _Fingerprints:
    """Rule, repository path and template fields, hashed; the n-th repeat of a key in one run gets `:n`."""

    def __init__(self):
        self.seen = {}

    def of(self, f, report_path: str) -> str:
        path = f.span.path if f.span is not None else report_path
        where = repository_path(path, _root()) or path
        key = json.dumps([f.code, where, [[name, str(value)] for name, value in f.fields]], ensure_ascii=False)
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        count = self.seen.get(digest, 0)
        self.seen[digest] = count + 1
        return digest if count == 0 else f"{digest}:{count}"


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
