"""The logical proofs (L rules): boundary, assumptions, claims, scopes and strategy steps."""
from __future__ import annotations

import attrs

from ..semantics import model as m
from ..semantics.formula_text import formula_text
from ..findings.finding import Related, finding
from ..logic.solver import Found, Impossible, Possible, Proved, Refuted, Unknown
from . import known as k
from .known import FORMAL_STEP, INFORMAL_STEP, JUDGED_STEP, PROVED_STEP, FamilyResult, Known, StepOutcome, Steps
from .context import CheckContext, counterexample, effective, failure, member_related, unknown_finding

_CORE_LIMIT = 10


def check_boundary(cx: CheckContext, known: Known) -> FamilyResult:
    """L209 when the boundary admits no deployment; the families that would then prove vacuously are told so."""
    findings = tuple(_empty_boundary(cx))
    admits = not any(f.code == "L209" for f in findings)
    if admits:
        # Whether the whole argument can hold: when it can, so can each part the later families ask about
        # (the assumptions, the evidence, a step's premises, what is established), and they need not be asked.
        cx.ask("L203", "group").prefetch_consistent(_whole_argument(cx))
    return FamilyResult(findings, attrs.evolve(known, boundary_admits=admits))


def _empty_boundary(cx: CheckContext) -> list:
    formulas = cx.boundary
    if cx.case.boundary is None:
        return []
    if cx.case.context and isinstance(cx.boundary_excludes(), Impossible):
        return [finding("G003", cx.case.header_span, case=cx.case.name, reason="its boundary rules out no deployment")]
    # Unknown there is reported by the change-control family, which asks the same (memoised) question.
    answer = cx.ask("L209", "boundary").possible(formulas)
    if isinstance(answer, Unknown):
        return [unknown_finding(cx.case.header_span, "whether the boundary admits a deployment", answer)]
    if isinstance(answer, Possible):
        return []
    named = {f"boundary line {f.span.line if f.span else i + 1}": f for i, f in enumerate(formulas)}
    cores = cx.ask("L209", "boundary").minimal_core([], named)
    first = cores.sets[0] if cores.sets else tuple(named)
    spans = {label: f.span for label, f in named.items()}
    related = tuple(Related(spans[label], label) for label in first)
    return [finding("L209", related[0].span if related else None, related=related, members=first,
                    details=("these boundary lines cannot hold together: " + ", ".join(first),
                             *_not_narrowed(cores)))]


def _not_narrowed(cores) -> tuple:
    """A detail line when the search for a minimal set was undecided, so the whole set is shown instead."""
    if cores.sets or cores.unknown is None:
        return ()
    return (f"(the solver could not narrow them to a minimal set: {cores.unknown})",)


def check_assumptions(cx: CheckContext) -> list:
    return [*_conflicts(cx), *_not_guaranteed(cx), *_evidence_not_guaranteed(cx)]


def _conflicts(cx: CheckContext):
    named = {a.name: a.formula for a in cx.case.assumptions.values() if a.formula is not None}
    if not named:
        return
    cores = cx.ask("L203", "assumptions").minimal_cores(cx.boundary, named, limit=_CORE_LIMIT)
    for core in cores.sets:
        related = member_related(cx.case, core)
        names = ("assumptions " if len(core) > 1 else "assumption ") + ", ".join(f"`{label}`" for label in sorted(core))
        details = ("minimal conflicting set (drop any one and the rest can hold together):",) if len(core) > 1 \
            else ("it holds in no deployment inside the boundary (with every measure in its declared range)",)
        yield finding("L203", related[0].span, names=names, related=related, details=details, members=core)
    if cores.unknown is not None:
        yield unknown_finding(cx.case.header_span, "whether the assumptions conflict", Unknown(cores.unknown))
    elif not cores.complete:
        yield finding("L211", cx.case.header_span, count=len(cores.sets))


def _not_guaranteed(cx: CheckContext):
    if cx.case.boundary is None:
        return  # no boundary is already reported (G003); every assumption would be flagged
    for assumption in cx.case.assumptions.values():
        if assumption.formula is None or _mentions_measures(cx, assumption.formula):
            continue
        answer = cx.ask("L204", assumption.name).entails(cx.boundary, assumption.formula)
        if isinstance(answer, Refuted):
            yield finding("L204", assumption.span, name=assumption.name, world=answer.world,
                          details=counterexample("a deployment inside the boundary where it is false:", answer.world))
        elif isinstance(answer, Unknown):
            yield unknown_finding(assumption.span, f"whether the boundary guarantees `{assumption.name}`", answer,
                                  assumption.name)


