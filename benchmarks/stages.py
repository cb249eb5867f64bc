"""The check pipeline stage by stage, each stage timed: what benchmarks/run.py reports per size.

It calls the same functions `checker.api.check_text` calls, in the same order,
and returns the same Report (tests/test_benchmarks.py holds it to that), so the
figures are the real pipeline's, cut where the stages meet.
"""
from __future__ import annotations

import datetime
import gc
import time

import attrs

from checker import api, reporters
from checker.checks import run_checks
from checker.checks.context import CheckContext
from checker.checks.parallel import run_checks_in_parallel
from checker.findings.finding import sorted_findings
from checker.findings.report import Report, exit_code
from checker.logic.solver import Prover
from checker.semantics.graph import argument_graph, support_graph
from checker.semantics.resolve import resolve
from checker.syntax.build import read
from checker.syntax.source import SourceFile

STAGES = ("parse", "resolve", "graph", "proofs", "report")


@attrs.define
class Timed:
    """Seconds per stage, the solver queries asked, the report and its rendering."""

    seconds: dict = attrs.field(factory=dict)  # wall
    cpu: dict = attrs.field(factory=dict)  # this process's CPU time (worker processes not included)
    queries: int = 0
    report: Report | None = None
    output: str = ""

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


def timed_check(text: str, path: str, as_of: datetime.date, timeout: float = api.DEFAULT_TIMEOUT,
                jobs: int = 1, incremental: bool = True) -> Timed:
    """Check `text` as `warrant check` does (without the result cache), timing each stage.

    `jobs` > 1 runs the independent families in worker processes (their CPU
    time is not in `cpu`); `incremental=False` asks every question on a fresh
    solver, the naive baseline of benchmarks/compare.py.
    """
    result = Timed()
    clock, cpu = time.perf_counter(), time.process_time()

    def lap(stage: str) -> None:
        nonlocal clock, cpu
        now, now_cpu = time.perf_counter(), time.process_time()
        result.seconds[stage] = now - clock
        result.cpu[stage] = now_cpu - cpu
        clock, cpu = now, now_cpu

    source = SourceFile(path, text)
    with api.no_collection():
        syntax, findings = read(text, path)  # the parse, each item built into its node as it is read
        lap("parse")
        case, resolve_findings = resolve(syntax)
        del syntax  # as api.read_model drops it: the model is what the check reads
        assert case is not None and not findings + resolve_findings, "the benchmark case must resolve"
        lap("resolve")
        graph = argument_graph(case)
        support = support_graph(graph)
        lap("graph")
        gc.freeze()  # inside the block, as api.check_text does after its front end (api._frozen_heap)
    try:
        return _proved(result, lap, source, case, graph, support, as_of, path, timeout, incremental, jobs)
    finally:
        gc.unfreeze()


def _proved(result, lap, source, case, graph, support, as_of, path, timeout, incremental, jobs):
    prover = Prover(case, timeout, incremental=incremental)
    cx = CheckContext(case, graph, support, prover, as_of, path=path, chain=(path,))
    with api.no_collection():  # as api.check_text runs the proofs
        if jobs > 1:
            found, known = run_checks_in_parallel(cx, jobs)
        else:
            found, known = run_checks(cx)
        gc.freeze()  # as api.check_text does after the proofs
    result.queries = prover.queries
    lap("proofs")
    summary = api.case_summary(case, known)
    result.report = Report(source, tuple(sorted_findings(found)), summary, case)
    result.output = reporters.render("text", [result.report], exit_code([result.report]))
    lap("report")
    return result
