"""Whole multi-level arguments against brute force: establishment, defeaters, acceptance, and scope.

tests/test_brute_force.py checks one strategy step. Here each example is a whole case
(tests/argument_strategies.py): a top claim argued over two or three levels of
strategies and evidence (a claim may have both), assumptions (one may be given to two
strategies), informal leaf claims and steps `judged by` someone, `within` scopes,
evidence that has expired or not, defeaters (open, accepted, rebutted by evidence of
their own or by cited evidence; some with `asserts`) and an accept block. Every world
inside the boundary is enumerated, and the oracle below predicts, as docs/language.md
(sections 7, 8 and 14) and docs/rules.md define them:

- the findings of each step (L201, or L207 when a premise's scope explains it; L202,
  E301, E302, E303, E304), of the claims (L205, L206), the assumptions (L203, L204) and
  the whole argument (L214), evidence held back (E310);
- which claims are established: a claim is established when one of its steps is proved,
  rests on established premises (a judged step does not need its informal ones) and no
  standing defeater challenges the claim, its strategy, the strategy's assumptions or its
  evidence; paper safety (L215) when only informal steps nobody judged hold the top back;
- defeaters: an open one stands (G202 per target); one rebutted by expired evidence is
  open again (E321) and stands; a formal one (`asserts`) is judged against the
  established facts it does not doubt (plus its current rebuttal evidence), from the
  sceptical side until nothing changes: ruled out, it falls (L218, naming a minimal set
  of facts, when its status is not `rebutted`); still standing with status `rebutted`,
  it is L217; the summary names the standing ones and the residual risks;
- each `require`: L227 when no world inside the boundary breaks it; proved from the
  established facts, else L216 (a minimal set of unestablished facts with which it
  follows, the top claim alone first) or L212; not judged when the established facts
  conflict, and L235 when the top claim conflicts with the assumptions and evidence;
- the verdict: `fails` exactly when one of these errors is predicted, and no other
  error is reported.

Every world a finding carries is replayed by the oracle: inside the boundary, every
premise true, the conclusion false (L206's lies outside, where the scope holds).

Then `warrant scope --config` (one file, a JSON-lines batch, and the table of the
command line) and `warrant diff` are compared with direct evaluation of random
boundaries (a `set<enum>` variable among them) on random configurations: inside or
outside, every broken line in order and the first one, which triggers fire, C208, the
verdict and the claims to review.

The default run checks 100 examples per property; the slow run 5,000 (docs/reliability.md).
"""
from __future__ import annotations

import collections
import contextlib
import datetime
import io
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import checker.api as api
from checker.api import check_text

try:
    from tests import argument_strategies as trees
    from tests import strategies as gen
except ImportError:  # tests/ on sys.path rather than the project root
    import argument_strategies as trees
    import strategies as gen

AS_OF = datetime.date.fromisoformat(trees.AS_OF)
# How far a claim is from established, worst last (checker/checks/establish.py ranks them so too).
ESTABLISHED, JUDGED, INFORMAL, UNDERMINED, FAILED = range(5)
MODELED = {"L201", "L202", "L206", "L207", "L203", "L205", "L209", "L212", "L214", "L215", "L216", "L217", "L227", "L235",
           "E301", "E302", "E303", "E304", "E310", "E321", "G202"}
COMPARED = MODELED | {"L204", "L218"}


class Worlds:
    """The worlds inside a tree's boundary, and questions about them answered by bit masks."""

    def __init__(self, tree: trees.Tree):
        self.tree, self.vocab = tree, tree.vocab
        self.inside = [w for w in tree.vocab.worlds()
                       if all(gen.holds(f, w, tree.vocab) for f in tree.boundary_formulas())]
        self.everything = (1 << len(self.inside)) - 1
        self._masks = {}

    def mask(self, formula) -> int:
        if formula not in self._masks:
            self._masks[formula] = sum(1 << i for i, w in enumerate(self.inside) if gen.holds(formula, w, self.vocab))
        return self._masks[formula]

    def together(self, formulas) -> int:
        both = self.everything
        for formula in formulas:
            both &= self.mask(formula)
        return both

    def possible(self, formulas) -> bool:
        return self.together(formulas) != 0

    def entails(self, premises, conclusion) -> bool:
        return self.together(premises) & ~self.mask(conclusion) == 0

    def cores(self, named: dict) -> list[frozenset]:
        """Every minimal subset of `named` (label -> formula) no world inside the boundary satisfies."""
        found = []
        for size in range(1, len(named) + 1):
            for subset in itertools.combinations(named, size):
                if not any(core <= set(subset) for core in found) and not self.possible([named[x] for x in subset]):
                    found.append(frozenset(subset))
        return found


