"""A world: one deployment configuration (and the previous one, for triggers) with values for measures.

Solvers return worlds as counterexamples; the plain evaluator reads them; the
reporters print them in the case's own names.
"""
from __future__ import annotations

import datetime
from fractions import Fraction

import attrs


class Member(str):
    """An enum member's name: equal to the plain string, but printed bare where strings are quoted."""

    __slots__ = ()


class Unlisted(str):
    """A string the case never writes: distinct from every literal, printed as such."""

    __slots__ = ()


@attrs.frozen
class World:
    """`context` and `old` map variable names to values; `measures` maps (name, args) to values.

    Values are bool, Fraction (int and real), str (string), Member (enum value),
    datetime.date, or frozenset of member names (sets).
    """

    context: dict = attrs.field(factory=dict)
    measures: dict = attrs.field(factory=dict)
    old: dict = attrs.field(factory=dict)
    # False when a value is a decimal close to an irrational number (nonlinear arithmetic).
    exact: bool = True

    def restricted(self, symbols) -> "World":
        """Only the values of `symbols` (as encode.py names them: ("ctx"|"old", name) or ("measure", name, args))."""
        return World(
            {k: v for k, v in self.context.items() if ("ctx", k) in symbols},
            {k: v for k, v in self.measures.items() if ("measure", *k) in symbols},
            {k: v for k, v in self.old.items() if ("old", k) in symbols},
            self.exact,
        )

    def lines(self) -> list[str]:
        """`name = value` lines, context first, then measures, each sorted: stable output."""
        shown = [f"{name} = {show_value(value)}" for name, value in sorted(self.context.items())]
        shown += [f"old({name}) = {show_value(value)}" for name, value in sorted(self.old.items())]
        for (name, args), value in sorted(self.measures.items()):
            call = f"{name}({', '.join(args)})" if args else name
            shown.append(f"{call} = {show_value(value)}")
        if not self.exact:
            shown.append("(some values are irrational; they are shown rounded to 12 places)")
        return shown


def show_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return show_number(value)
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(value)) + "}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Member):
        return str(value)
    if isinstance(value, Unlisted):
        return "(a string the case does not mention)"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def show_number(value: Fraction) -> str:
    """Exact where a short decimal is exact, otherwise a fraction: never a rounded lie."""
    if value.denominator == 1:
        return str(value.numerator)
    denominator, places = value.denominator, 0
    for prime in (2, 5):
        count = 0
        while denominator % prime == 0:
            denominator //= prime
            count += 1
        places = max(places, count)
    if denominator == 1 and places <= 12:
        # Integer arithmetic, never float: a number past float's range (a 1,000-digit literal) is shown too.
        scaled = abs(value.numerator) * 10 ** places // value.denominator
        whole, fraction = divmod(scaled, 10 ** places)
        sign = "-" if value < 0 else ""
        return f"{sign}{whole}.{str(fraction).rjust(places, '0').rstrip('0')}"
    return f"{value.numerator}/{value.denominator}"
