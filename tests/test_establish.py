"""What the argument establishes (issue 7, items 1, 2 and 4): the criterion rests on it alone, judged steps are
never proofs, defeaters undermine what they challenge, and the outputs say so."""
from __future__ import annotations

import datetime
import json
from pathlib import Path

from checker.api import check_path
from checker.checks import establish
from checker.cli import main
from checker.logic.solver import Unknown
from checker.reporters.markdown import public_summary
from checker.semantics.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
AS_OF = datetime.date(2026, 11, 1)


def check(relative: str):
    return check_path(CASES / relative, as_of=AS_OF)


def only(report, code: str):
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, [(f.code, f.message) for f in report.findings]
    return found[0]


# ---- item 1: the criterion rests only on what is established ------------------------------------------


def test_an_unused_assumption_stating_the_criterion_does_not_meet_it():
    report = check("establish/unused_assumption.case")
    l216 = only(report, "L216")
    assert l216.members == ("A9",)
    assert "  assumption `A9` is given by no strategy" in l216.details
    assert report.verdict == "fails"


def test_the_criterion_world_replays_against_what_is_established():
    """The world of L216 satisfies the boundary and every established fact, and falsifies the criterion."""
    report = check("establish/unused_assumption.case")
    case, world = report.case, only(report, "L216").world
    criterion = case.accept.requires[0]
    assert evaluate(criterion, world, case) is False
    for name in ("E1", "E2"):
        assert all(evaluate(f, world, case) is True for f in case.evidence[name].shows)
    assert evaluate(case.assumptions["A9"].formula, world, case) is False  # the assumption is what it would need


def test_a_judged_top_claim_is_no_proof_for_the_criterion():
    l216 = only(check("establish/judged_criterion.case"), "L216")
    assert any('judgement of "Dr Rana Iqbal, external review panel"' in line for line in l216.details)


# ---- item 2: paper safety, judgement and the proved share ----------------------------------------------


def test_paper_safety_names_the_informal_step():
    l215 = only(check("logic/informal_premise.case"), "L215")
    assert l215.details == ("`G0` is not established: strategy `S1`: it is an informal step "
                            "(informal assumption `A1`)",)  # A1 is given, not a premise claim


def test_a_judged_step_is_legitimate_and_counted_apart():
    report = check("establish/judged_step.case")
    assert report.verdict == "holds"
    s = report.summary
    assert (s.steps, s.formal_steps, s.proved_steps, s.judged_steps, s.proved_share) == (2, 1, 1, 1, 50)


def test_the_verdict_line_and_json_report_the_proved_share(capsys):
    path = str(CASES / "establish" / "judged_step.case")
    assert main(["check", path, "--as-of", "2026-11-01"]) == 0
    line = capsys.readouterr().out.strip().splitlines()[-1]
    assert line.endswith("2/2 claims formal, 1/2 steps proved (50%): 1 judged; residual risk accepted: D1")
    assert main(["check", path, "--as-of", "2026-11-01", "--format", "json"]) == 0
    file = json.loads(capsys.readouterr().out)["files"][0]
    assert file["summary"]["proved_share"] == 50 and file["summary"]["judged_steps"] == 1
    assert file["residual_risk"] == [{"defeater": "D1", "owner": "Responsible Scaling Officer",
                                      "reason": "the panel compared it with deployment logs"}]


# ---- item 4: defeaters that bite -------------------------------------------------------------------------


def test_a_standing_defeater_undermines_and_the_run_exits_1(capsys):
    path = str(CASES / "countercase" / "formal_rebuttal_fails.case")
    assert main(["check", path, "--as-of", "2026-11-01"]) == 1
    assert ": fails, undermined by D2: " in capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["check", path, "--as-of", "2026-11-01", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["files"][0]["undermined_by"] == ["D2"]


def test_a_rebuttal_that_rules_nothing_out_shows_its_world():
    report = check("countercase/formal_rebuttal_fails.case")
    case, world = report.case, only(report, "L217").world
    assert evaluate(case.defeaters["D2"].asserts, world, case) is True
    assert all(evaluate(f, world, case) is True for f in case.evidence["E3"].shows)


def test_the_argument_rebuts_a_formal_defeater_it_does_not_doubt():
    report = check("countercase/formal_defeater.case")
    assert report.verdict == "holds"
    assert {f.field("defeater") for f in report.findings if f.code == "L218"} == {"D3", "D5"}
    assert [name for name, _, _ in report.summary.residual] == ["D1"]  # D5 is ruled out, so no residual risk


def test_doubted_evidence_answers_no_defeater():
    report = check("countercase/formal_self_doubt.case")
    assert report.summary.undermined_by == ("D3", "D4")
    assert not [f for f in report.findings if f.code == "L218"]


def test_an_undecided_defeater_is_unknown_never_a_pass(monkeypatch):
    monkeypatch.setattr(establish, "_judge", lambda cx, established, defeater: Unknown("timeout"))
    report = check("ok/formal_rebuttal_holds.case")
    assert {f.code for f in report.findings} == {"X001"}
    assert report.verdict == "unknown"
    assert report.summary.undermined_by == ()


def test_residual_risk_appears_in_the_public_summary_and_the_decision():
    report = check_path(ROOT / "examples" / "cyber_inability_by_hand.case", as_of=AS_OF)
    summary = public_summary(report, report.case)
    assert "## Residual risk" in summary
    assert "- `D2`: Under-elicitation: better scaffolds would unlock more capability; carried by " \
           "Responsible Scaling Officer: " in summary
    decision = summary[summary.index("## Decision"):]
    assert "The decision accepts the residual risk of `D2` (owner: Responsible Scaling Officer)" in decision
