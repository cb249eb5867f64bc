"""Acceptability, margins, review and publication (G204-G208, L212, L213, L216, L235): who accepts what risk, and whether it is met."""
from __future__ import annotations

from fractions import Fraction

import attrs

from ..semantics import model as m
from ..findings.finding import Related, finding
from ..semantics.graph import top_claims
from ..logic.solver import Impossible, Possible, Proved, Refuted, Unknown
from ..semantics.evaluate import MissingValue, evaluate
from ..semantics.world import show_number
from .known import PROVED, FamilyResult, Known
from . import margins as margin_figures
from .context import (DEFAULT_MIN_MARGIN, CheckContext, effective, evidence_facts, failure, in_part, member_related,
                      unknown_finding)


def check_acceptance(cx: CheckContext, known: Known) -> FamilyResult:
    """The accept block, each criterion at the worst case of what is established, review and publication."""
    figures = []
    findings = (*_accept_block(cx), *_criteria(cx, known, figures), *_capture(cx), *_redactions(cx))
    return FamilyResult(findings, attrs.evolve(known, margins=known.margins + tuple(figures)))


def check_leaf_margins(cx: CheckContext, known: Known, part: tuple[int, int] = (0, 1)) -> FamilyResult:
    """L213 and the leaf claims' figures: a family of its own, as it reads only which claims are impossible.

    `part` (index, count) takes the index-th of `count` runs of consecutive leaf claims, so that
    `--jobs` can share the family out; the parts in order give what the whole gives.
    """
    figures = []
    findings = tuple(_margins(cx, known, figures, part))
    return FamilyResult(findings, attrs.evolve(known, margins=known.margins + tuple(figures)))


# ---- G204-G206: the accept block names a criterion, its stakeholders and its owner -----


def _accept_block(cx: CheckContext):
    accept = cx.case.accept
    if accept is None:
        yield finding("G206", cx.case.header_span, case=cx.case.name)
        return
    if not accept.stakeholders:
        yield finding("G204", accept.span)
    if accept.authority is None or not accept.authority.strip():
        yield finding("G205", accept.span)  # `authority ""` names no one either


# ---- L212, L216: each `require` at the worst case of what the argument establishes -------------
# The criterion is proved from the boundary and the facts the establishment family collected:
# established claims, the assumptions their proved steps are given, what their sufficient
# evidence shows. When that fails, the question is asked again of everything the argument puts
# forward: if the criterion would follow from that, it rests on something not established (L216),
# and a minimal set of those facts is named with the reason each one is not established;
# if not even that gives it, the criterion is not met (L212).


def _criteria(cx: CheckContext, known: Known, figures: list):
    accept = cx.case.accept
    if accept is None or not accept.requires or known.established is None:
        return
    established = known.established
    premises = cx.boundary + list(established.facts.values())
    tops = [cx.case.claims[name] for name in top_claims(cx.case, cx.support)]
    for facts in (premises, cx.boundary + _argument_facts(cx, tops)):
        # What is established, then what the argument puts forward: when either cannot hold together,
        # anything would follow, so the criterion is not judged and the conflict itself is the finding
        # (L203, L205, L214, E303, or L235 when the top claims contradict the assumptions and evidence).
        consistent = cx.ask("L212", "argument").possible(facts)
        if isinstance(consistent, Unknown):
            yield unknown_finding(accept.span, "whether the argument and its evidence can hold together", consistent)
            return
        if isinstance(consistent, Impossible):
            if facts is not premises:
                yield from _contradicted_tops(cx, tops, known)
            return
    related = tuple(Related(top.span, f"top claim `{top.name}`") for top in tops)
    for require in accept.requires:
        met = yield from _criterion(cx, established, premises, require, related)
        if met:
            yield from _criterion_margin(cx, premises, require, figures)


