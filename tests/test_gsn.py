"""GSN import: the gsn2x corpus converts to cases that read cleanly, and each mapping rule has a golden fixture.

A golden fixture is tests/gsn_fixtures/NAME.gsn.yaml with the expected case text in
NAME.case and the expected warnings, one a line, in NAME.warnings; both are compared
exactly. Inputs that must be rejected live in tests/gsn_fixtures/errors/.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.api import check_text
from checker.interop.gsn2x import GsnError, gsn_to_case

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


def convert_fixture(name: str) -> tuple[str, list[str]]:
    return gsn_to_case((FIXTURES / name).read_text("utf-8"), name)


# ---- the gsn2x corpus ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.relative_to(CORPUS).as_posix() if p else "none")
def test_corpus_file_converts_to_a_readable_case(path):
    if path is None:
        pytest.skip(f"the gsn2x corpus is not at {CORPUS}")
    text = path.read_text("utf-8")
    case, warnings = gsn_to_case(text, path.name)
    assert all(isinstance(w, str) and w for w in warnings)
    report = check(case, path.with_suffix(".case").name)
    assert unreadable_or_crashed(report) == [], case
    assert report.summary.claims == goal_count(text)
    assert report.summary.formal_claims == 0  # an imported case is informal throughout


# ---- golden fixtures ---------------------------------------------------------------------------------


def test_there_are_golden_fixtures():
    names = {p.name.removesuffix(".gsn.yaml") for p in golden_files()}
    assert {"support", "direct_goals", "undeveloped", "assumption", "justification_context", "counter",
            "names", "module"} <= names


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: p.name)
def test_golden_case_text(path):
    case, _ = gsn_to_case(path.read_text("utf-8"), path.name)
    expected = path.with_name(path.name.removesuffix(".gsn.yaml") + ".case")
    assert case.encode("utf-8") == expected.read_bytes()


@pytest.mark.parametrize("path", golden_files(), ids=lambda p: p.name)
def test_golden_warnings(path):
    _, warnings = gsn_to_case(path.read_text("utf-8"), path.name)
    expected = path.with_name(path.name.removesuffix(".gsn.yaml") + ".warnings")
    assert warnings == expected.read_text("utf-8").splitlines()


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
    case, warnings = convert_fixture("assumption.gsn.yaml")
    assert any(w.startswith("A3: ") for w in warnings)
    assert finding_lines(case, "G104") == ['assume A3 "The monitor model is not colluding"']


def test_counter_goals_become_open_defeaters():
    case, _ = convert_fixture("counter.gsn.yaml")
    assert finding_lines(case, "G202") == [
        'defeater CG1 "Fine-tuning can be resisted by a deceptive model" against G2 status open',
        'defeater CSn2 "The prompt sweep missed tool use" against Sn2 status open',
        'defeater CG2 "Elicitation methods overlap" against S1 status open',
    ]


def test_a_cycle_converts_and_the_checker_reports_it():
    text = "G1: {text: One, supportedBy: [G2]}\nG2: {text: Two, supportedBy: [G1]}\n"
    case, _ = gsn_to_case(text, "cycle.gsn.yaml")
    assert "G101" in codes(check(case))


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


def raised(text: str) -> GsnError:
    with pytest.raises(GsnError) as info:
        gsn_to_case(text, "bad.gsn.yaml")
    return info.value


def test_bad_yaml_is_located():
    error = raised((FIXTURES / "errors" / "bad_yaml.gsn.yaml").read_text("utf-8"))
    assert (error.line, error.column) == (4, 4)
    assert error.message.startswith("not YAML: ")
    assert str(error) == f"line 4, column 4: {error.message}"


def test_dangling_reference_is_located():
    error = raised((FIXTURES / "errors" / "dangling.gsn.yaml").read_text("utf-8"))
    assert (error.line, error.column) == (7, 21)
    assert error.message == "supportedBy of node S1 names G3, which is not a node in this file"


@pytest.mark.parametrize("text, line, column, words", [
    ("", 1, 1, "empty"),
    ("- G1\n- G2\n", 1, 1, "mapping"),
    ("G1:\n", 1, 1, "empty"),
    ("G1: just words\n", 1, 5, "mapping"),
    ("G1:\n  text: [a, b]\n", 2, 9, "string"),
    ("G1: {text: a, nodeType: Gaol}\n", 1, 25, "nodeType"),
    ("G1: {text: a}\nG1: {text: b}\n", 2, 1, "twice"),
    ("G1: {text: a, inContextOf: C1}\n", 1, 28, "C1"),
    ("G1: {text: a}\nCG1: {text: b, challenges: G7}\n", 2, 28, "G7"),
    ("G1: {text: a, supportedBy: [{x: 1}]}\n", 1, 29, "node ids"),
    ("G1: {text: a}\n---\nG2: {text: b}\n", 2, 1, "single document"),
    ("G1: {text: 'a\x07'}\n", 1, 14, "not YAML"),
    ("G1: {text: !!int x}\n", 1, 5, "cannot read"),
])
def test_bad_input_raises_a_located_gsn_error(text, line, column, words):
    error = raised(text)
    assert (error.line, error.column) == (line, column)
    assert words in error.message


def test_deeply_nested_yaml_is_a_gsn_error():
    error = raised("G1: " + "[" * 20000 + "]" * 20000 + "\n")
    assert error.message


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
def test_any_document_converts_or_raises_a_gsn_error(nodes, modular):
    if modular:  # links to absent nodes are then warnings, so more documents get as far as the checker
        nodes = {"module": {"name": "fuzz"}, **nodes}
    text = yaml.safe_dump(nodes, allow_unicode=True, sort_keys=False)
    try:
        case, warnings = gsn_to_case(text, "fuzz.gsn.yaml")
    except GsnError as error:
        assert error.message
        return
    assert all(isinstance(w, str) for w in warnings)
    assert unreadable_or_crashed(check(case)) == [], case


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_converts_or_raises_a_gsn_error(text):
    try:
        gsn_to_case(text, "fuzz.gsn.yaml")
    except GsnError:
        pass
