"""GSN import: the gsn2x corpus converts to cases that read cleanly, and each mapping rule has a golden fixture.

A golden fixture is tests/gsn_fixtures/NAME.gsn.yaml with the expected case text in
NAME.case and the expected warnings, one a line, in NAME.warnings; both are compared
exactly. Inputs that must be rejected live in tests/gsn_fixtures/errors/, each with the
expected findings in NAME.findings. A findings line is `LINE:COLUMN CODE message`, located
in the YAML file; tests/test_rules_meta.py counts the codes these files list as covered.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.api import check_text
from checker.findings.rules import Outcome, Severity
from checker.interop.gsn2x import gsn_to_case

FIXTURES = Path(__file__).resolve().parent / "gsn_fixtures"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gsn2x"
AS_OF = datetime.date(2026, 11, 1)


def corpus_files() -> list:
    files = sorted(CORPUS.rglob("*.gsn.yaml")) if CORPUS.is_dir() else []
    return files or [pytest.param(None, id="no-corpus")]


def golden_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.gsn.yaml"))


def check(text: str, name: str = "imported.case"):
    return check_text(text, name, as_of=AS_OF)


def codes(report) -> list[str]:
    return sorted(f.code for f in report.findings)


def unreadable_or_crashed(report) -> list[str]:
    """Findings that mean the import wrote something the checker cannot read (S, N) or choked on (X002)."""
    return [f"{f.code} {f.message}" for f in report.findings if f.code[0] in "SN" or f.code == "X002"]


def goal_count(text: str) -> int:
    """Goals as gsn2x counts them: `nodeType: Goal`, or an id starting with G (counter goals start CG)."""
    count = 0
    for key, node in (yaml.safe_load(text) or {}).items():
        declared = (node or {}).get("nodeType") if key != "module" else "module"
        count += declared == "Goal" if declared else str(key).startswith("G")
    return count


def convert_fixture(name: str) -> tuple[str, list]:
    return gsn_to_case((FIXTURES / name).read_text("utf-8"), name)


def located(f) -> str:
    """A finding as the fixture files list it."""
    return f"{f.span.line}:{f.span.column} {f.code} {f.message}"


def expected_findings_files() -> list[Path]:
    """NAME.warnings beside each golden NAME.gsn.yaml, NAME.findings beside each one in errors/, and
    expected.findings in each set of files under modules/."""
    golden = [p.with_name(p.name.removesuffix(".gsn.yaml") + ".warnings") for p in golden_files()]
    errors = [p.with_name(p.name.removesuffix(".gsn.yaml") + ".findings")
              for p in sorted((FIXTURES / "errors").glob("*.gsn.yaml"))]
    return golden + errors + [folder / "expected.findings" for folder in module_sets()]


def module_sets() -> list[Path]:
    """tests/gsn_fixtures/modules/NAME/: a diagram of several files, imported from its main.gsn.yaml."""
    return sorted(p for p in (FIXTURES / "modules").iterdir() if p.is_dir())


def fixture_codes() -> set[str]:
    """Every code the fixture files expect (each file is compared exactly by a test below)."""
    return {line.split()[1] for path in expected_findings_files()
            for line in path.read_text("utf-8").splitlines() if line.strip()}


def assert_well_located(findings, text: str, path: str) -> None:
    """Every finding points into the YAML file it is about, at a line the file has."""
    last_line = text.count("\n") + 1
    for f in findings:
        assert f.span is not None and f.span.path == path, f
        assert 1 <= f.span.line <= last_line and f.span.column >= 1, f
        assert (f.span.end_line, f.span.end_column) >= (f.span.line, f.span.column), f


# ---- the gsn2x corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.relative_to(CORPUS).as_posix() if p else "none")
def test_corpus_file_converts_to_a_readable_case(path):
    if path is None:
        pytest.skip(f"the gsn2x corpus is not at {CORPUS}")
    text = path.read_text("utf-8")
    case, findings = gsn_to_case(text, path.name)
    assert case is not None, [located(f) for f in findings]
    assert all(f.code.startswith("I1") and f.severity is Severity.WARNING for f in findings)
    assert_well_located(findings, text, path.name)
    report = check(case, path.with_suffix(".case").name)
    assert unreadable_or_crashed(report) == [], case
    assert report.summary.claims == goal_count(text)
    assert report.summary.formal_claims == 0  # an imported case is informal throughout


# ---- golden fixtures ---------------------------------------------------------------------------------


def test_there_are_golden_fixtures():
    names = {p.name.removesuffix(".gsn.yaml") for p in golden_files()}
    assert {"support", "direct_goals", "undeveloped", "assumption", "justification_context", "counter",
            "names", "module", "links"} <= names
    errors = {p.name.removesuffix(".gsn.yaml") for p in (FIXTURES / "errors").glob("*.gsn.yaml")}
    assert {"bad_yaml", "dangling", "not_a_diagram", "malformed_node", "duplicate_node"} <= errors
    for path in golden_files():
        assert path.with_name(path.name.removesuffix(".gsn.yaml") + ".warnings").is_file(), path
    for path in (FIXTURES / "errors").glob("*.gsn.yaml"):
        assert path.with_name(path.name.removesuffix(".gsn.yaml") + ".findings").is_file(), path


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: p.name)
def test_golden_case_text(path):
    case, _ = gsn_to_case(path.read_text("utf-8"), path.name)
    expected = path.with_name(path.name.removesuffix(".gsn.yaml") + ".case")
    assert case.encode("utf-8") == expected.read_bytes()


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: p.name)
def test_golden_warnings(path):
    text = path.read_text("utf-8")
    _, findings = gsn_to_case(text, path.name)
    expected = path.with_name(path.name.removesuffix(".gsn.yaml") + ".warnings")
    assert [located(f) for f in findings] == expected.read_text("utf-8").splitlines()
    assert all(f.severity is Severity.WARNING and f.code.startswith("I1") for f in findings)
    assert_well_located(findings, text, path.name)


def test_findings_are_located_in_the_path_given():
    text = (FIXTURES / "names.gsn.yaml").read_text("utf-8")
    case, findings = gsn_to_case(text, "tests/gsn_fixtures/names.gsn.yaml")
    assert [f.span.path for f in findings] == ["tests/gsn_fixtures/names.gsn.yaml"]
    # ... while the case is named, and its author written, from the file's own name
    assert case == (FIXTURES / "names.case").read_text("utf-8")


def test_a_warning_underlines_what_it_is_about():
    _, findings = convert_fixture("module.gsn.yaml")
    field = next(f for f in findings if f.code == "I101" and "`layer1`" in f.message)
    assert (field.span.line, field.span.column, field.span.end_line, field.span.end_column) == (31, 3, 31, 9)
    link = next(f for f in findings if f.code == "I105" and "Sn9" in f.message)
    assert (link.span.line, link.span.column, link.span.end_column) == (13, 21, 24)


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: p.name)
def test_golden_case_checks_structurally(path):
    text = path.read_text("utf-8")
    case, _ = gsn_to_case(text, path.name)
    report = check(case)
    assert unreadable_or_crashed(report) == []
    assert report.summary.claims == goal_count(text)


def test_conversion_is_deterministic():
    text = (FIXTURES / "counter.gsn.yaml").read_text("utf-8")
    assert gsn_to_case(text, "counter.gsn.yaml") == gsn_to_case(text, "counter.gsn.yaml")


def finding_lines(case: str, code: str) -> list[str]:
    lines = case.splitlines()
    return [lines[f.span.line - 1] for f in check(case).findings if f.code == code]


def test_undeveloped_goal_is_an_unsupported_claim():
    case, _ = convert_fixture("undeveloped.gsn.yaml")
    assert finding_lines(case, "G102") == ['claim G2 "Network egress is blocked"']


def test_goals_supported_by_goals_get_a_made_up_strategy():
    case, _ = convert_fixture("direct_goals.gsn.yaml")
    assert 'strategy S_G1_2 "Decomposition of G1": from G2, G3' in case  # S_G1 is a GSN id already
    assert "G102" not in codes(check(case))


def test_an_assumption_without_a_strategy_is_declared_and_reported_unused():
    case, findings = convert_fixture("assumption.gsn.yaml")
    assert [(f.code, f.span.line) for f in findings if "A3" in f.message] == [("I108", 15)]  # G2's link to A3
    assert finding_lines(case, "G104") == ['assume A3 "The monitor model is not colluding"']


def test_counter_goals_become_open_defeaters():
    case, _ = convert_fixture("counter.gsn.yaml")
    assert finding_lines(case, "G202") == [
        'defeater CG1 "Fine-tuning can be resisted by a deceptive model" against G2 status open',
        'defeater CSn2 "The prompt sweep missed tool use" against Sn2 status open',
        'defeater CG2 "Elicitation methods overlap" against S1 status open',
    ]


def test_a_cycle_below_the_top_converts_and_the_checker_reports_it():
    text = ("G0: {text: Top, supportedBy: [G1]}\nG1: {text: One, supportedBy: [G2]}\n"
            "G2: {text: Two, supportedBy: [G1]}\n")
    case, _ = gsn_to_case(text, "cycle.gsn.yaml")
    assert "G101" in codes(check(case))


def test_a_diagram_with_no_top_is_rejected_as_gsn2x_rejects_it():
    error = rejected("G1: {text: One, supportedBy: [G2]}\nG2: {text: Two, supportedBy: [G1]}\n")
    assert (error.code, error.span.line, error.span.column) == ("I011", 1, 1)
    error = rejected("C1: {text: Only a context}\n")
    assert error.code == "I011" and "C1 is a context, not a goal" in error.message


@pytest.mark.parametrize("source, name", [
    ("cases/my-case.gsn.yaml", "my_case"),
    ("C:\\gsn\\plan.yml", "plan"),
    ("strategy.gsn.yaml", "strategy_"),  # a keyword of the case language
    ("1st.yaml", "_1st"),
    ("", "imported"),
])
def test_case_name_comes_from_the_source_name(source, name):
    case, _ = gsn_to_case("G1: {text: Top}\n", source)
    assert case.startswith(f'case {name} "Top"\n')


def test_the_output_ends_by_saying_it_is_informal():
    case, _ = gsn_to_case("G1: {text: Top}\n", "x.gsn.yaml")
    assert case.endswith("no step is proved.\n")
    assert "informal" in case.splitlines()[-3]


# ---- input that is not a gsn2x document ------------------------------------------------------------


def rejected(text: str):
    """The first error for input that cannot be imported: no case, and only unreadable errors (never X002)."""
    case, findings = gsn_to_case(text, "bad.gsn.yaml")
    assert case is None
    errors = [f for f in findings if f.severity is Severity.ERROR]
    assert errors and all(f.code.startswith("I0") and f.rule.outcome is Outcome.UNREADABLE for f in errors), \
        [located(f) for f in findings]
    assert_well_located(findings, text, "bad.gsn.yaml")
    return errors[0]


def error_files() -> list[Path]:
    return sorted((FIXTURES / "errors").glob("*.gsn.yaml"))


@pytest.mark.parametrize("path", error_files(), ids=lambda p: p.name)
def test_error_fixture_findings(path):
    text = path.read_text("utf-8")
    case, findings = gsn_to_case(text, path.name)
    assert case is None
    expected = path.with_name(path.name.removesuffix(".gsn.yaml") + ".findings")
    assert [located(f) for f in findings] == expected.read_text("utf-8").splitlines()
    assert_well_located(findings, text, path.name)


def test_bad_yaml_is_located():
    error = rejected((FIXTURES / "errors" / "bad_yaml.gsn.yaml").read_text("utf-8"))
    assert (error.span.line, error.span.column) == (4, 4)
    assert error.code == "I001"
    assert error.message.startswith("cannot read the YAML: ")


def test_dangling_reference_is_located():
    error = rejected((FIXTURES / "errors" / "dangling.gsn.yaml").read_text("utf-8"))
    assert (error.span.line, error.span.column) == (7, 21)
    assert error.code == "I002"
    assert error.message == "supportedBy of node S1 names G3, which no file of the diagram defines"


def test_every_dangling_reference_is_reported():
    text = "G1: {text: a, supportedBy: [G2, S1]}\nS1: {text: b, supportedBy: [G3]}\n"
    case, findings = gsn_to_case(text, "bad.gsn.yaml")
    assert case is None
    assert [located(f) for f in findings] == [
        "1:29 I002 supportedBy of node G1 names G2, which no file of the diagram defines",
        "2:29 I002 supportedBy of node S1 names G3, which no file of the diagram defines",
    ]


def test_a_duplicate_node_points_at_its_first_definition():
    error = rejected((FIXTURES / "errors" / "duplicate_node.gsn.yaml").read_text("utf-8"))
    assert (error.code, error.span.line, error.span.column) == ("I005", 9, 1)
    assert [(r.span.line, r.span.column) for r in error.related] == [(2, 1)]
    assert "first defined here" in error.related[0].note


@pytest.mark.parametrize("text, line, column, code, words", [
    ("", 1, 1, "I003", "empty"),
    ("- G1\n- G2\n", 1, 1, "I003", "mapping"),
    ("G1:\n", 1, 1, "I004", "empty"),
    ("G1: just words\n", 1, 5, "I004", "mapping"),
    ("G1:\n  text: [a, b]\n", 2, 9, "I004", "string"),
    ("G1: {text: a, nodeType: Gaol}\n", 1, 25, "I004", "nodeType"),
    ("G1: {text: a}\nG1: {text: b}\n", 2, 1, "I005", "twice"),
    ("G1: {text: a, inContextOf: C1}\n", 1, 28, "I002", "C1"),
    ("G1: {text: a}\nCG1: {text: b, challenges: G7}\n", 2, 28, "I002", "G7"),
    ("G1: {text: a, supportedBy: [{x: 1}]}\n", 1, 29, "I004", "node ids"),
    ("G1: {text: a}\n---\nG2: {text: b}\n", 2, 1, "I001", "single document"),
    ("G1: {text: 'a\x07'}\n", 1, 14, "I001", "cannot read the YAML"),
    ("G1: {text: !!int x}\n", 1, 5, "I001", "cannot build"),
    ("module: [a]\n", 1, 9, "I003", "module"),
    ("? [G1]\n: {text: a}\n", 1, 3, "I003", "plain word"),
])
def test_bad_input_is_a_located_error(text, line, column, code, words):
    error = rejected(text)
    assert (error.span.line, error.span.column) == (line, column)
    assert error.code == code
    assert words in error.message


def test_deeply_nested_yaml_is_unreadable():
    error = rejected("G1: " + "[" * 20000 + "]" * 20000 + "\n")
    assert error.code == "I001"
    assert "nested too deeply" in error.message


_IDS = ["G1", "G2", "G.3", "S1", "Sn1", "Sn-2", "A1", "C1", "J1", "CG1", "CSn1", "X1", "7up", "claim"]
_NODE = st.fixed_dictionaries({}, optional={
    "text": st.one_of(st.text(max_size=30), st.integers(), st.none()),
    "supportedBy": st.lists(st.sampled_from(_IDS), max_size=3),
    "inContextOf": st.one_of(st.sampled_from(_IDS), st.lists(st.sampled_from(_IDS), max_size=3)),
    "challenges": st.one_of(st.sampled_from(_IDS), st.just("G1 -> Sn1")),
    "undeveloped": st.booleans(),
    "defeated": st.booleans(),
    "nodeType": st.sampled_from(["Goal", "Strategy", "Solution", "CounterGoal", "Context"]),
    "layer1": st.text(max_size=5),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_IDS), _NODE, max_size=8), st.booleans())
def test_any_document_converts_or_reports_located_errors(nodes, modular):
    if modular:  # links to absent nodes are then warnings, so more documents get as far as the checker
        nodes = {"module": {"name": "fuzz"}, **nodes}
    text = yaml.safe_dump(nodes, allow_unicode=True, sort_keys=False)
    case, findings = gsn_to_case(text, "fuzz.gsn.yaml")
    assert "X002" not in [f.code for f in findings]
    assert_well_located(findings, text, "fuzz.gsn.yaml")
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if case is None:
        assert errors and all(f.rule.outcome is Outcome.UNREADABLE for f in errors)
        return
    assert errors == []
    assert unreadable_or_crashed(check(case)) == [], case


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_converts_or_reports_located_errors(text):
    case, findings = gsn_to_case(text, "fuzz.gsn.yaml")  # never raises
    assert "X002" not in [f.code for f in findings]
    assert_well_located(findings, text, "fuzz.gsn.yaml")
    assert (case is None) == any(f.rule.outcome is Outcome.UNREADABLE for f in findings)
