"""Waivers with accountability, baselines keyed by rule, file and node, and the project's settings file."""
from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from checker.api import check_text
from checker.findings import waivers
from checker.interop.settings import Settings, find_settings, read_settings

try:
    from test_sarif import _validate, make_validator
except ImportError:  # pragma: no cover
    from tests.test_sarif import _validate, make_validator



@pytest.fixture(scope="module")
def validator():
    """The OASIS SARIF schema's validator (None without the shared corpus; see test_sarif.py)."""
    return make_validator()

REPO = Path(__file__).resolve().parent.parent
ERROR = Path(__file__).resolve().parent / "cli_fixtures" / "entailment_fails.case"  # L201 on line 27, strategy S1
AS_OF = datetime.date(2026, 11, 1)
SCHEMA = json.loads((REPO / "docs" / "output.schema.json").read_text(encoding="utf-8"))
WAIVER = '  # warrant: ignore[L201] reason="experts are judged in phase 2" owner=alice until=2027-01-01'


def waived_case() -> str:
    lines = ERROR.read_text().split("\n")
    lines[26] += WAIVER  # line 27: `strategy S1 ...`
    return "\n".join(lines)


def warrant(*args, cwd=REPO):
    environment = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run([sys.executable, "-m", "checker", *map(str, args)], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


# ---- reading waivers ---------------------------------------------------------------------------


def test_comments_are_found_outside_strings_only():
    text = 'claim G1 "a # b \\" # c": x  # real one\n# whole line\nevidence E1 "no comment"'
    assert list(waivers.comments(text)) == [(1, 29, "# real one"), (2, 1, "# whole line")]


def test_a_waiver_reads_every_field():
    found, problems = waivers.read_waivers(
        'x  # warrant: ignore[L201, g104] reason="a \\"quoted\\" reason" owner="Safety Team" until=2027-01-01\n', "a.case")
    assert problems == []
    [waiver] = found
    assert waiver.codes == ("L201", "G104") and waiver.reason == 'a "quoted" reason'
    assert waiver.owner == "Safety Team" and waiver.until == datetime.date(2027, 1, 1)
    assert (waiver.span.line, waiver.span.column) == (1, 4)


@pytest.mark.parametrize("comment, problem", [
    ("# warrant: ignore[Z999] reason=x owner=a until=2027-01-01", "`Z999` is no rule code"),
    ("# warrant: ignore[] reason=x", "names no rule code"),
    ("# warrant: ignore[L201] reason=x owner=a until=2027-02-30", "is not a date"),
    ("# warrant: ignore[L201] reason=x reason=y", "`reason` is given twice"),
    ("# warrant: ignore[L201] because=x", "`because` is not a field"),
    ("# warrant: ignore[L201] reason=x and more", "expected a field"),
    ("# warrant: skip[L201]", "expected `ignore[CODE]`"),
])
def test_a_malformed_waiver_says_why(comment, problem):
    found, problems = waivers.read_waivers(comment, "a.case")
    assert found == [] and [f.code for f in problems] == ["A005"] and problem in problems[0].message


# ---- what waivers do ---------------------------------------------------------------------------


def test_a_logic_error_is_waived_only_where_the_settings_name_its_code():
    refused = check_text(waived_case(), "a.case", as_of=AS_OF)
    assert sorted(f.code for f in refused.findings) == ["A004", "L201"] and refused.verdict == "fails"
    allowed = check_text(waived_case(), "a.case", as_of=AS_OF, settings=Settings(waivable=("L201",)))
    assert allowed.findings == () and allowed.verdict == "holds"
    assert allowed.verdict_text == "holds with 1 waived error"
    [waived] = allowed.waived
    assert waived.finding.code == "L201" and waived.waiver.owner == "alice"


def test_a_waiver_on_a_nodes_first_line_covers_findings_inside_the_node():
    text = ERROR.read_text().replace(
        'trigger TZ_max_users "`max_users` changes": changed(max_users) reopens all',
        'trigger TZ_max_users "`max_users` changes": changed(max_users) reopens all\n'
        'trigger T9 "Backwards"  # warrant: ignore[C103] reason="kept for the audit" owner=bob until=2027-01-01\n'
        '  : max_users <= 5000 and old(max_users) > 5000 reopens all\n')
    report = check_text(text, "a.case", as_of=AS_OF, settings=Settings(waivable=("L201",)))
    [waived] = report.waived
    assert waived.finding.code == "C103" and waived.finding.span.line == 53 and waived.waiver.line == 52


def test_a_waiver_without_an_owner_fails_the_run(tmp_path):
    case = tmp_path / "a.case"
    case.write_text(waived_case().replace(" owner=alice", ""))
    (tmp_path / "warrant.toml").write_text('waivable = ["L201"]\n')
    done = warrant("check", "--as-of", "2026-11-01", case, cwd=tmp_path)
    assert done.returncode == 1
    assert "A001 [error] the waiver of L201 gives no owner" in done.stdout
    assert "L201 [error] strategy `S1` does not establish `G0`" in done.stdout


def test_every_format_lists_the_active_waivers(tmp_path, validator):
    case = tmp_path / "a.case"
    case.write_text(waived_case())
    (tmp_path / "warrant.toml").write_text('waivable = ["L201"]\n')
    text = warrant("check", "--as-of", "2026-11-01", case, cwd=tmp_path)
    assert text.returncode == 0
    assert f"{case}:27:1: waived L201 [error] strategy `S1` does not establish `G0`" in text.stdout
    assert f"    waiver: {case}:27:" in text.stdout and "owner alice, until 2027-01-01" in text.stdout
    assert text.stdout.splitlines()[-1].startswith(f"{case}: holds with 1 waived error: 0 errors")
    document = json.loads(warrant("check", "--format", "json", "--as-of", "2026-11-01", case, cwd=tmp_path).stdout)
    jsonschema.validate(document, SCHEMA)
    [file] = document["files"]
    assert file["verdict"] == "holds with waived errors" and file["waived_errors"] == 1
    assert file["waived"][0]["code"] == "L201" and file["waived"][0]["waiver"]["owner"] == "alice"
    log = json.loads(warrant("check", "--format", "sarif", "--as-of", "2026-11-01", case, cwd=tmp_path).stdout)
    _validate(validator, log)
    [result] = log["runs"][0]["results"]
    assert result["suppressions"][0]["kind"] == "inSource"
    assert result["suppressions"][0]["justification"] == "experts are judged in phase 2"
    github = warrant("check", "--format", "github", "--as-of", "2026-11-01", case, cwd=tmp_path).stdout
    assert "::notice " in github and "title=waived L201 entailment-fails" in github
    assert "waived by alice until 2027-01-01" in github
    summary = tmp_path / "summary.md"
    warrant("export", "--public", case, "-o", summary, "--as-of", "2026-11-01", cwd=tmp_path)
    assert "## Waived findings" in summary.read_text() and "waived by alice until 2027-01-01" in summary.read_text()


def test_a_case_without_waivers_prints_as_before():
    plain = warrant("check", "--as-of", "2026-11-01", ERROR)
    assert "waived" not in plain.stdout
    assert plain.stdout.splitlines()[-1].startswith(f"{ERROR}: fails: 1 error")


# ---- baselines ---------------------------------------------------------------------------------------


def test_a_baseline_reports_only_new_findings(tmp_path):
    case = tmp_path / "a.case"
    case.write_text(ERROR.read_text())
    baseline = tmp_path / "baseline.json"
    first = warrant("check", "--as-of", "2026-11-01", case, "--baseline", baseline, "--write-baseline",
                    cwd=tmp_path)
    assert first.returncode == 0 and "1 finding known from the baseline, not shown" in first.stdout
    recorded = json.loads(baseline.read_text())
    assert recorded["findings"] == [{"rule": "L201", "file": "a.case", "node": "claim=G0; strategy=S1", "count": 1}]
    # An unrelated edit above moves the finding two lines down: still known.
    case.write_text("# one\n# two\n" + ERROR.read_text())
    moved = warrant("check", "--as-of", "2026-11-01", case, "--baseline", baseline, cwd=tmp_path)
    assert moved.returncode == 0, moved.stdout
    # A new finding is reported, and fails the run.
    case.write_text(ERROR.read_text() + '\nassume A9 "Spare": true\n')
    new = warrant("check", "--as-of", "2026-11-01", case, "--baseline", baseline, cwd=tmp_path)
    assert new.returncode == 0 and "G104 [warning] assumption `A9` is used by no strategy" in new.stdout
    strict = warrant("check", "--as-of", "2026-11-01", case, "--baseline", baseline, "--fail-on", "warning",
                     cwd=tmp_path)
    assert strict.returncode == 1


def test_an_unreadable_baseline_stops_the_run(tmp_path):
    bad = tmp_path / "baseline.json"
    bad.write_text('{"format_version": 7, "findings": []}')
    done = warrant("check", "--as-of", "2026-11-01", ERROR, "--baseline", bad)
    assert done.returncode == 2 and "A104 [error] cannot read the baseline" in done.stdout
    missing = warrant("check", "--as-of", "2026-11-01", ERROR, "--baseline", tmp_path / "none.json")
    assert missing.returncode == 2 and "A104" in missing.stdout


# ---- the settings file ----------------------------------------------------------------------------


def test_settings_come_from_the_nearest_pyproject_with_a_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.warrant]\nfail-on = "warning"\n')
    (tmp_path / "safety").mkdir()
    assert find_settings(str(tmp_path / "safety")) == tmp_path / "pyproject.toml"
    (tmp_path / "safety" / "pyproject.toml").write_text('[project]\nname = "inner"\n')  # no table: skipped
    assert find_settings(str(tmp_path / "safety")) == tmp_path / "pyproject.toml"
    (tmp_path / "safety" / "warrant.toml").write_text('fail-on = "error"\n')
    assert find_settings(str(tmp_path / "safety")) == tmp_path / "safety" / "warrant.toml"


