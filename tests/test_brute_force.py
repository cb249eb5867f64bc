"""The solver's verdicts against brute force: every logic and evidence finding of a random small argument.

Each example is one strategy step (tests/strategies.py: `G0` by `S1` from premises
`P1..Pn` given assumptions `A1..Am`, each premise citing evidence `Ei`) over
booleans, a finite enum, a boolean measure, int variables kept in `[0, high]` by
the boundary, an int measure with a declared range, `count` and `sum`. Every world
inside the boundary is enumerated (as a bit mask per formula), and the findings
of the rules below are predicted from the masks alone, under the attribution
docs/rules.md documents:

- L209 when no world is inside the boundary; then no other rule here is reported
  (each would repeat it);
- L205 for each claim no world satisfies; E303 for each evidence item likewise;
- L203 once for each minimal conflicting set of assumptions;
- L204 for each assumption without measures that some world breaks (with a boundary);
- L214 once for each minimal conflicting set of assumptions and evidence that holds
  an evidence item and two members or more;
- the step: L202 when the possible premises and the givens conflict in a set with a
  premise in it; otherwise nothing when an impossible claim or a conflict of givens
  alone makes it vacuous; otherwise L201 exactly when some world satisfies every
  premise and given but not G0;
- each evidence step: nothing when its claim or its item is impossible; E302 when the
  item and the claim cannot hold together; otherwise E301 exactly when the item does
  not entail the claim.

The default run checks 100 arguments; the slow run 10,000 (docs/reliability.md has
the latest figures). Any disagreement is a bug in the checker or in this oracle.
"""
from __future__ import annotations

import collections
import datetime
import itertools

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from checker.api import check_text

try:
    from tests import strategies as gen
except ImportError:  # tests/ on sys.path rather than the project root
    import strategies as gen

AS_OF = datetime.date(2026, 1, 1)
COMPARED = ("L201", "L202", "L203", "L204", "L205", "L209", "L214", "E301", "E302", "E303")
ARGUMENTS = st.one_of(gen.arguments(), gen.numeric_arguments(), gen.numeric_arguments())


class Oracle:
    """Every question of one argument, answered over the worlds inside its boundary (bit masks)."""

    def __init__(self, arg: gen.Argument):
        self.arg = arg
        self.inside = arg.worlds(())
        self.everything = (1 << len(self.inside)) - 1
        self._masks = {}

    def mask(self, formula) -> int:
        if formula not in self._masks:
            self._masks[formula] = sum(1 << i for i, w in enumerate(self.inside) if gen.holds(formula, w, self.arg.vocab))
        return self._masks[formula]

    def possible(self, *formulas) -> bool:
        together = self.everything
        for formula in formulas:
            together &= self.mask(formula)
        return together != 0

    def entails(self, premises, conclusion) -> bool:
        together = self.everything
        for formula in premises:
            together &= self.mask(formula)
        return together & ~self.mask(conclusion) == 0

    def cores(self, named: dict) -> list[frozenset]:
        """Every minimal subset of `named` (label -> formula) that no world inside the boundary satisfies."""
        found = []
        for size in range(1, len(named) + 1):
            for subset in itertools.combinations(named, size):
                chosen = frozenset(subset)
                if any(core <= chosen for core in found):
                    continue
                if not self.possible(*(named[label] for label in subset)):
                    found.append(chosen)
        return found


