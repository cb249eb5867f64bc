"""Hypothesis generators for small random cases, with an independent reference semantics.

A formula is a small tuple tree over a `Vocab` (bool context variables, at most
one enum context variable, at most one bool measure over a two-member enum, and
for the numeric vocabularies int context variables kept in [0, high] by the
boundary, an int measure over the two-member enum, `count` and `sum`).
It is rendered to case-language text (fully bracketed, or with only the
brackets precedence needs) and evaluated here by brute force, so the checker's
parser, type checker, encoder and solver are all tested against this file.

Formula trees:
    ("var", name)                 bool context variable
    ("const", bool)
    ("eq", a, b, negated)         a == b / a != b; a, b are enum terms
    ("in", a, members, negated)   a in {m, ...} / a not in {...}
    ("p", a)                      the measure applied to an enum term
    ("not", f)
    (op, f, g)                    op in and, or, implies, iff
    (quantifier, var, enum, f)    quantifier in forall, exists
    ("cmp", term, op, n)          a linear term compared with an integer
    ("interval", term, lo, hi, negated)   term in [lo, hi] / term not in [lo, hi]

A linear term is a tuple of (coefficient, summand) pairs; a summand is
("ivar", name), ("q", enum term), ("count", var, enum, f) or ("sum", var).
An enum term is a member name, the enum context variable, or a bound variable.
"""
from __future__ import annotations

import itertools
from fractions import Fraction

import attrs
from hypothesis import strategies as st

from checker.semantics.world import Member, World

BOOL_NAMES = ("b1", "b2", "b3")
ENUM_VAR = "e"
MEASURE = "p"
COL_MEMBERS = ("red", "green", "blue")
SIDE_MEMBERS = ("left", "right")
BOUND_NAMES = {"Side": ("s", "t"), "Col": ("c", "d"), "Aid": ("a", "k")}  # Aid: tests/setting_strategies.py
BINARY = ("and", "or", "implies", "iff")
INT_NAMES = ("x", "y")
QMEASURE = "q"
COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")


@attrs.frozen
class Vocab:
    """What formulas may mention. `enum_type` is "Col", "Side" or None (no enum variable)."""

    bools: tuple = ()
    enum_type: str | None = None
    col_size: int = 3
    measure: bool = False
    ints: tuple = ()  # int context variables, each kept in [0, int_high] by the boundary
    int_high: int = 2
    qmeasure: bool = False  # `measure q(Side): int in [0, q_high]`
    q_high: int = 2

    @property
    def numeric(self) -> bool:
        return bool(self.ints) or self.qmeasure

    # Hooks for richer vocabularies (tests/setting_strategies.py): none here.
    def extra_atoms(self, bound: tuple, measures: bool) -> list:
        """Strategies for further atoms (kinds registered in EXTENSIONS)."""
        return []

    def extra_variables(self) -> list:
        """Further `name: type` context declarations."""
        return []

    def extra_measures(self) -> list:
        """Further `measure ...` lines."""
        return []

    def extra_bounds(self) -> tuple:
        """Further boundary formulas that keep every world finite (as `x in [0, high]` does for ints)."""
        return ()

    def extra_size(self) -> int:
        """How many times more worlds the further variables and measures make."""
        return 1

    def for_scopes(self) -> "Vocab":
        """What a `within` scope may read: the bools and the enum variable."""
        return attrs.evolve(self, ints=(), measure=False, qmeasure=False)

    @property
    def enums(self) -> dict:
        """Declared enums, name -> members, in declaration order."""
        enums = {}
        if self.enum_type == "Col":
            enums["Col"] = COL_MEMBERS[: self.col_size]
        if self.measure or self.qmeasure or self.enum_type == "Side":
            enums["Side"] = SIDE_MEMBERS
        return enums

    def worlds(self):
        """Every world: dicts from variable names and ("p", member) keys to values."""
        axes = [(name, (False, True)) for name in self.bools]
        if self.enum_type is not None:
            axes.append((ENUM_VAR, self.enums[self.enum_type]))
        if self.measure:
            axes += [((MEASURE, member), (False, True)) for member in SIDE_MEMBERS]
        axes += [(name, range(self.int_high + 1)) for name in self.ints]
        if self.qmeasure:
            axes += [((QMEASURE, member), range(self.q_high + 1)) for member in SIDE_MEMBERS]
        keys = [key for key, _ in axes]
        for values in itertools.product(*(domain for _, domain in axes)):
            yield dict(zip(keys, values))


