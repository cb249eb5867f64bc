"""The resolved model: every name bound to its declaration, every expression typed.

This is what the graph, the encoder and the checks read; it knows nothing of
Lark or of how the text was written.
"""
from __future__ import annotations

import datetime
import functools
from fractions import Fraction

import attrs

from ..syntax.source import Span, span_field


# ---- types ---------------------------------------------------------------------


@attrs.frozen
class Type:
    """`kind` is bool, int, real, string, date, enum or set; `enum` names the enum of enum and set types."""

    kind: str
    enum: str | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "real")

    def __str__(self) -> str:
        if self.kind == "enum":
            return self.enum
        if self.kind == "set":
            return f"set<{self.enum}>"
        return self.kind


BOOL, INT, REAL, STRING, DATE = (Type(k) for k in ("bool", "int", "real", "string", "date"))


# One Type per enum, however many expressions have it (types are immutable and compared by value):
# the 2,000-threat case types 18,000 enum and set expressions over a few enums.
@functools.lru_cache(maxsize=1024)
def enum_type(name: str) -> Type:
    return Type("enum", name)


@functools.lru_cache(maxsize=1024)
def set_type(name: str) -> Type:
    return Type("set", name)


# ---- expressions --------------------------------------------------------------
# Every expression has a `type`; spans take no part in equality.


@attrs.frozen
class Const:
    """A literal: bool, Fraction, str, date, enum member name, or frozenset of member names."""

    value: object
    type: Type
    span: Span | None = span_field()


@attrs.frozen
class CtxVar:
    """A context variable in the current configuration."""

    name: str
    type: Type
    span: Span | None = span_field()


@attrs.frozen
class OldVar:
    """`old(x)`: a context variable in the previous configuration (triggers only)."""

    name: str
    type: Type
    span: Span | None = span_field()


@attrs.frozen
class BoundVar:
    """A variable bound by a quantifier or aggregate; always of an enum type."""

    name: str
    type: Type
    span: Span | None = span_field()


@attrs.frozen
class MeasureApp:
    name: str
    args: tuple
    type: Type
    span: Span | None = span_field()


@attrs.frozen
class SetOf:
    """A set literal with a non-constant element, such as `{t}` under a quantifier."""

    items: tuple
    type: Type
    span: Span | None = span_field()


@attrs.frozen
class Not:
    operand: object
    type: Type = BOOL
    span: Span | None = span_field()


@attrs.frozen
class Logic:
    """`op` is and, or, implies or iff."""

    op: str
    left: object
    right: object
    type: Type = BOOL
    span: Span | None = span_field()


@attrs.frozen
class Neg:
    operand: object
    type: Type
    span: Span | None = span_field()


@attrs.frozen
class Arith:
    """`op` is +, - or *."""

    op: str
    left: object
    right: object
    type: Type
    span: Span | None = span_field()


@attrs.frozen
class Compare:
    """==, !=, <, <=, >, >= on numbers and dates; == and != on anything; <=, >=, <, > on sets mean subset."""

    op: str
    left: object
    right: object
    type: Type = BOOL
    span: Span | None = span_field()


@attrs.frozen
class Member:
    """`element in collection` (or `not in` when negated); the collection is a set."""

    element: object
    collection: object
    negated: bool
    type: Type = BOOL
    span: Span | None = span_field()


@attrs.frozen
class Between:
    """`subject in [low, high]`, closed at both ends."""

    subject: object
    low: object
    high: object
    negated: bool
    type: Type = BOOL
    span: Span | None = span_field()


@attrs.frozen
class Quant:
    """forall/exists (bool), count (int) or sum (numeric) over enum-typed variables."""

    kind: str
    variables: tuple  # of (name, enum name)
    body: object
    type: Type
    span: Span | None = span_field()


# ---- declarations ----------------------------------------------------------------


@attrs.frozen
class Enum:
    name: str
    members: tuple
    span: Span | None = span_field()


@attrs.frozen
class Variable:
    name: str
    type: Type
    affordance: bool
    span: Span | None = span_field()


@attrs.frozen
class Measure:
    name: str
    params: tuple  # enum names
    type: Type
    low: Fraction | None
    high: Fraction | None
    span: Span | None = span_field()


@attrs.frozen
class Assumption:
    name: str
    title: str
    formula: object | None
    span: Span | None = span_field()


@attrs.frozen
class Claim:
    name: str
    title: str
    within: object | None
    formula: object | None
    strategies: tuple  # of Ident
    evidence: tuple  # of Ident
    span: Span | None = span_field()

    @property
    def formal(self) -> bool:
        return self.formula is not None


@attrs.frozen
class Strategy:
    name: str
    title: str
    premises: tuple  # of Ident naming claims
    given: tuple  # of Ident naming assumptions
    span: Span | None = span_field()
    judge: str | None = None  # `judged by "who"`: argued by judgement, never counted as proved


