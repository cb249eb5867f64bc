"""Worst cases of numeric terms (z3 Optimize), each over only the facts it depends on, many in one optimisation.

A margin figure asks for the supremum (or infimum) of one term over every world
where some facts hold. Asked naively, each figure is a fresh optimisation over
all the facts: the leaf claims of a case with 2,000 threat models ask 4,000 of
them, each over thousands of conjuncts, and the check grew quadratically
(290 s at 2,000 threats).

Two observations make it linear, and neither changes an answer:

- **Slicing.** Split the facts into conjuncts and group the conjuncts that share
  a symbol, transitively. A term's worst case depends only on the groups its
  own symbols fall in, provided the other groups can hold at all: the caller
  asks that once per set of facts (`Prover.possible`, which remembers it).
- **Batching.** Terms whose slices share no symbol are independent: the
  supremum of their sum is the sum of their suprema, and a world reaching it
  reaches each one. So one optimisation of the sum answers many figures,
  each read from that world. Where that reading is not exact (an optimum that
  is approached but not reached, an unbounded term, an undecided check, a sum
  the world does not reproduce), every figure of the batch is asked on its own.
"""
from __future__ import annotations

from fractions import Fraction

import z3

# Symbols are what link two conjuncts: uninterpreted constants and functions, and the
# uninterpreted sorts of generic patterns (a quantifier over a sort constrains every
# constant of it, even one it does not name). Each is named by its Z3 id: declarations and
# sorts are terms of one table, so their ids never collide.
_UNINTERPRETED = z3.Z3_OP_UNINTERPRETED

BATCH_SIZE = 64  # figures per optimisation; larger sums made each check slower than the calls saved
_TRIED = 8  # open batches a figure may join


def _opened(term) -> list:
    """(conjunct, its id) for each conjunct of one Boolean term, in order, each once.

    Walked through Z3's C-level calls: a Python wrapper for each `and` and each of its
    children cost most of the time of slicing a large case.
    """
    ctx = term.ctx
    ref = ctx.ref()
    flat, seen, todo = [], set(), [term.as_ast()]
    while todo:
        ast = todo.pop()
        if z3.Z3_get_ast_kind(ref, ast) == z3.Z3_APP_AST:
            app = z3.Z3_to_app(ref, ast)
            if z3.Z3_get_decl_kind(ref, z3.Z3_get_app_decl(ref, app)) == z3.Z3_OP_AND:
                todo.extend(z3.Z3_get_app_arg(ref, app, index)
                            for index in reversed(range(z3.Z3_get_app_num_args(ref, app))))
                continue
        key = z3.Z3_get_ast_id(ref, ast)
        if key not in seen:
            seen.add(key)
            flat.append((z3.BoolRef(ast, ctx), key))
    return flat


