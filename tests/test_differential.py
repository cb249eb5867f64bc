"""The safety net under every speed-up: the same verdicts and findings however a case is checked.

Every example, golden case and generated case is checked the plain way (a fresh
solver for every question, as before the solver rework), the fast way (one
persistent solver per background, answers remembered, questions grouped), with
the result cache (first run and the kept report), and with the families spread
over two worker processes. Findings are compared whole: message, location,
detail lines, related locations, the counterexample world and the members of a
conflicting set; and so is the summary. The default run takes every third example and
golden case; `pytest -m slow` takes the others.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from benchmark_case import generated_case
from checker import api
from checker.cache import ResultCache
from checker.logic import solver

try:
    from tests.sampling import every
except ImportError:  # tests/ on sys.path rather than the project root
    from sampling import every

ROOT = Path(__file__).resolve().parent.parent
AS_OF = datetime.date(2026, 11, 1)
CASES = sorted([*ROOT.glob("examples/**/*.case"), *ROOT.glob("tests/cases/**/*.case")])


def _generated(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("generated")
    paths = []
    for n in (10, 120):
        path = folder / f"generated_{n}.case"
        path.write_text(generated_case(n))
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    return _generated(tmp_path_factory)


class _Naive(solver.Prover):
    """The prover as it was before the rework: a fresh solver for every question, nothing remembered."""

    def __init__(self, case, timeout_seconds=10.0, **options):
        super().__init__(case, timeout_seconds, **{**options, "incremental": False})


def _seen(report) -> tuple:
    """Everything a reader of the report sees, worlds and conflicting sets included."""
    return (report.verdict, report.summary,
            tuple((f, f.world, f.members) for f in report.findings))


def _ways(path: Path, tmp_path, monkeypatch) -> dict:
    seen = {"fast": _seen(api.check_path(path, as_of=AS_OF))}
    cache = ResultCache(tmp_path / "cache")
    seen["cache, first run"] = _seen(api.check_path(path, as_of=AS_OF, cache=cache))
    seen["cache, kept report"] = _seen(api.check_path(path, as_of=AS_OF, cache=cache))
    seen["two processes"] = _seen(api.check_path(path, as_of=AS_OF, jobs=2))
    with monkeypatch.context() as patch:
        patch.setattr(solver, "Prover", _Naive)
        seen["fresh solver per question"] = _seen(api.check_path(path, as_of=AS_OF))
    return seen


def _assert_all_alike(seen: dict) -> None:
    reference = seen["fast"]
    for way, result in seen.items():
        assert result == reference, f"{way} differs from the fast way"


# Every third case in the default run; the others are marked slow (`pytest -m slow tests/test_differential.py`).
@pytest.mark.parametrize("path", every(3, CASES), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_and_golden_case_reads_the_same_every_way(path, tmp_path, monkeypatch):
    _assert_all_alike(_ways(path, tmp_path, monkeypatch))


def test_generated_cases_read_the_same_every_way(generated, tmp_path, monkeypatch):
    worlds = 0
    for path in generated:
        seen = _ways(path, tmp_path, monkeypatch)
        _assert_all_alike(seen)
        worlds += sum(1 for _, world, _ in seen["fast"][2] if world is not None)
    # the two weak evidence items of 120 threats (E301), each with its counterexample, and the criterion that
    # needs the top claim they leave unestablished (L216), with its world
    assert worlds == 3


def test_the_command_line_prints_the_same_with_one_process_or_two(capsys):
    case = str(ROOT / "examples" / "defects" / "broken_entailment.case")
    from checker import cli

    outputs = []
    for jobs in ("1", "2"):
        code = cli.main(["check", "--no-cache", "--jobs", jobs, "--as-of", "2026-11-01", case])
        outputs.append((code, capsys.readouterr().out))
    assert outputs[0] == outputs[1] and outputs[0][0] == 1 and "L201" in outputs[0][1]


# Families that --jobs runs in parts: the parts, in order, must give what the whole family gives.
_SPLIT = sorted(ROOT.glob("tests/cases/evidence/*.case")) + [ROOT / "tests" / "cases" / "acceptance" / "thin_margin.case"]


@pytest.mark.parametrize("path", _SPLIT, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_family_run_in_parts_gives_what_it_gives_whole(path, monkeypatch):
    from checker.checks import families

    whole_run = _seen(api.check_path(path, as_of=AS_OF))
    split = [f for f in families.FAMILIES if f.split is not None]
    assert {f.name for f in split} >= {"evidence", "leaf margins"}
    for family in split:
        for count in (2, 3, 5):
            parts = family.parts(count)
            assert len(parts) == count and all(part.split is None for part in parts)
            # The whole check in one process, with the family replaced by its parts in order.
            swapped = tuple(p for f in families.FAMILIES for p in (parts if f is family else [f]))
            monkeypatch.setattr(families.run_checks, "__defaults__", (swapped, None))
            assert _seen(api.check_path(path, as_of=AS_OF)) == whole_run, f"{family.name} in {count} parts"


def test_parts_are_consecutive_runs_that_cover_every_item_and_carry_about_equal_weight():
    from checker.checks.context import in_part, part_members, part_shares

    weights = [2000, *[1] * 2000]  # one claim with 2,000 thresholds, then 2,000 claims with one
    items = list(range(len(weights)))
    for count in (1, 2, 3, 4, 7):
        runs = [in_part(items, (index, count), weights) for index in range(count)]
        assert [item for run in runs for item in run] == items  # consecutive, in order, each once
        assert part_members(weights, count) == sorted(part_members(weights, count))
        shares = part_shares(weights, count)
        assert abs(sum(shares) - 1) < 1e-9
        assert all(abs(sum(weights[i] for i in run) / sum(weights) - share) < 1e-9 for run, share in zip(runs, shares))
    assert [len(in_part(items, (index, 4), weights)) for index in range(4)] == [1, 0, 1000, 1000]
    assert in_part(["a", "b", "c"], (1, 2)) == ["c"] and part_shares([], 3) == [0.0, 0.0, 0.0]
