"""What the argument establishes (L215, L217, L218): claims proved all the way down, the facts they give, and the defeaters that stand.

A claim is established when one of its steps establishes it: a proved strategy
step whose premises are all established and whose assumptions no standing
defeater challenges, or a proved evidence step whose evidence is current and
unchallenged. Nothing else is: a step argued by judgement (`judged by`) is
legitimate but not a proof, an informal or failing step proves nothing, and a
standing defeater undermines the node it challenges and every claim above it.
The acceptance criterion (acceptance.py) is proved only from the facts collected
here: the established claims, the assumptions given by their establishing steps
and what their sufficient evidence shows.

A defeater that `asserts` a formula stands until the solver shows that the
argument rules it out: `boundary + facts + counter-claim` is unsatisfiable exactly
when it is rebutted, and a model is a world where the argument's facts and the
counter-claim hold together. The facts it is judged against leave out everything
the defeater doubts (the claims it undermines, the evidence it names and the
evidence cited by the claims it names) and add the evidence its `rebutted by`
names. Defeaters are judged from the sceptical side: first every formal defeater
stands, then those the remaining facts rule out fall, and the rest are judged
again with the facts that frees, until nothing changes; two defeaters can never
rebut each other in a circle.
"""
from __future__ import annotations

import attrs

from ..findings.finding import Related, finding
from ..logic.solver import Found, Impossible, NoWorld, Possible, Unknown
from ..semantics import model as m
from ..semantics.evaluate import MissingValue, evaluate
from ..semantics.graph import top_claims
from . import known as k
from .countercase import doubted_evidence
from .context import CheckContext, counterexample, effective, member_related, unknown_finding
from .known import FamilyResult, Known
from .settings import coverage, evidence_fact

ESTABLISHED, UNDERMINED = "established", "undermined"
# Worst last: a step needs all its premises (the worst decides), a claim needs one of its steps (the best decides).
_RANK = (ESTABLISHED, k.JUDGED, k.INFORMAL, UNDERMINED, k.UNKNOWN, k.FAILED)


@attrs.frozen
class Standing:
    """Whether a claim is established; if not, the kind of the gap (see _RANK) and why, in words."""

    kind: str
    reason: str = ""

    @property
    def established(self) -> bool:
        return self.kind == ESTABLISHED


@attrs.frozen
class Establishment:
    """The verdict on every claim of the argument, and the facts the established part gives.

    `facts` maps a label (a claim, assumption or evidence name) to the formula it
    contributes; `everything` is what the argument puts forward, established or not.
    `standing` names the defeaters that stand against the argument, `rebutted` the
    formal defeaters the argument itself rules out (name -> the labels that do).
    """

    claims: dict
    facts: dict
    everything: dict
    standing: tuple = ()
    rebutted: dict = attrs.field(factory=dict)
    # Open formal defeaters the argument might rule out through a claim whose standing is undecided (X001 here).
    undecided_open: tuple = ()

    def standing_of(self, name: str) -> Standing:
        return self.claims.get(name, Standing(k.FAILED, f"`{name}` is not part of the argument"))


def _worst(kinds) -> str:
    return max(kinds, key=_RANK.index, default=ESTABLISHED)


def _best(kinds) -> str:
    return min(kinds, key=_RANK.index, default=k.FAILED)


# ---- establishing claims for a given set of standing defeaters ----------------------------------


