"""`warrant scope` and `warrant diff`: configurations and targets against a boundary, changes against triggers.

The fixtures live in tests/scope_fixtures/ (not tests/cases/: these rules are
not produced by `check`, so they carry no `# expect:` markers).
"""
from __future__ import annotations

import datetime
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from checker import api
from checker.checks import scope
from checker.interop import configs as deploy
from checker.semantics.evaluate import evaluate
from checker.semantics.graph import argument_graph, support_graph
from checker.logic.solver import Found, Prover
from checker.semantics.world import Member

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "scope_fixtures"
CASE = FIXTURES / "cyber.case"  # examples/cyber_inability.case, two builds allowed, T5 fires on doubling
CONFIGS = FIXTURES / "configs"
TARGETS = FIXTURES / "targets"
DIFF = FIXTURES / "diff"

CLAIMS = ["G0", "G1", "G2", "G3", "G4", "G5"]


def codes(report) -> list[str]:
    return [f.code for f in report.findings]


def only(report, code: str):
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, [(f.code, f.message) for f in report.findings]
    return found[0]


@pytest.fixture(scope="module")
def case():
    resolved, report = api.load_case(CASE)
    assert resolved is not None, [f.message for f in report.findings]
    return resolved


# ---- scope --config ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["inside.yaml", "inside.json"])
def test_a_configuration_inside_holds(name):
    report = api.scope_config(CASE, CONFIGS / name)
    assert report.findings == ()
    assert report.verdict == "holds" and api.exit_code([report]) == 0
    assert report.path == str(CONFIGS / name)


@pytest.mark.parametrize("name, line, broken", [
    ("outside_channel.yaml", 2, "`channel in {internal, trusted_api}` is false, with channel = public_api"),
    ("outside_users.json", 1, "`max_users <= 5000` is false, with max_users = 10000"),
    ("outside_shell.yaml", 4, "`shell not in tools` is false, with tools = {browser, shell}"),
])
def test_a_configuration_outside_names_the_broken_line(name, line, broken):
    report = api.scope_config(CASE, CONFIGS / name)
    f = only(report, "C201")
    assert codes(report) == ["C201"] and api.exit_code([report]) == 1
    assert f.message == f"configuration `{CONFIGS / name}` is outside the boundary of case `cyber_inability`"
    assert f.span.path == str(CONFIGS / name) and f.span.line == line
    [related] = f.related
    assert related.span.path == str(CASE) and related.note == broken


def test_every_broken_line_is_listed(tmp_path):
    config = tmp_path / "far.yaml"
    config.write_text("model: y\nchannel: open_weights\ntools: [shell]\ninternet: true\nmax_users: 9999\n")
    f = only(api.scope_config(CASE, config), "C201")
    assert [r.span.label() for r in f.related] == [f"{CASE}:{line}:3" for line in range(45, 50)]


def test_an_incomplete_configuration_cannot_be_shown_inside():
    report = api.scope_config(CASE, CONFIGS / "incomplete.yaml")
    assert codes(report) == ["C202", "C202"] and report.verdict == "fails"
    assert sorted(f.message.split("`")[3] for f in report.findings) == ["internet", "max_users"]
    assert all("which the boundary reads" in f.message for f in report.findings)


def test_an_unknown_key_suggests_the_declared_name():
    report = api.scope_config(CASE, CONFIGS / "unknown_key.yaml")
    f = only(report, "C204")
    assert report.verdict == "unreadable" and api.exit_code([report]) == 2
    assert (f.span.line, f.span.column) == (5, 1)
    assert f.help == "did you mean `max_users`?"


def test_bad_values_each_say_what_was_expected():
    report = api.scope_config(CASE, CONFIGS / "bad_values.yaml")
    assert codes(report) == ["C205"] * 5 and api.exit_code([report]) == 2
    by_line = {f.span.line: f for f in report.findings}
    assert by_line[1].help == 'quote it: "1.3"'
    assert "found `publik_api`" in by_line[2].message and by_line[2].help == "did you mean `public_api`?"
    assert "found `internal`, which belongs to `Channel`" in by_line[3].message
    assert by_line[4].message.endswith('must be true or false, found "no"')
    assert by_line[5].message.endswith("must be a whole number, found the number 2.5")


