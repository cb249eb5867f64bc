"""Scope substitution through `requires` (L225, G209): a required case must cover every deployment this one does.

A case that requires another borrows its verdict. The verdict speaks only of
the deployments inside the required case's boundary, so this case's boundary
(with the requirement's `when` condition, where it binds) must lie inside it.
The two boundaries are compared in one vocabulary: the context variables of
both cases, matched by name. A variable the required case's boundary constrains
and this case does not declare is unconstrained here, so the borrowed verdict
does not reach it: that is a deployment outside, and it is shown.
"""
from __future__ import annotations

import attrs

from ..findings.finding import Related, finding
from ..logic.queries import asking
from ..logic.solver import Found, Prover, Unknown
from ..semantics import model as m
from ..semantics.evaluate import MissingValue, evaluate
from ..semantics.formula_text import formula_text
from .context import CheckContext, counterexample, unknown_finding


def _broken(case: m.Case, line, path: str) -> str:
    """The note at a required boundary line the deployment breaks: the line, and what this case leaves free."""
    free = [name for name in m.variable_names([line]) if name not in case.context]
    unstated = f" (this case does not declare {', '.join(f'`{name}`' for name in free)}, so nothing here keeps it)" \
        if free else ""
    return f'boundary line `{formula_text(line)}` of "{path}" is false in this deployment{unstated}'


def check_containment(cx: CheckContext, requirement: m.Requirement, required: m.Case, facts=None) -> list:
    """L225 when this case's boundary reaches outside the required case's; G209 when they cannot be compared.

    `facts` (the boundary with what the argument puts forward) replace the boundary for a conditional
    requirement: its condition binds only where they leave it possible, as they decide whether it binds.
    """
    if not required.boundary:
        return []  # the required case speaks of every deployment its context can describe
    clash = _clash(cx.case, required)
    if clash:
        return [finding("G209", requirement.span, path=requirement.path, reason=clash)]
    joined = _joined(cx.case, required)
    prover = Prover(joined, cx.prover.timeout_ms / 1000)
    condition = [requirement.condition] if requirement.condition is not None else []
    where = list(facts) if facts is not None else cx.boundary
    answer = asking(prover, "L225", requirement.path, cx.case.name, cx.path).find_world(
        where + condition, negated=(m.conjunction(required.boundary),))
    if isinstance(answer, Unknown):
        return [unknown_finding(requirement.span, f'whether the boundary lies inside that of "{requirement.path}"',
                                answer)]
    if not isinstance(answer, Found):
        return []
    lines = [f for f in required.boundary if _fails(prover, f, answer.world)]
    related = tuple(Related(f.span, _broken(cx.case, f, requirement.path)) for f in lines if f.span is not None)
    details = counterexample(f'a deployment inside this boundary and outside that of "{requirement.path}":',
                             answer.world)
    return [finding("L225", requirement.span, path=requirement.path, world=answer.world, related=related,
                    details=details)]


def _fails(prover: Prover, formula, world) -> bool:
    try:
        return evaluate(formula, world, prover.encoder.case) is False
    except MissingValue:
        return False


def _clash(case: m.Case, required: m.Case) -> str | None:
    """Why the two vocabularies cannot be joined: a shared variable or enum declared differently."""
    for name, variable in required.context.items():
        mine = case.context.get(name)
        if mine is not None and mine.type != variable.type:
            return f"context variable `{name}` is `{mine.type}` here and `{variable.type}` there"
    for name, enum in required.enums.items():
        mine = case.enums.get(name)
        if mine is not None and set(mine.members) != set(enum.members):
            return (f"enum `{name}` has members {{{', '.join(mine.members)}}} here and "
                    f"{{{', '.join(enum.members)}}} there")
    return None


def _joined(case: m.Case, required: m.Case) -> m.Case:
    """This case with the required case's other context variables and enums added: one vocabulary for both."""
    enums = {**required.enums, **case.enums}
    context = {**required.context, **case.context}
    return attrs.evolve(case, enums=enums, context=context)
