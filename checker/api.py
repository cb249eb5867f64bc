"""The pipeline, one readable function per entry point: text -> tree -> nodes -> model -> graph -> proofs -> findings.

This module orchestrates and decides nothing: what is wrong with a case is the
business of the check families (checks/), how it is shown that of the reporters.

    >>> from checker.api import check_text
    >>> report = check_text(open("examples/cyber_inability.case").read(), "cyber_inability.case")
    >>> report.verdict, [f.code for f in report.findings]
"""
from __future__ import annotations

import contextlib
import datetime
import gc

import attrs

from .findings.finding import sorted_findings
from .findings.guard import guarded
from .findings.report import EXIT_CODES, Report, Summary, exit_code, verdict_of
from .logic import DEFAULT_TIMEOUT
from .syntax.reading import Unreadable, read_source, unreadable_finding, without_bom
from .syntax.source import SourceFile, file_identity

__all__ = ["DEFAULT_TIMEOUT", "EXIT_CODES", "Report", "Summary", "check_path", "check_text", "diff_configs",
           "exit_code", "load_case", "read_model", "scope_batch", "scope_config", "scope_target", "verdict_of"]



@attrs.frozen
class _Settings:
    as_of: datetime.date
    timeout: float
    chain: tuple  # identities of the files being checked, outermost first
    cache: object = None  # a checker.cache.ResultCache, or None
    reads: list | None = None  # (identity, text digest) of every file read, for the cache
    jobs: int = 1  # processes for the proofs


# ---- check ----------------------------------------------------------------------------------------


def check_path(path, *, as_of: datetime.date | None = None, timeout: float = DEFAULT_TIMEOUT, cache=None,
               jobs: int = 1, _chain: tuple = (), _reads: list | None = None) -> Report:
    """Check one case file on disk (and, in turn, the cases it `requires`).

    `cache` (a checker.cache.ResultCache) returns the kept report of an unchanged
    case, and keeps the solver's answers, so that after an edit only the
    questions that changed are asked again. `jobs` > 1 runs the independent
    check families in that many worker processes (checks/parallel.py); the
    report is the same.
    """
    source = read_source(path)
    if _reads is not None:
        _reads.append((file_identity(str(path)), None if isinstance(source, Unreadable) else source.text))
    if isinstance(source, Unreadable):
        return _unreadable(source)
    if cache is None:
        return check_text(source.text, source.path, as_of=as_of, timeout=timeout, jobs=jobs, _chain=_chain,
                          _reads=_reads)
    return _cached_check(source, as_of or datetime.date.today(), timeout, cache, jobs)


def check_text(text: str, path: str = "<string>", *, as_of: datetime.date | None = None,
               timeout: float = DEFAULT_TIMEOUT, jobs: int = 1, _chain: tuple = (), _reads: list | None = None,
               _cache=None) -> Report:
    """Check the text of one case file; never raises on bad input.

    `requires` paths are read relative to the directory of `path`.
    """
    source = SourceFile(path, without_bom(text))
    settings = _Settings(as_of or datetime.date.today(), timeout, _chain + (file_identity(path),), _cache, _reads,
                         jobs)
    return guarded(source, "checking", lambda: _check(source, settings))


def _cached_check(source: SourceFile, as_of: datetime.date, timeout: float, cache, jobs: int) -> Report:
    """The kept report while the case and every file it requires read the same; else check and keep."""
    from .cache import text_digest

    key = cache.report_key(source.path, source.text, as_of, timeout)
    kept = cache.report(key, _current_text)
    if kept is not None:
        return attrs.evolve(kept, source=source)
    reads = []
    report = check_text(source.text, source.path, as_of=as_of, timeout=timeout, jobs=jobs, _reads=reads,
                        _cache=cache)
    if report.verdict != "unknown" and not any(f.code in ("X001", "X002") for f in report.findings):
        # An undecided question may be decided next time; a crash is not a result worth keeping.
        cache.keep_report(key, report, [(identity, text_digest(text)) for identity, text in reads])
    return report