class _Establisher:
    """One pass over the argument with a fixed set of standing defeaters."""

    def __init__(self, cx: CheckContext, known: Known, standing: set, undecided=frozenset()):
        self.cx, self.case = cx, cx.case
        self.impossible = known.impossible_claims
        self.outcomes: dict = {}
        for outcome in known.outcomes:
            self.outcomes.setdefault(outcome.claim, []).append(outcome)
        self.challenged: dict = {}  # node name -> standing defeaters against it
        for name in sorted(standing):
            for ref in self.case.defeaters[name].against:
                self.challenged.setdefault(ref.text, []).append(name)
        self.undecided: dict = {}  # node name -> defeaters against it whose rebuttal the solver could not judge
        for name in sorted(undecided):
            for ref in self.case.defeaters[name].against:
                self.undecided.setdefault(ref.text, []).append(name)
        self.memo: dict = {}
        self.facts: dict = {}
        # Evidence name -> the `within` of every claim citing it (None: unscoped), established or not: E306
        # judges its setting over all of them, and it speaks where they do (docs/language.md, section 8).
        self.scopes: dict = {}
        for cited in self.case.claims.values():
            for ref in cited.evidence:
                self.scopes.setdefault(ref.text, []).append(cited.within)

    def claim(self, name: str, visiting=frozenset()) -> Standing:
        if name in self.memo:
            return self.memo[name]
        if name in visiting:
            return Standing(k.FAILED, "it rests on itself (G101)")
        standing = self._claim(self.case.claims[name], visiting | {name})
        self.memo[name] = standing
        return standing

    def _claim(self, claim: m.Claim, visiting) -> Standing:
        if claim.formula is None:
            return Standing(k.INFORMAL, f"claim `{claim.name}` is informal")
        if claim.name in self.impossible:
            return Standing(k.FAILED, "it cannot hold inside the boundary (L205)")
        outcomes = self.outcomes.get(claim.name, [])
        if not outcomes:
            return Standing(k.FAILED, "it has neither a strategy nor evidence (G102)")
        steps = [(outcome, self._step(claim, outcome, visiting)) for outcome in outcomes]
        kind = _best(standing.kind for _, standing in steps)
        if claim.name in self.challenged:
            defeaters = ", ".join(f"`{d}`" for d in self.challenged[claim.name])
            return Standing(_worst([kind, UNDERMINED]), f"defeater {defeaters} stands against it")
        if claim.name in self.undecided:
            defeaters = ", ".join(f"`{d}`" for d in self.undecided[claim.name])
            return Standing(_worst([kind, k.UNKNOWN]), f"whether {defeaters} is rebutted is undecided (X001)")
        if kind == ESTABLISHED:
            for outcome, standing in steps:
                if standing.established:
                    self._add_facts(claim, outcome)
            return Standing(ESTABLISHED)
        reasons = [f"{outcome.label}: {standing.reason}" for outcome, standing in steps if standing.kind == kind]
        return Standing(kind, "; ".join(reasons))

    def _step(self, claim: m.Claim, outcome: k.StepOutcome, visiting) -> Standing:
        """A step establishes its claim when it is proved and everything it rests on is established and unchallenged."""
        if outcome.status not in (k.PROVED, k.JUDGED):
            return Standing(outcome.status, outcome.reason)
        own = ESTABLISHED if outcome.status == k.PROVED else k.JUDGED
        gaps = self._challenged_parts(claim, outcome)
        if outcome.strategy is None:
            gaps += self._evidence_gaps(claim)
        else:
            gaps += self._premise_gaps(self.case.strategies[outcome.strategy], own, visiting)
        kind = _worst([own, *(kind for kind, _ in gaps)])
        if kind == ESTABLISHED:
            return Standing(ESTABLISHED)
        reasons = [outcome.reason] if own == k.JUDGED else []
        reasons += [reason for gap_kind, reason in gaps if gap_kind == kind or kind == k.JUDGED]
        return Standing(kind, "; ".join(reasons))

    def _challenged_parts(self, claim: m.Claim, outcome: k.StepOutcome) -> list:
        """(kind, reason) for each standing or undecided defeater against the step's own parts: the strategy, its
        assumptions, the evidence."""
        if outcome.strategy is not None:
            strategy = self.case.strategies[outcome.strategy]
            parts = [outcome.strategy, *(a.text for a in strategy.given)]
        else:
            parts = [ref.text for ref in claim.evidence]
        gaps = [(UNDERMINED, f"defeater `{d}` stands against `{part}`")
                for part in parts for d in self.challenged.get(part, ())]
        return gaps + [(k.UNKNOWN, f"whether `{d}`, against `{part}`, is rebutted is undecided (X001)")
                       for part in parts for d in self.undecided.get(part, ())]

    def _evidence_gaps(self, claim: m.Claim) -> list:
        """Cited evidence past its expiry establishes nothing (E304 reports it)."""
        gaps = []
        for ref in claim.evidence:
            evidence = self.case.evidence[ref.text]
            if evidence.expires is not None and evidence.expires <= self.cx.as_of:
                gaps.append((k.FAILED, f"evidence `{evidence.name}` expired on {evidence.expires.isoformat()} (E304)"))
        return gaps

    def _premise_gaps(self, strategy: m.Strategy, own: str, visiting) -> list:
        gaps = []
        for ref in strategy.premises:
            premise = self.case.claims[ref.text]
            if own == k.JUDGED and premise.formula is None:
                continue  # the judge weighed an informal premise: that is what judgement is for
            standing = self.claim(premise.name, visiting)
            if not standing.established:
                gaps.append((standing.kind, f"premise `{premise.name}` is not established ({standing.reason})"))
        return gaps

    def _add_facts(self, claim: m.Claim, outcome: k.StepOutcome) -> None:
        self.facts[claim.name] = effective(claim)
        if outcome.strategy is not None:
            for ref in self.case.strategies[outcome.strategy].given:
                self.facts[ref.text] = self.case.assumptions[ref.text].formula
        else:
            for ref in claim.evidence:
                self._add_evidence(ref.text)

    def _add_evidence(self, name: str) -> None:
        """What evidence shows counts where the claims citing it speak, or where its evaluation covers."""
        fact = evidence_fact(self.cx, self.case.evidence[name], self.scopes[name])
        if fact is not None:
            self.facts[name] = fact


