"""Whole arguments over sets, reals, dates and strings, with settings, model builds and requirements, against brute force.

tests/test_brute_force_arguments.py checks whole arguments over bools, one enum and
small ints. Here the same trees (tests/argument_strategies.py) are drawn over the wider
vocabulary of tests/setting_strategies.py: a `set<Aid>` variable with membership and
subset atoms, a real variable and a real measure, a date variable with day arithmetic,
a `model` variable (a string, or an enum of builds); `within` scopes read bools, the
enum, members of the set by name, the real and the date; evidence carries `setting`
blocks (affordances granted, withheld or unstated; other variables pinned), `model`
builds and `date`s, and may be cited by two claims; a case may take a `decision` and may
`requires "req.case"`, with or without a `when` condition, on a required case that is
missing, holds, or fails on a boundary of its own (perhaps over a variable this case
does not declare).

**Why brute force is exact here.** Every question is decided over a finite set of worlds
that meets every class of values the formulas can tell apart (the argument is in
tests/setting_strategies.py's docstring): sets and the three dates are finite, a string
is compared only with "m1" and "m2" (one more value stands for all others), and a real
term is compared only with constants of {0, 1/2, 1} and with other real terms, so a grid
with n points inside each gap between those constants realises every order type of the
n real unknowns. So "no world on the grid" means "no world", and a world the checker
shows (with any real values) is replayed exactly at its own values.

**What the oracle predicts**, from docs/language.md alone, beyond the previous file's
oracle (which it extends through two hooks, `evidence_fact` and `rebuttal_fact`):

- section 6 "Settings and elicitation": for evidence a claim cites that has a `setting`,
  E306 when some deployment inside the boundary (within the citing claims' `within`
  scopes, when all are scoped) gets more of an affordance than the setting granted (a
  set not a subset, `true` over `false`, a larger number; an unmentioned set or bool is
  withheld; an unstated number is E308 and is not compared); E307 for each other
  variable the setting gives a value the boundary (within the citing claims' scopes, when
  all are scoped) rules out, alone or with the values before it; L240 for each
  conjunct of what cited or rebuttal evidence shows that mentions no measure and does not
  follow from the boundary (within the citing claims' scopes, when all are scoped and no
  rebuttal names the item);
- section 14 "Settings and affordances": E305 for cited or rebuttal evidence with a `model` build
  when the boundary does not pin `model` to it;
- section 8: what evidence shows counts for the criterion (and against defeaters, section
  7) within the scopes of every claim citing it, when all are scoped, or where its setting
  covers the deployment; rebuttal evidence counts where its setting covers the deployment;
  a setting that leaves a numeric affordance unstated covers no deployment;
- section 14 (L206): a scope reaches outside when it admits values of the variables it
  names (bools, the enum, each member of the set it names) that no deployment inside
  has, the real and the date taking any value (they are judged only through the others);
- sections 10 and 14 "Time" (no solver needed, so also with an empty boundary): E317 for
  evidence dated after the check date, E318 for evidence or a decision that expires on or
  before its own date, E315 for a decision past its expiry, E316 for each item dated
  after the decision, and L210 when the case (not the decision's own dates) has an error;
- section 11: a requirement binds unless the boundary, the assumptions the strategies are
  given and the cited evidence (read as above) entail `not condition`; when it binds, a
  missing file is G004 (and the case is unreadable), a required case that fails (its
  boundary admits nothing: L209) is G005, and L225 when a deployment inside this boundary
  where the condition can hold (given the same assumptions and evidence) lies outside the
  required boundary. With no deployment inside (L209), a `when` condition is ruled out.

Every world a finding carries is replayed: inside the boundary; E306's also outside the
coverage and inside the scopes; L225's with the condition true and a required boundary
line false.

The default run checks 30 examples; the slow run 5,000 (docs/reliability.md, which also
records the two checker bugs this oracle found).
"""
from __future__ import annotations

import collections
import datetime
import itertools
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, event, given, settings

from checker.api import check_text