@st.composite
def vocabs(draw, need_bool: bool = False, bool_names=None) -> Vocab:
    """A vocabulary with at least one thing to talk about; shrinks towards one bool variable.

    `bool_names`, a strategy for a list of distinct names, replaces b1, b2, b3."""
    bools = BOOL_NAMES[: draw(st.sampled_from((1, 2, 3) if need_bool else (1, 0, 2, 3)))]
    if bool_names is not None:
        bools = tuple(draw(bool_names))
    measure = False if need_bool else draw(st.booleans())
    enum_type = draw(st.sampled_from([None, "Col"] + (["Side"] if measure else [])))
    if not bools and not measure and enum_type is None:
        enum_type = "Col"
    return Vocab(bools, enum_type, draw(st.integers(2, 3)), measure)


@st.composite
def numeric_vocabs(draw) -> Vocab:
    """A vocabulary with numbers in it (int variables, the int measure or both), small enough to enumerate."""
    base = draw(vocabs())
    ints = INT_NAMES[: draw(st.integers(0, 2))]
    qmeasure = draw(st.booleans()) if ints else True
    vocab = attrs.evolve(base, ints=ints, int_high=draw(st.integers(1, 2)), qmeasure=qmeasure,
                         q_high=draw(st.integers(1, 2)))
    while _size(vocab) > 1500 and vocab.bools:  # keep brute force quick: drop bool variables first
        vocab = attrs.evolve(vocab, bools=vocab.bools[:-1])
    return vocab


def _size(vocab: Vocab) -> int:
    size = 2 ** len(vocab.bools) * (4 if vocab.measure else 1) * (vocab.int_high + 1) ** len(vocab.ints)
    size *= (vocab.q_high + 1) ** 2 if vocab.qmeasure else 1
    return size * (len(vocab.enums[vocab.enum_type]) if vocab.enum_type else 1) * vocab.extra_size()


# ---- formulas ----------------------------------------------------------------------


def _enum_terms(vocab: Vocab, bound: tuple, enum: str) -> list:
    terms = [name for name, domain in bound if domain == enum]
    if vocab.enum_type == enum:
        terms.append(ENUM_VAR)
    return terms


@st.composite
def _atom(draw, vocab: Vocab, bound: tuple, measures: bool, aggregates: bool = True):
    options = []
    if vocab.ints or (measures and vocab.qmeasure):
        options += ["cmp"] * 3 + ["interval"] * 2
    if vocab.bools:
        options += ["var"] * 4
    enums_with_terms = [enum for enum in vocab.enums if _enum_terms(vocab, bound, enum)]
    if enums_with_terms:
        options += ["eq", "in"] * 2
    if measures and vocab.measure:
        options += ["p"] * 4
    options += ["const"]  # rarely: it makes many formulas trivial
    extra = vocab.extra_atoms(bound, measures)
    kind = draw(st.sampled_from(options + ["extra"] * (2 * len(extra))))
    if kind == "extra":
        return draw(st.one_of(extra))
    if kind == "cmp":
        term = draw(_linear(vocab, bound, measures, aggregates))
        return ("cmp", term, draw(st.sampled_from(COMPARISONS)), draw(st.integers(-1, 4)))
    if kind == "interval":
        low = draw(st.integers(0, 3))
        term = draw(_linear(vocab, bound, measures, aggregates))
        return ("interval", term, low, draw(st.integers(low, 4)), draw(st.booleans()))
    if kind == "const":
        return ("const", draw(st.booleans()))
    if kind == "var":
        return ("var", draw(st.sampled_from(vocab.bools)))
    if kind == "p":
        args = list(SIDE_MEMBERS) + _enum_terms(vocab, bound, "Side") * 2
        return ("p", draw(st.sampled_from(args)))
    enum = draw(st.sampled_from(enums_with_terms))
    members = vocab.enums[enum]
    subject = draw(st.sampled_from(_enum_terms(vocab, bound, enum)))
    if kind == "eq":
        other = draw(st.sampled_from(list(members) + _enum_terms(vocab, bound, enum)))
        left, right = draw(st.sampled_from([(subject, other), (other, subject)]))
        return ("eq", left, right, draw(st.booleans()))
    chosen = draw(st.lists(st.sampled_from(members), min_size=1, max_size=len(members), unique=True))
    return ("in", subject, tuple(chosen), draw(st.booleans()))


