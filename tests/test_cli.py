"""End to end: `python -m checker.cli` in a subprocess, its exit codes, output formats and errors.

Every run also checks that nothing reached stderr as a Python traceback.
"""
from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checker.findings.rules import RULES

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
AS_OF = "2026-11-01"

CLEAN = CASES / "ok" / "strategy_tree.case"
CLEAN_TOO = CASES / "ok" / "single_claim.case"
# Cases with exactly one kind of finding, kept apart from the golden cases.
FIXTURES = Path(__file__).resolve().parent / "cli_fixtures"
ERROR = FIXTURES / "entailment_fails.case"  # L201 only
WARNINGS_ONLY = FIXTURES / "unused_nodes.case"  # G103, G104, G105
INFO_ONLY = FIXTURES / "informal_steps.case"  # L208 only
SYNTAX_ERROR = CASES / "syntax" / "unexpected_token.case"
UNKNOWN_NAME = CASES / "names" / "undefined_name.case"
TYPE_ERROR = CASES / "names" / "type_mismatch.case"
CUT_SHORT = CASES / "syntax" / "truncated_formula.case"
NOT_UTF8 = CASES / "syntax" / "invalid_utf8.case"

CASE_HEADER = 'case c "A test case"\n  version "1.0"\n  author "Test Team"\n\n'


