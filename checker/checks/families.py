"""The one ordered list of check families the pipeline runs (imported through `checker.checks`).

A family is a function (CheckContext, Known) -> FamilyResult: it reads the
resolved case through the context, asks the prover, and returns its findings
with what it learned (see known.py). Families never see each other's findings
except through Known, so the order below is the whole contract.
"""
from __future__ import annotations

import functools
from typing import Callable

import attrs

from ..findings.report import is_error
from . import (acceptability, acceptance, change, countercase, dates, decision, establish, evidence, names, patterns,
               proofs, requires, settings, structure)
from .context import NOT_ASKED, CheckContext, Unasked, part_shares
from .known import FamilyResult, Known


@attrs.frozen
class Family:
    name: str
    run: Callable[[CheckContext, Known], FamilyResult]
    # A boundary that admits no deployment makes every answer about a deployment vacuous: such
    # families run without the solver, for the findings that do not need it (see without_deployments).
    needs_deployments: bool = True
    # A family that can run in parts (`--jobs`): split(index, count) is the run of one part;
    # the parts' results, in order, are the whole family's.
    split: Callable[[int, int], Callable[[CheckContext, Known], FamilyResult]] | None = None
    # How much work each item the parts are cut from is (the parts carry about equal weight);
    # equal items when None.
    weights: Callable[[CheckContext, Known], list] | None = None
    share: float = 1.0  # the part of the whole family's work this one does (a part's, for --jobs)
    whole: str = ""  # the family a part is of (its name, for the parts' cost); "" for a whole family

    def parts(self, count: int, cx: CheckContext | None = None, known: Known | None = None) -> list["Family"]:
        """The family as `count` parts named `name i/count`, each with its share (itself when it cannot be split)."""
        if self.split is None or count < 2:
            return [self]
        weighed = self.weights is not None and cx is not None
        shares = part_shares(self.weights(cx, known or Known()), count) if weighed else [1 / count] * count
        return [attrs.evolve(self, name=f"{self.name} {i + 1}/{count}", run=self.split(i, count), split=None,
                             weights=None, share=shares[i], whole=self.name) for i in range(count)]


def _reporting(check: Callable[[CheckContext], list]) -> Callable[[CheckContext, Known], FamilyResult]:
    """A family that learns nothing: only its findings travel on."""
    return lambda cx, known: FamilyResult(tuple(check(cx)), known)


FAMILIES = (
    Family("structure", _reporting(structure.check_structure), needs_deployments=False),
    Family("names", _reporting(names.check_names), needs_deployments=False),
    Family("boundary", proofs.check_boundary, needs_deployments=False),
    Family("pattern instances", _reporting(patterns.check_side_conditions)),
    Family("assumptions", _reporting(proofs.check_assumptions)),
    Family("claims", proofs.check_claims),
    Family("strategies", proofs.check_strategies),
    Family("evidence", evidence.check_evidence,
           split=lambda index, count: functools.partial(evidence.check_evidence, part=(index, count))),
    Family("whole argument", _reporting(proofs.check_whole_argument)),
    Family("establishment", establish.check_establishment),
    Family("settings", _reporting(settings.check_settings)),
    Family("countercases", countercase.check_countercases),
    Family("acceptance", acceptance.check_acceptance),
    Family("leaf margins", acceptance.check_leaf_margins,
           split=lambda index, count: functools.partial(acceptance.check_leaf_margins, part=(index, count)),
           weights=acceptance.leaf_margin_weights),
    Family("acceptability", acceptability.check_acceptability, needs_deployments=False),
    Family("change control", _reporting(change.check_change_control)),
    Family("evidence dates", _reporting(dates.check_evidence_dates), needs_deployments=False),
    # Before the decision: a decision on a case whose required case fails rests on errors too (L210).
    Family("requires", _reporting(requires.check_requirements), needs_deployments=False),
    Family("decision", decision.check_decision, needs_deployments=False),
    Family("decision dates", _reporting(dates.check_decision_dates), needs_deployments=False),
    Family("decision signer", _reporting(acceptability.check_signer), needs_deployments=False),
)


def run_checks(cx: CheckContext, families=FAMILIES, known: Known | None = None) -> tuple[list, Known]:
    """Every family in order, from what earlier ones established (`known`); returns the findings and what is known."""
    findings, known = [], Known() if known is None else known
    for family in families:
        if family.needs_deployments and not known.boundary_admits:
            result = without_deployments(family, cx, known)
        else:
            result = family.run(cx, known)
        findings.extend(result.findings)
        known = attrs.evolve(result.known, errors=result.known.errors + sum(map(is_error, result.findings)))
    return findings, known


def without_deployments(family: Family, cx: CheckContext, known: Known) -> FamilyResult:
    """A family run when the boundary admits no deployment (L209): every check that needs no solver.

    Each question about a deployment would be answered vacuously (every step follows,
    nothing can hold), so its findings would only repeat L209: such questions are not
    asked, and the family's findings that do not depend on them (a missing defeater, an
    expired item, an informal step, ...) are reported as on any case.
    """
    unasked = attrs.evolve(cx, prover=Unasked(cx.prover), memo={})
    result = family.run(unasked, known)
    kept = tuple(f for f in result.findings if not (f.code == "X001" and f.field("reason") == NOT_ASKED))
    return FamilyResult(kept, result.known)
