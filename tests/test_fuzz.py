"""Fuzzing that keeps running: cases from the grammar, mutations of every shipped case, and the atheris target.

The invariants are fuzz/fuzzlib.py's (`check_invariants`): a verdict and an exit code of
0-3, no internal error (X002), every finding located, every output format renders, the
run within its time limit, and `warrant fmt` changes no finding. The default run keeps
the counts small; the `slow` run (`pytest -m slow`) runs 2,000 of each; the atheris
target runs a short budget here and long batches by hand (fuzz/README.md).
docs/reliability.md records the long runs.
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from checker.syntax.parser import has_header, parse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "fuzz"))
import fuzzlib  # noqa: E402

try:
    from tests.grammar_cases import cases_from_the_grammar
    from tests.limits import run_limited, text_of
    from tests.sampling import sample
except ImportError:  # tests/ is not importable as a package in this run
    from grammar_cases import cases_from_the_grammar
    from limits import run_limited, text_of
    from sampling import sample


def runs(count: int) -> settings:
    return settings(max_examples=count, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


SEEDS = fuzzlib.corpus()


class Drawn:
    """fuzzlib's Chooser, answered by hypothesis (so it shrinks a failing mutation to a small one)."""

    def __init__(self, draw):
        self.draw = draw

    def integer(self, low: int, high: int) -> int:
        return self.draw(st.integers(low, high))


@st.composite
def mutated_seeds(draw):
    choose = Drawn(draw)
    return fuzzlib.mutate(fuzzlib.pick(choose, SEEDS), choose)


@pytest.fixture(scope="module")
def case_path(tmp_path_factory):
    """Where the fuzzed case stands: an empty folder, so `requires` and `import` find nothing of the repository's."""
    return str(tmp_path_factory.mktemp("fuzz") / "fuzz.case")


def _grammar_case(text: str, path: str) -> None:
    tree, findings = parse(text, path, "start" if has_header(text) else "items")
    assert tree is not None, (text, [f.message for f in findings])  # the generator writes only sentences of the grammar
    event(fuzzlib.check_invariants(text, path).verdict)


@runs(40)
@given(cases_from_the_grammar())
def test_cases_from_the_grammar_parse_and_keep_the_invariants(case_path, text):
    _grammar_case(text, case_path)


@pytest.mark.slow
@runs(2000)
@given(cases_from_the_grammar())
def test_cases_from_the_grammar_long_run(case_path, text):
    _grammar_case(text, case_path)


@runs(40)
@given(mutated_seeds())
def test_mutated_cases_keep_the_invariants(case_path, text):
    event(fuzzlib.check_invariants(text, case_path).verdict)


@pytest.mark.slow
@runs(2000)
@given(mutated_seeds())
def test_mutated_cases_long_run(case_path, text):
    fuzzlib.check_invariants(text, case_path)


def test_the_examples_keep_the_invariants(case_path):
    """Every second shipped example, unmutated, as the fuzzers start from them (the whole corpus in the slow run)."""
    for path in sample(2, sorted(REPO.glob("examples/**/*.case"))):
        fuzzlib.check_invariants(path.read_text("utf-8"), case_path)


@pytest.mark.slow
def test_every_shipped_case_keeps_the_invariants(case_path):
    for text in SEEDS:
        fuzzlib.check_invariants(text, case_path)


class _Seeded:
    def __init__(self, seed: int):
        self.random = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.random.randint(low, high)


def test_the_command_line_on_mutated_cases(tmp_path):
    """Through the real command, in a process capped in time and memory: exit 0-3, no traceback, no X002."""
    choose = _Seeded(8)
    for number in range(24):
        (tmp_path / f"m{number:02}.case").write_text(fuzzlib.mutate(fuzzlib.pick(choose, SEEDS), choose))
    result = run_limited("check", "--format", "json", "--timeout", "2", ".", cwd=tmp_path, seconds=300, memory_mb=1536)
    assert result.returncode in (0, 1, 2, 3)
    document = json.loads(result.stdout)
    assert len(document["files"]) == 24
    assert not [f for file in document["files"] for f in file["findings"] if f["code"] == "X002"]
    text = run_limited("check", "--timeout", "2", ".", cwd=tmp_path, seconds=300, memory_mb=1536)
    assert text.returncode == result.returncode and "\x1b" not in text_of(text)


def test_mutation_is_driven_by_the_chooser_alone():
    """The same choices give the same case: a crash the fuzzers find can be replayed."""
    first = fuzzlib.mutate(SEEDS[0], _Seeded(3), rounds=4)
    assert first == fuzzlib.mutate(SEEDS[0], _Seeded(3), rounds=4)
    assert first != SEEDS[0]


def test_a_broken_invariant_is_reported():
    """The invariants are not vacuous: an internal error, as a crash would give, is caught."""
    from checker.findings.finding import finding
    from checker.findings.report import Report
    from checker.syntax.source import SourceFile, Span

    source = SourceFile("x.case", "case x")
    report = Report(source, (finding("X002", Span.point("x.case", 1, 1), stage="checking", error="boom"),))
    with pytest.raises(fuzzlib.Broken):
        fuzzlib._expect(not [f for f in report.findings if f.code == "X002"], "internal error")
    with pytest.raises(fuzzlib.Broken):
        fuzzlib._expect_located(Report(source, (finding("S001", Span.point("x.case", 9, 1), message="m"),)),
                                source.text, "x.case")


def test_atheris_target_runs_a_short_budget(tmp_path):
    pytest.importorskip("atheris", reason="atheris is not installed (pip install -e '.[fuzz]'; Linux and CPython)")
    (tmp_path / "corpus").mkdir()
    result = run_limited(REPO / "fuzz" / "fuzz_check.py", tmp_path / "corpus", "-runs=15", "-timeout=120",
                         "-rss_limit_mb=1536", f"-artifact_prefix={tmp_path}/", cwd=REPO, seconds=400,
                         memory_mb=4096, python_file=True)
    said = result.stderr.decode("utf-8", errors="replace")
    assert result.returncode == 0, said[-3000:]
    assert "Done 15 runs" in said
