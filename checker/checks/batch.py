"""Many configurations against one boundary: the boundary compiled once into plain Python closures, and the
configurations of one run judged against it, each report built only when it is asked for.

`warrant scope CASE --config batch.jsonl` judges thousands of configurations;
walking the formula trees with the evaluator for each would repeat the same
dispatch every time. Here each boundary formula becomes a closure once, and a
configuration costs only its decoding and one call per boundary line. The
closures compute exactly what semantics/evaluate.py computes (tests hold them
to it on random configurations); a formula kind they do not know is left to
the evaluator.
"""
from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from fractions import Fraction

from ..findings.finding import sorted_findings
from ..findings.guard import guarded
from ..findings.report import Report, exit_code
from ..interop.configs import BatchLine
from ..semantics import model as m
from ..semantics.evaluate import MissingValue, evaluate, number_of
from ..semantics.world import Member, World
from .scope import BoundaryLines, config_findings


class Boundary:
    """A case's boundary as predicates over a configuration's values ({variable: value}, as World.context holds them)."""

    def __init__(self, case: m.Case):
        self.case = case
        self.formulas = tuple(case.boundary or ())
        self.lines = tuple(_compiled(formula, case) for formula in self.formulas)
        self.mentioned = tuple(m.variable_names(self.formulas, (m.CtxVar,)))

    def placement(self, values: dict):
        """Where a configuration stands, as scope.place() says, from the compiled lines."""
        from .scope import Placement

        broken = []
        for formula, line in zip(self.formulas, self.lines):
            try:
                if line(values, {}) is False:
                    broken.append(formula)
            except MissingValue:
                pass
        return Placement(tuple(broken), tuple(name for name in self.mentioned if name not in values))

    def inside(self, values: dict) -> bool | None:
        """True when every line holds, False when one fails, None when a value the boundary reads is missing."""
        missing = any(name not in values for name in self.mentioned)
        for line in self.lines:
            try:
                if not line(values, {}):
                    return False
            except MissingValue:
                missing = True
        return None if missing else True

    def first_broken(self, values: dict) -> int | None:
        """The index of the first boundary line the configuration breaks, as placement() finds it; None if none."""
        for index, line in enumerate(self.lines):
            try:
                if line(values, {}) is False:
                    return index
            except MissingValue:
                pass
        return None


