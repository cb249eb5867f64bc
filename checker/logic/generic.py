"""Generic proofs: deciding a step once for every size of the enums a pattern leaves abstract.

A pattern's enum parameters may be instantiated with any enum, so their
members are not known. Here such an enum is a Z3 uninterpreted sort: a
quantifier over it stays a Z3 quantifier, a measure with a parameter of it is
an uninterpreted function (its declared range asserted for every argument), a
context variable of it is a constant of the sort and a set of it is a
predicate on the sort. Concrete enums are expanded exactly as encode.py does.

Z3 sorts are never empty and its answers cover every domain, infinite ones
included, so `unsat` proves the step for every finite, non-empty instance. A
`sat` model has a finite universe for each sort: it is turned into a concrete
instance (members `T_1`, `T_2`, ...), a concrete case and a world, and replayed
by the plain evaluator before anyone sees it. `count` and `sum` over an abstract
enum have no finite encoding; such a query is Unknown and the caller checks
instances instead. Quantified queries may also end in Z3's `unknown` (a timeout,
or a step that holds only because the enum is finite): Unknown, never a pass.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable

import attrs
import z3

from ..semantics import model as m
from ..semantics.evaluate import evaluate
from ..semantics.world import Member, World
from . import queries
from .encode import Encoder, set_relation
from .solver import Impossible, Possible, Proved, ReplayError, Unknown

# A model's universe larger than this is not read back: its tables would be unreadable.
MAX_MEMBERS = 40
# Counterexamples are shrunk towards universes of at most this many members per enum.
SHRINK_UP_TO = 4


class NotGeneric(Exception):
    """A formula that cannot be encoded for every size of an abstract enum; the query is Unknown."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@attrs.frozen
class Instance:
    """A finite instantiation: the members given to each abstract enum, the concrete case they make, and a world.

    `members` is a tuple of (enum name, tuple of member names), in name order.
    """

    members: tuple
    case: m.Case = attrs.field(repr=False)
    world: World

    def lines(self) -> list[str]:
        shown = [f"{name} = {{{', '.join(members)}}}" for name, members in self.members]
        return shown + self.world.lines()


@attrs.frozen
class GenericRefuted:
    """The step fails in some instance: there every premise holds and the conclusion fails."""

    instance: Instance

    def lines(self) -> list[str]:
        return self.instance.lines()


@attrs.frozen
class AbstractSet:
    """A set of an abstract enum's values, as its membership predicate on Z3 terms of the sort."""

    sort: z3.SortRef
    contains: Callable


class _Unreadable(Exception):
    """A sat model whose universe or interpretations cannot be read back as values."""


# ---- encoding -----------------------------------------------------------------------