def _contradicted_tops(cx: CheckContext, tops, known: Known):
    """L235 when the top claims are what the assumptions and evidence rule out.

    A conflict among the assumptions and the evidence alone is L203, L214 or E303's, and a
    top claim that cannot hold at all is L205's: those are not repeated here.
    """
    formal = [top for top in tops if top.formal]
    if any(top.name in known.impossible_claims for top in formal):
        return
    asking = cx.ask("L235", "argument")
    others = cx.boundary + _argument_facts(cx, [])
    rest = asking.possible(others)
    if not isinstance(rest, Possible):
        if isinstance(rest, Unknown):
            yield unknown_finding(cx.case.accept.span, "whether the assumptions and the evidence can hold together", rest)
        return
    answers = {top.name: cx.ask("L235", top.name).possible(others + [effective(top)]) for top in formal}
    for name, answer in answers.items():
        if isinstance(answer, Unknown):
            yield unknown_finding(cx.case.accept.span, f"whether top claim `{name}` can hold with the evidence", answer)
    blamed = [top for top in formal if isinstance(answers[top.name], Impossible)] or formal
    names = ", ".join(f"`{top.name}`" for top in blamed)
    related = tuple(Related(top.span, f"top claim `{top.name}`") for top in blamed)
    yield finding("L235", cx.case.accept.span, claims=("top claim " if len(blamed) == 1 else "top claims ") + names,
                  related=related)


def _argument_facts(cx: CheckContext, tops) -> list:
    """What the argument puts forward: the top claims, every assumption, everything cited evidence shows."""
    facts = [effective(top) for top in tops if top.formal]
    facts += [a.formula for a in cx.case.assumptions.values() if a.formula is not None]
    argument = cx.argument_nodes()
    cited = dict.fromkeys(ref.text for claim in cx.case.claims.values() if claim.name in argument
                          for ref in claim.evidence)  # in order of first citation, each once
    facts += [formula for name in cited for formula in cx.case.evidence[name].shows]
    return facts


def _criterion(cx: CheckContext, established, premises, require, related):
    span = require.span or cx.case.accept.span
    answer = cx.ask("L212", "accept").entails(premises, require)
    if isinstance(answer, Unknown):
        yield unknown_finding(span, "whether the acceptance criterion is met", answer)
        return
    if not isinstance(answer, Refuted):
        return isinstance(answer, Proved)
    unproved = {label: f for label, f in established.everything.items() if label not in established.facts}
    needed = _needed(cx, premises, unproved, require) if unproved else None
    if isinstance(needed, Unknown):
        yield unknown_finding(span, "what the acceptance criterion rests on", needed)
        return
    undecided = [label for label in needed or () if _undecided(cx, established, label)]
    if undecided:
        # whether the criterion is met turns on what the solver could not decide: unknown, not a failure
        why = "; ".join(_why_not(cx, established, label) for label in undecided)
        yield unknown_finding(span, "whether the acceptance criterion is met", Unknown(why))
        return
    if needed:
        reasons = tuple(f"  {_why_not(cx, established, label)}" for label in needed)
        details = (("it would follow only with what the argument does not establish:", *reasons)
                   + failure(cx, "require", require, answer.world,
                             "a world consistent with everything the argument establishes where the criterion fails:")
                   + _silent_evidence(cx, established, answer.world))
        names = ", ".join(f"`{label}`" for label in needed)
        tops = {r.note for r in related}
        extra = tuple(r for r in member_related(cx.case, needed) if f"top claim {r.note.split(':')[0]}" not in tops)
        yield finding("L216", span, names=names, details=details, related=related + extra,
                      world=answer.world, members=needed)
        return
    details = failure(cx, "require", require, answer.world,
                      "a world consistent with what the argument establishes where the criterion fails:")
    yield finding("L212", span, details=details + _silent_evidence(cx, established, answer.world), related=related,
                  world=answer.world)


def _silent_evidence(cx: CheckContext, established, world) -> tuple:
    """Why established evidence whose `shows` the world breaks does not count there (settings.evidence_fact)."""
    lines = []
    for label in established.facts:
        evidence = cx.case.evidence.get(label)
        if evidence is None or not evidence.shows:
            continue
        try:
            silent = evaluate(m.conjunction(evidence.shows), world, cx.case) is False
        except MissingValue:
            continue
        if silent:
            lines.append(f"evidence `{label}` does not speak for this deployment: only `within`-scoped claims cite "
                         f"it, and its setting grants less than the deployment gets")
    return tuple(lines)


