"""How far an evidence item clears the thresholds of the claims that cite it, where that can be read off directly.

A margin is read only where the claim states a numeric bound on a term
(`solve_rate(exploit_dev) < 0.15`, also under `forall` and `and`) and the
evidence bounds the same term (`solve_rate(exploit_dev) in [0.02, 0.08]`, or
`<= 0.08`): the margin is the distance from the evidence's worst end to the
threshold (0.07 here). Anything else gets no figure: the prover, not this
module, decides whether evidence establishes a claim.
"""
from __future__ import annotations

from fractions import Fraction

import attrs

from ..semantics import model as m
from ..semantics.formula_text import formula_text

_UPPER, _LOWER = {"<", "<="}, {">", ">="}
_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


@attrs.frozen
class Margin:
    claim: str
    term: str  # the bounded term, as case text
    threshold: str  # the claim's comparison, as case text: `< 0.15`
    worst: Fraction  # the evidence's worst end
    margin: Fraction  # threshold minus worst (upper bounds) or worst minus threshold (lower bounds)


def margins(case: m.Case, evidence: m.Evidence) -> list[Margin]:
    """Every threshold of a citing claim that this evidence bounds directly, in claim order."""
    shown = [bound for formula in evidence.shows for bound in _bounds(formula)]
    found = []
    for claim in case.claims.values():
        if evidence.name not in {ref.text for ref in claim.evidence} or claim.formula is None:
            continue
        for term, op, value in _thresholds(claim.formula):
            margin = _margin(term, op, value, shown)
            if margin is not None:
                found.append(Margin(claim.name, formula_text(_shown(term)), f"{op} {formula_text(value)}",
                                    *margin))
    return found


def _margin(term, op: str, threshold: m.Const, shown) -> tuple | None:
    """(worst end, margin) against one threshold, from the tightest matching bound the evidence gives."""
    if op in _UPPER:
        highs = [high for t, low, high in shown if t == term and high is not None]
        return (min(highs), threshold.value - min(highs)) if highs else None
    lows = [low for t, low, high in shown if t == term and low is not None]
    return (max(lows), max(lows) - threshold.value) if lows else None


def _thresholds(formula) -> list:
    """(term, op, constant) for each numeric comparison a claim asserts, through `and` and `forall`."""
    formula = _canonical(formula)
    if isinstance(formula, m.Logic) and formula.op == "and":
        return _thresholds(formula.left) + _thresholds(formula.right)
    if isinstance(formula, m.Quant) and formula.kind == "forall":
        return [(_quantified(formula, term), op, value) for term, op, value in _thresholds(formula.body)]
    comparison = _comparison(formula)
    return [comparison] if comparison is not None else []


def _bounds(formula) -> list:
    """(term, low, high) for each numeric bound evidence shows; an unbounded side is None."""
    formula = _canonical(formula)
    if isinstance(formula, m.Logic) and formula.op == "and":
        return _bounds(formula.left) + _bounds(formula.right)
    if isinstance(formula, m.Quant) and formula.kind == "forall":
        return [(_quantified(formula, term), low, high) for term, low, high in _bounds(formula.body)]
    if isinstance(formula, m.Between) and not formula.negated and _number(formula.low) and _number(formula.high):
        return [(formula.subject, formula.low.value, formula.high.value)]
    comparison = _comparison(formula)
    if comparison is None:
        return []
    term, op, value = comparison
    return [(term, None, value.value)] if op in _UPPER else [(term, value.value, None)]


def _comparison(formula):
    if not isinstance(formula, m.Compare) or formula.op not in _UPPER | _LOWER:
        return None
    if _number(formula.right) and not _number(formula.left):
        return formula.left, formula.op, formula.right
    if _number(formula.left) and not _number(formula.right):
        return formula.right, _MIRROR[formula.op], formula.left
    return None


def _number(expr) -> bool:
    return isinstance(expr, m.Const) and expr.type.numeric


def _canonical(formula):
    """`not (x > c)` is the threshold `x <= c`."""
    if isinstance(formula, m.Not) and isinstance(formula.operand, m.Compare) and formula.operand.op in _MIRROR:
        flipped = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}[formula.operand.op]
        return attrs.evolve(formula.operand, op=flipped)
    return formula


# A term under `forall` is compared by the position of its bound variables, not their names, so
# `forall r: R. f(r) <= 0.05` matches evidence `forall t: R. f(t) in [0, 0.03]`.


@attrs.frozen
class _Quantified:
    domains: tuple  # the enums of the bound variables, in order
    term: object


def _quantified(quant: m.Quant, term):
    positions = {name: f"#{index}" for index, (name, _) in enumerate(quant.variables)}
    return _Quantified(tuple(enum for _, enum in quant.variables), _rebound(term, positions))


def _shown(term):
    """A matched term as text: positional variables are shown as the enums they range over."""
    if isinstance(term, _Quantified):
        return _rebound(term.term, {f"#{index}": f"each {enum}" for index, enum in enumerate(term.domains)})
    return term


def _rebound(expr, names: dict):
    """`expr` with each bound variable named in `names` renamed to its entry (spans are left as they are)."""
    if isinstance(expr, m.BoundVar) and expr.name in names:
        return m.BoundVar(names[expr.name], expr.type)
    if isinstance(expr, tuple):
        return tuple(_rebound(item, names) for item in expr)
    if not attrs.has(type(expr)) or isinstance(expr, m.Type):
        return expr
    return attrs.evolve(expr, **{f.name: _rebound(getattr(expr, f.name), names)
                                 for f in attrs.fields(type(expr)) if f.name != "span"})
