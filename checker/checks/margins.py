"""Worst-case margins of every threshold, whatever the case declares: the figures, found by the solver.

A threshold is a numeric comparison with a constant that a leaf claim asserts
(judged against the evidence it cites) or that an accept criterion requires
(judged against the boundary and everything the argument puts forward), read
through `and`, `forall` and `not`, as the tightening of L213 reads it. The
solver finds the worst value the term can take there (its supremum under a
ceiling, its infimum over a floor); the absolute margin is the distance from
that worst value to the threshold, the relative margin that distance over the
threshold's size. A negative margin means the threshold is not cleared.
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import attrs

from ..semantics import model as m
from ..semantics.formula_text import formula_text

_UPPER, _LOWER = {"<", "<="}, {">", ">="}
_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


@attrs.frozen
class MarginFigure:
    """One threshold's worst case: `where` is a claim name or `require` (with its line)."""

    where: str
    threshold: str  # the comparison as case text, bound variables filled in: `solve_rate(web) < 0.2`
    worst: Fraction
    absolute: Fraction
    relative: Fraction | None  # None for a threshold of 0, where only the absolute margin means anything

    def as_dict(self) -> dict:
        from ..semantics.world import show_number
        return {"where": self.where, "threshold": self.threshold, "worst": show_number(self.worst),
                "absolute": show_number(self.absolute),
                "relative": None if self.relative is None else show_number(self.relative)}


def thresholds(formula, env: dict | None = None, case: m.Case | None = None):
    """(term, env, op, constant) for each threshold the formula asserts, `forall` expanded member by member."""
    env = env or {}
    formula = _unnegated(formula)
    if isinstance(formula, m.Logic) and formula.op == "and":
        yield from thresholds(formula.left, env, case)
        yield from thresholds(formula.right, env, case)
    elif isinstance(formula, m.Quant) and formula.kind == "forall" and case is not None:
        names = [name for name, _ in formula.variables]
        domains = [case.enums[enum].members for _, enum in formula.variables]
        # The body's thresholds do not depend on the members bound: found once, then given each binding.
        inner = list(thresholds(formula.body, {}, case))
        for values in itertools.product(*domains):
            bound = {**env, **dict(zip(names, values))}
            for term, inner_env, op, constant in inner:
                yield term, {**bound, **inner_env}, op, constant
    else:
        threshold = _threshold(formula)
        if threshold is not None:
            yield threshold[0], env, threshold[1], threshold[2]


def only_thresholds(formula) -> bool:
    """Whether the formula is nothing but thresholds joined by `and` and `forall`.

    Such a formula holds in every world of some facts exactly when each of its
    thresholds does, so the worst case of each decides it (see cleared).
    """
    formula = _unnegated(formula)
    if isinstance(formula, m.Logic) and formula.op == "and":
        return only_thresholds(formula.left) and only_thresholds(formula.right)
    if isinstance(formula, m.Quant) and formula.kind == "forall":
        return only_thresholds(formula.body)
    return _threshold(formula) is not None


def cleared(worst: Fraction, op: str, constant: Fraction) -> bool:
    """Whether every value up to a ceiling's worst case (down to a floor's) satisfies `term op constant`.

    The worst case is the supremum or infimum, reached or not: under a ceiling every
    value is at most it, so `worst < constant` (or `<=`) leaves no value that breaks it.
    """
    return {"<": worst < constant, "<=": worst <= constant, ">": worst > constant, ">=": worst >= constant}[op]


def _unnegated(formula):
    """`not (x > c)` read as `x <= c`."""
    if isinstance(formula, m.Not) and isinstance(formula.operand, m.Compare) and formula.operand.op in _NEGATED:
        return attrs.evolve(formula.operand, op=_NEGATED[formula.operand.op])
    return formula


def _threshold(formula):
    """(term, op, constant) when the formula is a numeric comparison of a measured term with a constant, else None."""
    if not (isinstance(formula, m.Compare) and formula.op in _UPPER | _LOWER and measured(formula)):
        return None
    right, left = constant(formula.right), constant(formula.left)
    if right is not None and left is None:
        return formula.left, formula.op, right.value
    if left is not None and right is None:
        return formula.right, _MIRROR[formula.op], left.value
    return None


def constant(expr) -> m.Const | None:
    """A numeric expression of literals alone, as one exact constant (`0.8 * 11` is 8.8), or None.

    A published pass rule is naturally written as a fraction of a count (docs/language.md 13.6);
    it is a threshold like any other, and its margin is checked the same way.
    """
    if isinstance(expr, m.Const):
        return expr if _number(expr) else None
    if isinstance(expr, m.Neg) and expr.type.numeric:
        inner = constant(expr.operand)
        return None if inner is None else m.Const(-inner.value, expr.type, span=expr.span)
    if isinstance(expr, m.Arith) and expr.type.numeric:
        left, right = constant(expr.left), constant(expr.right)
        if left is None or right is None:
            return None
        value = {"+": left.value + right.value, "-": left.value - right.value, "*": left.value * right.value}[expr.op]
        return m.Const(value, expr.type, span=expr.span)
    return None