# ---- the oracle ----------------------------------------------------------------------------------


class Prediction:
    """What the docs say the checker must report about one tree, worked out over its worlds."""

    def __init__(self, tree: trees.Tree):
        self.tree, self.w = tree, Worlds(tree)
        self.found = collections.Counter()
        self.worlds = {}  # (code, about) -> (premises, conclusion) a shown world must satisfy / break
        self.members = {}  # (code, about) -> a check on the reported members
        self.established = None  # claim -> bool
        # Dates need no solver: they are judged whatever the boundary admits.
        self.expired = {item for item, date in tree.expires.items() if date <= trees.AS_OF}
        self.found.update(("E304", item) for item in self.expired if item in tree.cited())
        self.found.update(("E321", d.name) for d in tree.defeaters if d.status == "rebutted" and d.rebuttal in self.expired)
        if not self.w.inside:
            # No question is put to the solver; the checks that need none run (docs/rules.md, L209): an open
            # defeater is G202. Whether a formal one stands is such a question (notes: brute.md asks).
            self.found[("L209", "boundary")] += 1
            self.found.update(("G202", d.name) for d in tree.defeaters if d.status == "open" and d.asserts is None
                              for _ in d.against)
            self.unjudged = {d.name for d in tree.defeaters if d.asserts is not None}
            # Paper safety needs no solver either: the top claim's own step is informal and nobody judged it,
            # and no defeater that stands (or may) is against it.
            _, strategy, premises, _ = tree.support["G0"]
            doubted = any("G0" in d.against and (d.status == "open" or d.status == "rebutted"
                          and (d.asserts is not None or d.rebuttal in self.expired)) for d in tree.defeaters)
            if any(tree.claims[p] is None for p in premises) and strategy not in tree.judged and not doubted:
                self.found[("L215", "G0")] += 1
            return
        self.unjudged = set()
        self._nodes()
        self._defeaters()
        self._criteria()

    # -- claims, steps, evidence --

    def _nodes(self):
        t, w = self.tree, self.w
        self.impossible = {c for c, f in t.claims.items()
                           if f is not None and not w.possible([f] + ([t.within[c]] if c in t.within else []))}
        self._widening()
        self.found.update(("L205", c) for c in self.impossible)
        bad_items = {e for e, f in t.evidence.items() if not w.possible([f])}
        self.found.update(("E303", e) for e in bad_items)
        self.found.update(("L203", core) for core in w.cores(t.assumptions))
        for name, formula in t.assumptions.items():
            if t.has_boundary() and not gen.mentions_measures(formula) and not w.entails([], formula):
                self.found[("L204", name)] += 1
                self.worlds[("L204", name)] = ([], formula)
        cited = t.cited()
        named = {**t.assumptions, **{e: t.evidence[e] for e in cited}}
        if cited and not w.possible(named.values()):
            self.found.update(("L214", core) for core in w.cores(named) if len(core) > 1 and core & set(cited))
        self.status = {}  # (claim, "by" or "evidence") -> how the step ended: ESTABLISHED (proved), JUDGED, ...
        for strategy, (claim, premises, givens) in t.strategies().items():
            if any(t.claims[p] is None for p in premises):
                self.status[claim, "by"] = JUDGED if strategy in t.judged else INFORMAL
            else:
                self.status[claim, "by"] = ESTABLISHED if self._strategy(strategy, claim, premises, givens) else FAILED
        for claim in t.claims:
            for how in t.steps(claim):
                if how[0] == "evidence" and t.claims[claim] is not None:
                    proved = self._evidence(claim, how[1], bad_items)
                    self.status[claim, "evidence"] = ESTABLISHED if proved else FAILED
        for item in set(t.evidence) - set(cited):
            ruled_out = [c for c, f in t.claims.items() if f is not None and c not in self.impossible
                         and not w.possible([t.evidence[item], f] + ([t.within[c]] if c in t.within else []))]
            if ruled_out:
                self.found[("E310", item)] += 1

    def _widening(self):
        """L206: a scope admits values of its variables (bools and the enum here) that no deployment inside has."""
        t = self.tree
        if not t.boundary_formulas():
            return
        for claim, scope in t.within.items():
            names = sorted(reads(scope), key=str)
            inside = {tuple(w[n] for n in names) for w in self.w.inside}
            admitted = {tuple(w[n] for n in names) for w in t.vocab.worlds() if gen.holds(scope, w, t.vocab)}
            if admitted - inside:
                self.found[("L206", claim)] += 1

    def _strategy(self, strategy, claim, premises, givens) -> bool:
        t, w = self.tree, self.w
        kept = {p: t.effective(p) for p in premises if p not in self.impossible}
        named = {**kept, **{a: t.assumptions[a] for a in givens}}
        if not w.possible(named.values()):
            cores = w.cores(named)
            if any(core & set(kept) for core in cores):
                self.found[("L202", strategy)] += 1
                self.members[("L202", strategy)] = lambda m: frozenset(m) in cores and bool(set(m) & set(kept))
            return False
        if self.impossible & set(premises) or claim in self.impossible:
            return False
        if w.entails(named.values(), t.effective(claim)):
            return True
        scope = [t.within[claim]] if claim in t.within else []
        for p in premises:  # L207 explains the failure by a premise whose scope leaves part of the conclusion's out
            if p in t.within and w.possible([*scope, *named.values(), ("not", t.within[p]), ("not", t.claims[claim])]):
                self.found[("L207", strategy)] += 1
                self.worlds[("L207", strategy)] = ([*scope, *named.values()], ("or", t.within[p], t.claims[claim]))
                return False
        self.found[("L201", strategy)] += 1
        self.worlds[("L201", strategy)] = (list(named.values()), t.effective(claim))
        return False

    def _evidence(self, claim, items, bad_items) -> bool:
        t, w = self.tree, self.w
        if claim in self.impossible:
            return False
        scope = [t.within[claim]] if claim in t.within else []
        contradicting = [e for e in items if e not in bad_items
                         and not w.possible([t.evidence[e], t.claims[claim], *scope])]
        for item in contradicting:
            self.found[("E302", (item, claim))] += 1
        if contradicting or set(items) & bad_items:
            return False
        shows = [t.evidence[e] for e in items]
        if not w.possible(shows):
            return False
        if w.entails(shows, t.effective(claim)):
            return True
        self.found[("E301", claim)] += 1
        self.worlds[("E301", claim)] = (shows, t.effective(claim))
        return False

    # -- establishment and defeaters --

    def establish(self, standing: set) -> tuple[dict, dict]:
        """(claim -> its kind, label -> formula of the established facts) for a set of standing defeaters."""
        t = self.tree
        challenged = {node for d in t.defeaters if d.name in standing for node in d.against}
        memo, facts = {}, {}
        self._facts = facts

        def claim(name) -> int:
            if name not in memo:
                memo[name] = self._claim(name, challenged, claim)
            return memo[name]

        return {name: claim(name) for name in t.claims}, facts

    def _claim(self, name, challenged, claim) -> int:
        """A claim's kind: the best of its steps (it has one), and undermined at least when a defeater stands
        against it. A step's kind is the worst of how it ended and what it rests on: parts a standing defeater
        challenges, expired evidence (E304), premises not established (a judged step does not need its informal
        premises: the judge weighed them)."""
        t = self.tree
        if t.claims[name] is None:
            return INFORMAL
        if name in self.impossible:
            return FAILED
        kinds = [(how, self._step(name, how, challenged, claim)) for how in t.steps(name)]
        best = min(kind for _, kind in kinds)
        if name in challenged:
            return max(best, UNDERMINED)
        if best == ESTABLISHED:  # each step that establishes the claim gives its facts
            self._facts[name] = t.effective(name)
            for how, kind in kinds:
                if kind == ESTABLISHED:
                    for label in (how[3] if how[0] == "by" else how[1]):
                        self._facts[label] = t.assumptions[label] if how[0] == "by" else self.evidence_fact(label)
        return best

    def _step(self, name, how, challenged, claim) -> int:
        t, own = self.tree, self.status[name, how[0]]
        if own not in (ESTABLISHED, JUDGED):
            return own
        parts = (how[1], *how[3]) if how[0] == "by" else how[1]
        gaps = [UNDERMINED] if set(parts) & challenged else []
        if how[0] == "evidence" and set(how[1]) & self.expired:
            gaps.append(FAILED)
        if how[0] == "by":
            gaps += [claim(p) for p in how[2] if not (own == JUDGED and t.claims[p] is None)]
        return max([own, *gaps])

    def doubted(self, defeater) -> set:
        """The evidence a defeater doubts: what it names, or what the claim it names cites."""
        t = self.tree
        return {item for node in defeater.against if node in t.claims
                for how in t.steps(node) if how[0] == "evidence" for item in how[1]} | \
            {node for node in defeater.against if node in t.evidence}

    def judged_facts(self, defeater, facts: dict, standing: set) -> dict:
        doubted = self.doubted(defeater)
        under_doubt = set().union(*(self.doubted(d) for d in self.tree.defeaters
                                    if d.name in standing and d.name != defeater.name))
        judged = {label: f for label, f in facts.items() if label not in doubted}
        item = defeater.rebuttal
        if item is not None and item not in doubted and item not in under_doubt and item not in self.expired:
            judged[item] = self.rebuttal_fact(item)
        return judged

    def evidence_fact(self, item):
        """What cited evidence gives the established facts (tests/test_brute_force_settings.py adds settings)."""
        return self.tree.evidence[item]

    def rebuttal_fact(self, item):
        """What the evidence a `rebutted by` names gives the defeater's judgement."""
        return self.tree.evidence[item]

    def _defeaters(self):
        t, w = self.tree, self.w
        # A defeater rebutted by expired evidence is open again (E321): it stands, as an open one does.
        standing = {d.name for d in t.defeaters if d.status == "open" or d.status == "rebutted"
                    and (d.asserts is not None or d.rebuttal in self.expired)}
        pending = [d for d in t.defeaters if d.asserts is not None and d.name in standing]
        ruled_out = set()
        changed = True
        while changed:
            changed = False
            _, facts = self.establish(standing)
            start = set(standing)
            for d in pending:
                if d.name in standing and not w.possible([*self.judged_facts(d, facts, start).values(), d.asserts]):
                    standing.discard(d.name)
                    ruled_out.add(d.name)
                    changed = True
        kinds, self.facts = self.establish(standing)
        self.established = {name: kind == ESTABLISHED for name, kind in kinds.items()}
        if kinds["G0"] == INFORMAL:
            self.found[("L215", "G0")] += 1  # paper safety: held back only by informal steps nobody judged
        for d in t.defeaters:
            if d.status == "accepted" and d.asserts is not None:
                judged = self.judged_facts(d, self.facts, standing)
                if not w.possible([*judged.values(), d.asserts]):
                    ruled_out.add(d.name)
        for d in t.defeaters:
            if d.name in ruled_out and d.status != "rebutted":
                self.found[("L218", d.name)] += 1
                self.members[("L218", d.name)] = self._ruling_out(d, self.judged_facts(d, self.facts, standing))
            elif d.status == "open":
                self.found[("G202", d.name)] += len(d.against)  # one per node it names
            elif d.status == "rebutted" and d.name in standing and d.rebuttal not in self.expired:
                self.found[("L217", d.name)] += 1
                self.worlds[("L217", d.name)] = ([*self.judged_facts(d, self.facts, standing).values(), d.asserts],
                                                 ("const", False))
        self.standing = standing
        self.residual = {d.name for d in t.defeaters if d.status == "accepted" and d.name not in ruled_out}

    def _ruling_out(self, defeater, facts: dict):
        """L218 names a minimal set of the facts that rule the counter-claim out (none: the boundary does)."""
        w = self.w

        def check(members) -> bool:
            if not set(members) <= set(facts):
                return False
            chosen = [facts[m] for m in members]
            if w.possible([*chosen, defeater.asserts]):
                return False
            return all(w.possible([facts[o] for o in members if o != m] + [defeater.asserts]) for m in members)

        return check

    # -- the accept block --

    def _criteria(self):
        t, w = self.tree, self.w
        for i, require in enumerate(t.requires):
            if w.entails([], require):
                self.found[("L227", i)] += 1
        premises = list(self.facts.values())
        if not t.requires or not w.possible(premises):
            return
        cited = t.cited()
        argued = [t.effective("G0"), *t.assumptions.values(), *(t.evidence[e] for e in cited)]
        if not w.possible(argued):
            rest = [*t.assumptions.values(), *(t.evidence[e] for e in cited)]
            if "G0" not in self.impossible and w.possible(rest):
                self.found[("L235", "accept")] += 1
            return
        formal = {c: t.effective(c) for c, f in t.claims.items() if f is not None}
        everything = {**formal, **t.assumptions, **{e: t.evidence[e] for e in cited}}
        unproved = {label: f for label, f in everything.items() if label not in self.facts}
        for i, require in enumerate(t.requires):
            if w.entails(premises, require):
                continue
            self.worlds[("L212" if not self._needs(premises, unproved, require) else "L216", i)] = (premises, require)
            if self._needs(premises, unproved, require):
                self.found[("L216", i)] += 1
                self.members[("L216", i)] = self._minimal_needed(premises, unproved, require)
            else:
                self.found[("L212", i)] += 1

    def _needs(self, premises, unproved: dict, require) -> bool:
        return bool(unproved) and self.w.entails(premises + list(unproved.values()), require)

    def _minimal_needed(self, premises, unproved: dict, require):
        w = self.w
        top_alone = "G0" in unproved and w.entails(premises + [unproved["G0"]], require)

        def check(members) -> bool:
            if top_alone:
                return tuple(members) == ("G0",)
            chosen = [unproved[m] for m in members if m in unproved]
            if len(chosen) != len(members) or not w.entails(premises + chosen, require):
                return False
            return all(not w.entails(premises + [unproved[o] for o in members if o != m], require) for m in members)

        return check


