"""A second solver agrees: every query of every example and golden case, written by `--dump-smt`, re-checked by cvc5.

Each query is written as a self-contained SMT-LIB 2 file with Z3's answer in a
comment (checker/logic/queries.py). cvc5 reads the file as it stands (so the file
must declare everything it uses) and answers; wherever both solvers decide, the
answers must be the same. A query either solver leaves undecided is counted,
not compared. The default run takes every third case; the slow run (`pytest -m slow
tests/test_second_solver.py`) takes them all. docs/reliability.md records the counts.
"""
from __future__ import annotations

import collections
import datetime
import subprocess
import sys
from pathlib import Path

import cvc5
import pytest

from checker import api
from checker.logic import queries

try:
    from tests.sampling import sample
except ImportError:  # tests/ on sys.path rather than the project root
    from sampling import sample

REPO = Path(__file__).resolve().parent.parent
AS_OF = datetime.date(2026, 11, 1)
CASES = sorted((REPO / "examples").rglob("*.case")) + sorted((REPO / "tests" / "cases").rglob("*.case"))
CVC5_LIMIT_MS = 5000  # per query; most take a few milliseconds


def cvc5_answer(text: str, limit_ms: int = CVC5_LIMIT_MS) -> str:
    """cvc5's answer to an SMT-LIB 2 script: `sat`, `unsat` or `unknown` (the last check-sat's output)."""
    terms = cvc5.TermManager()
    solver = cvc5.Solver(terms)
    solver.setOption("tlimit-per", str(limit_ms))
    symbols = cvc5.SymbolManager(terms)
    parser = cvc5.InputParser(solver, symbols)
    parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, text, "query")
    answer = None
    while True:
        command = parser.nextCommand()
        if command.isNull():
            break
        output = command.invoke(solver, symbols).split()
        if output:
            answer = output[0]  # `unknown` may be followed by its reason: `unknown (INCOMPLETE)`
    assert answer in ("sat", "unsat", "unknown"), answer
    return answer


def expected(text: str) -> str:
    line = next(line for line in text.splitlines() if line.startswith("; expected: "))
    return line.removeprefix("; expected: ").strip()


def dump_case(path: Path, directory: Path) -> list[Path]:
    with queries.dumping(directory) as dumper:
        api.check_path(str(path), as_of=AS_OF)
    return dumper.written


def _compare(cases: list, tmp_path) -> None:
    """cvc5 answers every query of these cases; wherever both solvers decide, they agree."""
    counts = collections.Counter()
    disagreements = []
    for number, path in enumerate(cases):
        for query in dump_case(path, tmp_path / str(number)):
            text = query.read_text(encoding="utf-8")
            z3_says, cvc5_says = expected(text), cvc5_answer(text)
            if "unknown" in (z3_says, cvc5_says):
                counts[f"undecided by {'z3' if z3_says == 'unknown' else 'cvc5'}"] += 1
            elif z3_says == cvc5_says:
                counts[f"agree {z3_says}"] += 1
            else:
                disagreements.append(f"{path.relative_to(REPO)}: {query.name}: z3 {z3_says}, cvc5 {cvc5_says}")
    print(f"\ncvc5 against z3 on {len(cases)} cases: {dict(sorted(counts.items()))}")
    assert not disagreements, disagreements
    assert counts["agree sat"] > 0 and counts["agree unsat"] > 0


def test_cvc5_agrees_with_z3_on_every_third_case(tmp_path):
    """The default run's share: cases 0, 3, 6, ... of CASES (the slow test below takes every case)."""
    _compare(sample(3, CASES), tmp_path)


@pytest.mark.slow
def test_cvc5_agrees_with_z3_on_every_query(tmp_path):
    _compare(CASES, tmp_path)


def test_dump_names_each_query_after_its_rule_and_node(tmp_path):
    case = REPO / "tests" / "cases" / "ok" / "single_claim.case"
    result = subprocess.run([sys.executable, "-m", "checker.cli", "check", str(case), "--as-of", "2026-11-01",
                             "--dump-smt", str(tmp_path / "queries"), "-q"], cwd=REPO, capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "queries").iterdir())
    assert "single.E301.G0.smt2" in names  # the evidence step of claim G0
    # Asked here although a normal run settles them from their worst cases: the thresholds of G0
    # and of the criterion, tightened by the margin.
    assert {"single.L213.G0.smt2", "single.L226.accept.smt2"} <= set(names)
    # Can the whole argument hold together? (It can, so whether claim G0 can hold, L205, is answered from it.)
    assert "single.L203.group.smt2" in names
    for name in names:
        text = (tmp_path / "queries" / name).read_text(encoding="utf-8")
        case_name, rule, *_ = name.split(".")
        assert text.startswith(f"; Warrant query: rule {rule}, node ")
        assert expected(text) in ("sat", "unsat", "unknown")
        assert "(set-logic ALL)" in text and text.rstrip().endswith("(check-sat)")
    evidence_step = (tmp_path / "queries" / "single.E301.G0.smt2").read_text(encoding="utf-8")
    assert expected(evidence_step) == "unsat"  # the evidence proves the claim: no world breaks it


def test_dump_into_a_file_is_a_one_line_error(tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("not a directory\n", encoding="utf-8")
    case = REPO / "tests" / "cases" / "ok" / "single_claim.case"
    result = subprocess.run([sys.executable, "-m", "checker.cli", "check", str(case), "--dump-smt", str(taken)],
                            cwd=REPO, capture_output=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"warrant: cannot write the queries to {taken}")
    assert "Traceback" not in result.stderr.decode()


@pytest.mark.parametrize("text, answer", [
    ("(set-logic ALL)\n(declare-fun x () Int)\n(assert (> x 2))\n(assert (< x 1))\n(check-sat)\n", "unsat"),
    ("(set-logic ALL)\n(declare-fun x () Real)\n(assert (> x (/ 1.0 3.0)))\n(check-sat)\n", "sat"),
])
def test_cvc5_reads_smtlib(text, answer):
    """The harness itself: cvc5 answers what it should, so agreement above means something."""
    assert cvc5_answer(text) == answer