def _current_text(identity: str) -> str | None:
    source = read_source(identity)
    return None if isinstance(source, Unreadable) else source.text


def _check(source: SourceFile, settings: _Settings) -> Report:
    # Z3 and networkx load here, not when the module does: `warrant scope --config` needs neither.
    from .checks import run_checks
    from .checks.context import CheckContext
    from .logic.solver import Prover
    from .semantics.graph import argument_graph, support_graph

    with front_end_memory():
        case, findings = read_model(source.text, source.path)
        if case is None:
            return Report(source, tuple(sorted_findings(findings)))
        graph = argument_graph(case)
    store = settings.cache.answers(source.path, case, settings.timeout) if settings.cache is not None else None
    cx = CheckContext(case, graph, support_graph(graph), Prover(case, settings.timeout, store=store),
                      settings.as_of, path=source.path, chain=settings.chain,
                      check_required=lambda target: check_path(target, as_of=settings.as_of, timeout=settings.timeout,
                                                               _chain=settings.chain, _reads=settings.reads))
    if settings.jobs > 1:
        from .checks.parallel import run_checks_in_parallel

        findings, known = run_checks_in_parallel(cx, settings.jobs)
    else:
        findings, known = run_checks(cx)
    if store is not None:
        store.save()
    summary = Summary(
        claims=len(case.claims),
        formal_claims=sum(1 for c in case.claims.values() if c.formal),
        steps=known.steps.total,
        formal_steps=known.steps.formal,
        proved_steps=known.steps.proved,
    )
    return Report(source, tuple(sorted_findings(findings)), summary, case)


