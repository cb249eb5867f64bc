"""Typed syntax tree of a case file: frozen attrs nodes, spans excluded from equality.

Names here are still plain text; `resolve.py` decides what each one refers to.
"""
from __future__ import annotations

import datetime
from fractions import Fraction

import attrs

from .source import Span, span_field


@attrs.frozen
class Ident:
    """A name as written, with where it was written."""

    text: str
    span: Span | None = span_field()


# ---- expressions -------------------------------------------------------------


@attrs.frozen
class Number:
    """A decimal literal, held exactly."""

    value: Fraction
    span: Span | None = span_field()


@attrs.frozen
class DateLit:
    value: datetime.date
    span: Span | None = span_field()


@attrs.frozen
class String:
    value: str
    span: Span | None = span_field()


@attrs.frozen
class BoolLit:
    value: bool
    span: Span | None = span_field()


@attrs.frozen
class Name:
    """A bare name: a context variable, an enum value, a bound variable or a 0-ary measure."""

    name: str
    span: Span | None = span_field()


@attrs.frozen
class Apply:
    """`f(args)`: a measure application, or the trigger builtins `old(x)`, `changed(x)`."""

    func: Ident
    args: tuple
    span: Span | None = span_field()


@attrs.frozen
class SetLit:
    items: tuple
    span: Span | None = span_field()


@attrs.frozen
class Unary:
    """`op` is `not` or `neg`."""

    op: str
    operand: object
    span: Span | None = span_field()


@attrs.frozen
class Binary:
    """`op` is one of and, or, implies, iff, +, -, *, ==, !=, <, <=, >, >=, in, not in."""

    op: str
    left: object
    right: object
    span: Span | None = span_field()


@attrs.frozen
class Interval:
    """`subject in [low, high]` (closed); `negated` for `not in`."""

    subject: object
    low: object
    high: object
    negated: bool
    span: Span | None = span_field()


@attrs.frozen
class Binder:
    name: Ident
    domain: Ident


@attrs.frozen
class Quantified:
    """`kind` is forall, exists, count or sum; binders range over enums."""

    kind: str
    binders: tuple
    body: object
    span: Span | None = span_field()


# ---- declarations --------------------------------------------------------------


@attrs.frozen
class TypeRef:
    """`kind` is bool, int, real, string, date, enum or set; `enum` names the enum."""

    kind: str
    enum: Ident | None = None
    span: Span | None = span_field()


@attrs.frozen
class Header:
    name: Ident
    title: str
    version: str | None
    author: str | None
    span: Span | None = span_field()


@attrs.frozen
class EnumDecl:
    name: Ident
    members: tuple  # of Ident
    span: Span | None = span_field()


@attrs.frozen
class ContextVar:
    name: Ident
    type: TypeRef
    affordance: bool
    span: Span | None = span_field()


@attrs.frozen
class MeasureDecl:
    name: Ident
    params: tuple  # of Ident naming enums
    type: TypeRef
    low: object | None
    high: object | None
    span: Span | None = span_field()


@attrs.frozen
class Boundary:
    formulas: tuple
    span: Span | None = span_field()


@attrs.frozen
class Assumption:
    name: Ident
    title: str
    formula: object | None  # None: informal
    span: Span | None = span_field()


@attrs.frozen
class FamilyIndex:
    """`[t: Threat]` after a claim's name: the claim stands once for each member of the enum."""

    variable: Ident
    enum: Ident
    span: Span | None = span_field()


@attrs.frozen
class Claim:
    name: Ident
    title: str
    within: object | None
    formula: object | None  # None: informal
    strategies: tuple  # of Ident
    evidence: tuple  # of Ident
    span: Span | None = span_field()
    family: FamilyIndex | None = None


@attrs.frozen
class EvidenceRefs:
    """`evidence E1, E2` standing after a claim; the builder folds it into the claim."""

    names: tuple
    span: Span | None = span_field()


@attrs.frozen
class Strategy:
    name: Ident
    title: str
    premises: tuple  # of Ident (claims)
    given: tuple  # of Ident (assumptions)
    span: Span | None = span_field()
    judge: str | None = None  # `judged by "who"`: argued by judgement, never proved


@attrs.frozen
class SettingItem:
    name: Ident
    value: object
    span: Span | None = span_field()


