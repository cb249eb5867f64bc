"""The CI loop, run for real: the GitHub Actions workflow of docs/ci.md step by step in a scratch git repository
with a real history, and the pre-commit hook through `pre-commit try-repo`."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

try:
    from scratch_git import GIT_ENV, Repo
except ImportError:  # pragma: no cover
    from tests.scratch_git import GIT_ENV, Repo

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "scope_fixtures"
# The case with evidence and decision valid long after today, so the run does not depend on the date.
CASE = re.sub(r"(expires) 20\d\d-\d\d-\d\d", r"\1 2099-01-01", (REPO / "examples" / "cyber_inability_by_hand.case").read_text())
VALUES = (FIXTURES / "real" / "values.yaml").read_text()
MAP = (FIXTURES / "real" / "values.map.yaml").read_text()
SETTINGS = '[project]\nname = "deployment"\n\n[tool.warrant]\npaths = ["safety/"]\n'
INSTALL_STEP = "Install Warrant"


def workflow() -> dict:
    """The first ```yaml block of docs/ci.md: the workflow as users copy it."""
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    return yaml.safe_load(block)


def steps() -> list:
    return workflow()["jobs"]["warrant"]["steps"]


def wanted(step: dict, event: str) -> bool:
    """The step's `if:`, for the conditions the workflow uses (any other fails the test)."""
    condition = step.get("if")
    conditions = {None: True, "always()": True, "github.event_name == 'pull_request'": event == "pull_request"}
    assert condition in conditions, f"the test does not know the condition {condition!r}"
    return conditions[condition]


@pytest.fixture
def bin_dir(tmp_path) -> Path:
    """A `warrant` on PATH that is the Warrant under test."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "warrant"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m checker "$@"\n')
    script.chmod(0o755)
    return folder


def run_steps(repo: Repo, bin_dir: Path, event: str) -> dict:
    """Every `run:` step the event runs, as GitHub runs it (bash -eo pipefail): name -> CompletedProcess."""
    results = {}
    output = repo.root.parent / "github_output"
    env = {**repo.env(), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "GITHUB_EVENT_NAME": event,
           "GITHUB_BASE_REF": "main" if event == "pull_request" else "", "GITHUB_OUTPUT": str(output),
           "CI": "true"}
    env.pop("NO_COLOR", None)
    env.pop("FORCE_COLOR", None)
    for step in steps():
        if "run" not in step or not wanted(step, event):
            continue
        if step.get("name") == INSTALL_STEP:
            continue  # it installs the published distribution; the Warrant under test stands in for it
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                              cwd=repo.root, env=env, capture_output=True, text=True, timeout=600)
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        results[step["name"]] = done
    return results


@pytest.fixture
def project(tmp_path) -> Repo:
    repo = Repo(tmp_path / "project")
    repo.commit("the case, the deployment and the settings",
                {"safety/cyber.case": CASE, "deploy/values.yaml": VALUES, "deploy/values.map.yaml": MAP,
                 "pyproject.toml": SETTINGS})
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD")  # what actions/checkout fetches
    repo.git("checkout", "-q", "-b", "feature")
    return repo


def test_the_workflow_names_the_published_distribution():
    install = next(step for step in steps() if step.get("name") == INSTALL_STEP)
    project = (REPO / "pyproject.toml").read_text()
    name = re.search(r'^name = "([^"]+)"', project, re.M).group(1)
    assert install["run"].split()[-1] == name
    assert re.search(r'^warrant = "checker.cli:command"', project, re.M), "the command stays `warrant`"
    uploads = [step for step in steps() if step.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    assert uploads and uploads[0]["if"] == "always()"


def test_a_push_checks_every_case_and_writes_sarif(project, bin_dir):
    results = run_steps(project, bin_dir, "push")
    assert list(results) == ["Check every case"]
    check = results["Check every case"]
    assert check.returncode == 0, check.stdout + check.stderr
    log = json.loads((project.root / "sarif" / "check.sarif").read_text())
    assert log["runs"][0]["automationDetails"]["id"] == "warrant/check/"
    assert log["runs"][0]["artifacts"][0]["location"]["uri"] == "safety/cyber.case"


def test_a_pull_request_that_adds_a_tool_and_relaxes_a_threshold_fails_with_the_review(project, bin_dir):
    values = VALUES.replace("    - name: python\n", "    - name: python\n      timeout: 5\n    - name: bash\n")
    # Both versions of the case check clean; the new one only asks less (threshold gaming over time).
    relaxed = CASE.replace("forall r: RiskModel, a: Actor. uplift(r, a) < 0.2\n",
                           "forall r: RiskModel, a: Actor. uplift(r, a) < 0.25\n")
    assert relaxed.count("< 0.25") == 2
    project.commit("give the agent a shell, relax the uplift threshold",
                   {"deploy/values.yaml": values, "safety/cyber.case": relaxed})
    results = run_steps(project, bin_dir, "pull_request")
    assert results["Check every case"].returncode == 0, results["Check every case"].stdout
    compare = results["Compare with the merge base"]
    assert compare.returncode == 1, compare.stdout + compare.stderr
    lines = compare.stdout.splitlines()
    assert any(line.startswith("::error file=deploy/values.yaml,line=11,") and "title=C201 " in line
               for line in lines)
    assert any(line.startswith("::notice file=safety/cyber.case,") and "title=C209 triggers-fired::trigger `T2`"
               in line for line in lines)
    assert any("title=review required::claims to review: G0, G1, G2, G3, G4, G5" in line for line in lines)
    assert any(line.startswith("::warning file=safety/cyber.case,") and "title=C301 claim-weakened" in line
               and "threshold 0.2 became 0.25" in line for line in lines)
    assert any("title=C304 acceptance-weakened" in line for line in lines)
    diff_log = json.loads((project.root / "sarif" / "diff.sarif").read_text())
    assert diff_log["runs"][0]["automationDetails"]["id"] == "warrant/diff/"
    assert {r["ruleId"] for r in diff_log["runs"][0]["results"]} == {"C201", "C209"}


def test_fingerprints_stay_when_an_unrelated_edit_moves_the_finding(project, bin_dir):
    values = VALUES.replace("    - name: python\n", "    - name: python\n    - name: bash\n")
    project.commit("a shell", {"deploy/values.yaml": values})
    first = run_steps(project, bin_dir, "pull_request")
    before = json.loads((project.root / "sarif" / "diff.sarif").read_text())
    project.commit("an unrelated edit above", {"safety/cyber.case": "# reviewed in December\n" + CASE,
                                               "deploy/values.yaml": "# owned by the platform team\n" + values})
    second = run_steps(project, bin_dir, "pull_request")
    after = json.loads((project.root / "sarif" / "diff.sarif").read_text())

    def prints(log):
        return sorted((r["ruleId"], r["partialFingerprints"]["warrant/v1"],
                       r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in log["runs"][0]["results"])

    assert [(rule, fp) for rule, fp, _ in prints(before)] == [(rule, fp) for rule, fp, _ in prints(after)]
    assert [line for *_, line in prints(before)] != [line for *_, line in prints(after)]
    assert first["Compare with the merge base"].returncode == second["Compare with the merge base"].returncode == 1


def test_a_pull_request_with_a_quiet_change_passes(project, bin_dir):
    project.commit("more replicas", {"deploy/values.yaml": VALUES.replace("replicaCount: 3", "replicaCount: 5")})
    results = run_steps(project, bin_dir, "pull_request")
    assert {name: done.returncode for name, done in results.items()} == {
        "Check every case": 0, "Compare with the merge base": 0}


# ---- pre-commit -------------------------------------------------------------------------------------


class TryRepo:
    """`pre-commit try-repo` of this repository, run in a scratch repository with its own pre-commit home.

    Each call installs the hooks' environment afresh (try-repo keeps its store in a temporary
    directory): a virtualenv and `pip install` of this repository, most of the call's time.
    """

    def __init__(self, tmp_path: Path):
        self.pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which("pre-commit")
        if self.pre_commit is None:
            pytest.skip("pre-commit is not installed: install the test extra (pip install '.[test]')")
        hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
        assert [hook["id"] for hook in hooks] == ["warrant-check", "warrant-fmt"]
        assert all(hook["files"] == r"\.case$" for hook in hooks)
        self.repo = Repo(tmp_path / "hooked")
        self.env = {**self.repo.env(), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
                    "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def __call__(self, *args) -> subprocess.CompletedProcess:
        """try-repo with these arguments: a hook id first runs that hook alone, else every hook runs."""
        return subprocess.run([self.pre_commit, "try-repo", str(REPO), *args], cwd=self.repo.root, env=self.env,
                              capture_output=True, text=True, timeout=900)


BROKEN = (Path(__file__).resolve().parent / "cli_fixtures" / "entailment_fails.case").read_text()
BROKEN_FINDING = "safety/bad.case:27:1: L201 [error] strategy `S1` does not establish `G0`"
LOOSE = 'case loose "x"  version "1"  author "a"\nclaim  G0 "c" : informal\n'


def test_the_pre_commit_hooks_run_through_try_repo(tmp_path):
    """Both hooks, installed by pre-commit from this repository, in one try-repo (one install).

    warrant-check fails on the broken case with its finding and passes the clean one (its verdict
    line says it holds); warrant-fmt names the file out of the canonical layout; neither is given the
    file that is not a case. The slow test below runs each outcome in its own try-repo.
    """
    try_repo = TryRepo(tmp_path)
    try_repo.repo.commit("a clean case, a broken one, a loose one, a file that is not a case",
                         {"safety/good.case": CASE, "safety/bad.case": BROKEN, "safety/loose.case": LOOSE,
                          "README.md": "not a case\n"})
    run = try_repo("--all-files")
    said = run.stdout + run.stderr
    assert run.returncode == 1, said
    assert re.search(r"warrant check\.+Failed", run.stdout) and re.search(r"warrant fmt\.+Failed", run.stdout), said
    assert BROKEN_FINDING in run.stdout
    assert "safety/good.case: holds: 0 errors, 0 warnings" in run.stdout
    assert "would reformat safety/loose.case" in run.stdout
    assert "README.md" not in said


@pytest.mark.slow
def test_each_pre_commit_hook_passes_and_fails_through_its_own_try_repo(tmp_path):
    """Each outcome through its own try-repo (three installs): warrant-check Passed on a clean case and Failed
    on a broken one, warrant-fmt Failed on a loose one."""
    try_repo = TryRepo(tmp_path)
    repo = try_repo.repo
    repo.commit("a clean case", {"safety/good.case": CASE, "README.md": "not a case\n"})
    clean = try_repo("warrant-check", "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(r"warrant check\.+Passed", clean.stdout), clean.stdout
    repo.write("safety/bad.case", BROKEN)
    repo.git("add", "safety/bad.case")
    failing = try_repo("warrant-check", "--files", "safety/bad.case")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert re.search(r"warrant check\.+Failed", failing.stdout)
    assert BROKEN_FINDING in failing.stdout
    # warrant-fmt: a file out of the canonical layout fails the hook and is named.
    repo.write("safety/loose.case", LOOSE)
    repo.git("add", "safety/loose.case")
    loose = try_repo("warrant-fmt", "--files", "safety/loose.case")
    assert loose.returncode == 1 and "would reformat safety/loose.case" in loose.stdout, loose.stdout + loose.stderr
    assert GIT_ENV["GIT_AUTHOR_NAME"] == "Warrant Tests"