@contextlib.contextmanager
def front_end_memory():
    """No garbage collection while the front end runs.

    Parsing, building and resolving make a large tree of objects that stay
    alive and little garbage; collecting while the tree grows walks it again
    and again (45% of the front end's CPU time at 2,000 threats). Collection
    resumes afterwards as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_model(text: str, path: str, start: str = "start"):
    """The front of the pipeline, text -> resolved model: (model, []) or (None, the findings that block it)."""
    from .semantics.resolve import resolve

    syntax, findings = read_syntax(text, path, start)
    if syntax is None:
        return None, findings
    resolved, resolve_findings = resolve(syntax)
    findings = findings + resolve_findings
    return (resolved, []) if resolved is not None and not findings else (None, findings)


def read_syntax(text: str, path: str, start: str = "start"):
    """Text -> syntax nodes: (CaseFile, findings of the builder) or (None, syntax findings)."""
    from .syntax.build import build
    from .syntax.parser import parse  # Lark loads here: a cached check never parses

    tree, findings = parse(text, path, start)
    if tree is None:
        return None, findings
    return build(tree, path)


def _unreadable(unreadable: Unreadable) -> Report:
    return Report(SourceFile(unreadable.path, ""), (unreadable_finding(unreadable),))


# ---- scope and diff: a case's boundary and triggers against configurations and targets ----------
# These judge only the boundary and the triggers: the argument itself is `check`'s business.


def load_case(path) -> tuple:
    """Read, parse and resolve a case without checking its argument: (model or None, report of what blocked it)."""
    source = read_source(path)
    if isinstance(source, Unreadable):
        return None, _unreadable(source)
    report = guarded(source, "reading", lambda: _loaded(source))
    return report.case, report


def _loaded(source: SourceFile) -> Report:
    with front_end_memory():
        case, findings = read_model(source.text, source.path)
    return Report(source, tuple(sorted_findings(findings)), case=case)


def scope_config(case_path, config_path, *, timeout: float = DEFAULT_TIMEOUT) -> Report:
    """Is a deployment configuration (.json, .yaml, .yml) inside the case's boundary? A report on the configuration.

    A `.jsonl` file holds one configuration per line and is judged by `scope_batch`.
    """
    from .interop.configs import is_config_lines

    if is_config_lines(config_path):
        return scope_batch(case_path, config_path, timeout=timeout)
    shown = SourceFile(str(config_path), "")
    return guarded(shown, "judging the scope", lambda: _scope_config(case_path, config_path))


def scope_batch(case_path, lines_path, *, timeout: float = DEFAULT_TIMEOUT) -> Report:
    """Is each configuration of a JSON-lines file (one per line) inside the case's boundary? One report on the file.

    The case is read once and its boundary compiled once (checks/batch.py);
    each line costs its decoding and one call per boundary line. A line that
    is inside says nothing; every other line gets the findings a file with
    that one configuration would get, located at its line. `timeout` is
    accepted for symmetry (no solver query is made).
    """
    shown = SourceFile(str(lines_path), "")
    return guarded(shown, "judging the scope", lambda: _scope_batch(case_path, lines_path))


def scope_target(case_path, target_path, *, timeout: float = DEFAULT_TIMEOUT) -> Report:
    """Does the case's boundary cover every deployment the target's boundary allows? A report on the target."""
    shown = SourceFile(str(target_path), "")
    return guarded(shown, "judging the scope", lambda: _scope_target(case_path, target_path, timeout))


def diff_configs(case_path, old_path, new_path, *, timeout: float = DEFAULT_TIMEOUT) -> Report:
    """Which triggers does the change from `old_path` to `new_path` fire, and does it leave the boundary unnoticed?

    A report on the new configuration; `timeout` is accepted for symmetry (no solver query is made).
    """
    shown = SourceFile(str(new_path), "")
    return guarded(shown, "judging the scope", lambda: _diff_configs(case_path, old_path, new_path))


def _scope_config(case_path, config_path) -> Report:
    from .checks import scope
    from .interop.configs import load_config

    case, report = load_case(case_path)
    if case is None:
        return report
    config = load_config(str(config_path), case)
    findings = list(config.findings)
    if not findings:  # an unreadable configuration has nothing to judge
        findings = scope.config_findings(case, report.source, config)
    return Report(config.source, tuple(sorted_findings(findings)))


def _scope_batch(case_path, lines_path) -> Report:
    from .checks import scope
    from .checks.batch import Boundary
    from .interop.configs import line_config, line_values, unreadable_config

    case, report = load_case(case_path)
    if case is None:
        return report
    source = read_source(lines_path)
    if isinstance(source, Unreadable):
        return Report(SourceFile(source.path, ""), unreadable_config(source).findings)
    boundary, findings = Boundary(case), []
    lines = scope.BoundaryLines(report.source, boundary.formulas)
    for number, text in enumerate(source.text.split("\n"), 1):
        if not text.strip():
            continue
        values = line_values(text, case)
        if values is not None and boundary.inside(values):
            continue
        config = line_config(source.path, number, text, case, values)
        placement = boundary.placement(values) if values is not None else None
        findings.extend(config.findings or scope.config_findings(case, report.source, config, placement, lines))
    return Report(source, tuple(sorted_findings(findings)))


def _scope_target(case_path, target_path, timeout: float) -> Report:
    from .checks import scope
    from .logic.solver import Prover
    from .syntax.parser import has_header

    case, report = load_case(case_path)
    if case is None:
        return report
    source = read_source(target_path)
    if isinstance(source, Unreadable):
        return _unreadable(source)
    # A target may be a whole case or only a boundary, without a case header.
    start = "start" if has_header(source.text) else "items"
    target, findings = read_syntax(source.text, source.path, start)
    if target is not None and not findings:
        formulas, span, findings = scope.target_boundary(case, target, source.path)
        if not findings:
            findings = scope.target_findings(case, report.source, source.path, formulas, span, Prover(case, timeout))
    return Report(source, tuple(sorted_findings(findings)))


def _diff_configs(case_path, old_path, new_path) -> Report:
    from .checks import scope
    from .interop.configs import load_config
    from .semantics.graph import argument_graph, support_graph

    case, report = load_case(case_path)
    if case is None:
        return report
    old, new = load_config(str(old_path), case), load_config(str(new_path), case)
    findings = list(old.findings + new.findings)
    if not findings:
        support = support_graph(argument_graph(case))
        findings = scope.diff_findings(case, report.source, support, old, new)
    return Report(new.source, tuple(sorted_findings(findings)))