@attrs.frozen
class Evidence:
    name: str
    title: str
    kind: str | None
    model: str | None
    date: datetime.date | None
    expires: datetime.date | None
    setting: tuple | None  # of (variable name, Const); None when not stated
    shows: tuple
    source: str | None
    replicated_by: str | None
    access: str | None
    redaction_reason: str | None
    span: Span | None = span_field()


@attrs.frozen
class Defeater:
    name: str
    title: str
    against: tuple  # of Ident
    status: str
    rebutted_by: tuple
    reason: str | None
    span: Span | None = span_field()
    asserts: object | None = None  # the counter-claim, a formula the solver checks against the argument
    owner: str | None = None  # who carries the residual risk of an accepted defeater


@attrs.frozen
class Accept:
    requires: tuple  # of formulas
    stakeholders: tuple
    authority: str | None
    margin: Fraction | None = None
    span: Span | None = span_field()
    # Where each stakeholder and the authority are written, so a finding about one points at it.
    stakeholder_spans: tuple = attrs.field(eq=False, repr=False, default=())
    authority_span: Span | None = span_field()


@attrs.frozen
class Trigger:
    name: str
    title: str
    condition: object
    reopens: tuple | None  # of Ident; None means all
    span: Span | None = span_field()


@attrs.frozen
class Party:
    """Someone the case affects: `role` is the word written (checks.acceptability knows the roles)."""

    name: str
    title: str
    role: str
    span: Span | None = span_field()
    role_span: Span | None = span_field()


@attrs.frozen
class Decision:
    kind: str
    authority: str
    on: datetime.date
    expires: datetime.date | None
    span: Span | None = span_field()


@attrs.frozen
class Requirement:
    """`requires "other.case" [when CONDITION]`: another case that must hold for this one to stand.

    With a condition, only where the case cannot rule the condition out.
    """

    path: str
    span: Span | None = span_field()
    condition: object | None = None


@attrs.frozen
class SideCondition:
    """A pattern's `where` condition for one instance (`use PATTERN(...) as PREFIX`), arguments put in."""

    pattern: str
    prefix: str
    formula: object
    span: Span | None = span_field()
    arguments: str = ""  # the parameters it reads and their arguments, for a reader of P005


@attrs.frozen
class Case:
    """A resolved case: declarations by name, in source order."""

    path: str
    name: str
    title: str
    version: str | None
    author: str | None
    header_span: Span | None
    enums: dict
    context: dict
    measures: dict
    boundary: tuple | None  # None when the case has no boundary block
    assumptions: dict
    claims: dict
    strategies: dict
    evidence: dict
    defeaters: dict
    accept: Accept | None
    triggers: dict
    decision: Decision | None
    requires: tuple  # of Requirement
    conditions: tuple = ()  # of SideCondition, one per `where` of each pattern instance
    parties: dict = attrs.field(factory=dict)  # name -> Party, in source order

    def node(self, name: str):
        """An argument node (claim, strategy, assumption, evidence, defeater) by name."""
        for table in (self.claims, self.strategies, self.assumptions, self.evidence, self.defeaters):
            if name in table:
                return table[name]
        return None


def conjunction(formulas):
    """`f1 and f2 and ...`; `true` for none."""
    return _fold("and", formulas, Const(True, BOOL))


def disjunction(formulas):
    """`f1 or f2 or ...`; `false` for none."""
    return _fold("or", formulas, Const(False, BOOL))


def _fold(op: str, formulas, empty):
    formulas = list(formulas)
    if not formulas:
        return empty
    result = formulas[0]
    for formula in formulas[1:]:
        result = Logic(op, result, formula, span=formula.span)
    return result


def variable_names(formulas, kinds=(CtxVar,)) -> list:
    """Names of the variables of the given kinds (CtxVar, OldVar) in the formulas, in order, once each."""
    names = []
    for formula in formulas:
        _collect_names(formula, kinds, names)
    return list(dict.fromkeys(names))


def _collect_names(expr, kinds, names: list) -> None:
    if isinstance(expr, kinds):
        names.append(expr.name)
    elif isinstance(expr, tuple):
        for item in expr:
            _collect_names(item, kinds, names)
    elif attrs.has(type(expr)) and not isinstance(expr, Type):
        for field in attrs.fields(type(expr)):
            _collect_names(getattr(expr, field.name), kinds, names)


def to_old(expr):
    """The same expression read in the old configuration: every CtxVar becomes an OldVar."""
    if isinstance(expr, CtxVar):
        return OldVar(expr.name, expr.type, span=expr.span)
    if isinstance(expr, tuple):
        items = tuple(to_old(item) for item in expr)
        return expr if all(a is b for a, b in zip(items, expr)) else items
    if not attrs.has(type(expr)) or isinstance(expr, Type):
        return expr
    changes = {}
    for field in attrs.fields(type(expr)):
        value = getattr(expr, field.name)
        rewritten = to_old(value)
        if rewritten is not value:
            changes[field.name] = rewritten
    return attrs.evolve(expr, **changes) if changes else expr
