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

from typing import TYPE_CHECKING

import attrs

# Only what every command needs is imported here; Z3, networkx and Lark load inside the
# functions that use them, so `warrant --help`, a cached check and `scope --config` start quickly.
from .findings.finding import sorted_findings
from .findings.guard import guarded
from .findings.report import EXIT_CODES, Report, Summary, exit_code, verdict_of
from .logic import DEFAULT_TIMEOUT
from .findings.rules import Outcome
from .syntax.reading import STDIN, Unreadable, is_revision, read_input, unreadable_finding, without_bom
from .syntax.source import SourceFile, file_identity

if TYPE_CHECKING:  # in annotations only: the settings are read by `check`, never by `scope`
    from .interop.settings import Settings

__all__ = ["DEFAULT_TIMEOUT", "EXIT_CODES", "Report", "Summary", "check_path", "check_text", "diff_configs",
           "diff_cases", "exit_code", "judge_configs", "load_boundary", "load_case", "read_model", "scope_config",
           "scope_configs", "scope_target", "verdict_of"]


@attrs.frozen
class _Run:
    as_of: datetime.date
    timeout: float
    chain: tuple  # identities of the files being checked, outermost first
    settings: Settings  # the project's settings (interop/settings.py): margins, expiry warnings, waivable codes
    cache: object = None  # a checker.cache.ResultCache, or None
    reads: list | None = None  # (identity, text) of every file read, for the cache
    jobs: int = 1  # processes for the proofs
    # identity -> report of every required case checked so far in this run: each is checked once
    checked: dict = attrs.field(factory=dict)


# ---- check ----------------------------------------------------------------------------------------


def check_path(path, *, as_of: datetime.date | None = None, timeout: float = DEFAULT_TIMEOUT,
               settings: Settings | None = None, cache=None, jobs: int = 1, _chain: tuple = (),
               _reads: list | None = None, _checked: dict | None = None) -> Report:
    """Check one case file (and, in turn, the cases it `requires`): a path, `-` for standard input, or `REV:path`.

    `cache` (a checker.cache.ResultCache) returns the kept report of an unchanged
    case, and keeps the solver's answers, so that after an edit only the
    questions that changed are asked again; a kept report carries no model
    (`case`) and no required reports (see `ResultCache.keep_report`). `jobs` > 1
    runs the independent check families in that many worker processes
    (checks/parallel.py); the report is the same.
    """
    source = read_input(path)
    if _reads is not None:
        _reads.append((file_identity(str(path)), None if isinstance(source, Unreadable) else source.text))
    if isinstance(source, Unreadable):
        return _unreadable(source)
    if cache is None or str(path) == STDIN or is_revision(str(path)):  # standard input and REV:path are never kept
        return check_text(source.text, source.path, as_of=as_of, timeout=timeout, settings=settings, jobs=jobs,
                          _chain=_chain, _reads=_reads, _checked=_checked)
    return _cached_check(source, as_of or datetime.date.today(), timeout, settings or _default_settings(), cache,
                         jobs)


def check_text(text: str, path: str = "<string>", *, as_of: datetime.date | None = None,
               timeout: float = DEFAULT_TIMEOUT, settings: Settings | None = None, jobs: int = 1,
               _chain: tuple = (), _reads: list | None = None, _cache=None, _checked: dict | None = None) -> Report:
    """Check the text of one case file; never raises on bad input.

    `requires` paths are read relative to the directory of `path`. `settings` (the project's
    `[tool.warrant]`) may raise the threshold margin, warn of evidence about to expire, and name the
    logic-family codes that waivers may silence; waivers in the file's comments apply either way.
    """
    source = SourceFile(path, without_bom(text))
    run = _Run(as_of or datetime.date.today(), timeout, _chain + (file_identity(path),), settings or _default_settings(),
               _cache, _reads, jobs, {} if _checked is None else _checked)
    with _frozen_heap():
        return guarded(source, "checking", lambda: _check(source, run))


def _default_settings() -> Settings:
    from .interop.settings import Settings  # here: `scope` reads no settings, and tomllib is not free

    return Settings()


