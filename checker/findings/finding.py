"""Findings: what every stage reports, collected and never raised.

A finding keeps its data: the rule, the span, the values of the rule's message
template, and, for logical findings, the counterexample world and the members of
a conflicting set. Its message is rendered from the template when it is shown.
"""
from __future__ import annotations

import attrs

from ..syntax.source import Span
from .rules import RULES, Severity


@attrs.frozen
class Related:
    """A source location that belongs to a finding: a member of a conflicting set, a second definition."""

    span: Span | None
    note: str


@attrs.frozen
class Finding:
    """One reported problem.

    `fields` are the template's values as sorted (name, value) pairs; `details`
    explain the finding in lines of text (the counterexample, the conflicting
    set); `world` is the counterexample as data (a semantics.world.World),
    `members` the labels of a minimal conflicting set and `review` the review
    set a change asks for (findings.review.ReviewSet). None of them takes part
    in equality: `details` already says the same in words.
    """

    code: str
    span: Span | None
    fields: tuple = ()
    details: tuple = ()
    related: tuple = ()  # of Related
    help: str | None = None
    world: object = attrs.field(default=None, eq=False)
    members: tuple = attrs.field(default=(), eq=False)
    review: object = attrs.field(default=None, eq=False)

    @property
    def rule(self):
        return RULES[self.code]

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def message(self) -> str:
        return self.rule.template.format(**dict(self.fields))

    def field(self, name: str, default=None):
        """One template value, say the `name` a finding is about."""
        return dict(self.fields).get(name, default)

    def sort_key(self):
        span = self.span
        where = (span.path, span.line, span.column) if span else ("", 0, 0)
        return (*where, self.code, self.message)


def finding(code: str, span: Span | None, *, details=(), related=(), help=None, world=None, members=(),
            review=None, **fields) -> Finding:
    """Build a finding of one rule; the one way findings are made. Unknown template fields are a bug."""
    rule = RULES[code]
    rule.template.format(**fields)  # a missing or misspelt field fails here, where it is made
    if span is not None and span.origin is not None:  # inside a pattern instance: point at the pattern too
        related = (*related, Related(span.origin.span, span.origin.note))
    return Finding(
        code=code,
        span=span,
        fields=tuple(sorted(fields.items())),
        details=tuple(details),
        related=tuple(related),
        help=help if help is not None else rule.help,
        world=world,
        members=tuple(members),
        review=review,
    )


def sorted_findings(findings) -> list[Finding]:
    return sorted(set(findings), key=Finding.sort_key)