def questions(facts, formula, case: m.Case) -> list:
    """The worst-case questions of every threshold in `formula` under `facts`, as Prover.extreme takes them."""
    return [(facts, term, env, op in _UPPER) for term, env, op, _ in thresholds(formula, case=case)]


def figure(prover, facts, where: str, term, env: dict, op: str, constant: Fraction):
    """The MarginFigure of one threshold, None when the term is unbounded that way, or Unknown."""
    from ..logic.solver import Unknown  # here, not above: a kept report's figures unpickle without Z3

    worst = prover.extreme(facts, term, env, highest=op in _UPPER)
    if worst is None or isinstance(worst, Unknown):
        return worst
    absolute = constant - worst if op in _UPPER else worst - constant
    relative = absolute / abs(constant) if constant != 0 else None
    text = formula_text(m.Compare(op, _bound(term, env), m.Const(constant, m.REAL)))  # an aggregate is bracketed
    return MarginFigure(where, text, worst, absolute, relative)


def threshold_figures(prover, facts, formula, where: str, case: m.Case) -> list:
    """(op, constant, figure) for each threshold of `formula` in order, the figure as `figure` gives it."""
    return [(op, constant, figure(prover, facts, where, term, env, op, constant))
            for term, env, op, constant in thresholds(formula, case=case)]


def holds_at_worst(prover, facts, formula, case: m.Case) -> bool:
    """Whether the worst cases of a formula made only of thresholds show it holds in every world of `facts`.

    A formula of thresholds joined by `and` and `forall` holds in every world exactly
    when each threshold clears its worst case (see only_thresholds), so a step already
    measured for its margins needs no entailment question of its own. Only a clear pass
    counts: a figure missing, unbounded or undecided, a worst case on the threshold, or
    anything nonlinear (where an optimum may not be exact) leaves the question to the solver.
    """
    from ..logic.queries import dump_active  # here, not above: a kept report's figures unpickle without Z3
    from ..logic.solver import Unknown

    # `--dump-smt` writes every question a verdict rests on, for a second solver to answer:
    # the step is asked of Z3 there as an entailment, not settled here.
    if dump_active() or not only_thresholds(formula) or not prover.linear([*facts, formula]):
        return False
    for term, env, op, constant in thresholds(formula, case=case):
        worst = prover.extreme(facts, term, env, highest=op in _UPPER)
        if worst is None or isinstance(worst, Unknown) or not cleared(worst, op, constant):
            return False
    return True


def below(figure_: MarginFigure, minimum: Fraction) -> bool:
    """Whether a margin is under the minimum: relative where the threshold is not 0, absolute where it is."""
    measured = figure_.relative if figure_.relative is not None else figure_.absolute
    return measured < minimum


def measured(expr) -> bool:
    """Whether a formula mentions a measure: only a measured quantity has a margin; the deployment's settings are exact.

    Asked of every threshold of every leaf claim, so the walk reads each node class's
    fields once (a generic walk through attrs for each node was most of the time).
    """
    todo = [expr]
    while todo:
        node = todo.pop()
        if isinstance(node, m.MeasureApp):
            return True
        if isinstance(node, tuple):
            todo.extend(node)
        elif not isinstance(node, m.Type):
            todo.extend(getattr(node, name) for name in _child_fields(type(node)))
    return False


def _child_fields(cls) -> tuple:
    """The names of a model node class's fields that can hold expressions (none for plain values)."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in attrs.fields(cls) if f.name != "span") if attrs.has(cls) else ()
    return names


_FIELDS: dict = {}  # model node class -> its fields' names (a few dozen classes)


def _number(expr) -> bool:
    return isinstance(expr, m.Const) and expr.type.numeric


def _bound(expr, env: dict):
    """The term with its bound variables replaced by the members they stand for, for display."""
    if isinstance(expr, m.BoundVar) and expr.name in env:
        return m.Const(env[expr.name], expr.type)
    if isinstance(expr, tuple):
        return tuple(_bound(item, env) for item in expr)
    if not attrs.has(type(expr)) or isinstance(expr, m.Type):
        return expr
    return attrs.evolve(expr, **{f.name: _bound(getattr(expr, f.name), env)
                                 for f in attrs.fields(type(expr)) if f.name != "span"})
