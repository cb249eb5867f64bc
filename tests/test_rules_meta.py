"""The rule registry itself: every rule documented, named, covered by a golden case
(or, for the GSN import's I rules, by a GSN fixture), and every place that reports a
finding passes exactly the fields its template uses."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from checker import cli
from checker.findings.rules import RULES, Outcome, Rule, Severity

try:
    from tests.test_golden import ALL_CASES, expectations
    from tests.test_gsn import fixture_codes
except ImportError:  # tests/ is not importable as a package in this run
    from test_golden import ALL_CASES, expectations
    from test_gsn import fixture_codes

CHECKER = Path(__file__).resolve().parent.parent / "checker"

# Rules no golden case can provoke, and where they are tested instead.
EXEMPT_FROM_GOLDEN = {
    # Needs a solver timeout: tests/test_cli.py::test_solver_unknown_exits_3 runs a
    # nonlinear case with `--timeout 0.001`, which is not a property of the file alone.
    "X001": "provoked in tests/test_cli.py with a tiny --timeout",
    # An internal error is a bug in Warrant; no well-formed or malformed input is
    # meant to provoke it, so no golden case can expect it.
    "X002": "cannot be provoked by input: it reports a bug in the checker",
    # `warrant scope` and `warrant diff` judge configuration files and target boundaries,
    # which `check` never reads; tests/test_scope.py covers each code with its fixtures.
    **{code: "not produced by `check`: tests/test_scope.py covers it"
       for code in ("C201", "C202", "C203", "C204", "C205", "C206", "C207", "C208", "C209")},
    **{code: "configuration maps: tests/test_configs_real.py covers it with the maps in tests/scope_fixtures/real/"
       for code in ("C210", "C211")},
    **{code: "two versions of a case: tests/test_case_versions.py covers it"
       for code in ("C301", "C302", "C303", "C304", "C305", "C306", "C307")},
    # A chain of 33 required cases and a file over the size limit are made by the tests that need them.
    "S006": "a chain of 33 required cases: tests/test_hostile_files.py::test_requires_chain_deeper_than_the_limit",
    "S007": "a file over --max-size: tests/test_hostile_files.py::test_file_over_the_size_limit_is_refused",
    # Settings files and baselines are not case files; E309 and E319 need `warn-expiry` from the settings.
    **{code: "settings and baselines: tests/test_waivers_settings.py covers it"
       for code in ("A101", "A102", "A103", "A104", "E309", "E319")},
}

_CODE = re.compile(r"^[SNGLECIXPA][0-9]{3}$")
_REPORTING_CALLS = {"finding", "report"}  # finding(code, span, **fields); Typer.report(code, expr, **fields)
_NOT_FIELDS = {"world", "members", "details", "related", "help", "review"}


def template_fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def golden_codes() -> set[str]:
    """Codes a golden case expects, and codes the GSN fixtures expect: `warrant import-gsn` reads
    gsn2x YAML, not case files, so its golden files are tests/gsn_fixtures/**/*.warnings and
    *.findings, each compared exactly with the import's findings by tests/test_gsn.py."""
    return {code for path in ALL_CASES for _, code in expectations(path)} | fixture_codes()


# ---- coverage ------------------------------------------------------------------------


def test_every_rule_has_a_golden_case():
    covered = golden_codes()
    missing = sorted(code for code in RULES if code not in covered and code not in EXEMPT_FROM_GOLDEN)
    assert not missing, f"rules with no `# expect:` in tests/cases and no line in tests/gsn_fixtures: {missing}"


def test_exemptions_are_still_needed():
    assert set(EXEMPT_FROM_GOLDEN) <= set(RULES)
    assert not set(EXEMPT_FROM_GOLDEN) & golden_codes(), "an exempt rule now has a golden case: drop the exemption"


def test_golden_cases_expect_only_known_codes():
    unknown = sorted(golden_codes() - set(RULES))
    assert not unknown


# ---- the registry ----------------------------------------------------------------------


