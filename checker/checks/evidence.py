"""Evidence against the claims it is cited for (E rules): sufficiency, contradiction, staleness."""
from __future__ import annotations

import attrs

from ..semantics import model as m
from ..findings.finding import Related, finding
from ..logic.solver import Impossible, Proved, Refuted, Unknown
from ..semantics.world import show_number, show_value
from . import known as k
from .known import FORMAL_STEP, INFORMAL_STEP, PROVED_STEP, FamilyResult, Known, StepOutcome, Steps
from . import margins as margin_figures
from .context import CheckContext, counterexample, effective, evidence_facts, failure, in_part, unknown_finding


def check_evidence(cx: CheckContext, known: Known, part: tuple[int, int] = (0, 1)) -> FamilyResult:
    """The E rules; `part` (index, count) judges one run of the claims' evidence steps and of the items (--jobs)."""
    findings, steps, outcomes = [], Steps(), []
    claims = in_part([claim for claim in cx.case.claims.values() if claim.evidence], part)
    own = {e.name for e in in_part(list(cx.case.evidence.values()), part)}  # the items this part reports on
    # The steps judged here need to know which of the items they cite cannot hold, wherever those are reported.
    cited_here = {ref.text for claim in claims for ref in claim.evidence}
    read = [e for e in cx.case.evidence.values() if e.name in own or e.name in cited_here]
    impossible, undecided = set(), set()  # undecided: whether the item can hold at all is unknown (X001)
    _announce(cx, known, claims, read)
    for evidence in read:
        problem = _impossible(cx, evidence)
        if problem is not None:
            if evidence.name in own:
                findings.append(problem)
            impossible.add(evidence.name)
            if problem.code == "X001":
                undecided.add(evidence.name)
    for claim in claims:
        step_findings, step = _evidence_step(cx, known, claim, impossible)
        findings.extend(step_findings)
        steps += step
        rests_on_undecided = any(ref.text in undecided for ref in claim.evidence)
        outcomes.append(_outcome(claim, step, step_findings, rests_on_undecided))
    findings.extend(_stale(cx, own))
    findings.extend(_cherry_picked(cx, known, own))
    return FamilyResult(tuple(findings), attrs.evolve(known, steps=known.steps + steps,
                                                      outcomes=known.outcomes + tuple(outcomes)))


def _outcome(claim: m.Claim, step: Steps, findings, rests_on_undecided: bool = False) -> StepOutcome:
    """The evidence step's outcome, read from how it was counted and what it found.

    A step over an item of which the solver could not tell whether it can hold at all is
    undecided, not failed: the item is set aside as if impossible (it could prove anything),
    but nothing shows that it is.
    """
    if step.proved:
        return StepOutcome(claim.name, None, k.PROVED)
    if not step.formal:
        return StepOutcome(claim.name, None, k.INFORMAL, f"it is an informal step ({findings[0].field('reason')})")
    if rests_on_undecided or any(f.code == "X001" for f in findings):
        return StepOutcome(claim.name, None, k.UNKNOWN, "undecided (X001)")
    codes = ", ".join(sorted({f.code for f in findings})) or "L205 or E303"
    return StepOutcome(claim.name, None, k.FAILED, f"the evidence does not establish it ({codes})")


def _announce(cx: CheckContext, known: Known, claims: list, items: list) -> None:
    """Tell the prover this family's questions first: each item possible, compatible with its claim, sufficient."""
    # Grouped questions only save time: an undecided group leaves each question to be asked on its own.
    cx.ask("E303", "group").prefetch_possible((cx.boundary + list(e.shows), ()) for e in items if e.shows)
    steps = [(claim, [cx.case.evidence[ref.text] for ref in claim.evidence]) for claim in claims
             if claim.formula is not None and claim.name not in known.impossible_claims]
    steps = [(claim, [e for e in cited if e.shows]) for claim, cited in steps]
    cx.ask("E302", "group").prefetch_possible((_compatible(cx, claim, e), ()) for claim, formal in steps for e in formal)
    # A step whose claim is nothing but thresholds is settled by their worst cases (see _evidence_step),
    # the figures the leaf margins report: found here, together, they are found once for both.
    measured = [evidence_facts(cx, claim) for claim, formal in steps
                if formal and margin_figures.only_thresholds(claim.formula)]
    cx.ask("E301", "group").prefetch_extremes(
        question for facts, formula in measured for question in margin_figures.questions(facts, formula, cx.case))


def _shown(formal) -> list:
    return [formula for e in formal for formula in e.shows]