# ---- reading the report --------------------------------------------------------------------------


@contextlib.contextmanager
def capturing_known():
    """What the families established (Known) for each checked case: api._check hands it to case_summary."""
    seen = []
    original = api.case_summary

    def keep(case, known):
        seen.append(known)
        return original(case, known)

    api.case_summary = keep
    try:
        yield seen
    finally:
        api.case_summary = original


def about(finding, where: dict):
    code = finding.code
    if code in ("L203", "L214"):
        return frozenset(finding.members)
    if code in ("L201", "L202", "L207"):
        return finding.field("strategy")
    if code in ("L204", "L205", "L206"):
        return finding.field("name")
    if code == "E301":
        return finding.field("claim")
    if code == "E302":
        return (finding.field("evidence"), finding.field("claim"))
    if code in ("E303", "E304", "E310"):
        return finding.field("evidence")
    if code in ("G202", "L217", "L218", "E321"):
        return finding.field("defeater")
    if code in ("L212", "L216", "L227"):
        return next(key[1] for key, line in where.items()
                    if isinstance(key, tuple) and key[0] == "require" and line == finding.span.line)
    if code == "L215":
        return finding.field("claim")
    return "accept" if code == "L235" else "boundary"


def replay(vocab, shown, premises, conclusion) -> bool:
    """Every brute-force world agreeing with the values shown is inside (checked by the caller), satisfies the
    premises and breaks the conclusion."""
    matching = [w for w in vocab if all(w.get(k) == v for k, v in shown.items())]
    return bool(matching) and all(all(gen.holds(f, w, vocab.vocab) for f in premises)
                                  and not gen.holds(conclusion, w, vocab.vocab) for w in matching)