def _cached_check(source: SourceFile, as_of: datetime.date, timeout: float, settings: Settings, cache,
                  jobs: int) -> Report:
    """The kept report while the case, every file it requires and every pattern file it imports read the same.

    Otherwise the case is checked, and its report kept with the texts of
    every file that check read (semantics/imports.py reports the imported ones).
    """
    from .cache import text_digest

    key = cache.report_key(source.path, source.text, as_of, timeout, settings)
    kept = cache.report(key, _current_text)
    if kept is not None:
        return attrs.evolve(kept, source=source)
    from .semantics.imports import recording_reads  # Lark and the checker load only when the case is checked

    reads = []
    with recording_reads(reads):
        report = check_text(source.text, source.path, as_of=as_of, timeout=timeout, settings=settings, jobs=jobs,
                            _reads=reads, _cache=cache)
    if report.verdict != "unknown" and not any(f.code in ("X001", "X002") for f in report.findings):
        # An undecided question may be decided next time; a crash is not a result worth keeping.
        cache.keep_report(key, report, [(identity, text_digest(text)) for identity, text in reads])
    return report


def _current_text(identity: str) -> str | None:
    from .syntax.reading import read_source

    source = read_source(identity)
    return None if isinstance(source, Unreadable) else source.text


def _check(source: SourceFile, run: _Run) -> Report:
    # Z3 and networkx load here, not when the module does: `warrant scope --config` needs neither.
    from .checks import run_checks
    from .checks.context import CheckContext
    from .logic.solver import Prover
    from .semantics.graph import argument_graph, support_graph

    if is_pattern_file(source.text, source.path):
        return _check_pattern_file(source, run)
    with no_collection():
        case, findings = read_model(source.text, source.path)
        if case is None:
            return Report(source, tuple(sorted_findings(findings)))
        graph = argument_graph(case)
        # The model and graph live through the check (see _frozen_heap). Frozen before collection
        # resumes: the first collection after the block would otherwise walk all of it (178,000
        # objects at 2,000 threats, 0.11 s) to find nothing.
        gc.freeze()
    if "pattern" in source.text:  # only a file that can declare a pattern is parsed again for its patterns
        findings = prove_patterns(source, run.timeout) + findings
    required = []  # (target path, report) of each required case, kept for the reporters that draw them

    def check_required(target):
        # However often a case is required (a diamond of 20 levels reaches the bottom 2**20 ways), it is checked once.
        identity = file_identity(target)
        report = run.checked.get(identity)
        if report is None:
            report = check_path(target, as_of=run.as_of, timeout=run.timeout, settings=run.settings, _chain=run.chain,
                                _reads=run.reads, _checked=run.checked)
            run.checked[identity] = report
        required.append((target, report))
        return report

    store = run.cache.answers(source.path, case, run.timeout) if run.cache is not None else None
    cx = CheckContext(case, graph, support_graph(graph), Prover(case, run.timeout, store=store), run.as_of,
                      path=source.path, chain=run.chain, check_required=check_required,
                      min_margin=run.settings.min_margin, warn_expiry=run.settings.warn_expiry)
    with no_collection():
        if run.jobs > 1:
            from .checks.parallel import run_checks_in_parallel

            family_findings, known = run_checks_in_parallel(cx, run.jobs)
        else:
            family_findings, known = run_checks(cx)
        # What the proofs leave alive (the encoded argument, the remembered answers) lives until the
        # check ends; it is frozen for the same reason (608,000 objects, 0.32 s at 2,000 threats).
        gc.freeze()
    if store is not None:
        store.save()
    findings += family_findings
    summary = case_summary(case, known)
    findings, waived = _waive(source, case, findings, run)
    return Report(source, tuple(sorted_findings(findings)), summary, case, tuple(required), waived=tuple(waived))


def case_summary(case, known) -> Summary:
    """How much of the case is formal and proved, what undermines it and the risk it accepts, from what the
    families established."""
    from .checks.establish import residual_risks

    return Summary(
        claims=len(case.claims),
        formal_claims=sum(1 for c in case.claims.values() if c.formal),
        steps=known.steps.total,
        formal_steps=known.steps.formal,
        proved_steps=known.steps.proved,
        judged_steps=known.steps.judged,
        undermined_by=known.established.standing if known.established is not None else (),
        residual=residual_risks(case, known.established),
        margins=known.margins,
    )


def _waive(source: SourceFile, case, findings, run: _Run):
    """The findings the file's waivers leave standing (with the waivers' own findings), and the waived ones."""
    from .findings.waivers import apply_waivers, read_waivers
    from .semantics.graph import node_spans

    waivers, malformed = read_waivers(source.text, source.path)
    if not waivers:
        return findings + malformed, []
    kept, waived = apply_waivers(findings, waivers, node_spans(case), run.as_of, run.settings.waivable)
    return kept + malformed, sorted(waived, key=lambda w: w.finding.sort_key())


# ---- patterns: each pattern a file declares is proved once, for every instantiation -----------------