def _evidence_not_guaranteed(cx: CheckContext):
    """L240: a fact about the deployment that used evidence shows (an audit, say) and the boundary does not guarantee.

    Such a fact is an assumption about the deployment under another name: a claim the evidence
    supports is proved only where the fact holds, so a deployment inside the boundary where it
    fails would be covered by evidence that says it does not exist (as L204 for assumptions).
    """
    if cx.case.boundary is None:
        return  # no boundary is already reported (G003); every such fact would be flagged
    citing = {}  # evidence -> the claims that cite it
    for claim in cx.case.claims.values():
        for ref in claim.evidence:
            citing.setdefault(ref.text, []).append(claim)
    rebuttals = {ref.text for defeater in cx.case.defeaters.values() for ref in defeater.rebutted_by}
    for evidence in cx.case.evidence.values():
        if evidence.name not in citing and evidence.name not in rebuttals:
            continue
        facts = [f for shown in evidence.shows for f in _conjuncts(shown) if not _mentions_measures(cx, f)]
        # As for elicitation (E306): when every claim that cites it is scoped, the fact need hold only there.
        claims = citing.get(evidence.name, [])
        scoped = evidence.name not in rebuttals and claims and all(c.within is not None for c in claims)
        where = cx.boundary + ([m.disjunction([c.within for c in claims])] if scoped else [])
        for fact in facts:
            answer = cx.ask("L240", evidence.name).entails(where, fact)
            if isinstance(answer, Refuted):
                yield finding("L240", fact.span or evidence.span, evidence=evidence.name, fact=formula_text(fact),
                              world=answer.world, related=(Related(evidence.span, f"evidence `{evidence.name}`"),),
                              details=counterexample("a deployment inside the boundary where it is false:",
                                                     answer.world))
                continue  # each fact the boundary does not guarantee is named: fixing one should not reveal the next
            if isinstance(answer, Unknown):
                yield unknown_finding(evidence.span, f"whether the boundary guarantees what `{evidence.name}` "
                                      "shows about the deployment", answer, evidence.name)
                break


def _conjuncts(formula) -> list:
    """The parts of `a and b and ...`, each judged on its own (an audit's facts beside the measured ones)."""
    parts, stack = [], [formula]
    while stack:
        current = stack.pop()
        if isinstance(current, m.Logic) and current.op == "and":
            stack.extend((current.right, current.left))
        else:
            parts.append(current)
    return parts


def _mentions_measures(cx: CheckContext, formula) -> bool:
    _, symbols = cx.prover.encoder.formula(formula)
    return any(symbol[0] == "measure" for symbol in symbols)


def check_claims(cx: CheckContext, known: Known) -> FamilyResult:
    """L205 and L206; the claims that cannot hold are passed on, so later steps do not repeat them."""
    impossible = [f for f in _unsatisfiable(cx)]
    names = frozenset(f.field("name") for f in impossible if f.code == "L205")
    findings = (*impossible, *_widening(cx))
    return FamilyResult(findings, attrs.evolve(known, impossible_claims=known.impossible_claims | names))


def _unsatisfiable(cx: CheckContext):
    formal = [claim for claim in cx.case.claims.values() if claim.formula is not None]
    questions = {claim.name: cx.boundary + _scope(claim) + [claim.formula] for claim in formal}
    # Grouped questions only save time: an undecided group leaves each question to be asked on its own.
    cx.ask("L205", "group").prefetch_possible((formulas, ()) for formulas in questions.values())
    for claim in formal:
        answer = cx.ask("L205", claim.name).possible(questions[claim.name])
        if isinstance(answer, Impossible):
            yield finding("L205", claim.span, name=claim.name)
        elif isinstance(answer, Unknown):
            yield unknown_finding(claim.span, f"whether claim `{claim.name}` can hold", answer, claim.name)


def _whole_argument(cx: CheckContext) -> list:
    """The boundary, what every formal claim asserts, every assumption, everything every evidence item shows."""
    case = cx.case
    return [*cx.boundary, *(effective(c) for c in case.claims.values() if c.formula is not None),
            *(a.formula for a in case.assumptions.values() if a.formula is not None),
            *(formula for e in case.evidence.values() for formula in e.shows)]


def _scope(claim: m.Claim) -> list:
    return [claim.within] if claim.within is not None else []


def _widening(cx: CheckContext):
    for claim in cx.case.claims.values():
        if claim.within is None or not cx.boundary:
            continue
        answer = cx.ask("L206", claim.name).reaches_outside(claim.within, cx.boundary)
        if isinstance(answer, Found):
            yield finding("L206", claim.within.span or claim.span, name=claim.name, world=answer.world,
                          details=counterexample("values the scope admits that no deployment in the boundary has:",
                                                 answer.world))
        elif isinstance(answer, Unknown):
            yield unknown_finding(claim.span, f"whether the `within` of `{claim.name}` narrows the boundary", answer,
                                  claim.name)


