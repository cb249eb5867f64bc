"""The public summary export: the formula printer round-trips, redacted evidence stays withheld, the output is stable.

To accept a deliberate change of output: WARRANT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_public.py
"""
from __future__ import annotations

import datetime
import os
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checker.semantics import model as m
from checker.syntax import nodes as n
from checker.api import check_path, check_text, read_model
from checker.syntax.build import build
from checker.syntax.parser import parse
from checker.reporters.markdown import formula_text, public_summary
from checker.semantics.typecheck import Scope, Typer

try:
    from tests import strategies as gen
except ImportError:  # tests/ on sys.path rather than the project root
    import strategies as gen

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
AS_OF = datetime.date(2026, 11, 1)
EXAMPLE = ROOT / "examples" / "cyber_inability_by_hand.case"
ROUND_TRIP_FILES = sorted((ROOT / "tests" / "cases" / "ok").glob("*.case")) + [EXAMPLE]


# ---- helpers --------------------------------------------------------------------------------


def load(path: Path) -> m.Case:
    case, findings = read_model(path.read_text(encoding="utf-8"), str(path))
    assert case is not None, findings
    return case


def reparse(case: m.Case, text: str):
    """Type `text` as a formula against the case's names, anywhere a formula may stand (old(x) and measures allowed)."""
    tree, findings = parse(f'case rt "round trip"\nclaim X "x": {text}\n', "<round trip>")
    assert tree is not None, (text, [f.message for f in findings])
    syntax, findings = build(tree, "<round trip>")
    assert not findings, (text, [f.message for f in findings])
    typing = []
    typer = Typer.for_case(case, typing)
    typed = typer.formula(syntax.of_type(n.Claim)[0].formula, Scope("a round trip", measures=True, old=True))
    assert typed is not None, (text, [f.message for f in typing])
    return typed


def reparse_constant(case: m.Case, variable: str, text: str):
    """A setting value typed as the resolver types it: a literal of the variable's type."""
    tree, findings = parse(f'case rt "round trip"\nclaim X "x": {text} == {text}\n', "<round trip>")
    assert tree is not None, (text, findings)
    syntax, _ = build(tree, "<round trip>")
    literal = syntax.of_type(n.Claim)[0].formula.left
    typer = Typer.for_case(case, [])
    return typer.constant(literal, case.context[variable].type, "a round trip")


def formulas_of(case: m.Case):
    """Every formula the model holds, labelled by where it stands."""
    for i, f in enumerate(case.boundary or ()):
        yield f"boundary line {i + 1}", f
    for claim in case.claims.values():
        yield f"claim {claim.name}", claim.formula
        yield f"within of {claim.name}", claim.within
    for assumption in case.assumptions.values():
        yield f"assumption {assumption.name}", assumption.formula
    for evidence in case.evidence.values():
        for i, f in enumerate(evidence.shows):
            yield f"shows {i + 1} of {evidence.name}", f
    for i, f in enumerate(case.accept.requires if case.accept else ()):
        yield f"require {i + 1}", f
    for trigger in case.triggers.values():
        yield f"trigger {trigger.name}", trigger.condition


def round_trips(case: m.Case, formula) -> None:
    text = formula_text(formula)
    assert reparse(case, text) == formula, text


def summary_of(path: Path) -> str:
    case = load(path)
    return public_summary(check_path(path, as_of=AS_OF), case)


def summary_of_text(text: str, path: str = "public.case") -> str:
    case, findings = read_model(text, path)
    assert case is not None, findings
    return public_summary(check_text(text, path, as_of=AS_OF), case)


# ---- the printer -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ROUND_TRIP_FILES, ids=lambda p: p.name)
def test_every_formula_of_a_golden_case_round_trips(path):
    case = load(path)
    checked = 0
    for _, formula in formulas_of(case):
        if formula is not None:
            round_trips(case, formula)
            checked += 1
    assert checked


@pytest.mark.parametrize("path", ROUND_TRIP_FILES, ids=lambda p: p.name)
def test_every_setting_value_round_trips(path):
    case = load(path)
    for evidence in case.evidence.values():
        for variable, value in evidence.setting or ():
            assert reparse_constant(case, variable, formula_text(value)) == value


