"""One question about the whole argument answers `possible` of every part of it (Prover.prefetch_consistent)."""
from __future__ import annotations

from checker.api import read_model
from checker.logic.solver import Impossible, Possible, Prover

CASE = """case parts "parts"
  version "1"
  author "t"

context {
  x: int
}

measure a: real in [0, 1]
measure b: real in [0, 1]

boundary {
  x <= 3
}

claim F0 "a is low":
  a < 0.5

claim F1 "b is high":
  b > 0.5

claim F2 "a is high":
  a > 0.7
"""


def _case():
    case, findings = read_model(CASE, "parts.case")
    assert case is not None, findings
    return case, [case.claims[name].formula for name in ("F0", "F1", "F2")]


def test_a_part_of_a_consistent_whole_is_answered_without_a_question():
    case, (low, high_b, _) = _case()
    prover = Prover(case)
    prover.prefetch_consistent([*case.boundary, low, high_b])
    asked = prover.queries
    assert isinstance(prover.possible([*case.boundary, low]), Possible)
    assert isinstance(prover.possible([high_b]), Possible)
    assert prover.queries == asked
    # A question with a negated part, or with a formula outside the whole, is still asked.
    assert isinstance(prover.possible([*case.boundary, low], negated=[high_b]), Possible)
    assert prover.queries == asked + 1


def test_an_inconsistent_whole_answers_nothing():
    case, (low, _, high_a) = _case()
    prover = Prover(case)
    prover.prefetch_consistent([*case.boundary, low, high_a])
    asked = prover.queries
    assert isinstance(prover.possible([*case.boundary, low, high_a]), Impossible)
    assert isinstance(prover.possible([*case.boundary, low]), Possible)
    assert prover.queries == asked + 1  # the part is asked: the whole told nothing about it


def test_an_undecided_whole_leaves_even_the_same_question_to_be_asked_again(monkeypatch):
    import z3

    from checker.logic import queries

    case, (low, high_b, _) = _case()
    prover = Prover(case)
    whole = [*case.boundary, low, high_b]
    real_run = queries.run
    monkeypatch.setattr(queries, "run", lambda solver, *assumptions: z3.unknown)
    prover.prefetch_consistent(whole)
    monkeypatch.setattr(queries, "run", real_run)
    assert isinstance(prover.possible(whole), Possible)  # asked again, not the prefetch's undecided answer