class _Inside(list):
    """The worlds inside the boundary, with the vocabulary they are over."""

    def __init__(self, worlds, vocab):
        super().__init__(worlds)
        self.vocab = vocab


def as_brute(world) -> dict:
    """A checker World as a brute-force world dict (strategies.to_world, the other way)."""
    shown = {}
    for name, value in world.context.items():
        shown[name] = str(value) if name == gen.ENUM_VAR else (value if isinstance(value, bool) else int(value))
    for (name, args), value in world.measures.items():
        shown[(name, str(args[0]))] = value if isinstance(value, bool) else int(value)
    return shown


def check_tree(tree: trees.Tree) -> None:
    text, where = tree.text()
    with capturing_known() as seen:
        report = check_text(text, "gen.case", as_of=AS_OF, timeout=20)
    problems = [(f.code, f.message) for f in report.findings if f.rule.outcome.value != "normal"]
    assert not problems, f"generated case was not checked:\n{text}\n{problems}"
    expected = Prediction(tree)
    reported = collections.Counter((f.code, about(f, where)) for f in report.findings if f.code in COMPARED
                                   and not (f.code in ("G202", "L218") and about(f, where) in expected.unjudged))
    for code, _ in expected.found:
        event(code)
    event(f"verdict {report.verdict}")
    assert reported == expected.found, (f"\n{text}\nexpected only: {sorted(map(str, expected.found - reported))}\n"
                                        f"reported only: {sorted(map(str, reported - expected.found))}")
    errors = {f.code for f in report.findings if f.severity.value == "error"}
    assert errors <= MODELED, f"\n{text}\nerrors the oracle does not model: {sorted(errors - MODELED)}"
    should_fail = any(code not in ("L204", "L218") for code, _ in expected.found)
    assert report.verdict == ("fails" if should_fail else "holds"), f"\n{text}\n{report.verdict}"
    inside = _Inside(expected.w.inside, tree.vocab)
    for f in report.findings:
        if f.code == "L206":  # values the scope admits that no deployment inside has
            shown = as_brute(f.world)
            scope = tree.within[f.field("name")]
            assert not any(all(w[k] == v for k, v in shown.items()) for w in inside), (text, f.world.lines())
            assert all(gen.holds(scope, w, tree.vocab) for w in tree.vocab.worlds()
                       if all(w[k] == v for k, v in shown.items())), (text, f.world.lines())
        elif f.world is not None:  # whatever the rule, a world it shows lies inside the boundary
            assert replay(inside, as_brute(f.world), [], ("const", False)), (text, f.code, f.world.lines())
        key = (f.code, about(f, where)) if f.code in COMPARED else None
        if key in expected.worlds and f.world is not None:
            premises, conclusion = expected.worlds[key]
            assert replay(inside, as_brute(f.world), premises, conclusion), (text, key, f.world.lines())
        if key in expected.members:
            assert expected.members[key](tuple(f.members)), (text, key, f.members)
    if expected.established is not None:
        standing = seen[-1].established.claims
        got = {name: standing[name].established for name in tree.claims}
        assert got == expected.established, f"\n{text}\nestablished: {got}\nexpected: {expected.established}"
        event(f"top claim {'established' if got['G0'] else 'not established'}")
        # the summary: `fails, undermined by D1`, and `residual risk accepted: D2` (docs/language.md, section 7)
        assert set(report.summary.undermined_by) == expected.standing, (text, report.summary.undermined_by)
        assert {name for name, _, _ in report.summary.residual} == expected.residual, (text, report.summary.residual)


