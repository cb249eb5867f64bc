"""Formulas: syntax expressions -> typed model expressions, type errors as located findings."""
from __future__ import annotations

import difflib

import attrs

from . import model as m
from .world import show_number
from ..syntax import nodes as n
from ..findings.finding import finding

_ARITH = {"+", "-", "*"}
_ORDER = {"<", "<=", ">", ">="}
_LOGIC = {"and", "or", "implies", "iff"}


@attrs.frozen
class Scope:
    """Where a formula stands: what it may mention, and the variables bound around it."""

    place: str
    measures: bool  # may mention measures
    old: bool  # may use old(x) and changed(x)
    bound: tuple = ()  # of (name, Type), innermost last

    @classmethod
    def world(cls, place):
        return cls(place, measures=False, old=False)

    @classmethod
    def argument(cls, place):
        return cls(place, measures=True, old=False)

    @classmethod
    def change(cls, place):
        return cls(place, measures=False, old=True)

    def bind(self, variables) -> "Scope":
        return attrs.evolve(self, bound=self.bound + tuple(variables))

    def lookup(self, name: str):
        for bound_name, bound_type in reversed(self.bound):
            if bound_name == name:
                return bound_type
        return None


def _undefined(kind: str, name: str, span, help: str | None):
    return finding("N101", span, kind=kind, name=name, help=help)


class _Bad(Exception):
    """A sub-expression already reported; unwinds to the formula's root without a second finding."""