def _free_name(vocab: Vocab, bound: tuple, enum: str) -> str | None:
    used = {b for b, _ in bound}
    return next((n for n in BOUND_NAMES.get(enum, ()) if n not in used), None) if len(bound) < 2 else None


@st.composite
def _summand(draw, vocab: Vocab, bound: tuple, measures: bool, aggregates: bool):
    options = [("ivar", name) for name in vocab.ints]
    sides = _enum_terms(vocab, bound, "Side") if "Side" in vocab.enums else []
    if measures and vocab.qmeasure:
        options += [("q", member) for member in list(SIDE_MEMBERS) + sides * 2]
    if aggregates:
        options += [("count", enum) for enum in vocab.enums if _free_name(vocab, bound, enum)]
        if measures and vocab.qmeasure and _free_name(vocab, bound, "Side"):
            options += [("sum",)] * 2
    choice = draw(st.sampled_from(options))
    if choice[0] == "count":
        enum = choice[1]
        name = _free_name(vocab, bound, enum)
        body = draw(formulas(vocab, 1, measures, bound + ((name, enum),), aggregates=False))
        return ("count", name, enum, body)
    if choice[0] == "sum":
        return ("sum", _free_name(vocab, bound, "Side"))
    return choice


@st.composite
def _linear(draw, vocab: Vocab, bound: tuple, measures: bool, aggregates: bool):
    """One or two summands with small coefficients: `x`, `2 * q(left) - (count c: Col. e == c)`."""
    size = draw(st.integers(1, 2))
    return tuple((draw(st.sampled_from((1, 1, 2, -1))), draw(_summand(vocab, bound, measures, aggregates)))
                 for _ in range(size))


@st.composite
def formulas(draw, vocab: Vocab, depth: int = 3, measures: bool = True, bound: tuple = (), aggregates: bool = True):
    """A random formula over `vocab`; `measures=False` for boundary formulas, `aggregates=False` in a count's body."""
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        return draw(_atom(vocab, bound, measures, aggregates))
    domains = [enum for enum in vocab.enums if len(bound) < 2 and any(
        name not in {b for b, _ in bound} for name in BOUND_NAMES.get(enum, ()))]
    options = ["not", "binary", "binary", "binary"] + (["quant"] if domains else [])
    kind = draw(st.sampled_from(options))
    if kind == "not":
        return ("not", draw(formulas(vocab, depth - 1, measures, bound, aggregates)))
    if kind == "binary":
        op = draw(st.sampled_from(BINARY))
        return (op, draw(formulas(vocab, depth - 1, measures, bound, aggregates)),
                draw(formulas(vocab, depth - 1, measures, bound, aggregates)))
    enum = draw(st.sampled_from(domains))
    used = {b for b, _ in bound}
    name = next(n for n in BOUND_NAMES[enum] if n not in used)
    quantifier = draw(st.sampled_from(("forall", "exists")))
    body = draw(formulas(vocab, depth - 1, measures, bound + ((name, enum),), aggregates))
    return (quantifier, name, enum, body)


# ---- reference semantics --------------------------------------------------------------

# Further atom kinds: kind -> (holds(formula, world, vocab, env), render(formula)); see Vocab's hooks.
EXTENSIONS = {}
# Atom and summand kinds that read a measure (mentions_measures); an extension adds its own.
MEASURE_KINDS = {"p", "q", "sum"}