def test_every_key_is_read():
    text = ('[tool.warrant]\npaths = ["safety"]\nselect = ["L", "e3"]\nignore = ["G201"]\nfail-on = "warning"\n'
            'min-margin = 0.05\nwarn-expiry = 30\nwaivable = ["L201"]\n')
    settings = _read(text)
    assert settings == Settings(path=settings.path, paths=("safety",), select=("L", "E3"), ignore=("G201",),
                                fail_on="warning", min_margin=settings.min_margin, warn_expiry=30,
                                waivable=("L201",))
    assert settings.min_margin == __import__("fractions").Fraction(1, 20)


def _read(text: str, name: str = "pyproject.toml"):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text)
        settings, findings = read_settings(path)
        assert findings == [], [f.message for f in findings]
        return settings


@pytest.mark.parametrize("text, code, where, words", [
    ('[tool.warrant]\nselect = ["L"]\n\n  fial-on = "warning"\n', "A101", (4, 3), "`fial-on` is not a setting"),
    ('[tool.warrant]\nfail-on = "sometimes"\n', "A102", (2, 1), 'must be "error" or "warning"'),
    ('[tool.warrant]\nselect = ["Q"]\n', "A102", (2, 1), "`Q` matches no rule"),
    ('[tool.warrant]\nwaivable = ["L2"]\n', "A102", (2, 1), "`L2` is no rule"),
    ('[tool.warrant]\nwarn-expiry = -3\n', "A102", (2, 1), "a whole number of days"),
    ('[tool.warrant]\nmin-margin = 1.5\n', "A102", (2, 1), "strictly between 0 and 1"),
    ('[tool.warrant]\nfail-on = \n', "A103", (2, 11), "cannot read the settings"),
    ('[tool.other]\nfail-on = 1\n[tool.warrant]\n"ignre" = ["G"]\n', "A101", (4, 1), "`ignre`"),
])
def test_a_bad_setting_is_located(tmp_path, text, code, where, words):
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    settings, [f] = read_settings(path)
    assert settings == Settings()
    assert f.code == code and (f.span.line, f.span.column) == where and words in f.message, f.message