try:
    from tests import setting_strategies as rich
    from tests import strategies as gen
    from tests import test_brute_force_arguments as base
except ImportError:  # tests/ on sys.path rather than the project root
    import setting_strategies as rich
    import strategies as gen
    import test_brute_force_arguments as base

AS_OF = base.AS_OF
NEW = {"E305", "E306", "E307", "G004", "G005", "L225", "E315", "E316", "E317", "E318", "L210"}
DECISION_ERRORS = {"E315", "E316", "L210", ("E318", "decision")}  # the decision's own, not the case's (L210)
MODELED = base.MODELED | NEW
COMPARED = base.COMPARED | NEW | {"E308", "L240"}
WARNINGS = {"L204", "L218", "E308", "L240"}


def _any(formulas):
    formula = formulas[0]
    for other in formulas[1:]:
        formula = ("or", formula, other)
    return formula


class SettingPrediction(base.Prediction):
    """The previous oracle, with settings, model builds and the requirement."""

    def __init__(self, case: rich.SettingTree):
        self.case = case
        self.citing = collections.defaultdict(list)  # item -> every claim citing it (tree.cited() keeps one)
        for claim in case.tree.claims:
            for how in case.tree.steps(claim):
                if how[0] == "evidence":
                    for item in how[1]:
                        self.citing[item].append(claim)
        super().__init__(case.tree)
        self._unstated()
        if self.w.inside:
            self._settings()
            self._audits()
        self._requirement()
        self._dates()

    # -- where evidence speaks --

    def coverage(self, item, judged: bool = False):
        """("covers", granted): the deployment gets no more of any affordance than the setting granted; or None
        when the item has no setting or there is no affordance.

        An unstated number is unknown: E306 does not judge it (`judged`: E308 warns instead), and where evidence
        speaks (sections 7 and 8) the setting is not known to have granted as much as any deployment gets, so
        it covers none (false)."""
        if item not in self.case.settings:
            return None
        stated = dict(self.case.settings[item])
        granted = []
        for name in self.tree.vocab.affordances():
            if name == "u" and name not in stated:
                if judged:
                    continue
                return ("const", False)
            granted.append((name, stated.get(name, frozenset() if name == "kit" else False)))
        return ("covers", tuple(granted)) if granted else None

    def scopes(self, item) -> list | None:
        """The `within` of every claim citing the item, or None when one of them is not scoped."""
        scopes = [self.tree.within.get(claim) for claim in self.citing[item]]
        return scopes if scopes and all(s is not None for s in scopes) else None

    def evidence_fact(self, item):
        covered, scopes = self.coverage(item), self.scopes(item)
        shows = self.tree.evidence[item]
        if covered is None or scopes is None:
            return shows
        return ("implies", _any([*scopes, covered]), shows)

    def rebuttal_fact(self, item):
        covered = self.coverage(item)
        return self.tree.evidence[item] if covered is None else ("implies", covered, self.tree.evidence[item])

    # -- L206 over sets and numbers --

    def _widening(self):
        """L206: values of the scope's named variables (bools, the enum, `net`, each member of `kit` the scope
        names) that the scope admits and no deployment inside has. Numbers are judged only through the others:
        the scope may give `u` and `day` any value (section 14), so they range here over a grid that meets every
        class of values a scope's atoms tell apart, beyond the boundary's ranges too."""
        t = self.tree
        if not t.boundary_formulas():
            return
        for claim, scope in t.within.items():
            named = sorted(scope_reads(scope), key=str)
            used = uses(scope)
            numbers = ["u"] * ("u" in used) + ["day"] * bool(used & {"dcmp", "ddiff", "din"})
            axes = [WIDE[name] for name in numbers] + [_domain(t.vocab, name) for name in named]
            admitted = set()
            for values in itertools.product(*axes):
                world = dict(zip(numbers + named, values))
                world["kit"] = frozenset(n[1] for n, v in world.items() if isinstance(n, tuple) and v)
                if gen.holds(scope, world, t.vocab):
                    admitted.add(tuple(world[n] for n in named))
            inside = {tuple(_project(w, n) for n in named) for w in self.w.inside}
            if admitted - inside:
                self.found[("L206", claim)] += 1

    # -- L240: what evidence shows about the deployment --

    def _audits(self):
        """L240 (one for each): a conjunct of what cited or rebuttal evidence shows that mentions no measure and
        that the boundary does not guarantee (within the citing claims' scopes, when all are scoped and no
        rebuttal names the item: a rebuttal reads it wherever the boundary reaches)."""
        t, w = self.tree, self.w
        if not t.has_boundary():
            return
        rebuttals = {d.rebuttal for d in t.defeaters if d.status == "rebutted"}
        for item in set(self.citing) | rebuttals:
            scopes = self.scopes(item) if item not in rebuttals else None
            region = [_any(scopes)] if scopes else []
            facts = [f for f in conjuncts(t.evidence[item]) if not gen.mentions_measures(f)]
            self.found[("L240", item)] += sum(not w.entails(region, fact) for fact in facts)  # one for each fact

    # -- E305-E308 --

    def _unstated(self):
        """E308 needs no solver: it is reported whatever the boundary admits (docs/rules.md, L209)."""
        for item in self.tree.cited():
            if item in self.case.settings and "u" in self.tree.vocab.affordances() \
                    and "u" not in dict(self.case.settings[item]):
                self.found[("E308", (item, "u"))] += 1

    def _settings(self):
        t, w, vocab = self.tree, self.w, self.tree.vocab
        rebuttals = {d.rebuttal for d in t.defeaters if d.status == "rebutted"}
        for item in set(t.cited()) | rebuttals:
            if vocab.model and item in self.case.models:  # a rebuttal about another build answers nothing either
                pin = ("model", "==", self.case.models[item], vocab.model_enum)
                if not w.entails([], pin):
                    self.found[("E305", item)] += 1
                    self.worlds[("E305", item)] = ([("not", pin)], ("const", False))
            if item not in self.case.settings or item not in t.cited():
                continue
            covered = self.coverage(item, judged=True)
            region = [_any(self.scopes(item))] if self.scopes(item) else []
            if covered is not None and w.possible([*region, ("not", covered)]):
                self.found[("E306", item)] += 1
                self.worlds[("E306", item)] = (region, covered)
            # E307: each other value alone, then all of them together (the first that leaves no deployment), within
            # the citing claims' scopes when all are scoped (section 6)
            pins = []
            for name, value in self.case.settings[item]:
                if name in vocab.affordances():
                    continue
                if w.possible([*region, ("pin", name, value)]):
                    pins.append((name, ("pin", name, value)))
                else:
                    self.found[("E307", (item, name))] += 1
            for k in range(2, len(pins) + 1):
                if not w.possible([*region, *(pin for _, pin in pins[:k])]):
                    self.found[("E307", (item, pins[k - 1][0]))] += 1
                    break

    # -- requires --

    def _requirement(self):
        req = self.case.requirement
        if req is None:
            return
        t, w = self.tree, self.w
        facts = []
        if req.condition is not None:
            facts = [t.assumptions[a] for _, (_, _, givens) in t.strategies().items() for a in givens]
            facts += [self.evidence_fact(item) for item in t.cited()]
            if w.entails(facts, ("not", req.condition)):  # vacuous when no deployment is inside
                return
        if req.boundary is None:
            self.found[("G004", "req")] += 1
            return
        vocab = req.vocab(t.vocab)  # with `zflag`, which only the required case declares
        required = _all(req.tree(t.vocab).boundary_formulas())
        if not any(gen.holds(required, world, vocab) for world in vocab.worlds()):
            self.found[("G005", "req")] += 1
        # where the condition can hold given the same boundary, assumptions and evidence (section 11)
        condition = [req.condition, *facts] if req.condition is not None else []
        flags = (False, True) if req.flag is not None else (None,)
        # A deployment inside this boundary where the condition can hold, outside the required boundary for some
        # value of what this case leaves free.
        if any(all(gen.holds(f, world, t.vocab) for f in condition)
               and any(not gen.holds(required, {**world, "zflag": z}, vocab) for z in flags) for world in w.inside):
            self.found[("L225", "req")] += 1
            self.worlds[("L225", "req")] = (condition, required)

    # -- dates: no solver needed, so judged whatever the boundary admits --

    def _dates(self):
        as_of, case = rich.trees.AS_OF, self.case
        for item, date in case.dates.items():
            if date > as_of:
                self.found[("E317", item)] += 1
            if item in self.tree.expires and self.tree.expires[item] <= date:
                self.found[("E318", item)] += 1
        if case.decision is None:
            return
        on, expires = case.decision
        if expires is not None and expires <= on:
            self.found[("E318", "decision")] += 1
        if expires is not None and expires <= as_of:
            self.found[("E315", "deploy")] += 1
        self.found.update(("E316", ("deploy", item)) for item, date in case.dates.items() if date > on)
        # L210: the case's errors; the decision's own dates are a fault of the decision (section 10)
        if any(code not in WARNINGS and code not in DECISION_ERRORS and (code, about) not in DECISION_ERRORS
               for code, about in self.found):
            self.found[("L210", "deploy")] += 1