def warrant(*args, timeout: float = 120):
    """Run the command line; fail the test on a Python traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "checker.cli", *map(str, args)],
        cwd=REPO, capture_output=True, timeout=timeout,
    )
    stderr = result.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in stderr, stderr
    assert "Traceback" not in result.stdout.decode("utf-8", errors="replace")
    return result


def check(*args, **kwargs):
    return warrant("check", *args, "--as-of", AS_OF, **kwargs)


def check_json(*args, **kwargs):
    """Run with --format json; an internal error (X002) never counts as a proper answer."""
    result = check(*args, "--format", "json", **kwargs)
    document = json.loads(result.stdout)
    internal = [f["message"] for file in document["files"] for f in file["findings"] if f["code"] == "X002"]
    assert not internal, internal
    return result, document


def codes_of(document, index: int = 0) -> list[str]:
    return [f["code"] for f in document["files"][index]["findings"]]


# ---- exit codes ---------------------------------------------------------------------------


def test_clean_cases_exit_0():
    result = check(CLEAN, CLEAN_TOO)
    assert result.returncode == 0, result.stdout
    *lines, totals = result.stdout.decode().splitlines()
    assert totals == "2 files: 2 hold; 0 errors, 0 warnings, 0 info"
    assert [line.split(": ")[:2] for line in lines] == [[str(CLEAN), "holds"], [str(CLEAN_TOO), "holds"]]
    assert all(": holds: 0 errors, 0 warnings, 0 info;" in line for line in lines)
    assert lines[0].endswith("3/3 claims formal, 3/3 steps proved (100%); residual risk accepted: DZ")


def test_error_case_exits_1():
    result, document = check_json(ERROR)
    assert result.returncode == 1
    assert document["exit_code"] == 1
    assert codes_of(document) == ["L201"]
    assert document["files"][0]["verdict"] == "fails"


@pytest.mark.parametrize("path, code", [
    (SYNTAX_ERROR, "S001"),
    (UNKNOWN_NAME, "N101"),
    (TYPE_ERROR, "N201"),
    (CUT_SHORT, "S001"),
    (NOT_UTF8, "S003"),
], ids=["syntax-error", "unknown-name", "type-error", "cut-short", "not-utf8"])
def test_unreadable_case_exits_2(path: Path, code: str):
    result, document = check_json(path)
    assert result.returncode == 2
    assert document["exit_code"] == 2
    assert document["files"][0]["verdict"] == "unreadable"
    assert code in codes_of(document)


def test_missing_file_exits_2(tmp_path):
    missing = tmp_path / "no_such.case"
    result, document = check_json(missing)
    assert result.returncode == 2
    [finding] = document["files"][0]["findings"]
    assert finding["code"] == "S003"
    assert "no_such.case" in finding["message"]


def test_invalid_utf8_exits_2(tmp_path):
    path = tmp_path / "latin1.case"
    path.write_bytes((CASE_HEADER + 'measure rate: real in [0, 1]\nclaim G0 "Caf\u00e9": rate < 1\n').encode("latin-1"))
    result, document = check_json(path)
    assert result.returncode == 2
    [finding] = document["files"][0]["findings"]
    assert finding["code"] == "S003"
    assert finding["span"]["line"] == 6
    assert "0xe9" in finding["message"]


def test_random_bytes_exit_2(tmp_path):
    path = tmp_path / "noise.case"
    path.write_bytes(random.Random(20261101).randbytes(4096))
    result, document = check_json(path)
    assert result.returncode == 2
    assert codes_of(document) in (["S003"], ["S001"])


def test_random_text_exits_2(tmp_path):
    rng = random.Random(7)
    path = tmp_path / "noise.case"
    path.write_text("".join(rng.choice('(){}[]<>=!+-*.,:; abcxyz019"#\n') for _ in range(4096)), encoding="utf-8")
    result, document = check_json(path)
    assert result.returncode == 2
    assert codes_of(document) == ["S001"]


def test_twenty_thousand_nested_parentheses_exit_2(tmp_path):
    path = tmp_path / "deep.case"
    formula = "(" * 20_000 + "rate < 1" + ")" * 20_000
    path.write_text(CASE_HEADER + f'measure rate: real in [0, 1]\nclaim G0 "Deep": {formula}\n', encoding="utf-8")
    result, document = check_json(path)
    assert result.returncode == 2
    [finding] = document["files"][0]["findings"]
    assert finding["code"] == "S002"
    assert finding["span"]["line"] == 6


@pytest.mark.parametrize("marker", ["shows solve(vuln) in [0.05,", "strategy S1", "forall t: Threat, a", "{\n  channel"])
def test_file_cut_in_the_middle_of_a_construct_exits_2(tmp_path, marker: str):
    text = CLEAN.read_text("utf-8")
    cut = text.index(marker) + len(marker)
    path = tmp_path / "cut.case"
    path.write_text(text[:cut], encoding="utf-8")
    result, document = check_json(path)
    assert result.returncode == 2
    assert codes_of(document) == ["S001"]
    [finding] = document["files"][0]["findings"]
    assert "end of file" in finding["message"]
    assert finding["span"]["line"] == text[:cut].count("\n") + 1


def test_file_cut_inside_a_string_exits_2(tmp_path):
    text = CLEAN.read_text("utf-8")
    cut = text.index('evidence E1 "CTF') + len('evidence E1 "CTF')
    path = tmp_path / "cut.case"
    path.write_text(text[:cut], encoding="utf-8")
    result, document = check_json(path)
    assert result.returncode == 2
    assert codes_of(document) == ["S001"]


NONLINEAR = CASE_HEADER + """\
measure x: real in [0, 10]
measure y: real in [0, 10]
measure z: real in [0, 10]

boundary {
  true
}

claim G0 "A product of measures": x * y * z == 2 and x * x + y * y * z > 3 * x * y * z - 1
  evidence E1

