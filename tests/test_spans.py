"""The parser builds Lark's own trees and finds every node's position from its first and last tokens, exactly as Lark does.

`syntax.parser.parse` does not ask Lark for `propagate_positions` (a third of the
parse's time): each tree node keeps the first and last tokens of its text
(`_ends`) and of its text with the brackets around it (`_box`). Every span the
builder, the findings, the formatter and the language server use comes from
them, so here every node of every tree is held to what Lark's
`propagate_positions` puts in `meta` (`line`, `column`, `end_line`,
`end_column`, and the `container_*` fields), on every shipped case, every
golden case, the generated benchmark case and cases written from the grammar.

Each test runs on both parsers `parse` may use: pure Lark, and lark-cython (the
`fast` extra) for files it reads without error; the last tests hold the two to
the same findings and the same nodes, spans included.
"""
from __future__ import annotations

import random
from pathlib import Path

import attrs
import lark
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmark_case import generated_case
from checker.syntax import parser
from checker.syntax.build import build
from checker.syntax.parser import has_header, parse

try:
    from tests.grammar_cases import grammar_texts
except ImportError:  # tests/ is not importable as a package in this run
    from grammar_cases import grammar_texts

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def which_parser(each_parser):
    """Every test here runs once with each parser (tests/conftest.py's each_parser)."""
    return each_parser
CASES = sorted(p for folder in ("examples", "tests/cases", "stdlib_patterns", "tests/scope_fixtures")
               for p in (REPO / folder).rglob("*.case"))


def _reference() -> lark.Lark:
    """The same grammar and options, with Lark's own `propagate_positions` and its own trees."""
    return parser._build_lark(maybe_placeholders=True, propagate_positions=True)


_REFERENCE = []


def reference_tree(text: str, start: str) -> lark.Tree:
    if not _REFERENCE:
        _REFERENCE.append(_reference())
    return _REFERENCE[0].parse(text, start=start, on_error=parser._keyword_as_name)


def positions(ours, theirs) -> list:
    """Every node where our tokens and Lark's meta disagree, as (rule, ours, Lark's); walked without recursion."""
    wrong = []
    stack = [(ours, theirs)]
    while stack:
        mine, lark_node = stack.pop()
        assert mine.data == lark_node.data and [_leaf(c) for c in mine.children] == [_leaf(c) for c in lark_node.children]
        if _ours(mine) != _lark(lark_node.meta):
            wrong.append((mine.data, _ours(mine), _lark(lark_node.meta)))
        stack.extend((a, b) for a, b in zip(mine.children, lark_node.children) if isinstance(a, lark.Tree))
    return wrong


def _leaf(child):
    """A child as Lark would have it: a subtree by its rule, a token by its type, text and place, or None."""
    if isinstance(child, lark.Tree):
        return child.data
    if child is None:
        return None
    return child.type, str(child), child.line, child.column, child.end_line, child.end_column


def _ours(tree):
    if tree._ends is None:
        return None
    (first, last), (outer_first, outer_last) = tree._ends, tree._box
    return ((first.line, first.column, last.end_line, last.end_column),
            (outer_first.line, outer_first.column, outer_last.end_line, outer_last.end_column))


def _lark(meta):
    if meta.empty:
        return None
    return ((meta.line, meta.column, meta.end_line, meta.end_column),
            (meta.container_line, meta.container_column, meta.container_end_line, meta.container_end_column))


def assert_same_positions(text: str) -> None:
    start = "start" if has_header(text) else "items"
    tree, findings = parse(text, "x.case", start)
    if tree is None:
        return  # a syntax error: no tree, and the finding's span comes from the token Lark names
    assert positions(tree, reference_tree(text, start)) == []


