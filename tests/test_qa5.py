"""Realistic cases written from the documentation alone: defects the qa5 pass found.

Each test runs the installed `warrant` command (through `python -m checker`, the same entry
point) and names the defect it guards. Golden cases for the rest are under tests/cases/.
"""
from __future__ import annotations

import json
from pathlib import Path

from command import findings_coded, warrant

FIXTURES = Path(__file__).resolve().parent / "cli_fixtures"


def test_a_case_that_holds_only_by_its_baseline_never_reads_plain_holds(tmp_path):
    """A baseline let a case with four E301/L216 errors read `holds: 0 errors`, in text and JSON alike."""
    case = tmp_path / "a.case"
    case.write_text((FIXTURES / "entailment_fails.case").read_text())
    baseline = tmp_path / "baseline.json"
    first = warrant("check", "--as-of", "2026-11-01", case, "--baseline", baseline, "--write-baseline",
                    cwd=tmp_path)
    assert first.returncode == 0
    known = len([f for f in json.loads(baseline.read_text())["findings"] if f["rule"][0] in "LE"])
    text = warrant("check", "--as-of", "2026-11-01", case, "--baseline", baseline, cwd=tmp_path)
    assert text.returncode == 0
    assert f"a.case: holds with {known} error{'s' if known != 1 else ''} known from the baseline: 0 errors" in text.stdout
    document = json.loads(warrant("check", "--as-of", "2026-11-01", case, "--baseline", baseline, "--format",
                                  "json", cwd=tmp_path).stdout)
    [file] = document["files"]
    assert file["verdict"] == "holds with known errors" and file["known_errors"] == known
    assert document["exit_code"] == 0


SHORT_BUDGET = '''case agent "Research agent"
  version "1.0"
  author "Frontier Safety Team"
context {
  model: string
  budget_usd: real affordance
}
measure solve_rate: real in [0, 1]
boundary {
  model == "r-3"
  budget_usd <= 250.5
}
claim G0 "Rarely solved": solve_rate < 0.2
evidence E1
evidence E1 "CTF" {
  model "r-3"
  date 2026-09-01 expires 2027-03-01
  setting { budget_usd: 100 }
  shows solve_rate <= 0.1
}
'''


def test_an_elicitation_gap_points_at_the_setting_value_that_falls_short(tmp_path):
    """E306 stood at the evidence header only; E307 already noted the setting value, E306 did not."""
    case = tmp_path / "agent.case"
    case.write_text(SHORT_BUDGET)
    done = warrant("check", "--as-of", "2026-10-01", "--no-cache", case, "--format", "json", cwd=tmp_path)
    [gap] = findings_coded(done, "E306")
    assert gap["span"]["line"] == 15
    assert [(r["span"]["line"], r["span"]["column"], r["note"]) for r in gap["related"]] == [
        (18, 25, "the value of `budget_usd` in the setting")]


REGIONS = '''case regions "Regional launch"
  version "1.0"
  author "Policy Team"
context {
  model: string
  region: string
}
boundary {
  model == "s-5"
  region in {"us", "eu"}
}
claim G0 "Informal": informal
'''


def test_a_widened_boundary_quotes_the_old_line_as_it_was_written(tmp_path):
    """C302 quoted `region in {"us", "eu"}` as the `region == "us" or region == "eu"` it stands for."""
    (tmp_path / "old.case").write_text(REGIONS)
    (tmp_path / "new.case").write_text(REGIONS.replace('{"us", "eu"}', '{"us", "eu", "uk"}'))
    done = warrant("diff", "--case", "old.case", "new.case", cwd=tmp_path)
    assert done.returncode == 1 and "C302" in done.stdout
    assert 'it breaks these lines of the old boundary:\n      `region in {"us", "eu"}`\n' in done.stdout


PATTERN_REACHES_OUT = '''case fresh "A pattern over the case's tools"
  version "1.0"
  author "Deployment Safety"
enum Tool { browser, code_exec }
context {
  tools: set<Tool> affordance
}
boundary {
  tools <= {browser}
}
pattern within_tools "Tools stay in the allowed set" (allowed: set<Tool>, audit: evidence) {
  claim G0 "Allowed tools only": tools <= allowed
  evidence audit
}
use within_tools(allowed: {browser}, audit: E1) as wt
evidence E1 "Config audit" {
  model "v-1"
  shows tools <= {browser}
}
'''


def test_a_pattern_naming_the_case_s_enum_says_a_pattern_sees_only_its_own_names(tmp_path):
    """`unknown enum Tool` stood beside the case's own `enum Tool` with no word why (a pattern is proved alone)."""
    case = tmp_path / "fresh.case"
    case.write_text(PATTERN_REACHES_OUT)
    done = warrant("check", "--no-cache", "fresh.case", cwd=tmp_path)
    assert done.returncode == 2
    assert "fresh.case:11:68: N101 [error] unknown enum `Tool`" in done.stdout
    assert ("help: pattern `within_tools` sees only its parameters and its own declarations, not the case's "
            "`tools`: take it as a parameter, or declare it inside the pattern") in done.stdout


DATED_PATTERN = '''case fresh "Fresh evaluations"
  version "1.0"
  author "Deployment Safety"
context {
  model: string
}
boundary {
  model == "v-1"
}
pattern recent "Evaluated after the cutoff" (cutoff: date, allowed: set<Kind>, audit: evidence)
  where cutoff >= 2026-06-01
  where allowed <= {red_team}
{
  enum Kind { red_team, capability_eval }
  claim G0 "Informal": informal
  evidence audit
}
use recent(cutoff: 2026-05-01, allowed: {red_team, capability_eval}, audit: E1) as r
evidence E1 "Audit" {
  model "v-1"
}
'''


def test_a_failed_side_condition_names_date_and_set_arguments_too(tmp_path):
    """P005 said only "it is false for the arguments given" for a date or set argument (numbers were named)."""
    (tmp_path / "fresh.case").write_text(DATED_PATTERN)
    done = warrant("check", "--no-cache", "fresh.case", cwd=tmp_path)
    assert "it is false for the arguments given (cutoff = 2026-05-01)" in done.stdout
    assert "it is false for the arguments given (allowed = {red_team, capability_eval})" in done.stdout