TREES = trees.trees()
_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(max_examples=100, **_SETTINGS)
@given(TREES)
def test_arguments_equal_brute_force(tree):
    check_tree(tree)


@pytest.mark.slow
@settings(max_examples=5_000, **_SETTINGS)
@given(TREES)
def test_arguments_equal_brute_force_5000(tree):
    check_tree(tree)


# ---- scope and diff: configurations against random boundaries and triggers ---------------------


def reads(formula) -> set:
    """The context variables a formula tree reads."""
    if not isinstance(formula, tuple):
        return {gen.ENUM_VAR} if formula == gen.ENUM_VAR else set()
    if formula and formula[0] in ("var", "ivar"):
        return {formula[1]}
    if formula and formula[0] == "set":
        return {"tools"}
    return set().union(*(reads(part) for part in formula)) if formula else set()


def broken(tree: trees.Tree, values: dict) -> list:
    """The boundary lines (indexes, in order) a configuration breaks, by direct evaluation."""
    return [i for i, f in enumerate(tree.boundary_formulas()) if not trees.holds_line(f, values, tree.vocab)]


def resting_on(tree: trees.Tree, claims) -> set:
    """The claims named and every claim that rests on one of them through strategies."""
    found, changed = set(claims), True
    while changed:
        above = {c for c, how in tree.support.items() if how[0] == "by" and set(how[2]) & found}
        changed = not above <= found
        found |= above
    return found


