"""Evaluation settings against the boundary (E306-E308): elicitation gaps and settings the case does not cover.

Also where evidence speaks (evidence_fact): the acceptance criterion, the defeaters and conditional
requirements read what evidence shows only in the deployments its setting covers or its citing
claims' scopes reach, the same reading E306 judges it by.
"""
from __future__ import annotations

from ..semantics import model as m
from ..semantics.evaluate import evaluate
from ..semantics.formula_text import formula_text
from ..findings.finding import Related, finding
from ..logic.solver import Found, Impossible, Possible, Unknown
from .context import CheckContext, counterexample, unknown_finding

# The affordance types with a direction of "more": a superset, `true`, a larger number.
# An affordance of another type (string, enum, date) has no such direction, so its
# setting value is judged like any other variable's: the boundary must allow it.
ORDERED = ("set", "bool", "int", "real")


def check_settings(cx: CheckContext) -> list:
    findings = []
    for name, scopes in _cited_with_settings(cx).items():
        evidence = cx.case.evidence[name]
        findings.extend(_elicitation(cx, evidence, scopes))
        findings.extend(_outside_boundary(cx, evidence, scopes))
    return findings


def _cited_with_settings(cx: CheckContext) -> dict:
    """Evidence with a setting that some claim cites, with the `within` of every citing claim.

    Uncited evidence is reported as such (G103); judging its setting would add nothing.
    """
    cited = {}
    for claim in cx.case.claims.values():
        for ref in claim.evidence:
            evidence = cx.case.evidence[ref.text]
            if evidence.setting is not None:
                cited.setdefault(evidence.name, []).append(claim.within)
    return cited


def _affordances(cx: CheckContext) -> list:
    return [v for v in cx.case.context.values() if v.affordance and v.type.kind in ORDERED]


# ---- E306, E308: did the evaluation grant as much as the deployments get? ------------


def _elicitation(cx: CheckContext, evidence: m.Evidence, scopes: list):
    granted = dict(evidence.setting)
    covers = {}  # variable name -> "this deployment gets no more of it than the evaluation granted"
    for var in _affordances(cx):
        if var.type.numeric and var.name not in granted:
            # An unstated number is unknown, not zero: coverage cannot be judged either way.
            yield finding("E308", evidence.span, evidence=evidence.name, variable=var.name)
            continue
        covers[var.name] = _covered(var, granted.get(var.name, _nothing(var)))
    if not covers:
        return
    inside = cx.boundary + _scope(scopes)
    # Every affordance with a gap of its own is named, not only those the one world shown exceeds.
    gap_answers = {name: cx.ask("E306", f"{evidence.name}-{name}").possible(inside, negated=(formula,))
                   for name, formula in covers.items()}
    for name, answer in gap_answers.items():
        if isinstance(answer, Unknown):
            yield unknown_finding(evidence.span, f"whether the setting of `{evidence.name}` covers `{name}`", answer,
                                  evidence.name)
    gaps = [name for name, answer in gap_answers.items() if isinstance(answer, Possible)]
    # Show one deployment beyond every gap at once where the boundary allows it, else beyond some.
    asking = cx.ask("E306", evidence.name)
    answer = asking.find_world(inside, negated=tuple(covers[name] for name in gaps)) if gaps else None
    if not isinstance(answer, Found):
        answer = asking.find_world(inside, negated=(m.conjunction(covers.values()),))
    if isinstance(answer, Found):
        exceeded = gaps or [name for name, formula in covers.items() if evaluate(formula, answer.world, cx.case) is False]
        granted_lines = [f"  {name} = {formula_text(granted.get(name, _nothing(cx.case.context[name])))}"
                         for name in exceeded or covers]
        # The stated values that fall short, where the author would raise them (an unstated one has no place).
        short = tuple(Related(granted[name].span, f"the value of `{name}` in the setting")
                      for name in exceeded or covers if name in granted and getattr(granted[name], "span", None))
        yield finding("E306", evidence.span, evidence=evidence.name,
                      variables=", ".join(f"`{name}`" for name in exceeded or covers), world=answer.world,
                      related=short,
                      details=(*counterexample("a deployment inside the boundary that the evaluation did not cover:",
                                               answer.world),
                               "where the setting granted:", *granted_lines))
    elif isinstance(answer, Unknown):
        yield unknown_finding(evidence.span, f"whether the setting of `{evidence.name}` covers the boundary", answer,
                              evidence.name)


def coverage(cx: CheckContext, evidence: m.Evidence):
    """The deployments an evaluation with a setting covers (no more of any affordance than it granted), or None.

    None when the evidence has no setting (it is not judged for elicitation) or the case has no affordance.
    An unstated number is unknown: E306 cannot judge it (E308 warns), and the setting is not known to have
    granted as much as any deployment gets, so it covers none (false): where evidence speaks for the
    criterion or against a defeater, an unrecorded budget must not count as a large one.
    """
    if evidence.setting is None:
        return None
    granted = dict(evidence.setting)
    affordances = _affordances(cx)
    if any(var.type.numeric and var.name not in granted for var in affordances):
        return m.Const(False, m.BOOL)
    covers = [_covered(var, granted.get(var.name, _nothing(var))) for var in affordances]
    return m.conjunction(covers) if covers else None