def holds(formula, world: dict, vocab: Vocab, env: dict | None = None) -> bool:
    """The truth of a formula tree in a brute-force world (see Vocab.worlds)."""
    env = env or {}
    kind = formula[0]

    def term(t):
        if t in env:
            return env[t]
        if t == ENUM_VAR:
            return world[ENUM_VAR]
        return t  # a member name

    if kind == "var":
        return world[formula[1]]
    if kind == "const":
        return formula[1]
    if kind == "eq":
        return (term(formula[1]) == term(formula[2])) != formula[3]
    if kind == "in":
        return (term(formula[1]) in formula[2]) != formula[3]
    if kind == "p":
        return world[(MEASURE, term(formula[1]))]
    if kind == "cmp":
        value, op, number = linear_value(formula[1], world, vocab, env), formula[2], formula[3]
        return {"<": value < number, "<=": value <= number, ">": value > number, ">=": value >= number,
                "==": value == number, "!=": value != number}[op]
    if kind == "interval":
        return (formula[2] <= linear_value(formula[1], world, vocab, env) <= formula[3]) != formula[4]
    if kind in EXTENSIONS:
        return EXTENSIONS[kind][0](formula, world, vocab, env)
    if kind == "not":
        return not holds(formula[1], world, vocab, env)
    if kind in BINARY:
        left = holds(formula[1], world, vocab, env)
        right = holds(formula[2], world, vocab, env)
        return {"and": left and right, "or": left or right,
                "implies": (not left) or right, "iff": left == right}[kind]
    _, name, enum, body = formula
    values = (holds(body, world, vocab, {**env, name: member}) for member in vocab.enums[enum])
    return all(values) if kind == "forall" else any(values)


def linear_value(term, world: dict, vocab: Vocab, env: dict) -> int:
    total = 0
    for coefficient, summand in term:
        kind = summand[0]
        if kind == "ivar":
            value = world[summand[1]]
        elif kind == "q":
            member = env.get(summand[1], world.get(ENUM_VAR) if summand[1] == ENUM_VAR else summand[1])
            value = world[(QMEASURE, member)]
        elif kind == "sum":
            value = sum(world[(QMEASURE, member)] for member in SIDE_MEMBERS)
        else:
            _, name, enum, body = summand
            value = sum(holds(body, world, vocab, {**env, name: member}) for member in vocab.enums[enum])
        total += coefficient * value
    return total


def mentions_measures(formula) -> bool:
    """Does the formula read a measure (p or q, or q through `sum`)?"""
    if isinstance(formula, tuple):
        if formula and formula[0] in MEASURE_KINDS:
            return True
        return any(mentions_measures(part) for part in formula)
    return False


def to_world(world: dict) -> World:
    """A brute-force world as a checker World."""
    context, measures = {}, {}
    for key, value in world.items():
        if isinstance(key, tuple):
            measures[(key[0], (key[1],))] = value if isinstance(value, bool) else Fraction(value)
        elif key == ENUM_VAR:
            context[key] = Member(value)
        else:
            context[key] = value if isinstance(value, bool) else Fraction(value)
    return World(context, measures)


# ---- rendering --------------------------------------------------------------------------

_PREC = {"iff": 1, "implies": 2, "or": 3, "and": 4, "not": 5}
# Minimum precedence of (left, right) operands; iff does not chain, implies is right-associative.
_OPERANDS = {"iff": (2, 2), "implies": (3, 2), "or": (3, 4), "and": (4, 5)}


def render(formula, minimal: bool = True) -> str:
    """Case-language text; `minimal` uses only the brackets precedence requires."""
    return _render(formula, 0, True, minimal)


def _render(formula, need: int, last: bool, minimal: bool) -> str:
    kind = formula[0]
    if kind == "var":
        return formula[1]
    if kind == "const":
        return "true" if formula[1] else "false"
    if kind == "eq":
        return f"{formula[1]} {'!=' if formula[3] else '=='} {formula[2]}"
    if kind == "in":
        return f"{formula[1]} {'not in' if formula[3] else 'in'} {{{', '.join(formula[2])}}}"
    if kind == "p":
        return f"{MEASURE}({formula[1]})"
    if kind in EXTENSIONS:  # an extension's atom brackets itself where it needs to
        return EXTENSIONS[kind][1](formula)
    if kind == "cmp":  # always bracketed: a comparison never needs to know what surrounds it
        return f"({_render_linear(formula[1], minimal)} {formula[2]} {formula[3]})"
    if kind == "interval":
        return f"({_render_linear(formula[1], minimal)} {'not in' if formula[4] else 'in'} [{formula[2]}, {formula[3]}])"
    if kind in ("forall", "exists"):
        # A quantifier's body extends as far right as it can: bracket it unless nothing follows.
        bracket = not (minimal and last)
        _, name, enum, body = formula
        text = f"{kind} {name}: {enum}. {_render(body, 0, True, minimal)}"
        return f"({text})" if bracket else text
    prec = _PREC[kind]
    bracket = prec < need or not minimal and need > 0
    inner_last = True if bracket else last
    if kind == "not":
        text = "not " + _render(formula[1], prec, inner_last, minimal)
    else:
        left_need, right_need = _OPERANDS[kind]
        left = _render(formula[1], left_need, False, minimal)
        right = _render(formula[2], right_need, inner_last, minimal)
        text = f"{left} {kind} {right}"
    return f"({text})" if bracket else text