WIDE = {"u": tuple(Fraction(k, 4) for k in range(-8, 9)),
        "day": tuple(rich.DAY0 + datetime.timedelta(days=k) for k in range(-4, 7))}


def uses(formula) -> set:
    """Every name and atom kind in a formula tree (enough to tell whether it reads `u` or `day`)."""
    if isinstance(formula, tuple):
        return set().union(*(uses(part) for part in formula)) if formula else set()
    return {formula} if isinstance(formula, str) else set()


def scope_reads(formula) -> set:
    """The named values a scope reads: bool variables, the enum variable, and ("kit", m) for `m in kit`."""
    if not isinstance(formula, tuple) or not formula:
        return {gen.ENUM_VAR} if formula == gen.ENUM_VAR else set()
    if formula[0] == "var":
        return {formula[1]}
    if formula[0] == "mem":
        return {("kit", formula[1])}
    return set().union(*(scope_reads(part) for part in formula))


def _domain(vocab, name):
    if isinstance(name, tuple):
        return (False, True)
    return vocab.enums[vocab.enum_type] if name == gen.ENUM_VAR else (False, True)


def _project(world, name):
    return name[1] in world["kit"] if isinstance(name, tuple) else world[name]


def conjuncts(formula) -> list:
    """The parts of `a and b and ...`."""
    if formula[0] == "and":
        return conjuncts(formula[1]) + conjuncts(formula[2])
    return [formula]