def test_the_command_uses_the_settings_and_flags_override_them(tmp_path):
    safety = tmp_path / "safety"
    safety.mkdir()
    (safety / "a.case").write_text(ERROR.read_text() + '\nassume A9 "Spare": true\n')
    (tmp_path / "pyproject.toml").write_text('[tool.warrant]\npaths = ["safety"]\nfail-on = "warning"\n'
                                             'ignore = ["L201"]\n')
    done = warrant("check", "--as-of", "2026-11-01", cwd=tmp_path)  # no FILE: the settings' paths
    assert done.returncode == 1 and "G104 [warning]" in done.stdout and "L201" not in done.stdout
    relaxed = warrant("check", "--as-of", "2026-11-01", "--fail-on", "error", cwd=tmp_path)
    assert relaxed.returncode == 0
    below = warrant("check", "--as-of", "2026-11-01", cwd=safety)  # paths are read from the settings' folder
    assert below.returncode == 1 and below.stdout.startswith("a.case:")
    shown = warrant("check", "--as-of", "2026-11-01", "--ignore", "G104", cwd=tmp_path)
    assert shown.returncode == 1 and "L201 [error]" in shown.stdout and "G104" not in shown.stdout
    (tmp_path / "pyproject.toml").write_text('[tool.warrant]\npaths = ["safety"]\nfailon = "warning"\n')
    broken = warrant("check", "--as-of", "2026-11-01", cwd=tmp_path)
    assert broken.returncode == 2
    assert f"{tmp_path / 'pyproject.toml'}:3:1: A101 [error] `failon` is not a setting" in broken.stdout
    assert "help: did you mean `fail-on`?" in broken.stdout


