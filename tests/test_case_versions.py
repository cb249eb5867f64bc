"""`warrant diff --case OLD NEW`: whether a new version of a case is weaker, with the world that separates them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker import api
from checker.semantics.evaluate import evaluate

try:
    from scratch_git import Repo
except ImportError:  # pragma: no cover
    from tests.scratch_git import Repo

CASE = Path(__file__).resolve().parent / "scope_fixtures" / "cyber.case"
OLD = CASE.read_text()


def compare(tmp_path, new_text: str, old_text: str = OLD):
    old, new = tmp_path / "old.case", tmp_path / "new.case"
    old.write_text(old_text)
    new.write_text(new_text)
    return api.diff_cases(old, new, timeout=30)


def codes(report):
    return [f.code for f in report.findings]


def edited(*pairs) -> str:
    text = OLD
    for before, after in pairs:
        assert before in text, before
        text = text.replace(before, after)
    return text


def test_the_same_case_is_not_weaker(tmp_path):
    report = compare(tmp_path, OLD)
    assert report.findings == () and report.verdict == "holds" and api.exit_code([report]) == 0


def test_a_relaxed_threshold_is_weaker_with_the_world_between(tmp_path):
    report = compare(tmp_path, edited(("solve_rate(vuln_discovery) < 0.15", "solve_rate(vuln_discovery) < 0.2")))
    [weaker] = report.findings
    assert weaker.code == "C301" and weaker.message == "claim `G1` is weaker than in the old version"
    assert report.verdict == "needs review" and api.exit_code([report]) == 1
    assert weaker.details[:3] == ("old: `solve_rate(vuln_discovery) < 0.15`",
                                  "new: `solve_rate(vuln_discovery) < 0.2`", "threshold 0.15 became 0.2")
    old_case, _ = api.load_case(tmp_path / "old.case")
    new_case, _ = api.load_case(tmp_path / "new.case")
    world = weaker.world
    assert evaluate(new_case.claims["G1"].formula, world, new_case) is True
    assert evaluate(old_case.claims["G1"].formula, world, old_case) is False
    assert weaker.related[0].span.path == str(tmp_path / "old.case")


def test_a_tightened_threshold_is_not_weaker(tmp_path):
    report = compare(tmp_path, edited(("solve_rate(vuln_discovery) < 0.15", "solve_rate(vuln_discovery) < 0.1")))
    assert report.findings == ()


def test_a_claim_narrowed_by_within_is_weaker(tmp_path):
    report = compare(tmp_path, edited(('claim G2 "The model solves few exploit-development proxy tasks":',
                                       'claim G2 "The model solves few exploit-development proxy tasks"\n'
                                       '  within channel == internal:')))
    [weaker] = report.findings
    assert weaker.code == "C301" and weaker.field("claim") == "G2"
    assert weaker.world.context["channel"] == "trusted_api"


def test_a_claim_made_informal_or_removed(tmp_path):
    informal = compare(tmp_path, edited(("  forall r: RiskModel. elicitation_shortfall(r) <= 0.05\n  evidence E5, E6",
                                         "  informal\n  evidence E5, E6")))
    [weaker] = informal.findings
    assert weaker.code == "C301" and "the new version states no formula for it" in weaker.details
    removed = compare(tmp_path, edited(("  from G1, G2, G3, G4, G5", "  from G1, G2, G3, G4"),
                                       ('claim G5 "Capabilities were adequately elicited on every risk model":\n'
                                        '  forall r: RiskModel. elicitation_shortfall(r) <= 0.05\n  evidence E5, E6\n', ""),
                                       ("against G5", "against G4"), ("reopens G1, G2, G3, G4, G5", "reopens G1, G2, G3, G4")))
    [gone] = [f for f in removed.findings if f.code == "C303"]
    assert gone.message == "claim `G5` of the old version is not in the new version"
    assert gone.span.path == str(tmp_path / "old.case")


def test_a_widened_boundary_shows_a_newly_covered_deployment(tmp_path):
    report = compare(tmp_path, edited(("channel in {internal, trusted_api}", "channel in {internal, trusted_api, public_api}")))
    [wider] = report.findings
    assert wider.code == "C302" and wider.world.context["channel"] == "public_api"
    assert "  `channel in {internal, trusted_api}`" in wider.details
    narrowed = compare(tmp_path, edited(("channel in {internal, trusted_api}", "channel in {internal}")))
    assert narrowed.findings == ()


def test_a_weaker_acceptance_and_a_lower_margin(tmp_path):
    old = OLD.replace("  authority \"Responsible Scaling Officer\"\n}", "  authority \"Responsible Scaling Officer\"\n  margin 0.2\n}")
    new = old.replace("  require forall r: RiskModel, a: Actor. uplift(r, a) < 0.2",
                      "  require forall r: RiskModel, a: Actor. uplift(r, a) < 0.3").replace("margin 0.2", "margin 0.1")
    report = compare(tmp_path, new, old)
    assert sorted(codes(report)) == ["C304", "C305"]
    [margin] = [f for f in report.findings if f.code == "C305"]
    assert margin.message == "the threshold margin fell from 0.2 to 0.1"


def test_a_name_the_new_version_dropped_cannot_be_compared(tmp_path):
    new = OLD.replace("max_users", "user_cap")
    report = compare(tmp_path, new)
    assert "C306" in codes(report)
    [unknown] = [f for f in report.findings if f.code == "C306"][:1]
    assert "`max_users` of the old version is not declared" in unknown.message
    assert unknown.span.path == str(tmp_path / "old.case")


def test_an_enum_that_lost_a_member_narrows_what_ranges_over_it(tmp_path):
    """Dropping `expert` from Actor narrowed `forall a: Actor` in the claim and the criterion without a character
    of them changing, and diff --case read `holds` (the old formulas are read in the new names)."""
    report = compare(tmp_path, edited(("enum Actor     { novice, practitioner, expert }",
                                       "enum Actor     { novice, practitioner }")))
    [shrunk] = report.findings
    assert shrunk.code == "C307" and report.verdict == "needs review" and api.exit_code([report]) == 1
    assert shrunk.message == "enum `Actor` changed so that the case asks less: it lost member `expert`"
    assert (shrunk.span.path, shrunk.span.line) == (str(tmp_path / "new.case"), 27)
    assert shrunk.related[0].span.path == str(tmp_path / "old.case")


def test_a_narrower_measure_range_is_reviewed_as_it_can_hide_a_relaxed_threshold(tmp_path):
    """A range [0, 0.1] with the threshold relaxed from 0.15 to 0.9: the old claim holds in every world the new
    range allows, so only the range itself shows the change."""
    report = compare(tmp_path, edited(("measure solve_rate(RiskModel): real in [0, 1]",
                                       "measure solve_rate(RiskModel): real in [0, 0.1]"),
                                      ("solve_rate(vuln_discovery) < 0.15", "solve_rate(vuln_discovery) < 0.9")))
    assert "C301" not in codes(report)
    [narrowed] = [f for f in report.findings if f.code == "C307"]
    assert narrowed.message == "measure `solve_rate` changed so that the case asks less: its range [0, 1] became [0, 0.1]"
    assert narrowed.span.line == 40 and report.verdict == "needs review"
    widened = compare(tmp_path, edited(("measure elicitation_shortfall(RiskModel): real in [0, 1]",
                                        "measure elicitation_shortfall(RiskModel): real")))
    assert "C307" not in codes(widened)


def test_an_affordance_dropped_or_an_assumption_that_assumes_more_is_reviewed(tmp_path):
    """Unmarking `affordance` switches off E306 for it; a stronger given assumption lets the argument rest on more.
    Neither changes a claim, the boundary or the criterion, and diff --case read `holds`."""
    report = compare(tmp_path, edited(("tools: set<Tool>   affordance", "tools: set<Tool>"),
                                      ("uplift(r, a) <= solve_rate(r) + elicitation_shortfall(r)",
                                       "uplift(r, a) <= solve_rate(r)")))
    found = {f.field("name"): f for f in report.findings if f.code == "C307"}
    assert sorted(found) == ["A1", "tools"] and report.verdict == "needs review"
    assert found["tools"].message.startswith("context variable `tools` changed so that the case asks less: it is "
                                             "no longer an affordance")
    assert found["A1"].message == "assumption `A1` changed so that the case asks less: it assumes more than before"
    new_case, _ = api.load_case(tmp_path / "new.case")
    assert evaluate(new_case.assumptions["A1"].formula, found["A1"].world, new_case) is False
    added = compare(tmp_path, edited(("given A1, A2", "given A1, A2, A9"),
                                     ('assume A2 "The API', 'assume A9 "Spare": forall r: RiskModel. solve_rate(r) < 0.1\n'
                                                            'assume A2 "The API')))
    assert [f.message for f in added.findings if f.code == "C307"] == [
        "assumption `A9` changed so that the case asks less: it is new, and a strategy is given it"]
    weaker = compare(tmp_path, edited(("uplift(r, a) <= solve_rate(r) + elicitation_shortfall(r)",
                                       "uplift(r, a) <= solve_rate(r) + elicitation_shortfall(r) + 0.01")))
    assert "C307" not in codes(weaker)


def test_claims_that_fewer_changes_reopen_are_reviewed_and_renamed_triggers_are_not(tmp_path):
    """A trigger reopening G1..G5 narrowed to G1 left tool growth unreviewed for G2..G5; diff --case read `holds`."""
    report = compare(tmp_path, edited(("reopens G1, G2, G3, G4, G5", "reopens G1")))
    [fewer] = report.findings
    assert fewer.code == "C307" and fewer.span.line == 175 and report.verdict == "needs review"
    assert fewer.message == ("claims `G2`, `G3`, `G4`, `G5` changed so that the case asks less: a change that fired "
                             "`T2` before reopens them no more")
    assert fewer.world.old["tools"] < fewer.world.context["tools"]  # the tool set grew
    renamed = compare(tmp_path, edited(('trigger T2 "The tool set grows": not (tools <= old(tools))',
                                        'trigger T7 "More tools": not (old(tools) >= tools)')))
    assert renamed.findings == ()
    dropped = compare(tmp_path, edited(('trigger T5 "User cap more than doubled": max_users > 2 * old(max_users) '
                                        'reopens G0\n', '')))
    assert [f.message for f in dropped.findings] == [
        "claim `G0` changed so that the case asks less: a change that fired `T5` before reopens it no more"]


def test_an_enum_only_a_context_variable_has_narrows_the_boundary_and_is_not_weaker(tmp_path):
    report = compare(tmp_path, edited(("enum Channel   { internal, trusted_api, public_api, open_weights }",
                                       "enum Channel   { internal, trusted_api, public_api }")))
    assert report.findings == () and report.verdict == "holds"


def test_an_unreadable_version_is_reported(tmp_path):
    report = compare(tmp_path, "case broken\n")
    assert report.verdict == "unreadable" and api.exit_code([report]) == 2


def test_versions_from_git_history(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.commit("the case", {"safety/cyber.case": OLD})
    repo.commit("relax a threshold", {"safety/cyber.case": edited(
        ("solve_rate(ransomware) < 0.15", "solve_rate(ransomware) < 0.25"))})
    done = repo.warrant("diff", "--case", "HEAD~1:safety/cyber.case", "safety/cyber.case")
    assert done.returncode == 1
    assert "C301 [warning] claim `G3` is weaker than in the old version" in done.stdout
    assert "    threshold 0.15 became 0.25" in done.stdout
    assert "    note: HEAD~1:safety/cyber.case:" in done.stdout
    same = repo.warrant("diff", "--case", "HEAD:safety/cyber.case", "safety/cyber.case", "--format", "json")
    assert same.returncode == 0 and json.loads(same.stdout)["files"][0]["findings"] == []


@pytest.mark.parametrize("args", [("--case", "a.case"), ("--case", "a", "b", "c"), ("a", "b")])
def test_wrong_argument_counts_are_usage_errors(args, tmp_path):
    repo = Repo(tmp_path / "repo")
    done = repo.warrant("diff", *args)
    assert done.returncode == 2 and "usage:" in done.stderr
