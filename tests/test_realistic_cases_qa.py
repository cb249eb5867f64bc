"""Realistic safety cases written from the documentation alone: defects the qa4 pass found.

Each test runs the installed `warrant` command (through `python -m checker`, the same entry
point) on a case a reader of docs/language.md would write, and names the defect it guards.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from command import findings_coded, warrant

REPO = Path(__file__).resolve().parent.parent
PATTERN_PAGES = sorted(page for page in (REPO / "docs" / "patterns").glob("*.md") if page.name != "README.md")


def _short_instance(page: Path) -> tuple[str, str]:
    """The case under a page's "A short instance" heading and the date its result is stated for."""
    section = page.read_text("utf-8").split("## A short instance", 1)[1]
    case = re.search(r"```case\n(.*?)```", section, re.S).group(1)
    stated = re.search(r"`warrant check` of this instance \(as of (\d{4}-\d\d-\d\d)\): holds, no findings", section)
    assert stated, f"{page.name}: the short instance's result is not stated as `holds, no findings`"
    return case, stated.group(1)


@pytest.mark.parametrize("page", PATTERN_PAGES, ids=lambda page: page.stem)
def test_each_pattern_page_short_instance_holds_as_the_page_says(page, tmp_path):
    # Every page's short instance said "holds, no findings" but named accept stakeholders that
    # were never declared as parties (G210), and none of them a third party (G211).
    case, as_of = _short_instance(page)
    path = tmp_path / f"{page.stem}.case"
    path.write_text(case, "utf-8")
    done = warrant("check", "--no-cache", "--as-of", as_of, "--format", "json", path)
    report = json.loads(done.stdout)["files"][0]
    assert (done.returncode, report["verdict"]) == (0, "holds"), done.stdout
    assert report["findings"] == []


OPEN_WEIGHTS = '''case publish "Publishing the weights adds no uplift"
  version "1"
  author "Open Release Team"
context {
  model: string
  finetune_steps: int affordance
}
measure uplift: real in [0, 1]
boundary {
  model == "s-2"
  finetune_steps in [0, 20000]
}
claim G0 "No uplift": uplift < 0.1
  by S0
strategy S0 "Attackers fine-tune hard and fail": from G1 given A1
assume A1 "Serious attackers fine-tune for more than 30,000 steps": finetune_steps > 30000
claim G1 "Low measured uplift": uplift < 0.1
evidence E1
evidence E1 "Uplift study" {
  model "s-2"
  setting { finetune_steps: 20000 }
  shows uplift <= 0.05
}
'''


def test_a_single_assumption_against_the_boundary_is_not_called_a_set_of_which_any_one_may_be_dropped(tmp_path):
    # L203 for one assumption the boundary rules out said "minimal conflicting set (drop any one and
    # the rest can hold together)", which reads as nonsense for a set of one.
    case = tmp_path / "publish.case"
    case.write_text(OPEN_WEIGHTS)
    done = warrant("check", "--no-cache", "--format", "json", case)
    (l203,) = findings_coded(done, "L203")
    assert (l203["span"]["line"], l203["message"]) == (16, "assumption `A1` cannot hold together inside the boundary")
    assert l203["details"] == ["it holds in no deployment inside the boundary (with every measure in its declared range)"]


def test_a_failed_side_condition_names_the_arguments_it_read(tmp_path):
    # P005 showed only the condition with the arguments put in (`0.05 + 0.03 + 0.02 <= 0.08`): a
    # reviewer could not tell which argument of a long `use` line was which number.
    case = REPO / "tests" / "cases" / "patterns" / "side_condition.case"
    done = warrant("check", "--no-cache", "--as-of", "2026-11-01", "--format", "json", case)
    (p005,) = findings_coded(done, "P005")
    assert p005["message"] == "`use bounded_scores` as `scores`: side condition `0.6 <= 0.5` does not hold"
    assert p005["details"] == ["it is false for the arguments given (threshold = 0.6)"]


