"""The language server's name index (checker/lsp/index.py): declarations, uses, scopes and required cases.

The index is plain Python over the parse tree; these tests need no pygls.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.lsp.index import build_index, with_patterns, with_required

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "cyber_inability_by_hand.case"

CASE = '''case c "C"
enum Colour { red, green }
context {
  model: string
  tools: set<Colour> affordance
}
measure score(Colour): real in [0, 1]
boundary { model == "m" }
claim G0 "top": forall c: Colour. score(c) < 0.5 and (exists c: Colour. score(c) > 0)
  by S1
strategy S1 "s": from G1 given A1
assume A1 "a": score(red) <= score(gren)
claim G1 "g": model == "m"
  evidence E1
evidence E1 "e" { setting { tools: {red} } shows true }
accept { for users }
trigger T1 "t": changed(model) reopens G0
'''


def occurrence(index, line: int, text: str, nth: int = 0):
    """The occurrence of the `nth` `text` on a 1-based line."""
    source = CASE.split("\n")[line - 1]
    column = -1
    for _ in range(nth + 1):
        column = source.index(text, column + 1)
    return index.at(line, column + 1)


def test_declarations_have_their_kind_name_space_and_detail():
    index = build_index(CASE, "c.case")
    kinds = {(s.name, s.kind) for s in index.symbols}
    assert {("Colour", "enum"), ("red", "enum value"), ("model", "context variable"), ("score", "measure"),
            ("G0", "claim"), ("S1", "strategy"), ("A1", "assumption"), ("E1", "evidence"), ("T1", "trigger"),
            ("c", "case")} <= kinds
    score = next(s for s in index.symbols if s.name == "score")
    assert score.detail == "measure score(Colour): real in [0, 1]"
    tools = next(s for s in index.symbols if s.name == "tools")
    assert tools.detail == "tools: set<Colour> affordance"


def test_uses_resolve_in_their_name_space():
    index = build_index(CASE, "c.case")
    assert occurrence(index, 10, "S1").symbol.kind == "strategy"
    assert occurrence(index, 11, "G1").symbol.kind == "claim"
    assert occurrence(index, 11, "A1").symbol.kind == "assumption"
    assert occurrence(index, 14, "E1").symbol.kind == "evidence"
    assert occurrence(index, 15, "tools").symbol.kind == "context variable"  # a setting names a variable
    assert occurrence(index, 15, "red").symbol.kind == "enum value"
    assert occurrence(index, 17, "model").symbol.kind == "context variable"  # inside changed(...)
    assert occurrence(index, 17, "G0").symbol.kind == "claim"
    assert occurrence(index, 5, "Colour").symbol.kind == "enum"
    assert occurrence(index, 16, "users") is None  # `for` lists stakeholders, not names


def test_a_bound_variable_is_its_own_quantifiers():
    index = build_index(CASE, "c.case")
    outer, inner = occurrence(index, 9, "c:", 0), occurrence(index, 9, "c:", 1)
    assert outer.declaration and inner.declaration and outer.symbol != inner.symbol
    assert occurrence(index, 9, "c)", 0).symbol == outer.symbol
    assert occurrence(index, 9, "c)", 1).symbol == inner.symbol


def test_an_undeclared_name_is_an_occurrence_without_a_symbol():
    index = build_index(CASE, "c.case")
    unknown = occurrence(index, 12, "gren")
    assert unknown.name == "gren" and unknown.symbol is None


def test_references_collect_every_use():
    index = build_index(CASE, "c.case")
    model = next(s for s in index.symbols if s.name == "model")
    assert sorted(o.span.line for o in index.references(model)) == [4, 8, 13, 17]


def test_a_text_that_does_not_parse_has_no_index():
    assert build_index('case c "C"\nclaim G0 "x": a ==\n', "c.case") is None


def test_names_not_declared_here_resolve_in_required_cases(tmp_path):
    (tmp_path / "base.case").write_text('case base "Base"\nclaim B1 "b": true\n')
    text = 'case top "Top"\nrequires "base.case"\nclaim G0 "g": true\n  by S1\nstrategy S1 "s": from B1\n'
    index = with_required(build_index(text, str(tmp_path / "top.case")))
    assert index.requires[0][1] == str(tmp_path / "base.case")
    use = index.at(5, text.split("\n")[4].index("B1") + 1)
    assert use.symbol is not None and use.symbol.span.path == str(tmp_path / "base.case") and use.symbol.span.line == 2


def test_the_example_has_no_undeclared_name():
    index = build_index(EXAMPLE.read_text(), str(EXAMPLE))
    assert [o.name for o in index.occurrences if o.symbol is None] == []
    assert len(index.occurrences) > 150


# ---- patterns ----------------------------------------------------------------------------------

PATTERN_CASES = sorted((REPO / "examples" / "patterns").glob("*.case")) + sorted((REPO / "stdlib_patterns").glob("*.case"))


def test_cases_and_libraries_with_patterns_have_no_undeclared_name():
    """Instance names, the pattern's shared declarations, `use` arguments, parameters and family variables all resolve."""
    for path in PATTERN_CASES + [REPO / "tests" / "cases" / "ok" / "pattern_local.case"]:
        index = with_patterns(with_required(build_index(path.read_text(), str(path))))
        assert [(o.name, o.span.line) for o in index.occurrences if o.symbol is None] == [], path.name


def test_an_instance_name_is_declared_at_the_pattern_line():
    path = REPO / "examples" / "patterns" / "misuse_safeguards.case"
    index = with_patterns(build_index(path.read_text(), str(path)))
    use = next(o for o in index.occurrences if o.name == "sg.G0" and not o.declaration)
    library = REPO / "stdlib_patterns" / "misuse_safeguards.case"
    declared = next(i for i, line in enumerate(library.read_text().splitlines(), 1) if line.startswith("  claim G0 "))
    assert Path(use.symbol.span.path).resolve() == library.resolve() or use.symbol.span.path.endswith(
        "stdlib_patterns/misuse_safeguards.case")
    assert use.symbol.span.line == declared
    assert "instance `sg`" in use.symbol.detail


def test_references_of_a_name_from_a_required_case_include_its_uses_there(tmp_path):
    pytest.importorskip("lsprotocol", reason="the lsp extra is not installed: pip install '.[test,lsp]'")
    from checker.lsp.features import references

    (tmp_path / "base.case").write_text('case base "Base"\nclaim B1 "b": true\n  by SB\nstrategy SB "s": from B2\n'
                                        'claim B2 "c": true\nclaim B3 "d": true\n  by SC\nstrategy SC "t": from B2\n')
    text = 'case top "Top"\nrequires "base.case"\nclaim G0 "g": true\n  by S1\nstrategy S1 "s": from B2\n'
    index = with_required(build_index(text, str(tmp_path / "top.case")))
    found = references(index, 5, text.split("\n")[4].index("B2") + 1, True)
    places = sorted((Path(span.path).name, span.line) for span in found)
    assert places == [("base.case", 4), ("base.case", 5), ("base.case", 8), ("top.case", 5)]