class Atoms:
    """The symbols each Z3 term mentions, remembered by term id (for one request of figures; see Prover._extremes).

    The walk uses Z3's C-level calls on raw ASTs: a Python wrapper per subterm
    cost twenty times as much, and a large case walks a hundred thousand of them.
    """

    def __init__(self, ctx: z3.Context):
        self._ctx = ctx.ref()
        self._known: dict[int, frozenset] = {}
        self._parts: dict[int, tuple] = {}
        self._alive = []

    def of(self, term) -> frozenset:
        # Z3 gives a freed term's id to the next term made: the walked term is kept alive so
        # that the ids remembered for it and its subterms keep naming the same terms.
        if z3.Z3_get_ast_id(self._ctx, term.as_ast()) not in self._known:
            self._alive.append(term)
        return self._of(term.as_ast())

    def parts(self, term) -> tuple:
        """(conjunct, its id, the symbols it mentions) for each conjunct of a term (its top-level `and` opened)."""
        key = z3.Z3_get_ast_id(self._ctx, term.as_ast())
        found = self._parts.get(key)
        if found is None:
            self._alive.append(term)
            found = self._parts[key] = tuple((part, part_key, self.of(part)) for part, part_key in _opened(term))
        return found

    def _of(self, ast) -> frozenset:
        ctx, known = self._ctx, self._known
        key = z3.Z3_get_ast_id(ctx, ast)
        found = known.get(key)
        if found is not None:
            return found
        kind = z3.Z3_get_ast_kind(ctx, ast)
        own, below = set(), []
        if kind == z3.Z3_APP_AST:
            app = z3.Z3_to_app(ctx, ast)
            decl = z3.Z3_get_app_decl(ctx, app)
            if z3.Z3_get_decl_kind(ctx, decl) == _UNINTERPRETED:
                own.add(z3.Z3_get_ast_id(ctx, z3.Z3_func_decl_to_ast(ctx, decl)))
            self._sort_atom(z3.Z3_get_sort(ctx, ast), own)
            below = [self._of(z3.Z3_get_app_arg(ctx, app, index)) for index in range(z3.Z3_get_app_num_args(ctx, app))]
        elif kind == z3.Z3_QUANTIFIER_AST:
            for index in range(z3.Z3_get_quantifier_num_bound(ctx, ast)):
                self._sort_atom(z3.Z3_get_quantifier_bound_sort(ctx, ast, index), own)
            below = [self._of(z3.Z3_get_quantifier_body(ctx, ast))]
        elif kind == z3.Z3_VAR_AST:
            self._sort_atom(z3.Z3_get_sort(ctx, ast), own)
        found = known[key] = _union(own, below)
        return found

    def _sort_atom(self, sort, own: set) -> None:
        if z3.Z3_get_sort_kind(self._ctx, sort) == z3.Z3_UNINTERPRETED_SORT:
            own.add(z3.Z3_get_ast_id(self._ctx, z3.Z3_sort_to_ast(self._ctx, sort)))


def _union(own: set, below: list) -> frozenset:
    """A term's symbols: its own and its children's, sharing a child's set where it adds nothing.

    Most terms mention no symbol beyond one child's (`x <= 0.1`, `not p`), and a large case has
    a hundred thousand of them: one set shared, not one made each, is most of slicing's memory.
    """
    widest = max(below, key=len, default=frozenset())
    if own <= widest and all(child is widest or child <= widest for child in below):
        return widest
    return frozenset(own.union(*below))


class Slicer:
    """One set of facts, as conjuncts grouped by shared symbols: `slice` gives a term what it depends on."""

    def __init__(self, facts, atoms: Atoms):
        self._atoms = atoms
        parts, seen = [], set()
        for term in facts:
            for part, key, mentioned in atoms.parts(term):
                if key not in seen:
                    seen.add(key)
                    parts.append((part, mentioned))
        parent: dict = {}

        def root(atom):
            parent.setdefault(atom, atom)
            while parent[atom] != atom:
                parent[atom] = parent[parent[atom]]
                atom = parent[atom]
            return atom

        for _, mentioned in parts:
            roots = [root(atom) for atom in mentioned]
            for other in roots[1:]:
                parent[root(other)] = root(roots[0])
        self._root = root
        self._groups: dict = {}
        self._unlinked = []  # conjuncts with no symbol at all (a constant `false`, say): every slice keeps them
        for part, mentioned in parts:
            if not mentioned:
                self._unlinked.append(part)
            else:
                self._groups.setdefault(root(next(iter(mentioned))), []).append(part)

    def slice(self, value) -> tuple[list, frozenset]:
        """The conjuncts the value's symbols reach, and every symbol those conjuncts mention."""
        roots = {self._root(atom) for atom in self._atoms.of(value)}
        kept = list(self._unlinked)
        for group_root in sorted(roots):
            kept.extend(self._groups.get(group_root, ()))
        mentioned = frozenset().union(self._atoms.of(value), *(self._atoms.of(term) for term in kept))
        return kept, mentioned


class Request:
    """One figure to find: the supremum (highest) or infimum of `value` under `facts` (both Z3 terms)."""

    __slots__ = ("key", "value", "highest", "alone", "answered", "answer", "slice", "symbols")

    def __init__(self, key, value, highest: bool, alone: bool):
        self.key = key
        self.value = value
        self.highest = highest
        self.alone = alone  # nonlinear arithmetic: optimised on its own, never batched
        self.answered = False  # the facts alone settle it (`answer`: None when no world, or Unknown)
        self.answer = None
        self.slice: list = []
        self.symbols: frozenset = frozenset()


