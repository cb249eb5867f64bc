"""Waivers: `# warrant: ignore[CODE] reason="..." owner=NAME until=YYYY-MM-DD` comments in a case file.

A waiver stands on the line of the finding it waives, or on any line of the
node (claim, strategy, evidence, ...) the finding lies in, conventionally its
first: `fmt` may break a node over several lines, and a waiver written at the end
of its first line then ends its last, so its reach must not depend on the layout. It waives only
when it is accountable (reason, owner and expiry date all given), still valid
at the check date, and permitted: findings that make the input unreadable or
the solver's answer unknown, and findings about waivers, are never waived; the
error findings of the logic families only where the settings name the code.
Everything else about a waiver is itself a finding (A001-A005), and every
waiver that does waive is kept on the report, so every output format lists it.
"""
from __future__ import annotations

import datetime
import re

import attrs

from ..syntax.source import Span
from .finding import finding
from .rules import RULES, Outcome, Severity

LOGIC_FAMILIES = ("L", "E", "C")
_MARK = re.compile(r"#\s*warrant\s*:")
_IGNORE = re.compile(r"\s*ignore\s*\[(?P<codes>[^\]]*)\]")
_FIELD = re.compile(r'\s*(?P<name>[A-Za-z_]+)\s*=\s*(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[^\s"]+))')


@attrs.frozen
class Waiver:
    """One waiver comment: the codes it names, its fields, and where it stands."""

    codes: tuple
    reason: str | None
    owner: str | None
    until: datetime.date | None
    span: Span

    @property
    def line(self) -> int:
        return self.span.line

    def as_dict(self) -> dict:
        return {"codes": list(self.codes), "reason": self.reason, "owner": self.owner,
                "until": self.until.isoformat() if self.until else None,
                "line": self.span.line, "column": self.span.column}


@attrs.frozen
class Waived:
    """A finding a waiver silenced, kept with the waiver so reports can list both."""

    finding: object
    waiver: Waiver