def _needed(cx: CheckContext, premises, unproved: dict, require):
    """A minimal set of unestablished facts with which the criterion would follow; () when even all of them fail.

    The unestablished top claim is tried first (one question, and the usual answer: the criterion
    restates it); only when it is not enough is a minimal set sought among everything unestablished.
    """
    tops = {label: unproved[label] for label in top_claims(cx.case, cx.support) if label in unproved}
    for group in (tops, unproved):
        together = cx.ask("L216", "accept").possible(premises + list(group.values()) + [m.Not(require)]) \
            if group else Possible()
        if isinstance(together, Unknown):
            return together
        if isinstance(together, Impossible):
            break
    else:
        return ()
    if len(group) == 1:
        return tuple(group)
    cores = cx.ask("L216", "accept").minimal_core(premises + [m.Not(require)], group)
    if cores.unknown is not None:
        return Unknown(cores.unknown)
    return tuple(cores.sets[0]) if cores.sets else tuple(group)


def _undecided(cx: CheckContext, established, label: str) -> bool:
    """Whether a fact the criterion needs is unestablished only for want of a solver answer (X001, not L216).

    A claim is when its own standing is undecided; an assumption when a claim argued by a
    strategy that gives it is; evidence when a claim that cites it is.
    """
    case = cx.case
    if label in case.claims:
        claims = [label]
    elif label in case.assumptions:
        users = {s.name for s in case.strategies.values() if any(ref.text == label for ref in s.given)}
        claims = [c.name for c in case.claims.values() if any(ref.text in users for ref in c.strategies)]
    else:
        claims = [c.name for c in case.claims.values() if any(ref.text == label for ref in c.evidence)]
    return any(established.standing_of(name).kind == "unknown" for name in claims)


def _why_not(cx: CheckContext, established, label: str) -> str:
    """One line: a fact the criterion would need, and why the argument does not establish it."""
    case = cx.case
    if label in case.claims:
        return f"claim `{label}` is not established: {established.standing_of(label).reason}"
    if label in case.assumptions:
        users = [s.name for s in case.strategies.values() if any(ref.text == label for ref in s.given)]
        if not users:
            return f"assumption `{label}` is given by no strategy"
        return (f"assumption `{label}` is given only by {', '.join(f'`{u}`' for u in users)}, "
                "which establishes no claim of the argument")
    citing = [c.name for c in case.claims.values() if any(ref.text == label for ref in c.evidence)]
    why = "; ".join(f"`{c}`: {established.standing_of(c).reason}" for c in citing)
    return f"evidence `{label}` establishes no claim it is cited for ({why})"


def _criterion_margin(cx: CheckContext, premises, require, figures: list):
    """Each threshold's worst case under the argument (the figures), and L226 when the criterion is met too narrowly."""
    span = require.span or cx.case.accept.span
    where = f"require (line {span.line})" if span is not None else "require"
    facts = tuple(premises)  # one object for every figure: the prover knows a tuple by its identity
    cx.ask("L226", "group").prefetch_extremes(margin_figures.questions(facts, require, cx.case))
    worst = []
    yield from _figures(cx, "L226", facts, require, where, span, figures, worst)
    margin = _effective_margin(cx)
    moves = []
    tightened = tighten(require, margin, moves=moves)
    if not moves or _cleared(cx, "L226", where, facts, tightened, worst):
        return  # no threshold to tighten, or every tightened one is cleared at its worst case (as for L213)
    answer = cx.ask("L226", "accept").entails(premises, tightened)
    if isinstance(answer, Unknown):
        yield unknown_finding(span, "whether the acceptance criterion clears the margin", answer)
    elif isinstance(answer, Refuted):
        shown = ", ".join(f"{show_number(old)} -> {show_number(new)}" for old, new in moves)
        details = (f"thresholds tightened by the margin {show_number(margin)}: {shown}",
                   *failure(cx, "require", tightened, answer.world,
                            "a world consistent with the argument and its evidence that breaks the tightened criterion:"))
        yield finding("L226", span, margin=show_number(margin), details=details, world=answer.world)


def _figures(cx: CheckContext, rule: str, facts, formula, where: str, span, figures: list, each: list | None = None):
    """Append the worst-case margin of each threshold in `formula` given `facts`; X001 where the solver cannot tell.

    `each`, when given, receives every threshold's answer in order (a figure, None or Unknown).
    """
    for _, _, found in margin_figures.threshold_figures(cx.ask(rule, where), facts, formula, where, cx.case):
        if each is not None:
            each.append(found)
        if isinstance(found, Unknown):
            yield unknown_finding(span, f"the worst case of a threshold in {where}", found)
        elif found is not None:
            figures.append(found)


# ---- L213: leaf claims must survive their thresholds tightened by the margin ----------------


