"""Z3 queries with timeouts: entailment, worlds, satisfiability and minimal cores; every answer may be Unknown.

Every query is phrased one way: these assertions are unsatisfiable exactly
when the property holds, and a model of them is a counterexample.
"""
from __future__ import annotations

import itertools
import time
from fractions import Fraction

import attrs
import z3

from ..semantics import model as m
from . import bounds, extremes, queries
from .encode import Encoder
from ..semantics.evaluate import evaluate
from ..semantics.world import World


class ReplayError(AssertionError):
    """A world the solver returned does not replay in the plain evaluator: a bug in Warrant."""


# Each question gets answers named for what they mean. Every caller handles Unknown.


@attrs.frozen
class Proved:
    """Entailment holds: the premises with the negated conclusion are unsatisfiable."""


@attrs.frozen
class Refuted:
    """Entailment fails: a world where every premise holds and the conclusion fails."""

    world: World


@attrs.frozen
class Found:
    """A world where the asked formulas hold and the negated ones fail."""

    world: World


@attrs.frozen
class NoWorld:
    """No world makes the asked formulas hold and the negated ones fail."""


@attrs.frozen
class Possible:
    """Some world satisfies the formulas (the world itself was not read back)."""


@attrs.frozen
class Impossible:
    """No world satisfies the formulas: they contradict each other (or the ranges)."""


@attrs.frozen
class Unknown:
    """The solver could not decide (a timeout, or nonlinear arithmetic beyond it): never a pass."""

    reason: str


@attrs.frozen
class Cores:
    """Minimal unsatisfiable subsets, as lists of labels; `complete` is False when the search was cut short."""

    sets: tuple
    complete: bool = True
    unknown: str | None = None


# Assertions (with range facts) above which a counterexample's world is found by Z3's incremental core.
_LARGE_QUESTION = 2000

# A question answered "satisfiable" whose world was not read back (possible()).
_SATISFIABLE = object()
_KEPT_SATISFIABLE = "satisfiable"  # how a kept answer says so


class _Question:
    """One question as Z3 terms: the background (the boundary, or nothing), what must hold, what must fail."""

    __slots__ = ("background", "background_terms", "background_symbols", "terms", "negated", "all_symbols", "key")

    def __init__(self, background, background_terms, background_symbols, terms, negated, symbols):
        self.background = background
        self.background_terms = background_terms
        self.background_symbols = background_symbols
        self.terms = terms
        self.negated = negated
        self.all_symbols = frozenset(background_symbols | symbols)
        # Z3 terms are shared: equal formulas are one term with one id, however they were built.
        # The only background there is is the case's boundary, so its length names it.
        self.key = (len(background), *map(_ast_id, terms), None, *map(_ast_id, negated))

    def own_terms(self):
        return (*self.terms, *self.negated)

    def assertions(self) -> list:
        return [*self.background_terms, *self.terms, *(z3.Not(t) for t in self.negated)]


def _remembered(table: dict, objects: tuple, build, extra: tuple = ()):
    """build(), made once per tuple of model objects (by identity, and `extra`) and kept in `table`.

    The objects are kept with what was built, so that no other object can take their ids.
    """
    key = (*map(id, objects), *extra)
    found = table.get(key)
    if found is None:
        found = table[key] = (objects, build())
    return found[1]


def _ast_id(term) -> int:
    return z3.Z3_get_ast_id(term.ctx.ref(), term.as_ast())


def _assert_all(solver: z3.Solver, terms) -> None:
    """Assert Boolean terms the encoder built, without z3.Solver.add's sort check of each (a third of a query)."""
    ctx, handle = solver.ctx.ref(), solver.solver
    for term in terms:
        z3.Z3_solver_assert(ctx, handle, term.as_ast())


def _assert_vector(solver: z3.Solver, vector: z3.AstVector) -> None:
    """Assert every term of a Z3 vector, read by index at the C level (a wrapper per term cost more than the assert)."""
    ctx, handle, terms = solver.ctx.ref(), solver.solver, vector.vector
    for index in range(z3.Z3_ast_vector_size(ctx, terms)):
        z3.Z3_solver_assert(ctx, handle, z3.Z3_ast_vector_get(ctx, terms, index))


class _Facts:
    """The facts of worst cases, encoded once: what slicing learns of them and whether they can hold are kept too."""

    __slots__ = ("formulas", "terms", "symbols", "number", "nonlinear", "consistent", "slicer")

    def __init__(self, formulas: list, terms: list, symbols, number: int, nonlinear: bool):
        self.formulas = formulas
        self.terms = terms  # kept alive: the number stands for their ids
        self.symbols = symbols
        self.number = number
        self.nonlinear = nonlinear
        self.consistent = None  # Possible, Impossible or Unknown, once asked
        self.slicer = None  # an extremes.Slicer, once a figure is sliced