def _establish(cx: CheckContext, known: Known, standing: set, undecided=frozenset()) -> Establishment:
    run = _Establisher(cx, known, standing, undecided)
    argument = cx.argument_nodes()
    claims = {name: run.claim(name) for name in cx.case.claims if name in argument}
    return Establishment(claims, dict(run.facts), everything(cx), tuple(sorted(standing)))


def everything(cx: CheckContext) -> dict:
    """What the argument puts forward, proved or not: every formal claim of it, every assumption, all cited evidence."""
    argument = cx.argument_nodes()
    facts = {c.name: effective(c) for c in cx.case.claims.values() if c.name in argument and c.formula is not None}
    facts.update({a.name: a.formula for a in cx.case.assumptions.values() if a.formula is not None})
    for claim in cx.case.claims.values():
        if claim.name in argument:
            for ref in claim.evidence:
                shows = cx.case.evidence[ref.text].shows
                if shows:
                    facts[ref.text] = m.conjunction(shows)
    return facts


# ---- the family --------------------------------------------------------------------------------


def check_establishment(cx: CheckContext, known: Known) -> FamilyResult:
    argument = cx.argument_nodes()
    against_argument = [d for d in cx.case.defeaters.values() if any(r.text in argument for r in d.against)]
    standing = {d.name for d in against_argument
                if d.status == "open" or (d.status == "rebutted" and (d.asserts is not None or _reopened(cx, d)))}
    pending = [d for d in against_argument if d.asserts is not None and d.name in standing]
    rebutted = _fixpoint(cx, known, standing, pending)
    findings, undecided, undecided_open = [], set(), set()
    established = _establish(cx, known, standing)
    for defeater in pending:
        if defeater.name in standing:
            found, unknown = _still_standing(cx, established, defeater)
            findings += found
            if unknown and defeater.status == "rebutted":
                undecided.add(defeater.name)  # its rebuttal may or may not hold: undecided, not undermining
            elif unknown:
                undecided_open.add(defeater.name)  # whether it is open is undecided: X001, not G202
    for defeater in against_argument:
        if defeater.asserts is not None and defeater.status == "accepted":
            answer = _judge(cx, established, defeater)
            if isinstance(answer, tuple):
                rebutted[defeater.name] = answer
            elif isinstance(answer, Unknown):
                findings.append(unknown_finding(defeater.span, f"whether the argument rules out `{defeater.name}`",
                                                answer, defeater.name))
    findings += [_rebutted_finding(cx, cx.case.defeaters[name], core) for name, core in rebutted.items()
                 if cx.case.defeaters[name].status != "rebutted"]
    established = _establish(cx, known, standing - undecided, undecided)
    established = attrs.evolve(established, rebutted=rebutted, undecided_open=tuple(sorted(undecided_open)))
    findings += _paper_safety(cx, established)
    return FamilyResult(tuple(findings), attrs.evolve(known, established=established))