# ---- the argument as a whole ---------------------------------------------------------


def check_whole_argument(cx: CheckContext) -> list:
    """L214: assumptions and cited evidence that cannot all hold; a set of assumptions alone is L203's, one item E303's."""
    named = {a.name: a.formula for a in cx.case.assumptions.values() if a.formula is not None}
    cited = {ref.text for claim in cx.case.claims.values() for ref in claim.evidence}
    for evidence in cx.case.evidence.values():
        if evidence.name in cited and evidence.shows:
            named[evidence.name] = m.conjunction(evidence.shows)
    if not any(name in cited for name in named):
        return []
    together = cx.ask("L214", "argument").possible(cx.boundary + list(named.values()))
    if isinstance(together, Unknown):
        return [unknown_finding(cx.case.header_span, "whether the cited evidence and the assumptions can hold together",
                                together)]
    if isinstance(together, Possible):
        return []
    findings = []
    cores = cx.ask("L214", "argument").minimal_cores(cx.boundary, named, limit=_CORE_LIMIT)
    if cores.unknown is not None:
        findings.append(unknown_finding(cx.case.header_span, "which evidence and assumptions conflict",
                                        Unknown(cores.unknown)))
    for core in cores.sets:
        evidence = [name for name in core if name in cx.case.evidence]
        if not evidence or len(core) == 1:
            continue  # assumptions alone are L203's finding, and one impossible item is E303's
        related = member_related(cx.case, core)
        names = _mixed_names(cx, core)
        findings.append(finding("L214", related[0].span, names=names, related=related, members=core,
                                details=("minimal conflicting set (drop any one and the rest can hold together):",)))
    return findings


def _mixed_names(cx: CheckContext, core) -> str:
    """`assumption A and evidence E1, E2` (or `evidence E1, E2`): the members of a set, grouped by kind."""
    assumptions = sorted(name for name in core if name not in cx.case.evidence)
    evidence = sorted(name for name in core if name in cx.case.evidence)
    quoted = lambda names: ", ".join(f"`{n}`" for n in names)  # noqa: E731
    shown = f"evidence {quoted(evidence)}"
    if not assumptions:
        return shown
    return f"assumption{'s' if len(assumptions) > 1 else ''} {quoted(assumptions)} and {shown}"


# ---- strategy steps --------------------------------------------------------------


def check_strategies(cx: CheckContext, known: Known) -> FamilyResult:
    findings, steps, outcomes = [], Steps(), []
    for claim in cx.case.claims.values():
        for ref in claim.strategies:
            strategy = cx.case.strategies[ref.text]
            step_findings, step, status, why = _step(cx, known, claim, strategy)
            findings.extend(step_findings)
            steps += step
            outcomes.append(StepOutcome(claim.name, strategy.name, status, why))
    findings.extend(_judgements(cx))
    return FamilyResult(tuple(findings), attrs.evolve(known, steps=known.steps + steps,
                                                      outcomes=known.outcomes + tuple(outcomes)))


def _judgements(cx: CheckContext):
    """G109: a judgement that names no one (G110, a judgement on a formal step, is reported by `_step`)."""
    for strategy in cx.case.strategies.values():
        if strategy.judge is not None and not strategy.judge.strip():
            yield finding("G109", strategy.span, strategy=strategy.name)


def _step(cx: CheckContext, known: Known, claim: m.Claim, strategy: m.Strategy) -> tuple[list, Steps, str, str]:
    """One strategy step's findings, whether it was formal and proved, and its outcome with the reason."""
    case = cx.case
    premises = [case.claims[p.text] for p in strategy.premises]
    given = [case.assumptions[a.text] for a in strategy.given]
    reason = _informal_reason(claim, premises, given)
    if reason:
        return _informal_step(strategy, reason)
    judged = [finding("G110", strategy.span, strategy=strategy.name)] if strategy.judge is not None else []
    # An impossible premise is a conflicting set by itself (L205 says so): the rest are searched without it.
    impossible = known.impossible_claims & {p.name for p in premises}
    named = {p.name: effective(p) for p in premises if p.name not in impossible}
    named.update({a.name: a.formula for a in given})
    vacuous = _vacuity(cx, strategy, named, {p.name for p in premises})
    if vacuous is not None:
        unknown = any(f.code == "X001" for f in vacuous)
        return judged + vacuous, FORMAL_STEP, k.UNKNOWN if unknown else k.FAILED, \
            "undecided (X001)" if unknown else "its premises contradict each other (L202)"
    if impossible or claim.name in known.impossible_claims:
        # An impossible premise makes the step vacuous; an impossible conclusion cannot follow from
        # premises that can hold together. Either way L205 is the whole of it.
        return judged, FORMAL_STEP, k.FAILED, "a claim of the step cannot hold (L205)"
    answer = cx.ask("L201", strategy.name).entails(cx.boundary + list(named.values()), effective(claim))
    if isinstance(answer, Proved):
        return judged, PROVED_STEP, k.PROVED, ""
    if isinstance(answer, Unknown):
        what = f"whether `{strategy.name}` establishes `{claim.name}`"
        return judged + [unknown_finding(strategy.span, what, answer, strategy.name)], FORMAL_STEP, k.UNKNOWN, \
            "undecided (X001)"
    narrower = _narrower_premise(cx, claim, strategy, premises, named)
    if narrower is not None:
        return judged + [narrower], FORMAL_STEP, k.FAILED, "it does not follow (L207)"
    details = failure(cx, claim.name, effective(claim), answer.world,
                      "in this world inside the boundary, where every premise holds:")
    return judged + [finding("L201", strategy.span, strategy=strategy.name, claim=claim.name, details=details,
                             world=answer.world, related=(Related(claim.span, f"conclusion `{claim.name}`"),))], \
        FORMAL_STEP, k.FAILED, "it does not follow (L201)"