class Judged(Sequence):
    """The configurations of one scope run, judged in order: a sequence of their reports, each built when asked.

    Most lines of a batch differ only in where they stand. A plain valid line
    (interop.configs.BatchLine) that gives every value the boundary reads has a
    *shape*: inside, or the first boundary line it breaks with the values that
    line reads. Everything its report shows but its own label and line (its
    verdict; its row of the table, but the name) follows from the shape, so
    those are worked out once per shape, from the report of its first line,
    and a line's own report is built only when a format asks for it. Every
    other configuration (a file, a line that leaves a value out, an unreadable
    line) has its report built at once, as one file's would be.
    """

    def __init__(self, case: m.Case, case_source, entries: list, progress=None):
        self._case, self._case_source = case, case_source
        self._boundary = Boundary(case)
        self._lines = BoundaryLines(case_source, self._boundary.formulas)
        self._reads = [self._lines.names(formula) for formula in self._boundary.formulas]
        self._mentioned = frozenset(self._boundary.mentioned)
        self._entries = entries
        self._reports = [None] * len(entries)
        self._shapes = [None] * len(entries)  # each entry's shape (its number), None for one judged on its own
        self._first = {}  # shape -> the index of its first entry, whose report stands for all of them
        self._numbers = {}  # a shape's key (_shape_of) -> its number: a key is hashed once per values dict
        self._placed = {}  # id(values) -> (values, placement): repeated lines of a batch share one values dict
        self._shaped = {}  # id(values) -> (values, shape), likewise
        self._judge_all(progress)

    @classmethod
    def finished(cls, reports: list) -> Judged:
        """Reports already made (a case that could not be read, say), as a Judged."""
        judged = cls.__new__(cls)
        judged._entries, judged._reports = [None] * len(reports), list(reports)
        judged._shapes, judged._first = [None] * len(reports), {}
        return judged

    def _judge_all(self, progress) -> None:
        total, first, shapes, shaped = len(self._entries), self._first, self._shapes, self._shaped
        for index, entry in enumerate(self._entries):
            shape = None
            if type(entry) is BatchLine:  # repeated lines share one values dict, whose shape is found once
                known = shaped.get(id(entry.values))
                shape = known[1] if known is not None and known[0] is entry.values else self._shape(entry.values)
            if shape is None:
                self._reports[index] = self._report(entry)
            else:
                shapes[index] = shape
                if shape not in first:
                    first[shape] = index
                    self._reports[index] = self._report(entry)
            if progress is not None:
                progress(index + 1, total, entry.name)

    def _shape(self, values: dict) -> int | None:
        """The number of the shape of a values dict not met before, kept for the lines that share the dict."""
        key = self._shape_of(values)
        shape = None if key is None else self._numbers.setdefault(key, len(self._numbers))
        self._shaped[id(values)] = (values, shape)
        return shape

    def _shape_of(self, values: dict):
        """_INSIDE, or (the first broken line's index, the values that line reads); None when a value the
        boundary reads is missing (C202 stands at the line's own start, so its report is the line's own)."""
        if not self._mentioned <= values.keys():
            return None
        index = self._boundary.first_broken(values)
        if index is None:
            return _INSIDE
        return (index, *(values[name] for name in self._reads[index]))

    def _report(self, entry) -> Report:
        config = entry.config() if type(entry) is BatchLine else entry
        findings = list(config.findings)
        if not findings:  # an unreadable configuration has nothing to judge
            known = self._placed.get(id(config.values))
            if known is None or known[0] is not config.values:
                known = self._placed[id(config.values)] = (config.values, self._boundary.placement(config.values))
            findings = config_findings(self._case, self._case_source, config, known[1], self._lines)
        # Most lines of a batch are inside: no findings to sort.
        return Report(config.source, tuple(sorted_findings(findings)) if findings else (), label=config.label)

    def __len__(self) -> int:
        return len(self._reports)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        report = self._reports[index]
        if report is None:
            entry = self._entries[index]
            report = self._reports[index] = guarded(entry.source, "judging the scope", lambda: self._report(entry))
        return report

    def __iter__(self):
        return (self[index] for index in range(len(self)))

    def named_rows(self, describe) -> list:
        """(name, describe(report)) for each configuration: `describe` is called once per shape, on the report of
        its first line, and once for each configuration without a shape."""
        described = {shape: describe(self[index]) for shape, index in self._first.items()}
        return [(self[index].name, describe(self[index])) if shape is None else (entry.label, described[shape])
                for index, (shape, entry) in enumerate(zip(self._shapes, self._entries))]

    def exit_code(self) -> int:
        """The run's exit code (findings.report.exit_code), from one report per shape and every other report."""
        return exit_code([self[index] for index, shape in enumerate(self._shapes)
                          if shape is None or self._first[shape] == index])


_INSIDE = "inside"  # the shape of every line inside the boundary


def _compiled(formula, case: m.Case):
    try:
        return _compile(formula, case)
    except _NotCompiled:
        return lambda values, env: evaluate(formula, World(context=values), case, env)


class _NotCompiled(Exception):
    """A formula kind the compiler leaves to the evaluator."""


def _compile(expr, case):
    handler = _COMPILERS.get(type(expr))
    if handler is None:
        raise _NotCompiled(type(expr).__name__)
    return handler(expr, case)


def _const(expr: m.Const, case):
    if expr.type.kind == "enum":
        value = Member(expr.value)
    elif expr.type.kind == "set":
        value = frozenset(str(item) for item in expr.value)
    else:
        value = expr.value
    return lambda values, env: value


def _ctx_var(expr: m.CtxVar, case):
    name, what = expr.name, f"context variable `{expr.name}`"

    def read(values, env):
        try:
            return values[name]
        except KeyError:
            raise MissingValue(what) from None

    return read


