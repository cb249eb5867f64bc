"""`--jobs N`: the check families that depend on nothing but the first ones run in worker processes.

The families talk only through Known. The first ones (structure, boundary,
claims) establish what the others read (whether the boundary admits a
deployment, which claims are impossible), and the last ones read what all
found (decision counts the errors; requires checks other files), so those run
here, in order. Every family between them reads only what the first ones
established and adds only its steps, so they are spread over N worker
processes (forked: each starts with the resolved case and builds a prover of
its own). The results are put back in the order of FAMILIES, so the findings
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
_LAST = ("decision", "requires")


def run_checks_in_parallel(cx, jobs: int, make_prover, families=FAMILIES) -> tuple[list, Known]:
    """Like run_checks; `make_prover()` gives a worker its own prover (the parent's cannot cross a fork)."""
    first = [f for f in families if f.name in _FIRST]
    last = [f for f in families if f.name in _LAST]
    middle = [f for f in families if f.name not in _FIRST + _LAST]
    context = _fork_context()
    if jobs < 2 or len(middle) < 2 or context is None:
        return run_checks(cx, families)
    findings, known = run_checks(cx, first)
    if not known.boundary_admits:
        return run_checks(cx, families)  # nothing but the structural families would run
    results = _in_workers(context, cx, known, middle, jobs, make_prover)
    if results is None:
        return run_checks(cx, families)
    for result in results:
        findings.extend(result.findings)
        known = attrs.evolve(known, steps=result.known.steps,
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


# The families that take longest go first, so the workers finish together (measured on
# benchmarks/generate.py's cases); a family not named here goes last.
_LONGEST_FIRST = ("evidence", "assumptions", "strategies", "acceptance", "whole argument", "settings")


def _in_workers(context, cx, known: Known, middle, jobs: int, make_prover):
    """The middle families' results in FAMILIES order, their steps added up; None if one changed Known otherwise."""
    rank = {name: i for i, name in enumerate(_LONGEST_FIRST)}
    order = sorted(range(len(middle)), key=lambda i: rank.get(middle[i].name, len(rank)))
    given = attrs.evolve(known, steps=Steps())  # each family's own steps come back alone
    global _WORK
    _WORK = (cx, given, middle, make_prover)
    try:
        with context.Pool(min(jobs, len(middle))) as pool:
            done = list(pool.imap_unordered(_worker, order, chunksize=1))
    finally:
        _WORK = None
    results, steps = [], known.steps
    for _, result, kept in sorted(done, key=lambda item: item[0]):
        if attrs.evolve(result.known, steps=Steps()) != given:
            return None
        if cx.prover.store is not None:
            for key, value in kept.items():
                cx.prover.store.put(key, value)
        steps = steps + result.known.steps
        results.append(FamilyResult(result.findings, attrs.evolve(known, steps=steps)))
    return results


# What a forked worker inherits: (context, known, families, make_prover), and the prover it
# makes for itself. Globals, because the context holds a Z3 prover, which cannot be
# pickled: each worker process makes its own once and keeps it for every family it runs.
_WORK = None
_PROVER = None


def _worker(index: int):
    global _PROVER
    cx, known, middle, make_prover = _WORK
    if _PROVER is None:
        _PROVER = make_prover()
    result = middle[index].run(attrs.evolve(cx, prover=_PROVER, memo={}), known)
    return index, result, _PROVER.store.used() if _PROVER.store is not None else {}