@attrs.frozen
class Evidence:
    name: Ident
    title: str
    kind: str | None = None
    model: str | None = None
    date: datetime.date | None = None
    expires: datetime.date | None = None
    setting: tuple | None = None  # of SettingItem; None when not stated
    shows: tuple = ()
    source: str | None = None
    replicated_by: str | None = None
    access: str | None = None  # "public" or "redacted"
    redaction_reason: str | None = None
    span: Span | None = span_field()


@attrs.frozen
class Defeater:
    name: Ident
    title: str
    against: tuple  # of Ident
    status: str  # open, rebutted, accepted, or (inside a pattern) param: a `status` parameter names it
    rebutted_by: tuple = ()
    reason: str | None = None
    span: Span | None = span_field()
    param: Ident | None = None
    asserts: object | None = None  # the counter-claim as a formula
    owner: str | None = None  # who carries an accepted residual risk


@attrs.frozen
class Accept:
    requires: tuple
    stakeholders: tuple  # of Ident
    authority: str | None
    margin: Fraction | None = None  # the least relative margin between evidence and threshold
    span: Span | None = span_field()
    margin_span: Span | None = span_field()  # where `margin` is written, for a finding about its value
    authority_span: Span | None = span_field()  # where the authority is named, for a finding about who signs


@attrs.frozen
class Trigger:
    name: Ident
    title: str
    condition: object
    reopens: tuple | None  # None means `reopens all`
    span: Span | None = span_field()


@attrs.frozen
class Party:
    """`party NAME "title" role ROLE`: someone the case affects, and how (docs/language.md section 8)."""

    name: Ident
    title: str
    role: Ident
    span: Span | None = span_field()


@attrs.frozen
class Decision:
    kind: Ident
    authority: str
    on: datetime.date
    expires: datetime.date | None
    span: Span | None = span_field()


@attrs.frozen
class Requires:
    """`requires "b.case" [when FORMULA]`; inside a pattern the path may name a string parameter (`by_param`)."""

    path: str
    span: Span | None = span_field()
    condition: object | None = None
    by_param: bool = False


# ---- patterns ----------------------------------------------------------------


@attrs.frozen
class Import:
    """`import stdlib.NAME` (`library` True, `target` NAME) or `import "path.case"` (a path relative to the case)."""

    target: str
    library: bool
    span: Span | None = span_field()


@attrs.frozen
class Param:
    """One pattern parameter. `kind`: enum, measure, formula, evidence or value.

    A measure parameter has `params` (enum names), `type` and an optional range;
    a value parameter has `type` (bool, int, real, string, date, set<E> or an enum E)
    and, for numbers, an optional range.
    """

    name: Ident
    kind: str
    type: TypeRef | None = None
    params: tuple = ()
    low: object | None = None
    high: object | None = None
    span: Span | None = span_field()


@attrs.frozen
class Pattern:
    name: Ident
    title: str
    params: tuple  # of Param
    conditions: tuple  # `where` formulas over the parameters
    items: tuple
    span: Span | None = span_field()


@attrs.frozen
class StatusArg:
    """The answer to a defeater, passed for a `status` parameter: open, accepted "reason" or rebutted by E1, E2."""

    status: str
    rebutted_by: tuple = ()
    reason: str | None = None
    span: Span | None = span_field()
    owner: str | None = None


@attrs.frozen
class UseArg:
    name: Ident
    value: object  # an expression: a name, a number, a formula, a set
    span: Span | None = span_field()


@attrs.frozen
class Use:
    """`use PATTERN(ARGS) as PREFIX`: the pattern's items, instantiated, with names under PREFIX."""

    pattern: Ident
    args: tuple  # of UseArg
    prefix: Ident
    span: Span | None = span_field()


@attrs.frozen
class SideCondition:
    """A `where` condition of a pattern with one instance's arguments put in; made by instantiation."""

    pattern: str
    prefix: str
    formula: object
    span: Span | None = span_field()
    arguments: str = ""  # the parameters it reads and their arguments, `max_gap = 0.05, tolerance = 0.08`


@attrs.frozen
class CaseFile:
    """One parsed file: its header (None for a file of bare items) and its declarations in source order."""

    path: str
    header: Header | None
    items: tuple
    span: Span | None = span_field()

    def of_type(self, cls) -> list:
        return [item for item in self.items if isinstance(item, cls)]