def _compatible(cx: CheckContext, claim: m.Claim, evidence: m.Evidence) -> list:
    """The item and the claim hold together (inside the claim's scope): else the item contradicts it (E302)."""
    scope = [claim.within] if claim.within is not None else []
    return cx.boundary + scope + list(evidence.shows) + [claim.formula]


def _impossible(cx: CheckContext, evidence: m.Evidence):
    if not evidence.shows:
        return None
    answer = cx.ask("E303", evidence.name).possible(cx.boundary + list(evidence.shows))
    if isinstance(answer, Impossible):
        return finding("E303", evidence.shows[0].span or evidence.span, evidence=evidence.name)
    if isinstance(answer, Unknown):
        return unknown_finding(evidence.span, f"whether evidence `{evidence.name}` can hold", answer,
                              evidence.name)
    return None


def _evidence_step(cx: CheckContext, known: Known, claim: m.Claim, impossible: set) -> tuple[list, Steps]:
    """The evidence step under one claim: its findings, and whether it was formal and proved."""
    cited = [cx.case.evidence[ref.text] for ref in claim.evidence]
    formal = [e for e in cited if e.shows]
    if claim.formula is None or not formal:
        reason = f"claim `{claim.name}` is informal" if claim.formula is None else "its evidence shows no formula"
        return [finding("L208", claim.span, step=f"the evidence for claim `{claim.name}`", reason=reason)], INFORMAL_STEP
    if claim.name in known.impossible_claims:
        return [], FORMAL_STEP  # no evidence that can hold shows an impossible claim: L205 is the whole of it
    contradictions = list(_contradictions(cx, claim, [e for e in formal if e.name not in impossible]))
    if contradictions:
        return contradictions, FORMAL_STEP
    if any(e.name in impossible for e in formal):
        return [], FORMAL_STEP  # an impossible item (E303) would prove anything: the step proves nothing
    shows = _shown(formal)
    if len(formal) > 1:
        together = cx.ask("L214", f"evidence-{claim.name}").possible(cx.boundary + shows)
        if isinstance(together, Unknown):
            what = f"whether the evidence for `{claim.name}` can hold together"
            return [unknown_finding(claim.span, what, together, claim.name)], FORMAL_STEP
        if isinstance(together, Impossible):
            return [], FORMAL_STEP  # items that contradict each other prove anything: L214 names them
    if margin_figures.holds_at_worst(cx.ask("E301", claim.name), *evidence_facts(cx, claim), cx.case):
        return [], PROVED_STEP  # every threshold clears its worst case: no world breaks the claim
    answer = cx.ask("E301", claim.name).entails(cx.boundary + shows, effective(claim))
    if isinstance(answer, Proved):
        return [], PROVED_STEP
    if isinstance(answer, Unknown):
        return [unknown_finding(claim.span, f"whether the evidence establishes `{claim.name}`", answer,
                                claim.name)], FORMAL_STEP
    details = (*failure(cx, claim.name, effective(claim), answer.world,
                        "in this world, consistent with everything the evidence shows:"),
               *_worst_cases(cx, claim))
    related = tuple(Related(e.span, f"evidence `{e.name}`") for e in formal)
    return [finding("E301", claim.span, claim=claim.name, details=details, related=related,
                    world=answer.world)], FORMAL_STEP


def _worst_cases(cx: CheckContext, claim: m.Claim) -> list:
    """How far the evidence lets each threshold the claim fails go: `the evidence allows x up to 0.001 (threshold 0.000005)`."""
    facts, formula = evidence_facts(cx, claim)
    lines = []
    for op, constant, found in margin_figures.threshold_figures(cx.ask("E301", claim.name), facts, formula,
                                                                  claim.name, cx.case):
        if isinstance(found, margin_figures.MarginFigure) and found.absolute <= 0:
            way = "up to" if op in ("<", "<=") else "down to"
            term_text = found.threshold.rsplit(f" {op} ", 1)[0]
            lines.append(f"the evidence allows {term_text} {way} {show_number(found.worst)} "
                         f"(the claim needs {op} {show_number(constant)})")
    return lines


def _contradictions(cx: CheckContext, claim: m.Claim, formal):
    """E302 for each cited item that rules the claim out; an undecided item is left to the entailment below."""
    for evidence in formal:
        answer = cx.ask("E302", f"{evidence.name}-{claim.name}").possible(_compatible(cx, claim, evidence))
        if isinstance(answer, Impossible):
            yield finding("E302", evidence.shows[0].span or evidence.span, evidence=evidence.name, claim=claim.name,
                          related=(Related(claim.span, f"claim `{claim.name}`"),))


