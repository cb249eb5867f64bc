"""Hypothesis generators for small random multi-level arguments and deployment configurations.

An `Tree` is a whole case over one `strategies.Vocab`: a top claim `G0` argued by
strategy `S0` from one or two sub-claims, each argued by a strategy of its own from
leaf claims or by evidence; assumptions given to the strategies; defeaters (open,
accepted with an owner, or rebutted by evidence of their own, some with `asserts`)
against nodes of the argument; an accept block whose `require`s speak of the same
names. Formulas are drawn so that steps often follow (a conclusion is often a
conjunction of its premises, evidence often shows its claim), otherwise at random.

A `Scope` is a boundary and two configurations (values for every context variable),
for `warrant scope --config` and `warrant diff`.

The formula trees, their reference semantics and their rendering are those of
tests/strategies.py; nothing here asks the checker anything.
"""
from __future__ import annotations

import attrs
from hypothesis import strategies as st

try:
    from tests import strategies as gen
except ImportError:  # tests/ on sys.path rather than the project root
    import strategies as gen

STATUSES = ("open", "accepted", "accepted", "rebutted", "rebutted")
TOOLS = ("saw", "drill", "lathe")
SET_OPS = ("in", "not in", "<=", ">=", "==")
AS_OF = "2026-01-01"  # the checks run as of this day
EXPIRED, CURRENT = "2025-06-01", "2027-01-01"


@attrs.frozen
class Defeater:
    name: str
    against: tuple  # the nodes it names
    status: str
    asserts: object = None  # a formula tree, or None
    rebuttal: str | None = None  # the evidence item that rebuts it (status rebutted)


