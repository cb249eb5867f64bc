"""Time (E315-E322): dates that cannot be true together, a decision past its expiry, evidence that never goes stale.

Every date is judged at `--as-of` (today by default). A date marks a day: an
item that `expires` on day D is valid on the days before D and expired from D on,
for evidence (E304) and decisions (E315) alike.
"""
from __future__ import annotations

from ..findings.finding import Related, finding
from .context import CheckContext


def check_evidence_dates(cx: CheckContext) -> list:
    """The case's own dates: errors here are errors of the case, which a decision then rests on (L210)."""
    return [*_evidence_dates(cx), *_never_stale(cx), *_expired_rebuttals(cx)]


def check_decision_dates(cx: CheckContext) -> list:
    """The decision's dates: a fault of the decision, not of the case it was taken on."""
    return list(_decision_dates(cx))


def _decision_dates(cx: CheckContext):
    """E315 a decision expired at `--as-of`; E319 one that expires within `warn-expiry` days; E316 one that predates its
    evidence; E322 one dated after `--as-of`."""
    decision = cx.case.decision
    if decision is None:
        return
    as_of = cx.as_of.isoformat()
    if decision.on > cx.as_of:
        yield finding("E322", decision.span, decision=decision.kind, on=decision.on.isoformat(), as_of=as_of)
    # E318 says the dates cannot be true together, E315 that the decision has lapsed at `--as-of`: both can
    # hold, and both are reported, as E318 and E304 are for evidence.
    if decision.expires is not None and decision.expires <= decision.on:
        yield finding("E318", decision.span, item=f"decision `{decision.kind}`", expires=decision.expires.isoformat(),
                      date=decision.on.isoformat())
    if decision.expires is not None and decision.expires <= cx.as_of:
        yield finding("E315", decision.span, decision=decision.kind, expires=decision.expires.isoformat(), as_of=as_of)
    elif decision.expires is not None and _soon(cx, decision.expires):
        yield finding("E319", decision.span, decision=decision.kind, expires=decision.expires.isoformat(),
                      days=cx.warn_expiry, as_of=as_of)
    for evidence in cx.case.evidence.values():
        if evidence.date is not None and evidence.date > decision.on:
            yield finding("E316", decision.span, decision=decision.kind, on=decision.on.isoformat(),
                          evidence=evidence.name, date=evidence.date.isoformat(),
                          related=(Related(evidence.span, f"evidence `{evidence.name}`, dated {evidence.date}"),))


def _soon(cx: CheckContext, expires) -> bool:
    return cx.warn_expiry is not None and (expires - cx.as_of).days <= cx.warn_expiry


def _evidence_dates(cx: CheckContext):
    """E317 evidence dated after `--as-of`; E318 evidence that expires on or before the day it was obtained."""
    for evidence in cx.case.evidence.values():
        if evidence.date is None:
            continue
        if evidence.date > cx.as_of:
            yield finding("E317", evidence.span, evidence=evidence.name, date=evidence.date.isoformat(),
                          as_of=cx.as_of.isoformat())
        if evidence.expires is not None and evidence.expires <= evidence.date:
            yield finding("E318", evidence.span, item=f"evidence `{evidence.name}`",
                          expires=evidence.expires.isoformat(), date=evidence.date.isoformat())


def _never_stale(cx: CheckContext):
    """E320: cited evidence tied to no model build and with no expiry: nothing would ever make it stale."""
    cited = {ref.text for claim in cx.case.claims.values() for ref in claim.evidence}
    for evidence in cx.case.evidence.values():
        if evidence.name in cited and evidence.model is None and evidence.expires is None:
            yield finding("E320", evidence.span, evidence=evidence.name)


def _expired_rebuttals(cx: CheckContext):
    """E321: a defeater rebutted by evidence that has expired is open again."""
    for defeater in cx.case.defeaters.values():
        if defeater.status != "rebutted":
            continue
        for ref in defeater.rebutted_by:
            evidence = cx.case.evidence.get(ref.text)
            if evidence is not None and evidence.expires is not None and evidence.expires <= cx.as_of:
                yield finding("E321", defeater.span, defeater=defeater.name, evidence=evidence.name,
                              expires=evidence.expires.isoformat(), as_of=cx.as_of.isoformat(),
                              related=(Related(evidence.span, f"evidence `{evidence.name}`"),))

