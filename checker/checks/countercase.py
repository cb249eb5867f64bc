"""Countercases (G201-G203, G111): whether the argument asks how it could fail, and how it answers."""
from __future__ import annotations

from ..semantics import model as m
from ..findings.finding import Related, finding
from .context import CheckContext
from .known import FamilyResult, Known


def check_countercases(cx: CheckContext, known: Known) -> FamilyResult:
    rebutted = dict(known.established.rebutted) if known.established is not None else {}
    # Open formal defeaters whose standing is undecided are X001 (establishment family), not G202.
    undecided = known.established.undecided_open if known.established is not None else ()
    findings = (*_neglected(cx), *_open(cx, {**rebutted, **dict.fromkeys(undecided)}), *_self_rebuttals(cx),
                *_unowned(cx))
    return FamilyResult(findings, known)


def _kind(case: m.Case, name: str) -> str:
    for kind, table in (("claim", case.claims), ("strategy", case.strategies),
                        ("assumption", case.assumptions), ("evidence", case.evidence)):
        if name in table:
            return kind
    return "node"


# ---- G201: no defeater considered -------------------------------------------------


def _neglected(cx: CheckContext):
    """Claims in the argument that no defeater challenges, directly or through their support."""
    challenged = {ref.text for defeater in cx.case.defeaters.values() for ref in defeater.against}
    argument = cx.argument_nodes()
    for claim in cx.case.claims.values():
        if claim.name not in argument:
            continue  # unreachable claims are reported as such (G106); doubting them changes nothing
        support = {claim.name} | {ref.text for ref in (*claim.strategies, *claim.evidence)}
        # The assumptions its strategies are given support it too: doubting one undermines the claim (section 7).
        support |= {ref.text for s in claim.strategies if s.text in cx.case.strategies
                    for ref in cx.case.strategies[s.text].given}
        if not support & challenged:
            yield finding("G201", claim.span, name=claim.name)


# ---- G202: open defeaters -----------------------------------------------------------


def _open(cx: CheckContext, rebutted: dict):
    """One finding per (open defeater, target the argument relies on); the argument may rebut a formal one itself (L218)."""
    argument = cx.argument_nodes()
    for defeater in cx.case.defeaters.values():
        if defeater.status != "open" or defeater.name in rebutted:
            continue
        for ref in defeater.against:
            if ref.text not in argument:
                continue  # an objection to something the argument does not use cannot defeat it
            target = cx.case.node(ref.text)
            note = f"{_kind(cx.case, ref.text)} `{ref.text}`: {target.title}"
            yield finding("G202", defeater.span, defeater=defeater.name, target=ref.text,
                          related=(Related(target.span, note),))


# ---- G203: self-rebuttal ------------------------------------------------------------
# Reading: a defeater doubts the evidence it names in `against` (the literal case),
# and it also doubts the evidence cited directly (`evidence E1`) by each claim it
# names: a defeater against a leaf claim questions whether that claim's support
# shows what it is said to show (sandbagging against G1 doubts G1's evaluation E1),
# so E1 pointed at again answers nothing. Evidence further down (cited by the
# premises of a challenged claim's strategy) is not counted: it supports a
# different claim and may well answer a doubt about the conclusion's step.


def _self_rebuttals(cx: CheckContext):
    for defeater in cx.case.defeaters.values():
        if defeater.status != "rebutted":
            continue
        doubted = doubted_evidence(cx.case, defeater)
        for ref in defeater.rebutted_by:
            if ref.text in doubted:
                yield _self_rebuttal(cx.case, defeater, ref.text, doubted[ref.text])


def doubted_evidence(case: m.Case, defeater: m.Defeater) -> dict:
    """Evidence name -> the claim through which the defeater doubts it (None when it names the evidence)."""
    doubted = {}
    for ref in defeater.against:
        if ref.text in case.claims:
            for cited in case.claims[ref.text].evidence:
                doubted.setdefault(cited.text, ref.text)
    for ref in defeater.against:
        if ref.text in case.evidence:
            doubted[ref.text] = None  # named outright: the plainest reason, so it wins
    return doubted


def _self_rebuttal(case: m.Case, defeater: m.Defeater, evidence: str, via: str | None):
    item = case.evidence[evidence]
    related = [Related(item.span, f"evidence `{evidence}`: {item.title}")]
    if via is None:
        details = (f"`{defeater.name}` is against `{evidence}` itself; rebut it with independent evidence",)
    else:
        details = (f"`{evidence}` is the evidence cited for claim `{via}`, which `{defeater.name}` challenges; "
                   "rebut it with independent evidence",)
        related.append(Related(case.claims[via].span, f"claim `{via}`"))
    return finding("G203", defeater.span, defeater=defeater.name, evidence=evidence,
                   details=details, related=tuple(related))


# ---- G111: an accepted risk nobody carries ----------------------------------------------------


def _unowned(cx: CheckContext):
    for defeater in cx.case.defeaters.values():
        if defeater.status == "accepted" and not (defeater.owner or "").strip():
            yield finding("G111", defeater.span, defeater=defeater.name)