@attrs.frozen
class Tree:
    """A multi-level argument. `support[claim]` is ("by", strategy, premises, givens) or ("evidence", items)."""

    vocab: gen.Vocab
    boundary: tuple | None
    claims: dict  # name -> formula, top claim first
    support: dict
    assumptions: dict  # name -> formula
    evidence: dict  # name -> formula it shows (cited items and rebuttal items)
    defeaters: tuple = ()
    requires: tuple = ()
    minimal: bool = True
    # (name, condition, reopened claims or None for all); None: one trigger that any change fires
    triggers: tuple | None = None
    expires: dict = attrs.field(factory=dict)  # evidence item -> its `expires` date (a string), where it has one
    judged: frozenset = frozenset()  # strategies argued by judgement (`judged by`): each has an informal premise
    also: dict = attrs.field(factory=dict)  # claim argued by a strategy -> the evidence it cites too (a second step)
    tools: bool = False  # a context variable `tools: set<Tool>`, which boundary lines ("set", ...) read
    within: dict = attrs.field(factory=dict)  # claim -> its `within` scope (bool and enum variables only)
    fields: dict = attrs.field(factory=dict)  # evidence item -> further fields (`setting {...}`, `model "m1"`), as text
    head: tuple = ()  # further lines after the header (`requires ...`), as text

    def effective(self, claim: str):
        """What a claim asserts in every world: `within W: F` asserts `W implies F`."""
        formula = self.claims[claim]
        return ("implies", self.within[claim], formula) if claim in self.within else formula

    def steps(self, claim: str) -> list:
        """The claim's steps: its strategy step or evidence step, and the evidence step of `also`."""
        return [self.support[claim]] + ([("evidence", self.also[claim])] if claim in self.also else [])

    def strategies(self) -> dict:
        """strategy -> (claim, premises, givens)."""
        return {how[1]: (claim, how[2], how[3]) for claim, how in self.support.items() if how[0] == "by"}

    def cited(self) -> dict:
        """evidence item -> the claim that cites it."""
        cited = {item: claim for claim, how in self.support.items() if how[0] == "evidence" for item in how[1]}
        return {**cited, **{item: claim for claim, items in self.also.items() for item in items}}

    def boundary_formulas(self) -> tuple:
        bounds = tuple(("interval", ((1, ("ivar", name)),), 0, self.vocab.int_high, False) for name in self.vocab.ints)
        return bounds + self.vocab.extra_bounds() + tuple(self.boundary or ())

    def has_boundary(self) -> bool:
        return self.boundary is not None or bool(self.vocab.ints) or bool(self.vocab.extra_bounds())

    def context_names(self) -> list:
        names = list(self.vocab.bools)
        if self.vocab.enum_type:
            names.append(gen.ENUM_VAR)
        extra = [declared.split(":")[0] for declared in self.vocab.extra_variables()]
        return names + list(self.vocab.ints) + (["tools"] if self.tools else []) + extra

    def text(self) -> tuple[str, dict]:
        """The case text, and the line (1-based) of each labelled item: `require i`, node names."""
        r = lambda f: gen.render(f, self.minimal)  # noqa: E731
        lines = ['case gen "generated" version "1" author "hypothesis"', *self.head]
        where = {}

        def add(text, label=None):
            if label is not None:
                where[label] = len(lines) + 1
            lines.append(text)

        lines += [f"enum {name} {{ {', '.join(members)} }}" for name, members in self.vocab.enums.items()]
        variables = [f"{b}: bool" for b in self.vocab.bools]
        if self.vocab.enum_type:
            variables.append(f"{gen.ENUM_VAR}: {self.vocab.enum_type}")
        variables += [f"{name}: int" for name in self.vocab.ints]
        if self.tools:
            lines.append(f"enum Tool {{ {', '.join(TOOLS)} }}")
            variables.append("tools: set<Tool>")
        variables += self.vocab.extra_variables()
        if variables:
            lines.append("context { " + " ".join(variables) + " }")
        if self.vocab.measure:
            lines.append(f"measure {gen.MEASURE}(Side): bool")
        if self.vocab.qmeasure:
            lines.append(f"measure {gen.QMEASURE}(Side): int in [0, {self.vocab.q_high}]")
        lines += self.vocab.extra_measures()
        if self.has_boundary():
            lines.append("boundary {")
            for i, f in enumerate(self.boundary_formulas()):
                add(f"  {render_line(f, self.minimal)}", ("boundary", i))
            lines.append("}")
        if variables and self.triggers is None:  # every change fires it, so none leaves the boundary unnoticed (C101)
            watched = " or ".join(f"changed({name})" for name in self.context_names())
            lines.append(f'trigger T1 "any change": {watched} reopens all')
        for name, condition, reopens in self.triggers or ():
            add(f'trigger {name} "change": {render_change(condition)} reopens {", ".join(reopens or ["all"])}', name)
        for name, formula in self.assumptions.items():
            add(f'assume {name} "assumption": {r(formula)}', name)
        for name, formula in self.claims.items():
            scope = f" within {gen.render(self.within[name], False)}" if name in self.within else ""
            add(f'claim {name} "claim"{scope}' + (f": {r(formula)}" if formula is not None else ""), name)
            how = self.support[name]
            if how[0] == "by":
                lines.append(f"  by {how[1]}")
                if name in self.also:
                    lines.append(f"  evidence {', '.join(self.also[name])}")
            else:
                lines.append(f"  evidence {', '.join(how[1])}")
        for strategy, (_, premises, givens) in self.strategies().items():
            step = f'strategy {strategy} "step": from {", ".join(premises)}'
            if givens:
                step += f" given {', '.join(givens)}"
            if strategy in self.judged:
                step += ' judged by "Dr Judge"'
            add(step, strategy)
        for name, formula in self.evidence.items():
            expires = f" expires {self.expires[name]}" if name in self.expires else ""
            extra = f" {self.fields[name]}" if name in self.fields else ""
            add(f'evidence {name} "item" {{ shows {r(formula)}{expires}{extra} }}', name)
        for d in self.defeaters:
            text = f'defeater {d.name} "doubt" against {", ".join(d.against)}'
            if d.asserts is not None:
                text += f" asserts {r(d.asserts)}"
            if d.status == "open":
                text += " status open"
            elif d.status == "accepted":
                text += ' status accepted "tolerable" owner "Risk Owner"'
            else:
                text += f" status rebutted by {d.rebuttal}"
            add(text, d.name)
        lines.append('party pub "the public" role third_party')
        lines.append("accept {")
        for i, formula in enumerate(self.requires):
            add(f"  require {r(formula)}", ("require", i))
        lines += ["  for pub", '  authority "Independent Board"', "}"]
        return "\n".join(lines) + "\n", where


def _small(vocab: gen.Vocab) -> gen.Vocab:
    """Fewer bool variables while the worlds number over 300: every question stays quick for the checker too."""
    while gen._size(vocab) > 300 and vocab.bools:
        vocab = attrs.evolve(vocab, bools=vocab.bools[:-1])
    return vocab