def _all(formulas):
    formula = ("const", True)
    for other in formulas:
        formula = ("and", formula, other)
    return formula


# ---- reading the report --------------------------------------------------------------------------


def about(finding, where: dict):
    code = finding.code
    if code in ("E305", "E306", "L240"):
        return finding.field("evidence")
    if code in ("E307", "E308"):
        return (finding.field("evidence"), finding.field("variable"))
    if code in ("G004", "G005", "L225"):
        return "req"
    if code in ("E315", "L210"):
        return finding.field("decision")
    if code == "E316":
        return (finding.field("decision"), finding.field("evidence"))
    if code == "E317":
        return finding.field("evidence")
    if code == "E318":
        item = finding.field("item")
        return "decision" if item.startswith("decision") else item.split("`")[1]
    return base.about(finding, where)


def as_rich(world) -> dict:
    """A checker World as a brute-force world dict: sets as frozensets, numbers as Fractions, dates as dates."""
    shown = {}
    for name, value in world.context.items():
        shown[name] = str(value) if name in (gen.ENUM_VAR, "model") else value
    for (name, args), value in world.measures.items():
        shown[(name, str(args[0]))] = value
    return shown


def replay(vocab, shown: dict, formulas, broken) -> bool:
    """Every completion of the shown values (the rest from the brute-force worlds) satisfies `formulas` and breaks
    `broken`: the world's own values decide, even where they lie between the grid's points."""
    completions = {tuple(sorted({**w, **shown}.items(), key=str)) for w in vocab.worlds()}
    return all(all(gen.holds(f, dict(c), vocab) for f in formulas) and not gen.holds(broken, dict(c), vocab)
               for c in completions)