class Typer:
    @classmethod
    def for_case(cls, case: m.Case, findings: list, unknown_name=None) -> "Typer":
        """A typer over a resolved case's names, for formulas written outside it (targets, round trips).

        `unknown_name(kind, name, span, help)` makes the finding for a name the case
        does not declare, when the caller's rule for it is not N101.
        """
        members = {}
        for enum in case.enums.values():
            for member in enum.members:
                members.setdefault(member, []).append(enum.name)
        return cls(case.enums, members, case.context, case.measures, findings, unknown_name)

    def __init__(self, enums, members, context, measures, findings, unknown_name=None):
        self.enums = enums
        self.members = members
        self.context = context
        self.measures = measures
        self.findings = findings
        self.unknown_name = unknown_name or _undefined

    def undeclared(self, kind: str, token, candidates) -> None:
        """Report a name nothing declares, with the closest declared spelling as help; unwinds the formula."""
        name, span = (token.text, token.span) if isinstance(token, n.Ident) else (token.name, token.span)
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
        self.findings.append(self.unknown_name(kind, name, span, f"did you mean `{close[0]}`?" if close else None))
        raise _Bad()

    # ---- entry points ---------------------------------------------------------

    def formula(self, expr, scope: Scope):
        """A formula (bool), or None when it has a type error (already reported)."""
        try:
            typed = self.expr(expr, scope, m.BOOL)
            self.expect(typed, m.BOOL, scope.place, expr)
            return typed
        except _Bad:
            return None

    def constant(self, expr, wanted: m.Type, place: str):
        """A literal of the wanted type (settings), or None after a finding."""
        try:
            typed = self.expr(expr, Scope.world(place), wanted)
            self.expect(typed, wanted, place, expr)
            if not _is_constant(typed):
                self.report("N201", expr, place=place, expected="a literal value", found="an expression")
            if wanted.kind == "int" and typed.value.denominator != 1:
                # an int variable takes no value between whole numbers: the setting would describe no deployment
                self.report("N201", expr, place=place, expected="a whole number (int)", found=f"the number {show_number(typed.value)}")
        except _Bad:
            return None
        return typed

    # ---- helpers ----------------------------------------------------------------

    def report(self, code, expr, **fields):
        self.findings.append(finding(code, getattr(expr, "span", None), **fields))
        raise _Bad()

    def expect(self, typed, wanted: m.Type, place: str, expr) -> None:
        if not _fits(typed.type, wanted):
            self.report("N201", expr, place=place, expected=_describe(wanted), found=_describe(typed.type))

    def expect_numeric(self, typed, place, expr) -> None:
        if not typed.type.numeric:
            self.report("N201", expr, place=place, expected="a number", found=_describe(typed.type))

    # ---- dispatch -------------------------------------------------------------------

    def expr(self, expr, scope: Scope, hint: m.Type | None = None):
        handler = getattr(self, "x_" + type(expr).__name__)
        return handler(expr, scope, hint)

    def x_Number(self, expr, scope, hint):
        kind = m.INT if expr.value.denominator == 1 else m.REAL
        return m.Const(expr.value, kind, expr.span)

    def x_DateLit(self, expr, scope, hint):
        return m.Const(expr.value, m.DATE, expr.span)

    def x_String(self, expr, scope, hint):
        return m.Const(expr.value, m.STRING, expr.span)

    def x_BoolLit(self, expr, scope, hint):
        return m.Const(expr.value, m.BOOL, expr.span)

    def x_Name(self, expr, scope, hint):
        name = expr.name
        bound = scope.lookup(name)
        if bound is not None:
            return m.BoundVar(name, bound, expr.span)
        if name in self.context:
            return m.CtxVar(name, self.context[name].type, expr.span)
        if name in self.measures:
            return self.measure_app(n.Apply(n.Ident(name, expr.span), (), expr.span), scope)
        if name in self.members:
            return self.member(expr, hint, scope)
        if name in self.enums:
            self.report("N103", expr, name=name, actual="an enum", place=scope.place,
                        expected="values (write one of its members, or quantify over it)")
        pool = [b for b, _ in scope.bound] + list(self.context) + list(self.members)
        pool += list(self.measures) if scope.measures else []
        self.undeclared("name", expr, pool)

    def member(self, expr: n.Name, hint, scope):
        owners = self.members[expr.name]
        wanted = hint.enum if hint is not None and hint.kind in ("enum", "set") else None
        if wanted in owners:
            return m.Const(expr.name, m.enum_type(wanted), expr.span)
        if len(owners) == 1:
            if wanted is not None:
                self.report("N202", expr, value=expr.name, actual=owners[0], expected=wanted)
            return m.Const(expr.name, m.enum_type(owners[0]), expr.span)
        self.report("N201", expr, place=scope.place, expected="a value of one enum",
                    found=f"`{expr.name}`, which belongs to {', '.join(owners)} (ambiguous here)")

    def x_Apply(self, expr: n.Apply, scope, hint):
        func = expr.func.text
        if func in ("old", "changed"):
            return self.builtin(expr, scope)
        if func in self.measures:
            return self.measure_app(expr, scope)
        if func in self.context:
            self.report("N103", expr.func, name=func, actual="a context variable",
                        place="an application", expected="a measure")
        self.undeclared("measure", expr.func, list(self.measures))

    def builtin(self, expr: n.Apply, scope):
        func = expr.func.text
        if not scope.old:
            self.report("N206", expr, name=func)
        if len(expr.args) != 1 or not isinstance(expr.args[0], n.Name) or expr.args[0].name not in self.context:
            self.report("N201", expr, place=f"`{func}(...)`", expected="one context variable", found="something else")
        var = self.context[expr.args[0].name]
        current = m.CtxVar(var.name, var.type, expr.args[0].span)
        old = m.OldVar(var.name, var.type, expr.span)
        if func == "old":
            return old
        return m.Compare("!=", current, old, span=expr.span)

    def measure_app(self, expr: n.Apply, scope):
        measure = self.measures[expr.func.text]
        if not scope.measures:
            self.report("N205", expr, place=scope.place, name=measure.name)
        if len(expr.args) != len(measure.params):
            self.report("N204", expr, name=measure.name, expected=len(measure.params), given=len(expr.args))
        args = []
        for arg, param in zip(expr.args, measure.params):
            wanted = m.enum_type(param)
            typed = self.expr(arg, scope, wanted)
            if typed.type.kind == "enum" and typed.type != wanted and isinstance(typed, m.Const):
                self.report("N202", arg, value=typed.value, actual=typed.type.enum, expected=param)
            self.expect(typed, wanted, f"argument of `{measure.name}`", arg)
            args.append(typed)
        return m.MeasureApp(measure.name, tuple(args), measure.type, expr.span)

    def x_SetLit(self, expr: n.SetLit, scope, hint):
        element_hint = m.enum_type(hint.enum) if hint is not None and hint.kind == "set" else None
        items = [self.expr(item, scope, element_hint) for item in expr.items]
        enum_name = element_hint.enum if element_hint else None
        for item, source in zip(items, expr.items):
            if item.type.kind != "enum":
                self.report("N201", source, place="a set", expected="an enum value", found=_describe(item.type))
            if enum_name is None:
                enum_name = item.type.enum
            elif item.type.enum != enum_name:
                self.report("N202", source, value=_show(item), actual=item.type.enum, expected=enum_name)
        if enum_name is None:
            self.report("N201", expr, place=scope.place, expected="a set whose enum is known",
                        found="`{}` with nothing to say which enum it is a set of")
        if all(isinstance(item, m.Const) for item in items):
            return m.Const(frozenset(item.value for item in items), m.set_type(enum_name), expr.span)
        return m.SetOf(tuple(items), m.set_type(enum_name), expr.span)

    def x_Unary(self, expr: n.Unary, scope, hint):
        if expr.op == "not":
            operand = self.expr(expr.operand, scope, m.BOOL)
            self.expect(operand, m.BOOL, "`not`", expr.operand)
            return m.Not(operand, span=expr.span)
        operand = self.expr(expr.operand, scope, hint)
        self.expect_numeric(operand, "unary `-`", expr.operand)
        if isinstance(operand, m.Const):
            return m.Const(-operand.value, operand.type, expr.span)
        return m.Neg(operand, operand.type, expr.span)

    def x_Binary(self, expr: n.Binary, scope, hint):
        op = expr.op
        if op in _LOGIC:
            left = self.expr(expr.left, scope, m.BOOL)
            right = self.expr(expr.right, scope, m.BOOL)
            self.expect(left, m.BOOL, f"`{op}`", expr.left)
            self.expect(right, m.BOOL, f"`{op}`", expr.right)
            return m.Logic(op, left, right, span=expr.span)
        if op in _ARITH:
            left = self.expr(expr.left, scope, None)
            right = self.expr(expr.right, scope, None)
            if m.DATE in (left.type, right.type) and op in ("+", "-"):
                return self.date_arith(op, left, right, expr)
            self.expect_numeric(left, f"`{op}`", expr.left)
            self.expect_numeric(right, f"`{op}`", expr.right)
            kind = m.INT if left.type == m.INT and right.type == m.INT else m.REAL
            return m.Arith(op, left, right, kind, expr.span)
        if op in ("in", "not in"):
            return self.membership(expr, scope)
        return self.comparison(expr, scope)

    def date_arith(self, op: str, left, right, expr: n.Binary):
        """`date + days`, `days + date`, `date - days` (a date) and `date - date` (the days between, an int)."""
        if op == "-" and left.type == right.type == m.DATE:
            return m.Arith(op, left, right, m.INT, expr.span)
        if left.type == m.DATE and right.type == m.DATE:
            self.report("N201", expr.right, place="`+`", expected="a whole number of days (int)", found="a date")
        days, side = (right, expr.right) if left.type == m.DATE else (left, expr.left)
        if op == "-" and right.type == m.DATE:
            self.report("N201", expr.left, place="`-` before a date", expected="a date", found=_describe(left.type))
        if days.type != m.INT:
            self.report("N201", side, place=f"`{op}` with a date", expected="a whole number of days (int)",
                        found=_describe(days.type))
        return m.Arith(op, left, right, m.DATE, expr.span)

    def operands(self, expr: n.Binary, scope):
        """Type both sides, letting a typed side tell an enum value or `{}` which enum it belongs to."""
        if self.needs_hint(expr.left, scope) and not self.needs_hint(expr.right, scope):
            right = self.expr(expr.right, scope, None)
            return self.expr(expr.left, scope, right.type), right
        left = self.expr(expr.left, scope, None)
        return left, self.expr(expr.right, scope, left.type)

    def needs_hint(self, expr, scope) -> bool:
        """A set literal, or an enum value's bare name, takes its enum from the other side."""
        if isinstance(expr, n.SetLit):
            return True
        return isinstance(expr, n.Name) and scope.lookup(expr.name) is None and expr.name in self.members

    def comparison(self, expr: n.Binary, scope):
        left, right = self.operands(expr, scope)
        op = expr.op
        place = f"`{op}`"
        lt, rt = left.type, right.type
        if lt.numeric and rt.numeric:
            return m.Compare(op, left, right, span=expr.span)
        if lt != rt:
            if lt.kind == "enum" and rt.kind == "enum" and isinstance(right, m.Const):
                self.report("N202", expr.right, value=right.value, actual=rt.enum, expected=lt.enum)
            self.report("N201", expr.right, place=place, expected=_describe(lt), found=_describe(rt))
        if op in _ORDER and lt.kind not in ("date", "set"):
            self.report("N201", expr, place=place, expected="numbers, dates or sets", found=_describe(lt))
        return m.Compare(op, left, right, span=expr.span)

    def membership(self, expr: n.Binary, scope):
        if isinstance(expr.right, n.SetLit):
            element = self.expr(expr.left, scope, None)
            if element.type.kind != "enum":
                return self.one_of(element, expr, scope)
            collection = self.expr(expr.right, scope, m.set_type(element.type.enum))
            return self.member_of(element, collection, expr)
        collection = self.expr(expr.right, scope, None)
        if collection.type.kind != "set":
            self.report("N201", expr.right, place=f"`{expr.op}`", expected="a set", found=_describe(collection.type))
        element = self.expr(expr.left, scope, m.enum_type(collection.type.enum))
        return self.member_of(element, collection, expr)

    def member_of(self, element, collection, expr: n.Binary):
        if element.type != m.enum_type(collection.type.enum):
            if element.type.kind == "enum" and isinstance(element, m.Const):
                self.report("N202", expr.left, value=element.value, actual=element.type.enum,
                            expected=collection.type.enum)
            self.report("N201", expr.left, place=f"`{expr.op}`",
                        expected=f"a value of `{collection.type.enum}`", found=_describe(element.type))
        return m.Member(element, collection, expr.op == "not in", span=expr.span)

    def one_of(self, element, expr: n.Binary, scope):
        """`x in {v1, v2}` over numbers, strings, dates or bools: sugar for `x == v1 or x == v2`."""
        choice = None
        for item in expr.right.items:
            typed = self.expr(item, scope, element.type)
            if not _fits(typed.type, element.type):
                self.report("N201", item, place=f"`{expr.op}`", expected=_describe(element.type),
                            found=_describe(typed.type))
            equal = m.Compare("==", element, typed, span=item.span)
            choice = equal if choice is None else m.Logic("or", choice, equal, span=expr.span)
        if choice is None:
            choice = m.Const(False, m.BOOL, expr.right.span)
        return m.Not(choice, span=expr.span) if expr.op == "not in" else choice

    def x_Interval(self, expr: n.Interval, scope, hint):
        subject = self.expr(expr.subject, scope, None)
        low = self.expr(expr.low, scope, None)
        high = self.expr(expr.high, scope, None)
        for part, source in ((subject, expr.subject), (low, expr.low), (high, expr.high)):
            ok = part.type.numeric if subject.type.numeric else part.type == m.DATE == subject.type
            if not ok:
                wanted = "a number" if subject.type.numeric else "a number or a date"
                self.report("N201", source, place="an interval", expected=wanted, found=_describe(part.type))
        return m.Between(subject, low, high, expr.negated, span=expr.span)

    def x_Quantified(self, expr: n.Quantified, scope, hint):
        variables = []
        for binder in expr.binders:
            if binder.domain.text not in self.enums:
                if binder.domain.text in self.context or binder.domain.text in ("int", "real", "bool"):
                    self.report("N203", binder.domain, name=binder.domain.text, kind=expr.kind)
                self.undeclared("enum", binder.domain, list(self.enums))
            if any(binder.name.text == name for name, _ in variables):
                self.report("N102", binder.name, name=binder.name.text)
            variables.append((binder.name.text, binder.domain.text))
        inner = scope.bind((name, m.enum_type(enum)) for name, enum in variables)
        if expr.kind == "sum":
            body = self.expr(expr.body, inner, None)
            self.expect_numeric(body, "the body of `sum`", expr.body)
            result = body.type
        else:
            body = self.expr(expr.body, inner, m.BOOL)
            self.expect(body, m.BOOL, f"the body of `{expr.kind}`", expr.body)
            result = m.INT if expr.kind == "count" else m.BOOL
        return m.Quant(expr.kind, tuple(variables), body, result, expr.span)




def _fits(actual: m.Type, wanted: m.Type) -> bool:
    if wanted.numeric:
        return actual.numeric
    return actual == wanted


def _describe(t: m.Type) -> str:
    if t.kind == "bool":
        return "a formula (bool)"
    if t.numeric:
        return f"a number ({t.kind})"
    if t.kind == "enum":
        return f"a value of `{t.enum}`"
    if t.kind == "set":
        return f"a set of `{t.enum}`"
    return f"a {t.kind}"


def _show(typed) -> str:
    return str(typed.value) if isinstance(typed, m.Const) else "expression"


def _is_constant(typed) -> bool:
    return isinstance(typed, m.Const)