def _render_linear(term, minimal: bool) -> str:
    text = ""
    for index, (coefficient, summand) in enumerate(term):
        shown = _render_summand(summand, minimal)
        factor = f"{abs(coefficient)} * " if abs(coefficient) != 1 else ""
        if index == 0:
            text = ("-" if coefficient < 0 else "") + factor + shown
        else:
            text += (" - " if coefficient < 0 else " + ") + factor + shown
    return text


def _render_summand(summand, minimal: bool) -> str:
    kind = summand[0]
    if kind == "ivar":
        return summand[1]
    if kind == "q":
        return f"{QMEASURE}({summand[1]})"
    if kind == "sum":
        return f"(sum {summand[1]}: Side. {QMEASURE}({summand[1]}))"
    _, name, enum, body = summand
    return f"(count {name}: {enum}. {_render(body, 0, True, minimal)})"


# ---- whole cases ----------------------------------------------------------------------------


@attrs.frozen
class Argument:
    """One strategy step: top claim G0 by S1 from premises P1.. given assumptions A1.."""

    vocab: Vocab
    boundary: tuple | None  # None: no boundary block
    premises: tuple
    assumptions: tuple
    conclusion: object
    minimal: bool = True
    shows: tuple | None = None  # what each premise's evidence shows; None: the premise itself

    def evidence(self) -> tuple:
        return self.premises if self.shows is None else self.shows

    def bounds(self) -> tuple:
        """`x in [0, high]` for each int variable: the boundary keeps every number finite."""
        return tuple(("interval", ((1, ("ivar", name)),), 0, self.vocab.int_high, False) for name in self.vocab.ints)

    def has_boundary(self) -> bool:
        return self.boundary is not None or bool(self.vocab.ints)

    def text(self) -> str:
        r = lambda f: render(f, self.minimal)  # noqa: E731
        lines = ['case gen "generated" version "1" author "hypothesis"']
        lines += [f"enum {name} {{ {', '.join(members)} }}" for name, members in self.vocab.enums.items()]
        variables = [f"{b}: bool" for b in self.vocab.bools]
        if self.vocab.enum_type:
            variables.append(f"{ENUM_VAR}: {self.vocab.enum_type}")
        variables += [f"{name}: int" for name in self.vocab.ints]
        if variables:
            lines.append("context { " + " ".join(variables) + " }")
        if self.vocab.measure:
            lines.append(f"measure {MEASURE}(Side): bool")
        if self.vocab.qmeasure:
            lines.append(f"measure {QMEASURE}(Side): int in [0, {self.vocab.q_high}]")
        if self.has_boundary():
            lines += ["boundary {", *(f"  {r(f)}" for f in self.boundary_formulas()), "}"]  # one formula a line
        for i, formula in enumerate(self.assumptions, 1):
            lines.append(f'assume A{i} "assumption {i}": {r(formula)}')
        lines.append(f'claim G0 "top": {r(self.conclusion)}')
        lines.append("  by S1")
        step = 'strategy S1 "step": from ' + ", ".join(f"P{i}" for i in range(1, len(self.premises) + 1))
        if self.assumptions:
            step += " given " + ", ".join(f"A{i}" for i in range(1, len(self.assumptions) + 1))
        lines.append(step)
        for i, (formula, shown) in enumerate(zip(self.premises, self.evidence()), 1):
            lines += [f'claim P{i} "premise {i}": {r(formula)}', f"  evidence E{i}"]
            lines.append(f'evidence E{i} "shows P{i}" {{ shows {r(shown)} }}')
        return "\n".join(lines) + "\n"

    def boundary_formulas(self) -> tuple:
        return self.bounds() + tuple(self.boundary or ())

    def worlds(self, formulas) -> list:
        """The brute-force worlds inside the boundary where every formula holds."""
        within = self.boundary_formulas() + tuple(formulas)
        return [w for w in self.vocab.worlds() if all(holds(f, w, self.vocab) for f in within)]


