"""Garbage collection stays off while a check runs its proofs, and is given back as it was after."""
from __future__ import annotations

import gc
from pathlib import Path

from benchmark_case import generated_case
from checker.api import check_text
from checker.logic.solver import Prover

CASES = Path(__file__).resolve().parent / "cases"


def test_the_proofs_run_without_collection_and_collection_is_given_back(monkeypatch):
    seen = []
    possible = Prover.possible
    monkeypatch.setattr(Prover, "possible", lambda self, *args: seen.append(gc.isenabled()) or possible(self, *args))
    assert gc.isenabled()
    check_text((CASES / "ok" / "single_claim.case").read_text(encoding="utf-8"), "a.case")
    assert seen and not any(seen)
    assert gc.isenabled()


def test_collection_stays_off_after_a_check_when_it_was_off_before():
    gc.disable()
    try:
        check_text((CASES / "ok" / "single_claim.case").read_text(encoding="utf-8"), "a.case")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collection_resumes_with_nothing_young_to_walk_and_nothing_stays_frozen(monkeypatch):
    # What the front end and the proofs leave alive is frozen before collection resumes: the young
    # generation then holds a few objects, not the tens of thousands the check made and keeps.
    young = []
    enable = gc.enable
    monkeypatch.setattr(gc, "enable", lambda: young.append(gc.get_count()[0]) or enable())
    check_text(generated_case(20), "generated.case")
    assert len(young) == 2  # after the front end, after the proofs
    assert max(young) < 1_000, young
    assert gc.get_freeze_count() == 0  # given back to the collector when the check ends