def _fixpoint(cx: CheckContext, known: Known, standing: set, pending) -> dict:
    """Formal defeaters the argument rules out, judged from the sceptical side; `standing` loses them as they fall."""
    rebutted = {}
    changed = True
    while changed:
        changed = False
        established = _establish(cx, known, standing)
        for defeater in pending:
            if defeater.name in standing:
                answer = _judge(cx, established, defeater)
                if isinstance(answer, tuple):
                    standing.discard(defeater.name)
                    rebutted[defeater.name] = answer
                    changed = True
    return rebutted


# ---- formal defeaters ----------------------------------------------------------------------------


def _judged_against(cx: CheckContext, established: Establishment, defeater: m.Defeater) -> dict:
    """The facts a defeater is judged against: the established ones it does not doubt, and its rebuttal evidence.

    Rebuttal evidence that another standing defeater doubts answers nothing: otherwise two
    defeaters that doubt each other's rebuttal evidence would rebut each other in a circle.
    """
    doubted = set(doubted_evidence(cx.case, defeater))  # as G203 reads a self-rebuttal
    under_doubt = {name for other in established.standing if other != defeater.name
                   for name in doubted_evidence(cx.case, cx.case.defeaters[other])}
    facts = {label: f for label, f in established.facts.items() if label not in doubted}
    for ref in defeater.rebutted_by:
        shows = cx.case.evidence[ref.text].shows
        if shows and ref.text not in doubted and ref.text not in under_doubt and not _expired(cx, ref.text):
            facts[ref.text] = _rebuttal_fact(cx, cx.case.evidence[ref.text])
    return facts


def _expired(cx: CheckContext, name: str) -> bool:
    expires = cx.case.evidence[name].expires
    return expires is not None and expires <= cx.as_of


def _reopened(cx: CheckContext, defeater: m.Defeater) -> bool:
    """A defeater rebutted by evidence that has expired is open again (E321 reports it): it stands like one."""
    return any(_expired(cx, ref.text) for ref in defeater.rebutted_by)


def _rebuttal_fact(cx: CheckContext, evidence: m.Evidence):
    """What rebuttal evidence shows, where its setting covers the deployment (as evidence_fact reads cited evidence).

    A study run with fewer affordances than a deployment gets says nothing of that deployment, so it
    cannot rule a counter-claim out there: the defeater stands where the study did not reach.
    """
    fact = m.conjunction(evidence.shows)
    covered = coverage(cx, evidence)
    return fact if covered is None else m.Logic("implies", covered, fact, span=fact.span)


def _judge(cx: CheckContext, established: Establishment, defeater: m.Defeater):
    """A tuple of the labels that rule the counter-claim out (rebutted), Found (it stands) or Unknown."""
    facts = _judged_against(cx, established, defeater)
    answer = cx.ask("L217", defeater.name).find_world(cx.boundary + list(facts.values()) + [defeater.asserts])
    if isinstance(answer, Found):
        return _unless_undecided(cx, established, defeater, facts, answer)
    if not isinstance(answer, NoWorld):
        return answer
    cores = cx.ask("L218", defeater.name).minimal_core(cx.boundary + [defeater.asserts], facts)
    return tuple(cores.sets[0]) if cores.sets else tuple(sorted(facts))


