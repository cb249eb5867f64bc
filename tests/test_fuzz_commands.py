"""Every `warrant` command on fuzzed and hostile files: documented exit codes, no traceback, errors located, in time.

tests/test_fuzz.py fuzzes the checker through its Python API; these tests drive each
command's entry point (`checker.cli.main`) in-process (fuzz/drive.py) and a sample
through the installed command under limits of time and memory (tests/limits.py):

- mutations (token edits of fuzzlib, and edits of bytes and shape: very long lines,
  deep nesting, bytes that are not UTF-8, NUL, CR) of the shipped cases, configurations,
  maps, settings, baselines and gsn2x diagrams, each in every command that reads such a
  file (`drive.SCENARIOS`);
- every hostile kind of file in every place a command reads or writes one (fuzz/hostile.py).

The default run takes a deterministic share; `pytest -m slow` the rest and more
mutations. docs/reliability.md ("Every command, fuzzed") records the long campaigns
(`python fuzz/drive.py COUNT`, `python fuzz/hostile.py`).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "fuzz"))
import drive  # noqa: E402
import fuzzlib  # noqa: E402
import hostile  # noqa: E402

try:
    from tests.limits import run_limited, text_of
except ImportError:  # tests/ is not importable as a package in this run
    from limits import run_limited, text_of

SCENARIOS = {scenario.name: scenario for scenario in drive.SCENARIOS}


@pytest.fixture(scope="module")
def pool():
    return drive.seeds()


def _mutated_runs(scenario: drive.Scenario, pool: dict, count: int, seed: str, tmp_path: Path) -> None:
    choose = drive.Seeded(f"{seed}:{scenario.name}")
    for number in range(count):
        data = drive.mutate_bytes(fuzzlib.pick(choose, pool[scenario.seeds]), choose)
        folder = tmp_path / f"{scenario.name}-{number}"
        folder.mkdir()
        scenario.run(data, folder)


def test_every_scenario_reads_its_seeds_unmutated(pool, tmp_path):
    """The scenarios are not vacuous: on its smallest good file each command runs to a verdict it documents."""
    for scenario in drive.SCENARIOS:
        folder = tmp_path / scenario.name
        folder.mkdir()
        outcome = scenario.run(min(pool[scenario.seeds], key=len).encode("utf-8"), folder)
        assert outcome.code in scenario.codes


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_mutated_inputs_in_every_command(pool, tmp_path, name):
    """Two mutated files in each scenario (the slow run: 100)."""
    _mutated_runs(SCENARIOS[name], pool, 2, "default", tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_mutated_inputs_in_every_command_long_run(pool, tmp_path, name):
    _mutated_runs(SCENARIOS[name], pool, 100, "slow", tmp_path)


COMBINATIONS = hostile.combinations()


@pytest.mark.parametrize("role, kind", [pytest.param(*pair, marks=() if index % 12 == 0 else pytest.mark.slow)
                                        for index, pair in enumerate(COMBINATIONS)],
                         ids=[f"{role}-{kind}" for role, kind in COMBINATIONS])
def test_hostile_file_in_every_place(role, kind):
    """Every 12th (role, kind) in the default run (75 of 896), the others in the slow run."""
    hostile.run(role, kind)


def test_judge_is_not_vacuous():
    """A traceback, an undocumented exit code and an unlocated exit 2 each break a promise."""
    quiet = drive.Outcome(["check"], 2, "", "x.case: unreadable\n", 0.1)
    with pytest.raises(drive.Broken, match="without a located finding"):
        drive.judge(quiet, (0, 1, 2, 3), ["x.case"])
    with pytest.raises(drive.Broken, match="exit 4"):
        drive.judge(drive.Outcome(["check"], 4, "", "", 0.1), (0, 1, 2, 3), ["x.case"])
    with pytest.raises(drive.Broken, match="traceback"):
        drive.judge(drive.Outcome(["check"], 0, "", "Traceback (most recent call last):\n", 0.1), (0,), ["x"])
    with pytest.raises(drive.Broken, match="exception escaped"):
        drive.judge(drive.Outcome(["check"], -1, "", "", 0.1, crash="ValueError"), (0,), ["x"])
    located = drive.Outcome(["check"], 2, "x.case:3:4: S001 [error] unexpected `}`; expected a name\n", "", 0.1)
    drive.judge(located, (0, 1, 2, 3), ["x.case"])


def test_the_installed_command_on_folders_of_mutated_files(pool, tmp_path):
    """Through the real command, capped in time and memory: a folder of mutated configurations judged by
    `scope` (one table), and a folder of mutated cases by `fmt --check`."""
    choose = drive.Seeded("installed")
    configs, cases = tmp_path / "configs", tmp_path / "cases"
    configs.mkdir()
    cases.mkdir()
    for number in range(8):
        kind = fuzzlib.pick(choose, ["yaml", "json", "jsonl"])
        (configs / f"c{number:02}.{kind}").write_bytes(drive.mutate_bytes(fuzzlib.pick(choose, pool[kind]), choose))
        (cases / f"m{number:02}.case").write_bytes(drive.mutate_bytes(fuzzlib.pick(choose, pool["case"]), choose))
    table = run_limited("scope", drive.SCOPE_CASE, "--no-cache", "--format", "json", "--config", configs,
                        seconds=120, memory_mb=1536)
    assert table.returncode in (0, 1, 2, 3)
    reports = json.loads(text_of(table))["files"]
    assert len(reports) >= 8  # a batch file gives a report a line
    unreadable = [r for r in reports if r["verdict"] == "unreadable"]
    assert all(f["span"]["line"] >= 1 for r in unreadable for f in r["findings"] if f["severity"] == "E")
    formatted = run_limited("fmt", "--check", cases, seconds=120, memory_mb=1536)
    assert formatted.returncode in (0, 1, 2)
    said = formatted.stderr.decode("utf-8", errors="replace")
    if formatted.returncode == 2:
        assert drive.located_paths(said), said[-2000:]