@pytest.mark.parametrize("code", list(RULES))
def test_rule_is_complete(code: str):
    rule = RULES[code]
    assert isinstance(rule, Rule)
    assert rule.code == code
    assert _CODE.match(code), code
    assert isinstance(rule.severity, Severity)
    assert isinstance(rule.outcome, Outcome)
    for field in ("name", "template", "summary", "doc"):
        value = getattr(rule, field)
        assert isinstance(value, str) and value.strip(), f"{code}: empty {field}"
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.name), f"{code}: name {rule.name!r} is not kebab-case"
    assert rule.help is None or rule.help.strip(), f"{code}: help is blank"


def test_rule_names_are_unique():
    names = [rule.name for rule in RULES.values()]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert not duplicates


def test_codes_are_unique_in_the_source_list():
    from checker.findings import rules as rules_module

    listed = getattr(rules_module, "_ALL", None)
    if listed is None:
        pytest.skip("the registry is no longer built from a list")
    codes = [rule.code for rule in listed]
    assert len(codes) == len(set(codes)) == len(RULES)


def test_outcomes_match_the_stage():
    """Unreadable input exits 2, a solver unknown exits 3; both are errors. A review (exit 1) is a change, of any severity."""
    for rule in RULES.values():
        if rule.outcome not in (Outcome.NORMAL, Outcome.REVIEW):
            assert rule.severity is Severity.ERROR, rule.code
    assert RULES["X001"].outcome is Outcome.UNKNOWN
    for code in RULES:
        # A syntax or name error stops the reading; a name warning (such as N212, a repeated reference) is
        # found after it, in a case that was read whole (checks/names.py).
        if code[0] in "SN" and RULES[code].severity is Severity.ERROR:
            assert RULES[code].outcome is Outcome.UNREADABLE, code


@pytest.mark.parametrize("code", list(RULES))
def test_template_renders(code: str):
    template = RULES[code].template
    fields = template_fields(template)
    rendered = template.format(**{field: f"<{field}>" for field in fields})
    for field in fields:
        assert f"<{field}>" in rendered


def _reporting_calls():
    """Every `finding("CODE", span, field=...)` or `report("CODE", expr, field=...)` in checker/."""
    for path in sorted(CHECKER.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            first = node.args[0]
            if (name in _REPORTING_CALLS and isinstance(first, ast.Constant) and isinstance(first.value, str)
                    and _CODE.match(first.value)):
                yield path, node, first.value


def test_reporting_calls_pass_exactly_the_template_fields():
    problems = []
    seen = set()
    for path, node, code in _reporting_calls():
        where = f"{path.relative_to(CHECKER.parent)}:{node.lineno}"
        if code not in RULES:
            problems.append(f"{where}: unknown code {code}")
            continue
        seen.add(code)
        if any(keyword.arg is None for keyword in node.keywords):
            continue  # **fields: checked at run time by the golden cases
        given = {keyword.arg for keyword in node.keywords} - _NOT_FIELDS
        wanted = template_fields(RULES[code].template)
        if given != wanted:
            problems.append(f"{where}: {code} passes {sorted(given)}, its template uses {sorted(wanted)}")
    assert not problems, "\n".join(problems)
    assert len(seen) >= 30, "the scan found too few reporting calls; has the calling convention changed?"


# ---- warrant explain ----------------------------------------------------------------------


@pytest.mark.parametrize("code", list(RULES))
def test_explain_prints_the_documentation(code: str, capsys):
    assert cli.main(["explain", code]) == 0
    out, err = capsys.readouterr()
    rule = RULES[code]
    assert out.startswith(code)
    for text in (rule.name, rule.summary, rule.doc):
        assert text in out
    if rule.help:
        assert rule.help in out
    assert err == ""


def test_explain_accepts_lower_case(capsys):
    assert cli.main(["explain", "l201"]) == 0
    assert RULES["L201"].doc in capsys.readouterr().out


def test_rules_command_lists_every_rule(capsys):
    assert cli.main(["rules"]) == 0
    out = capsys.readouterr().out
    listed = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert listed == list(RULES)