@pytest.mark.parametrize("name, where, reason", [
    ("unreadable.yaml", (3, 6), "not valid YAML"),
    ("unreadable.json", (2, 24), "not valid JSON"),
    ("list_at_top.yaml", (1, 1), "the top level must be a mapping"),
])
def test_an_unreadable_configuration_is_located(name, where, reason):
    report = api.scope_config(CASE, CONFIGS / name)
    f = only(report, "C203")
    assert (f.span.line, f.span.column) == where and reason in f.message
    assert api.exit_code([report]) == 2


@pytest.mark.parametrize("file_name, content, reason", [
    ("missing.yaml", None, "No such file"),
    ("latin1.yaml", b"model: caf\xe9\n", "is not UTF-8"),
    ("config.toml", b"model = 'x'\n", "must end in .json, .yaml or .yml"),
    ("twice.yaml", b"channel: internal\nchannel: trusted_api\n", "key `channel` is given twice"),
    ("twice.json", b'{"channel": "internal", "channel": "internal"}', "key `channel` is given twice"),
    ("two_documents.yaml", b"channel: internal\n---\nchannel: internal\n", "not valid YAML"),
    ("python_tag.yaml", b"channel: !!python/object:os.system x\n", "not valid YAML"),
    ("huge.json", b'{"max_users": ' + b"9" * 5000 + b"}", "not valid JSON"),
])
def test_unreadable_inputs_are_findings(tmp_path, file_name, content, reason):
    path = tmp_path / file_name
    if content is not None:
        path.write_bytes(content)
    report = api.scope_config(CASE, path)
    assert codes(report) == ["C203"] and reason in report.findings[0].message


