"""Generic proofs (checker/logic/generic.py): a step decided once for every size of an abstract enum.

Cases are written in the case language with a placeholder member (`enum T { a }`)
and proved with `abstract={"T"}`; formulas never name the placeholder.
The property tests compare the generic answer with the ordinary prover on the
same step over concrete enums of one, two and three members.
"""
from __future__ import annotations

import os
from fractions import Fraction

import attrs
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from checker.logic.generic import GenericProver, GenericRefuted
from checker.logic.solver import Impossible, Possible, Proved, Prover, Refuted, ReplayError, Unknown
from checker.semantics.evaluate import evaluate
from checker.semantics.resolve import resolve
from checker.syntax.build import build
from checker.syntax.parser import parse

HEADER = 'case g "generic"\n  version "1"\n  author "tests"\n'
WORLD = """
enum T { a }
enum U { a2 }
enum Actor { novice, expert }
context {
  x: real
  e: T
  f: T
  s: set<T>
  r: set<T>
  slot: bool
}
measure score(T): real in [0, 1]
measure uplift(T, Actor): real in [0, 1]
measure hit(T): bool
measure link(T, U): int in [0, 3]
"""


def resolved(text: str):
    tree, findings = parse(text, "g.case")
    assert tree is not None, findings
    syntax, built = build(tree, "g.case")
    case, found = resolve(syntax)
    assert case is not None and not built and not found, built + found
    return case


def step(*formulas: str, world: str = WORLD):
    """The resolved case and its formulas: every formula but the last is a premise, the last the conclusion."""
    claims = "".join(f'claim F{i} "formula {i}": {text}\n' for i, text in enumerate(formulas))
    case = resolved(HEADER + world + claims)
    found = [case.claims[f"F{i}"].formula for i in range(len(formulas))]
    return case, found[:-1], found[-1]


def entails(*formulas: str, abstract=("T",), timeout: float = 10):
    case, premises, conclusion = step(*formulas)
    return GenericProver(case, frozenset(abstract), timeout).entails(premises, conclusion)


def replays(answer: GenericRefuted, *formulas: str) -> bool:
    """The instance, checked here again with the plain evaluator: premises true, conclusion false."""
    instance = answer.instance
    _, premises, conclusion = step(*formulas)
    held = [evaluate(premise, instance.world, instance.case) for premise in premises]
    return all(value is True for value in held) and evaluate(conclusion, instance.world, instance.case) is False


# ---- sound and unsound steps -----------------------------------------------------------


def test_a_sound_step_is_proved_for_every_size():
    assert entails("forall t: T. score(t) < x", "x <= 0.2", "forall t: T. score(t) < 0.2") == Proved()


def test_an_unsound_step_gets_a_replayed_two_member_instance():
    formulas = ("exists t: T. score(t) < x", "x <= 0.2", "forall t: T. score(t) < 0.2")
    answer = entails(*formulas)
    assert isinstance(answer, GenericRefuted)
    instance = answer.instance
    assert instance.members == (("T", ("T_1", "T_2")),)
    assert instance.case.enums["T"].members == ("T_1", "T_2")
    assert set(instance.world.measures) == {("score", ("T_1",)), ("score", ("T_2",))}
    assert instance.lines()[0] == "T = {T_1, T_2}"
    assert instance.lines()[1:] == instance.world.lines()
    case, premises, conclusion = step(*formulas)
    assert [evaluate(p, instance.world, instance.case) for p in premises] == [True, True]
    assert evaluate(conclusion, instance.world, instance.case) is False


def test_a_step_that_fails_with_one_member_gets_a_one_member_instance():
    answer = entails("forall t: T. score(t) <= 0.5", "forall t: T. score(t) < 0.5")
    assert isinstance(answer, GenericRefuted)
    assert answer.instance.members == (("T", ("T_1",)),)
    assert answer.instance.world.measures == {("score", ("T_1",)): 0.5}


def test_nested_quantifiers_and_enum_variables():
    assert entails("forall t: T. score(t) <= score(e)", "exists t: T. score(t) >= score(f)",
                   "score(f) <= score(e)") == Proved()
    assert entails("forall t: T. forall u: T. score(t) == score(u)", "score(e) == score(f)") == Proved()
    answer = entails("exists t: T. score(t) > 0.5", "score(e) > 0.5")
    assert isinstance(answer, GenericRefuted)
    assert replays(answer, "exists t: T. score(t) > 0.5", "score(e) > 0.5")


def test_a_formula_slot_is_a_bool_that_any_formula_may_fill():
    assert entails("slot implies forall t: T. hit(t)", "slot", "forall t: T. hit(t)") == Proved()
    answer = entails("slot implies forall t: T. hit(t)", "forall t: T. hit(t)")
    assert isinstance(answer, GenericRefuted)
    assert answer.instance.world.context["slot"] is False


# ---- measures and their ranges --------------------------------------------------------------


def test_declared_ranges_hold_for_every_argument():
    assert entails("forall t: T. score(t) in [0, 1]") == Proved()
    assert entails("forall t: T, a: Actor. uplift(t, a) <= 1") == Proved()
    answer = entails("forall t: T. score(t) <= 0.9")
    assert isinstance(answer, GenericRefuted)
    value = answer.instance.world.measures[("score", ("T_1",))]
    assert 0.9 < value <= 1