def _bound_var(expr: m.BoundVar, case):
    name = expr.name
    return lambda values, env: Member(env[name])


def _set_of(expr: m.SetOf, case):
    items = [_compile(item, case) for item in expr.items]
    return lambda values, env: frozenset(str(item(values, env)) for item in items)


def _not(expr: m.Not, case):
    operand = _compile(expr.operand, case)
    return lambda values, env: not operand(values, env)


_CONNECTIVES = {
    "and": lambda a, b: a and b,
    "or": lambda a, b: a or b,
    "implies": lambda a, b: (not a) or b,
    "iff": lambda a, b: a == b,
}


def _logic(expr: m.Logic, case):
    left, right, op = _compile(expr.left, case), _compile(expr.right, case), _CONNECTIVES[expr.op]
    # Both sides are evaluated, as the evaluator does, so a missing value is reported either way.
    return lambda values, env: op(bool(left(values, env)), bool(right(values, env)))


def _neg(expr: m.Neg, case):
    operand = _compile(expr.operand, case)
    return lambda values, env: -Fraction(operand(values, env))


_ARITHMETIC = {"+": operator.add, "-": operator.sub, "*": operator.mul}


def _arith(expr: m.Arith, case):
    left, right, op = _compile(expr.left, case), _compile(expr.right, case), _ARITHMETIC[expr.op]
    # A date takes part as its day number, exactly as the evaluator reads it.
    return lambda values, env: op(number_of(left(values, env)), number_of(right(values, env)))


_ORDER = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
          ">=": operator.ge}


def _compare(expr: m.Compare, case):
    left, right, op = _dated(expr.left, case), _dated(expr.right, case), _ORDER[expr.op]

    def compare(values, env):
        a, b = left(values, env), right(values, env)
        if isinstance(a, frozenset):
            return op(frozenset(map(str, a)), frozenset(map(str, b)))
        return op(a, b)

    return compare


def _dated(expr, case):
    """A compiled operand; a date-typed one as its day number, since date arithmetic yields day numbers."""
    compiled = _compile(expr, case)
    if expr.type != m.DATE:
        return compiled
    return lambda values, env: number_of(compiled(values, env))


def _member(expr: m.Member, case):
    element, collection, negated = _compile(expr.element, case), _compile(expr.collection, case), expr.negated
    if isinstance(expr.collection, m.Const):  # a set written in the case: its names are made once
        names = frozenset(map(str, collection({}, {})))

        def member_of_written(values, env):
            inside = str(element(values, env)) in names
            return not inside if negated else inside

        return member_of_written

    def member(values, env):
        inside = str(element(values, env)) in frozenset(map(str, collection(values, env)))
        return not inside if negated else inside

    return member


def _between(expr: m.Between, case):
    subject, low, high, negated = (_dated(expr.subject, case), _dated(expr.low, case),
                                   _dated(expr.high, case), expr.negated)

    def between(values, env):
        inside = low(values, env) <= subject(values, env) <= high(values, env)
        return not inside if negated else inside

    return between


def _quant(expr: m.Quant, case):
    names = [name for name, _ in expr.variables]
    combinations = list(itertools.product(*(case.enums[enum].members for _, enum in expr.variables)))
    body, kind = _compile(expr.body, case), expr.kind

    def quant(values, env):
        results = (body(values, {**env, **dict(zip(names, combination))}) for combination in combinations)
        if kind == "forall":
            return all(results)
        if kind == "exists":
            return any(results)
        if kind == "count":
            return Fraction(sum(1 for result in results if result))
        return sum((Fraction(result) for result in results), Fraction(0))

    return quant


_COMPILERS = {
    m.Const: _const, m.CtxVar: _ctx_var, m.BoundVar: _bound_var, m.SetOf: _set_of, m.Not: _not,
    m.Logic: _logic, m.Neg: _neg, m.Arith: _arith, m.Compare: _compare, m.Member: _member,
    m.Between: _between, m.Quant: _quant,
}
