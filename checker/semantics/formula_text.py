"""Model formulas back to case-language text: parsing the text again gives an equal formula."""
from __future__ import annotations

import datetime
from fractions import Fraction

from . import model as m
from .world import show_number

# ---- formulas back to case-language text -----------------------------------------------
# Binding strength, loosest first, as in docs/language.md section 13.1.
_IFF, _IMPLIES, _OR, _AND, _NOT, _CMP, _ADD, _MUL, _NEG, _ATOM = range(1, 11)
_LOGIC_LEVEL = {"iff": _IFF, "implies": _IMPLIES, "or": _OR, "and": _AND}
# The least level each operand of a binary operator may have without brackets:
# iff does not chain, implies groups to the right, the rest to the left.
_OPERANDS = {"iff": (_IMPLIES, _IMPLIES), "implies": (_OR, _IMPLIES), "or": (_OR, _AND),
             "and": (_AND, _NOT), "+": (_ADD, _MUL), "-": (_ADD, _MUL), "*": (_MUL, _NEG)}


def formula_text(expr) -> str:
    """Case-language text for a model expression; parsing it back gives an equal expression."""
    return _text(expr, 0, True)


def _text(expr, need: int, last: bool) -> str:
    """`need` is the least level that stands here unbracketed; `last` says nothing follows before a closing bracket."""
    # A quantifier's body reaches as far right as it can, so one with text after it is bracketed.
    bracket = _level(expr) < need or (isinstance(expr, m.Quant) and not last)
    text = _PRINTERS[type(expr)](expr, True if bracket else last)
    return f"({text})" if bracket else text


def _level(expr) -> int:
    if isinstance(expr, m.Logic):
        return _LOGIC_LEVEL[expr.op]
    if isinstance(expr, m.Arith):
        return _MUL if expr.op == "*" else _ADD
    if isinstance(expr, m.Const) and isinstance(expr.value, Fraction) and expr.value < 0:
        return _NEG  # `-0.5` is unary minus applied to a literal
    return _LEVELS.get(type(expr), _ATOM)


_LEVELS = {m.Not: _NOT, m.Compare: _CMP, m.Member: _CMP, m.Between: _CMP, m.Neg: _NEG}


def _const(expr: m.Const, last: bool) -> str:
    value = expr.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return number_literal(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(value)) + "}"
    if expr.type.kind == "enum":
        return value
    return string_literal(value)


def number_literal(value: Fraction) -> str:
    """Exact decimal text; show_number falls back to `p/q` beyond 12 places, which the grammar cannot read."""
    shown = show_number(value)
    if "/" not in shown:
        return shown
    places = 0
    while (value * 10 ** places).denominator != 1:
        places += 1
        if places > 1100:  # not a terminating decimal: no literal can have produced it
            return shown
    digits = str(abs(value * 10 ** places).numerator).rjust(places + 1, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def string_literal(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def _binary(expr, last: bool) -> str:
    """Logic and Arith: the right operand inherits `last`, the left never has it."""
    left_need, right_need = _OPERANDS[expr.op]
    return f"{_text(expr.left, left_need, False)} {expr.op} {_text(expr.right, right_need, last)}"


def _neg(expr: m.Neg, last: bool) -> str:
    operand = _text(expr.operand, _NEG, last)
    return f"- {operand}" if operand.startswith("-") else f"-{operand}"


def _compare(expr: m.Compare, last: bool) -> str:
    # `changed(x)` was desugared to `x != old(x)`, which this prints as it stands.
    return f"{_text(expr.left, _ADD, False)} {expr.op} {_text(expr.right, _ADD, last)}"


def _member(expr: m.Member, last: bool) -> str:
    op = "not in" if expr.negated else "in"
    return f"{_text(expr.element, _ADD, False)} {op} {_text(expr.collection, _ADD, last)}"


def _between(expr: m.Between, last: bool) -> str:
    op = "not in" if expr.negated else "in"
    low, high = _text(expr.low, _ADD, True), _text(expr.high, _ADD, True)
    return f"{_text(expr.subject, _ADD, False)} {op} [{low}, {high}]"


def _quant(expr: m.Quant, last: bool) -> str:
    binders = ", ".join(f"{name}: {enum}" for name, enum in expr.variables)
    return f"{expr.kind} {binders}. {_text(expr.body, 0, True)}"


def _measure(expr: m.MeasureApp, last: bool) -> str:
    if not expr.args:
        return expr.name
    return f"{expr.name}({', '.join(_text(arg, 0, True) for arg in expr.args)})"


_PRINTERS = {
    m.Const: _const,
    m.CtxVar: lambda expr, last: expr.name,
    m.BoundVar: lambda expr, last: expr.name,
    m.OldVar: lambda expr, last: f"old({expr.name})",
    m.MeasureApp: _measure,
    m.SetOf: lambda expr, last: "{" + ", ".join(_text(item, 0, True) for item in expr.items) + "}",
    m.Not: lambda expr, last: f"not {_text(expr.operand, _NOT, last)}",
    m.Logic: _binary,
    m.Neg: _neg,
    m.Arith: _binary,
    m.Compare: _compare,
    m.Member: _member,
    m.Between: _between,
    m.Quant: _quant,
}