def check_placement(tree, where, values, report, path, line=None) -> None:
    """`line`: the configuration's line in a JSON-lines batch; None for a YAML file, one key a line."""
    lines = broken(tree, values)
    outside = [f for f in report.findings if f.code == "C201"]
    others = [(f.code, f.message) for f in report.findings if f.code != "C201"]
    assert not others, others
    assert bool(outside) == bool(lines) and len(outside) <= 1, (values, lines, [f.message for f in outside])
    if not lines:
        return
    finding = outside[0]
    assert [r.span.line for r in finding.related] == [where[("boundary", i)] for i in lines], (values, lines)
    if finding.span is not None:  # at the value of a variable the first broken line reads
        assert finding.span.path == path
        if line is not None:
            assert finding.span.line == line
        else:
            key = list(values)[finding.span.line - 1]
            assert key in reads(tree.boundary_formulas()[lines[0]]), (values, finding.span)


def check_scope(scope: trees.Scope, tmp: Path) -> None:
    tree = scope.tree
    text, where = tree.text()
    case = tmp / "gen.case"
    case.write_text(text)
    paths = []
    for name, values in (("old.yaml", scope.old), ("new.yaml", scope.new)):
        (tmp / name).write_text(scope.yaml(values))
        paths.append(tmp / name)
        report = api.scope_config(case, tmp / name)
        event("inside" if not broken(tree, values) else "outside")
        check_placement(tree, where, values, report, str(tmp / name))
    batch = tmp / "batch.jsonl"
    batch.write_text("".join(json.dumps(values) + "\n" for values in (scope.old, scope.new)))
    for line, (values, report) in enumerate(zip((scope.old, scope.new), api.scope_configs(case, [batch])), 1):
        check_placement(tree, where, values, report, str(batch), line)
    check_table(tree, where, case, [(paths[0], scope.old), (paths[1], scope.new)])
    check_diff(scope, where, case, *paths)


