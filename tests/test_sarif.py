"""The SARIF reporter: the shared findings compared with a snapshot, checked against the OASIS SARIF 2.1.0 schema.

To accept a deliberate change of output: WARRANT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_sarif.py
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest

from checker import __version__
from checker.api import Report, exit_code
from checker.findings.finding import Related, finding
from checker.reporters import sarif
from checker.findings.rules import RULES, Severity
from checker.syntax.source import SourceFile, Span

try:  # pytest puts tests/ on sys.path (rootdir-relative import mode)
    from test_reporters import shared_reports
except ImportError:  # pragma: no cover - run with --import-mode=importlib from the repository root
    from tests.test_reporters import shared_reports

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "sarif.json"
# The repository is /work/main and the shared material /work/shared: locate it relative to the clone.
SHARED_DIR = Path(__file__).resolve().parents[2] / "shared"
SARIF_SCHEMA = SHARED_DIR / "corpus" / "sarif" / "sarif-schema-2.1.0.json"

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

# The values in a counterexample are whichever world Z3 finds first (see test_reporters.py). In SARIF a
# world line stands both as an element of `properties.details` and as a line inside `message.text`, so
# the mask is applied to every line of every string in the log rather than to the JSON text.
_WORLD_LINE = re.compile(r"^(  \S[^=\n]*) = .*$", re.M)


# The driver's rule table and the results' `ruleIndex` change whenever a rule is added or its text edited;
# the snapshot leaves them out, and test_driver_lists_every_rule_in_registry_order and
# test_every_finding_is_a_result check them against RULES instead.
RULES_MASK = "<every rule in RULES, in registry order>"
RULE_INDEX_MASK = "<index of ruleId in the driver's rules>"


def masked_log(rendered: str) -> str:
    def mask(value, key=None):
        if key == "ruleIndex":
            return RULE_INDEX_MASK
        if isinstance(value, str):
            return _WORLD_LINE.sub(r"\1 = <value>", value)
        if isinstance(value, list):
            return [mask(item) for item in value]
        if isinstance(value, dict):
            return {k: mask(item, k) for k, item in value.items()}
        return value
    log = mask(json.loads(rendered))
    for run in log["runs"]:
        run["tool"]["driver"]["rules"] = RULES_MASK
    return json.dumps(log, indent=2, sort_keys=True) + "\n"


def render(reports) -> str:
    return sarif.render(reports, exit_code(reports))


@pytest.fixture(scope="module")
def reports():
    return shared_reports()


@pytest.fixture(scope="module")
def log(reports):
    return json.loads(render(reports))


def _require_schema():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (the shared corpus sits beside the "
                    f"repository, in {SHARED_DIR}); schema validation needs it")
    return json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    return make_validator()


def make_validator():
    """A validator for the OASIS schema, or None when the shared corpus is absent (only the schema tests skip then)."""
    if not SARIF_SCHEMA.is_file():
        return None
    schema = _require_schema()
    cls = jsonschema.validators.validator_for(schema)  # draft 4, as the schema's $schema says
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _validate(validator, document):
    if validator is None:
        return
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


# ---- snapshot and schema -------------------------------------------------------------


def test_sarif_matches_snapshot(reports):
    rendered = masked_log(render(reports))
    if os.environ.get("WARRANT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert rendered == SNAPSHOT.read_text(encoding="utf-8")


def test_sarif_output_is_byte_identical_across_runs(reports):
    first = render(reports)
    assert first == render(shared_reports())
    assert first.endswith("}\n")
    assert first == json.dumps(json.loads(first), indent=2, sort_keys=True) + "\n"


def test_sarif_follows_the_oasis_schema(log, validator):
    _require_schema()
    _validate(validator, log)


def test_sarif_log_header(log):
    assert log["version"] == "2.1.0"
    assert log["$schema"] == sarif.SARIF_SCHEMA
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "warrant"
    assert driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    assert log["runs"][0]["automationDetails"] == {"id": "warrant/check/"}


def test_schema_uri_is_the_schemas_own_id():
    schema = _require_schema()
    assert sarif.SARIF_SCHEMA == schema["id"]


# ---- rules ---------------------------------------------------------------------------


def test_driver_lists_every_rule_in_registry_order(log):
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    for descriptor, rule in zip(rules, RULES.values()):
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] == rule.doc
        assert descriptor["help"]["text"] == (rule.help or rule.summary)
        assert descriptor["help"]["markdown"].startswith(f"**{rule.code} `{rule.name}`**: {rule.summary}")
        assert descriptor["helpUri"].endswith(f"/rules.md#{rule.code.lower()}-{rule.name}")
        assert descriptor["defaultConfiguration"]["level"] == LEVEL[rule.severity]
        assert descriptor["properties"]["severity"] == rule.severity.value
        assert descriptor["properties"]["name"] == rule.name
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", descriptor["name"]), descriptor["name"]


def test_pascal_case():
    assert sarif.pascal_case("syntax-error") == "SyntaxError"
    assert sarif.pascal_case("conflict-search-incomplete") == "ConflictSearchIncomplete"


# ---- results ---------------------------------------------------------------------------


def _region(span) -> dict:
    return {"startLine": span.line, "startColumn": span.column,
            "endLine": span.end_line, "endColumn": span.end_column}


def test_every_finding_is_a_result(reports, log):
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    findings = [(report, f) for report in reports for f in report.findings]
    assert {f.code for _, f in findings} >= {"L201", "L203", "S001", "L207"}
    assert len(run["results"]) == len(findings)
    for (report, f), result in zip(findings, run["results"]):
        assert result["ruleId"] == f.code
        assert rules[result["ruleIndex"]]["id"] == f.code
        assert re.fullmatch(r"[0-9a-f]{32}(:[0-9]+)?", result["partialFingerprints"]["warrant/v1"])
        assert result["level"] == LEVEL[f.severity]
        text = result["message"]["text"].split("\n")
        linked = any(r.span is not None for r in f.related)
        plain = sarif._escape_brackets if linked else str
        assert text[0] == plain(f.message)
        assert text[1:1 + len(f.details)] == [plain(line) for line in f.details]
        assert result["properties"]["details"] == list(f.details)
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == (f.span.path if f.span else report.path)
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        if f.span is not None:
            assert physical["region"] == _region(f.span)
        notes = [f"note: [{r.note}]({n})" if r.span else f"note: {r.note}" for n, r in enumerate(f.related, 1)]
        assert text[1 + len(f.details):1 + len(f.details) + len(notes)] == notes
        related = result.get("relatedLocations", [])
        assert [r["message"]["text"] for r in related] == [r.note for r in f.related]
        assert [r["id"] for r in related] == list(range(1, len(f.related) + 1))
        for location, item in zip(related, f.related):
            if item.span is not None:
                assert location["physicalLocation"]["region"] == _region(item.span)


def test_artifacts_list_each_checked_file_once(reports, log):
    run = log["runs"][0]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert uris == list(dict.fromkeys(report.path for report in reports))
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert run["artifacts"][location["index"]]["location"]["uri"] == location["uri"]


def test_invocation_records_the_exit_code(reports, log):
    invocation, = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["exitCode"] == exit_code(reports) == 2
    notified = [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for n in invocation["toolExecutionNotifications"]]
    assert notified == [r.path for r in reports if r.verdict in ("unreadable", "unknown")]


# ---- paths and findings without a span ------------------------------------------------------


def _report(path, *findings) -> Report:
    return Report(source=SourceFile(path, ""), findings=tuple(findings))


def test_finding_without_span_is_located_at_its_file(validator):
    report = _report("cases/a.case", finding("G108", None, case="a"))
    log = json.loads(sarif.render([report], 1))
    _validate(validator, log)
    result, = log["runs"][0]["results"]
    assert result["locations"] == [{"physicalLocation": {"artifactLocation": {
        "index": 0, "uri": "cases/a.case", "uriBaseId": "%SRCROOT%"}}}]
    invocation, = log["runs"][0]["invocations"]
    assert invocation == {"executionSuccessful": True, "exitCode": 1}


def test_paths_become_uri_references(validator):
    absolute = "/tmp/my cases/b.case"
    related = Related(Span("other dir/c.case", 2, 1, 2, 5), "required here")
    reports = [
        _report(absolute, finding("G108", Span(absolute, 1, 1, 1, 2), case="b")),
        _report("my cases/d#1.case", finding("G102", Span("my cases/d#1.case", 3, 7, 3, 9), name="x",
                                              related=[related])),
    ]
    log = json.loads(sarif.render(reports, 1))
    _validate(validator, log)
    first, second = log["runs"][0]["results"]
    location = first["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"index": 0, "uri": "file:///tmp/my%20cases/b.case"}
    location = second["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"index": 1, "uri": "my%20cases/d%231.case", "uriBaseId": "%SRCROOT%"}
    other = second["relatedLocations"][0]["physicalLocation"]["artifactLocation"]
    assert other == {"uri": "other%20dir/c.case", "uriBaseId": "%SRCROOT%"}  # not a checked file: no index


def test_windows_absolute_paths_become_file_uris():
    assert sarif.artifact_location("C:\\cases\\a.case") == {"uri": "file:///C:/cases/a.case"}
    assert sarif.artifact_location("C:/cases/a.case") == {"uri": "file:///C:/cases/a.case"}


def test_specific_help_is_kept(validator):
    span = Span("a.case", 1, 1, 1, 4)
    report = _report("a.case", finding("N101", span, kind="claim", name="G9", help="did you mean `G0`?"))
    log = json.loads(sarif.render([report], 2))
    _validate(validator, log)
    result, = log["runs"][0]["results"]
    assert result["message"]["text"] == "unknown claim `G9`\nhelp: did you mean `G0`?"
    assert result["properties"]["help"] == "did you mean `G0`?"