SECURITY = '''case security "Weights are secured"
  version "1"
  author "Security Engineering"
context {
  model: string
  insider_access_reviewed: bool
}
measure exfil: real in [0, 1]
boundary {
  model == "a-3"
  insider_access_reviewed
}
claim G0 "Exfiltration fails": exfil < 0.01
evidence E1
evidence E1 "Pen test" {
  model "a-3"
  shows exfil <= 0.003
}
'''

CONTROL = '''case control "The agent is controlled"
  version "1"
  author "Control Team"
requires "security.case"
context {
  model: string
}
measure sabotage: real in [0, 1]
boundary {
  model == "a-3"
}
claim G0 "Sabotage is rare": sabotage < 0.005
evidence E1
evidence E1 "Control evaluation" {
  model "a-3"
  shows sabotage <= 0.001
}
'''


def test_a_required_boundary_line_this_case_leaves_free_is_quoted_and_named(tmp_path):
    # L225's note said only "boundary line of "security.case" this deployment breaks": the reviewer
    # had to open the other file, and was not told that the variable is simply not declared here.
    (tmp_path / "security.case").write_text(SECURITY)
    (tmp_path / "control.case").write_text(CONTROL)
    done = warrant("check", "--no-cache", "--format", "json", tmp_path / "control.case")
    (l225,) = findings_coded(done, "L225")
    assert l225["span"]["line"] == 4
    assert [item["note"] for item in l225["related"]] == [
        'boundary line `insider_access_reviewed` of "security.case" is false in this deployment '
        "(this case does not declare `insider_access_reviewed`, so nothing here keeps it)"]


PARTNER_CASE = '''case partner_api "The partner API adds no uplift"
  version "1"
  author "Partnerships Safety"
enum Tier { trusted_partner, enterprise, public }
context {
  model: string
  user_tiers: set<Tier>
  max_users: int
}
measure uplift: real in [0, 1]
boundary {
  model == "h-7"
  user_tiers <= {trusted_partner}
  max_users <= 250
}
claim G0 "Low uplift": uplift < 0.15
evidence E1
evidence E1 "Uplift trial" {
  model "h-7"
  shows uplift <= 0.09
}
'''


def test_a_wider_target_names_every_boundary_line_it_reaches_past(tmp_path):
    # Reusing a case for an enterprise tier and 2,000 users: C206 showed one deployment, which
    # broke only `max_users <= 250`; the user tier the target also opens was not mentioned.
    (tmp_path / "partner.case").write_text(PARTNER_CASE)
    (tmp_path / "enterprise.case").write_text(
        'boundary {\n  model == "h-7"\n  user_tiers <= {trusted_partner, enterprise}\n  max_users <= 2000\n}\n')
    done = warrant("scope", "--no-cache", tmp_path / "partner.case", "--target", tmp_path / "enterprise.case")
    assert done.returncode == 1
    details = done.stdout[done.stdout.index("it breaks these lines"):]
    broken = [line.split(": ", 1)[1] for line in details.splitlines() if "partner.case:" in line]
    assert sorted(line.split(" is false")[0] for line in broken) == ["`max_users <= 250`",
                                                                    "`user_tiers <= {trusted_partner}`"]
    assert "the target also allows deployments that break these lines:" in details
    # Located at the target's line that lets the deployment shown in, not at `boundary {`.
    first = done.stdout.splitlines()[0]
    assert first.startswith(f"{tmp_path / 'enterprise.case'}:3:3: C206") or first.startswith(
        f"{tmp_path / 'enterprise.case'}:4:3: C206"), first


