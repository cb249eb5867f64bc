"""Worst cases found sliced and in batches (logic/extremes.py) equal one optimisation over every fact per figure.

Each generated example is a case whose claims are the facts and whose
thresholds' terms are the figures asked: some facts link two measures (so
their figures may not share a batch), some bounds are strict (approached, never
reached), some measures have no bound at all (unbounded figures), and some
fact sets contradict themselves (no world). The fast prover announces every
figure at once, as the acceptance family does, then asks each; the naive
prover asks each on its own over all the facts.
"""
from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings, strategies as st

from checker.api import read_model
from checker.semantics import model as m
from checker.logic.solver import Prover, Unknown

MEASURES = ("a", "b", "c", "d", "e")


@st.composite
def facts_and_terms(draw):
    facts = []
    for name in MEASURES:
        shape = draw(st.sampled_from(("interval", "strict", "free", "floor", "reversed", "point", "fraction",
                                      "ceiling", "touching")))
        low = draw(st.integers(0, 5))
        high = low + draw(st.integers(0, 5))
        facts.append({"interval": f"{name} in [{low}, {high}]", "strict": f"{name} > {low} and {name} < {high + 1}",
                      "free": f"{name} == {name}", "floor": f"{name} >= {low}",
                      "reversed": f"{high} >= {name} and {low} < {name}", "point": f"{name} == {low}",
                      "fraction": f"{name} <= {low}.5", "ceiling": f"{name} < {high}",
                      "touching": f"{name} <= {low} and {name} >= {low}"}[shape])
        if draw(st.booleans()):  # a second bound from another fact, possibly tighter, possibly emptying the box
            facts.append(f"{name} {draw(st.sampled_from(('<', '<=', '>', '>=')))} {draw(st.integers(0, 6))}")
    for _ in range(draw(st.integers(0, 2))):  # links between two measures
        left, right = draw(st.sampled_from(MEASURES)), draw(st.sampled_from(MEASURES))
        facts.append(f"{left} + {right} <= {draw(st.integers(0, 12))}")
    if draw(st.booleans()) and draw(st.booleans()):
        facts.append("a < 0")  # with `a` in [0, ...] there is no world; otherwise a bound like any other
    # `g` is in no fact: its figure is its declared range alone.
    terms = draw(st.lists(st.tuples(st.sampled_from((*MEASURES, "a + b", "2 * c - d", "g", "a + g")), st.booleans()),
                          min_size=1, max_size=8))
    return facts, terms


def _case(facts, terms) -> str:
    lines = ['case extremes "worst cases"', '  version "1"', '  author "t"', "",
             "context {", "  x: int", "}", ""]
    lines += [f"measure {name}: real" for name in MEASURES] + ["measure g: real in [0, 1]"]
    lines += ["", "boundary {", "  x <= 3", "}", ""]
    lines += [f'claim F{i} "fact":\n  {fact}\n' for i, fact in enumerate(facts)]
    lines += [f'claim T{i} "term":\n  {term} <= 0\n' for i, (term, _) in enumerate(terms)]
    return "\n".join(lines)


def _read(facts, terms):
    case, findings = read_model(_case(facts, terms), "extremes.case")
    assert case is not None, findings
    fact_formulas = [*case.boundary, *(case.claims[f"F{i}"].formula for i in range(len(facts)))]
    asked = [(fact_formulas, case.claims[f"T{i}"].formula.left, {}, highest) for i, (_, highest) in enumerate(terms)]
    return case, asked


@settings(max_examples=60, deadline=None)
@given(facts_and_terms())
def test_sliced_batched_figures_equal_one_optimisation_each(example):
    facts, terms = example
    case, asked = _read(facts, terms)
    fast = Prover(case)
    fast.prefetch_extremes(asked)
    found = [fast.extreme(*question) for question in asked]
    naive = Prover(case, incremental=False)
    expected = [naive.extreme(*question) for question in asked]
    assert not any(isinstance(value, Unknown) for value in found + expected)
    assert found == expected
    assert all(value is None or isinstance(value, Fraction) for value in found)


def test_a_batch_of_independent_figures_is_one_optimisation():
    facts = [f"{name} in [0, {i + 1}]" for i, name in enumerate(MEASURES)]
    terms = [(f"2 * {name}", True) for name in MEASURES]  # not an unknown alone: no box answers them
    case, asked = _read(facts, terms)
    prover = Prover(case)
    prover.prefetch_extremes(asked)
    optimisations = prover.queries - 1  # one question first: whether the facts can hold at all
    assert optimisations == 1
    before = prover.queries
    assert [prover.extreme(*question) for question in asked] == [Fraction(2 * (i + 1)) for i in range(5)]
    assert prover.queries == before  # each figure answered from the batch


def test_figures_of_unknowns_only_bounded_by_numbers_ask_no_optimisation():
    facts = ["a in [0.25, 3]", "b > 1 and b < 2", "4 >= c", "c >= 1", "d == 2.5"]
    terms = [("a", True), ("a", False), ("b", True), ("b", False), ("c", True), ("c", False), ("d", True),
             ("e", True), ("g", True), ("g", False)]
    case, asked = _read(facts, terms)
    prover = Prover(case)
    prover.prefetch_extremes(asked)
    assert prover.queries == 1  # whether the facts can hold at all; no figure needed the optimiser
    expected = [Fraction(3), Fraction(1, 4), Fraction(2), Fraction(1), Fraction(4), Fraction(1), Fraction(5, 2),
                None, Fraction(1), Fraction(0)]  # e has no bound above; g is its declared range [0, 1]
    assert [prover.extreme(*question) for question in asked] == expected
    naive = Prover(case, incremental=False)
    assert [naive.extreme(*question) for question in asked] == expected