class GenericEncoder(Encoder):
    """Z3 terms for a case whose `abstract` enums are uninterpreted sorts."""

    def __init__(self, case: m.Case, abstract: frozenset):
        unknown = sorted(set(abstract) - set(case.enums))
        if unknown:
            raise ValueError(f"no enum named {', '.join(unknown)} to treat as abstract")
        concrete = {name: enum for name, enum in case.enums.items() if name not in abstract}
        # The parent builds enumeration sorts for the concrete enums only.
        super().__init__(attrs.evolve(case, enums=concrete))
        self.case = case
        self.abstract = frozenset(abstract)
        self.abstract_sorts = {name: z3.DeclareSort(name, self.ctx) for name in sorted(self.abstract)}
        self._functions = {}  # measure name -> z3 function

    def is_abstract(self, var_type: m.Type) -> bool:
        return var_type.kind in ("enum", "set") and var_type.enum in self.abstract

    def sort_of(self, enum: str) -> z3.SortRef:
        if enum in self.abstract:
            return self.abstract_sorts[enum]
        return self.sorts[enum][0]

    def abstract_params(self, measure: str) -> bool:
        return any(param in self.abstract for param in self.case.measures[measure].params)

    # ---- symbols ----------------------------------------------------------------

    def fresh(self, var_type: m.Type, label: str):
        if not self.is_abstract(var_type):
            return super().fresh(var_type, label)
        sort = self.abstract_sorts[var_type.enum]
        if var_type.kind == "enum":
            return z3.Const(label, sort)
        predicate = z3.Function(label, sort, z3.BoolSort(self.ctx))
        return AbstractSet(sort, predicate)

    def function(self, name: str) -> z3.FuncDeclRef:
        """The uninterpreted function of a measure with an abstract parameter."""
        if name not in self._functions:
            decl = self.case.measures[name]
            domain = [self.sort_of(param) for param in decl.params]
            self._functions[name] = z3.Function(name, *domain, self.value_sort(decl.type))
        return self._functions[name]

    def value_sort(self, value_type: m.Type) -> z3.SortRef:
        if value_type.kind == "bool":
            return z3.BoolSort(self.ctx)
        if value_type.kind == "real":
            return z3.RealSort(self.ctx)
        if value_type.kind in ("int", "date", "string"):
            return z3.IntSort(self.ctx)
        raise NotGeneric(f"a measure of type {value_type} cannot be encoded")

    def range_facts(self, symbols) -> list:
        """Ranges of plain measure applications, and of each function for all its arguments."""
        plain = {symbol for symbol in symbols if symbol[0] != "function"}
        facts = super().range_facts(plain)
        for symbol in sorted(symbols - plain):
            fact = self.function_range(symbol[1])
            if fact is not None:
                facts.append(fact)
        return facts

    def function_range(self, name: str):
        decl = self.case.measures[name]
        if decl.low is None and decl.high is None:
            return None
        args = [z3.FreshConst(self.sort_of(param), "arg") for param in decl.params]
        value = self.function(name)(*args)
        bounds = []
        if decl.low is not None:
            bounds.append(value >= self.number(decl.low, decl.type))
        if decl.high is not None:
            bounds.append(value <= self.number(decl.high, decl.type))
        return z3.ForAll(args, self.all_of(bounds))

    # ---- formulas -----------------------------------------------------------------

    def t_Const(self, expr: m.Const, env, symbols):
        if not self.is_abstract(expr.type):
            return super().t_Const(expr, env, symbols)
        if expr.type.kind == "set" and not expr.value:
            return AbstractSet(self.abstract_sorts[expr.type.enum], lambda element: z3.BoolVal(False, self.ctx))
        shown = expr.value if expr.type.kind == "enum" else ", ".join(sorted(expr.value))
        raise NotGeneric(f"the formula names `{shown}` of `{expr.type.enum}`, an enum whose members are not known")

    def t_BoundVar(self, expr, env, symbols):
        value = env[expr.name]
        # Bound variables of abstract enums are Z3 bound constants; others are member names.
        return value if isinstance(value, z3.ExprRef) else super().t_BoundVar(expr, env, symbols)

    def t_SetOf(self, expr: m.SetOf, env, symbols):
        if not self.is_abstract(expr.type):
            return super().t_SetOf(expr, env, symbols)
        items = [self.term(item, env, symbols) for item in expr.items]
        return AbstractSet(self.abstract_sorts[expr.type.enum],
                           lambda element: self.any_of([element == item for item in items]))

    def t_MeasureApp(self, expr: m.MeasureApp, env, symbols):
        if not self.abstract_params(expr.name):
            return super().t_MeasureApp(expr, env, symbols)
        symbols.add(("function", expr.name))
        return self.function(expr.name)(*(self.term(arg, env, symbols) for arg in expr.args))

    def t_Compare(self, expr: m.Compare, env, symbols):
        if not (expr.left.type.kind == "set" and self.is_abstract(expr.left.type)):
            return super().t_Compare(expr, env, symbols)
        left = self.term(expr.left, env, symbols)
        right = self.term(expr.right, env, symbols)
        return self.compare_abstract_sets(expr.op, left, right)

    def compare_abstract_sets(self, op: str, left: AbstractSet, right: AbstractSet):
        element = z3.FreshConst(left.sort, "elem")

        def every(relation):
            return z3.ForAll([element], relation(left.contains(element), right.contains(element)))

        return set_relation(op, every(lambda a, b: a == b), every(z3.Implies), every(lambda a, b: z3.Implies(b, a)))

    def t_Member(self, expr: m.Member, env, symbols):
        if not self.is_abstract(expr.collection.type):
            return super().t_Member(expr, env, symbols)
        collection = self.term(expr.collection, env, symbols)
        inside = collection.contains(self.term(expr.element, env, symbols))
        return z3.Not(inside) if expr.negated else inside

    def t_Quant(self, expr: m.Quant, env, symbols):
        abstract = [(name, enum) for name, enum in expr.variables if enum in self.abstract]
        if not abstract:
            return super().t_Quant(expr, env, symbols)
        if expr.kind in ("count", "sum"):
            enums = ", ".join(sorted({enum for _, enum in abstract}))
            raise NotGeneric(f"`{expr.kind}` over {enums}, whose size is not known, has no finite encoding")
        bound = {name: z3.FreshConst(self.abstract_sorts[enum], name) for name, enum in abstract}
        concrete = [(name, enum) for name, enum in expr.variables if enum not in self.abstract]
        names = [name for name, _ in concrete]
        domains = [self.case.enums[enum].members for _, enum in concrete]
        bodies = [
            self.term(expr.body, {**env, **bound, **dict(zip(names, values))}, symbols)
            for values in itertools.product(*domains)
        ]
        if expr.kind == "forall":
            return z3.ForAll(list(bound.values()), self.all_of(bodies))
        return z3.Exists(list(bound.values()), self.any_of(bodies))


