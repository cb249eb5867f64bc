"""A hypothesis strategy that writes case files from the grammar itself (grammar/case.lark).

`grammar_texts()` derives text from the rules Lark compiled from the grammar, so every
construct the language has (and any it gains later) is generated without code here:
each nonterminal picks one of its expansions, each terminal a value. A budget on the
depth of the derivation keeps cases small; once it is spent, each nonterminal takes its
shortest expansion, so every derivation ends. The text is therefore a sentence of the
grammar; `tests/test_fuzz.py` asserts that the parser accepts every one.

Names are drawn from a small pool, and `with_prelude=True` puts them in a declared world
(an enum, context variables, a measure) before generated items, so that a share of the
cases gets past name and type resolution into the check families and the solver.

Two spots are written with care, both documented choices of the grammar
(docs/language.md): formulas inside a `boundary` block are juxtaposed, so each is put in
brackets (`a` then `- b` would read as `a - b`); and a keyword is never drawn as a name.
"""
from __future__ import annotations

import collections
import functools

from hypothesis import strategies as st

from checker.syntax.parser import _lark

NAMES = ("G0", "G1", "G2", "S0", "S1", "E1", "E2", "A1", "D1", "T1", "rate", "users", "flag", "Threat", "phishing",
         "malware", "t", "u", "x", "low", "inst", "P")
PRELUDE = '''case fuzz "Generated from the grammar"
  version "1.0"
  author "Fuzz"

enum Threat { phishing, malware }
context { users: int  flag: bool  x: real }
measure rate(Threat): real in [0, 1]
'''
_VALUES = {
    "NAME": NAMES,
    "QNAME": ("stdlib.threshold_gate", "stdlib.inability_via_proxy", "inst.G0", "inst.E1"),
    "CALL": ("rate(", "old(", "changed(", "P(", "low("),
    "STRING": ('"t"', '"A title"', '""', '"other.case"', '"lib.case"', '"a \\"quoted\\" word"', '"tab\\there"',
               '"ünïcödé"', '"2026-01-01"'),
    "NUMBER": ("0", "1", "2", "10", "0.5", "0.25", "1000", "0.001"),
    "DATE": ("2026-01-01", "2026-12-31", "2027-06-30", "2026-02-30"),
    "_NOT_IN": ("not in",),
}


@functools.cache
def grammar():
    """(rules: nonterminal -> expansions, each a tuple of (name, is_terminal); terminal patterns; least depths)."""
    parser = _lark()
    rules = collections.defaultdict(list)
    for rule in parser.rules:
        rules[str(rule.origin.name)].append(tuple((str(s.name), s.is_term) for s in rule.expansion))
    patterns = {t.name: t.pattern for t in parser.terminals}
    return dict(rules), patterns, _least_depths(rules)


def _least_depths(rules) -> dict:
    """How deep the shallowest derivation of each nonterminal goes (terminals are 0), by fixpoint."""
    depth = {}
    changed = True
    while changed:
        changed = False
        for name, expansions in rules.items():
            best = min((_cost(e, depth) for e in expansions), default=None)
            if best is not None and best < depth.get(name, 10 ** 9):
                depth[name] = best
                changed = True
    return depth


def _cost(expansion, depth) -> int:
    return 1 + max((0 if term else depth.get(name, 10 ** 9) for name, term in expansion), default=0)


def _terminal(name: str, patterns: dict):
    if name in _VALUES:
        return st.sampled_from(_VALUES[name])
    pattern = patterns[name]
    if pattern.type == "str":
        return st.just(pattern.value)
    return st.from_regex(pattern.to_regexp(), fullmatch=True)  # none today: every regex terminal is listed above


@st.composite
def grammar_texts(draw, start: str = "start", extra_depth: int = 24, with_prelude: bool = False):
    """A sentence of the grammar from `start` (`start` a whole case, `items` bare items)."""
    rules, patterns, depth = grammar()
    budget = depth[start] + draw(st.integers(0, extra_depth))
    out = []

    def expand(symbol: str, left: int) -> None:
        expansions = rules[symbol]
        fitting = [e for e in expansions if _cost(e, depth) <= left] or [min(expansions, key=lambda e: _cost(e, depth))]
        for name, is_terminal in fitting[draw(st.integers(0, len(fitting) - 1))]:
            if is_terminal:
                out.append(draw(_terminal(name, patterns)))
            elif name == "formula" and symbol.startswith("__boundary_decl_star"):
                out.append("(")
                expand(name, left - 1)
                out.append(")")
            else:
                expand(name, left - 1)

    expand(start, budget)
    text = " ".join(out)
    return PRELUDE + text if with_prelude else text


def cases_from_the_grammar():
    """Whole cases from `start`, and declared worlds followed by generated items, in equal measure."""
    return st.one_of(grammar_texts(), grammar_texts(start="items", with_prelude=True))