def batches(requests: list, size: int = BATCH_SIZE) -> list[list]:
    """Requests grouped, in order, so that no two in a batch share a symbol."""
    open_batches: list[tuple[list, set]] = []
    done = []
    for request in requests:
        if request.alone:
            done.append([request])
            continue
        # Only the latest few batches are tried: where every figure shares a symbol with the
        # others, trying them all would cost the square of the figures for no batch at all.
        for members, used in open_batches[-_TRIED:]:
            if len(members) < size and used.isdisjoint(request.symbols):
                members.append(request)
                used |= request.symbols
                break
        else:
            open_batches.append(([request], set(request.symbols)))
    return done + [members for members, _ in open_batches]


def optimise_one(prover, request: Request):
    """The figure of one request: a Fraction, None (unbounded that way, or no world), or Undecided."""
    optimizer = _optimizer(prover, request.slice)
    handle = optimizer.maximize(request.value) if request.highest else optimizer.minimize(request.value)
    answer = prover.run(optimizer)
    if answer == z3.unsat:
        return None
    if answer != z3.sat:
        return Undecided(optimizer.reason_unknown() or "unknown")
    return finite(handle.upper() if request.highest else handle.lower())


def optimise_batch(prover, batch: list):
    """The figures of independent requests from one optimisation of their signed sum; None where it cannot tell."""
    seen, facts = set(), []
    for request in batch:
        for term in request.slice:
            if term.get_id() not in seen:
                seen.add(term.get_id())
                facts.append(term)
    optimizer = _optimizer(prover, facts)
    signed = [_real(r.value) if r.highest else -_real(r.value) for r in batch]
    handle = optimizer.maximize(z3.Sum(signed))
    if prover.run(optimizer) != z3.sat:
        return None
    total = handle.upper()
    if not (z3.is_rational_value(total) or z3.is_int_value(total)):
        return None  # unbounded, or approached but not reached: the figures are read one by one
    world = optimizer.model()
    figures = []
    for request in batch:
        reached = world.eval(request.value, model_completion=True)
        if not (z3.is_rational_value(reached) or z3.is_int_value(reached)):
            return None
        figures.append(_fraction(reached))
    reached_total = sum(f if r.highest else -f for f, r in zip(figures, batch))
    return figures if reached_total == _fraction(total) else None


class Undecided:
    """The optimiser could not decide (the prover turns this into its Unknown)."""

    def __init__(self, reason: str):
        self.reason = reason


def _optimizer(prover, facts) -> z3.Optimize:
    optimizer = z3.Optimize(ctx=prover.ctx)
    optimizer.set("timeout", prover.timeout_ms)
    ctx, handle = prover.ctx.ref(), optimizer.optimize
    for term in facts:
        z3.Z3_optimize_assert(ctx, handle, term.as_ast())
    return optimizer


def _real(term):
    return z3.ToReal(term) if term.is_int() else term


def _fraction(value) -> Fraction:
    """A Z3 integer or rational numeral as a Fraction, read as one string (`-3/20`, `7`) through the C API."""
    text = z3.Z3_get_numeral_string(value.ctx.ref(), value.as_ast())
    numerator, _, denominator = text.partition("/")
    return Fraction(int(numerator), int(denominator or 1))


def finite(bound):
    """A rational optimum as a Fraction; `c - epsilon` (approached, not reached) as c; infinity as None."""
    if z3.is_int_value(bound) or z3.is_rational_value(bound):
        return _fraction(bound)
    if z3.is_add(bound):
        number = lambda part: z3.is_int_value(part) or z3.is_rational_value(part)
        numbers = [part for part in bound.children() if number(part)]
        rest = [part for part in bound.children() if not number(part)]
        if len(numbers) == 1 and rest and all(_infinitesimal(part) for part in rest):
            return _fraction(numbers[0])
    if _infinitesimal(bound):
        return Fraction(0)
    return None


def _infinitesimal(term) -> bool:
    """`epsilon` or a rational multiple of it (never `oo`, which marks an unbounded optimum)."""
    text = str(term)
    return "epsilon" in text and "oo" not in text