def leaf_margin_weights(cx: CheckContext, known: Known) -> list[int]:
    """How much work each leaf claim's margins are, in order: its thresholds, `forall` expanded (at least one)."""
    return [max(1, sum(1 for _ in margin_figures.thresholds(claim.formula, case=cx.case)))
            for claim in _leaf_claims(cx, known)]


def _leaf_claims(cx: CheckContext, known: Known) -> list:
    return [claim for claim in cx.case.claims.values()
            if claim.formal and claim.evidence and claim.name not in known.impossible_claims]


def _margins(cx: CheckContext, known: Known, figures: list, part: tuple[int, int]):
    margin = _effective_margin(cx)
    claims = _leaf_claims(cx, known)
    if part[1] > 1:
        claims = in_part(claims, part, leaf_margin_weights(cx, known))
    # Announced together, the figures of independent claims are found in a few optimisations.
    measured = [claim for claim in claims if any(cx.case.evidence[ref.text].shows for ref in claim.evidence)]
    cx.ask("L213", "group").prefetch_extremes(
        question for claim in measured for question in margin_figures.questions(*evidence_facts(cx, claim), cx.case))
    # The evidence family proved these steps already; a worker process of `--jobs` does not hold its answers.
    proved = {o.claim for o in known.outcomes if o.strategy is None and o.status == PROVED}
    for claim in claims:
        yield from _margin(cx, claim, margin, figures, claim.name in proved)


def _effective_margin(cx: CheckContext) -> Fraction:
    """The larger of the accept block's margin and the reviewer's minimum (`--min-margin`, 10% unless set).

    The minimum applies whatever the case declares: a case cannot opt out of the
    margin check by leaving `margin` out of its accept block.
    """
    stated = cx.case.accept.margin if cx.case.accept is not None else None
    minimum = cx.min_margin if cx.min_margin is not None else DEFAULT_MIN_MARGIN
    return max(minimum, stated) if stated is not None else minimum


def _margin(cx: CheckContext, claim: m.Claim, margin: Fraction, figures: list, step_proved: bool):
    shows = [f for ref in claim.evidence for f in cx.case.evidence[ref.text].shows]
    if not shows:
        return  # an informal evidence step (L208): there is no margin to measure
    facts, formula = evidence_facts(cx, claim)
    if not step_proved and not margin_figures.holds_at_worst(cx.ask("L213", claim.name), facts, formula, cx.case):
        step = cx.ask("L213", claim.name).entails(cx.boundary + shows, effective(claim))
        if isinstance(step, Unknown):
            # Asked again here, the step may time out where the evidence family's answer came in time.
            yield unknown_finding(claim.span, f"whether the evidence for `{claim.name}` clears the margin", step,
                                  claim.name)
            return
        if isinstance(step, Refuted):
            # The step itself fails (E301 or E302 says so), but its thresholds' worst cases are still
            # figures a reviewer reads, negative where a threshold is not cleared; an undecided one is left out.
            found = margin_figures.threshold_figures(cx.ask("L213", claim.name), facts, formula, claim.name, cx.case)
            figures.extend(f for _, _, f in found if isinstance(f, margin_figures.MarginFigure))
            return
    worst = []
    yield from _figures(cx, "L213", facts, formula, claim.name, claim.span, figures, worst)
    moves = []
    tightened = attrs.evolve(claim, formula=tighten(claim.formula, margin, moves=moves))
    if not moves or _cleared(cx, "L213", claim.name, facts, tightened.formula, worst):
        return  # no numeric threshold to tighten, or every tightened one is cleared at its worst case
    answer = cx.ask("L213", claim.name).entails(cx.boundary + shows, effective(tightened))
    if isinstance(answer, Unknown):
        yield unknown_finding(claim.span, f"whether the evidence for `{claim.name}` clears the margin", answer,
                              claim.name)
    elif isinstance(answer, Refuted):
        shown = ", ".join(f"{show_number(old)} -> {show_number(new)}" for old, new in moves)
        details = (f"thresholds tightened by the margin {show_number(margin)}: {shown}",
                   *failure(cx, claim.name, effective(tightened), answer.world,
                            "a world consistent with everything the evidence shows that breaks the tightened claim:"))
        related = tuple(Related(cx.case.evidence[ref.text].span, f"evidence `{ref.text}`") for ref in claim.evidence)
        yield finding("L213", claim.span, claim=claim.name, margin=show_number(margin),
                      details=details, related=related, world=answer.world)