def test_linked_figures_never_share_a_batch():
    facts = ["a in [0, 4]", "b in [0, 4]", "a + b <= 5"]
    case, asked = _read(facts, [("a", True), ("b", True), ("a + b", True)])
    prover = Prover(case)
    prover.prefetch_extremes(asked)
    assert [prover.extreme(*question) for question in asked] == [4, 4, 5]


# ---- a world read through the C-level calls equals one read through Z3's Python wrappers ------

_EVERY_KIND = """case kinds "every kind of value"
  version "1"
  author "t"

enum Tier { low, high }

context {
  model: string
  tier: Tier
  users: int
  since: date
  open: bool
  tools: set<Tier>
}

measure rate(Tier): real in [0, 1]
measure tally: int in [0, 100]

boundary {
  model == "m-1" or model != "m-2"
  users >= 3 and users * users <= 400
  since >= 2026-01-01
  open or tier == low
  low in tools
}

claim G "odd values":
  rate(low) > 0.3 and rate(high) < rate(low) and 3 * tally > 7 and since < 2026-03-01
  and rate(high) * rate(high) == 0.5
"""


@given(st.integers(1, 8))
@settings(max_examples=8, deadline=None)
def test_a_world_read_fast_equals_the_one_read_value_by_value(shift):
    import z3

    case, findings = read_model(_EVERY_KIND.replace("> 0.3", f"> 0.{shift}3"), "kinds.case")
    assert case is not None, findings
    prover = Prover(case)
    terms, symbols = prover.encode_all([*case.boundary, case.claims["G"].formula])
    solver = z3.Solver(ctx=prover.ctx)
    solver.add(*terms, *prover.encoder.range_facts(symbols))
    assert solver.check() == z3.sat
    model = solver.model()
    world = prover.encoder.world(model, symbols)
    assert len(symbols) >= 9 and not world.exact  # every kind, and one algebraic number
    for symbol in symbols:
        if symbol[0] == "measure":
            term, kind = prover.encoder.measure(symbol[1], symbol[2]), case.measures[symbol[1]].type
            read = world.measures[(symbol[1], symbol[2])]
        else:
            term, kind = prover.encoder.variable(symbol[0], symbol[1]), case.context[symbol[1]].type
            read = world.context[symbol[1]]
        assert read == prover.encoder.value(model, term, kind), symbol


def test_a_large_questions_world_replays_and_depends_only_on_the_question():
    """Above _LARGE_QUESTION assertions the world is found in a scope of Z3's incremental core: still exact,
    replayed, and the same whatever the prover asked before."""
    from checker.logic import solver as solver_module

    members = ", ".join(f"m{i}" for i in range(1200))
    text = (f'case large "large"\n  version "1"\n  author "t"\n\nenum Item {{ {members} }}\n\n'
            "context {\n  x: int\n}\n\nmeasure score(Item): real in [0, 1]\n\nboundary {\n  x <= 3\n}\n\n"
            'claim F "most are low":\n  forall i: Item. score(i) <= 0.5 or score(i) >= 0.9\n\n'
            'claim G "all are low":\n  forall i: Item. score(i) < 0.4\n')
    case, findings = read_model(text, "large.case")
    assert case is not None, findings
    premises, conclusion = [*case.boundary, case.claims["F"].formula], case.claims["G"].formula
    assert len(premises[-1:]) + 2 * 1200 > solver_module._LARGE_QUESTION
    fresh = Prover(case).entails(premises, conclusion)
    busy = Prover(case)
    busy.possible([*case.boundary, conclusion])
    busy.entails(premises, case.claims["F"].formula)
    again = busy.entails(premises, conclusion)
    assert type(fresh).__name__ == type(again).__name__ == "Refuted"
    assert fresh.world == again.world and fresh.world.exact


def test_a_large_question_is_checked_once_in_a_context_of_its_own_and_answered_as_a_fresh_solver_would():
    """A large question goes straight to a context of its own: one check (not the session's and then the
    world's), and the same answer and world as a fresh solver's, whether it holds or not."""
    members = ", ".join(f"m{i}" for i in range(1200))
    text = (f'case large "large"\n  version "1"\n  author "t"\n\nenum Item {{ {members} }}\n\n'
            "context {\n  x: int\n}\n\nmeasure score(Item): real in [0, 1]\n\nboundary {\n  x <= 3\n}\n\n"
            'claim F "all are low":\n  forall i: Item. score(i) <= 0.3\n\n'
            'claim G "all are lower than a half":\n  forall i: Item. score(i) < 0.5\n\n'
            'claim H "all are tiny":\n  forall i: Item. score(i) < 0.1\n')
    case, findings = read_model(text, "large.case")
    assert case is not None, findings
    premises = [*case.boundary, case.claims["F"].formula]
    for name, expected in (("G", "Proved"), ("H", "Refuted")):
        prover = Prover(case)
        answer = prover.entails(premises, case.claims[name].formula)
        naive = Prover(case, incremental=False).entails(premises, case.claims[name].formula)
        assert type(answer).__name__ == type(naive).__name__ == expected
        assert prover.queries == 1, name
        if expected == "Refuted":
            assert answer.world == naive.world and answer.world.exact
    for name, expected in (("G", "Possible"), ("H", "Impossible")):
        formulas = [*premises, case.claims[name].formula] if expected == "Possible" else \
            [*premises, m.Not(case.claims["G"].formula)]
        answer = Prover(case).possible(formulas)
        assert type(answer).__name__ == type(Prover(case, incremental=False).possible(formulas)).__name__ == expected
