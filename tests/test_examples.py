"""The shipped examples: the clean case holds with no finding; each defect reports what it demonstrates, where it says."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from checker.api import check_path
from checker.findings.report import is_error

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
AS_OF = datetime.date(2026, 11, 1)
DEFECTS = sorted((EXAMPLES / "defects").glob("*.case"))
FAILURE_MODES = EXAMPLES / "failure_modes"
MODE_DEFECTS = sorted(p for p in FAILURE_MODES.glob("*.case") if not p.stem.endswith("_fixed"))
_MARK = re.compile(r"#\s*expect:\s*([A-Z]\d{3})")


def test_the_clean_example_holds_with_every_step_proved():
    report = check_path(EXAMPLES / "cyber_inability.case", as_of=AS_OF)
    assert report.findings == ()
    assert report.verdict == "holds"
    assert report.summary.steps > 0
    assert report.summary.proved_steps == report.summary.steps


def test_there_is_a_defect_for_each_core_failure_mode():
    assert len(DEFECTS) >= 15


@pytest.mark.parametrize("path", DEFECTS, ids=lambda p: p.name)
def test_defect_reports_its_finding_on_the_marked_line(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    code = _MARK.match(lines[0]).group(1)
    marked = [number for number, line in enumerate(lines, 1) if number > 1 and _MARK.search(line)]
    assert marked, f"{path.name} marks no offending line"
    report = check_path(path, as_of=AS_OF)
    reported = {(f.span.line, f.code) for f in report.findings}
    for line in marked:
        assert (line, code) in reported, f"{path.name}:{line}: expected {code}, got {sorted(reported)}"
    assert report.verdict != "holds" or report.findings, "a defect must be reported"


@pytest.mark.parametrize("path", MODE_DEFECTS, ids=lambda p: p.name)
def test_failure_mode_fails_with_its_rule_and_its_fixed_variant_holds(path):
    test_defect_reports_its_finding_on_the_marked_line(path)
    report = check_path(path, as_of=AS_OF)
    code = _MARK.match(path.read_text(encoding="utf-8").splitlines()[0]).group(1)
    named = [f for f in report.findings if f.code == code]
    # A failure mode whose rule is a warning (threshold gaming, L213) fails under --fail-on warning.
    assert report.verdict == "fails" or (named and not any(is_error(f) for f in named))
    fixed = check_path(path.with_name(f"{path.stem}_fixed.case"), as_of=AS_OF)
    assert fixed.verdict == "holds" and fixed.findings == (), [(f.code, f.message) for f in fixed.findings]


def test_shipped_configurations_behave_as_the_examples_readme_says():
    from checker.api import diff_configs, scope_config

    case = EXAMPLES / "cyber_inability.case"
    deploy = EXAMPLES / "deploy"
    assert scope_config(case, deploy / "trusted_api.yaml").verdict == "holds"
    outside = scope_config(case, deploy / "public_api.yaml")
    assert [f.code for f in outside.findings] == ["C201"]
    fired = diff_configs(case, deploy / "trusted_api.yaml", deploy / "more_users.yaml")
    assert fired.verdict == "needs review"
    assert [f.code for f in fired.findings] == ["C209"] and "T5" in fired.findings[0].message


def test_the_failure_mode_map_in_docs_names_every_example_by_its_marked_rule():
    from checker.findings.ruledocs import FAILURE_MODES

    mapped = {example: codes for _, codes, example in FAILURE_MODES}
    assert sorted(mapped) == sorted(p.name for p in MODE_DEFECTS)
    for path in MODE_DEFECTS:
        code = _MARK.match(path.read_text(encoding="utf-8").splitlines()[0]).group(1)
        assert mapped[path.name][0] == code, path.name


@pytest.mark.parametrize("name", ["control_exfiltration.case", "partner_api/trusted_partner_api.case",
                                  "patterns/framework_windows.case"])
def test_the_realistic_examples_hold_with_no_finding(name):
    report = check_path(EXAMPLES / name, as_of=AS_OF)
    assert (report.verdict, report.findings) == ("holds", ())
    assert report.summary.proved_steps == report.summary.steps


def test_the_partner_api_configurations_behave_as_the_examples_readme_says():
    from checker.api import diff_configs

    folder = EXAMPLES / "partner_api"
    case = folder / "trusted_partner_api.case"
    rate = diff_configs(case, folder / "current.yaml", folder / "higher_rate_limit.yaml")
    assert rate.verdict == "needs review"
    assert [f.code for f in rate.findings] == ["C209"] and "T4" in rate.findings[0].message
    wider = diff_configs(case, folder / "current.yaml", folder / "enterprise_tier.yaml")
    assert sorted(f.code for f in wider.findings) == ["C201", "C209", "C209"]
    assert {m for f in wider.findings if f.code == "C209" for m in ("T2", "T3") if m in f.message} == {"T2", "T3"}


def test_swapping_the_control_inequality_breaks_the_step_as_the_examples_readme_says(tmp_path):
    text = (EXAMPLES / "control_exfiltration.case").read_text(encoding="utf-8")
    swapped = tmp_path / "swapped.case"
    swapped.write_text(text.replace(": eff_deploy >= eff_eval\n", ": eff_eval >= eff_deploy\n"), encoding="utf-8")
    report = check_path(swapped, as_of=AS_OF)
    assert any(f.code == "L201" and f.field("strategy") == "S2" for f in report.findings)
