"""The benchmark's synthetic case stays a clean case, so its timings keep measuring every query."""
from __future__ import annotations

import datetime
import importlib.util
from pathlib import Path

from checker.api import check_text

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_check.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_check", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_case_checks_clean_and_proves_every_step():
    text = _bench_module().synthetic_case(4)
    report = check_text(text, "synthetic.case", as_of=datetime.date(2026, 11, 1))
    assert report.findings == ()
    assert report.summary.steps == report.summary.proved_steps == 5
