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

BATCH_SIZE = 64  # figures per optimisation; larger sums made each check slower than the calls saved
_TRIED = 8  # open batches a figure may join


class Slicer:
    """One set of facts, as conjuncts grouped by shared symbols: `slice` gives a term what it depends on.

    The facts come as (Z3 term, the symbols it mentions) for each conjunct, read from the
    formulas (Encoder.conjuncts) with each symbol's range facts beside it.
    """

    def __init__(self, parts):
        parent: dict = {}

        def root(symbol):
            parent.setdefault(symbol, symbol)
            while parent[symbol] != symbol:
                parent[symbol] = parent[parent[symbol]]
                symbol = parent[symbol]
            return symbol

        parts = list(parts)
        for _, mentioned in parts:
            roots = [root(symbol) for symbol in mentioned]
            for other in roots[1:]:
                parent[root(other)] = root(roots[0])
        self._root = root
        self._groups: dict = {}  # a group's root -> (its conjuncts, every symbol they mention)
        self._unlinked = []  # conjuncts with no symbol at all (a constant `false`, say): every slice keeps them
        # A conjunct written twice is asserted twice: harmless, and cheaper than telling the copies apart.
        for term, mentioned in parts:
            if not mentioned:
                self._unlinked.append(term)
                continue
            terms, symbols = self._groups.setdefault(root(next(iter(mentioned))), ([], set()))
            terms.append(term)
            symbols |= mentioned

    def slice(self, symbols) -> tuple[list, frozenset]:
        """The conjuncts that a term over `symbols` depends on, and every symbol those conjuncts mention."""
        roots = {self._root(symbol) for symbol in symbols}
        kept, mentioned = list(self._unlinked), set(symbols)
        for group_root in sorted(roots):
            terms, group_symbols = self._groups.get(group_root, ((), frozenset()))
            kept.extend(terms)
            mentioned |= group_symbols
        return kept, frozenset(mentioned)


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
    # The slices of a batch share no symbol, so only the conjuncts that mention none can repeat.
    seen, facts = set(), []
    for request in batch:
        for term in request.slice:
            if id(term) not in seen:
                seen.add(id(term))
                facts.append(term)
    optimizer = _optimizer(prover, facts)
    handle = optimizer.maximize(_signed_sum(batch))
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


def _signed_sum(batch: list):
    """The sum of the batch's values, each negated where its infimum is sought, built through Z3's C API.

    Every summand is made real, as z3.Sum would make it; its sort checks of each one
    cost more than the optimisation of a small batch.
    """
    ctx = batch[0].value.ctx
    ref, kept = ctx.ref(), []
    for request in batch:
        term = request.value
        if z3.Z3_get_sort_kind(ref, z3.Z3_get_sort(ref, term.as_ast())) == z3.Z3_INT_SORT:
            term = z3.ArithRef(z3.Z3_mk_int2real(ref, term.as_ast()), ctx)
        if not request.highest:
            term = z3.ArithRef(z3.Z3_mk_unary_minus(ref, term.as_ast()), ctx)
        kept.append(term)  # each wrapped at once: Z3 frees an unreferenced result at its next call
    return z3.ArithRef(z3.Z3_mk_add(ref, len(kept), (z3.Ast * len(kept))(*(t.as_ast() for t in kept))), ctx)


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
