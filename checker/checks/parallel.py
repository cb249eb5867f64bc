"""`--jobs N`: the check families that depend on nothing but the first ones run in worker processes.

The families talk only through Known. The first ones (structure, boundary,
claims) establish what the others read (whether the boundary admits a
deployment, which claims are impossible), and the last ones read what all
found (establishment reads every step's outcome, countercases and acceptance
read what it establishes, decision counts the errors, requires checks other
files, the decision's own dates and signer are judged after it), so those run
here, in order. Every family between them reads only what
the first ones established and adds only its steps and their outcomes, so they
are spread over N processes:
this one and N - 1 forked workers, each going on with a copy of the case and
of the prover. The results are put back in the order of FAMILIES, so the findings
and the summary are those of a run with one process: the answers do not
depend on which process asked (a counterexample is found in a fresh Z3
context of its own). A worker family that changes Known in any other way
would break that promise, so it is refused and the run is made again in one
process.
"""
from __future__ import annotations

import multiprocessing

import attrs

from ..findings.report import is_error
from .families import FAMILIES, run_checks
from .known import FamilyResult, Known, Steps

_FIRST = ("structure", "boundary", "claims")
_LAST = ("establishment", "countercases", "acceptance", "requires", "decision", "decision dates", "decision signer")


def run_checks_in_parallel(cx, jobs: int, families=FAMILIES) -> tuple[list, Known]:
    """Like run_checks, with the middle families spread over `jobs` processes (this one among them)."""
    first = [f for f in families if f.name in _FIRST]
    last = [f for f in families if f.name in _LAST]
    middle = [f for f in families if f.name not in _FIRST + _LAST]
    context = _fork_context()
    if jobs < 2 or len(middle) < 2 or context is None:
        return run_checks(cx, families)
    findings, known = run_checks(cx, first)
    if not known.boundary_admits:
        return run_checks(cx, families)  # the families that need deployments run without the solver
    results = _in_workers(context, cx, known, middle, jobs)
    if results is None:
        return run_checks(cx, families)
    for result in results:
        findings.extend(result.findings)
        known = attrs.evolve(known, steps=result.known.steps, outcomes=result.known.outcomes,
                             errors=known.errors + sum(map(is_error, result.findings)))
    for family in last:
        result = family.run(cx, known)
        findings.extend(result.findings)
        known = attrs.evolve(result.known, errors=result.known.errors + sum(map(is_error, result.findings)))
    return findings, known


def _fork_context():
    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: one process
        return None


# What each family costs, relative to the others (CPU seconds on benchmarks/generate.py's
# case of 2,000 threats, run after the first families); a family not named here counts as little.
_COST = {"evidence": 1.85, "strategies": 0.96, "acceptance": 0.92, "whole argument": 0.74, "assumptions": 0.64,
         "settings": 0.1}


def _shares(middle, jobs: int) -> list[list[int]]:
    """The families' indices in `jobs` shares of about equal cost: the costliest first, each to the lightest share."""
    shares, loads = [[] for _ in range(jobs)], [0.0] * jobs
    for index in sorted(range(len(middle)), key=lambda i: -_COST.get(middle[i].name, 0.05)):
        lightest = loads.index(min(loads))
        shares[lightest].append(index)
        loads[lightest] += _COST.get(middle[index].name, 0.05)
    return [share for share in shares if share]


def _in_workers(context, cx, known: Known, middle, jobs: int):
    """The middle families' results in FAMILIES order, their steps and outcomes added up; None if one changed Known
    otherwise.

    This process runs the first share itself; each other share runs in a forked worker
    that goes on with a copy of this process's prover (its encoded formulas and answers
    so far: Z3 resets its timer threads in a forked child).
    """
    shares = _shares(middle, jobs)
    given = attrs.evolve(known, steps=Steps(), outcomes=())  # each family's own steps come back alone
    global _WORK
    _WORK = (cx, given, middle)
    try:
        with context.Pool(len(shares) - 1) as pool:
            pending = pool.map_async(_worker, shares[1:])
            done = _worker(shares[0]) + [item for share in pending.get() for item in share]
    finally:
        _WORK = None
    results, steps, outcomes = [], known.steps, known.outcomes
    for _, result, kept in sorted(done, key=lambda item: item[0]):
        if attrs.evolve(result.known, steps=Steps(), outcomes=()) != given:
            return None
        if cx.prover.store is not None:
            for key, value in kept.items():
                cx.prover.store.put(key, value)
        steps, outcomes = steps + result.known.steps, outcomes + result.known.outcomes
        results.append(FamilyResult(result.findings, attrs.evolve(known, steps=steps, outcomes=outcomes)))
    return results


# What a forked worker inherits: (context, known, families). A global, because the
# context holds a Z3 prover, which cannot be pickled but is copied by the fork.
_WORK = None


def _worker(share: list) -> list:
    cx, known, middle = _WORK
    done = []
    for index in share:
        result = middle[index].run(cx, known)
        done.append((index, result, cx.prover.store.used() if cx.prover.store is not None else {}))
    return done