evidence E1 "Eval" { shows x * y * z * x == 2 * z + y * y * x - 1 }
"""


def test_solver_unknown_exits_3(tmp_path):
    path = tmp_path / "nonlinear.case"
    path.write_text(NONLINEAR, encoding="utf-8")
    result, document = check_json(path, "--timeout", "0.001")
    assert result.returncode == 3, result.stdout
    assert document["exit_code"] == 3
    file = document["files"][0]
    assert file["verdict"] == "unknown"
    assert "X001" in codes_of(document)
    assert file["summary"]["proved_steps"] == 0


def test_worst_outcome_wins_across_files(tmp_path):
    result, document = check_json(CLEAN, ERROR, SYNTAX_ERROR)
    assert result.returncode == 2
    assert [f["verdict"] for f in document["files"]] == ["holds", "fails", "unreadable"]
    assert check(CLEAN, ERROR).returncode == 1


# ---- --fail-on ------------------------------------------------------------------------------


def test_fail_on_warning_fails_a_warning_only_case():
    plain = check(WARNINGS_ONLY)
    assert plain.returncode == 0
    assert re.search(r": holds: 0 errors, 3 warnings, 0 info", plain.stdout.decode())
    strict = check(WARNINGS_ONLY, "--fail-on", "warning")
    assert strict.returncode == 1
    assert strict.stdout == plain.stdout


def test_fail_on_warning_ignores_information():
    result = check(INFO_ONLY, CLEAN, "--fail-on", "warning")
    assert result.returncode == 0
    assert "L208 [info]" in result.stdout.decode()


# ---- output formats -----------------------------------------------------------------------


def test_json_output_shape():
    result, document = check_json(CLEAN, ERROR, CASES / "logic" / "vacuous_strategy.case")
    assert document["format_version"] == 1
    assert document["exit_code"] == result.returncode == 1
    assert len(document["files"]) == 3
    for file, path in zip(document["files"], (CLEAN, ERROR, CASES / "logic" / "vacuous_strategy.case")):
        assert file["path"] == str(path)
        assert file["verdict"] in ("holds", "fails", "unreadable", "unknown")
        assert set(file["summary"]) >= {"claims", "formal_claims", "steps", "formal_steps", "proved_steps"}
        assert all(isinstance(v, int) for v in file["summary"].values())
    assert document["files"][0]["findings"] == []
    every = [f for file in document["files"] for f in file["findings"]]
    assert {"L201", "L202"} <= {f["code"] for f in every}
    # The logical findings are the ones that must carry a counterexample or a core.
    findings = [f for f in every if f["code"] in ("L201", "L202")]
    for f in findings:
        assert set(f) >= {"code", "severity", "message", "span", "details", "related", "help"}
        assert f["code"] in RULES
        assert f["severity"] == RULES[f["code"]].severity.value
        assert isinstance(f["message"], str) and f["message"]
        assert set(f["span"]) >= {"path", "line", "column", "end_line", "end_column"}
        assert isinstance(f["details"], list) and f["details"], "logical findings carry their counterexample or core"
        assert all(isinstance(line, str) for line in f["details"])
        assert isinstance(f["related"], list) and f["related"]
        for related in f["related"]:
            assert set(related) >= {"span", "note"}
        assert f["help"] is None or isinstance(f["help"], str)
    entailment = next(f for f in findings if f["code"] == "L201")
    assert entailment["span"]["line"] == 27
    assert any("uplift(" in line and "expert" in line for line in entailment["details"])


def test_text_output_lines():
    result = check(ERROR, WARNINGS_ONLY)
    text = result.stdout.decode("utf-8")
    locations = re.findall(r"^(\S+):(\d+):(\d+): ([A-Z]\d{3}) \[(error|warning|info)\] ", text, re.MULTILINE)
    assert [(Path(p), int(line), code) for p, line, _, code, _ in locations] == [
        (ERROR, 27, "L201"),
        (WARNINGS_ONLY, 12, "G104"),
        (WARNINGS_ONLY, 19, "G103"),
        (WARNINGS_ONLY, 21, "G105"),
    ]
    summaries = re.findall(r"^(\S+): (holds|fails|unreadable|unknown): (\d+) errors?, (\d+) warnings?, (\d+) info", text,
                           re.MULTILINE)
    assert summaries == [(str(ERROR), "fails", "1", "0", "0"), (str(WARNINGS_ONLY), "holds", "0", "3", "0")]
    assert "help: add the missing premise or assumption" in text
    assert "   27 | strategy S1" in text


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_is_byte_identical_across_runs(fmt: str):
    files = [ERROR, CASES / "logic" / "conflicting_assumptions.case", CASES / "logic" / "premise_narrower.case",
             CASES / "evidence" / "insufficient.case", WARNINGS_ONLY, SYNTAX_ERROR]
    first = check(*files, "--format", fmt)
    second = check(*files, "--format", fmt)
    assert first.returncode == second.returncode == 2
    assert first.stdout == second.stdout
    assert first.stderr == second.stderr == b""


# ---- explain and argument errors ---------------------------------------------------------------


def test_explain_prints_the_rule_documentation():
    result = warrant("explain", "L201")
    assert result.returncode == 0
    out = result.stdout.decode()
    rule = RULES["L201"]
    assert out.startswith("L201 entailment-fails")
    assert rule.summary in out and rule.doc in out


def test_explain_unknown_code_exits_2():
    result = warrant("explain", "Z999")
    assert result.returncode == 2
    assert result.stdout == b""
    assert "Z999" in result.stderr.decode()


@pytest.mark.parametrize("value", ["2026-13-45", "yesterday", "01/11/2026"])
def test_bad_as_of_is_an_argument_error(value: str):
    result = warrant("check", CLEAN, "--as-of", value)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "usage:" in stderr and "--as-of" in stderr and value in stderr
    assert result.stdout == b""


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan"])
def test_bad_timeout_is_an_argument_error(value: str):
    result = warrant("check", CLEAN, "--timeout", value)
    assert result.returncode == 2
    assert "usage:" in result.stderr.decode()


def test_no_command_is_an_argument_error():
    result = warrant()
    assert result.returncode == 2
    assert "usage:" in result.stderr.decode()


def test_a_directory_stands_for_its_case_files(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("b.case", "sub/a.case"):
        (tmp_path / name).write_text(CLEAN_CASE_FOR_DIRECTORY, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a case", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "checker.cli", "check", str(tmp_path)],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    summaries = [line for line in result.stdout.splitlines() if ": holds:" in line]
    assert [Path(line.split(":")[0]).name for line in summaries] == ["b.case", "a.case"]


def test_a_directory_without_cases_exits_2(tmp_path):
    result = subprocess.run([sys.executable, "-m", "checker.cli", "check", str(tmp_path)],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 2
    assert "no .case files" in result.stderr
    assert "Traceback" not in result.stderr


CLEAN_CASE_FOR_DIRECTORY = """case small "A small clean case" version "1" author "a"
context { internet: bool }
measure leak_rate: real in [0, 1]
boundary { not internet }
claim G0 "Leaks are rare": leak_rate < 0.2
  evidence E1
