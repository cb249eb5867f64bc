"""`warrant diff` as a CI gate: exit 1 when a review is required, the review set as data, `REV:path` inputs."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from checker import api
from checker.findings.review import ReviewSet

try:
    from scratch_git import Repo
except ImportError:  # pragma: no cover
    from tests.scratch_git import Repo

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "scope_fixtures"
CASE = FIXTURES / "cyber.case"
DIFF = FIXTURES / "diff"
SCHEMA = json.loads((REPO / "docs" / "output.schema.json").read_text(encoding="utf-8"))
CLAIMS = ("G0", "G1", "G2", "G3", "G4", "G5")
EVIDENCE = ("E1", "E2", "E3", "E4", "E5", "E6")


def test_a_fired_trigger_requires_review_with_its_review_set():
    report = api.diff_configs(CASE, DIFF / "base.yaml", DIFF / "new_tool.yaml")
    assert report.verdict == "needs review" and api.exit_code([report]) == 1
    assert report.review == ReviewSet(("T2",), ("G1", "G2", "G3", "G4", "G5"), ("G0",), EVIDENCE, False)
    assert report.review.claims == ("G1", "G2", "G3", "G4", "G5", "G0")
    [fired] = report.findings
    assert fired.review == report.review


def test_a_trigger_on_the_top_claim_reviews_only_its_direct_evidence(tmp_path):
    # T4 reopens G0 alone; G0 cites no evidence, so the review set names none.
    new = tmp_path / "internal.yaml"
    new.write_text((DIFF / "base.yaml").read_text().replace("trusted_api", "internal"))
    report = api.diff_configs(CASE, DIFF / "base.yaml", new)
    assert report.review == ReviewSet(("T4",), ("G0",), (), (), False)


def test_leaving_the_boundary_reviews_every_claim():
    report = api.diff_configs(CASE, DIFF / "base.yaml", DIFF / "more_users.yaml")
    assert report.review == ReviewSet((), CLAIMS, (), EVIDENCE, True)
    assert report.review.required and api.exit_code([report]) == 1


def test_a_quiet_change_needs_no_review():
    report = api.diff_configs(CASE, DIFF / "base.yaml", DIFF / "quiet.yaml")
    assert report.review == ReviewSet() and not report.review.required
    assert report.verdict == "holds" and api.exit_code([report]) == 0


# ---- the command, against git history -------------------------------------------------------------


@pytest.fixture
def repo(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.commit("a case and its deployment", {"safety/cyber_inability.case": CASE.read_text(),
                                              "deploy/values.yaml": (DIFF / "base.yaml").read_text()})
    repo.commit("add a tool", {"deploy/values.yaml": (DIFF / "new_tool.yaml").read_text()})
    return repo


def test_diff_against_the_previous_commit_fails_with_the_review_set(repo):
    done = repo.warrant("diff", "safety/cyber_inability.case", "HEAD~1:deploy/values.yaml", "deploy/values.yaml",
                        "--format", "json")
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)
    jsonschema.validate(document, SCHEMA)
    [file] = document["files"]
    assert file["verdict"] == "needs review"
    assert file["review"] == {"triggers": ["T2"], "reopened": ["G1", "G2", "G3", "G4", "G5"], "above": ["G0"],
                              "claims": ["G1", "G2", "G3", "G4", "G5", "G0"], "evidence": list(EVIDENCE),
                              "outside": False}
    [fired] = file["findings"]
    assert fired["code"] == "C209" and fired["review"] == file["review"]


def test_both_sides_may_come_from_git(repo):
    same = repo.warrant("diff", "HEAD:safety/cyber_inability.case", "HEAD:deploy/values.yaml", "HEAD:deploy/values.yaml")
    assert same.returncode == 0, same.stdout
    assert same.stdout.splitlines()[-1] == "HEAD:deploy/values.yaml: holds: 0 errors, 0 warnings, 0 info"
    text = repo.warrant("diff", "safety/cyber_inability.case", "HEAD~1:deploy/values.yaml", "HEAD:deploy/values.yaml")
    assert text.returncode == 1
    assert "C209 [info] trigger `T2` fired" in text.stdout
    assert "HEAD:deploy/values.yaml: review required: claims G1, G2, G3, G4, G5 and, resting on them, G0" in text.stdout


def test_a_path_relative_to_the_current_directory_reads_as_git_reads_it(repo):
    done = repo.warrant("diff", "safety/cyber_inability.case", "HEAD~1:./deploy/values.yaml", "deploy/values.yaml")
    assert done.returncode == 1 and "trigger `T2` fired" in done.stdout


def test_a_revision_git_cannot_show_is_a_located_unreadable_configuration(repo):
    done = repo.warrant("diff", "safety/cyber_inability.case", "HEAD~5:deploy/values.yaml", "deploy/values.yaml")
    assert done.returncode == 2
    assert "HEAD~5:deploy/values.yaml:1:1: C203 [error] cannot read configuration `HEAD~5:deploy/values.yaml`: " \
           "git cannot show it:" in done.stdout
    missing = repo.warrant("diff", "safety/cyber_inability.case", "HEAD:deploy/nothing.yaml", "deploy/values.yaml")
    assert missing.returncode == 2 and "C203" in missing.stdout


def test_a_file_whose_name_has_a_colon_is_read_from_disk(repo):
    (repo.root / "v:1.yaml").write_text((DIFF / "base.yaml").read_text())
    done = repo.warrant("diff", "safety/cyber_inability.case", "v:1.yaml", "deploy/values.yaml")
    assert done.returncode == 1 and "trigger `T2` fired" in done.stdout