def is_pattern_file(text: str, path: str) -> bool:
    """A file without a case header whose items are patterns and imports: a library a case imports."""
    from .syntax import nodes as n
    from .syntax.parser import has_header

    if has_header(text):
        return False
    syntax, findings = read_syntax(text, path, "items")
    return syntax is not None and bool(syntax.items) and all(isinstance(i, (n.Pattern, n.Import)) for i in syntax.items)


def _check_pattern_file(source: SourceFile, run: _Run) -> Report:
    from .semantics import patterns
    from .semantics.imports import load_library
    from .syntax import nodes as n

    syntax, findings = read_syntax(source.text, source.path, "items")
    library, import_findings = load_library(syntax)
    findings = findings + import_findings
    for pattern in syntax.of_type(n.Pattern):
        findings += patterns.check_definition(pattern)
    if not any(f.rule.outcome is Outcome.UNREADABLE for f in findings):
        findings += prove_patterns(source, run.timeout)
    return Report(source, tuple(sorted_findings(findings)))


def prove_patterns(source: SourceFile, timeout: float) -> list:
    """P101/P102 (and the pattern's own name and type errors) for each pattern declared in this file."""
    from .checks.generic import check_pattern_steps
    from .logic.generic import GenericProver
    from .semantics import patterns
    from .semantics.resolve import resolve
    from .syntax.parser import has_header
    from .syntax import nodes as n

    start = "start" if has_header(source.text) else "items"
    syntax, _ = read_syntax(source.text, source.path, start)
    findings = []
    for pattern in syntax.of_type(n.Pattern) if syntax is not None else ():
        if patterns.check_definition(pattern):
            continue  # reported with the pattern's uses; a malformed pattern has nothing to prove
        generic, abstract = patterns.generic_case(pattern, source.path)
        model, problems = resolve(generic)
        if model is None:
            findings += _unseen_in_pattern(problems, syntax, pattern.name.text)
            continue
        findings += check_pattern_steps(model, GenericProver(model, abstract, timeout), pattern.name.text)
    return findings


def _unseen_in_pattern(problems, syntax, pattern: str) -> list:
    """A name a pattern uses and only the surrounding case declares is N101 with a help line saying why.

    "unknown enum `Tool`" beside the case's `enum Tool` reads as a bug: a pattern is proved on its own,
    for every case that uses it, so it sees only its parameters and its own declarations.
    """
    from .syntax import nodes as n

    declared = {item.name.text for item in syntax.items
                if isinstance(item, (n.EnumDecl, n.ContextVar, n.MeasureDecl))}
    declared |= {member.text for item in syntax.items if isinstance(item, n.EnumDecl) for member in item.members}
    shown = []
    for f in problems:
        name = f.field("name")
        if f.code == "N101" and name in declared:
            f = attrs.evolve(f, help=f"pattern `{pattern}` sees only its parameters and its own declarations, not "
                                      f"the case's `{name}`: take it as a parameter, or declare it inside the pattern")
        shown.append(f)
    return shown


def read_model(text: str, path: str, start: str = "start"):
    """The front of the pipeline, text -> resolved model: (model, []) or (None, the findings that block it)."""
    from .semantics.resolve import resolve

    syntax, findings = read_syntax(text, path, start)
    if syntax is None:
        return None, findings
    syntax, pattern_findings = instantiate_patterns(syntax)
    findings = findings + pattern_findings
    if any(f.rule.outcome is Outcome.UNREADABLE for f in pattern_findings):
        return None, findings
    resolved, resolve_findings = resolve(syntax)
    findings = findings + resolve_findings
    return (resolved, []) if resolved is not None and not findings else (None, findings)


