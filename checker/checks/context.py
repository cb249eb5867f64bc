"""What every check reads: the case, its graph, the prover and the run's settings."""
from __future__ import annotations

import datetime
from fractions import Fraction
from typing import Callable

import attrs
import networkx as nx

from ..semantics import model as m
from ..findings.finding import Related, finding
from ..semantics.graph import top_claims
from ..findings.report import Report
from ..logic.queries import Asking, asking
from ..logic.solver import Cores, Prover, Unknown


# The least relative margin by which evidence and criteria must clear their thresholds, unless a
# reviewer sets another (`--min-margin`, `min-margin`): a sceptic's default, not the author's.
DEFAULT_MIN_MARGIN = Fraction(1, 10)


@attrs.define
class CheckContext:
    """The case under check and the means to question it; the same for every family."""

    case: m.Case
    graph: nx.MultiDiGraph
    support: nx.DiGraph
    prover: Prover
    as_of: datetime.date
    path: str = "<string>"
    # Identities (file_identity) of the files being checked, outermost first: a
    # `requires` that leads back into them is a cycle.
    chain: tuple = ()
    # Checks a required case file and returns its Report; the pipeline supplies it,
    # so no check calls the pipeline itself.
    check_required: Callable[[str], Report] | None = None
    # Answers several families need, asked of the solver once (a cache, not a contract).
    memo: dict = attrs.field(factory=dict)
    # From the command line or the project's settings: the least threshold margin (L213, L226)
    # whatever the accept block says (DEFAULT_MIN_MARGIN when None), and how many days ahead an
    # expiry is worth a warning (E309, E319; none when None).
    min_margin: Fraction | None = None
    warn_expiry: int | None = None

    @property
    def boundary(self) -> list:
        return list(self.case.boundary or ())

    def boundary_excludes(self):
        """Does the boundary rule some deployment out? Possible (yes), Impossible (no) or Unknown; asked once."""
        if "boundary_excludes" not in self.memo:
            self.memo["boundary_excludes"] = self.ask("G003", "boundary").possible([m.Not(m.conjunction(self.boundary))])
        return self.memo["boundary_excludes"]

    def ask(self, rule: str, node: str) -> Asking:
        """The prover, with every query asked through it named for the rule it decides and the node it judges.

        The name is what `--dump-smt` calls the query's file (logic/queries.py).
        """
        return asking(self.prover, rule, node, self.case.name, self.path)

    def argument_nodes(self) -> set:
        """Every node reachable from a top claim by support links: what the argument relies on.

        Several families ask; the walk is made once per case (a case of 100,000 claims has as
        many top claims, and walking from each of them again for every family took seconds).
        """
        if "argument_nodes" not in self.memo:
            reached = set()
            for top in top_claims(self.case, self.support):
                reached |= nx.descendants(self.support, top) | {top}
            self.memo["argument_nodes"] = frozenset(reached)
        return set(self.memo["argument_nodes"])


NOT_ASKED = "not asked: the boundary admits no deployment"


class Unasked:
    """The prover of a case whose boundary admits no deployment: it answers every question Unknown(NOT_ASKED).

    Every caller handles Unknown without concluding anything from it (tests/test_unknown.py
    shows it), so a family run with it reports exactly its findings that need no solver.
    """

    store = None  # nothing is asked, so nothing is kept

    def __init__(self, prover: Prover):
        self.encoder = prover.encoder

    def prefetch_possible(self, questions) -> None:
        """Nothing to settle ahead: every question will be answered Unknown(NOT_ASKED)."""

    prefetch_extremes = prefetch_consistent = prefetch_possible

    def entails(self, *args, **kwargs) -> Unknown:
        return Unknown(NOT_ASKED)

    possible = find_world = reaches_outside = extreme = entails

    def linear(self, formulas) -> bool:
        """Never claimed: with no worst case found, no figure may decide a step (margins.holds_at_worst)."""
        return False

    def minimal_cores(self, *args, **kwargs) -> Cores:
        return Cores((), False, NOT_ASKED)

    minimal_core = minimal_cores


def in_part(items: list, part: tuple[int, int], weights: list | None = None) -> list:
    """The index-th of `count` runs of consecutive items (part = (index, count)): the runs in order are all of them.

    A family that `--jobs` shares out in parts (checks/parallel.py) judges one run each.
    With `weights` (one per item: how much work it is), the runs carry about equal weight.
    """
    index, count = part
    members = part_members(weights if weights is not None else [1] * len(items), count)
    return [item for item, member in zip(items, members) if member == index]


def part_members(weights: list, count: int) -> list[int]:
    """The part each item falls in: an item goes where the weight before it, as a share of the whole, puts it."""
    total, before, members = sum(weights), 0, []
    for weight in weights:
        members.append(min(count - 1, before * count // total) if total else 0)
        before += weight
    return members


def part_shares(weights: list, count: int) -> list[float]:
    """Each part's share of the whole weight (what `--jobs` balances the parts by)."""
    members, shares = part_members(weights, count), [0.0] * count
    total = sum(weights)
    for weight, member in zip(weights, members):
        shares[member] += weight / total if total else 0.0
    return shares


def effective(claim: m.Claim):
    """What a claim asserts in every world: `within W: F` asserts `W implies F`."""
    if claim.within is None:
        return claim.formula
    return m.Logic("implies", claim.within, claim.formula, span=claim.formula.span)


def evidence_facts(cx: CheckContext, claim: m.Claim) -> tuple[tuple, object]:
    """(facts, formula): a leaf claim judged against its evidence, as the E301 step and its margins read it.

    The facts are the boundary, the claim's scope and what every cited item shows; the
    evidence step holds exactly when they entail the formula (`within W: F` read as F under W).
    A tuple: each of its figures is asked under the one object (see Prover._fact_set).
    """
    shows = [f for ref in claim.evidence for f in cx.case.evidence[ref.text].shows]
    scope = [claim.within] if claim.within is not None else []
    return (*cx.boundary, *scope, *shows), claim.formula


def unknown_finding(span, what: str, answer: Unknown, node: str | None = None):
    """X001; `node` names the argument node the question is about, for the drawings (beside the template's fields)."""
    extra = {"node": node} if node is not None else {}
    return finding("X001", span, what=what, reason=answer.reason, **extra)


def counterexample(intro: str, world) -> tuple:
    """Detail lines that show a world: the intro, then one `name = value` line each."""
    return (intro, *("  " + line for line in world.lines()))


def failure(cx: "CheckContext", claim_name: str, formula, world, intro: str) -> tuple:
    """The counterexample, led by the part of the claim that fails and the values it reads."""
    env, part = cx.prover.failing_part(formula, world)
    where = f" for {', '.join(f'{name} = {value}' for name, value in env.items())}" if env else ""
    lead = ()
    if part.lines() and part != world:
        lead = (f"`{claim_name}` fails{where}:", *("  " + line for line in part.lines()))
    return lead + counterexample(intro, world)


def member_related(case: m.Case, labels) -> tuple:
    """A conflicting set's members as related locations, in source order."""
    related = []
    for label in labels:
        node = case.node(label)
        span = getattr(node, "span", None)
        title = getattr(node, "title", "")
        related.append(Related(span, f"`{label}`: {title}" if title else f"`{label}`"))
    return tuple(sorted(related, key=lambda r: (r.span is None, r.span and (r.span.line, r.span.column))))