def _cleared(cx: CheckContext, rule: str, where: str, facts, tightened, worst: list) -> bool:
    """Whether the worst cases found show that a tightened claim or criterion holds, with no question of its own.

    margins.holds_at_worst decides it (the same test that settles an evidence step), from the
    figures already found: the tightened thresholds have the untightened ones' terms. Where a
    figure is missing or undecided the solver is asked instead, and finds the world to show.
    """
    if not worst or not all(isinstance(figure, margin_figures.MarginFigure) for figure in worst):
        return False
    return margin_figures.holds_at_worst(cx.ask(rule, where), facts, tightened, cx.case)


# Tightening follows polarity, so that equivalent ways of writing a threshold are
# tightened alike: `not (x > c)` is `x <= c`, and the premise of `implies` is a
# negative position too. At a positive position a comparison is made harder; at a
# negative one easier, which again makes the whole claim harder. Under `iff` a
# comparison is both, so it is left alone; so are `==`, `!=`, intervals (their low
# end is usually a measure's natural floor, such as 0, not a threshold) and the
# bodies of `count` and `sum`, whose direction depends on the comparison around them.

_UPPER = {"<", "<="}  # `x < c`: the constant bounds x from above
_LOWER = {">", ">="}
_MIRROR = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def tighten(expr, margin: Fraction, polarity: int = 1, moves: list | None = None):
    """`expr` with every numeric threshold moved by `margin` (a fraction of it) to make the formula harder.

    Each threshold moved is appended to `moves` as (old value, new value).
    """
    moves = [] if moves is None else moves
    if isinstance(expr, m.Not):
        return attrs.evolve(expr, operand=tighten(expr.operand, margin, -polarity, moves))
    if isinstance(expr, m.Logic) and expr.op in ("and", "or"):
        return attrs.evolve(expr, left=tighten(expr.left, margin, polarity, moves),
                            right=tighten(expr.right, margin, polarity, moves))
    if isinstance(expr, m.Logic) and expr.op == "implies":
        return attrs.evolve(expr, left=tighten(expr.left, margin, -polarity, moves),
                            right=tighten(expr.right, margin, polarity, moves))
    if isinstance(expr, m.Quant) and expr.kind in ("forall", "exists"):
        return attrs.evolve(expr, body=tighten(expr.body, margin, polarity, moves))
    if isinstance(expr, m.Compare):
        return _tighten_compare(expr, margin, polarity, moves)
    return expr


def _tighten_compare(expr: m.Compare, margin: Fraction, polarity: int, moves: list):
    if not margin_figures.measured(expr):
        return expr  # a threshold on the deployment alone (`safeguard_level >= 3`) is exact, not measured
    right, left = margin_figures.constant(expr.right), margin_figures.constant(expr.left)
    if right is not None and left is None:
        op, const, on_right = expr.op, right, True
    elif left is not None and right is None:
        op, const, on_right = _MIRROR.get(expr.op, expr.op), left, False  # `c < x` is `x > c`
    else:
        return expr
    if op in _UPPER:
        direction = -polarity  # a lower ceiling is harder to stay under
    elif op in _LOWER:
        direction = polarity
    else:
        return expr
    moved = _moved(const, margin, direction)
    moves.append((const.value, moved.value))
    return attrs.evolve(expr, right=moved) if on_right else attrs.evolve(expr, left=moved)


def _moved(const: m.Const, margin: Fraction, direction: int) -> m.Const:
    """c moved by margin * |c| (by the margin itself when c is 0) in `direction`."""
    step = margin * abs(const.value) if const.value != 0 else margin
    value = const.value + direction * step
    kind = const.type if value.denominator == 1 else m.REAL  # 10 - 0.1 * 10 stays an int; 9 - 0.9 does not
    return m.Const(value, kind, span=const.span)


# ---- G207: reviewer capture; G208: redaction without a reason ----------------------------


def _capture(cx: CheckContext):
    decision, author = cx.case.decision, cx.case.author
    if decision is None or author is None:
        return  # a missing author is G002
    if decision.authority.strip().casefold() == author.strip().casefold():
        yield finding("G207", decision.span, authority=decision.authority)


def _redactions(cx: CheckContext):
    for evidence in cx.case.evidence.values():
        if evidence.access == "redacted" and not (evidence.redaction_reason or "").strip():
            yield finding("G208", evidence.span, evidence=evidence.name)
