"""The plain-Python value of a typed model expression in one world: the z3-free reference semantics.

Quantifiers and aggregates expand over the members of their enums, exactly as
encode.py expands them for Z3, so a counterexample the solver returns can be
replayed here and checked formula by formula.
"""
from __future__ import annotations

import datetime
import itertools
from fractions import Fraction

from . import model as m
from .world import Member, World


class MissingValue(KeyError):
    """The world gives no value to a symbol the expression needs."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what

    def __str__(self) -> str:
        return f"the world has no value for {self.what}"


def evaluate(expr, world: World, case: m.Case, env: dict | None = None):
    """The value of `expr` in `world`; `env` maps bound variable names to member names."""
    handler = _HANDLERS.get(type(expr).__name__)
    if handler is None:
        raise TypeError(f"cannot evaluate {type(expr).__name__}")
    return handler(expr, world, case, env or {})


# ---- leaves ------------------------------------------------------------------------


def _const(expr: m.Const, world, case, env):
    if expr.type.kind == "enum":
        return Member(expr.value)
    if expr.type.kind == "set":
        return frozenset(str(item) for item in expr.value)
    return expr.value


def _ctx_var(expr: m.CtxVar, world: World, case, env):
    if expr.name not in world.context:
        raise MissingValue(f"context variable `{expr.name}`")
    return world.context[expr.name]


def _old_var(expr: m.OldVar, world: World, case, env):
    if expr.name not in world.old:
        raise MissingValue(f"`old({expr.name})`")
    return world.old[expr.name]


def _bound_var(expr: m.BoundVar, world, case, env):
    if expr.name not in env:
        raise MissingValue(f"bound variable `{expr.name}`")
    return Member(env[expr.name])


def _measure_app(expr: m.MeasureApp, world: World, case, env):
    args = tuple(str(evaluate(arg, world, case, env)) for arg in expr.args)
    key = (expr.name, args)
    if key not in world.measures:
        shown = f"{expr.name}({', '.join(args)})" if args else expr.name
        raise MissingValue(f"measure `{shown}`")
    return world.measures[key]


def _set_of(expr: m.SetOf, world, case, env):
    return frozenset(str(evaluate(item, world, case, env)) for item in expr.items)


# ---- logic ---------------------------------------------------------------------------


def _not(expr: m.Not, world, case, env):
    return not evaluate(expr.operand, world, case, env)


def _logic(expr: m.Logic, world, case, env):
    left = bool(evaluate(expr.left, world, case, env))
    right = bool(evaluate(expr.right, world, case, env))
    if expr.op == "and":
        return left and right
    if expr.op == "or":
        return left or right
    if expr.op == "implies":
        return (not left) or right
    if expr.op == "iff":
        return left == right
    raise ValueError(f"unknown connective {expr.op!r}")


# ---- arithmetic and comparison --------------------------------------------------------


def _neg(expr: m.Neg, world, case, env):
    return -Fraction(evaluate(expr.operand, world, case, env))


def _arith(expr: m.Arith, world, case, env):
    # A date takes part in arithmetic as its day number (as encode.py gives it to Z3), so a
    # date plus days, or the days between two dates, is exact and never leaves the integers.
    left = number_of(evaluate(expr.left, world, case, env))
    right = number_of(evaluate(expr.right, world, case, env))
    if expr.op == "+":
        return left + right
    if expr.op == "-":
        return left - right
    if expr.op == "*":
        return left * right
    raise ValueError(f"unknown arithmetic operator {expr.op!r}")


def number_of(value) -> Fraction:
    """A number, or a date as its day number (day 1 is 0001-01-01, as in encode.py)."""
    return Fraction(value.toordinal()) if isinstance(value, datetime.date) else Fraction(value)


def comparable(expr, value):
    """A date-typed value for comparison: date arithmetic yields a day number, a date literal a date."""
    return number_of(value) if expr.type == m.DATE else value


_ORDER = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def _compare(expr: m.Compare, world, case, env):
    left = comparable(expr.left, evaluate(expr.left, world, case, env))
    right = comparable(expr.right, evaluate(expr.right, world, case, env))
    if expr.op not in _ORDER:
        raise ValueError(f"unknown comparison {expr.op!r}")
    if isinstance(left, frozenset):
        # frozenset's own operators are the subset relations: <= subset, < proper subset.
        return _ORDER[expr.op](frozenset(map(str, left)), frozenset(map(str, right)))
    return _ORDER[expr.op](left, right)


def _member(expr: m.Member, world, case, env):
    element = str(evaluate(expr.element, world, case, env))
    collection = frozenset(map(str, evaluate(expr.collection, world, case, env)))
    inside = element in collection
    return not inside if expr.negated else inside


def _between(expr: m.Between, world, case, env):
    subject = comparable(expr.subject, evaluate(expr.subject, world, case, env))
    low = comparable(expr.low, evaluate(expr.low, world, case, env))
    high = comparable(expr.high, evaluate(expr.high, world, case, env))
    inside = low <= subject <= high
    return not inside if expr.negated else inside


# ---- quantifiers and aggregates ---------------------------------------------------------


def _quant(expr: m.Quant, world, case: m.Case, env):
    names = [name for name, _ in expr.variables]
    domains = [case.enums[enum].members for _, enum in expr.variables]
    values = (
        evaluate(expr.body, world, case, {**env, **dict(zip(names, combination))})
        for combination in itertools.product(*domains)
    )
    if expr.kind == "forall":
        return all(values)
    if expr.kind == "exists":
        return any(values)
    if expr.kind == "count":
        return Fraction(sum(1 for value in values if value))
    if expr.kind == "sum":
        return sum((Fraction(value) for value in values), Fraction(0))
    raise ValueError(f"unknown quantifier {expr.kind!r}")


_HANDLERS = {
    "Const": _const,
    "CtxVar": _ctx_var,
    "OldVar": _old_var,
    "BoundVar": _bound_var,
    "MeasureApp": _measure_app,
    "SetOf": _set_of,
    "Not": _not,
    "Logic": _logic,
    "Neg": _neg,
    "Arith": _arith,
    "Compare": _compare,
    "Member": _member,
    "Between": _between,
    "Quant": _quant,
}