def check_table(tree, where: dict, case: Path, configs: list) -> None:
    """`warrant scope CASE --config A B`: one row each, `inside` or `outside` with the first broken line."""
    from checker.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["scope", str(case), "--config", *(str(path) for path, _ in configs), "--quiet"])
    rows = {line.split()[0]: line.split() for line in out.getvalue().splitlines()}  # --quiet: rows only
    for path, values in configs:
        lines = broken(tree, values)
        row = rows[str(path)]
        assert row[1] == ("outside" if lines else "inside"), (out.getvalue(), values)
        if lines:
            # at the line, where the formula starts (after any bracket around it)
            assert row[2].rsplit(":", 1)[0] == f"{case}:{where[('boundary', lines[0])]}", (out.getvalue(), lines)
    assert code == (1 if any(broken(tree, values) for _, values in configs) else 0), out.getvalue()


def check_diff(scope: trees.Scope, where: dict, case: Path, old_path: Path, new_path: Path) -> None:
    tree, old, new = scope.tree, scope.old, scope.new
    report = api.diff_configs(case, old_path, new_path)
    fired = [t for t in tree.triggers if trees.holds_change(t[1], old, new, tree.vocab)]
    before, after = not broken(tree, old), not broken(tree, new)
    expected = collections.Counter(("C209", t[0]) for t in fired)
    expected.update(("C201", str(path)) for path, inside in ((old_path, before), (new_path, after)) if not inside)
    if before and not after and not fired:
        expected[("C208", str(new_path))] += 1
    keys = {"C209": "trigger", "C201": "path", "C208": "new"}
    got = collections.Counter((f.code, f.field(keys[f.code]) if f.code != "C208" else str(new_path))
                              for f in report.findings)
    assert got == expected, (tree.text()[0], old, new, got, expected)
    event(f"diff: {report.verdict}")
    verdict = "fails" if not (before and after) else "needs review" if fired else "holds"
    assert report.verdict == verdict
    if not after:
        review = set(tree.claims)
    else:
        named = [c for t in fired for c in (t[2] or tree.claims)]
        review = resting_on(tree, named)
    assert set(report.review.claims) == review, (report.review, review)


@settings(max_examples=100, **_SETTINGS)
@given(trees.scopes())
def test_scope_and_diff_equal_direct_evaluation(tmp_path_factory, scope):
    check_scope(scope, tmp_path_factory.mktemp("scope"))


@pytest.mark.slow
@settings(max_examples=5_000, **_SETTINGS)
@given(trees.scopes())
def test_scope_and_diff_equal_direct_evaluation_5000(tmp_path_factory, scope):
    check_scope(scope, tmp_path_factory.mktemp("scope"))