# ---- reading a model back as a finite instance ----------------------------------------


class _InstanceReader:
    """Turns one sat model into an Instance: universes named `T_1`, `T_2`, ..., values of every symbol."""

    def __init__(self, encoder: GenericEncoder, model: z3.ModelRef):
        self.encoder = encoder
        self.model = model
        self.universes = {}  # enum -> [(member name, z3 element)]
        self.names = {}  # (enum, str(element)) -> member name
        for enum in sorted(encoder.abstract):
            self.read_universe(enum)
        self.exact = True

    def read_universe(self, enum: str) -> None:
        sort = self.encoder.abstract_sorts[enum]
        elements = self.model.get_universe(sort)
        if elements is None:
            # The sort plays no part in the model: one member, placed by model completion.
            elements = [self.model.eval(z3.FreshConst(sort, enum), model_completion=True)]
        if len(elements) > MAX_MEMBERS:
            raise _Unreadable(f"the solver's instance has {len(elements)} members of {enum}")
        taken = {member for other in self.encoder.case.enums.values() for member in other.members}
        named = []
        for index, element in enumerate(elements, 1):
            name = f"{enum}_{index}"
            while name in taken:  # another enum already has a member of that name
                name += "_"
            named.append((name, element))
            self.names[(enum, str(element))] = name
        self.universes[enum] = named

    def instance(self, symbols) -> Instance:
        case = self.encoder.case
        enums = dict(case.enums)
        for enum, named in self.universes.items():
            enums[enum] = m.Enum(enum, tuple(name for name, _ in named), span=case.enums[enum].span)
        context, old, measures = {}, {}, {}
        for symbol in sorted(symbols):
            if symbol[0] == "function":
                measures.update(self.table(symbol[1]))
            elif symbol[0] == "measure":
                decl = case.measures[symbol[1]]
                measures[(symbol[1], symbol[2])] = self.value(self.encoder.measure(symbol[1], symbol[2]), decl.type)
            else:
                target = context if symbol[0] == "ctx" else old
                var_type = case.context[symbol[1]].type
                target[symbol[1]] = self.value(self.encoder.variable(symbol[0], symbol[1]), var_type)
        members = tuple((enum, tuple(name for name, _ in named)) for enum, named in self.universes.items())
        concrete = attrs.evolve(case, enums=enums)
        return Instance(members, concrete, World(context, measures, old, self.exact))

    def domain(self, enum: str) -> list:
        """[(member name, z3 value)] of an enum in this instance."""
        if enum in self.universes:
            return self.universes[enum]
        return list(self.encoder.sorts[enum][1].items())

    def table(self, name: str) -> dict:
        """Every value of a function measure, on every tuple of members."""
        decl = self.encoder.case.measures[name]
        function = self.encoder.function(name)
        values = {}
        for combination in itertools.product(*(self.domain(param) for param in decl.params)):
            args = tuple(member for member, _ in combination)
            values[(name, args)] = self.value(function(*(element for _, element in combination)), decl.type)
        return values

    def value(self, term, value_type: m.Type):
        try:
            if not self.encoder.is_abstract(value_type):
                result = self.encoder.value(self.model, term, value_type)
                if value_type.numeric and z3.is_algebraic_value(self.model.eval(term, model_completion=True)):
                    self.exact = False
                return result
            if value_type.kind == "enum":
                return Member(self.member(value_type.enum, term))
            return frozenset(
                member for member, element in self.universes[value_type.enum]
                if z3.is_true(self.model.eval(term.contains(element), model_completion=True))
            )
        except (z3.Z3Exception, AttributeError, ValueError) as error:
            raise _Unreadable(f"a value in the solver's model cannot be read ({error})") from error

    def member(self, enum: str, term) -> str:
        element = self.model.eval(term, model_completion=True)
        key = (enum, str(element))
        if key not in self.names:
            raise _Unreadable(f"a value of {enum} outside the model's universe ({element})")
        return self.names[key]


