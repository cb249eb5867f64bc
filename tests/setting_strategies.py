"""Hypothesis generators for whole arguments over sets, reals, dates and strings, with settings and requirements.

`RichVocab` widens tests/strategies.py's vocabulary with, each optional:

- `kit: set<Aid>` (Aid has two or three members), perhaps an `affordance`: atoms
  `m in kit`, `m not in kit` (m a member or a bound variable of Aid) and `kit OP {..}`
  for every set comparison;
- `net: bool affordance`;
- `u: real` (perhaps an `affordance`), kept in [0, 1] by the boundary, and the measure
  `r(Side): real in [0, 1]`: a real term (`u`, `r(m)`, either negated) compared with a
  constant of Q = {0, 1/2, 1} (negated with the term), in an interval with ends in Q, or
  compared with another real term;
- `day: date`, kept in three days by the boundary: `day + k OP DATE`, `day - DATE OP n`;
- `model: string`, compared with "m1" and "m2" in boundary lines, or `model: Build` over
  `enum Build { m1, m2, m3 }` (section 14: a string, or an enum whose members name the builds).

Brute force over these is exact, because each variable is enumerated over a finite set
that meets every class of values the formulas can tell apart:

- a set of Aid has finitely many values, and a date in three days three;
- a string is compared only with "m1" and "m2", so every other string behaves as "zz";
- a real term is compared only with constants of Q and with other real terms, so the
  truth of every formula depends only on the order type of the real unknowns and the
  constants: which constant each unknown equals or between which two neighbouring
  constants it lies, and how the unknowns are ordered among themselves. With n real
  unknowns (u, r(left), r(right): n <= 3), the grid of multiples of 1/(2(n+1)) in
  [0, 1] has n points strictly inside each open gap between neighbouring constants of
  Q, and contains Q: every order type of n values in [0, 1] (ties included) is realised
  on it. Measures keep to their declared range and `u` to the boundary line `u in [0, 1]`,
  so no world outside [0, 1] exists to be missed. (No sum or multiple of reals is drawn:
  a line `r(left) + r(right) <= 1/2` would cut the gaps finer than the grid.)

`SettingTree` is tests/argument_strategies.py's `Tree` over such a vocabulary, with
`setting` blocks (affordances granted, withheld or unstated, other variables pinned),
`model` builds and `date`s on evidence, an item two claims cite at times, claims citing
evidence with settings scoped more often, perhaps a `decision`, and perhaps a `requires
"req.case"` (with a `when` condition or not) on a required case that is missing, or that
holds or fails on a boundary of its own, perhaps over a bool `zflag` only it declares.
Nothing here asks the checker anything.
"""
from __future__ import annotations

import datetime
import itertools
from fractions import Fraction

import attrs
from hypothesis import strategies as st

try:
    from tests import argument_strategies as trees
    from tests import strategies as gen
except ImportError:  # tests/ on sys.path rather than the project root
    import argument_strategies as trees
    import strategies as gen

AIDS = ("hint", "web", "shell")
Q = (Fraction(0), Fraction(1, 2), Fraction(1))
DAY0 = datetime.date(2026, 3, 1)
DAYS = tuple(DAY0 + datetime.timedelta(days=i) for i in range(3))
BUILDS = ("m1", "m2")
OTHER_BUILD = "zz"  # every string other than "m1" and "m2": no formula tells them apart
BUILD_MEMBERS = ("m1", "m2", "m3")
NO_MEMBER = "m9"  # a build no member of Build names: no deployment's
# Around the check date (argument_strategies.AS_OF, 2026-01-01) and the expiry dates drawn there.
EVIDENCE_DATES = ("2025-01-01", "2025-12-31", "2026-01-01", "2026-01-02", "2027-02-01")
DECISION_DAYS = ("2025-12-01", "2026-01-01")
DECISION_EXPIRIES = ("2025-12-15", "2026-01-01", "2026-06-01")
OPS = ("<", "<=", ">", ">=", "==", "!=")
SET_OPS = ("<=", ">=", "<", ">", "==", "!=")


def _compare(left, op, right) -> bool:
    return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right,
            "==": left == right, "!=": left != right}[op]