def _argument(draw, vocab: Vocab, depth: int, evidence_of_its_own: bool) -> Argument:
    """Boundary, premises, assumptions and conclusion over `vocab`, premises and conclusion `depth` deep;
    with `evidence_of_its_own`, each premise's evidence shows something drawn (often the premise itself)."""
    boundary = draw(st.one_of(st.none(), st.lists(formulas(vocab, 2, measures=False), max_size=2).map(tuple)))
    premises = tuple(draw(st.lists(formulas(vocab, depth), min_size=1, max_size=3)))
    assumptions = tuple(draw(st.lists(formulas(vocab, 2), max_size=2)))
    conclusion = draw(formulas(vocab, depth))
    shows = (tuple(premise if draw(st.booleans()) else draw(formulas(vocab, 2)) for premise in premises)
             if evidence_of_its_own else None)
    return Argument(vocab, boundary, premises, assumptions, conclusion, draw(st.booleans()), shows)


@st.composite
def arguments(draw) -> Argument:
    return _argument(draw, draw(vocabs()), 3, evidence_of_its_own=False)


@st.composite
def numeric_arguments(draw) -> Argument:
    """An argument over a numeric vocabulary, whose evidence shows something of its own (often the premise)."""
    return _argument(draw, draw(numeric_vocabs()), 2, evidence_of_its_own=True)


@attrs.frozen
class AssumptionSet:
    """Only assumptions (and a boundary) over bool and enum context variables."""

    vocab: Vocab
    boundary: tuple
    assumptions: tuple

    def text(self) -> str:
        return Argument(self.vocab, self.boundary, (("const", True),), self.assumptions, ("const", True)).text()

    def consistent(self, chosen) -> bool:
        within = tuple(self.boundary) + tuple(self.assumptions[i] for i in chosen)
        return any(all(holds(f, w, self.vocab) for f in within) for w in self.vocab.worlds())


# Valid names that look like the solver's own: none may change what a case means.
ODD_NAMES = ("b1", "__guard_0", "__guard_1", "__guard_2", "_", "guard_0")


@st.composite
def assumption_sets(draw, odd_names: bool = False) -> AssumptionSet:
    names = st.lists(st.sampled_from(ODD_NAMES), min_size=1, max_size=3, unique=True) if odd_names else None
    vocab = draw(vocabs(need_bool=True, bool_names=names))
    boundary = tuple(draw(st.lists(formulas(vocab, 1, measures=False), max_size=1)))
    literal = formulas(vocab, 1, measures=False)
    assumptions = tuple(draw(st.lists(st.one_of(literal, formulas(vocab, 2, measures=False)), min_size=2, max_size=5)))
    return AssumptionSet(vocab, boundary, assumptions)


# ---- richer formulas, for replaying solver worlds (no reference semantics) -------------------

RICH_HEADER = """case rich "rich" version "1" author "hypothesis"
enum Col { red, green, blue }
context { x: int y: real d: date tools: set<Col> model: string e: Col flag: bool }
measure r(Col): real in [0, 1]
measure n: int in [0, 10]
"""

_NUMBERS = st.sampled_from(["0", "1", "2", "3", "0.5", "1.25", "-1", "-2.5", "10"])
_MEMBERS = st.sampled_from(["red", "green", "blue"])
_DATES = st.sampled_from(["2026-01-01", "2026-06-30", "2027-02-28", "0001-01-01", "9999-12-31"])


@st.composite
def _numeric_term(draw, bound: str | None = None) -> str:
    atoms = ["x", "y", "n", "r(red)", "r(e)", draw(_NUMBERS)] + ([f"r({bound})"] if bound else [])
    left = draw(st.sampled_from(atoms))
    shape = draw(st.sampled_from(["atom", "+", "-", "*", "neg"]))
    if shape == "atom":
        return left
    if shape == "neg":
        return f"-{left}" if not left.startswith("-") else left
    if shape == "*":
        return f"{draw(_NUMBERS)} * {left}"  # a constant factor keeps the arithmetic linear
    return f"{left} {shape} {draw(st.sampled_from(atoms))}"


