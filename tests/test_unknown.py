"""Unknown never passes: with every solver check answering `unknown`, no command reports a pass.

Every check Warrant makes of Z3 runs through `checker.logic.queries.run`. The
tests below replace that one function in-process, so the prover answers
unknown to every question, and run the real commands (`checker.cli.main`) and
the Python API on every example and every golden case:

- `check --select X` exits 3 on every readable case that asks the solver (2 on an
  unreadable one): the undecided questions are reported, whatever else is;
- plain `check` never exits 0 where a question was asked, counts no step as
  proved, and reports no finding of a rule that a solver answer decides unless
  the normal run reports it too (an undecided question invents no
  counterexample, no conflict, no impossibility);
- `export --public`, `graph`, `report` and `export-gsn` exit as `check` does,
  and no claim or strategy that a question was about is drawn as proved;
- `scope --target` and `diff --case` (each case against itself) exit 3.

A pattern library (a file of patterns, without a case header) has no verdict of
its own: its steps are proved once for every use or, where the solver cannot,
reported as P102 and checked in each case that uses the pattern. There the test
asks that no step is passed as proved generically (no P101, every formal step
a P102).

`test_one_undecided_question` makes one question at a time undecided in the
cases that hold, which enumerates the call sites: each question whose answer is
lost must turn the verdict to unknown, unless its answer only sharpens a
finding already certain (listed in `_SHARPENING`).
"""
from __future__ import annotations

import datetime
import functools
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import z3

from checker import api
from checker.cli import main
from checker.findings.rules import Outcome
from checker.logic import queries
from checker.reporters.argument import build_view

try:
    from tests.sampling import every
except ImportError:  # tests/ on sys.path rather than the project root
    from sampling import every

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-01"
EXAMPLES = sorted((REPO / "examples").rglob("*.case"))
GOLDEN = sorted((REPO / "tests" / "cases").rglob("*.case"))
ALL_CASES = EXAMPLES + GOLDEN