def test_a_widened_boundary_is_located_at_the_line_that_widened_it(tmp_path):
    # C302 pointed at the first boundary line (`model == ...`) whatever changed; the reviewer of a
    # new version wants the line that lets more deployments in.
    old = tmp_path / "old.case"
    old.write_text(PARTNER_CASE)
    new = tmp_path / "new.case"
    new.write_text(PARTNER_CASE.replace("  max_users <= 250\n", "  max_users <= 900\n"))
    done = warrant("diff", "--case", old, new, "--format", "json")
    (c302,) = findings_coded(done, "C302")
    assert (c302["span"]["line"], c302["span"]["column"]) == (14, 3)
    assert "  `max_users <= 250`" in c302["details"]


def test_a_slipping_change_names_the_boundary_line_it_leaves_by(tmp_path):
    # C101 stood at the case header with two configurations and nothing else: with nine variables a
    # reviewer had to diff them by eye to see that `months >= 0` was the line left (a count gone negative).
    case = tmp_path / "window.case"
    case.write_text('case window "Inside the assessment window"\n  version "1"\n  author "Governance"\n'
                    'context {\n  model: string\n  months: real\n}\nmeasure score: real in [0, 1]\n'
                    'boundary {\n  model == "f-12"\n  months >= 0\n  months < 6\n}\n'
                    'claim G0 "Low score": score < 0.5\nevidence E1\n'
                    'evidence E1 "Assessment" {\n  model "f-12"\n  shows score <= 0.3\n}\n'
                    'trigger T1 "New model": changed(model) reopens all\n'
                    'trigger T2 "Window passed": months >= 6 reopens all\n')
    done = warrant("check", "--no-cache", "--format", "json", case)
    (c101,) = findings_coded(done, "C101")
    assert [(item["span"]["line"], item["note"]) for item in c101["related"]] == [
        (11, "`months >= 0` is false in the new configuration")]
    assert c101["help"].startswith("add a trigger that fires on this change")


def test_insufficient_evidence_says_how_far_the_evidence_lets_the_threshold_go(tmp_path):
    # A rule-of-three bound (3,000 clean honeypot trials: rate up to 0.001) cited for a rate below
    # 1 in 200,000: E301 showed only `defect_rate = 0.000005`, the threshold itself, hiding that the
    # evidence allows 200 times it; and `margins` (docs/cli.md: negative when not cleared) was empty.
    case = tmp_path / "honeypots.case"
    case.write_text('case honeypots "No defection at scale"\n  version "1"\n  author "Alignment"\n'
                    'context {\n  model: string\n}\nmeasure defect_rate: real in [0, 1]\n'
                    'boundary {\n  model == "d-2"\n}\n'
                    'claim G1 "Rate below 1 in 200,000": defect_rate < 0.000005\nevidence E1\n'
                    'evidence E1 "Honeypots" {\n  model "d-2"\n  shows defect_rate in [0, 0.001]\n}\n')
    done = warrant("check", "--no-cache", "--format", "json", case)
    report = json.loads(done.stdout)["files"][0]
    (e301,) = [f for f in report["findings"] if f["code"] == "E301"]
    assert e301["details"][-1] == "the evidence allows defect_rate up to 0.001 (the claim needs < 0.000005)"
    assert report["margins"] == [{"where": "G1", "threshold": "defect_rate < 0.000005", "worst": "0.001",
                                  "absolute": "-0.000995", "relative": "-199"}]


def test_an_elicitation_gap_says_what_the_setting_granted(tmp_path):
    # E306 showed the uncovered deployment (`tasks = 100001`) but not what the evaluation granted,
    # so a reviewer had to find the evidence's setting to see how far it fell short.
    case = tmp_path / "gap.case"
    case.write_text('case gap "Control evaluation extrapolated"\n  version "1"\n  author "Control Team"\n'
                    'enum Tool { sandbox, web }\n'
                    'context {\n  model: string\n  tools: set<Tool> affordance\n  tasks: int affordance\n}\n'
                    'measure p: real in [0, 1]\nboundary {\n  model == "a-4"\n  tasks <= 250000\n}\n'
                    'claim G0 "Low estimate": p < 0.008\nevidence E1\n'
                    'evidence E1 "Simulation" {\n  model "a-4"\n  setting { tasks: 100000 }\n  shows p <= 0.006\n}\n')
    done = warrant("check", "--no-cache", "--format", "json", case)
    (e306,) = findings_coded(done, "E306")
    granted = e306["details"][e306["details"].index("where the setting granted:") + 1:]
    assert granted == ["  tools = {}", "  tasks = 100000"]  # in the order the context declares them