def evidence_fact(cx: CheckContext, evidence: m.Evidence, scopes: list):
    """What evidence shows, as a fact about the deployments it speaks for, given the `within` of each claim citing it.

    Evidence cited only by scoped claims is judged for elicitation inside their scopes (E306); outside
    them, where its setting granted less than a deployment gets, it supports nothing. So its `shows`
    hold within those scopes or where its setting covers the deployment; None when it shows nothing.
    """
    if not evidence.shows:
        return None
    fact = m.conjunction(evidence.shows)
    covered = coverage(cx, evidence) if scopes and all(scope is not None for scope in scopes) else None
    if covered is None:
        return fact
    return m.Logic("implies", m.Logic("or", m.disjunction(scopes), covered), fact, span=fact.span)


def _nothing(var: m.Variable) -> m.Const:
    """What a setting grants of an affordance it does not mention: the empty set, or `false`."""
    if var.type.kind == "set":
        return m.Const(frozenset(), var.type)
    return m.Const(False, m.BOOL)


def _covered(var: m.Variable, value: m.Const):
    """The deployment's value is no more than the evaluation's: subset, implication, or <=."""
    deployed = m.CtxVar(var.name, var.type)
    if var.type.kind == "bool":
        return m.Logic("implies", deployed, value)
    return m.Compare("<=", deployed, value)  # on sets, <= is the subset relation


def _scope(scopes: list) -> list:
    """Where the evidence is used: the whole boundary, unless every citing claim is asserted only `within` part of it.

    A claim scoped `within W` asserts nothing outside W, so its evidence need not cover deployments there.
    """
    if any(scope is None for scope in scopes):
        return []
    return [m.disjunction(scopes)]


def _needed(cx: CheckContext, evidence: m.Evidence, before: list, last, where: list) -> list:
    """The values among `before` that `last` clashes with: a minimal set of them (the prover's conflict search),
    all of them when it cannot narrow them."""
    named = {name: pin for name, _, pin in before}
    cores = cx.ask("E307", f"{evidence.name}-needed").minimal_core(where + [last], named)
    kept = set(cores.sets[0]) if cores.sets else set(named)
    return [item for item in before if item[0] in kept]


# ---- E307: the evaluated configuration must be one the case covers ----------------------


def _outside_boundary(cx: CheckContext, evidence: m.Evidence, scopes: list):
    ordered = {var.name for var in _affordances(cx)}
    scope = _scope(scopes)  # the citing claims' scopes, when every one of them is scoped (as for E306)
    where = cx.boundary + scope
    allowed = []  # (name, value, pin) of the values the boundary allows one by one
    for name, value in evidence.setting:
        if name in ordered:
            continue  # an affordance may exceed the boundary: granting more than deployments get is the point
        var = cx.case.context[name]
        pinned = m.Compare("==", m.CtxVar(name, var.type), value)
        answer = cx.ask("E307", f"{evidence.name}-{name}").possible(where + [pinned])
        if isinstance(answer, Impossible):
            yield finding("E307", evidence.span, evidence=evidence.name, variable=name,
                          details=_scoped_detail(cx, scope, pinned, f"{evidence.name}-{name}-alone"),
                          related=(Related(value.span, f"the value of `{name}` in the setting"),) if value.span else ())
        elif isinstance(answer, Unknown):
            yield unknown_finding(evidence.span, f"whether the boundary allows the setting of `{evidence.name}`", answer,
                                  evidence.name)
        else:
            allowed.append((name, value, pinned))
    if len(allowed) > 1:
        yield from _outside_together(cx, evidence, allowed, where)


def _scoped_detail(cx: CheckContext, scope: list, pinned, label: str) -> tuple:
    """Why a value the boundary allows is still outside: every claim citing the evidence speaks only within a scope."""
    if not scope or isinstance(cx.ask("E307", label).possible(cx.boundary + [pinned]), Impossible):
        return ()
    return (f"the boundary allows it, but every claim that cites the evidence speaks only within "
            f"`{formula_text(scope[0])}`",)


def _outside_together(cx: CheckContext, evidence: m.Evidence, allowed: list, where: list):
    """E307 for values the boundary allows one by one but not together (`tier == enterprise implies region ==
    "eu"` beside a setting of enterprise in "us"): the evaluated configuration is still no deployment's.
    Reported at the first value that, added to those before it, leaves no deployment."""
    answer = cx.ask("E307", f"{evidence.name}-together").possible(where + [pin for _, _, pin in allowed])
    if isinstance(answer, Unknown):
        yield unknown_finding(evidence.span, f"whether the boundary allows the setting of `{evidence.name}`", answer,
                              evidence.name)
        return
    if not isinstance(answer, Impossible):
        return
    for k in range(2, len(allowed) + 1):
        step = cx.ask("E307", f"{evidence.name}-{allowed[k - 1][0]}-with").possible(
            where + [pin for _, _, pin in allowed[:k]])
        if isinstance(step, Impossible):
            name, value, pin = allowed[k - 1]
            before = _needed(cx, evidence, allowed[:k - 1], pin, where)
            related = tuple(Related(v.span, f"the value of `{n}` in the setting") for n, v, _ in [*before, allowed[k - 1]]
                            if v.span)
            yield finding("E307", evidence.span, evidence=evidence.name, variable=name, related=related,
                          details=("it is allowed alone, but no deployment it is cited for has it together with "
                                   + ", ".join(f"{n} = {formula_text(v)}" for n, v, _ in before),))
            return
