"""`--jobs N`: the check families run in phases, and the families of a parallel phase share out N processes.

The families talk only through Known, so which family may run beside which
follows from what each reads:

1. structure, boundary and claims establish what everything else reads (whether
   the boundary admits a deployment, which claims are impossible): run here, in order;
2. the steps (strategies, evidence: the evidence in parts of consecutive claims and
   items), the assumptions, the whole argument, pattern instances and settings read
   only that: in parallel;
3. establishment reads every step's outcome: here;
4. what reads the establishment (countercases, the acceptance criteria), the
   leaf margins (in parts of consecutive claims, two per process, so the shares
   come out even), acceptability, change control and the evidence dates: in parallel;
5. requires and the decision read every error so far: here, in order.

A parallel phase runs its families in this process and N - 1 forked workers,
each going on with a copy of the case and of the prover (its encoded formulas
and answers so far). The results are put back in the order of FAMILIES, so the
findings and the summary are those of a run with one process: the answers do
not depend on which process asked (a counterexample is found in a fresh Z3
context of its own). A parallel family may only add to Known's additive fields
(steps, outcomes, margins); one that changes Known in any other way would break
that promise, so it is refused and the whole run is made again in one process.
"""
from __future__ import annotations

import multiprocessing

import attrs

from ..findings.report import is_error
from .families import FAMILIES, run_checks
from .known import FamilyResult, Known, Steps

_SERIAL_FIRST = ("structure", "boundary", "claims")
_SERIAL_MIDDLE = ("establishment",)
_SERIAL_LAST = ("requires", "decision", "decision dates", "decision signer")
# The families after establishment that may run beside each other; the others before it.
_AFTER_ESTABLISHMENT = ("countercases", "acceptance", "leaf margins", "acceptability", "change control",
                        "evidence dates")


def phases(families=FAMILIES) -> list[tuple[bool, list]]:
    """(parallel?, families in FAMILIES order) for each phase, in the order they run."""
    named = lambda names: [f for f in families if f.name in names]
    serial = _SERIAL_FIRST + _SERIAL_MIDDLE + _SERIAL_LAST + _AFTER_ESTABLISHMENT
    return [(False, named(_SERIAL_FIRST)), (True, [f for f in families if f.name not in serial]),
            (False, named(_SERIAL_MIDDLE)), (True, named(_AFTER_ESTABLISHMENT)), (False, named(_SERIAL_LAST))]


def run_checks_in_parallel(cx, jobs: int, families=FAMILIES) -> tuple[list, Known]:
    """Like run_checks, with the families of each parallel phase spread over `jobs` processes (this one among them)."""
    context = _fork_context()
    if jobs < 2 or context is None:
        return run_checks(cx, families)
    findings, known = [], Known()
    for parallel, members in phases(families):
        if not known.boundary_admits:
            return run_checks(cx, families)  # the families that need deployments run without the solver
        if not (parallel and len(members) >= 2):
            found, known = run_checks(cx, members, known)
            findings.extend(found)
            continue
        results = _in_workers(context, cx, known, _split(cx, known, members, jobs), jobs)
        if results is None:
            return run_checks(cx, families)
        found = [f for result in results for f in result.findings]
        findings.extend(found)
        known = attrs.evolve(results[-1].known, errors=known.errors + sum(map(is_error, found)))
    return findings, known


def _fork_context():
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: one process
        return None


# What each family costs, relative to the others (CPU seconds on benchmarks/generate.py's
# case of 2,000 threats, run after the first families); a family not named here counts as little.
_COST = {"evidence": 1.1, "strategies": 0.45, "assumptions": 0.05, "whole argument": 0.05, "settings": 0.2,
         "acceptance": 1.25, "leaf margins": 1.6, "acceptability": 0.2}


def _shares(members, jobs: int) -> list[list[int]]:
    """The families' indices in `jobs` shares of about equal cost: the costliest first, each to the lightest share."""
    shares, loads = [[] for _ in range(jobs)], [0.0] * jobs
    for index in sorted(range(len(members)), key=lambda i: -_cost(members[i])):
        lightest = loads.index(min(loads))
        shares[lightest].append(index)
        loads[lightest] += _cost(members[index])
    return [share for share in shares if share]


def _cost(family) -> float:
    """A family's cost, or a part's (`leaf margins 2/4`: its share of the family's)."""
    return _COST.get(family.whole or family.name, 0.05) * family.share


def _split(cx, known: Known, members, jobs: int) -> list:
    """Each family that can run in parts as 2 x jobs parts, so that the shares can be evened out."""
    return [part for family in members for part in family.parts(2 * jobs, cx, known)]


_ADDITIVE = {"steps": Steps(), "outcomes": (), "margins": ()}


def _in_workers(context, cx, known: Known, members, jobs: int):
    """The families' results in FAMILIES order, each Known carrying what all before it added; None if one changed
    Known otherwise.

    This process runs the first share itself; each other share runs in a forked worker
    that goes on with a copy of this process's prover (its encoded formulas and answers
    so far: Z3 resets its timer threads in a forked child).
    """
    shares = _shares(members, jobs)
    given = attrs.evolve(known, **_ADDITIVE)  # each family's own additions come back alone
    global _WORK
    _WORK = (cx, given, members)
    try:
        with context.Pool(len(shares) - 1) as pool:
            pending = pool.map_async(_worker, shares[1:])
            done = _worker(shares[0]) + [item for share in pending.get() for item in share]
    finally:
        _WORK = None
    results, added = [], {field: getattr(known, field) for field in _ADDITIVE}
    for _, findings, additions, kept in sorted(done, key=lambda item: item[0]):
        if additions is None:
            return None
        if cx.prover.store is not None:
            for key, value in kept.items():
                cx.prover.store.put(key, value)
        added = {field: value + additions[field] for field, value in added.items()}
        results.append(FamilyResult(findings, attrs.evolve(known, **added)))
    return results


# What a forked worker inherits: (context, known, families). A global, because the
# context holds a Z3 prover, which cannot be pickled but is copied by the fork.
_WORK = None


def _worker(share: list) -> list:
    """(index, findings, what the family added to Known's additive fields or None if it changed others, answers kept).

    Only the additions travel back: the rest of Known (the establishment with every
    established formula) is the worker's copy of what it was given, and sending it back
    took a second at 2,000 threats.
    """
    cx, known, members = _WORK
    done = []
    for index in share:
        result = members[index].run(cx, known)
        additions = {field: getattr(result.known, field) for field in _ADDITIVE}
        unchanged = attrs.evolve(result.known, **_ADDITIVE) == known
        done.append((index, result.findings, additions if unchanged else None,
                     cx.prover.store.used() if cx.prover.store is not None else {}))
    return done