class _Session:
    """A persistent solver that holds one background; each question is pushed, checked and popped.

    The background's range facts are asserted with it; a question's own are
    pushed and popped with the question, so the solver never carries the
    variables of earlier questions (with them, every check slowed down).
    """

    def __init__(self, prover: "Prover", question: _Question):
        self.ranged = frozenset(question.background_symbols)
        self._background = (*question.background_terms, *prover.encoder.range_facts(self.ranged))
        self.solver = self._started(prover)

    def _started(self, prover: "Prover") -> z3.Solver:
        solver = prover.solver()
        _assert_all(solver, self._background)
        return solver

    def check(self, prover: "Prover", question: _Question):
        """(z3 answer, reason when unknown)."""
        return self.check_terms(prover, (*question.terms, *(z3.Not(t) for t in question.negated)),
                                question.all_symbols)

    def check_terms(self, prover: "Prover", terms, symbols):
        """(z3 answer, reason when unknown) for terms over the background, with the symbols' range facts."""
        facts = prover.encoder.range_facts(symbols - self.ranged)
        large = len(terms) + len(facts) > _LARGE_QUESTION
        self.solver.push()
        try:
            if large:
                # One conjunction, one call: asserting 24,000 terms one by one cost more than Z3's check.
                _assert_all(self.solver, (prover.encoder.all_of([*terms, *facts]),))
            else:
                _assert_all(self.solver, (*terms, *facts))
            answer = prover.run(self.solver)
            reason = self.solver.reason_unknown() if answer == z3.unknown else None
        finally:
            self.solver.pop()
        if large:
            # A popped question leaves Z3's working memory for it with the solver: after the whole
            # argument (80 MB at 2,000 threats) a fresh solver lets the next large question reuse it
            # (peak RSS there went from 325 MB to 276 MB); the background is asserted again.
            self.solver = self._started(prover)
        return answer, reason