def test_a_measure_over_an_abstract_and_a_concrete_enum():
    formulas = ("forall t: T, a: Actor. uplift(t, a) <= uplift(t, expert)",
                "forall t: T. uplift(t, expert) < 0.2",
                "forall t: T, a: Actor. uplift(t, a) < 0.2")
    assert entails(*formulas) == Proved()
    answer = entails(*formulas[1:])
    assert isinstance(answer, GenericRefuted)
    assert ("uplift", ("T_1", "novice")) in answer.instance.world.measures
    assert replays(answer, *formulas[1:])


def test_two_abstract_enums_each_get_a_universe():
    formulas = ("forall t: T. exists u: U. link(t, u) >= 2", "exists u: U. forall t: T. link(t, u) >= 2")
    answer = entails(*formulas, abstract=("T", "U"))
    assert isinstance(answer, GenericRefuted)
    members = dict(answer.instance.members)
    assert len(members["T"]) >= 2 and len(members["U"]) >= 2
    assert replays(answer, *formulas)
    assert entails("exists u: U. forall t: T. link(t, u) >= 2", "forall t: T. exists u: U. link(t, u) >= 2",
                   abstract=("T", "U")) == Proved()


# ---- sets over an abstract enum ----------------------------------------------------------------


def test_membership_subset_and_equality_on_sets():
    assert entails("e in s", "s <= r", "e in r") == Proved()
    assert entails("s == r", "forall t: T. t in s iff t in r") == Proved()
    assert entails("forall t: T. t in s implies t in r", "s <= r") == Proved()
    assert entails("s < r", "exists t: T. t in r and t not in s") == Proved()
    assert entails("s == {}", "e not in s") == Proved()
    assert entails("{e} <= s", "e in s") == Proved()
    assert entails("forall t: T. t in s", "s >= {e, f}") == Proved()


def test_a_set_counterexample_shows_the_sets_as_members():
    answer = entails("e in s", "s != r", "e not in r")
    assert isinstance(answer, GenericRefuted)
    world = answer.instance.world
    assert world.context["e"] in world.context["s"] and world.context["e"] in world.context["r"]
    assert world.context["s"] != world.context["r"]
    assert replays(answer, "e in s", "s != r", "e not in r")


def test_possible_and_impossible_worlds():
    case, premises, _ = step("e in s", "s <= {}", "true")
    prover = GenericProver(case, frozenset({"T"}), 10)
    assert prover.possible(premises) == Impossible()
    assert prover.possible(premises[:1]) == Possible()
    case, premises, _ = step("forall t: T. score(t) > 1", "true")
    assert GenericProver(case, frozenset({"T"}), 10).possible(premises) == Impossible()


def test_an_enum_the_model_leaves_out_gets_one_member():
    answer = entails("forall t: T. hit(t)", "slot")
    assert isinstance(answer, GenericRefuted)
    assert answer.instance.lines() == ["T = {T_1}", "slot = false", "hit(T_1) = true"]


def test_replay_rejects_an_instance_that_does_not_refute():
    formulas = ("exists t: T. score(t) < x", "x <= 0.2", "forall t: T. score(t) < 0.2")
    answer = entails(*formulas)
    case, premises, conclusion = step(*formulas)
    prover = GenericProver(case, frozenset({"T"}))
    world = answer.instance.world
    passing = attrs.evolve(world, measures={key: Fraction(0) for key in world.measures})
    with pytest.raises(ReplayError, match="does not falsify"):
        prover.replay(attrs.evolve(answer.instance, world=passing), premises, [conclusion])
    outside = attrs.evolve(world, measures={key: Fraction(2) for key in world.measures})
    with pytest.raises(ReplayError):
        prover.replay(attrs.evolve(answer.instance, world=outside), [], [])


# ---- what cannot be decided generically ----------------------------------------------------------


@pytest.mark.parametrize("formula", [
    "(count t: T. hit(t)) <= 1",
    "(sum t: T. score(t)) <= 1",
    "forall a: Actor. (count t: T. uplift(t, a) > 0.5) >= 0",
])
def test_count_and_sum_over_an_abstract_enum_are_unknown(formula):
    answer = entails("forall t: T. score(t) < 0.1", formula)
    assert isinstance(answer, Unknown)
    assert "no finite encoding" in answer.reason and "over T" in answer.reason


def test_count_over_a_concrete_enum_inside_an_abstract_quantifier_is_encoded():
    assert entails("forall t: T. uplift(t, novice) > 0.5 and uplift(t, expert) > 0.5",
                   "forall t: T. (count a: Actor. uplift(t, a) > 0.5) == 2") == Proved()


def test_a_member_of_an_abstract_enum_is_unknown_not_a_guess():
    answer = entails("score(a) < 0.2")
    assert isinstance(answer, Unknown) and "`a` of `T`" in answer.reason