def test_a_criterion_not_met_where_scoped_evidence_is_silent_says_why():
    # The L212 world showed `solve = 0.25` though E1 shows `solve <= 0.18`: without a word, a reviewer
    # reads a contradiction. The evidence speaks only within its citing claims' scope and where its
    # setting covers the deployment.
    case = REPO / "tests" / "cases" / "acceptance" / "scoped_top_evidence_silent.case"
    done = warrant("check", "--no-cache", "--as-of", "2026-11-01", "--format", "json", case)
    (l212,) = findings_coded(done, "L212")
    assert l212["counterexample"]["context"]["tools"] == ["debugger"]
    assert l212["details"][-1] == ("evidence `E1` does not speak for this deployment: only `within`-scoped claims "
                                   "cite it, and its setting grants less than the deployment gets")


def test_a_criterion_resting_on_a_judged_channel_also_says_why_the_evidence_is_silent():
    case = REPO / "tests" / "cases" / "acceptance" / "scoped_evidence_beyond_its_setting.case"
    done = warrant("check", "--no-cache", "--as-of", "2026-11-01", "--format", "json", case)
    (l216,) = findings_coded(done, "L216")
    assert l216["details"][-1].startswith("evidence `E1` does not speak for this deployment")


GATED = '''case gated "Below the threshold or safeguarded"
  version "1"
  author "Frontier Red Team"
import stdlib.threshold_gate
enum Channel { api, consumer_app, partner_cloud }
context {
  model: string
  channel: Channel
  classifiers: bool
}
measure cyber_score: real in [0, 1]
boundary {
  model == "n-5"
  channel in {api, partner_cloud}
  classifiers
}
use threshold_gate(
  capability: cyber_score, threshold: 0.7, buffer: 0.2,
  safeguarded: classifiers,
  assessment: E1,
  safeguards_case: "safeguards.case",
  elicitation: accepted "Best scaffold" owner "RSO",
  threshold_choice: accepted "Framework threshold" owner "RSO"
) as gate
evidence E1 "Cyber range" {
  model "n-5"
  shows cyber_score in [0.52, 0.61]
}
'''

SAFEGUARDS = '''case safeguards "Safeguards hold on the API"
  version "1"
  author "Safeguards Team"
enum Channel { api, consumer_app, partner_cloud }
context {
  model: string
  channel: Channel
  classifiers: bool
}
measure jailbreak_rate: real in [0, 1]
boundary {
  model == "n-5"
  channel in {api, consumer_app}
  classifiers
}
claim G0 "Jailbreaks are rare": jailbreak_rate < 0.01
evidence E1
evidence E1 "Red team" {
  model "n-5"
  shows jailbreak_rate <= 0.004
}
'''


def test_a_required_case_given_by_a_use_argument_is_judged_at_that_argument(tmp_path):
    # The threshold gate's required path is an argument of a 9-line `use`; L225 stood at `use`'s first line.
    (tmp_path / "gated.case").write_text(GATED)
    (tmp_path / "safeguards.case").write_text(SAFEGUARDS)
    done = warrant("check", "--no-cache", "--format", "json", tmp_path / "gated.case")
    (l225,) = findings_coded(done, "L225")
    assert (l225["span"]["line"], l225["span"]["column"]) == (21, 3)  # `safeguards_case: "safeguards.case"`
    assert l225["counterexample"]["context"]["channel"] == "partner_cloud"
