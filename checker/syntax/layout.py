"""The layout rules of the canonical format: a table per keyword, read by `formatter.py`.

Everything not named here gets the default layout: the rule's tokens on one line,
one space apart, with the spacing exceptions of `space_between`. A new construct in
the grammar is therefore formatted, readably, without a line here; a line here only
chooses where it breaks.
"""
from __future__ import annotations

WIDTH = 100  # columns; a group that does not fit breaks at its soft breaks
INDENT = 2

NEWLINE = "newline"  # always a new line, one step in
SOFT = "soft"  # a new line one step in, only when the rule does not fit on its line

# The break before a child of a rule, by (rule, child). A child is named by its rule
# (a subtree) or its text (a token); "after X" names the child after the token X.
BREAKS = {
    ("header", "version"): NEWLINE,
    ("header", "author"): NEWLINE,
    ("claim_decl", "within"): SOFT,
    ("claim_decl", "claim_by"): NEWLINE,
    ("formal_body", "after :"): SOFT,
    ("strategy_decl", "strategy_from"): SOFT,
    ("strategy_decl", "strategy_given"): SOFT,
    ("strategy_decl", "strategy_judged"): SOFT,
    ("defeater_decl", "defeater_asserts"): SOFT,
    ("defeater_decl", "st_open"): NEWLINE,
    ("defeater_decl", "st_rebutted"): NEWLINE,
    ("defeater_decl", "st_accepted"): NEWLINE,
    ("trigger_decl", "after :"): SOFT,
    ("trigger_decl", "reopens"): SOFT,
    ("decision_decl", "decision_expires"): SOFT,
    ("forall", "after ."): SOFT,
    ("exists", "after ."): SOFT,
    ("count", "after ."): SOFT,
    ("sum", "after ."): SOFT,
}

# Rules whose `{ ... }` hold one entry per line. Braces that hold items (a rule whose
# entries are items) are blocks too without being named here.
BLOCKS = frozenset({"context_decl", "boundary_decl", "evidence_decl", "accept_decl"})

# Braces written without inner spaces: `{a, b}`; other lists read `{ a, b }`.
TIGHT_BRACES = frozenset({"set_lit"})

# Operator chains: when one does not fit, each operator starts a continuation line.
CHAINS = frozenset({"iff", "implies", "or_", "and_"})

# Rules in which `.` ends the binders: no space before it, one after.
QUANTIFIERS = frozenset({"forall", "exists", "count", "sum"})

# Elastic tab stops, by (rule, child): consecutive lines with a stop of the same kind align there.
TABS = {
    ("enum_decl", "{"): "enum",
    ("context_var", "affordance"): "affordance",
}

# An item of the first rule right after an item of the second belongs to it: a claim's
# `evidence E1, E2` line goes under the claim, one step in, with no blank line.
ATTACHED = {"evidence_refs": "claim_decl"}

OPENERS = {"{": "}", "(": ")", "[": "]"}
CLOSERS = frozenset(OPENERS.values())


def is_opener(text: str, kind: str) -> bool:
    """`{`, `(`, `[`, or a measure application `f(` (one CALL token)."""
    return text in OPENERS or kind == "CALL"


def closer_of(text: str) -> str:
    return OPENERS.get(text, ")")


def canonical(kind: str, text: str) -> str:
    """A token's canonical spelling: `not in` with one space, numbers without redundant zeros."""
    if kind == "_NOT_IN":
        return "not in"
    if kind == "NUMBER":
        whole, dot, fraction = text.partition(".")
        whole = whole.lstrip("0") or "0"
        return f"{whole}.{fraction.rstrip('0') or '0'}" if dot else whole
    return text


def space_between(left: str, left_rule: str, left_kind: str, right: str, right_rule: str) -> str:
    """What separates two tokens on one line: one space, or nothing.

    `left_rule` and `right_rule` are the rules the tokens belong to, `left_kind` the
    terminal of the left one. Nothing is dropped between two tokens that would then
    lex as one (two words, `-` `-`).
    """
    if left in ("(", "[") or left.endswith("(") and len(left) > 1:  # `f(` is one CALL token
        return ""
    if right in (")", "]", ",", ":"):
        return ""
    if right == "." or left == "." and left_rule not in QUANTIFIERS:
        return ""  # binders end `T. body`; a qualified name is `a.b`
    if left == "-" and left_rule == "neg" and right != "-":
        return ""
    if left_rule == "t_set" and left == "<" or right_rule == "t_set" and right in ("<", ">"):
        return ""  # `set<Tool>`
    if left == "{" and left_rule in TIGHT_BRACES or right == "}" and right_rule in TIGHT_BRACES:
        return ""
    if right in ("(", "[") and left_kind in ("NAME", "QNAME") and right_rule != "atom":
        return ""  # parameters after a name: `measure uplift(Threat)`, a member `cyber.G1[vuln]`; a bracketed formula keeps its space
    if right == "(" and right_rule == "param_enums":
        return ""  # a measure parameter's signature: `score: measure(T): real`
    return " "