def test_a_step_that_holds_only_because_enums_are_finite_is_unknown():
    # Every finite enum has a largest score, but an infinite domain need not: Z3 can
    # neither prove this nor find a finite counterexample, and says so.
    answer = entails("exists t: T. forall u: T. score(u) <= score(t)", timeout=1)
    assert isinstance(answer, Unknown)


def test_an_unknown_abstract_name_is_a_programming_error():
    case, _, _ = step("true")
    with pytest.raises(ValueError, match="Nope"):
        GenericProver(case, frozenset({"Nope"}))


# ---- property: generic soundness implies every finite instance ---------------------------------------

PROPERTY_WORLD = """
enum T { MEMBERS }
context {
  x: real
  e: T
  s: set<T>
  r: set<T>
  slot: bool
}
measure score(T): real in [0, 1]
measure hit(T): bool
"""
BOUND = ("t", "u")
NUMBERS = ("0", "0.2", "0.5", "1")
COMPARISONS = ("<", "<=", ">", ">=", "==")
SCALE = float(os.environ.get("WARRANT_PROPERTY_SCALE", "1"))


def enum_terms(scope):
    return ("e", *scope)


@st.composite
def atoms(draw, scope):
    kind = draw(st.sampled_from(("compare", "compare", "slot", "hit", "same", "in", "sets")))
    if kind == "compare":
        numbers = ("x", *NUMBERS, *(f"score({v})" for v in enum_terms(scope)))
        left, right = draw(st.sampled_from(numbers)), draw(st.sampled_from(numbers))
        return f"{left} {draw(st.sampled_from(COMPARISONS))} {right}"
    if kind == "slot":
        return "slot"
    if kind == "hit":
        return f"hit({draw(st.sampled_from(enum_terms(scope)))})"
    if kind == "sets":
        right = ("s", "r", "{}", *(f"{{{v}}}" for v in enum_terms(scope)))
        op = draw(st.sampled_from(("==", "!=", "<=", "<", ">=")))
        return f"{draw(st.sampled_from(('s', 'r')))} {op} {draw(st.sampled_from(right))}"
    left, right = draw(st.sampled_from(enum_terms(scope))), draw(st.sampled_from(enum_terms(scope)))
    if kind == "same":
        return f"{left} {draw(st.sampled_from(('==', '!=')))} {right}"
    return f"{left} {draw(st.sampled_from(('in', 'not in')))} {draw(st.sampled_from(('s', 'r')))}"


@st.composite
def formulas(draw, depth=3, scope=()):
    """A closed formula text, fully bracketed; quantifiers bind t and u over T."""
    choices = ["atom"]
    if depth > 0:
        choices += ["not", "and", "or", "implies"]
        if len(scope) < len(BOUND):
            choices += ["forall", "exists"]
    kind = draw(st.sampled_from(choices))
    if kind == "atom":
        return draw(atoms(scope))
    if kind == "not":
        return f"not ({draw(formulas(depth - 1, scope))})"
    if kind in ("forall", "exists"):
        name = BOUND[len(scope)]
        return f"({kind} {name}: T. {draw(formulas(depth - 1, (*scope, name)))})"
    return f"(({draw(formulas(depth - 1, scope))}) {kind} ({draw(formulas(depth - 1, scope))}))"


@st.composite
def steps(draw):
    premises = draw(st.lists(formulas(), min_size=0, max_size=3))
    if draw(st.booleans()):
        premises.append("x in [0, 1]")  # the real parameter's range
    return (*premises, draw(formulas()))


def finite_case(texts, size: int):
    members = ", ".join(f"m{i}" for i in range(1, size + 1))
    return step(*texts, world=PROPERTY_WORLD.replace("MEMBERS", members))


def check_against_instances(texts) -> None:
    case, premises, conclusion = finite_case(texts, 1)
    generic = GenericProver(case, frozenset({"T"}), 5).entails(premises, conclusion)
    event(f"generic: {type(generic).__name__}")
    for size in (1, 2, 3):
        case, premises, conclusion = finite_case(texts, size)
        finite = Prover(case, 5).entails(premises, conclusion)
        assert not isinstance(finite, Unknown), finite
        if isinstance(generic, Proved):
            assert isinstance(finite, Proved), (texts, size, finite)
        if isinstance(finite, Refuted):
            assert not isinstance(generic, Proved), (texts, size)
    if isinstance(generic, GenericRefuted):
        event(f"instance size: {len(generic.instance.members[0][1])}")
        # The instance is a concrete case of its own: the ordinary prover refutes there too.
        instance = generic.instance
        again = Prover(instance.case, 5).entails(premises_of(instance.case, texts), conclusion_of(instance.case, texts))
        assert isinstance(again, Refuted), (texts, generic)


def premises_of(case, texts):
    return [case.claims[f"F{i}"].formula for i in range(len(texts) - 1)]


def conclusion_of(case, texts):
    return case.claims[f"F{len(texts) - 1}"].formula


def examples(n: int) -> settings:
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@examples(100)
@given(steps())
def test_generic_proof_implies_every_small_instance(texts):
    check_against_instances(texts)


@pytest.mark.slow
@examples(2000)
@given(steps())
def test_generic_proof_implies_every_small_instance_long_run(texts):
    check_against_instances(texts)