RICH = read_model(gen.RICH_HEADER + 'claim G0 "t": true\n', "<rich>")[0]

# Text as written -> text as printed: the printer keeps only the brackets precedence needs.
PRINTED = {
    "(flag implies flag) implies flag": "(flag implies flag) implies flag",
    "flag implies (flag implies flag)": "flag implies flag implies flag",
    "(flag iff flag) iff flag": "(flag iff flag) iff flag",
    "(flag or flag) and (flag or not flag)": "(flag or flag) and (flag or not flag)",
    "not (x == 1 and flag)": "not (x == 1 and flag)",
    "not (tools <= old(tools))": "not tools <= old(tools)",
    "(x + y) * 2 > -(x - y)": "(x + y) * 2 > -(x - y)",
    "x - (y - 1) < x - y - 1": "x - (y - 1) < x - y - 1",
    "x * -1 >= - -y": "x * -1 >= - -y",
    "-2.5 * x < 0": "-2.5 * x < 0",
    "(count c: Col. r(c) > 0.2) < 0.8 * 11": "(count c: Col. r(c) > 0.2) < 0.8 * 11",
    "9 > (count c: Col. r(c) > 0.2)": "9 > count c: Col. r(c) > 0.2",
    "(forall c: Col. r(c) < 1) and flag": "(forall c: Col. r(c) < 1) and flag",
    "flag and (exists c: Col. c in tools)": "flag and exists c: Col. c in tools",
    "(sum c: Col. r(c)) in [0, sum c: Col. r(c) + 1]": "(sum c: Col. r(c)) in [0, sum c: Col. r(c) + 1]",
    "changed(x) or changed(model)": "x != old(x) or model != old(model)",
    "x in {1, 2}": "x == 1 or x == 2",
    "x not in {1, 2}": "not (x == 1 or x == 2)",
    "e not in tools and red in {e, blue}": "e not in tools and red in {e, blue}",
    "forall c: Col. {c, red} <= tools": "forall c: Col. {c, red} <= tools",
    "tools == {} or {blue, red} >= tools": "tools == {} or {blue, red} >= tools",
    "d not in [2026-01-01, 2026-12-31] and d != 0001-01-01": "d not in [2026-01-01, 2026-12-31] and d != 0001-01-01",
    r'model == "a \"quoted\" \\ back\nslash\t."': r'model == "a \"quoted\" \\ back\nslash\t."',
    "y == 0.0000000000001": "y == 0.0000000000001",
    "y == 123456789012345678901234567890.5": "y == 123456789012345678901234567890.5",
    "n == 10 and flag == true": "n == 10 and flag == true",
    "(flag == false) == flag": "(flag == false) == flag",
    "(forall c: Col. r(c) < 1) iff (exists c: Col. r(c) > 0)": "(forall c: Col. r(c) < 1) iff exists c: Col. r(c) > 0",
    "not not flag": "not not flag",
    "-(sum c: Col. r(c)) + 1 > 0 and 0 < -sum c: Col. r(c)": "-(sum c: Col. r(c)) + 1 > 0 and 0 < -sum c: Col. r(c)",
    "(count c: Col. c in tools) not in [1, count c: Col. c == e]":
        "(count c: Col. c in tools) not in [1, count c: Col. c == e]",
}


@pytest.mark.parametrize("written", sorted(PRINTED))
def test_the_printer_keeps_only_the_brackets_precedence_needs(written):
    formula = reparse(RICH, written)
    assert formula_text(formula) == PRINTED[written]
    round_trips(RICH, formula)


def test_numbers_print_exactly():
    for value in ("0.1", "-0.5", "1.25", "0.0000000000001", "12345678901234567.125"):
        formula = m.Compare("==", m.CtxVar("y", m.REAL), m.Const(Fraction(value), m.REAL))
        assert formula_text(formula) == f"y == {value}"
        round_trips(RICH, formula)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gen.rich_formulas())
def test_generated_rich_formulas_round_trip(text):
    case, _ = read_model(gen.rich_case([text]), "<generated>")
    assume(case is not None)
    round_trips(case, case.assumptions["A1"].formula)