def check_setting_tree(case: rich.SettingTree, folder) -> None:
    tree = case.tree
    text, where = tree.text()
    if case.requirement is not None and case.requirement.boundary is not None:
        (folder / "req.case").write_text(case.requirement.case_text(tree.vocab))
    with base.capturing_known() as seen:
        report = check_text(text, str(folder / "gen.case"), as_of=AS_OF, timeout=20)
    expected = SettingPrediction(case)
    for code, _ in expected.found:
        event(code)
    event(f"verdict {report.verdict}")
    reported = collections.Counter((f.code, about(f, where)) for f in report.findings if f.code in COMPARED
                                   and not (f.code in ("G202", "L218") and about(f, where) in expected.unjudged))
    if ("G004", "req") in expected.found:  # the case is unreadable: only that is compared
        assert ("G004", "req") in reported and report.verdict == "unreadable", (text, report.verdict)
        return
    problems = [(f.code, f.message) for f in report.findings if f.rule.outcome.value != "normal"]
    assert not problems, f"generated case was not checked:\n{text}\n{problems}"
    assert reported == expected.found, (f"\n{text}\n{case.settings} {case.models} {case.requirement}\n"
                                        f"expected only: {sorted(map(str, expected.found - reported))}\n"
                                        f"reported only: {sorted(map(str, reported - expected.found))}")
    errors = {f.code for f in report.findings if f.severity.value == "error"}
    assert errors <= MODELED, f"\n{text}\nerrors the oracle does not model: {sorted(errors - MODELED)}"
    should_fail = any(code not in WARNINGS for code, _ in expected.found)
    assert report.verdict == ("fails" if should_fail else "holds"), f"\n{text}\n{report.verdict}"
    vocab, inside = tree.vocab, tree.boundary_formulas()
    for f in report.findings:
        if f.world is None or f.code in ("L206", "L225"):
            continue  # L206 shows values outside the boundary; L225 a world of both cases (below)
        assert replay(vocab, as_rich(f.world), inside, ("const", False)), (text, f.code, f.world.lines())
        key = (f.code, about(f, where)) if f.code in COMPARED else None
        if key in expected.worlds:
            premises, conclusion = expected.worlds[key]
            assert replay(vocab, as_rich(f.world), [*inside, *premises], conclusion), (text, key, f.world.lines())
        if key in expected.members:
            assert expected.members[key](tuple(f.members)), (text, key, f.members)
    for f in report.findings:
        if f.code == "L225" and f.world is not None:  # over both cases' variables
            premises, conclusion = expected.worlds[("L225", "req")]
            both = case.requirement.vocab(vocab)
            assert replay(both, as_rich(f.world), [*inside, *premises], conclusion), (text, f.world.lines())
    if expected.established is not None:
        standing = seen[-1].established.claims  # this case is summarised last (a required one inside its check)
        got = {name: standing[name].established for name in tree.claims}
        assert got == expected.established, f"\n{text}\nestablished: {got}\nexpected: {expected.established}"
        assert set(report.summary.undermined_by) == expected.standing, (text, report.summary.undermined_by)
        assert {name for name, _, _ in report.summary.residual} == expected.residual, (text, report.summary.residual)


CASES = rich.setting_trees()
_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                        HealthCheck.function_scoped_fixture])


@settings(max_examples=30, **_SETTINGS)
@given(case=CASES)
def test_settings_and_rich_values_equal_brute_force(tmp_path_factory, case):
    check_setting_tree(case, tmp_path_factory.mktemp("settings"))


@pytest.mark.slow
@settings(max_examples=5_000, **_SETTINGS)
@given(case=CASES)
def test_settings_and_rich_values_equal_brute_force_5000(tmp_path_factory, case):
    check_setting_tree(case, tmp_path_factory.mktemp("settings"))