def _id(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


_REAL_RUN = queries.run


@functools.lru_cache(maxsize=None)
def _normal(path: Path):
    """(findings as (code, line) pairs, verdict) of the ordinary run, with the real solver even inside a test."""
    replaced, queries.run = queries.run, _REAL_RUN
    try:
        report = api.check_path(str(path), as_of=datetime.date.fromisoformat(AS_OF))
    finally:
        queries.run = replaced
    return _codes(report), report.verdict


def _codes(report) -> set:
    return {(f.code, f.span.line if f.span else 0) for f in report.findings}


class Undecided:
    """The replacement for queries.run: records each check's label and answers unknown to all (or to one question).

    A question is a label (rule, node, case): every check made under it is undecided, so a
    retry on another solver, or the narrowing of a conflicting set, cannot win its answer back.
    """

    _EVERY = object()

    def __init__(self, only=_EVERY):
        self.only = only  # _EVERY: every check is undecided; a label: only the checks of that question; None: none
        self.asked = []

    def __call__(self, solver, *assumptions):
        label = queries.current_label()
        self.asked.append(label)
        if self.only is Undecided._EVERY or (self.only is not None and label == self.only):
            return z3.unknown
        return solver.check(*assumptions)


@pytest.fixture
def undecided(monkeypatch, tmp_path):
    answer = Undecided()
    monkeypatch.setattr(queries, "run", answer)
    # A report or answer kept by an earlier (decided) run would be read instead of asking: start empty.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))
    return answer


def _unreadable(report) -> bool:
    return any(f.rule.outcome is Outcome.UNREADABLE for f in report.findings)


def _is_library(report) -> bool:
    return report.case is None and not _unreadable(report)


def _cli(*args) -> int:
    return main([str(a) for a in args])


# ---- check ----------------------------------------------------------------------------------------


# Every second case in the default run; the others are marked slow (`pytest -m slow tests/test_unknown.py`).
@pytest.mark.parametrize("path", every(2, ALL_CASES), ids=_id)
def test_check_never_passes_an_undecided_case(path, undecided, capsys):
    normal, _ = _normal(path)
    report = api.check_path(str(path), as_of=datetime.date.fromisoformat(AS_OF))
    code = _cli("check", path, "--as-of", AS_OF, "--format", "json")
    shown = json.loads(capsys.readouterr().out)
    assert shown["exit_code"] == code
    if _unreadable(report):
        assert code == 2
        return
    if not undecided.asked:
        pytest.skip("this case asks the solver nothing")  # counted: see test_most_cases_ask
    # Findings the normal run lacks are allowed only of rules no solver answer decides: those an
    # impossible boundary hides (L209 stops the families that need deployments), an unused waiver.
    decided = {label.rule for label in undecided.asked if label is not None}
    invented = {(rule, line) for rule, line in _codes(report) - normal if rule in decided}
    assert not invented, f"findings that only an undecided solver produced: {sorted(invented)}"
    assert all(f.world is None and not f.members for f in report.findings if f.code != "X001")
    if _is_library(report):
        assert not any(f.code == "P101" for f in report.findings)
        return
    assert code in (1, 3), f"exit {code} with every solver answer unknown"
    assert report.summary.proved_steps == 0
    assert any(f.code == "X001" for f in report.findings)
    assert _cli("check", path, "--as-of", AS_OF, "--select", "X", "-q") == 3
    capsys.readouterr()


def test_most_cases_ask(undecided):
    """The test above skips cases that ask nothing; make sure those are few and unreadable ones are not hidden there."""
    silent = []
    for path in ALL_CASES:
        before = len(undecided.asked)
        report = api.check_path(str(path), as_of=datetime.date.fromisoformat(AS_OF))
        if len(undecided.asked) == before and not _unreadable(report):
            silent.append(_id(path))
    # A case without a boundary and without formulas has nothing to ask.
    assert len(silent) <= 10, silent


# ---- the other commands that check a case ------------------------------------------------------------

_DRAWN = ("claim", "strategy")


def _other_commands(path: Path, out: Path):
    yield "export", ("export", "--public", path, "-o", out / "public.md", "--as-of", AS_OF)
    yield "graph", ("graph", path, "-o", out / "graph.dot", "--as-of", AS_OF)
    yield "report", ("report", path, "-o", out / "report.html", "--as-of", AS_OF)
    yield "export-gsn", ("export-gsn", path, "-o", out / "case.gsn.yaml", "--as-of", AS_OF)


# Every example, and the golden cases of the families that draw well: the slow run takes all of them.
_SAMPLE = EXAMPLES + [p for p in GOLDEN if p.parent.name in ("ok", "logic")]
# The default run takes every second file of _SAMPLE; the others are marked slow.
_HALF = every(2, _SAMPLE)


@pytest.mark.parametrize("path", _HALF, ids=_id)
def test_other_commands_exit_as_check(path, undecided, tmp_path, capsys):
    _other_commands_exit_as_check(path, undecided, tmp_path, capsys)


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in ALL_CASES if p not in _SAMPLE], ids=_id)
def test_other_commands_exit_as_check_everywhere(path, undecided, tmp_path, capsys):
    _other_commands_exit_as_check(path, undecided, tmp_path, capsys)


def _other_commands_exit_as_check(path, undecided, tmp_path, capsys):
    expected = _cli("check", path, "--as-of", AS_OF, "-q")
    for name, args in _other_commands(path, tmp_path):
        assert _cli(*args) == expected, name
    capsys.readouterr()
    report = api.check_path(str(path), as_of=datetime.date.fromisoformat(AS_OF))
    if report.case is None or not undecided.asked:
        return
    drawn = build_view(report)
    asked_about = {label.node for label in undecided.asked if label is not None}
    proved = [node.name for node in drawn.nodes
              if node.kind in _DRAWN and node.name in asked_about and node.verdict == "proved"]
    assert not proved, f"drawn as proved with every solver answer unknown: {proved}"


@pytest.mark.parametrize("path", _HALF, ids=_id)
def test_scope_and_diff_never_pass_an_undecided_case(path, undecided, capsys):
    case, _ = api.load_case(str(path))
    for args in (("scope", path, "--target", path), ("diff", "--case", path, path)):
        before = len(undecided.asked)
        code = _cli(*args)
        if case is None:
            assert code == 2, args  # a library or an unreadable file is no case to judge
        else:
            assert code == (3 if len(undecided.asked) > before else 0), args
    capsys.readouterr()