@st.composite
def _formula_near(draw, vocab, parts: list, depth: int = 2):
    """A conclusion over its parts: their conjunction, one of them, a weakening, or something unrelated."""
    kind = draw(st.sampled_from(("and", "and", "one", "or", "random")))
    if kind == "and" and len(parts) > 1:
        picked = draw(st.permutations(parts))
        formula = picked[0]
        for part in picked[1:]:
            formula = ("and", formula, part)
        return formula
    if kind in ("one", "and"):
        return draw(st.sampled_from(parts))
    if kind == "or":
        return ("or", draw(st.sampled_from(parts)), draw(gen.formulas(vocab, 1)))
    return draw(gen.formulas(vocab, depth))


def _satisfiable(vocab: gen.Vocab, worlds: list, depth: int):
    """Formulas some world satisfies (the boundary aside): claims that cannot hold at all are drawn less often."""
    return gen.formulas(vocab, depth).filter(lambda f: any(gen.holds(f, w, vocab) for w in worlds))


@st.composite
def trees(draw, numeric: bool | None = None, vocabs=None) -> Tree:
    """`vocabs`: a strategy for the vocabulary (by default tests/strategies.py's, numeric or not)."""
    numeric = draw(st.booleans()) if numeric is None else numeric
    vocab = _small(draw(vocabs if vocabs is not None else gen.numeric_vocabs() if numeric else gen.vocabs()))
    boundary = draw(st.one_of(st.none(), st.lists(gen.formulas(vocab, 1, measures=False), max_size=2).map(tuple)))
    claims, support, assumptions, evidence, judged, also = {}, {}, {}, {}, set(), {}
    worlds = list(vocab.worlds())
    counter = {"S": 0, "E": 0, "A": 0}

    def fresh(kind):
        counter[kind] += 1
        return f"{kind}{counter[kind]}"

    def leaf(name, formula):
        if draw(st.integers(0, 11)) == 0:
            formula = None  # an informal claim: the steps that use it are informal, or judged
        claims[name] = formula
        support[name] = ("evidence", cite(formula))

    def cite(formula) -> tuple:
        """One or two new evidence items, often showing `formula` (or more), for a claim to cite."""
        items = []
        for _ in range(draw(st.integers(1, 2)) if draw(st.integers(0, 4)) == 0 else 1):
            item = fresh("E")
            shown = draw(st.sampled_from(("claim", "claim", "stronger", "random"))) if formula is not None else "random"
            if shown == "claim":
                evidence[item] = formula
            elif shown == "stronger":
                evidence[item] = ("and", formula, draw(gen.formulas(vocab, 1)))
            else:
                evidence[item] = draw(gen.formulas(vocab, 1))
            items.append(item)
        return tuple(items)

    def argue(name, level):
        """Claim `name` by a strategy over 1-2 sub-claims; returns its formula (drawn from theirs)."""
        strategy = fresh("S")
        subs = [f"{name}{i}" if name != "G0" else f"G{i}" for i in range(1, draw(st.integers(1, 2)) + 1)]
        formulas = []
        for sub in subs:
            formula = draw(_satisfiable(vocab, worlds, draw(st.integers(1, 2))) if draw(st.integers(0, 3))
                           else gen.formulas(vocab, 2))
            if level < 2 and draw(st.booleans()):
                claims[sub] = None  # keeps the order top-down; filled in below
                formula = argue(sub, level + 1)
                claims[sub] = formula
            else:
                leaf(sub, formula)
            formulas.append(formula)
        formulas = [f for f in formulas if f is not None]
        givens = []
        if assumptions and draw(st.integers(0, 4)) == 0:  # an assumption another strategy is given too
            givens.append(draw(st.sampled_from(sorted(assumptions))))
        elif draw(st.integers(0, 2)) == 0:
            given = fresh("A")
            assumptions[given] = draw(st.one_of(gen.formulas(vocab, 1), _formula_near(vocab, formulas, 1))
                                      if formulas else gen.formulas(vocab, 1))
            givens.append(given)
        formulas += [assumptions[given] for given in givens]
        support[name] = ("by", strategy, tuple(subs), tuple(givens))
        if any(claims[sub] is None for sub in subs) and draw(st.booleans()):
            judged.add(strategy)
        formula = draw(_formula_near(vocab, formulas) if formulas else gen.formulas(vocab, 2))
        if draw(st.integers(0, 4)) == 0:
            also[name] = cite(formula)  # a claim with a strategy and evidence: two steps
        return formula

    claims["G0"] = None
    claims["G0"] = argue("G0", 1)
    scopes = vocab.for_scopes()  # a scope reads bools and the enum
    within = {}
    if scopes.bools or scopes.enum_type:
        within = {c: draw(gen.formulas(scopes, 1, measures=False)) for c, f in claims.items()
                  if f is not None and draw(st.integers(0, 6)) == 0}
    tree = Tree(vocab, boundary, claims, support, assumptions, evidence, judged=frozenset(judged), also=also,
                within=within)
    defeaters = tuple(draw(_defeater(tree, i)) for i in range(1, draw(st.sampled_from((0, 1, 2, 2, 3))) + 1))
    rebuttals = {d.rebuttal: shown for d, shown in defeaters if shown is not None}
    sources = [f for f in list(claims.values()) + list(assumptions.values()) if f is not None]
    requires = tuple(draw(st.lists(st.one_of(st.sampled_from(sources), _formula_near(vocab, sources, 1),
                                             gen.formulas(vocab, 2)), max_size=2)))
    items = {**evidence, **rebuttals}
    expiry = st.sampled_from((None,) * 8 + (CURRENT, EXPIRED))
    expires = {item: date for item in items if (date := draw(expiry)) is not None}
    return attrs.evolve(tree, evidence=items, defeaters=tuple(d for d, _ in defeaters),
                        requires=requires, minimal=draw(st.booleans()), expires=expires)