@st.composite
def _vocab_formulas(draw):
    vocab = draw(gen.vocabs())
    return vocab, draw(gen.formulas(vocab, 4)), draw(st.booleans())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_vocab_formulas())
def test_generated_logic_formulas_round_trip(drawn):
    vocab, tree, minimal = drawn
    argument = gen.Argument(vocab, None, (tree,), (), tree, minimal)
    case, findings = read_model(argument.text(), "<generated>")
    assert case is not None, findings
    round_trips(case, case.claims["G0"].formula)


# ---- the summary ------------------------------------------------------------------------------------


def test_summary_of_the_example_matches_snapshot():
    rendered = summary_of(EXAMPLE)
    path = SNAPSHOTS / "public_cyber_inability.md"
    if os.environ.get("WARRANT_UPDATE_SNAPSHOTS"):
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8")


def test_redacted_evidence_shows_its_reason_and_nothing_it_shows():
    rendered = summary_of(EXAMPLE)
    case = load(EXAMPLE)
    withheld, public = case.evidence["E2"], case.evidence["E1"]
    assert "withheld: task list would teach exploit development" in rendered
    assert withheld.title in rendered
    for formula in withheld.shows:
        assert formula_text(formula) not in rendered
    assert "0.02" not in rendered and "0.08" not in rendered
    for formula in public.shows:
        assert formula_text(formula) in rendered
    assert public.replicated_by in rendered


def test_a_redaction_without_a_reason_is_named_and_listed_as_g208():
    path = ROOT / "tests" / "cases" / "acceptance" / "redaction_without_reason.case"
    rendered = summary_of(path)
    assert rendered.count("withheld: NO REASON GIVEN") >= 2  # E2 and E3, in the outline and the table
    assert "withheld: exploit details" in rendered
    errors = rendered.split("## Errors", 1)[1].split("##", 1)[0]
    assert errors.count("`G208`") == 2
    for shown in ("solve_rate(web) in", "solve_rate(crypto) in", "sandbag_gap <= 0.02"):
        assert shown not in rendered


SECRET_MODEL = """case secret "Evidence about an unreleased build"
  version "1.0"
  author "Test Team"
context { model: string }
measure rate: real in [0, 1]
boundary { model == "m-1" }
claim G0 "Rate is low": rate < 0.2
  evidence E1
evidence E1 "Eval on an internal build" {
  model "secret-build-77"
  setting { model: "secret-build-77" }
  shows rate in [0, 0.1]
  source "Hidden lab"
  access redacted "the build is unannounced"
}
"""


def test_a_finding_inside_withheld_evidence_does_not_quote_it():
    rendered = summary_of_text(SECRET_MODEL)
    assert "`E305`" in rendered  # the evidence is about another build, and the summary says so
    for secret in ("secret-build-77", "Hidden lab", "rate in [0, 0.1]"):
        assert secret not in rendered
    assert "withheld: the build is unannounced" in rendered


def test_evidence_with_no_access_stated_is_shown():
    rendered = summary_of_text(SECRET_MODEL.replace('  access redacted "the build is unannounced"\n', ""))
    assert "not stated" in rendered and "secret-build-77" in rendered and "rate in [0, 0.1]" in rendered


def test_a_circular_argument_still_gives_a_finite_outline():
    path = ROOT / "tests" / "cases" / "structure" / "circular.case"
    rendered = summary_of(path)
    assert "`G101`" in rendered
    assert "(argued above)" in rendered


def test_the_summary_is_deterministic():
    assert summary_of(EXAMPLE) == summary_of(EXAMPLE)


def test_an_unreadable_case_gives_the_verdict_and_its_errors():
    report = check_text('case broken "Broken"\nclaim G0 "x": rate( < 1\n', "broken.case", as_of=AS_OF)
    rendered = public_summary(report, None)
    assert "**unreadable**" in rendered and "`S001`" in rendered


def test_the_header_names_required_cases_and_the_acceptance_margin():
    cases = Path(__file__).resolve().parent / "cases"
    required = summary_of(cases / "structure" / "requires_missing.case")
    assert '- Requires: `"required/no_such_case.case"`' in required
    margin = summary_of(cases / "acceptance" / "clean.case")
    assert "- Margin: 0.1" in margin
