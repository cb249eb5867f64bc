"""Worst-case margins (issue 7, item 6): found by the solver for every threshold, whatever the case declares."""
from __future__ import annotations

import datetime
from fractions import Fraction
from pathlib import Path

from checker.api import check_path, check_text
from checker.interop.settings import Settings

CASES = Path(__file__).resolve().parent / "cases"
AS_OF = datetime.date(2026, 11, 1)


def _figures(report) -> dict:
    return {(f.where, f.threshold): f for f in report.summary.margins}


def test_every_threshold_gets_its_worst_case_margin_absolute_and_relative():
    report = check_path(CASES / "acceptance" / "thin_margin.case", as_of=AS_OF)
    figures = _figures(report)
    web = figures[("G1", "solve_rate(web) < 0.2")]
    assert (web.worst, web.absolute, web.relative) == (Fraction(19, 100), Fraction(1, 100), Fraction(1, 20))
    floor = figures[("G4", "refusals > 8")]
    assert (floor.worst, floor.absolute, floor.relative) == (11, 3, Fraction(3, 8))
    assert any(where.startswith("require (line ") for where, _ in figures)


def test_the_default_minimum_applies_without_any_margin_in_the_case():
    text = (CASES / "acceptance" / "thin_margin.case").read_text().replace("  margin 0.1\n", "")
    assert "\n  margin" not in text
    codes = sorted(f.code for f in check_text(text, "a.case", as_of=AS_OF).findings)
    assert codes == ["L213", "L213", "L226"]
    lax = check_text(text, "a.case", as_of=AS_OF, settings=Settings(min_margin=Fraction(1, 100)))
    assert lax.findings == ()  # a reviewer may accept less: 5% on web, 4% on refusals clear 1%
    between = check_text(text, "a.case", as_of=AS_OF, settings=Settings(min_margin=Fraction(45, 1000)))
    assert [f.field("claim") for f in between.findings] == ["G3"]  # refusal_rate > 0.5 at 0.52: 4% < 4.5%


def test_a_bound_approached_but_never_reached_is_the_worst_case():
    text = (CASES / "ok" / "single_claim.case").read_text().replace(
        "shows forall t: Threat. rate(t) in [0, 0.1]", "shows forall t: Threat. rate(t) < 0.1")
    report = check_text(text, "a.case", as_of=AS_OF)
    phishing = _figures(report)[("G0", "rate(phishing) < 0.2")]
    assert phishing.worst == Fraction(1, 10) and phishing.relative == Fraction(1, 2)


def test_a_threshold_on_the_deployment_alone_has_no_margin():
    report = check_path(Path(__file__).resolve().parent.parent / "examples" / "patterns" / "threshold_gate.case",
                        as_of=AS_OF)
    assert not any("safeguard_level" in f.threshold for f in report.summary.margins)
    assert report.verdict == "holds" and not report.findings
