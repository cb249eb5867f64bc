"""Model formulas -> Z3 terms. With solver.py, the only modules that import z3.

Quantifiers and aggregates range over finite enums, so they are expanded
here into finite conjunctions, disjunctions and sums: every query is
quantifier-free, and a measure application such as `uplift(ransomware,
expert)` becomes one Z3 constant that a counterexample can name.

Strings are only ever compared for equality, so each string literal is given
a number of its own and a string variable is an integer: any other integer is
a string the case never mentions. This is exact for equality, and it avoids
the Z3 string theory's escapes and its ceiling on code points.
"""
from __future__ import annotations

import datetime
import itertools
from fractions import Fraction

import z3

from ..semantics import model as m
from .bounds import Bound, bounds_of
from ..semantics.world import Member, Unlisted, World

# Symbols a formula mentions: ("ctx", name), ("old", name) or ("measure", name, args).


class Encoder:
    """Z3 terms for one case, in a Z3 context of its own."""

    def __init__(self, case: m.Case):
        self.case = case
        self.ctx = z3.Context()
        self.sorts = {}  # enum name -> (sort, {member: constant})
        for enum in case.enums.values():
            sort, values = z3.EnumSort(enum.name, list(enum.members), ctx=self.ctx)
            self.sorts[enum.name] = (sort, dict(zip(enum.members, values)))
        self._variables = {}  # ("ctx"|"old", name) -> term, or {member: term} for sets
        self._measures = {}  # (name, args) -> term
        # Formulas are looked up by identity first: hashing an attrs tree walks all of it,
        # and the same model objects are asked about again and again. The object is kept
        # alive beside its entry, so its id cannot be reused by another.
        self._by_id = {}  # id(expr) -> (expr, (term, symbols))
        self._cache = {}  # expr -> (term, symbols), for equal formulas built anew
        self._ranges = {}  # symbol -> its range facts
        self._conjuncts = {}  # id(expr) -> (expr, its conjuncts with their symbols), see conjuncts
        self._bounds = {}  # id(conjunct or range fact) -> (it, the bounds it states), see bounds
        self._numbers = {}  # (numerator, denominator, whole) -> its Z3 numeral
        self._nonlinear = set()  # ids of the terms that multiply two unknowns
        self._multiplied = False
        self._string_ids = {}  # string literal -> its number
        self._strings = {}  # number -> string literal

    # ---- symbols -------------------------------------------------------------

    def variable(self, world: str, name: str):
        key = (world, name)
        if key not in self._variables:
            var_type = self.case.context[name].type
            label = name if world == "ctx" else f"old({name})"
            self._variables[key] = self.fresh(var_type, label)
        return self._variables[key]

    def fresh(self, var_type: m.Type, label: str):
        kind = var_type.kind
        if kind == "bool":
            return self._constant(label, z3.Z3_mk_bool_sort, z3.BoolRef)
        if kind in ("int", "date", "string"):
            return self._constant(label, z3.Z3_mk_int_sort, z3.ArithRef)
        if kind == "real":
            return self._constant(label, z3.Z3_mk_real_sort, z3.ArithRef)
        if kind == "enum":
            return z3.Const(label, self.sorts[var_type.enum][0])
        members = self.case.enums[var_type.enum].members
        return {member: self._constant(f"{label}[{member}]", z3.Z3_mk_bool_sort, z3.BoolRef)
                for member in members}

    def _constant(self, label: str, make_sort, wrapper):
        """The constant z3.Bool/Int/Real(label) would make, through the C API (a large case has ten thousand)."""
        ctx = self.ctx.ref()
        return wrapper(z3.Z3_mk_const(ctx, z3.Z3_mk_string_symbol(ctx, label), make_sort(ctx)), self.ctx)

    def measure(self, name: str, args: tuple):
        key = (name, args)
        if key not in self._measures:
            label = f"{name}({', '.join(args)})" if args else name
            self._measures[key] = self.fresh(self.case.measures[name].type, label)
        return self._measures[key]

    def range_facts(self, symbols) -> list:
        """The declared range of every measure application among `symbols` (and the calendar of dates)."""
        facts = []
        for symbol in sorted(symbols):
            facts.extend(self.symbol_range(symbol))
        return facts

    def symbol_range(self, symbol) -> list:
        """The range facts of one symbol, built once."""
        facts = self._ranges.get(symbol)
        if facts is None:
            facts = self._ranges[symbol] = self._range_of(symbol)
        return facts

    def _range_of(self, symbol) -> list:
        if symbol[0] != "measure":
            return self.calendar_facts(symbol)
        decl = self.case.measures[symbol[1]]
        term = self.measure(symbol[1], symbol[2])
        facts = []
        for op, bound in ((">=", decl.low), ("<=", decl.high)):
            if bound is not None:
                same_sort = decl.type.kind == "real" or bound.denominator == 1
                facts.append(self.ordered(op, term, self.number(bound, decl.type), same_sort))
                if decl.type.kind == "real":
                    self._bounds[id(facts[-1])] = (facts[-1], (Bound(symbol, Fraction(bound), op == "<=", False),))
        return facts

    def calendar_facts(self, symbol) -> list:
        """A date variable is a day of the calendar Python can name (day 1 is 0001-01-01)."""
        if self.case.context[symbol[1]].type != m.DATE:
            return []
        term = self.variable(symbol[0], symbol[1])
        return [term >= 1, term <= _LAST_DAY]

    def number(self, value: Fraction, value_type: m.Type):
        whole = value.denominator == 1 and value_type.kind != "real"
        key = (value.numerator, value.denominator, whole)  # hashing a Fraction costs a modular inverse
        if key not in self._numbers:
            self._numbers[key] = (z3.IntVal(value.numerator, self.ctx) if whole
                                  else z3.RealVal(f"{value.numerator}/{value.denominator}", self.ctx))
        return self._numbers[key]

    def ordered(self, op: str, left, right, same_sort: bool):
        """`left op right` for <, <=, >, >=; through Z3's C API when both sides have one sort.

        The Python operators check and coerce the sorts of both sides on every
        call, which was most of the time spent encoding a large formula.
        """
        if not same_sort:
            # An int side is made real, as Z3's Python operators do (`to_real`), without their sort checks.
            left, right = self._real(left), self._real(right)
        return z3.BoolRef(_ORDERED_API[op](self.ctx.ref(), left.as_ast(), right.as_ast()), self.ctx)

    def _real(self, term):
        """An arithmetic term as a real one: an integer one wrapped in `to_real`, a real one as it is.

        The new term gets its Python wrapper at once: Z3 keeps an unreferenced result only
        until its next call, so a bare AST could be freed before the comparison is made.
        """
        ctx = self.ctx.ref()
        if z3.Z3_get_sort_kind(ctx, z3.Z3_get_sort(ctx, term.as_ast())) == z3.Z3_INT_SORT:
            return z3.ArithRef(z3.Z3_mk_int2real(ctx, term.as_ast()), self.ctx)
        return term

    # ---- formulas --------------------------------------------------------------

    def formulas(self, formulas) -> tuple[list, set]:
        """Terms for several formulas, and every symbol they mention."""
        terms, symbols = [], set()
        for formula in formulas:
            term, mentioned = self.formula(formula)
            terms.append(term)
            symbols |= mentioned
        return terms, symbols

    def formula(self, expr) -> tuple:
        """(Z3 term, symbols it mentions) for a closed formula, cached."""
        hit = self._by_id.get(id(expr))
        if hit is not None and hit[0] is expr:
            return hit[1]
        encoded = self._cache.get(expr)
        if encoded is None:
            symbols = set()
            self._multiplied = False
            term = self.term(expr, {}, symbols)
            if self._multiplied:
                self._nonlinear.add(term.get_id())
            encoded = self._cache[expr] = (term, frozenset(symbols))
        self._by_id[id(expr)] = (expr, encoded)
        return encoded

    def conjuncts(self, expr) -> tuple:
        """((Z3 term, symbols it mentions), ...) for each conjunct of a closed formula, `and` and `forall` opened.

        What the worst-case slicing groups by (logic/extremes.py): read here, from the
        formula, the symbols of each conjunct cost one set each, where walking the Z3 terms
        for them cost a C call per subterm.
        """
        hit = self._conjuncts.get(id(expr))
        if hit is not None and hit[0] is expr:
            return hit[1]
        found = []
        self._open(expr, {}, found)
        self._conjuncts[id(expr)] = (expr, tuple(found))
        return tuple(found)

    def _open(self, expr, env: dict, found: list) -> None:
        if isinstance(expr, m.Logic) and expr.op == "and":
            self._open(expr.left, env, found)
            self._open(expr.right, env, found)
        elif isinstance(expr, m.Quant) and expr.kind == "forall":
            names = [name for name, _ in expr.variables]
            for values in itertools.product(*(self.case.enums[enum].members for _, enum in expr.variables)):
                self._open(expr.body, {**env, **dict(zip(names, values))}, found)
        else:
            if env:
                symbols = set()
                term = self.term(expr, env, symbols)
                symbols = frozenset(symbols)
            else:  # the formula is one conjunct (most evidence shows one interval): its encoding is kept already
                term, symbols = self.formula(expr)
            found.append((term, symbols))
            stated = bounds_of(expr, env)
            if stated is not None:
                self._bounds[id(term)] = (term, stated)

    def bounds(self, term) -> tuple | None:
        """The bounds of one real unknown by numbers that a conjunct or range fact states (logic/bounds.py), else None."""
        hit = self._bounds.get(id(term))
        return hit[1] if hit is not None and hit[0] is term else None

    def nonlinear(self, term) -> bool:
        """Whether an encoded formula multiplies two unknowns (Z3's incremental core decides less of those)."""
        # Most cases multiply no unknowns at all: then no term's id need be read (55,000 calls into Z3).
        return bool(self._nonlinear) and term.get_id() in self._nonlinear

    def numeric(self, expr, env: dict) -> tuple:
        """(Z3 term, the symbols it mentions, whether it multiplies two unknowns) for a term under bindings `env`."""
        symbols = set()
        self._multiplied = False
        term = self.term(expr, env, symbols)
        return term, frozenset(symbols), self._multiplied

    def term(self, expr, env: dict, symbols: set):
        return getattr(self, "t_" + type(expr).__name__)(expr, env, symbols)

    def t_Const(self, expr: m.Const, env, symbols):
        value, kind = expr.value, expr.type.kind
        if kind == "bool":
            return z3.BoolVal(value, self.ctx)
        if kind in ("int", "real"):
            return self.number(value, expr.type)
        if kind == "date":
            return z3.IntVal(value.toordinal(), self.ctx)
        if kind == "string":
            return z3.IntVal(self.string_id(value), self.ctx)
        if kind == "enum":
            return self.sorts[expr.type.enum][1][value]
        members = self.case.enums[expr.type.enum].members
        return {member: z3.BoolVal(member in value, self.ctx) for member in members}

    def string_id(self, text: str) -> int:
        if text not in self._string_ids:
            self._string_ids[text] = len(self._string_ids) + 1
            self._strings[self._string_ids[text]] = text
        return self._string_ids[text]

    def t_CtxVar(self, expr, env, symbols):
        symbols.add(("ctx", expr.name))
        return self.variable("ctx", expr.name)

    def t_OldVar(self, expr, env, symbols):
        symbols.add(("old", expr.name))
        return self.variable("old", expr.name)

    def t_BoundVar(self, expr, env, symbols):
        return self.sorts[expr.type.enum][1][env[expr.name]]

    def t_SetOf(self, expr: m.SetOf, env, symbols):
        members = self.case.enums[expr.type.enum].members
        items = [self.term(item, env, symbols) for item in expr.items]
        values = self.sorts[expr.type.enum][1]
        return {member: self.any_of([item == values[member] for item in items]) for member in members}

    def t_MeasureApp(self, expr: m.MeasureApp, env, symbols):
        args = _static_args(expr.args, env)
        if args is not None:  # the usual case, inside an expanded quantifier: one application, no guards
            symbols.add(("measure", expr.name, args))
            return self.measure(expr.name, args)
        choices = [self.member_choices(arg, env, symbols) for arg in expr.args]
        cases = []
        for combination in itertools.product(*choices):
            args = tuple(member for member, _ in combination)
            symbols.add(("measure", expr.name, args))
            guard = self.all_of([condition for _, condition in combination if condition is not None])
            cases.append((guard, self.measure(expr.name, args)))
        # Guards of the combinations are exhaustive and exclusive: the last needs none.
        result = cases[-1][1]
        for guard, value in reversed(cases[:-1]):
            result = z3.If(guard, value, result)
        return result

    def member_choices(self, arg, env, symbols) -> list:
        """[(member, condition)]: one unconditional choice when the argument is known statically."""
        if isinstance(arg, m.Const):
            return [(arg.value, None)]
        if isinstance(arg, m.BoundVar):
            return [(env[arg.name], None)]
        term = self.term(arg, env, symbols)
        values = self.sorts[arg.type.enum][1]
        return [(member, term == value) for member, value in values.items()]

    def t_Not(self, expr, env, symbols):
        return z3.Not(self.term(expr.operand, env, symbols))

    def t_Logic(self, expr: m.Logic, env, symbols):
        left = self.term(expr.left, env, symbols)
        right = self.term(expr.right, env, symbols)
        if expr.op == "and":
            return z3.And(left, right)
        if expr.op == "or":
            return z3.Or(left, right)
        if expr.op == "implies":
            return z3.Implies(left, right)
        return left == right

    def t_Neg(self, expr, env, symbols):
        return -self.term(expr.operand, env, symbols)

    def t_Arith(self, expr: m.Arith, env, symbols):
        left = self.term(expr.left, env, symbols)
        right = self.term(expr.right, env, symbols)
        if expr.op in ("+", "-") and _same_sort(expr.left, expr.right):
            make = z3.Z3_mk_add if expr.op == "+" else z3.Z3_mk_sub
            return z3.ArithRef(make(self.ctx.ref(), 2, (z3.Ast * 2)(left.as_ast(), right.as_ast())), self.ctx)
        if expr.op == "+":
            return left + right
        if expr.op == "-":
            return left - right
        if not (z3.is_rational_value(left) or z3.is_int_value(left)
                or z3.is_rational_value(right) or z3.is_int_value(right)):
            self._multiplied = True
        return left * right

    def t_Compare(self, expr: m.Compare, env, symbols):
        left = self.term(expr.left, env, symbols)
        right = self.term(expr.right, env, symbols)
        if isinstance(left, dict):
            return self.compare_sets(expr.op, left, right)
        op = expr.op
        if op == "==":
            return left == right
        if op == "!=":
            return left != right
        return self.ordered(op, left, right, _same_sort(expr.left, expr.right))

    def compare_sets(self, op: str, left: dict, right: dict):
        equal = self.all_of([left[k] == right[k] for k in left])
        subset = self.all_of([z3.Implies(left[k], right[k]) for k in left])
        superset = self.all_of([z3.Implies(right[k], left[k]) for k in left])
        return set_relation(op, equal, subset, superset)

    def t_Member(self, expr: m.Member, env, symbols):
        collection = self.term(expr.collection, env, symbols)
        choices = self.member_choices(expr.element, env, symbols)
        inside = self.any_of([
            collection[member] if condition is None else z3.And(condition, collection[member])
            for member, condition in choices
        ])
        return z3.Not(inside) if expr.negated else inside

    def t_Between(self, expr: m.Between, env, symbols):
        subject = self.term(expr.subject, env, symbols)
        low = self.term(expr.low, env, symbols)
        high = self.term(expr.high, env, symbols)
        low_side, high_side = _same_sort(expr.low, expr.subject), _same_sort(expr.subject, expr.high)
        inside = self.all_of([self.ordered("<=", low, subject, low_side), self.ordered("<=", subject, high, high_side)])
        return z3.Not(inside) if expr.negated else inside

    def t_Quant(self, expr: m.Quant, env, symbols):
        names = [name for name, _ in expr.variables]
        domains = [self.case.enums[enum].members for _, enum in expr.variables]
        bodies = [
            self.term(expr.body, {**env, **dict(zip(names, values))}, symbols)
            for values in itertools.product(*domains)
        ]
        if expr.kind == "forall":
            return self.all_of(bodies)
        if expr.kind == "exists":
            return self.any_of(bodies)
        if expr.kind == "count":
            one, zero = z3.IntVal(1, self.ctx), z3.IntVal(0, self.ctx)
            return z3.Sum([z3.If(body, one, zero) for body in bodies]) if bodies else zero
        return z3.Sum(bodies) if bodies else self.number(Fraction(0), expr.type)

    def all_of(self, terms):
        """And(terms), made through Z3's C API (the Python And checks every argument's sort); true for none."""
        return self._joined(z3.Z3_mk_and, terms) if terms else z3.BoolVal(True, self.ctx)

    def any_of(self, terms):
        return self._joined(z3.Z3_mk_or, terms) if terms else z3.BoolVal(False, self.ctx)

    def _joined(self, make, terms):
        array = (z3.Ast * len(terms))(*(term.as_ast() for term in terms))
        return z3.BoolRef(make(self.ctx.ref(), len(terms), array), self.ctx)

    # ---- reading models back ------------------------------------------------------

    def world(self, model: z3.ModelRef, symbols) -> World:
        """The values a Z3 model of the encoder's context gives the symbols, in the case's own terms.

        The world is exact unless some value is an algebraic number (nonlinear arithmetic),
        which is shown rounded and so cannot be replayed exactly.
        """
        context, old, measures = {}, {}, {}
        exact = True
        for symbol in sorted(symbols):
            if symbol[0] == "measure":
                term, value_type = self.measure(symbol[1], symbol[2]), self.case.measures[symbol[1]].type
                target, name = measures, (symbol[1], symbol[2])
            else:
                term, value_type = self.variable(symbol[0], symbol[1]), self.case.context[symbol[1]].type
                target, name = (context if symbol[0] == "ctx" else old), symbol[1]
            if isinstance(term, dict):
                target[name] = frozenset(k for k, t in term.items() if z3.is_true(model.eval(t, model_completion=True)))
                continue
            number = _numeral(model, term) if value_type.kind in _NUMERAL_KINDS else None
            if number is not None:
                target[name] = self._read_number(number, value_type)
                continue
            result = model.eval(term, model_completion=True)
            exact = exact and not z3.is_algebraic_value(result)
            target[name] = self._read(result, value_type)
        return World(context, measures, old, exact)

    def _read_number(self, number: Fraction, value_type: m.Type):
        """A numeral's value as the case's own kind: a number, a date or a string (see _read)."""
        kind = value_type.kind
        if kind == "date":
            return _date(int(number))
        if kind == "string":
            return self._strings[int(number)] if int(number) in self._strings \
                else Unlisted(f"\x00unlisted {int(number)}")
        return number

    def value(self, model, term, value_type: m.Type):
        if isinstance(term, dict):
            return frozenset(k for k, t in term.items() if z3.is_true(model.eval(t, model_completion=True)))
        return self._read(model.eval(term, model_completion=True), value_type)

    def _read(self, result, value_type: m.Type):
        """A value Z3 gave, as the case's own kind of value."""
        kind = value_type.kind
        if kind == "bool":
            return z3.is_true(result)
        if kind == "int":
            return Fraction(result.as_long())
        if kind == "date":
            return _date(result.as_long())
        if kind == "real":
            return _rational(result)
        if kind == "string":
            number = result.as_long()
            return self._strings[number] if number in self._strings else Unlisted(f"\x00unlisted {number}")
        return Member(str(result))