# ---- the prover ---------------------------------------------------------------------------


class GenericProver:
    """Answers entailment and possibility for every instantiation of the `abstract` enums of one case."""

    def __init__(self, case: m.Case, abstract, timeout_seconds: float = 10.0):
        self.encoder = GenericEncoder(case, frozenset(abstract))
        self.ctx = self.encoder.ctx
        self.timeout_ms = max(1, int(timeout_seconds * 1000))

    def solver(self) -> z3.Solver:
        solver = z3.Solver(ctx=self.ctx)
        solver.set("timeout", self.timeout_ms)
        return solver

    def entails(self, premises, conclusion) -> Proved | GenericRefuted | Unknown:
        """Premises entail the conclusion in every instance: unsat(premises and not conclusion)."""
        answer = self._check(list(premises), [conclusion])
        if isinstance(answer, Instance):
            return GenericRefuted(answer)
        return Proved() if isinstance(answer, Impossible) else answer

    def possible(self, formulas) -> Possible | Impossible | Unknown:
        """Whether some instance (of some size) has a world where every formula holds."""
        answer = self._check(list(formulas), [])
        return Possible() if isinstance(answer, Instance) else answer

    def _check(self, holding: list, failing: list) -> Instance | Impossible | Unknown:
        try:
            terms, symbols = self.encode(holding)
            negated, negated_symbols = self.encode(failing)
        except NotGeneric as reason:
            return Unknown(reason.reason)
        symbols |= negated_symbols
        solver = self.solver()
        solver.add(*terms, *(z3.Not(term) for term in negated), *self.encoder.range_facts(symbols))
        answer = queries.run(solver)
        if answer == z3.unsat:
            return Impossible()
        if answer != z3.sat:
            return Unknown(solver.reason_unknown() or "unknown")
        try:
            instance = _InstanceReader(self.encoder, self.smallest_model(solver)).instance(symbols)
        except _Unreadable as error:
            return Unknown(str(error))
        self.replay(instance, holding, failing)
        return instance

    def encode(self, formulas) -> tuple[list, set]:
        return self.encoder.formulas(formulas)

    def smallest_model(self, solver: z3.Solver) -> z3.ModelRef:
        """The model, after asking for fewer members of each abstract enum in turn: small instances read best.

        Each bound is tried in a pushed scope with a shorter timeout; one the
        solver cannot meet in time is dropped and the model found before it
        kept, so shrinking never turns an answer into Unknown.
        """
        model = solver.model()
        solver.set("timeout", max(1, self.timeout_ms // 4))
        for enum, sort in self.encoder.abstract_sorts.items():
            found = model.get_universe(sort)
            for size in range(1, min(len(found) if found else 1, SHRINK_UP_TO + 1)):
                solver.push()
                solver.add(self.at_most(sort, enum, size))
                if queries.run(solver) == z3.sat:  # unknown or unsat: keep the larger model
                    model = solver.model()
                    break
                solver.pop()
        return model

    def at_most(self, sort: z3.SortRef, enum: str, size: int):
        """`every element of the sort is one of `size` fresh constants`."""
        names = [z3.FreshConst(sort, f"{enum}_{i}") for i in range(1, size + 1)]
        element = z3.FreshConst(sort, "elem")
        return z3.ForAll([element], z3.Or([element == name for name in names]))

    def replay(self, instance: Instance, holding, failing) -> None:
        """Check the instance with the plain evaluator on the concrete case before anyone sees it."""
        if not instance.world.exact:
            return
        case = instance.case
        for formula in holding:
            if evaluate(formula, instance.world, case) is not True:
                raise ReplayError(f"a generic counterexample does not satisfy a formula at {formula.span}")
        for formula in failing:
            if evaluate(formula, instance.world, case) is not False:
                raise ReplayError(f"a generic counterexample does not falsify a formula at {formula.span}")
        for (name, args), value in instance.world.measures.items():
            decl = case.measures[name]
            if (decl.low is not None and value < decl.low) or (decl.high is not None and value > decl.high):
                raise ReplayError(f"a generic counterexample puts {name}({', '.join(args)}) outside its range")
