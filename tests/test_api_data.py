"""Counterexamples, conflicting sets and review sets are plain Python values: scripts never parse messages."""
from __future__ import annotations

import datetime
from fractions import Fraction
from pathlib import Path

import checker
from checker import api
from checker.semantics.evaluate import evaluate
from checker.semantics.world import Member, World

REPO = Path(__file__).resolve().parent.parent
AS_OF = datetime.date(2026, 11, 1)
PLAIN = (bool, Fraction, str, datetime.date, frozenset)


def plain_world(world: World) -> bool:
    values = [*world.context.values(), *world.old.values(), *world.measures.values()]
    keys_ok = all(isinstance(name, str) and isinstance(args, tuple) for name, args in world.measures)
    return keys_ok and all(isinstance(value, PLAIN) for value in values)


def test_a_counterexample_is_a_world_of_plain_values_that_replays():
    report = checker.check_path(REPO / "examples" / "defects" / "broken_entailment.case", as_of=AS_OF)
    [step] = [f for f in report.findings if f.code == "L201"]
    assert step.field("claim") == "G0" and step.field("strategy") == "S0"
    assert plain_world(step.world)
    case = report.case
    premises = [case.claims[i.text] for i in case.strategies["S0"].premises]
    assert all(evaluate(claim.formula, step.world, case) for claim in premises)
    assert evaluate(case.claims["G0"].formula, step.world, case) is False


def test_a_conflicting_set_is_a_tuple_of_names():
    report = checker.check_path(REPO / "examples" / "defects" / "conflicting_assumptions.case", as_of=AS_OF)
    sets = [f.members for f in report.findings if f.code == "L203"]
    assert sets and all(isinstance(members, tuple) and all(isinstance(m, str) for m in members)
                        for members in sets)
    assert all(set(members) <= set(report.case.assumptions) | set(report.case.claims) | set(report.case.evidence)
               for members in sets)


def test_a_review_set_is_data_on_the_report_and_the_finding():
    report = checker.diff_configs(REPO / "examples" / "cyber_inability.case",
                                  REPO / "examples" / "deploy" / "trusted_api.yaml",
                                  REPO / "examples" / "deploy" / "more_users.yaml")
    assert isinstance(report.review, checker.ReviewSet)
    assert report.review.triggers == ("T5",) and report.review.claims == ("G0",) and report.review.required
    [fired] = report.findings
    assert fired.review == report.review
    assert fired.review.as_dict()["reopened"] == ["G0"]


def test_a_change_world_has_both_configurations():
    report = api.diff_configs(REPO / "tests" / "scope_fixtures" / "cyber.case",
                              REPO / "tests" / "scope_fixtures" / "diff" / "base.yaml",
                              REPO / "tests" / "scope_fixtures" / "diff" / "more_users.yaml")
    [slipped] = [f for f in report.findings if f.code == "C208"]
    assert slipped.world.old["max_users"] == Fraction(3000) and slipped.world.context["max_users"] == Fraction(5001)
    assert isinstance(slipped.world.context["channel"], Member) and plain_world(slipped.world)


def test_a_weaker_version_carries_its_separating_world(tmp_path):
    old = (REPO / "examples" / "cyber_inability_by_hand.case").read_text()
    new = tmp_path / "new.case"
    new.write_text(old.replace("solve_rate(ransomware) < 0.15", "solve_rate(ransomware) < 0.3"))
    report = checker.diff_cases(REPO / "examples" / "cyber_inability_by_hand.case", new)
    [weaker] = [f for f in report.findings if f.code == "C301"]
    assert weaker.field("claim") == "G3" and plain_world(weaker.world)
    assert Fraction(15, 100) <= weaker.world.measures[("solve_rate", ("ransomware",))] < Fraction(3, 10)