def test_an_empty_yaml_file_gives_nothing(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing yet\n")
    assert codes(api.scope_config(CASE, path)) == ["C202"] * 5


def test_an_unreadable_case_is_reported_instead(tmp_path):
    broken = tmp_path / "broken.case"
    broken.write_text('case c "t"\n  version "1"\n  author "a"\nboundary { channel == }\n')
    report = api.scope_config(broken, CONFIGS / "inside.yaml")
    assert report.path == str(broken) and codes(report) == ["S001"] and api.exit_code([report]) == 2
    unknown = tmp_path / "unknown.case"
    unknown.write_text('case c "t"\n  version "1"\n  author "a"\nboundary { channel == internal }\n')
    assert codes(api.diff_configs(unknown, DIFF / "base.yaml", DIFF / "quiet.yaml")) == ["N101"]


# ---- values: every context type ---------------------------------------------------------------

TYPES_CASE = """case types "Every context type"
  version "1"
  author "a"
enum Tool { browser, shell }
enum Tier { low, high }
context {
  flag: bool
  count: int
  share: real
  name: string
  day: date
  tier: Tier
  tools: set<Tool>
}
boundary { share <= 1  day < 2027-01-01 }
trigger T1 "Tier change": changed(tier) reopens all
claim G0 "Anything": true
"""


@pytest.fixture(scope="module")
def types_case(tmp_path_factory):
    path = tmp_path_factory.mktemp("types") / "types.case"
    path.write_text(TYPES_CASE)
    resolved, report = api.load_case(path)
    assert resolved is not None, [f.message for f in report.findings]
    return path, resolved


def test_yaml_values_convert_exactly(types_case, tmp_path):
    path, resolved = types_case
    config = tmp_path / "c.yaml"
    config.write_text("flag: true\ncount: 3\nshare: 0.1\nname: x\nday: 2026-10-01\ntier: high\ntools: [shell, shell]\n")
    loaded = deploy.load_config(config, resolved)
    assert loaded.findings == ()
    assert loaded.values == {"flag": True, "count": 3, "share": Fraction(1, 10), "name": "x",
                             "day": datetime.date(2026, 10, 1), "tier": "high", "tools": frozenset({"shell"})}
    assert isinstance(loaded.values["tier"], Member)
    assert loaded.span_of("share").line == 3


def test_json_values_convert_exactly(types_case, tmp_path):
    path, resolved = types_case
    config = tmp_path / "c.json"
    config.write_text('{"share": 0.1, "count": 4.0, "day": "2026-10-01", "tools": []}')
    loaded = deploy.load_config(config, resolved)
    assert loaded.findings == ()
    assert loaded.values == {"share": Fraction(1, 10), "count": 4, "day": datetime.date(2026, 10, 1),
                             "tools": frozenset()}
    count = loaded.span_of("count")
    assert (count.line, count.column, count.end_column) == (1, 25, 28)


@pytest.mark.parametrize("key, value, found", [
    ("count", "true", "found true"),  # a bool is not a number
    ("share", "true", "found true"),
    ("share", ".inf", "must be a finite number"),
    ("share", '"0.5"', 'found "0.5"'),
    ("flag", "1", "found the number 1"),
    ("day", "2026-02-30", "no day of the calendar"),
    ("day", "2026-10-01 12:00:00", "found the time"),
    ("day", "tomorrow", 'found "tomorrow"'),
    ("tier", "medium", "found `medium`"),
    ("tools", "shell", "must be a list of `Tool` values"),
    ("tools", "", "found no value (null)"),
    ("name", "{a: 1}", "found a mapping"),
])
def test_wrong_values_are_rejected(types_case, tmp_path, key, value, found):
    path, resolved = types_case
    config = tmp_path / "c.yaml"
    config.write_text(f"{key}: {value}\n")
    [f] = deploy.load_config(config, resolved).findings
    assert f.code == "C205" and found in f.message, f.message


def test_diff_needs_the_values_a_trigger_reads(types_case, tmp_path):
    path, _ = types_case
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text("share: 0.5\nday: 2026-01-01\n")
    new.write_text("share: 0.5\nday: 2026-01-01\ntier: low\n")
    report = api.diff_configs(path, old, new)
    f = only(report, "C202")
    assert f.message == f"configuration `{old}` does not give `tier`, which trigger `T1` reads"
    assert api.exit_code([report]) == 1


# ---- scope --target --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["narrow.case", "boundary_only.case"])
def test_a_narrower_target_is_covered(name):
    report = api.scope_target(CASE, TARGETS / name)
    assert report.findings == () and api.exit_code([report]) == 0


def test_a_wider_target_shows_a_deployment_outside_the_case(case):
    report = api.scope_target(CASE, TARGETS / "wide.case")
    f = only(report, "C206")
    assert api.exit_code([report]) == 1
    # At the target's line that lets the uncovered deployment in (`channel in {trusted_api, public_api}`).
    assert f.span.path == str(TARGETS / "wide.case") and (f.span.line, f.span.column) == (19, 3)
    assert "public_api" in "\n".join(f.details)

    # The deployment really is inside the target and outside the case, replayed by the plain evaluator.
    text = (TARGETS / "wide.case").read_text()
    syntax, findings = api.read_syntax(text, str(TARGETS / "wide.case"))
    assert findings == []
    formulas, _, findings = scope.target_boundary(case, syntax, "wide")
    assert findings == []
    answer = scope.uncovered_deployment(Prover(case), case, formulas)
    assert isinstance(answer, Found)
    world = answer.world
    assert all(evaluate(formula, world, case) is True for formula in formulas)
    assert any(evaluate(formula, world, case) is False for formula in case.boundary)
    for line in world.lines():
        assert f"  {line}" in f.details


def test_a_target_without_a_boundary_allows_everything():
    f = only(api.scope_target(CASE, TARGETS / "no_boundary.case"), "C206")
    assert (f.span.line, f.span.column) == (1, 1)  # at the target's case header
    assert "(the target has no boundary, so it allows every deployment)" in f.details


def test_a_target_name_the_case_does_not_declare():
    report = api.scope_target(CASE, TARGETS / "unknown_name.case")
    assert codes(report) == ["C207", "C207"] and api.exit_code([report]) == 2
    assert [(f.span.line, f.message.split("`")[1]) for f in report.findings] == [(7, "partner_api"), (8, "region")]


def test_a_headerless_target_keeps_its_own_line_numbers(tmp_path):
    target = tmp_path / "t.case"
    target.write_text("# only a boundary\nboundary {\n  channel == internal\n  regoin == eu\n}\n")
    f = only(api.scope_target(CASE, target), "C207")
    assert (f.span.line, f.span.column) == (4, 3)
    target.write_text("boundary {\n  channel ==\n}\n")
    report = api.scope_target(CASE, target)
    assert codes(report) == ["S001"] and report.findings[0].span.line == 3


def test_a_target_type_error_keeps_its_code(tmp_path):
    target = tmp_path / "t.case"
    target.write_text("boundary { channel == browser  solve_rate(ransomware) < 1 }\n")
    assert codes(api.scope_target(CASE, target)) == ["N202", "N205"]


# ---- diff ------------------------------------------------------------------------------------------


def test_a_model_change_inside_the_boundary_reopens_everything():
    report = api.diff_configs(CASE, DIFF / "base.yaml", DIFF / "new_model.yaml")
    f = only(report, "C209")
    assert codes(report) == ["C209"] and api.exit_code([report]) == 1 and report.verdict == "needs review"
    assert f.message == "trigger `T1` fired: reopens all claims: " + ", ".join(CLAIMS)
    assert '  model: "x-2026-05" -> "x-2026-05-patch1"' in f.details


def test_a_trigger_reopens_the_claims_resting_on_the_ones_it_names(case):
    report = api.diff_configs(CASE, DIFF / "base.yaml", DIFF / "new_tool.yaml")
    f = only(report, "C209")
    assert f.message == "trigger `T2` fired: reopens " + ", ".join(CLAIMS)
    assert "resting on them through strategies: G0" in f.details
    support = support_graph(argument_graph(case))
    assert scope.reopened_claims(case, support, case.triggers["T5"]) == ["G0"]


def test_a_change_that_leaves_the_boundary_unnoticed():
    report = api.diff_configs(CASE, DIFF / "base.yaml", DIFF / "more_users.yaml")
    assert codes(report) == ["C201", "C208"] and api.exit_code([report]) == 1
    f = only(report, "C208")
    assert f.message == (f"the change from `{DIFF / 'base.yaml'}` to `{DIFF / 'more_users.yaml'}` "
                         "leaves the boundary and fires no trigger")
    old_at, new_at = f.details.index("old configuration (inside the boundary):"), \
        f.details.index("new configuration (outside the boundary):")
    assert "  max_users = 3000" in f.details[old_at:new_at] and "  max_users = 5001" in f.details[new_at:]


def test_a_change_that_leaves_the_boundary_and_fires_a_trigger():
    report = api.diff_configs(CASE, DIFF / "base.yaml", DIFF / "doubled_users.yaml")
    assert sorted(codes(report)) == ["C201", "C209"] and api.exit_code([report]) == 1


def test_a_quiet_change_inside_the_boundary():
    report = api.diff_configs(CASE, DIFF / "base.yaml", DIFF / "quiet.yaml")
    assert report.findings == () and api.exit_code([report]) == 0


def test_an_old_configuration_outside_is_reported_too():
    report = api.diff_configs(CASE, CONFIGS / "outside_channel.yaml", DIFF / "base.yaml")
    assert "C208" not in codes(report)
    assert any(f.code == "C201" and f.span.path == str(CONFIGS / "outside_channel.yaml") for f in report.findings)


# ---- the command line -----------------------------------------------------------------------------


def warrant(*args):
    result = subprocess.run([sys.executable, "-m", "checker.cli", *map(str, args)],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


@pytest.mark.parametrize("args, code", [
    (("scope", CASE, "--config", CONFIGS / "inside.yaml"), 0),
    (("scope", CASE, "--config", CONFIGS / "outside_channel.yaml"), 1),
    (("scope", CASE, "--config", CONFIGS / "unreadable.yaml"), 2),
    (("scope", CASE, "--target", TARGETS / "narrow.case", "--timeout", "5"), 0),
    (("diff", CASE, DIFF / "base.yaml", DIFF / "quiet.yaml"), 0),
    (("diff", CASE, DIFF / "base.yaml", DIFF / "more_users.yaml"), 1),
    (("scope", CASE), 2),  # neither --config nor --target: a usage error
])
def test_exit_codes(args, code):
    assert warrant(*args).returncode == code


def test_text_output_ends_with_a_summary_line():
    out = warrant("diff", CASE, DIFF / "base.yaml", DIFF / "new_model.yaml").stdout
    assert "C209 [info] trigger `T1` fired" in out
    assert out.splitlines()[-1] == f"{DIFF / 'new_model.yaml'}: needs review: 0 errors, 0 warnings, 1 info"


def test_json_output():
    result = warrant("scope", CASE, "--target", TARGETS / "wide.case", "--format", "json")
    document = json.loads(result.stdout)
    assert document["exit_code"] == result.returncode == 1
    [file] = document["files"]
    assert file["verdict"] == "fails" and [f["code"] for f in file["findings"]] == ["C206"]
