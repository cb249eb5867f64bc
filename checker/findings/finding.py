"""Findings: what every stage reports, collected and never raised."""
from __future__ import annotations

import attrs

from .rules import RULES, Severity
from ..syntax.source import Span


@attrs.frozen
class Related:
    """A source location that belongs to a finding: a member of a conflicting set, a second definition."""

    span: Span | None
    note: str


@attrs.frozen
class Finding:
    """One reported problem. `details` holds the counterexample or conflicting set, one line each."""

    code: str
    span: Span | None
    message: str
    details: tuple = ()
    related: tuple = ()  # of Related
    help: str | None = None
    # The name the finding is about, when its template has one, so later stages can
    # re-word a finding without reading its message back.
    subject: str | None = None

    @property
    def rule(self):
        return RULES[self.code]

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    def sort_key(self):
        span = self.span
        where = (span.path, span.line, span.column) if span else ("", 0, 0)
        return (*where, self.code, self.message)


def finding(code: str, span: Span | None, *, details=(), related=(), help=None, **fields) -> Finding:
    """Build a finding from the rule's message template; the one way findings are made."""
    rule = RULES[code]
    message = rule.template.format(**fields)
    return Finding(
        code=code,
        span=span,
        message=message,
        details=tuple(details),
        related=tuple(related),
        help=help if help is not None else rule.help,
        subject=fields.get("name"),
    )


def sorted_findings(findings) -> list[Finding]:
    return sorted(set(findings), key=Finding.sort_key)