# ---- one undecided question at a time -------------------------------------------------------------

# Questions whose answer only sharpens a finding that is certain without it: losing
# one leaves the verdict as it was. (rule of the label: why)
_SHARPENING = {
    "L207": "a premise's narrower scope only explains an L201 already proved",
    "E302": "an undecided contradiction is left to the entailment, which decides the step",
    "L218": "the defeater is already ruled out (L217's question); the core only narrows which facts are named",
}
# A question with node `group` asks several at once only to save time: undecided, each is asked alone.
# A pattern's step proved once for every use: undecided, it is P102 and checked in each instance instead.
_INSTEAD = {"P101": "P102"}


@pytest.mark.parametrize("path", [REPO / "tests" / "cases" / "ok" / "single_claim.case",
                                  REPO / "tests" / "cases" / "ok" / "strategy_tree.case"], ids=_id)
def test_one_undecided_question(path, monkeypatch):
    _each_question_matters(path, monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize("path", ALL_CASES, ids=_id)
def test_one_undecided_question_in_every_holding_case(path, monkeypatch):
    if _normal(path)[1] != "holds":
        pytest.skip("only a case that holds can show a lost answer: its verdict must change")
    _each_question_matters(path, monkeypatch)


def _each_question_matters(path: Path, monkeypatch):
    assert _normal(path)[1] == "holds"
    counting = Undecided(only=None)
    monkeypatch.setattr(queries, "run", counting)
    api.check_path(str(path), as_of=datetime.date.fromisoformat(AS_OF))
    labels = list(dict.fromkeys(counting.asked))
    assert labels, "a holding case asks the solver something"
    assert None not in labels, "every question is named"
    for index, label in enumerate(labels):
        one = Undecided(only=label)
        monkeypatch.setattr(queries, "run", one)
        report = api.check_path(str(path), as_of=datetime.date.fromisoformat(AS_OF))
        if label.rule in _SHARPENING or label.node == "group":
            assert report.verdict in ("holds", "unknown")
            continue
        if label.rule in _INSTEAD:
            assert any(f.code == _INSTEAD[label.rule] for f in report.findings), label
            continue
        assert report.verdict == "unknown", f"question {index} ({label}) undecided, yet the case {report.verdict}"


# ---- the reproduction, and the one door --------------------------------------------------


def test_an_undecided_whole_argument_is_unknown_not_a_pass():
    """Issue 8: the only hard question (cubes beside `w == 0`) times out; the case is unknown, exit 3."""
    case = REPO / "tests" / "cli_fixtures" / "undecided_cubes.case"
    result = subprocess.run([sys.executable, "-m", "checker.cli", "check", str(case), "--as-of", AS_OF,
                             "--timeout", "1", "--format", "json"], cwd=REPO, capture_output=True, timeout=120)
    assert result.returncode == 3, result.stderr
    shown = json.loads(result.stdout)
    assert shown["files"][0]["verdict"] == "unknown"
    undecided = [f for f in shown["files"][0]["findings"] if f["code"] == "X001"]
    assert [f["fields"]["what"] for f in undecided] == [
        "whether the cited evidence and the assumptions can hold together"]


def test_every_solver_check_goes_through_the_one_door():
    """No module calls z3's check itself, except the map solver of the conflict search (it asks nothing of a case)."""
    offenders = []
    for path in sorted((REPO / "checker").rglob("*.py")):
        if path.name == "queries.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            allowed = ("explorer.check()", "self.check(uri", "session.check(self, question)")
            if re.search(r"\.check\(", line) and not any(text in line for text in allowed):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, offenders


@pytest.mark.parametrize("path", _HALF, ids=_id)
def test_every_question_is_named(path, undecided):
    """Each query names the rule it decides and the node it judges (the names of --dump-smt's files)."""
    api.check_path(str(path), as_of=datetime.date.fromisoformat(AS_OF))
    assert all(label is not None for label in undecided.asked), [i for i, l in enumerate(undecided.asked) if l is None]
