"""Patterns proved once (P101, P102): each strategy of a pattern, for every instantiation its parameters allow."""
from __future__ import annotations

from ..findings.finding import Related, finding
from ..logic.generic import GenericRefuted
from ..logic.queries import asking
from ..logic.solver import Proved, Unknown
from ..semantics import model as m
from .context import effective


def check_pattern_steps(case: m.Case, prover, pattern_name: str) -> list:
    """P101 with a counterexample instantiation for each unsound step; P102 where each instance is checked instead."""
    findings = []
    for claim in case.claims.values():
        for ref in claim.strategies:
            findings += _step(case, prover, pattern_name, claim, case.strategies[ref.text])
    return findings


def _step(case: m.Case, prover, pattern_name: str, claim: m.Claim, strategy: m.Strategy) -> list:
    premises = [case.claims[p.text] for p in strategy.premises]
    given = [case.assumptions[a.text] for a in strategy.given]
    if claim.formula is None or any(p.formula is None for p in premises) or any(a.formula is None for a in given):
        return []  # an informal step: nothing to prove, here or in an instance (L208 there)
    fields = dict(strategy=strategy.name, pattern=pattern_name)
    if not premises and not given:
        reason = "it has no premises, so it rests on the boundary of each case that uses the pattern"
        return [finding("P102", strategy.span, reason=reason, **fields)]
    facts = list(case.boundary or ()) + [effective(p) for p in premises] + [a.formula for a in given]
    answer = asking(prover, "P101", strategy.name, pattern_name).entails(facts, effective(claim))
    if isinstance(answer, Proved):
        return []
    if isinstance(answer, Unknown):
        return [finding("P102", strategy.span, reason=f"the solver could not decide it generically ({answer.reason})",
                        **fields)]
    assert isinstance(answer, GenericRefuted)
    details = ("an instantiation where every premise holds and the conclusion fails:",
               *("  " + line for line in answer.lines()))
    return [finding("P101", strategy.span, claim=claim.name, details=details, world=answer.instance.world,
                    related=(Related(claim.span, f"conclusion `{claim.name}`"),), **fields)]
