"""Output formats CI speaks: SARIF for every command, GitHub annotations, colour, --quiet, totals, and the command's manners.

SARIF logs are validated against the OASIS schema when the shared corpus has it (see test_sarif.py).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

try:
    from scratch_git import Repo
    from test_sarif import _validate, make_validator
except ImportError:  # pragma: no cover
    from tests.scratch_git import Repo
    from tests.test_sarif import _validate, make_validator



@pytest.fixture(scope="module")
def validator():
    """The OASIS SARIF schema's validator (None without the shared corpus; see test_sarif.py)."""
    return make_validator()

REPO = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
ERROR = TESTS / "cli_fixtures" / "entailment_fails.case"  # L201 only
WARNINGS_ONLY = TESTS / "cli_fixtures" / "unused_nodes.case"  # G103, G104, G105
INFO_ONLY = TESTS / "cli_fixtures" / "informal_steps.case"  # L208 only
SCOPE = TESTS / "scope_fixtures"
CASE = SCOPE / "cyber.case"


def warrant(*args, cwd=REPO, env=None, stdin: str | None = None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    environment.update(env or {})
    done = subprocess.run([sys.executable, "-m", "checker", *map(str, args)], cwd=cwd, env=environment,
                          capture_output=True, text=True, input=stdin, timeout=300)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


# ---- GitHub annotations ----------------------------------------------------------------------


def test_github_annotations_come_most_severe_first():
    done = warrant("check", "--format", "github", "--as-of", "2026-11-01", INFO_ONLY, WARNINGS_ONLY, ERROR)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    commands = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert commands == ["::error"] + ["::warning"] * 3 + ["::notice"] * 3
    first = lines[0]
    assert first.startswith(f"::error file={relative(ERROR)},line=27,endLine=")
    assert ",title=L201 entailment-fails::strategy `S1` does not establish `G0`%0A" in first
    assert "%0Ahelp: add the missing premise or assumption" in first
    assert lines[-3:] == [f"{INFO_ONLY}: holds", f"{WARNINGS_ONLY}: holds", f"{ERROR}: fails"]


def test_github_escapes_what_would_end_a_command():
    from checker.reporters import github

    assert github.escape_data("50% of a\nb\r") == "50%25 of a%0Ab%0D"
    assert github.escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_names_paths_from_the_repository_root(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.commit("a case", {"safety/error.case": ERROR.read_text()})
    done = warrant("check", "--format", "github", "--as-of", "2026-11-01", "error.case", cwd=repo.root / "safety")
    assert done.stdout.startswith("::error file=safety/error.case,line=27,")


def test_a_diff_names_its_review_in_a_notice():
    done = warrant("diff", CASE, SCOPE / "diff" / "base.yaml", SCOPE / "diff" / "new_tool.yaml", "--format", "github")
    assert done.returncode == 1
    notice = [line for line in done.stdout.splitlines() if "title=review required" in line]
    assert notice == [f"::notice file={relative(SCOPE / 'diff' / 'new_tool.yaml')},title=review required::"
                      "claims to review: G1, G2, G3, G4, G5, G0%0Aevidence they rest on: E1, E2, E3, E4, E5, E6"
                      "%0Atriggers fired: T2"]


# ---- SARIF for every command ------------------------------------------------------------------------


@pytest.mark.parametrize("args, command, code", [
    (("scope", CASE, "--config", SCOPE / "configs" / "outside_channel.yaml"), "scope", 1),
    (("scope", CASE, "--target", SCOPE / "targets" / "wide.case"), "scope", 1),
    (("diff", CASE, SCOPE / "diff" / "base.yaml", SCOPE / "diff" / "new_tool.yaml"), "diff", 1),
    (("diff", CASE, SCOPE / "diff" / "base.yaml", SCOPE / "diff" / "quiet.yaml"), "diff", 0),
])
def test_scope_and_diff_write_schema_valid_sarif(args, command, code, validator):
    done = warrant(*args, "--format", "sarif")
    assert done.returncode == code
    log = json.loads(done.stdout)
    _validate(validator, log)
    run = log["runs"][0]
    assert run["automationDetails"] == {"id": f"warrant/{command}/"}
    assert run["invocations"][0]["exitCode"] == code


def test_a_diff_in_sarif_carries_the_review_set():
    done = warrant("diff", CASE, SCOPE / "diff" / "base.yaml", SCOPE / "diff" / "new_tool.yaml", "--format", "sarif")
    run = json.loads(done.stdout)["runs"][0]
    [result] = run["results"]
    assert result["ruleId"] == "C209"
    assert result["properties"]["review"]["claims"] == ["G1", "G2", "G3", "G4", "G5", "G0"]
    [artifact] = run["artifacts"]
    assert artifact["properties"]["verdict"] == "needs review"
    assert artifact["properties"]["review"] == result["properties"]["review"]


def _fingerprints(log) -> dict:
    return {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]):
            r["partialFingerprints"]["warrant/v1"] for r in log["runs"][0]["results"]}


def test_fingerprints_survive_an_unrelated_edit_above_the_finding(tmp_path, validator):
    case = tmp_path / "a.case"
    case.write_text(ERROR.read_text())
    before = json.loads(warrant("check", "--format", "sarif", "--as-of", "2026-11-01", case).stdout)
    case.write_text("# a comment\n# and another, above everything\n" + ERROR.read_text())
    after = json.loads(warrant("check", "--format", "sarif", "--as-of", "2026-11-01", case).stdout)
    _validate(validator, after)
    assert list(_fingerprints(before)) == [("L201", 27)] and list(_fingerprints(after)) == [("L201", 29)]
    assert list(_fingerprints(before).values()) == list(_fingerprints(after).values())