def _unless_undecided(cx: CheckContext, established: Establishment, defeater: m.Defeater, facts: dict, stands):
    """`stands` (Found), or Unknown when the claims whose standing is undecided would rule the defeater out.

    Whether such a claim is established is itself undecided, so whether the defeater stands is too.
    """
    pending = [formula for label, formula in established.everything.items()
               if label not in facts and label in cx.case.claims and established.standing_of(label).kind == k.UNKNOWN]
    if not pending:
        return stands
    could = cx.ask("L217", defeater.name).possible(cx.boundary + list(facts.values()) + pending + [defeater.asserts])
    if isinstance(could, Possible):
        return stands
    return could if isinstance(could, Unknown) else Unknown("it turns on claims whose standing is undecided")


def _still_standing(cx: CheckContext, established: Establishment, defeater: m.Defeater) -> tuple[list, bool]:
    """The findings about a formal defeater still standing, and whether the solver left it undecided."""
    answer = _judge(cx, established, defeater)
    if isinstance(answer, Unknown):
        what = f"whether the argument rules out `{defeater.name}`"
        return [unknown_finding(defeater.span, what, answer, defeater.name)], True
    if defeater.status != "rebutted" or not isinstance(answer, Found) or _reopened(cx, defeater):
        return [], False  # an open one is G202 (countercase family), one open again E321; the solver agrees it stands
    rebuttal = ", ".join(f"`{ref.text}`" for ref in defeater.rebutted_by)
    details = counterexample("a world where what the argument establishes, the rebuttal evidence and the "
                             "counter-claim hold together:", answer.world)
    details += tuple(f"rebuttal evidence `{ref.text}` does not speak for this deployment: its setting grants less "
                     f"than the deployment gets" for ref in defeater.rebutted_by
                     if _silent(cx, cx.case.evidence[ref.text], answer.world))
    related = tuple(Related(cx.case.evidence[ref.text].span, f"rebuttal evidence `{ref.text}`")
                    for ref in defeater.rebutted_by)
    return [finding("L217", defeater.span, defeater=defeater.name, rebuttal=rebuttal, details=details,
                    related=related, world=answer.world)], False


def _silent(cx: CheckContext, evidence: m.Evidence, world) -> bool:
    """Whether the world breaks what the evidence shows (it can only where the evidence does not speak)."""
    if not evidence.shows:
        return False
    try:
        return evaluate(m.conjunction(evidence.shows), world, cx.case) is False
    except MissingValue:
        return False


def _rebutted_finding(cx: CheckContext, defeater: m.Defeater, core: tuple):
    by = ", ".join(f"`{label}`" for label in core) if core else "the boundary itself"
    return finding("L218", defeater.span, defeater=defeater.name, by=by,
                   related=member_related(cx.case, core) if core else (), members=core)


# ---- L215: paper safety ----------------------------------------------------------------------------


def _paper_safety(cx: CheckContext, established: Establishment):
    """A formal top claim that only informal steps reach: it reads as a proof and proves nothing."""
    for name in top_claims(cx.case, cx.support):
        claim = cx.case.claims[name]
        standing = established.standing_of(name)
        if claim.formula is not None and standing.kind == k.INFORMAL:
            yield finding("L215", claim.span, claim=name, details=(f"`{name}` is not established: {standing.reason}",))


def residual_risks(case: m.Case, established: Establishment | None) -> tuple:
    """(name, owner, reason) of each accepted defeater the argument does not rule out itself: the risk a decision carries."""
    rebutted = established.rebutted if established is not None else {}
    return tuple((d.name, d.owner, d.reason or "") for d in case.defeaters.values()
                 if d.status == "accepted" and d.name not in rebutted)