@contextlib.contextmanager
def no_collection():
    """No garbage collection inside the block; collection resumes afterwards as it was.

    The front end (parsing, building, resolving) makes a large tree of objects
    that stay alive and little garbage: collecting while the tree grows walked
    it again and again (45% of the front end's CPU time at 2,000 threats). The
    proofs make many objects that stay alive (encoded formulas, remembered
    answers) and little cyclic garbage: collection took 10-12% of their CPU time,
    and at the end of a 2,000-threat check a full collection finds the same
    22,000 unreachable objects whether it ran during the proofs or not (peak RSS
    the same). Reference counting frees everything else as always.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_FREEZES = [0]  # checks under way in this process (a required case is checked inside its requirer's check)


@contextlib.contextmanager
def _frozen_heap():
    """What `gc.freeze()` set aside during a check is given back to the collector when the outermost check ends.

    After the front end, the model, its graph and the rest of what is alive stay
    alive through the proofs, which make many short-lived Z3 wrappers: every
    full collection walked the whole model again (15% of the 2,000-threat
    check's CPU). Frozen objects freed by reference counting are freed as
    always; only cycles among them wait for the end of the check, so a
    long-running process (the language server) keeps nothing frozen between checks.
    """
    _FREEZES[0] += 1
    try:
        yield
    finally:
        _FREEZES[0] -= 1
        if _FREEZES[0] == 0:
            gc.unfreeze()


def instantiate_patterns(syntax):
    """Every `use` replaced by its instance, with the patterns the case declares and imports."""
    from .syntax import nodes as n  # here, not at the top: judging configurations reads no syntax node

    if not any(isinstance(item, (n.Import, n.Pattern, n.Use)) for item in syntax.items):
        return syntax, []
    from .semantics import patterns
    from .semantics.imports import load_library

    library, findings = load_library(syntax)
    expanded, use_findings = patterns.expand(syntax, library)
    return expanded, findings + use_findings


def read_syntax(text: str, path: str, start: str = "start"):
    """Text -> syntax nodes: (CaseFile, findings of the builder) or (None, syntax findings)."""
    from .syntax.build import read  # Lark loads here: a cached check never parses

    return read(text, path, start)


def _unreadable(unreadable: Unreadable) -> Report:
    return Report(SourceFile(unreadable.path, ""), (unreadable_finding(unreadable),))


# ---- scope and diff: a case's boundary and triggers against configurations and targets ----------
# These judge only the boundary and the triggers: the argument itself is `check`'s business.


def load_case(path, cache=None) -> tuple:
    """Read, parse and resolve a case without checking its argument: (model or None, report of what blocked it).

    With `cache` (a checker.cache.ResultCache), the model kept from an earlier
    run while the case and every pattern file it imports read the same.
    """
    return _load(path, cache, None)


def load_boundary(path, cache=None) -> tuple:
    """A case read to judge configurations against its boundary: (model or None, report of what blocked it).

    With `cache`, what is kept and given is the part judging reads
    (checks.scope.scope_view): it refers to no syntax node, so a run that finds
    it kept loads neither Lark nor the syntax nodes. Without, the whole model.
    """
    if cache is None:
        return load_case(path)
    from .checks.scope import scope_view

    return _load(path, cache, scope_view)


def _load(path, cache, view) -> tuple:
    source = read_input(path)
    if isinstance(source, Unreadable):
        return None, _unreadable(source)
    if cache is not None and str(path) != STDIN and not is_revision(str(path)):
        return _cached_load(source, cache, view)
    report = guarded(source, "reading", lambda: _loaded(source))
    return report.case, report


def _cached_load(source: SourceFile, cache, view) -> tuple:
    """The kept model (or `view` of it, kept on its own), or the case read afresh and kept."""
    key = cache.model_key(source.path, source.text, "model" if view is None else view.__name__)
    kept = cache.model(key, _current_text)
    if kept is not None:
        return kept, Report(source, (), case=kept)
    from .cache import text_digest
    from .semantics.imports import recording_reads  # Lark loads here: a kept model is not parsed

    reads = []
    with recording_reads(reads):
        report = guarded(source, "reading", lambda: _loaded(source))
    if report.case is None:  # only a resolved model is kept: a blocked case is read again, and says why
        return None, report
    case = report.case if view is None else view(report.case)
    cache.keep_model(key, case, [(identity, text_digest(text)) for identity, text in reads])
    return case, report


def _loaded(source: SourceFile) -> Report:
    with no_collection():
        case, findings = read_model(source.text, source.path)
    return Report(source, tuple(sorted_findings(findings)), case=case)


def scope_config(case_path, config_path, *, timeout: float = DEFAULT_TIMEOUT, map_path=None, cache=None) -> Report:
    """Is a deployment configuration (.json, .yaml, .yml) inside the case's boundary? A report on the configuration.

    With `map_path`, the map (interop/configmap.py) says where each context variable stands in the file.
    With `cache` (a checker.cache.ResultCache), the case's model is the one kept while it reads the same.
    """
    shown = SourceFile(str(config_path), "")
    return guarded(shown, "judging the scope",
                   lambda: _scope_configs(case_path, [config_path], map_path, cache=cache)[0])


def scope_configs(case_path, specs, *, map_path=None, progress=None, cache=None) -> list:
    """Many configurations against one case, read once: files, directories of them, JSON-lines batches.

    One report per configuration, in order; `progress(done, total, name)` is called after each.
    `cache` as for scope_config.
    """
    return list(judge_configs(case_path, specs, map_path=map_path, progress=progress, cache=cache))


def judge_configs(case_path, specs, *, map_path=None, progress=None, cache=None):
    """As scope_configs, as a checks.batch.Judged: a sequence of the reports, each built when first asked for,
    with the run's exit code and a table's rows worked out without building them all."""
    from .checks.batch import Judged

    shown = SourceFile(str(case_path), "")
    judged = []

    def judge() -> Report:
        judged.append(_scope_configs(case_path, specs, map_path, progress, cache))
        return Report(shown, ())

    blocked = guarded(shown, "judging the scope", judge)
    return judged[0] if blocked.findings == () else Judged.finished([blocked])


def scope_target(case_path, target_path, *, timeout: float = DEFAULT_TIMEOUT) -> Report:
    """Does the case's boundary cover every deployment the target's boundary allows? A report on the target."""
    shown = SourceFile(str(target_path), "")
    return guarded(shown, "judging the scope", lambda: _scope_target(case_path, target_path, timeout))


def diff_configs(case_path, old_path, new_path, *, timeout: float = DEFAULT_TIMEOUT, map_path=None) -> Report:
    """Which triggers does the change from `old_path` to `new_path` fire, and does it leave the boundary unnoticed?

    A report on the new configuration, with the review set; `timeout` is accepted for symmetry (no solver
    query is made). Both files are read through the map at `map_path` when one is given.
    """
    shown = SourceFile(str(new_path), "")
    return guarded(shown, "judging the scope", lambda: _diff_configs(case_path, old_path, new_path, map_path))


def _scope_configs(case_path, specs, map_path, progress=None, cache=None):
    """One report per configuration, as a checks.batch.Judged. The boundary is compiled once and its lines
    written out once, so each configuration of a large batch costs its decoding and one call per boundary line."""
    from .checks.batch import Judged
    from .interop.configs import load_entries

    case, report = load_boundary(case_path, cache)
    if case is None:
        return Judged.finished([report])
    mapping, blocked = _read_map(map_path, case)
    if blocked is not None:
        return Judged.finished([blocked])
    return Judged(case, report.source, load_entries(specs, case, mapping), progress)


def _read_map(map_path, case):
    """(map or None, None) or (None, a report of the map's findings)."""
    if map_path is None:
        return None, None
    from .interop.configmap import read_map

    mapping, findings = read_map(map_path, case)
    if mapping is None:
        source = read_input(map_path)
        shown = source if isinstance(source, SourceFile) else SourceFile(str(map_path), "")
        return None, Report(shown, tuple(sorted_findings(findings)))
    return mapping, None


def diff_cases(old_path, new_path, *, timeout: float = DEFAULT_TIMEOUT) -> Report:
    """Is the new version of a case weaker than the old (claims, boundary, acceptance)? A report on the new file.

    Either path may be `REV:path`. Each weaker part is a finding with the world that separates the versions.
    """
    shown = SourceFile(str(new_path), "")
    return guarded(shown, "comparing versions", lambda: _diff_cases(old_path, new_path, timeout))


def _diff_cases(old_path, new_path, timeout: float) -> Report:
    from .checks import versions
    from .logic.solver import Prover

    old, old_report = load_case(old_path)
    new, new_report = load_case(new_path)
    if old is None or new is None:
        blocked = old_report if old is None else new_report
        return blocked
    old_syntax, _ = read_syntax(old_report.source.text, old_report.source.path)
    findings = versions.version_findings(old, old_syntax, new, Prover(new, timeout), old_report.source)
    return Report(new_report.source, tuple(sorted_findings(findings)))


def _scope_target(case_path, target_path, timeout: float) -> Report:
    from .checks import scope
    from .logic.solver import Prover
    from .syntax.parser import has_header

    case, report = load_case(case_path)
    if case is None:
        return report
    source = read_input(target_path)
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


def _diff_configs(case_path, old_path, new_path, map_path=None) -> Report:
    from .checks import scope
    from .interop.configs import load_config
    from .semantics.graph import argument_graph, support_graph

    case, report = load_case(case_path)
    if case is None:
        return report
    mapping, blocked = _read_map(map_path, case)
    if blocked is not None:
        return blocked
    old, new = load_config(str(old_path), case, mapping), load_config(str(new_path), case, mapping)
    findings = list(old.findings + new.findings)
    if not findings:
        support = support_graph(argument_graph(case))
        findings, review = scope.diff_findings(case, report.source, support, old, new)
        return Report(new.source, tuple(sorted_findings(findings)), review=review)
    return Report(new.source, tuple(sorted_findings(findings)))