evidence E1 "Leak audit" { model "m-1" shows leak_rate in [0, 0.1] }
defeater D1 "The audit missed a route" against G0 status accepted "routes are enumerated by the firewall" owner "Review Board"
party users "People who use it" role user
party public "People outside it" role third_party
accept { require leak_rate < 0.2 for users, public authority "Review Board" }
trigger T1 "Internet access changes": changed(internet) reopens all
"""


# ---- import-gsn ------------------------------------------------------------------------------

GSN_FIXTURES = Path(__file__).resolve().parent / "gsn_fixtures"


def test_import_gsn_writes_a_case_that_checks(tmp_path):
    out = tmp_path / "support.case"
    result = warrant("import-gsn", GSN_FIXTURES / "support.gsn.yaml", "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == (GSN_FIXTURES / "support.case").read_text(encoding="utf-8")
    checked = check(out)
    assert checked.returncode in (0, 1)
    assert b": unreadable:" not in checked.stdout


def test_import_gsn_to_stdout_equals_the_file_output():
    result = warrant("import-gsn", GSN_FIXTURES / "support.gsn.yaml")
    assert result.returncode == 0
    assert result.stdout.decode("utf-8") == (GSN_FIXTURES / "support.case").read_text(encoding="utf-8")


def test_import_gsn_bad_yaml_is_located_and_exits_2(tmp_path):
    out = tmp_path / "bad.case"
    result = warrant("import-gsn", GSN_FIXTURES / "errors" / "bad_yaml.gsn.yaml", "-o", out)
    assert result.returncode == 2
    stderr = result.stderr.decode("utf-8")
    assert re.search(r"bad_yaml\.gsn\.yaml:4:4: I001 \[error\] cannot read the YAML: ", stderr)
    assert "    4 | Sn1:\n      |    ^\n" in stderr  # the YAML line, quoted and underlined as `check` does
    assert result.stdout == b""
    assert not out.exists()  # no case is written for a file that cannot be imported


def test_import_gsn_dangling_reference_is_located_and_exits_2():
    result = warrant("import-gsn", GSN_FIXTURES / "errors" / "dangling.gsn.yaml")
    assert result.returncode == 2
    stderr = result.stderr.decode("utf-8")
    assert re.search(r"dangling\.gsn\.yaml:7:21: I002 \[error\] supportedBy of node S1 names G3, ", stderr)
    assert "    7 |   supportedBy: [G2, G3]\n      |                     ^^\n" in stderr
    assert result.stdout == b""


def test_import_gsn_warnings_are_located_and_exit_0():
    path = GSN_FIXTURES / "module.gsn.yaml"  # one module read alone: what it uses and links to is not there
    result = warrant("import-gsn", "--partial", path)
    assert result.returncode == 0
    assert result.stdout.decode("utf-8") == (GSN_FIXTURES / "module.case").read_text(encoding="utf-8")
    stderr = result.stderr.decode("utf-8")
    headers = [line for line in stderr.splitlines() if re.match(r"\S+:\d+:\d+: I\d{3} \[", line)]
    expected = (GSN_FIXTURES / "module.warnings").read_text(encoding="utf-8").splitlines()
    assert len(headers) == len(expected)
    for header, line in zip(headers, expected):
        position, code, message = line.split(" ", 2)
        assert header == f"{path}:{position}: {code} [warning] {message}"
    assert "   31 |   layer1: Run by the internal red team\n      |   ^^^^^^\n" in stderr
    strict = warrant("import-gsn", path)  # without --partial the module's `uses` is followed, and is missing
    assert strict.returncode == 2 and b"I007 [error] module Control uses monitoring.gsn.yaml" in strict.stderr


def test_import_gsn_missing_file_exits_2(tmp_path):
    absent = tmp_path / "absent.gsn.yaml"
    result = warrant("import-gsn", absent)
    assert result.returncode == 2
    assert f"{absent}:1:1: S003 [error] cannot read {absent}: ".encode() in result.stderr


def test_import_gsn_non_utf8_file_is_located_and_exits_2(tmp_path):
    path = tmp_path / "latin1.gsn.yaml"
    path.write_bytes(b"G1:\n  text: caf\xe9\n")
    result = warrant("import-gsn", path)
    assert result.returncode == 2
    assert f"{path}:2:12: S003 [error] cannot read {path}: byte 0xe9 at offset 15 is not UTF-8".encode() \
        in result.stderr


# ---- export --public --------------------------------------------------------------------------


def test_export_public_writes_the_summary_and_exits_with_the_case_verdict(tmp_path):
    out = tmp_path / "summary.md"
    result = warrant("export", "--public", REPO / "examples" / "cyber_inability.case", "-o", out, "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "Verdict: **holds**" in text and "## Argument" in text
    failing = warrant("export", "--public", CASES / "acceptance" / "redaction_without_reason.case", "--as-of", AS_OF)
    assert failing.returncode == 1
    assert b"NO REASON GIVEN" in failing.stdout


def test_export_needs_public(tmp_path):
    result = warrant("export", REPO / "examples" / "cyber_inability.case")
    assert result.returncode == 2