def _number(value: Fraction) -> str:
    """A constant as a literal: `0.5`, `-1`."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value.denominator == 1:
        return f"{sign}{value.numerator}"
    return f"{sign}{value.numerator / value.denominator:g}"


# ---- the atoms ------------------------------------------------------------------------------
# ("mem", element, negated)            element in kit / element not in kit
# ("sub", op, members, flipped)        kit OP {..}, or {..} OP kit when flipped
# ("rcmp", term, op, constant)         a real term against a constant; term = (sign, ("u",) or ("r", enum term))
# ("rin", term, lo, hi, negated)       term in [lo, hi]
# ("rrel", term, op, term)
# ("dcmp", shift, op, date)            day + shift OP date
# ("ddiff", op, days)                  day - DAY0 OP days
# ("din", lo, hi)                      day in [lo, hi]
# ("model", op, build, enum)           model == "m1" / model != "m1"; model == m1 when the variable is an enum
# ("covers", granted)                  the deployment gets no more of any affordance than `granted` (never rendered)


def _enum_value(term, world, env):
    if term in env:
        return env[term]
    return world[gen.ENUM_VAR] if term == gen.ENUM_VAR else term


def _real(term, world, env) -> Fraction:
    sign, what = term
    value = world["u"] if what[0] == "u" else world[("r", _enum_value(what[1], world, env))]
    return sign * value


def _render_real(term) -> str:
    sign, what = term
    shown = "u" if what[0] == "u" else f"r({what[1]})"
    return ("-" if sign < 0 else "") + shown


def _covers(formula, world, vocab, env) -> bool:
    for name, value in formula[1]:
        if name == "kit" and not world["kit"] <= value:
            return False
        if name == "net" and world["net"] and not value:
            return False
        if name == "u" and world["u"] > value:
            return False
    return True


def _set_text(members) -> str:
    return "{" + ", ".join(members) + "}"


gen.EXTENSIONS.update({
    "mem": (lambda f, w, v, env: (_enum_value(f[1], w, env) in w["kit"]) != f[2],
            lambda f: f"{f[1]} {'not in' if f[2] else 'in'} kit"),
    "sub": (lambda f, w, v, env: _compare(*((frozenset(f[2]), f[1], w["kit"]) if f[3]
                                            else (w["kit"], f[1], frozenset(f[2])))),
            lambda f: f"({_set_text(f[2])} {f[1]} kit)" if f[3] else f"(kit {f[1]} {_set_text(f[2])})"),
    "rcmp": (lambda f, w, v, env: _compare(_real(f[1], w, env), f[2], f[3]),
             lambda f: f"({_render_real(f[1])} {f[2]} {_number(f[3])})"),
    "rin": (lambda f, w, v, env: (f[2] <= _real(f[1], w, env) <= f[3]) != f[4],
            lambda f: f"({_render_real(f[1])} {'not in' if f[4] else 'in'} [{_number(f[2])}, {_number(f[3])}])"),
    "rrel": (lambda f, w, v, env: _compare(_real(f[1], w, env), f[2], _real(f[3], w, env)),
             lambda f: f"({_render_real(f[1])} {f[2]} {_render_real(f[3])})"),
    "dcmp": (lambda f, w, v, env: _compare(w["day"] + datetime.timedelta(days=f[1]), f[2], f[3]),
             lambda f: f"(day{f' + {f[1]}' if f[1] > 0 else f' - {-f[1]}' if f[1] < 0 else ''} {f[2]} {f[3]})"),
    "ddiff": (lambda f, w, v, env: _compare((w["day"] - DAY0).days, f[1], f[2]),
              lambda f: f"(day - {DAY0} {f[1]} {f[2]})"),
    "din": (lambda f, w, v, env: f[1] <= w["day"] <= f[2], lambda f: f"(day in [{f[1]}, {f[2]}])"),
    "model": (lambda f, w, v, env: _compare(w["model"], f[1], f[2]),
              lambda f: f"(model {f[1]} {f[2]})" if f[3] else f'(model {f[1]} "{f[2]}")'),
    "covers": (_covers, None),
    "pin": (lambda f, w, v, env: w[f[1]] == f[2], None),  # a setting's value: `name == value` (never rendered)
})
gen.MEASURE_KINDS.add("r")


# ---- the vocabulary -----------------------------------------------------------------------------


@attrs.frozen
class RichVocab(gen.Vocab):
    aid_size: int = 0  # members of Aid; 0: no `kit` variable
    kit_affordance: bool = False
    net: bool = False  # `net: bool affordance`
    real_var: bool = False  # `u: real`, in [0, 1]
    u_affordance: bool = False
    rmeasure: bool = False  # `measure r(Side): real in [0, 1]`
    date_var: bool = False  # `day: date`, one of DAYS
    model: bool = False  # `model: string`
    model_enum: bool = False  # `model: Build` instead
    scope: bool = False  # a vocabulary for `within` scopes: members of `kit` named one by one, no measures


    @property
    def enums(self) -> dict:
        enums = dict(super().enums)
        if self.rmeasure:
            enums.setdefault("Side", gen.SIDE_MEMBERS)
        if self.aid_size:
            enums["Aid"] = AIDS[: self.aid_size]
        if self.model and self.model_enum:
            enums["Build"] = BUILD_MEMBERS
        return enums

    def affordances(self) -> tuple:
        return (("kit",) if self.aid_size and self.kit_affordance else ()) + (("net",) if self.net else ()) + \
            (("u",) if self.real_var and self.u_affordance else ())

    def grid(self) -> tuple:
        unknowns = int(self.real_var) + 2 * int(self.rmeasure)
        steps = 2 * (unknowns + 1)
        return tuple(Fraction(k, steps) for k in range(steps + 1))

    def _axes(self) -> list:
        axes = []
        if self.aid_size:
            members = AIDS[: self.aid_size]
            axes.append(("kit", [frozenset(c) for n in range(len(members) + 1)
                                 for c in itertools.combinations(members, n)]))
        if self.net:
            axes.append(("net", (False, True)))
        if self.real_var:
            axes.append(("u", self.grid()))
        if self.rmeasure:
            axes += [(("r", side), self.grid()) for side in gen.SIDE_MEMBERS]
        if self.date_var:
            axes.append(("day", DAYS))
        if self.model:
            axes.append(("model", BUILD_MEMBERS if self.model_enum else BUILDS + (OTHER_BUILD,)))
        return axes

    def worlds(self):
        axes = self._axes()
        keys = [key for key, _ in axes]
        for base in super().worlds():
            for values in itertools.product(*(domain for _, domain in axes)):
                yield {**base, **dict(zip(keys, values))}

    def extra_size(self) -> int:
        size = 1
        for _, domain in self._axes():
            size *= len(domain)
        return size

    def extra_variables(self) -> list:
        names = []
        if self.aid_size:
            names.append("kit: set<Aid>" + (" affordance" if self.kit_affordance else ""))
        if self.net:
            names.append("net: bool affordance")
        if self.real_var:
            names.append("u: real" + (" affordance" if self.u_affordance else ""))
        if self.date_var:
            names.append("day: date")
        if self.model:
            names.append("model: Build" if self.model_enum else "model: string")
        return names

    def extra_measures(self) -> list:
        return ["measure r(Side): real in [0, 1]"] if self.rmeasure else []

    def extra_bounds(self) -> tuple:
        bounds = ()
        if self.real_var:
            bounds += (("rin", (1, ("u",)), Q[0], Q[-1], False),)
        if self.date_var:
            bounds += (("din", DAYS[0], DAYS[-1]),)
        return bounds

    def for_scopes(self) -> "RichVocab":
        """Scopes read bools, the enum, `net`, members of `kit` by name (`hint in kit`), `u` and `day`."""
        return RichVocab(self.bools, self.enum_type, self.col_size, aid_size=self.aid_size, net=self.net,
                         real_var=self.real_var, date_var=self.date_var, scope=True)

    def extra_atoms(self, bound: tuple, measures: bool) -> list:
        atoms = []
        if self.aid_size:
            members = AIDS[: self.aid_size]
            elements = list(members) + [name for name, enum in bound if enum == "Aid" and not self.scope] * 2
            atoms.append(st.tuples(st.just("mem"), st.sampled_from(elements), st.booleans()))
            atoms.append(None if self.scope else st.tuples(st.just("sub"), st.sampled_from(SET_OPS),
                                   st.lists(st.sampled_from(members), max_size=len(members), unique=True).map(tuple),
                                   st.booleans()))
            atoms = [a for a in atoms if a is not None]
        if self.net:
            atoms.append(st.just(("var", "net")))
        terms = [(1, ("u",))] if self.real_var else []
        if measures and self.rmeasure:
            sides = list(gen.SIDE_MEMBERS) + [name for name, enum in bound if enum == "Side"] * 2
            if self.enum_type == "Side":
                sides.append(gen.ENUM_VAR)
            terms += [(1, ("r", side)) for side in sides]
        if terms:
            term = st.tuples(st.sampled_from((1, 1, -1)), st.sampled_from(terms)).map(lambda t: (t[0], t[1][1]))
            atoms.append(st.builds(lambda t, op, c: ("rcmp", t, op, t[0] * c), term, st.sampled_from(OPS),
                                   st.sampled_from(Q)))
            atoms.append(st.builds(lambda t, ends, neg: ("rin", t, *(sorted(t[0] * c for c in ends)), neg), term,
                                   st.lists(st.sampled_from(Q), min_size=2, max_size=2), st.booleans()))
            if len(terms) > 1:
                atoms.append(st.builds(lambda a, op, b: ("rrel", a, op, b), term, st.sampled_from(OPS), term))
        if self.date_var:
            atoms.append(st.builds(lambda k, op, d: ("dcmp", k, op, d), st.integers(-1, 1), st.sampled_from(OPS),
                                   st.sampled_from(DAYS)))
            atoms.append(st.builds(lambda op, n: ("ddiff", op, n), st.sampled_from(OPS), st.integers(0, 2)))
        if self.model and not measures:
            atoms.append(st.builds(lambda op, b: ("model", op, b, self.model_enum), st.sampled_from(("==", "!=")),
                                   st.sampled_from(BUILDS)))
        return atoms


LIMIT = 400  # worlds; fewer bools, then fewer other variables, until a vocabulary has at most this many


@st.composite
def rich_vocabs(draw, model: bool = False) -> RichVocab:
    base = draw(st.one_of(gen.vocabs(), gen.numeric_vocabs()))
    extras = dict(
        aid_size=draw(st.sampled_from((0, 2, 3))),
        kit_affordance=draw(st.booleans()),
        net=draw(st.booleans()),
        real_var=draw(st.booleans()),
        u_affordance=draw(st.booleans()),
        rmeasure=draw(st.booleans()),
        date_var=draw(st.integers(0, 3)) == 0,
        model=model and draw(st.booleans()),
        model_enum=draw(st.booleans()),
    )
    if not any((extras["aid_size"], extras["net"], extras["real_var"], extras["rmeasure"], extras["date_var"])):
        extras["aid_size"] = 2
    vocab = RichVocab(**attrs.asdict(base, recurse=False), **extras)
    for drop in ("bools", "ints", "qmeasure", "date_var", "real_var", "measure", "net", "enum_type"):
        if gen._size(vocab) <= LIMIT:
            break
        vocab = attrs.evolve(vocab, **{drop: () if drop in ("bools", "ints") else None if drop == "enum_type" else False})
    while gen._size(vocab) > LIMIT and vocab.aid_size > 2:
        vocab = attrs.evolve(vocab, aid_size=vocab.aid_size - 1)
    return vocab


# ---- settings, model builds and requirements ------------------------------------------------------


@attrs.frozen
class Requirement:
    """`requires "req.case"` (with `when condition` unless None); `boundary` None: the file is missing.

    `flag` True or False: the required case declares a bool `zflag` of its own, which its boundary pins
    (`zflag`, `not zflag`); this case does not declare it, so nothing here keeps to that line."""

    condition: object
    boundary: tuple | None
    flag: bool | None = None

    def vocab(self, vocab: RichVocab) -> RichVocab:
        return vocab if self.flag is None else attrs.evolve(vocab, bools=(*vocab.bools, "zflag"))

    def tree(self, vocab: RichVocab) -> trees.Tree:
        """The required case: this vocabulary, its boundary, one claim that holds wherever it is checked."""
        lines = self.boundary + ((("var", "zflag") if self.flag else ("not", ("var", "zflag"))),) \
            if self.flag is not None else self.boundary
        return trees.Tree(self.vocab(vocab), lines, {"G0": ("const", True)}, {"G0": ("evidence", ("E1",))}, {},
                          {"E1": ("const", True)})

    def case_text(self, vocab: RichVocab) -> str:
        return self.tree(vocab).text()[0]


@attrs.frozen
class SettingTree:
    """A tree with evidence settings (item -> ((variable, value), ...)), model builds (item -> build) and a requirement."""

    tree: trees.Tree
    settings: dict = attrs.field(factory=dict)
    models: dict = attrs.field(factory=dict)
    requirement: Requirement | None = None
    dates: dict = attrs.field(factory=dict)  # evidence item -> its `date` (a string)
    decision: tuple | None = None  # (on, expires or None), strings: `decision deploy by ... on ON expires EXPIRES`


def render_value(value, vocab: RichVocab, name: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, frozenset):
        return _set_text(sorted(value, key=AIDS.index))
    if isinstance(value, Fraction):
        return _number(value)
    if name == "model" and not vocab.model_enum:
        return f'"{value}"'
    return str(value)


@st.composite
def _setting(draw, vocab: RichVocab) -> tuple:
    """Values for some affordances (each unstated at times) and at most two other variables."""
    entries = []
    for name in vocab.affordances():
        if draw(st.integers(0, 2)) == 0:
            continue  # withheld (a set or bool), or unknown (a number: E308)
        entries.append((name, draw(_value(vocab, name))))
    others = [n for n in ("kit", "u") if n in {v.split(":")[0] for v in vocab.extra_variables()}
              and n not in vocab.affordances()]
    others += list(vocab.bools) + list(vocab.ints) + ([gen.ENUM_VAR] if vocab.enum_type else [])
    others += (["day"] if vocab.date_var else []) + (["model"] if vocab.model else [])
    for name in draw(st.lists(st.sampled_from(others), max_size=2, unique=True)) if others else ():
        entries.append((name, draw(_value(vocab, name))))
    return tuple(entries)


def _value(vocab: RichVocab, name: str):
    if name == "kit":
        return st.lists(st.sampled_from(AIDS[: vocab.aid_size]), max_size=vocab.aid_size, unique=True).map(frozenset)
    if name == "u":
        return st.sampled_from(Q)
    if name == "day":
        return st.sampled_from(DAYS)
    if name == "model":
        return st.sampled_from(BUILD_MEMBERS if vocab.model_enum else BUILDS)
    if name == gen.ENUM_VAR:
        return st.sampled_from(vocab.enums[vocab.enum_type])
    if name in vocab.ints:
        return st.integers(0, vocab.int_high + 1)
    return st.booleans()  # net and the bools


@st.composite
def setting_trees(draw) -> SettingTree:
    vocab = draw(rich_vocabs(model=True))
    tree = draw(trees.trees(vocabs=st.just(vocab)))
    vocab = tree.vocab  # with fewer bools, perhaps
    if vocab.model and draw(st.booleans()):
        line = ("model", draw(st.sampled_from(("==", "!="))), draw(st.sampled_from(BUILDS)), vocab.model_enum)
        tree = attrs.evolve(tree, boundary=(*(tree.boundary or ()), line))
    leaves = [c for c, how in tree.support.items() if how[0] == "evidence" and tree.claims[c] is not None]
    claim = draw(st.sampled_from(leaves)) if leaves and draw(st.booleans()) else None
    others = [item for item in tree.cited() if claim is not None and item not in tree.support[claim][1]]
    if others:  # an item two claims cite
        support = {**tree.support, claim: ("evidence", (*tree.support[claim][1], draw(st.sampled_from(others))))}
        tree = attrs.evolve(tree, support=support)
    settings, models, fields, dates = {}, {}, {}, {}
    for item in tree.evidence:
        if draw(st.integers(0, 3)) == 0:
            dates[item] = draw(st.sampled_from(EVIDENCE_DATES))
        if draw(st.integers(0, 2)) == 0:
            settings[item] = draw(_setting(vocab))
        if vocab.model and draw(st.integers(0, 2)) == 0:
            models[item] = draw(st.sampled_from(BUILDS + ((NO_MEMBER,) if vocab.model_enum else ())))
        text = [f"date {dates[item]}"] if item in dates else []
        if item in models:
            text.append(f'model "{models[item]}"')
        if item in settings:
            text.append("setting { " + ", ".join(f"{n}: {render_value(v, vocab, n)}" for n, v in settings[item]) + " }")
        if text:
            fields[item] = " ".join(text)
    scopes = vocab.for_scopes()
    if scopes.bools or scopes.enum_type:  # scope the claims citing evidence with settings more often
        within = dict(tree.within)
        for item, claim in tree.cited().items():
            if item in settings and claim not in within and tree.claims[claim] is not None and draw(st.booleans()):
                within[claim] = draw(gen.formulas(scopes, 1, measures=False))
        tree = attrs.evolve(tree, within=within)
    requirement, head = None, ()
    if draw(st.integers(0, 2)) == 0:
        condition = draw(st.one_of(st.none(), gen.formulas(vocab, 2)))
        boundary = None if draw(st.sampled_from((False,) * 7 + (True,))) else \
            tuple(draw(st.lists(gen.formulas(vocab, 1, measures=False), max_size=2)))
        requirement = Requirement(condition, boundary, draw(st.sampled_from((None, None, True, False))))
        head = (f'requires "req.case"' + (f" when {gen.render(condition, False)}" if condition is not None else ""),)
    decision = None
    if draw(st.integers(0, 2)) == 0:
        decision = (draw(st.sampled_from(DECISION_DAYS)), draw(st.sampled_from((None, *DECISION_EXPIRIES))))
        head += (f'decision deploy by "Independent Board" on {decision[0]}'
                 + (f" expires {decision[1]}" if decision[1] else ""),)
    tree = attrs.evolve(tree, head=head, fields=fields)
    return SettingTree(tree, settings, models, requirement, dates, decision)