def _stale(cx: CheckContext, own: set):
    cited = {ref.text for claim in cx.case.claims.values() for ref in claim.evidence}
    # A rebuttal about another build answers nothing about this one, as cited evidence would not (E305);
    # its expiry is E321 (the defeater is open again), so only the model is judged here.
    rebuttals = {ref.text for defeater in cx.case.defeaters.values() for ref in defeater.rebutted_by}
    model_var = cx.case.context.get("model")
    pins = {}  # model name -> `model == name`, one formula for all the items of one model (one question)
    for evidence in cx.case.evidence.values():
        if evidence.name not in own or (evidence.name not in cited and evidence.name not in rebuttals):
            continue
        if evidence.name in cited:
            yield from _expiry(cx, evidence)
        if evidence.model is not None and model_var is not None and model_var.type.kind in ("string", "enum"):
            if evidence.model not in pins:
                pins[evidence.model] = _model_pin(cx, model_var.type, evidence.model)
            yield from _other_model(cx, evidence, pins[evidence.model])


def _expiry(cx: CheckContext, evidence: m.Evidence):
    """E304 for cited evidence past its expiry, E309 for one that expires within `warn-expiry` days."""
    if evidence.expires is not None and evidence.expires <= cx.as_of:
        yield finding("E304", evidence.span, evidence=evidence.name,
                      expires=evidence.expires.isoformat(), as_of=cx.as_of.isoformat())
    elif evidence.expires is not None and cx.warn_expiry is not None \
            and (evidence.expires - cx.as_of).days <= cx.warn_expiry:
        yield finding("E309", evidence.span, evidence=evidence.name, expires=evidence.expires.isoformat(),
                      days=cx.warn_expiry, as_of=cx.as_of.isoformat())


def _model_pin(cx: CheckContext, kind: m.Type, build: str):
    """`model == build`: for a string variable the text itself, for an enum the member of that name.

    A build that is no member of the enum is a model no deployment runs, so nothing pins it (false).
    """
    if kind.kind == "string":
        return m.Compare("==", m.CtxVar("model", kind), m.Const(build, kind))
    if build not in cx.case.enums[kind.enum].members:
        return m.Const(False, m.BOOL)
    return m.Compare("==", m.CtxVar("model", kind), m.Const(build, kind))


def _other_model(cx: CheckContext, evidence: m.Evidence, pinned):
    answer = cx.ask("E305", evidence.name).entails(cx.boundary, pinned)
    if isinstance(answer, Refuted):
        other = show_value(answer.world.context.get("model", ""))
        yield finding("E305", evidence.span, evidence=evidence.name, model=evidence.model,
                      other=f"model = {other}", world=answer.world,
                      details=counterexample("a deployment inside the boundary with another model:", answer.world))
    elif isinstance(answer, Unknown):
        yield unknown_finding(evidence.span, f"whether the boundary pins the model of `{evidence.name}`", answer,
                              evidence.name)


# ---- E310: evidence the case holds back ----------------------------------------------------
# Evidence that no claim cites is not only unused (G103) when it rules out a claim the argument
# makes: the case shows the evidence that agrees with it and keeps the evidence that does not.
# Rebuttal evidence counts too: being named by a defeater is not being cited by a claim.
# A claim that holds nowhere inside the boundary (L205) is ruled out by any evidence at all,
# so it is left out: the evidence would be blamed for what the claim does to itself.


def _cherry_picked(cx: CheckContext, known: Known, own: set):
    cited = {ref.text for claim in cx.case.claims.values() for ref in claim.evidence}
    argument = cx.argument_nodes()
    claims = [c for c in cx.case.claims.values()
              if c.name in argument and c.formula is not None and c.name not in known.impossible_claims]
    for evidence in cx.case.evidence.values():
        if evidence.name in cited or not evidence.shows or evidence.name not in own:
            continue
        contradicted = []
        for claim in claims:
            scope = [claim.within] if claim.within is not None else []
            answer = cx.ask("E310", evidence.name).possible(cx.boundary + scope + list(evidence.shows) + [claim.formula])
            if isinstance(answer, Impossible):
                contradicted.append(claim)
            elif isinstance(answer, Unknown):
                yield unknown_finding(evidence.span, f"whether evidence `{evidence.name}` contradicts `{claim.name}`",
                                      answer, evidence.name)
        if contradicted:
            names = ", ".join(f"`{c.name}`" for c in contradicted)
            related = tuple(Related(c.span, f"claim `{c.name}`") for c in contradicted)
            yield finding("E310", evidence.span, evidence=evidence.name, claims=names, related=related,
                          members=(evidence.name, *(c.name for c in contradicted)))