class Prover:
    """Answers questions about one case's worlds; each query gets the timeout.

    Questions are asked of persistent solvers, one per background (the case's
    boundary, or nothing), each holding its background once: a question is
    pushed, checked and popped, and a question asked before is answered from
    memory. A question that needs a world is asked once more on a solver of
    its own in a fresh Z3 context, so the counterexample shown depends only on
    the question, never on the questions asked before it (nor on which worker
    asked it, nor on a cache). `incremental=False` asks every question on a
    fresh solver, as Warrant once did: the benchmarks' naive baseline.
    """

    def __init__(self, case: m.Case, timeout_seconds: float = 10.0, *, incremental: bool = True, store=None):
        self.encoder = Encoder(case)
        self.ctx = self.encoder.ctx
        self.timeout_ms = max(1, int(timeout_seconds * 1000))
        self.incremental = incremental
        self.queries = 0  # solver checks run, for the benchmarks
        self._boundary = tuple(case.boundary or ())
        self._background = None  # the boundary's terms and symbols, encoded once
        self._sessions = {}  # background formulas -> _Session (or None where a session cannot decide)
        self._answers = {}  # question key -> NoWorld | Unknown | _SATISFIABLE | World
        self._questions = {}  # ids of the asked formulas -> those formulas and their _Question (_remembered)
        self._consistent = []  # the Z3 term ids of sets of formulas known to hold together (prefetch_consistent)
        self._background_ids = None  # the ids of the boundary's terms, once a question over it is asked
        self._worst = {}  # worst-case question key -> (its value term, its figure: a Fraction or None)
        self._fact_sets = {}  # ids of a worst case's facts -> those facts encoded (_fact_set, _remembered)
        self._fact_tuples = {}  # id of a tuple of facts -> (the tuple, its _Facts)
        self._fact_numbers = {}  # the Z3 term ids of a set of facts -> its number in the keys of _worst
        self._values = {}  # (id of a numeric term, its bindings) -> its encoding (_value, _remembered)
        # Answers kept between runs, by the content of the question (checker/cache.py's
        # AnswerStore: key(*parts), get(key), put(key, value)); None keeps nothing.
        self.store = store

    def solver(self, ctx: z3.Context | None = None, timeout_ms: int | None = None) -> z3.Solver:
        solver = z3.Solver(ctx=ctx or self.ctx)
        solver.set("timeout", timeout_ms or self.timeout_ms)
        return solver

    def encode_all(self, formulas) -> tuple[list, set]:
        return self.encoder.formulas(formulas)

    def linear(self, formulas) -> bool:
        """Whether no formula multiplies two unknowns: over such formulas a worst case found is exact."""
        return not any(map(self.encoder.nonlinear, self.encode_all(formulas)[0]))

    # ---- the basic question ----------------------------------------------------

    def find_world(self, formulas, negated=()) -> Found | NoWorld | Unknown:
        """A world where every formula holds and every `negated` formula fails, replayed before it is returned.

        Measures stay inside their declared ranges.
        """
        satisfiable = self._check(formulas, negated, read_world=True)
        if isinstance(satisfiable, World):
            self.replay(satisfiable, formulas, negated)
            return Found(satisfiable)
        return satisfiable

    def possible(self, formulas, negated=()) -> Possible | Impossible | Unknown:
        """Whether such a world exists, without reading it back (reading models is costly)."""
        answer = self._check(formulas, negated, read_world=False)
        if isinstance(answer, NoWorld):
            return Impossible()
        return answer if isinstance(answer, Unknown) else Possible()

    def entails(self, premises, conclusion) -> Proved | Refuted | Unknown:
        """Premises entail the conclusion in every world: unsat(premises and not conclusion)."""
        answer = self.find_world(premises, negated=(conclusion,))
        if isinstance(answer, Found):
            return Refuted(answer.world)
        return Proved() if isinstance(answer, NoWorld) else answer

    def _check(self, formulas, negated, read_world: bool):
        """World (when read_world), _SATISFIABLE, NoWorld or Unknown for one question."""
        formulas, negated = list(formulas), list(negated)
        kept, key = self._kept("world", formulas, negated)
        if kept is not None and (not read_world or kept is not _SATISFIABLE):
            return kept
        question = self._question(formulas, negated)
        if not self.incremental:
            return self._keep(key, self._fresh(question, read_world, self.timeout_ms))
        known = self._answers.get(question.key)
        if known is None and not read_world and self._within_consistent(question):
            known = self._answers[question.key] = _SATISFIABLE
        if known is None or (read_world and known is _SATISFIABLE):
            known = self._answers[question.key] = self._decide(question, read_world)
        return self._keep(key, known)

    # ---- the whole argument at once --------------------------------------------------
    # Many families ask whether some part of the argument can hold (the assumptions, the
    # evidence, a step's premises, what is established): over a large case each is a large
    # question. When the whole holds together, each part does too (a world of the whole is
    # a world of every part), so one question answers all of those.

    def prefetch_consistent(self, formulas) -> None:
        """Ask once whether all `formulas` hold together; if so, `possible` of any part of them is answered at once."""
        formulas = list(formulas)
        if not self.incremental or not formulas:
            return
        answer = self.possible(formulas)
        question = self._question(formulas, [])
        if isinstance(answer, Possible):
            self._consistent.append(frozenset(map(_ast_id, (*question.background_terms, *question.terms))))
        elif isinstance(answer, Unknown):
            # Asked only to save time: a family that asks the very same question gets its own try.
            self._answers.pop(question.key, None)

    def _within_consistent(self, question: "_Question") -> bool:
        """Whether every assertion of a question without negated parts is among a set known to hold together."""
        if question.negated or not self._consistent:
            return False
        own = question.key[1:1 + len(question.terms)]  # the key holds the ids of the question's own terms
        if self._background_ids is None:
            self._background_ids = frozenset(map(_ast_id, question.background_terms)) if question.background else None
        background = self._background_ids if question.background else frozenset()
        return any(whole.issuperset(own) and whole.issuperset(background) for whole in self._consistent)

    # ---- answers kept between runs ----------------------------------------------------

    def _kept(self, *parts):
        """(the kept answer or None, its content key or None) for a question given by its parts."""
        if self.store is None:
            return None, None
        key = self.store.key(*parts)
        kept = self.store.get(key)
        return (_SATISFIABLE if kept == _KEPT_SATISFIABLE else kept), key

    def _keep(self, key, answer):
        """Keep a decided answer under its content key (an unknown one is asked again next time)."""
        unknown = isinstance(answer, Unknown) or (isinstance(answer, Cores) and answer.unknown is not None)
        if key is not None and not unknown:
            self.store.put(key, _KEPT_SATISFIABLE if answer is _SATISFIABLE else answer)
        return answer

    def _question(self, formulas: list, negated: list) -> "_Question":
        """The question built once for each list of model formulas (by identity: most are asked again and again)."""
        return _remembered(self._questions, (*formulas, None, *negated), lambda: self._build_question(formulas, negated))

    def _build_question(self, formulas: list, negated: list) -> "_Question":
        size = len(self._boundary)
        bounded = size > 0 and len(formulas) >= size and all(
            a is b for a, b in zip(formulas, self._boundary))
        background = self._boundary if bounded else ()
        terms, symbols = self.encode_all(formulas[len(background):])
        negated_terms, negated_symbols = self.encode_all(negated)
        if self._background is None:
            self._background = self.encode_all(self._boundary)
        background_terms, background_symbols = self._background if background else ([], set())
        return _Question(background, background_terms, background_symbols, terms, negated_terms,
                         symbols | negated_symbols)

    def _decide(self, question: "_Question", read_world: bool):
        """Ask the background's persistent solver; a world, or an answer it cannot give, is asked afresh."""
        started = time.monotonic()
        session = self._session(question)
        if session is not None and not any(map(self.encoder.nonlinear, question.own_terms())):
            if self._large(question):
                # A large question is asked in a context of its own. Its world would be found there
                # anyway (one check instead of two: the criterion's 0.3 s), and the terms Z3 makes
                # while solving die with that context instead of staying in the encoder's pool
                # (about 50 MB after the whole argument at 2,000 threats).
                answer = self._canonical(question, self.timeout_ms, asked=False, read_world=read_world)
                if not isinstance(answer, Unknown):
                    return answer
                return self._after_unknown(question, read_world, started, answer.reason)
            answer, reason = session.check(self, question)
            if answer == z3.unsat:
                return NoWorld()
            if answer == z3.sat:
                return self._canonical(question, self.timeout_ms) if read_world else _SATISFIABLE
            return self._after_unknown(question, read_world, started, reason)
        return self._fresh(question, read_world, self.timeout_ms)

    def _after_unknown(self, question: "_Question", read_world: bool, started: float, reason):
        """The incremental core gives up on some questions a fresh solver settles: asked so, in the time left."""
        left = self.timeout_ms - int((time.monotonic() - started) * 1000)
        if left <= 0:
            return Unknown(reason or "unknown")
        return self._fresh(question, read_world, left)

    def _large(self, question: "_Question") -> bool:
        """Whether a question holds more than _LARGE_QUESTION assertions, its symbols' range facts counted."""
        own = len(question.background_terms) + len(question.terms) + len(question.negated)
        if own > _LARGE_QUESTION:
            return True
        # Counted, not listed: the list is sorted for a question's order, which a count does not need.
        return own + sum(len(self.encoder.symbol_range(symbol)) for symbol in question.all_symbols) > _LARGE_QUESTION

    def _session(self, question: "_Question"):
        key = question.background
        if key not in self._sessions:
            nonlinear = any(map(self.encoder.nonlinear, question.background_terms))
            self._sessions[key] = None if nonlinear else _Session(self, question)
        return self._sessions[key]

    def _fresh(self, question: "_Question", read_world: bool, timeout_ms: int):
        """The question on a solver of its own (nonlinear arithmetic gets Z3's full tactics there)."""
        solver = self.solver(timeout_ms=timeout_ms)
        _assert_all(solver, (*question.assertions(), *self.encoder.range_facts(question.all_symbols)))
        answer = self.run(solver)
        if answer == z3.unsat:
            return NoWorld()
        if answer == z3.sat:
            return self._canonical(question, timeout_ms) if read_world else _SATISFIABLE
        return Unknown(solver.reason_unknown() or "unknown")

    def _canonical(self, question: "_Question", timeout_ms: int, asked: bool = True, read_world: bool = True):
        """The world of a satisfiable question, found in a fresh Z3 context that holds only this question.

        Z3's model depends on every term its context has seen, so a world read
        from a shared context would change with the questions asked before.
        `asked`: another solver already found the question satisfiable (so
        unsatisfiable here would be Z3 contradicting itself); otherwise this is
        the only check, and unsatisfiable means there is no world.
        """
        ctx = z3.Context()
        solver = self.solver(ctx, timeout_ms)
        terms = [*question.assertions(), *self.encoder.range_facts(question.all_symbols)]
        if len(terms) > _LARGE_QUESTION:
            # Without a scope, Z3 first preprocesses every assertion as a whole: on a question of
            # 24,000 assertions that took as long again as the check. Inside one, the question goes
            # straight to its incremental core. Either way the world depends only on the question;
            # small questions keep the preprocessed path, whose worlds the documentation shows.
            solver.push()
            whole = self.encoder.all_of(terms).translate(ctx)
            z3.Z3_solver_assert(ctx.ref(), solver.solver, whole.as_ast())
        else:
            question_terms = z3.AstVector(ctx=self.ctx)
            for term in terms:
                question_terms.push(term)
            _assert_vector(solver, question_terms.translate(ctx))  # one copy of the whole question, not one per term
        answer = self.run(solver)
        if answer == z3.sat and not read_world:
            return _SATISFIABLE
        if answer == z3.sat:
            # Read back in the encoder's own context: one copy of the model, not one of each symbol.
            return self.encoder.world(solver.model().translate(self.ctx), question.all_symbols)
        if answer == z3.unsat and not asked:
            return NoWorld()
        if answer == z3.unsat:  # the persistent solver said sat: Z3 contradicts itself
            raise ReplayError("a question satisfiable on one solver is unsatisfiable on another")
        return Unknown(solver.reason_unknown() or "unknown")

    # ---- many questions at once ---------------------------------------------------
    # A family that is about to ask many independent `possible` questions may
    # announce them: one world satisfying all of them answers every one. Where
    # there is none, the group is split in halves and tried again; what is still
    # open is asked on its own when the family comes to it, as without the
    # announcement. (Entailments are not grouped: refuting a disjunction of
    # thousands of steps at once was five times slower than asking each.)

    def prefetch_possible(self, questions) -> None:
        """Settle many `possible(formulas, negated)` questions, given as (formulas, negated) pairs, together."""
        pending = []
        for formulas, negated in questions:
            formulas, negated = list(formulas), list(negated)
            if self._kept("world", formulas, negated)[0] is None:
                pending.append(self._question(formulas, negated))
        self._settle(pending)

    def _settle(self, questions: list) -> None:
        if not self.incremental:
            return  # the naive baseline asks every question on its own
        groups = {}
        for question in questions:
            if question.key in self._answers:
                continue
            if self._within_consistent(question):
                self._answers[question.key] = _SATISFIABLE  # a part of a whole known to hold together
            else:
                groups.setdefault(question.background, {})[question.key] = question
        for group in groups.values():
            linear = [q for q in group.values() if not any(map(self.encoder.nonlinear, q.own_terms()))]
            session = self._session(linear[0]) if linear else None
            if session is not None:
                self._bisect(session, linear)

    _SMALLEST_GROUP = 4  # below this, asking one by one is as quick

    def _bisect(self, session: _Session, questions: list) -> None:
        if len(questions) < self._SMALLEST_GROUP:
            return
        parts = [*(t for q in questions for t in q.terms), *(z3.Not(t) for q in questions for t in q.negated)]
        symbols = frozenset().union(*(q.all_symbols for q in questions))
        answer, _ = session.check_terms(self, parts, symbols)
        if answer == z3.sat:
            self._answers.update((q.key, _SATISFIABLE) for q in questions)
        elif answer == z3.unsat:
            half = len(questions) // 2
            self._bisect(session, questions[:half])
            self._bisect(session, questions[half:])

    def replay(self, world: World, holding, failing) -> None:
        """Check a counterexample with the plain evaluator before anyone sees it."""
        if not world.exact:
            return
        case = self.encoder.case
        for formula in holding:
            if evaluate(formula, world, case) is not True:
                raise ReplayError(f"a counterexample does not satisfy a formula at {formula.span}")
        for formula in failing:
            if evaluate(formula, world, case) is not False:
                raise ReplayError(f"a counterexample does not falsify a formula at {formula.span}")

    def satisfy(self, solver: z3.Solver, symbols) -> World | NoWorld | Unknown:
        """Run the check: a model read over `symbols` (an empty World when None), NoWorld on unsat, or Unknown."""
        answer = self.run(solver)
        if answer == z3.unsat:
            return NoWorld()
        if answer == z3.sat:
            return World() if symbols is None else self.encoder.world(solver.model(), symbols)
        return Unknown(solver.reason_unknown() or "unknown")

    def run(self, solver: z3.Solver, *assumptions):
        """One solver check, counted."""
        self.queries += 1
        return queries.run(solver, *assumptions)  # the one door every question passes (logic/queries.py)

    def _explore(self, explorer: z3.Solver):
        """The conflict search's map solver proposing a subset: counted, but it asks nothing of the case."""
        self.queries += 1
        return explorer.check()

    def failing_part(self, formula, world: World) -> tuple[dict, World]:
        """Where a formula that is false in `world` fails: the bindings and the values that part reads.

        It follows the falsehood down: into the first failing instance of a
        `forall`, the first false conjunct of an `and`, the consequent of an
        `implies` whose condition holds.
        """
        env, part = {}, formula
        while True:
            inner = self._false_inside(part, world, env)
            if inner is None:
                break
            part, env = inner
        symbols = set()
        self.encoder.term(part, env, symbols)
        return env, world.restricted(symbols)

    def _false_inside(self, part, world, env):
        case = self.encoder.case
        if isinstance(part, m.Quant) and part.kind == "forall":
            names = [name for name, _ in part.variables]
            domains = [case.enums[enum].members for _, enum in part.variables]
            for values in itertools.product(*domains):
                trial = {**env, **dict(zip(names, values))}
                if evaluate(part.body, world, case, trial) is False:
                    return part.body, trial
        elif isinstance(part, m.Logic) and part.op == "and":
            for side in (part.left, part.right):
                if evaluate(side, world, case, env) is False:
                    return side, env
        elif isinstance(part, m.Logic) and part.op == "implies":
            if evaluate(part.left, world, case, env) is True:
                return part.right, env
        return None

    # ---- minimal conflicting sets --------------------------------------------------

    def minimal_cores(self, background, named: dict, limit: int = 10) -> Cores:
        """Minimal subsets of `named` (label -> formula) inconsistent with `background` (see _cores)."""
        kept, key = self._kept("cores", list(background), [[label, formula] for label, formula in named.items()],
                               str(limit))
        if kept is not None:
            return kept
        return self._keep(key, self._cores(background, named, limit))

    def _cores(self, background, named: dict, limit: int) -> Cores:
        """Minimal subsets of `named` (label -> formula) inconsistent with `background`.

        MARCO-style enumeration: a map solver proposes a maximal untried subset;
        a consistent one blocks its subsets, an inconsistent one is shrunk to a
        minimal core by deletion, which then blocks its supersets. When all of
        them hold together with the background there is no core at all, and one
        question on the persistent solver says so.
        """
        labels = list(named)
        if self.incremental and isinstance(self.possible([*background, *named.values()]), Possible):
            return Cores(())
        terms, symbols = self.encode_all([named[label] for label in labels])
        background_terms, background_symbols = self.encode_all(background)
        symbols |= background_symbols
        checker = self.solver()
        _assert_all(checker, (*background_terms, *self.encoder.range_facts(symbols)))
        # Fresh names (`guard!N`) cannot clash with anything a case can declare.
        guards = [z3.FreshBool("guard", self.ctx) for _ in labels]
        for guard, term in zip(guards, terms):
            checker.add(z3.Implies(guard, term))
        explorer = z3.Solver(ctx=self.ctx)
        found = []
        # Consistent subsets can be exponentially many; the rounds are capped so
        # the search stays fast, and a capped search says it is incomplete.
        for _ in range(4 * limit + 16):
            if len(found) >= limit:
                break
            proposed = self._explore(explorer)
            if proposed == z3.unknown:
                return Cores(tuple(found), False, explorer.reason_unknown() or "unknown")
            if proposed == z3.unsat:
                return Cores(tuple(found))
            proposal = explorer.model()
            seed = [i for i, g in enumerate(guards) if not z3.is_false(proposal.eval(g))]
            answer = self.run(checker, [guards[i] for i in seed])
            if answer == z3.sat:
                grown = self._grow(checker, guards, seed)
                if isinstance(grown, Unknown):
                    return Cores(tuple(found), False, grown.reason)
                explorer.add(z3.Or([guards[i] for i in range(len(guards)) if i not in grown] or [z3.BoolVal(False, self.ctx)]))
            elif answer == z3.unsat:
                core = self._shrink(checker, guards, seed)
                if isinstance(core, Unknown):
                    return Cores(tuple(found), False, core.reason)
                found.append(tuple(labels[i] for i in core))
                explorer.add(z3.Or([z3.Not(guards[i]) for i in core] or [z3.BoolVal(False, self.ctx)]))
            else:
                return Cores(tuple(found), False, checker.reason_unknown() or "unknown")
        return Cores(tuple(found), complete=self._explore(explorer) == z3.unsat)  # unknown: incomplete, said so

    def _grow(self, checker, guards, seed):
        kept = list(seed)
        for i in range(len(guards)):
            if i in kept:
                continue
            answer = self.run(checker, [guards[j] for j in kept + [i]])
            if answer == z3.sat:
                kept.append(i)
            elif answer == z3.unknown:
                return Unknown(checker.reason_unknown() or "unknown")
        return set(kept)

    def _shrink(self, checker, guards, seed):
        """Deletion-based minimisation, starting from the solver's own (not minimal) core."""
        core_guards = set(map(str, checker.unsat_core()))
        current = [i for i in seed if str(guards[i]) in core_guards] or list(seed)
        for i in list(current):
            if i not in current:
                continue
            trial = [j for j in current if j != i]
            answer = self.run(checker, [guards[j] for j in trial])
            if answer == z3.unsat:
                reduced = set(map(str, checker.unsat_core()))
                current = [j for j in trial if str(guards[j]) in reduced] or trial
            elif answer == z3.unknown:
                return Unknown(checker.reason_unknown() or "unknown")
        return sorted(current)

    def minimal_core(self, background, named: dict) -> Cores:
        return self.minimal_cores(background, named, limit=1)

    # ---- worst cases ---------------------------------------------------------------

    def extreme(self, formulas, term, env: dict, highest: bool):
        """The supremum (highest) or infimum of a numeric `term` over the worlds where `formulas` hold.

        A Fraction, None when the term is unbounded that way or no world exists, or Unknown.
        A bound the worlds approach but never reach (`x < 0.1`) is returned as the bound
        itself: the worst case is read as the limit, which is the honest figure for a margin.
        """
        return self._extremes([(formulas, term, env, highest)])[0]

    def prefetch_extremes(self, asked) -> None:
        """Settle many `extreme(formulas, term, env, highest)` questions, given as such tuples, together.

        Figures whose terms depend on no common symbol are found by one optimisation
        (logic/extremes.py); each is then answered from memory when it is asked.
        """
        self._extremes(list(asked))

    def _extremes(self, asked: list) -> list:
        results, pending = [None] * len(asked), {}
        # A prefetch asks thousands of figures under one list of facts: it is read once per call
        # (the lists are held by `asked`, so their ids name them until the call returns).
        fact_sets = {}
        for index, (formulas, term, env, highest) in enumerate(asked):
            facts = fact_sets.get(id(formulas))
            if facts is None:
                facts = fact_sets[id(formulas)] = self._fact_set(formulas)
            request = self._extreme_request(facts, term, env, highest)
            if request.key in self._worst:
                results[index] = self._worst[request.key][1]
            elif request.answered:
                results[index] = request.answer
            else:
                pending.setdefault(request.key, (request, []))[1].append(index)
        requests = [request for request, _ in pending.values()]
        for batch in extremes.batches(requests, size=extremes.BATCH_SIZE if self.incremental else 1):
            figures = extremes.optimise_batch(self, batch) if len(batch) > 1 else None
            for request, figure in zip(batch, figures or [extremes.optimise_one(self, r) for r in batch]):
                figure = Unknown(figure.reason) if isinstance(figure, extremes.Undecided) else figure
                if not isinstance(figure, Unknown):
                    # The value term is kept with its figure: the key holds its id, which Z3
                    # would give to another term once this one is freed.
                    self._worst[request.key] = (request.value, figure)
                for index in pending[request.key][1]:
                    results[index] = figure
        return results

    def _extreme_request(self, facts: "_Facts", term, env: dict, highest: bool) -> extremes.Request:
        """The question as Z3 terms, sliced to the facts the term depends on (see logic/extremes.py).

        Slicing is sound only over facts some world satisfies: when they cannot hold
        together, the request is answered at once (None; Unknown when undecided).
        """
        value, value_symbols, multiplied = self._value(term, env)
        key = (facts.number, _ast_id(value), highest)
        request = extremes.Request(key, value, highest, multiplied or facts.nonlinear)
        if key in self._worst:
            return request
        if not self.incremental:  # the naive baseline: one optimisation over every fact
            request.slice = [*facts.terms, *self.encoder.range_facts(facts.symbols | value_symbols)]
            return request
        if facts.consistent is None:
            facts.consistent = self.possible(facts.formulas)
        if not isinstance(facts.consistent, Possible):
            consistent = facts.consistent
            request.answered, request.answer = True, (consistent if isinstance(consistent, Unknown) else None)
            return request
        if facts.slicer is None:
            parts = [part for formula in facts.formulas for part in self.encoder.conjuncts(formula)]
            parts += [(fact, {symbol}) for symbol in sorted(facts.symbols) for fact in self.encoder.symbol_range(symbol)]
            facts.slicer = extremes.Slicer(parts)
        kept, mentioned = facts.slicer.slice(value_symbols)
        request.slice = [*kept, *self.encoder.range_facts(value_symbols - facts.symbols)]
        request.symbols = mentioned
        if not request.alone:
            self._figure_of_a_box(request, term, env)
        return request

    def _figure_of_a_box(self, request: extremes.Request, term, env: dict) -> None:
        """Answer a figure whose facts only bound its own real unknown by numbers, without the optimiser.

        logic/bounds.py says why that is exact. Under `--dump-smt` the optimiser is asked
        anyway, so that the dump holds the question.
        """
        symbol = bounds.real_symbol(term, env)
        if symbol is None or request.symbols != {symbol} or queries.dump_active():
            return
        stated = []
        for fact in request.slice:
            found = self.encoder.bounds(fact)
            if found is None:
                return
            stated.extend(found)
        decided, figure = bounds.extreme(symbol, stated, request.highest)
        if decided:
            request.answered, request.answer = True, figure
            self._worst[request.key] = (request.value, figure)  # the value kept with it: the key holds its id

    def _fact_set(self, formulas) -> "_Facts":
        """A worst case's facts encoded, once per list of formula objects; a tuple is found by its identity alone.

        Every threshold of a claim is asked under the same facts, and each figure twice
        (announced, then asked); an acceptance criterion's thousands of figures are asked
        under thousands of facts, where reading the list again for each figure cost the
        square of the case's size. A tuple cannot change, so while it is kept here its
        identity names its content.
        """
        if type(formulas) is tuple:
            hit = self._fact_tuples.get(id(formulas))
            if hit is not None and hit[0] is formulas:
                return hit[1]
        facts = _remembered(self._fact_sets, tuple(formulas), lambda: self._encoded_facts(formulas))
        if type(formulas) is tuple:
            self._fact_tuples[id(formulas)] = (formulas, facts)
        return facts

    def _encoded_facts(self, formulas) -> "_Facts":
        terms, symbols = self.encode_all(formulas)
        # Facts of the same Z3 terms share their figures, however their lists were built.
        number = self._fact_numbers.setdefault(tuple(map(_ast_id, terms)), len(self._fact_numbers))
        return _Facts(list(formulas), terms, symbols, number, any(map(self.encoder.nonlinear, terms)))

    def _value(self, term, env: dict) -> tuple:
        """(Z3 term, its symbols, whether it multiplies two unknowns) for a numeric model term under `env`, once each."""
        return _remembered(self._values, (term,), lambda: self.encoder.numeric(term, env), tuple(sorted(env.items())))

    # ---- projections ---------------------------------------------------------------

    def reaches_outside(self, scope, boundary) -> Found | NoWorld | Unknown:
        """Values the scope admits that no deployment in the boundary has (see _outside)."""
        kept, key = self._kept("outside", [scope], list(boundary))
        if kept is not None:
            return kept
        return self._keep(key, self._outside(scope, boundary))

    def _outside(self, scope, boundary) -> Found | NoWorld | Unknown:
        """Values the scope admits that no deployment in the boundary has.

        Asserts scope(v, x) and forall w, x'. not boundary(v, x', w): v are the
        scope's variables with named values (bool, enum, string, and each member of
        a set that the scope reads), x its numeric ones (int, real, date), w every
        other variable, and the members of a set that the scope does not read. Unsat means the
        scope narrows the boundary (NoWorld). Numeric variables are judged only through
        the others: `within attempts <= 5` beside `attempts in [1, 10]` narrows,
        although it also admits 0, because it names no value the boundary
        excludes; `within channel == public_api` beside a boundary without the
        public API names one; `within browser in tools` beside `shell not in tools`
        narrows, because it says nothing about `shell`.
        """
        scope_term, scope_symbols = self.encoder.formula(scope)
        boundary_terms, boundary_symbols = self.encode_all(boundary)
        read = _constants(scope_term)
        others, renamed = [], []
        for symbol in sorted(boundary_symbols):
            term = self.encoder.variable(symbol[0], symbol[1])
            if symbol not in scope_symbols:
                others.extend(term.values() if isinstance(term, dict) else [term])
            elif isinstance(term, dict):
                # A set is judged member by member: `browser in tools` names the value of
                # `browser` only, so the other members are free to be whatever the boundary needs.
                others.extend(bit for bit in term.values() if bit.get_id() not in read)
            elif self.encoder.case.context[symbol[1]].type.kind in ("int", "real", "date"):
                fresh = z3.FreshConst(term.sort(), symbol[1])
                renamed.append((term, fresh))
                others.append(fresh)
        boundary_term = z3.And(boundary_terms) if boundary_terms else z3.BoolVal(True, self.ctx)
        outside = z3.Not(z3.substitute(boundary_term, *renamed) if renamed else boundary_term)
        solver = self.solver()
        solver.add(scope_term, z3.ForAll(others, outside) if others else outside)
        answer = self.satisfy(solver, scope_symbols)
        if not isinstance(answer, World):
            return answer
        self.replay(answer, [scope], [])
        return Found(answer)


def _constants(term) -> set:
    """The ids of the uninterpreted constants a Z3 term reads (a set variable's members are constants of their own)."""
    seen, found, todo = set(), set(), [term]
    while todo:
        current = todo.pop()
        if current.get_id() in seen:
            continue
        seen.add(current.get_id())
        if z3.is_const(current) and current.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            found.add(current.get_id())
        todo.extend(current.children())
    return found