def comments(text: str):
    """(line, column, text) of every comment: a `#` outside a string (strings never span lines)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if "#" not in line:
            continue  # most lines: no character-by-character walk
        if '"' not in line:
            index = line.index("#")
            yield number, index + 1, line[index:]
            continue
        quoted, escaped = False, False
        for index, char in enumerate(line):
            if escaped:
                escaped = False
            elif quoted and char == "\\":
                escaped = True
            elif char == '"':
                quoted = not quoted
            elif char == "#" and not quoted:
                yield number, index + 1, line[index:]
                break


def read_waivers(text: str, path: str) -> tuple[list, list]:
    """(waivers, A005 findings) from the comments of a case file."""
    waivers, findings = [], []
    for line, column, comment in comments(text):
        mark = _MARK.match(comment)
        if mark is None:
            continue
        span = Span(path, line, column, line, column + len(comment.rstrip()))
        waiver, problem = _parse(comment[mark.end():], span)
        if problem is not None:
            findings.append(finding("A005", span, problem=problem))
        else:
            waivers.append(waiver)
    return waivers, findings


def _parse(rest: str, span: Span):
    ignore = _IGNORE.match(rest)
    if ignore is None:
        return None, "expected `ignore[CODE]` after `# warrant:`"
    codes = tuple(code.strip().upper() for code in ignore["codes"].split(",") if code.strip())
    unknown = [code for code in codes if code not in RULES]
    if not codes or unknown:
        return None, f"`{unknown[0]}` is no rule code" if unknown else "`ignore[]` names no rule code"
    fields, at = {}, ignore.end()
    while rest[at:].strip() and not rest[at:].lstrip().startswith("#"):  # another comment may follow
        field = _FIELD.match(rest, at)
        if field is None:
            return None, f"expected a field such as reason=\"...\", found `{rest[at:].strip()[:30]}`"
        name = field["name"]
        if name not in ("reason", "owner", "until") or name in fields:
            return None, f"`{name}` is {'given twice' if name in fields else 'not a field (reason, owner, until)'}"
        fields[name] = field["quoted"] if field["quoted"] is not None else field["bare"]
        at = field.end()
    until = fields.get("until")
    if until is not None:
        try:
            until = datetime.date.fromisoformat(until)
        except ValueError:
            return None, f"until={until} is not a date (YYYY-MM-DD)"
    reason = fields.get("reason")
    reason = reason.replace('\\"', '"').replace("\\\\", "\\") if reason is not None else None
    return Waiver(codes, reason or None, fields.get("owner") or None, until, span), None


# ---- applying waivers to a report's findings ------------------------------------------------------


def waivable_by_default(code: str) -> bool:
    """Warnings, information and structure errors may be waived by an accountable waiver."""
    rule = RULES[code]
    return rule.severity is not Severity.ERROR or code[0] not in LOGIC_FAMILIES


def never_waived(code: str) -> str | None:
    """Why a code can never be waived, or None."""
    rule = RULES[code]
    if rule.outcome in (Outcome.UNREADABLE, Outcome.UNKNOWN):
        return "the input was not read or the solver could not decide; there is nothing to waive"
    if code[0] == "A":
        return "findings about waivers and settings are never waived"
    return None


def apply_waivers(findings, waivers, node_spans, as_of: datetime.date, waivable=()) -> tuple[list, list]:
    """(findings still reported, with the waivers' own findings; the Waived).

    `node_spans` are the spans of the case's nodes: a waiver on any line of a node covers
    findings anywhere inside that node.
    """
    kept, waived = [], []
    problems = []
    usable = []
    for waiver in waivers:
        trouble = _trouble(waiver, as_of, waivable)
        problems += trouble
        if not trouble:
            usable.append(waiver)
    for f in findings:
        waiver = _match(f, usable, node_spans)
        if waiver is None:
            kept.append(f)
            continue
        waived.append(Waived(f, waiver))
    matched = _matching_any(findings, waivers, node_spans)
    for waiver in waivers:
        if id(waiver) not in matched:
            problems.append(finding("A003", waiver.span, codes=_shown(waiver.codes)))
    return kept + problems, waived


def _trouble(waiver: Waiver, as_of: datetime.date, waivable) -> list:
    """The findings that keep a waiver from applying: A001, A002, A004."""
    found = []
    missing = [name for name, value in (("reason", waiver.reason), ("owner", waiver.owner),
                                        ("until", waiver.until)) if value is None]
    if missing:
        found.append(finding("A001", waiver.span, codes=_shown(waiver.codes), missing=_and(missing)))
    if waiver.until is not None and waiver.until < as_of:
        found.append(finding("A002", waiver.span, codes=_shown(waiver.codes), until=waiver.until.isoformat(),
                             as_of=as_of.isoformat()))
    for code in waiver.codes:
        why = never_waived(code)
        if why is None and not waivable_by_default(code) and code not in waivable:
            why = "an error of the logic families is waived only where `waivable` in the settings names it"
        if why is not None:
            found.append(finding("A004", waiver.span, rule=code, reason=why))
    return found


def _match(f, waivers, node_spans):
    for waiver in waivers:
        if f.code in waiver.codes and _covers(waiver, f, node_spans):
            return waiver
    return None


def _matching_any(findings, waivers, node_spans) -> set:
    """Waivers some finding of their codes stands under, usable or not (an unusable one is not also unused)."""
    return {id(waiver) for waiver in waivers for f in findings
            if f.code in waiver.codes and _covers(waiver, f, node_spans)}


def _covers(waiver: Waiver, f, node_spans) -> bool:
    span = f.span
    if span is None or span.path != waiver.span.path:
        return False
    if span.line == waiver.line:
        return True
    return any(node.line <= waiver.line <= node.end_line and _inside(span, node) for node in node_spans)


def _inside(span: Span, node: Span) -> bool:
    return (node.line, node.column) <= (span.line, span.column) and \
        (span.end_line, span.end_column) <= (node.end_line, node.end_column)


def _shown(codes) -> str:
    return ", ".join(codes)


def _and(names) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