@st.composite
def rich_atoms(draw, bound: str | None = None) -> str:
    kind = draw(st.sampled_from(["cmp", "interval", "set", "member", "date", "string", "enum", "flag", "aggregate"]))
    if kind == "cmp":
        op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
        return f"{draw(_numeric_term(bound))} {op} {draw(_numeric_term(bound))}"
    if kind == "interval":
        neg = draw(st.sampled_from(["in", "not in"]))
        return f"{draw(_numeric_term(bound))} {neg} [{draw(_NUMBERS)}, {draw(_NUMBERS)}]"
    if kind == "set":
        items = draw(st.lists(_MEMBERS, max_size=3, unique=True))
        literal = "{" + ", ".join(items) + "}"
        if bound and draw(st.booleans()):
            literal = "{" + ", ".join([bound] + items) + "}"
        op = draw(st.sampled_from(["==", "!=", "<=", ">=", "<", ">"]))
        return draw(st.sampled_from([f"tools {op} {literal}", f"{literal} {op} tools"]))
    if kind == "member":
        element = draw(st.sampled_from(["e", "red", "blue"] + ([bound] if bound else [])))
        return f"{element} {draw(st.sampled_from(['in', 'not in']))} tools"
    if kind == "date":
        shape = draw(st.sampled_from(["arith", "between", "plain"]))
        if shape == "arith":  # date arithmetic: a date plus or minus days, the days between two dates
            days = draw(st.sampled_from(["x", "90", "-30", "0"]))
            op = draw(st.sampled_from(['<', '<=', '>', '>=', '==', '!=']))
            return draw(st.sampled_from([f"d + {days} {op} {draw(_DATES)}", f"{draw(_DATES)} - {days} {op} d",
                                         f"d - {draw(_DATES)} {op} {days}", f"{days} + d {op} d - x"]))
        if shape == "plain":
            return f"d {draw(st.sampled_from(['<', '<=', '>', '>=', '==', '!=']))} {draw(_DATES)}"
        low, high = sorted([draw(_DATES), draw(_DATES)])
        return f"d {draw(st.sampled_from(['in', 'not in']))} [{low}, {high}]"
    if kind == "string":
        return f'model {draw(st.sampled_from(["==", "!="]))} "{draw(st.sampled_from(["a", "b", "x-1"]))}"'
    if kind == "enum":
        other = draw(st.sampled_from(["red", "green", bound or "blue"]))
        return f"e {draw(st.sampled_from(['==', '!=']))} {other}"
    if kind == "flag":
        return "flag"
    if bound:
        return f"r({bound}) > 0.5"
    aggregate = draw(st.sampled_from(["forall", "exists", "count", "sum"]))
    body = draw(rich_formulas("c", 1))
    if aggregate == "count":
        return f"(count c: Col. {body}) {draw(st.sampled_from(['>=', '<=', '==']))} {draw(st.integers(0, 3))}"
    if aggregate == "sum":
        return f"(sum c: Col. r(c)) {draw(st.sampled_from(['>=', '<=']))} {draw(_NUMBERS)}"
    return f"({aggregate} c: Col. {body})"


@st.composite
def rich_formulas(draw, bound: str | None = None, depth: int = 2) -> str:
    if depth <= 0 or draw(st.booleans()):
        return draw(rich_atoms(bound))
    op = draw(st.sampled_from(["and", "or", "implies", "iff", "not"]))
    if op == "not":
        return f"not ({draw(rich_formulas(bound, depth - 1))})"
    return f"({draw(rich_formulas(bound, depth - 1))}) {op} ({draw(rich_formulas(bound, depth - 1))})"


def rich_case(formulas) -> str:
    lines = [RICH_HEADER.rstrip("\n")]
    lines += [f'assume A{i} "a{i}": {f}' for i, f in enumerate(formulas, 1)]
    lines += ['claim G0 "t": true', "  evidence E1", 'evidence E1 "e" { shows true }']
    return "\n".join(lines) + "\n"