@st.composite
def _defeater(draw, tree: Tree, index: int):
    """A defeater against a node of the argument, with what its rebuttal evidence shows (or None)."""
    nodes = list(tree.claims) + list(tree.strategies()) + list(tree.cited()) + list(tree.assumptions)
    against = tuple(draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=2, unique=True)))
    status = draw(st.sampled_from(STATUSES))
    asserts = None
    if draw(st.integers(0, 2)) > 0:
        near = [("not", f) for f in list(tree.claims.values()) + list(tree.assumptions.values()) if f is not None]
        asserts = draw(st.one_of(st.sampled_from(near), gen.formulas(tree.vocab, 2)))
    if status != "rebutted":
        return Defeater(f"D{index}", against, status, asserts), None
    if draw(st.integers(0, 3)) == 0:  # rebutted by evidence the argument cites: perhaps the very evidence it doubts
        return Defeater(f"D{index}", against, status, asserts, draw(st.sampled_from(sorted(tree.cited())))), None
    shown = draw(st.one_of(gen.formulas(tree.vocab, 2), st.just(("not", asserts)) if asserts is not None
                           else gen.formulas(tree.vocab, 1)))
    return Defeater(f"D{index}", against, status, asserts, f"R{index}"), shown


# ---- boundary lines over the set variable: ("set", op, members) -------------------------------
# `m in tools` / `m not in tools` (one member), `tools <= {..}`, `tools >= {..}`, `tools == {..}`.


def render_line(formula, minimal: bool = True) -> str:
    if formula[0] != "set":
        return gen.render(formula, minimal)
    _, op, members = formula
    if op in ("in", "not in"):
        return f"{members[0]} {op} tools"
    return f"tools {op} {{{', '.join(members)}}}"


def holds_line(formula, values: dict, vocab: gen.Vocab) -> bool:
    if formula[0] != "set":
        return gen.holds(formula, values, vocab)
    _, op, members = formula
    have, named = set(values["tools"]), set(members)
    return {"in": named <= have, "not in": not named <= have, "<=": have <= named, ">=": have >= named,
            "==": have == named}[op]


@st.composite
def set_lines(draw):
    op = draw(st.sampled_from(SET_OPS))
    size = (1, 1) if op in ("in", "not in") else (0, len(TOOLS))
    members = draw(st.lists(st.sampled_from(TOOLS), min_size=size[0], max_size=size[1], unique=True))
    return ("set", op, tuple(members))


# ---- trigger conditions: formulas over two configurations ---------------------------------
# ("changed", v); ("now", f) a context formula read in the new configuration; ("old", v) a bool
# variable's old value; ("up", x) an int that grew; ("was", member) the enum variable's old value;
# ("not", c); (op, c, d) for op in and, or.


def holds_change(condition, old: dict, new: dict, vocab: gen.Vocab) -> bool:
    kind = condition[0]
    if kind == "changed":
        before, after = old[condition[1]], new[condition[1]]
        return set(before) != set(after) if isinstance(before, list) else before != after
    if kind == "now":
        return gen.holds(condition[1], new, vocab)
    if kind == "old":
        return old[condition[1]]
    if kind == "up":
        return new[condition[1]] > old[condition[1]]
    if kind == "was":
        return old[gen.ENUM_VAR] == condition[1]
    if kind == "not":
        return not holds_change(condition[1], old, new, vocab)
    left, right = holds_change(condition[1], old, new, vocab), holds_change(condition[2], old, new, vocab)
    return left and right if kind == "and" else left or right