@pytest.mark.parametrize("path", CASES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_node_of_every_shipped_and_golden_case_is_where_lark_puts_it(path):
    assert_same_positions(path.read_text("utf-8", errors="replace"))


def test_every_node_of_the_generated_benchmark_case_is_where_lark_puts_it():
    assert_same_positions(generated_case(30))


@pytest.mark.parametrize("text", [
    'case x "x"\nclaim G "g": ((a) or ((b)))\n',  # brackets widen the box, never the node's own span
    'case x "x"\nclaim G "g": not (a and b) implies ((c))\n',
    'case x "x"\nclaim G "g": f((a), (b + (c))) in [(1), ((2))]\n',
    'claim G "g": informal\nevidence E\n',  # a file of bare items
    '',  # an empty file of items: a tree with no text
    '# only a comment\n',
])
def test_brackets_and_empty_files_are_where_lark_puts_them(text):
    assert_same_positions(text)


@settings(max_examples=120, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.one_of(grammar_texts(), grammar_texts(with_prelude=True), grammar_texts(start="items")))
def test_every_node_of_cases_from_the_grammar_is_where_lark_puts_it(text):
    assert_same_positions(text)


def test_lark_cython_reads_a_clean_file_and_pure_lark_a_broken_one(which_parser):
    leaf = parse('case x "x"\nclaim G "g": a\n', "x.case")[0].children[0].children[0]
    assert (type(leaf).__module__.startswith("lark_cython")) == (which_parser == "lark-cython")
    broken = 'case x "x"\nboundary {\n  x == 1\n  model == "x"\n}\nclaim G "g": a b\n'
    tree, findings = parse(broken, "x.case")
    assert tree is None and [f.code for f in findings] == ["S001"] and findings[0].span.line == 6


def _built(text: str) -> tuple:
    """Findings and nodes, every span in them, of one text."""
    start = "start" if has_header(text) else "items"
    tree, findings = parse(text, "x.case", start)
    shown = [(f.code, f.message, f.span) for f in findings]
    if tree is None:
        return shown, None
    syntax, built = build(tree, "x.case")
    return shown + [(f.code, f.message, f.span) for f in built], attrs.asdict(syntax)


def _texts() -> list:
    """The shipped and golden cases, and each cut at a few random places (syntax errors of every kind)."""
    texts = [path.read_text("utf-8", errors="replace") for path in CASES]
    rng = random.Random(10)
    for text in list(texts):
        for _ in range(2):
            at = rng.randrange(len(text) or 1)
            texts.append(text[:at] + text[at + rng.randrange(1, 20):])
    deep = 'case x "x"\nclaim G "g": '
    return texts + [deep + "(" * 101 + "a" + ")" * 101, deep + "(" * 100 + "a {b})", deep + "not " * 300 + "a"]


def test_both_parsers_give_the_same_findings_and_nodes(which_parser, monkeypatch):
    if which_parser == "pure Lark":
        pytest.skip("compares lark-cython's results with pure Lark's; runs once, in the lark-cython run")
    fast = [_built(text) for text in _texts()]
    monkeypatch.setattr(parser, "_fast_lark", lambda: None)
    assert fast == [_built(text) for text in _texts()]


def _first_too_deep_depth_first(tree, limit):
    """The node S002 named before the level-by-level walk: the first deeper than `limit`, last child first."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return node
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, lark.Tree))
    return None


@pytest.mark.parametrize("formula", [
    "(" + "not " * 250 + "a) and (" + "not " * 260 + "b)",
    "(" + "not " * 260 + "a) and (" + "not " * 250 + "b)",
    " + ".join(["x"] * 250) + " == " + " * ".join(["y"] * 230),
    "f(" * 215 + "a" + ")" * 215 + " and " + "g(" * 205 + "b" + ")" * 205,
])
def test_the_tree_depth_limit_names_the_same_node_as_a_depth_first_walk(formula):
    tree = parser._parse_tree(f'case x "x"\nclaim G "g": {formula}\n', "start")
    expected = _first_too_deep_depth_first(tree, parser.MAX_TREE_DEPTH)
    assert expected is not None and parser._deepest_beyond(tree, parser.MAX_TREE_DEPTH) is expected