_LAST_DAY = datetime.date.max.toordinal()

_ORDERED_API = {"<": z3.Z3_mk_lt, "<=": z3.Z3_mk_le, ">": z3.Z3_mk_gt, ">=": z3.Z3_mk_ge}
# Model types whose Z3 sort is integer: strings are numbered, dates are day numbers.
_INTEGER_KINDS = ("int", "date", "string")


def _static_args(args, env) -> tuple | None:
    """The member names of a measure application's arguments when each is a literal or a bound variable."""
    names = []
    for arg in args:
        if isinstance(arg, m.Const):
            names.append(arg.value)
        elif isinstance(arg, m.BoundVar):
            names.append(env[arg.name])
        else:
            return None
    return tuple(names)


def _same_sort(left, right) -> bool:
    """Whether two typed model expressions encode to terms of one Z3 sort (no int-to-real coercion needed)."""
    a, b = left.type.kind, right.type.kind
    return (a == b == "real") or (a in _INTEGER_KINDS and b in _INTEGER_KINDS)


_NUMERAL_KINDS = ("int", "real", "date", "string")


def _numeral(model: z3.ModelRef, term) -> Fraction | None:
    """The value a model gives a numeric term, when it is a plain numeral; None otherwise (an algebraic number).

    Read through Z3's C-level calls as one string: the Python wrappers (a typed
    reference, its kind, its numerator and denominator) cost most of reading a
    world of ten thousand measures.
    """
    ctx = model.ctx.ref()
    out = (z3.Ast * 1)()
    if not z3.Z3_model_eval(ctx, model.model, term.as_ast(), True, out):
        return None
    result = out[0]
    if z3.Z3_get_ast_kind(ctx, result) != z3.Z3_NUMERAL_AST:
        return None
    z3.Z3_inc_ref(ctx, result)
    try:
        numerator, _, denominator = z3.Z3_get_numeral_string(ctx, result).partition("/")
    finally:
        z3.Z3_dec_ref(ctx, result)
    return Fraction(int(numerator), int(denominator or 1))


def _rational(value) -> Fraction:
    if z3.is_rational_value(value):
        return Fraction(value.numerator_as_long(), value.denominator_as_long())
    # An algebraic number (nonlinear arithmetic): a close decimal is the best a person can read.
    return Fraction(value.approx(12).as_decimal(12).rstrip("?"))


def _date(ordinal: int):
    if 1 <= ordinal <= datetime.date.max.toordinal():
        return datetime.date.fromordinal(ordinal)
    return datetime.date.min if ordinal < 1 else datetime.date.max


def set_relation(op: str, equal, subset, superset):
    """A comparison of two sets from the three relations it is made of; `<=` is the subset relation."""
    return {
        "==": equal,
        "!=": z3.Not(equal),
        "<=": subset,
        ">=": superset,
        "<": z3.And(subset, z3.Not(equal)),
        ">": z3.And(superset, z3.Not(equal)),
    }[op]