def render_change(condition) -> str:
    kind = condition[0]
    if kind == "changed":
        return f"changed({condition[1]})"
    if kind == "now":
        return f"({gen.render(condition[1], False)})"
    if kind == "old":
        return f"old({condition[1]})"
    if kind == "up":
        return f"({condition[1]} > old({condition[1]}))"
    if kind == "was":
        return f"(old({gen.ENUM_VAR}) == {condition[1]})"
    if kind == "not":
        return f"not {render_change(condition[1])}"
    return f"({render_change(condition[1])} {kind} {render_change(condition[2])})"


@st.composite
def changes(draw, vocab: gen.Vocab, depth: int = 2, extra: tuple = ()):
    names = list(vocab.bools) + ([gen.ENUM_VAR] if vocab.enum_type else []) + list(vocab.ints) + list(extra)
    atoms = [st.sampled_from(names).map(lambda v: ("changed", v)),
             gen.formulas(vocab, 1, measures=False).map(lambda f: ("now", f))]
    if vocab.bools:
        atoms.append(st.sampled_from(vocab.bools).map(lambda v: ("old", v)))
    if vocab.ints:
        atoms.append(st.sampled_from(vocab.ints).map(lambda v: ("up", v)))
    if vocab.enum_type:
        atoms.append(st.sampled_from(vocab.enums[vocab.enum_type]).map(lambda v: ("was", v)))
    if depth <= 0 or draw(st.integers(0, 2)) == 0:
        return draw(st.one_of(atoms))
    kind = draw(st.sampled_from(("not", "and", "or")))
    if kind == "not":
        return ("not", draw(changes(vocab, depth - 1, extra)))
    return (kind, draw(changes(vocab, depth - 1, extra)), draw(changes(vocab, depth - 1, extra)))


# ---- configurations ------------------------------------------------------------------------


@attrs.frozen
class Scope:
    """A boundary (one formula a line) and two configurations, each a value for every context variable."""

    tree: Tree
    old: dict
    new: dict

    def yaml(self, values: dict) -> str:
        lines = []
        for name, value in values.items():
            if isinstance(value, list):
                shown = "[" + ", ".join(value) + "]"
            else:
                shown = ("true" if value else "false") if isinstance(value, bool) else str(value)
            lines.append(f"{name}: {shown}")
        return "\n".join(lines) + "\n"


@st.composite
def configurations(draw, vocab: gen.Vocab, tools: bool = False) -> dict:
    """Values for every context variable; ints a little outside the boundary's range at times."""
    values = {name: draw(st.booleans()) for name in vocab.bools}
    if vocab.enum_type:
        values[gen.ENUM_VAR] = draw(st.sampled_from(vocab.enums[vocab.enum_type]))
    for name in vocab.ints:
        values[name] = draw(st.integers(-1, vocab.int_high + 1))
    if tools:
        values["tools"] = draw(st.lists(st.sampled_from(TOOLS), unique=True))
    return values


@st.composite
def scopes(draw) -> Scope:
    """A random argument given a random boundary (one formula a line) and random triggers, and two configurations."""
    tree = draw(trees())
    vocab = tree.vocab
    if not vocab.bools and not vocab.ints and vocab.enum_type is None:
        vocab = attrs.evolve(vocab, bools=gen.BOOL_NAMES[:1])
    tools = draw(st.booleans())
    line = st.one_of(gen.formulas(vocab, 2, measures=False), set_lines()) if tools else gen.formulas(vocab, 2, measures=False)
    boundary = tuple(draw(st.lists(line, min_size=1, max_size=3)))
    claims = list(tree.claims)
    triggers = tuple((f"T{i}", draw(changes(vocab, 2, ("tools",) if tools else ())),
                      draw(st.one_of(st.none(), st.lists(st.sampled_from(claims), min_size=1, max_size=2, unique=True))))
                     for i in range(1, draw(st.integers(0, 2)) + 1))
    tree = attrs.evolve(tree, vocab=vocab, boundary=boundary, triggers=triggers, tools=tools)
    return Scope(tree, draw(configurations(vocab, tools)), draw(configurations(vocab, tools)))
