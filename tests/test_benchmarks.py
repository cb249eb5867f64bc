"""The benchmarks measure the real pipeline on the case they claim to: generated cases are checked here."""
from __future__ import annotations

import datetime
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from checker.api import check_text

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
AS_OF = datetime.date(2026, 11, 1)


def _load(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_clean_generated_case_checks_clean_and_proves_every_step():
    text = _load("generate").generated_case(24, defects=False)
    report = check_text(text, "generated.case", as_of=AS_OF)
    assert report.findings == ()
    assert report.summary.steps == report.summary.proved_steps == 24 + 3 + 2  # threats, families, GE, top


def test_generated_defects_are_the_weak_evidence_and_the_decision_on_it():
    generate = _load("generate")
    report = check_text(generate.generated_case(2 * generate.DEFECT_EVERY), "generated.case", as_of=AS_OF)
    weak = {f"C{i}" for i in range(2 * generate.DEFECT_EVERY) if i % generate.DEFECT_EVERY == generate.DEFECT_EVERY - 1}
    assert {f.field("claim") for f in report.findings if f.code == "E301"} == weak
    # L216: the criterion needs the top claim, which the weak evidence leaves unestablished
    assert sorted({f.code for f in report.findings}) == ["E301", "L210", "L216"]
    assert all(f.world is not None for f in report.findings if f.code == "E301")


def test_generated_case_has_the_promised_shape():
    generate = _load("generate")
    text = generate.generated_case(100)
    report = check_text(text, "generated.case", as_of=AS_OF)
    case = report.case
    nodes = sum(len(t) for t in (case.claims, case.strategies, case.assumptions, case.evidence, case.defeaters))
    assert nodes == 3 * 100 + 2 * 10 + 8  # per threat, per family of ten, the fixed rest
    assert all(e.setting and e.shows for e in case.evidence.values())
    assert len(case.defeaters) == 100 + 2


def test_timed_stages_give_the_report_the_api_gives():
    stages = _load("stages")
    text = _load("generate").generated_case(60)
    timed = stages.timed_check(text, "generated.case", AS_OF)
    assert timed.report == check_text(text, "generated.case", as_of=AS_OF)
    assert set(timed.seconds) == set(stages.STAGES) and timed.queries > 0
    assert timed.output.endswith("generated.case: fails: 3 errors, 0 warnings, 0 info; 68/68 claims formal, "
                                 "67/68 steps proved (98%): 1 formal not proved; "
                                 "residual risk accepted: DE, D0, D1, D2, D3 and 57 more\n")


def test_run_prints_a_row_per_size(tmp_path):
    rows = tmp_path / "rows.json"
    done = subprocess.run([sys.executable, str(BENCH / "run.py"), "--sizes", "10", "--repeat", "1", "--json", str(rows)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[1].split() == ["threats", "nodes", "KB", "parse", "resolve", "graph", "proofs", "report", "total",
                                "s", "cpu", "s", "queries", "finds", "RSS", "MB", "lark", "x", "lark"]
    row = lines[2].split()
    assert row[0] == "10" and row[1] == "40" and row[-5] != "0"  # 10 threats, 40 nodes, some queries
    (measured,) = json.loads(rows.read_text())  # the bare Lark parse of the same text, and the check over it
    assert measured["lark"] > 0 and float(row[-1]) == round(measured["total"] / measured["lark"], 1)


def test_compare_writes_the_argument_as_ltac_and_reads_warrant_s_batch_verdicts(tmp_path):
    compare = _load("compare")
    case = check_text(_load("generate").generated_case(20), "generated.case", as_of=AS_OF).case
    ltac = compare.ltac(case).splitlines()
    assert ltac[0].startswith("- Claim G0: ") and ltac[1].startswith("  - Strategy S0: ")
    declared = [line for line in ltac if " ^" not in line]
    assert len(declared) == len(case.claims) + len(case.strategies) + len(case.assumptions) + len(case.evidence)
    batch = tmp_path / "batch.jsonl"
    configs = compare.batch(50, None, seed=3)
    batch.write_text("".join(compare.json.dumps(c) + "\n" for c in configs))
    outside = {n for n, c in enumerate(configs, 1)
               if not (c["model"] == "x-2026-05" and c["channel"] in ("internal", "trusted_api")
                       and "shell" not in c["tools"] and not c["internet"] and c["max_users"] <= 5000)}
    assert compare.warrant_batch(batch) == outside and outside