def test_repeated_keys_get_distinct_fingerprints(tmp_path):
    from checker.api import check_text, exit_code
    from checker.reporters import sarif

    text = (REPO / "examples" / "defects" / "syntax_error.case").read_text()
    reports = [check_text(text, "x.case"), check_text(text, "x.case")]
    prints = [r["partialFingerprints"]["warrant/v1"]
              for r in json.loads(sarif.render(reports, exit_code(reports)))["runs"][0]["results"]]
    assert len(prints) == len(set(prints)) and prints[1] == prints[0] + ":1"


def test_sarif_paths_are_relative_to_the_repository_root(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.commit("a case", {"safety/error.case": ERROR.read_text()})
    log = json.loads(warrant("check", "--format", "sarif", "--as-of", "2026-11-01", "error.case",
                             cwd=repo.root / "safety").stdout)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"index": 0, "uri": "safety/error.case", "uriBaseId": "%SRCROOT%"}


def test_related_locations_are_linked_from_the_message():
    log = json.loads(warrant("check", "--format", "sarif", "--as-of", "2026-11-01", ERROR).stdout)
    [result] = log["runs"][0]["results"]
    assert result["message"]["text"].splitlines()[-1] == "note: [conclusion `G0`](1)"
    assert result["relatedLocations"][0]["id"] == 1
    assert result["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == 23


# ---- text: colour, quiet, totals --------------------------------------------------------------


def test_colour_on_request_and_never_against_no_color():
    plain = warrant("check", "--as-of", "2026-11-01", ERROR)
    assert "\x1b[" not in plain.stdout  # a pipe is no terminal
    forced = warrant("check", "--as-of", "2026-11-01", ERROR, env={"FORCE_COLOR": "1"})
    assert "\x1b[1;31mL201 [error]\x1b[0m" in forced.stdout
    assert re.sub(r"\x1b\[[0-9;]*m", "", forced.stdout) == plain.stdout
    refused = warrant("check", "--as-of", "2026-11-01", ERROR, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert refused.stdout == plain.stdout
    json_forced = warrant("check", "--format", "json", "--as-of", "2026-11-01", ERROR, env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in json_forced.stdout


def test_colour_on_a_terminal():
    import pty

    main, child = pty.openpty()
    environment = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    environment["TERM"] = "xterm"
    process = subprocess.Popen([sys.executable, "-m", "checker", "check", "--as-of", "2026-11-01", str(ERROR)],
                               cwd=REPO, stdout=child, stderr=subprocess.DEVNULL, env=environment)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(main)
    assert b"\x1b[1;31mL201 [error]\x1b[0m" in b"".join(chunks)


def test_quiet_prints_the_findings_only():
    loud = warrant("check", "--as-of", "2026-11-01", ERROR, WARNINGS_ONLY)
    quiet = warrant("check", "--as-of", "2026-11-01", ERROR, WARNINGS_ONLY, "--quiet")
    assert quiet.returncode == loud.returncode == 1
    assert ": fails:" not in quiet.stdout and "2 files:" not in quiet.stdout
    assert quiet.stdout.splitlines() == [line for line in loud.stdout.splitlines()
                                         if not re.match(r"^(\S+: (holds|fails): |2 files: )", line)]


def test_several_files_end_with_a_totals_line():
    done = warrant("check", "--as-of", "2026-11-01", ERROR, WARNINGS_ONLY, INFO_ONLY)
    assert done.stdout.splitlines()[-1] == "3 files: 2 hold, 1 fails; 1 error, 3 warnings, 3 info"
    single = warrant("check", "--as-of", "2026-11-01", ERROR)
    assert not re.search(r"^\d+ files:", single.stdout, re.M)


# ---- the command's manners --------------------------------------------------------------------


def test_version():
    from checker import __version__

    done = warrant("--version")
    assert done.returncode == 0 and done.stdout == f"warrant {__version__}\n"


def test_python_dash_m_checker_is_the_command():
    done = warrant("explain", "L201")
    assert done.returncode == 0 and done.stdout.startswith("L201 entailment-fails")


def test_a_dash_reads_the_case_from_standard_input():
    done = warrant("check", "--as-of", "2026-11-01", "-", stdin=ERROR.read_text())
    assert done.returncode == 1
    assert done.stdout.startswith("<stdin>:27:1: L201 [error]")
    assert "   27 | strategy S1" in done.stdout
    config = warrant("scope", CASE, "--config", "-", stdin=(SCOPE / "configs" / "outside_channel.yaml").read_text())
    assert config.returncode == 1 and config.stdout.startswith("<stdin>:2:")
    as_json = warrant("scope", CASE, "--config", "-", stdin=(SCOPE / "configs" / "inside.json").read_text())
    assert as_json.returncode == 0, as_json.stdout


# tests/cli_fixtures holds undecided_cubes.case, whose hard question runs to the solver's limit: one second
# of it is enough here (the default ten only made the test slower).
@pytest.mark.parametrize("args", [("rules",), ("check", "--format", "json", "--timeout", "1", "tests/cli_fixtures")])
def test_a_closed_pipe_ends_quietly(args):
    command = " ".join([sys.executable, "-m", "checker", *args]) + " | true; echo ${PIPESTATUS[0]}"
    done = subprocess.run(["bash", "-c", command], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.stderr == "" and done.stdout.strip() in ("141", "0", "1", "2")
