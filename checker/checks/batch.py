"""Many configurations against one boundary: the boundary compiled once into plain Python closures.

`warrant scope CASE --config batch.jsonl` judges thousands of configurations;
walking the formula trees with the evaluator for each would repeat the same
dispatch every time. Here each boundary formula becomes a closure once, and a
configuration costs only its decoding and one call per boundary line. The
closures compute exactly what semantics/evaluate.py computes (tests hold them
to it on random configurations); a formula kind they do not know is left to
the evaluator.
"""
from __future__ import annotations

import itertools
import operator
from fractions import Fraction

from ..semantics import model as m
from ..semantics.evaluate import MissingValue, evaluate, number_of
from ..semantics.world import Member, World


class Boundary:
    """A case's boundary as predicates over a configuration's values ({variable: value}, as World.context holds them)."""

    def __init__(self, case: m.Case):
        self.case = case
        self.formulas = tuple(case.boundary or ())
        self.lines = tuple(_compiled(formula, case) for formula in self.formulas)
        self.mentioned = tuple(m.variable_names(self.formulas, (m.CtxVar,)))

    def placement(self, values: dict):
        """Where a configuration stands, as scope.place() says, from the compiled lines."""
        from .scope import Placement

        broken = []
        for formula, line in zip(self.formulas, self.lines):
            try:
                if line(values, {}) is False:
                    broken.append(formula)
            except MissingValue:
                pass
        return Placement(tuple(broken), tuple(name for name in self.mentioned if name not in values))

    def inside(self, values: dict) -> bool | None:
        """True when every line holds, False when one fails, None when a value the boundary reads is missing."""
        missing = any(name not in values for name in self.mentioned)
        for line in self.lines:
            try:
                if not line(values, {}):
                    return False
            except MissingValue:
                missing = True
        return None if missing else True


def _compiled(formula, case: m.Case):
    try:
        return _compile(formula, case)
    except _NotCompiled:
        return lambda values, env: evaluate(formula, World(context=values), case, env)


class _NotCompiled(Exception):
    """A formula kind the compiler leaves to the evaluator."""


def _compile(expr, case):
    handler = _COMPILERS.get(type(expr))
    if handler is None:
        raise _NotCompiled(type(expr).__name__)
    return handler(expr, case)


def _const(expr: m.Const, case):
    if expr.type.kind == "enum":
        value = Member(expr.value)
    elif expr.type.kind == "set":
        value = frozenset(str(item) for item in expr.value)
    else:
        value = expr.value
    return lambda values, env: value


def _ctx_var(expr: m.CtxVar, case):
    name, what = expr.name, f"context variable `{expr.name}`"

    def read(values, env):
        try:
            return values[name]
        except KeyError:
            raise MissingValue(what) from None

    return read


def _bound_var(expr: m.BoundVar, case):
    name = expr.name
    return lambda values, env: Member(env[name])


def _set_of(expr: m.SetOf, case):
    items = [_compile(item, case) for item in expr.items]
    return lambda values, env: frozenset(str(item(values, env)) for item in items)


def _not(expr: m.Not, case):
    operand = _compile(expr.operand, case)
    return lambda values, env: not operand(values, env)


_CONNECTIVES = {
    "and": lambda a, b: a and b,
    "or": lambda a, b: a or b,
    "implies": lambda a, b: (not a) or b,
    "iff": lambda a, b: a == b,
}


def _logic(expr: m.Logic, case):
    left, right, op = _compile(expr.left, case), _compile(expr.right, case), _CONNECTIVES[expr.op]
    # Both sides are evaluated, as the evaluator does, so a missing value is reported either way.
    return lambda values, env: op(bool(left(values, env)), bool(right(values, env)))


def _neg(expr: m.Neg, case):
    operand = _compile(expr.operand, case)
    return lambda values, env: -Fraction(operand(values, env))


_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul}


def _arith(expr: m.Arith, case):
    left, right, op = _compile(expr.left, case), _compile(expr.right, case), _ARITHMETIC[expr.op]
    # A date takes part as its day number, exactly as the evaluator reads it.
    return lambda values, env: op(number_of(left(values, env)), number_of(right(values, env)))


_ORDER = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
          ">=": operator.ge}


def _compare(expr: m.Compare, case):
    left, right, op = _dated(expr.left, case), _dated(expr.right, case), _ORDER[expr.op]

    def compare(values, env):
        a, b = left(values, env), right(values, env)
        if isinstance(a, frozenset):
            return op(frozenset(map(str, a)), frozenset(map(str, b)))
        return op(a, b)

    return compare


def _dated(expr, case):
    """A compiled operand; a date-typed one as its day number, since date arithmetic yields day numbers."""
    compiled = _compile(expr, case)
    if expr.type != m.DATE:
        return compiled
    return lambda values, env: number_of(compiled(values, env))


def _member(expr: m.Member, case):
    element, collection, negated = _compile(expr.element, case), _compile(expr.collection, case), expr.negated

    def member(values, env):
        inside = str(element(values, env)) in frozenset(map(str, collection(values, env)))
        return not inside if negated else inside

    return member


def _between(expr: m.Between, case):
    subject, low, high, negated = (_dated(expr.subject, case), _dated(expr.low, case),
                                   _dated(expr.high, case), expr.negated)

    def between(values, env):
        inside = low(values, env) <= subject(values, env) <= high(values, env)
        return not inside if negated else inside

    return between


def _quant(expr: m.Quant, case):
    names = [name for name, _ in expr.variables]
    combinations = list(itertools.product(*(case.enums[enum].members for _, enum in expr.variables)))
    body, kind = _compile(expr.body, case), expr.kind

    def quant(values, env):
        results = (body(values, {**env, **dict(zip(names, combination))}) for combination in combinations)
        if kind == "forall":
            return all(results)
        if kind == "exists":
            return any(results)
        if kind == "count":
            return Fraction(sum(1 for result in results if result))
        return sum((Fraction(result) for result in results), Fraction(0))

    return quant


_COMPILERS = {
    m.Const: _const, m.CtxVar: _ctx_var, m.BoundVar: _bound_var, m.SetOf: _set_of, m.Not: _not,
    m.Logic: _logic, m.Neg: _neg, m.Arith: _arith, m.Compare: _compare, m.Member: _member,
    m.Between: _between, m.Quant: _quant,
}
