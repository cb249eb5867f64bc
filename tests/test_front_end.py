"""Each item is built into its syntax node as soon as the parser has read it (`syntax.build.read`).

The parse tree of a whole file is never made: `parser.parse(..., each_item=...)`
hands every item to the builder when its last token is read, and keeps the node
in the item's place. The result must be exactly that of building the whole
tree after the parse (`build(parse(...))`, which the formatter and the language
server still use): the same nodes with every span, the same findings in the
same order (the findings of an item built early join the others where the item
stands), and the same S002 for a tree too deep, on both parsers.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import attrs
import lark
import pytest

from benchmark_case import generated_case
from checker.syntax import build as builder
from checker.syntax import parser, trees
from checker.syntax.build import build, read
from checker.syntax.parser import has_header, parse

REPO = Path(__file__).resolve().parent.parent
CASES = sorted(p for folder in ("examples", "tests/cases", "stdlib_patterns", "tests/scope_fixtures")
               for p in (REPO / folder).rglob("*.case"))
HEADER = 'case x "x"\n'
BIG = "1" + "0" * 1200  # more digits than a number may have: a finding of the builder


@pytest.fixture(autouse=True)
def which_parser(each_parser):
    """Every test here runs once with each parser (tests/conftest.py's each_parser)."""
    return each_parser


def _start(text: str) -> str:
    return "start" if has_header(text) else "items"


def _shown(syntax, findings) -> tuple:
    return ([(f.code, f.message, f.span) for f in findings],
            None if syntax is None else attrs.asdict(syntax))


def whole_tree(text: str) -> tuple:
    """Findings (in order) and nodes with every span, the whole parse tree built after the parse."""
    tree, findings = parse(text, "x.case", _start(text))
    if tree is None:
        return _shown(None, findings)
    return _shown(*build(tree, "x.case"))


def as_read(text: str) -> tuple:
    return _shown(*read(text, "x.case", _start(text)))


def _nested(patterns: int, claim: str) -> str:
    return HEADER + "pattern P() {\n" * patterns + f' claim G "g": {claim}\n' + "}\n" * patterns


# The builder's findings inside a pattern come after its parameters' and before the header's.
ORDER = [
    HEADER + 'version "1"\nversion "2"\n'
    f'pattern P(x: real in [0, {BIG}], y: measure(Threat): real in [0, {BIG}]) where x > {BIG} {{\n'
    ' evidence E "e" { kind test kind test date 2020-13-01 }\n evidence Z\n'
    f' claim C "c": x > {BIG}\n evidence Q\n}}\n'
    'evidence F "f" { date 2021-02-30 date 2020-01-01 }\nevidence G1, G2\nclaim C "c"\nevidence X\n',
    f'pattern P(x: real in [0, {BIG}]) {{\n evidence E "e" {{ kind test }}\n evidence Z\n}}\nclaim K "k": {BIG} > 1\n',
]
# Items around the tree-depth limit (200), alone, in patterns and in 97-100 nested patterns.
DEEP = ([HEADER + 'claim G "g": ' + "not " * d + "a\n" for d in (98, 99, 100, 101, 197, 198, 199, 250)]
        + [HEADER + "pattern P() {\n pattern Q() {\n  claim G \"g\": " + "not " * d + "a\n }\n}\n" for d in (99, 196, 197)]
        + [_nested(k, "not " * d + "a") for k in (97, 98, 99, 100) for d in (88, 96, 98, 100)]
        + [_nested(k, "a + " * 96 + "a > 1") for k in (99, 100)])


def _texts() -> list:
    texts = [path.read_text("utf-8", errors="replace") for path in CASES]
    cut = [text[:len(text) // 2] + text[len(text) // 2 + 7:] for text in texts]  # a syntax error in each
    return texts + cut + ORDER + DEEP + [generated_case(30), "", "# only a comment\n"]


def test_items_built_as_read_give_what_the_whole_tree_gives():
    texts = _texts()
    assert [as_read(text) for text in texts] == [whole_tree(text) for text in texts]


def test_the_order_cases_have_findings_inside_and_outside_patterns():
    # The test above is only as strong as its cases: these have builder findings in a pattern and around it.
    codes = [code for code, _, _ in whole_tree(ORDER[0])[0]]
    assert codes.count("S001") >= 4 and codes.count("S004") == 2 and codes[-1] == "S005"


def test_every_item_is_handed_over_as_it_is_read():
    text = generated_case(10)
    seen = []
    tree, findings = parse(text, "x.case", each_item=lambda item: seen.append(item.data) or len(seen))
    made = [child for child in tree.children[1:]]
    assert not findings and made and all(child.data == "made" for child in made)
    assert [child.children[0].value for child in made] == list(range(1, len(seen) + 1))
    assert "claim_decl" in seen and "evidence_decl" in seen


def test_an_item_made_so_deep_that_it_might_pass_the_limit_is_read_again_as_a_whole_tree(monkeypatch):
    # The claim (height 100) is made; the 100 patterns around it are too tall to be, so the made claim stands
    # at depth 102, where its tree could have passed the limit: the file is parsed again without making items.
    text = _nested(100, "a + " * 96 + "a > 1")
    calls = []
    parse_tree = parser._parse_tree
    monkeypatch.setattr(parser, "_parse_tree", lambda *args: calls.append(args[2] is not None) or parse_tree(*args))
    assert as_read(text) == whole_tree(text)
    assert calls[:2] == [True, False] and as_read(text)[0][0][0] == "S002"


def test_an_item_whose_building_raises_is_left_for_the_build_of_the_tree(monkeypatch):
    def broken(self, tree):
        raise ZeroDivisionError("a bug in the builder")

    monkeypatch.setattr(builder._Builder, "strategy_decl", broken)
    text = (REPO / "examples" / "cyber_inability_by_hand.case").read_text()
    seen = []
    tree, findings = parse(text, "x.case", each_item=lambda item: seen.append(item.data) or broken(None, item))
    assert tree is not None and not findings and "strategy_decl" in seen
    assert all(isinstance(child, lark.Tree) and child.data != "made" for child in tree.children[1:])
    with pytest.raises(ZeroDivisionError):
        read(text, "x.case")


def test_the_height_of_a_pattern_counts_its_items_made_before_it():
    tree = parse(_nested(3, "not " * 40 + "a"), "x.case")[0]
    assert tree.children[1].data == "pattern_decl"  # parsed without a hook: every item is a tree
    whole = trees.height(tree.children[1])
    made = []
    parse(_nested(3, "not " * 40 + "a"), "x.case", each_item=lambda item: made.append(trees.height(item)) or item)
    tree = parse(_nested(3, "not " * 40 + "a"), "x.case",
                 each_item=lambda item: trees.made(item, None, trees.height(item)))[0]
    assert made[-1] == whole and tree.children[1].children[0].height == whole


_MEASURE = """
import sys, tracemalloc
sys.path.insert(0, sys.argv[1])
from benchmark_case import generated_case
from checker.syntax.build import build, read
from checker.syntax.parser import parse
text = generated_case(100)
parse(text, "x.case")  # the parsers built before measuring
tracemalloc.start()
syntax, _ = build(parse(text, "x.case")[0], "x.case")
whole = tracemalloc.get_traced_memory()[1]
del syntax
tracemalloc.reset_peak()
syntax, _ = read(text, "x.case")
print(whole, tracemalloc.get_traced_memory()[1], syntax is not None)
"""


def test_reading_holds_far_less_memory_than_building_the_whole_parse_tree(which_parser):
    # Measured in a process of its own: after some orders of earlier tests in this one, what they left
    # behind moved the two peaks until reading looked the larger.
    env = {**os.environ, "WARRANT_PURE_LARK": "1"} if which_parser == "pure Lark" else dict(os.environ)
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(Path(__file__).resolve().parent)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    whole, peak_read, made = done.stdout.split()
    # The whole tree and the nodes were alive together; now one item's tree at a time beside the nodes.
    assert made == "True" and int(peak_read) < 0.65 * int(whole), (peak_read, whole)
