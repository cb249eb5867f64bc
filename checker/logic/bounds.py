"""Conjuncts that only bound one real unknown by a number: the worst case of that unknown needs no optimiser.

A figure (logic/extremes.py) is the supremum or infimum of a term over the worlds where
some facts hold, read over only the facts it depends on. When the term is one real
unknown and every fact it depends on is a bound of that unknown by a number (an
interval shown by evidence, `x < 0.2`, the measure's declared range), the facts make a
box on a line: its supremum is the least upper bound and its infimum the greatest lower
bound, reached or only approached, which is what the optimiser answers (an approached
bound is read as the bound itself, `extremes.finite`). At 2,000 threat models every
figure of the evidence's leaf claims is of this kind: 4,000 figures, a tenth of the check
when each went through an optimisation.

The bounds are read from the model formula while it is encoded, never from Z3's terms,
so recognising one costs no call into Z3. Integers are left to the optimiser: between
two bounds their extreme is a rounding of the bound, not the bound.
"""
from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from ..semantics import model as m


class Bound(NamedTuple):
    """`symbol <= value` (upper) or `symbol >= value`, strict for < and >."""

    symbol: tuple
    value: Fraction
    upper: bool
    strict: bool


_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}


def bounds_of(expr, env: dict) -> tuple[Bound, ...] | None:
    """The bounds a closed formula states, when it is nothing but bounds of one real unknown by numbers."""
    if isinstance(expr, m.Between):
        subject, low, high = real_symbol(expr.subject, env), _number(expr.low), _number(expr.high)
        if expr.negated or subject is None or low is None or high is None:
            return None
        return Bound(subject, low, False, False), Bound(subject, high, True, False)
    if isinstance(expr, m.Compare) and expr.op in _FLIPPED:
        symbol, number, op = real_symbol(expr.left, env), _number(expr.right), expr.op
        if symbol is None:
            symbol, number, op = real_symbol(expr.right, env), _number(expr.left), _FLIPPED[expr.op]
        if symbol is None or number is None:
            return None
        if op == "==":
            return Bound(symbol, number, False, False), Bound(symbol, number, True, False)
        return (Bound(symbol, number, op in ("<", "<="), op in ("<", ">")),)
    return None


def extreme(symbol: tuple, bounds, highest: bool):
    """(True, the supremum or infimum of `symbol` over the box `bounds` make; None when unbounded that way).

    (False, None) when some bound is about another unknown or the box is empty: the
    optimiser is asked then, as for any other figure.
    """
    upper = lower = None  # (value, strict) of the tightest bound on each side
    for bound in bounds:
        if bound.symbol != symbol:
            return False, None
        if bound.upper:
            if upper is None or bound.value < upper[0] or (bound.value == upper[0] and bound.strict):
                upper = (bound.value, bound.strict)
        elif lower is None or bound.value > lower[0] or (bound.value == lower[0] and bound.strict):
            lower = (bound.value, bound.strict)
    if upper is not None and lower is not None:
        if lower[0] > upper[0] or (lower[0] == upper[0] and (lower[1] or upper[1])):
            return False, None
    side = upper if highest else lower
    return True, (None if side is None else side[0])


def real_symbol(expr, env: dict) -> tuple | None:
    """The symbol of a term that is one real unknown (a measure applied to members, a context variable), else None."""
    if getattr(expr, "type", None) is None or expr.type.kind != "real":
        return None
    if isinstance(expr, m.CtxVar):
        return ("ctx", expr.name)
    if isinstance(expr, m.OldVar):
        return ("old", expr.name)
    if isinstance(expr, m.MeasureApp):
        names = []
        for arg in expr.args:
            if isinstance(arg, m.Const):
                names.append(arg.value)
            elif isinstance(arg, m.BoundVar) and arg.name in env:
                names.append(env[arg.name])
            else:
                return None
        return ("measure", expr.name, tuple(names))
    return None


def _number(expr) -> Fraction | None:
    if isinstance(expr, m.Const) and expr.type.kind in ("int", "real") and not isinstance(expr.value, bool):
        return Fraction(expr.value)
    return None