def expected_findings(arg: gen.Argument) -> collections.Counter:
    """(rule, what it is about) for each finding of the COMPARED rules, predicted by enumeration."""
    oracle = Oracle(arg)
    if not oracle.inside:
        return collections.Counter({("L209", "boundary"): 1})
    found = collections.Counter()
    premises = {f"P{i}": f for i, f in enumerate(arg.premises, 1)}
    evidence = {f"E{i}": f for i, f in enumerate(arg.evidence(), 1)}
    assumptions = {f"A{i}": f for i, f in enumerate(arg.assumptions, 1)}
    claims = {"G0": arg.conclusion, **premises}
    impossible = {name for name, f in claims.items() if not oracle.possible(f)}
    found.update(("L205", name) for name in impossible)
    found.update(("E303", name) for name, f in evidence.items() if not oracle.possible(f))
    found.update(("L203", core) for core in oracle.cores(assumptions))
    if arg.has_boundary():
        found.update(("L204", name) for name, f in assumptions.items()
                     if not gen.mentions_measures(f) and not oracle.entails((), f))
    if not oracle.possible(*assumptions.values(), *evidence.values()):
        found.update(("L214", core) for core in oracle.cores({**assumptions, **evidence})
                     if len(core) > 1 and core & set(evidence))
    found.update(_step(oracle, arg, premises, assumptions, impossible))
    for i, (name, premise) in enumerate(premises.items(), 1):
        shown = evidence[f"E{i}"]
        if name in impossible or not oracle.possible(shown):
            continue
        if not oracle.possible(shown, premise):
            found[("E302", f"E{i}")] += 1
        elif not oracle.entails((shown,), premise):
            found[("E301", name)] += 1
    return found


def _step(oracle: Oracle, arg, premises: dict, assumptions: dict, impossible: set) -> list:
    kept = {name: f for name, f in premises.items() if name not in impossible}
    named = {**kept, **assumptions}
    if not oracle.possible(*named.values()):
        cores = oracle.cores(named)
        return [("L202", "S1")] if any(core & set(kept) for core in cores) else []
    if impossible:
        return []
    if not oracle.entails((*premises.values(), *assumptions.values()), arg.conclusion):
        return [("L201", "S1")]
    return []


_ABOUT = {"L201": "strategy", "L202": "strategy", "L204": "name", "L205": "name", "E301": "claim",
          "E302": "evidence", "E303": "evidence"}


def reported_findings(report) -> collections.Counter:
    found = collections.Counter()
    for f in report.findings:
        if f.code not in COMPARED:
            continue
        if f.code in ("L203", "L214"):
            found[(f.code, frozenset(f.members))] += 1
        elif f.code == "L209":
            found[("L209", "boundary")] += 1
        else:
            found[(f.code, f.field(_ABOUT[f.code]))] += 1
    return found


def check_against_brute_force(arg: gen.Argument) -> None:
    text = arg.text()
    report = check_text(text, "gen.case", as_of=AS_OF, timeout=10)
    bad = [(f.code, f.message) for f in report.findings if f.rule.outcome.value != "normal"]
    assert not bad, f"generated case was not checked:\n{text}\n{bad}"
    expected, reported = expected_findings(arg), reported_findings(report)
    for rule, _ in expected:
        event(rule)
    if not expected:
        event("no finding of these rules")
    event("numeric" if arg.vocab.numeric else "propositional")
    assert reported == expected, (f"\n{text}\nexpected only: {sorted(map(str, expected - reported))}\n"
                                  f"reported only: {sorted(map(str, reported - expected))}")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARGUMENTS)
def test_verdicts_equal_brute_force(arg):
    check_against_brute_force(arg)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARGUMENTS)
def test_verdicts_equal_brute_force_10000(arg):
    check_against_brute_force(arg)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gen.numeric_arguments())
def test_reference_semantics_of_numbers_equal_the_evaluator(arg):
    """The oracle's own semantics of ints, the int measure, `count` and `sum` is checker/evaluate.py's."""
    from checker.semantics.evaluate import evaluate
    from checker.api import read_model

    text = arg.text()
    case, findings = read_model(text, "gen.case")
    assert case is not None and not findings, (text, findings)
    pairs = [(case.claims["G0"].formula, arg.conclusion)]
    pairs += [(case.claims[f"P{i}"].formula, f) for i, f in enumerate(arg.premises, 1)]
    pairs += [(case.evidence[f"E{i}"].shows[0], f) for i, f in enumerate(arg.evidence(), 1)]
    pairs += [(case.assumptions[f"A{i}"].formula, f) for i, f in enumerate(arg.assumptions, 1)]
    pairs += list(zip(case.boundary or (), arg.boundary_formulas()))
    for world in itertools.islice(arg.vocab.worlds(), 200):
        replay = gen.to_world(world)
        for typed, tree in pairs:
            assert evaluate(typed, replay, case) == gen.holds(tree, world, arg.vocab), (gen.render(tree), world)