def _informal_step(strategy: m.Strategy, reason: str):
    """An informal step: argued by the named judge's judgement, or by nothing the checker can see."""
    judge = (strategy.judge or "").strip()
    if judge:
        why = f'{reason}; judged by "{judge}"'
        return ([finding("L208", strategy.span, step=f"strategy `{strategy.name}`", reason=why)],
                JUDGED_STEP, k.JUDGED, f'it is argued by the judgement of "{judge}", not proved')
    return ([finding("L208", strategy.span, step=f"strategy `{strategy.name}`", reason=reason)],
            INFORMAL_STEP, k.INFORMAL, f"it is an informal step ({reason})")


def _informal_reason(claim, premises, given) -> str | None:
    if claim.formula is None:
        return f"conclusion `{claim.name}` is informal"
    claims = [p.name for p in premises if p.formula is None]
    assumptions = [a.name for a in given if a.formula is None]
    parts = [f"informal {kind}{'s' if len(names) > 1 else ''} " + ", ".join(f"`{name}`" for name in names)
             for kind, names in (("premise", claims), ("assumption", assumptions)) if names]
    return "; ".join(parts) or None


def _vacuity(cx: CheckContext, strategy, named: dict, premise_names: set):
    """None when the premises and givens can hold together; else the step's findings (L202, or none).

    A conflicting set of givens alone is L203's finding, so L202 names a set with a premise in it.
    """
    asking = cx.ask("L202", strategy.name)
    answer = asking.possible(cx.boundary + list(named.values()))
    if isinstance(answer, Possible):
        return None
    if isinstance(answer, Unknown):
        return [unknown_finding(strategy.span, f"whether the premises of `{strategy.name}` are consistent", answer,
                                strategy.name)]
    cores = asking.minimal_cores(cx.boundary, named, limit=_CORE_LIMIT)
    with_premise = [core for core in cores.sets if premise_names & set(core)]
    if cores.sets and not with_premise and cores.complete:
        return []  # only the givens conflict (L203): the step proves nothing, and L203 says why
    cores = attrs.evolve(cores, sets=tuple(with_premise))
    core = cores.sets[0] if cores.sets else tuple(named)
    related = member_related(cx.case, core)
    details = ("minimal inconsistent set of premises (drop any one and the rest can hold together):",) \
        if cores.sets else ("these premises cannot hold together:", *_not_narrowed(cores))
    return [finding("L202", strategy.span, strategy=strategy.name, related=related, details=details, members=core)]


def _narrower_premise(cx: CheckContext, claim, strategy, premises, named):
    """A premise whose `within` leaves out part of the conclusion's scope, shown by a world there.

    This only sharpens a failure already proved: where the solver cannot tell, the
    step is reported as the plain L201 it certainly is.
    """
    conclusion_scope = [claim.within] if claim.within is not None else []
    for premise in premises:
        if premise.within is None:
            continue
        answer = cx.ask("L207", strategy.name).find_world(
            cx.boundary + conclusion_scope + list(named.values()),
            negated=(premise.within, claim.formula),
        )
        if isinstance(answer, Found):
            details = failure(cx, claim.name, effective(claim), answer.world,
                              f"in this deployment, outside the scope of `{premise.name}`:")
            return finding("L207", strategy.span, strategy=strategy.name, premise=premise.name, details=details,
                           world=answer.world, related=(Related(premise.within.span, f"scope of `{premise.name}`"),))
    return None