def test_min_margin_and_warn_expiry_reach_the_checks():
    text = ERROR.read_text().replace('evidence E1 "CTF" { expires 2027-11-01 shows', 'evidence E1 "CTF" { expires 2026-11-20 shows')
    plain = check_text(text, "a.case", as_of=AS_OF)
    assert {f.code for f in plain.findings} == {"L201"}
    strict = check_text(text, "a.case", as_of=AS_OF,
                        settings=Settings(min_margin=__import__("fractions").Fraction(1, 2), warn_expiry=30))
    codes = sorted(f.code for f in strict.findings)
    assert codes == ["E309", "L201", "L213", "L213", "L226"]
    [soon] = [f for f in strict.findings if f.code == "E309"]
    assert soon.message == "evidence `E1` expires on 2026-11-20, within 30 days of 2026-11-01"
    assert all(f.field("margin") == "0.5" for f in strict.findings if f.code == "L213")


def test_warn_expiry_covers_the_decision():
    """E319: a decision still valid at --as-of that lapses within warn-expiry days; quiet without the setting."""
    case = (Path(__file__).resolve().parent / "cases" / "ok" / "dates_decision_renewed.case").read_text()
    text = case.replace("on 2026-10-01 expires 2027-04-01", "on 2026-10-01 expires 2026-11-15")
    assert check_text(text, "a.case", as_of=AS_OF).findings == ()
    soon = check_text(text, "a.case", as_of=AS_OF, settings=Settings(warn_expiry=30))
    [finding] = soon.findings
    assert finding.code == "E319"
    assert finding.message == "decision `deploy` expires on 2026-11-15, within 30 days of 2026-11-01"
