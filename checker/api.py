"""The pipeline, one readable function per entry point: text -> tree -> nodes -> model -> graph -> proofs -> findings.

    >>> from checker.api import check_text
    >>> report = check_text(open("examples/cyber_inability.case").read(), "cyber_inability.case")
    >>> report.verdict, [f.code for f in report.findings]
"""
from __future__ import annotations

import datetime
from pathlib import Path

import attrs

from .syntax.build import build
from .checks.context import CheckContext
from .checks.evidence import check_evidence
from .checks.proofs import (check_assumptions, check_boundary, check_claims, check_strategies,
                           check_whole_argument)
from .checks.acceptance import check_acceptance
from .checks.change import check_change_control
from .checks.countercase import check_countercases
from .checks.settings import check_settings
from .checks.structure import check_structure
from .checks import scope
from .interop.configs import load_config
from .findings.finding import Finding, finding, sorted_findings
from .semantics.graph import argument_graph, support_graph
from .syntax.parser import MAX_TREE_DEPTH, parse
from .semantics.resolve import resolve
from .findings.rules import Outcome, Severity
from .logic.solver import Prover
from .syntax.source import SourceFile, Span

DEFAULT_TIMEOUT = 10.0


@attrs.frozen
class Summary:
    """How much of the case is formal, and how much of that was proved."""

    claims: int = 0
    formal_claims: int = 0
    steps: int = 0
    formal_steps: int = 0
    proved_steps: int = 0


@attrs.frozen
class Report:
    """Everything one file's check produced."""

    source: SourceFile
    findings: tuple
    summary: Summary = Summary()

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def verdict(self) -> str:
        """holds, fails, unreadable or unknown (a solver timeout is never a pass)."""
        return verdict_of(self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


def verdict_of(findings) -> str:
    outcomes = {f.rule.outcome for f in findings}
    if Outcome.UNREADABLE in outcomes:
        return "unreadable"
    if any(f.severity is Severity.ERROR and f.rule.outcome is Outcome.NORMAL for f in findings):
        return "fails"
    if Outcome.UNKNOWN in outcomes:
        return "unknown"
    return "holds"


_EXIT = {"holds": 0, "fails": 1, "unreadable": 2, "unknown": 3}


def exit_code(reports, fail_on_warning: bool = False) -> int:
    """The run's exit code: the worst verdict among the files (unreadable > fails > unknown > holds)."""
    verdicts = {report.verdict for report in reports}
    for verdict in ("unreadable", "fails", "unknown"):
        if verdict in verdicts:
            return _EXIT[verdict]
    if fail_on_warning and any(report.count(Severity.WARNING) for report in reports):
        return 1
    return 0


def check_path(path, *, as_of: datetime.date | None = None, timeout: float = DEFAULT_TIMEOUT,
               _chain: tuple = ()) -> Report:
    """Check one case file on disk (and, in turn, the cases it `requires`)."""
    shown = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        return _unreadable(shown, "", error.strerror or str(error))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        reason = f"byte 0x{data[error.start]:02x} at offset {error.start} is not UTF-8"
        return _unreadable(shown, "", reason, Span.point(shown, line, column))
    return check_text(text, shown, as_of=as_of, timeout=timeout, _chain=_chain)


def _unreadable(path: str, text: str, reason: str, span: Span | None = None) -> Report:
    span = span or Span.point(path, 1, 1)
    return Report(SourceFile(path, text), (finding("S003", span, path=path, reason=reason),))


def check_text(text: str, path: str = "<string>", *, as_of: datetime.date | None = None,
               timeout: float = DEFAULT_TIMEOUT, _chain: tuple = ()) -> Report:
    """Check the text of one case file; never raises on bad input.

    `requires` paths are read relative to the directory of `path`.
    """
    text = text.removeprefix("\ufeff")  # a byte-order mark is not part of the case
    source = SourceFile(path, text)
    settings = _Settings(as_of or datetime.date.today(), timeout, _chain + (_identity(path),))
    try:
        findings, summary = _pipeline(text, path, settings)
    except RecursionError:
        findings, summary = [finding("S002", Span.point(path, 1, 1), limit=MAX_TREE_DEPTH)], Summary()
    except Exception as error:  # a bug in Warrant, reported as one rather than as a traceback
        findings = [finding("X002", Span.point(path, 1, 1), stage="checking", error=f"{type(error).__name__}: {error}")]
        summary = Summary()
    return Report(source, tuple(sorted_findings(findings)), summary)


@attrs.frozen
class _Settings:
    as_of: datetime.date
    timeout: float
    chain: tuple  # identities of the files being checked, outermost first


def _identity(path: str) -> str:
    return str(Path(path).resolve()) if path != "<string>" else path


def read_model(text: str, path: str):
    """The front of the pipeline, text -> resolved model: (model, []) or (None, the findings that block it)."""
    tree, findings = parse(text, path)
    if tree is None:
        return None, findings
    syntax, built_findings = build(tree, path)
    resolved, resolve_findings = resolve(syntax)
    findings = built_findings + resolve_findings
    return (resolved, []) if resolved is not None and not findings else (None, findings)


def _pipeline(text: str, path: str, settings: _Settings):
    resolved, findings = read_model(text, path)
    if resolved is None:
        return findings, Summary()
    graph = argument_graph(resolved)
    cx = CheckContext(resolved, graph, support_graph(graph), Prover(resolved, settings.timeout), settings.as_of)
    findings = run_checks(cx) + _requirements(resolved, path, settings)
    return findings, _summary(cx)


def run_checks(cx: CheckContext) -> list[Finding]:
    """Every check family, in order; an empty boundary stops the proofs it would make vacuous."""
    findings = check_structure(cx)
    boundary = check_boundary(cx)
    findings += boundary
    if not any(f.code == "L209" for f in boundary):
        findings += check_assumptions(cx)
        findings += check_claims(cx)
        findings += check_strategies(cx)
        findings += check_evidence(cx)
        findings += check_whole_argument(cx)
        findings += check_settings(cx)
        findings += check_countercases(cx)
        findings += check_acceptance(cx)
        findings += check_change_control(cx)
    findings += _decision(cx, findings)
    return findings


def _requirements(case, path: str, settings: _Settings) -> list[Finding]:
    """Check every case this one `requires`, relative to its directory, and report those that do not hold."""
    findings = []
    for requirement in case.requires:
        target = Path(path).parent / requirement.path
        if _identity(str(target)) in settings.chain:
            cycle = " -> ".join(f'"{Path(p).name}"' for p in settings.chain + (_identity(str(target)),))
            findings.append(finding("G006", requirement.span, details=(cycle,)))
            continue
        report = check_path(target, as_of=settings.as_of, timeout=settings.timeout, _chain=settings.chain)
        findings.extend(_requirement_findings(requirement, report))
    return findings


def _requirement_findings(requirement, report: Report) -> list[Finding]:
    """G004 when the required case cannot be read, G006 when it leads back here, G005 for its other errors."""
    verdict = report.verdict
    if verdict == "holds":
        return []
    if verdict == "unreadable":
        first = next(f for f in report.findings if f.rule.outcome is Outcome.UNREADABLE)
        where = f"{first.span.label()}: " if first.span else ""
        return [finding("G004", requirement.span, path=requirement.path, reason=f"{where}{first.code} {first.message}")]
    cycles = [f for f in report.findings if f.code == "G006"]
    findings = [finding("G006", requirement.span, details=f.details) for f in cycles[:1]]
    shown = [f for f in report.findings if f.severity is Severity.ERROR and f.code not in ("G006", "L210")]
    if cycles and not shown:
        return findings
    if verdict == "unknown" and not cycles:
        return [finding("X001", requirement.span, what=f'whether required case "{requirement.path}" holds',
                        reason="its solver answered unknown")]
    details = tuple(f"{f.span.label() if f.span else report.path}: {f.code} {f.message}" for f in shown[:10])
    if len(shown) > 10:
        details += (f"... and {len(shown) - 10} more",)
    return findings + [finding("G005", requirement.span, path=requirement.path, verdict=verdict, details=details)]


def _decision(cx: CheckContext, findings) -> list[Finding]:
    decision = cx.case.decision
    errors = [f for f in findings if f.severity is Severity.ERROR and f.rule.outcome is Outcome.NORMAL]
    if decision is None or not errors:
        return []
    return [finding("L210", decision.span, decision=decision.kind, count=len(errors))]


def _summary(cx: CheckContext) -> Summary:
    claims = cx.case.claims.values()
    return Summary(
        claims=len(claims),
        formal_claims=sum(1 for c in claims if c.formal),
        steps=cx.stats.get("steps", 0),
        formal_steps=cx.stats.get("formal_steps", 0),
        proved_steps=cx.stats.get("proved_steps", 0),
    )


# ---- scope and diff: a case's boundary and triggers against configurations and targets ----------
# These judge only the boundary and the triggers: the argument itself is `check`'s business.


def scope_config(case_path, config_path, *, timeout: float = DEFAULT_TIMEOUT) -> Report:
    """Is a deployment configuration (.json, .yaml, .yml) inside the case's boundary? A report on the configuration."""
    return _guarded(str(config_path), lambda: _scope_config(str(case_path), str(config_path)))


def scope_target(case_path, target_path, *, timeout: float = DEFAULT_TIMEOUT) -> Report:
    """Does the case's boundary cover every deployment the target's boundary allows? A report on the target."""
    return _guarded(str(target_path), lambda: _scope_target(str(case_path), str(target_path), timeout))


def diff_configs(case_path, old_path, new_path, *, timeout: float = DEFAULT_TIMEOUT) -> Report:
    """Which triggers does the change from `old_path` to `new_path` fire, and does it leave the boundary unnoticed?

    A report on the new configuration; `timeout` is accepted for symmetry (no solver query is made).
    """
    return _guarded(str(new_path), lambda: _diff_configs(str(case_path), str(old_path), str(new_path)))


def load_case(path) -> tuple:
    """Read, parse and resolve a case without checking its argument: (model or None, report of what blocked it)."""
    shown = str(path)
    try:
        text = Path(shown).read_bytes().decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None, check_path(shown)  # check_path words the reason and locates a bad byte
    source = SourceFile(shown, text)
    try:
        resolved, findings = read_model(text, shown)
        if resolved is not None:
            return resolved, Report(source, ())
    except RecursionError:
        findings = [finding("S002", Span.point(shown, 1, 1), limit=MAX_TREE_DEPTH)]
    return None, Report(source, tuple(sorted_findings(findings)))


def _guarded(path: str, judge) -> Report:
    """Run a judgement; a bug inside Warrant is the finding X002, never a traceback."""
    try:
        return judge()
    except Exception as error:
        span = Span.point(path, 1, 1)
        found = finding("X002", span, stage="judging the scope", error=f"{type(error).__name__}: {error}")
        return Report(SourceFile(path, ""), (found,))


def _scope_config(case_path: str, config_path: str) -> Report:
    case, report = load_case(case_path)
    if case is None:
        return report
    config = load_config(config_path, case)
    findings = list(config.findings)
    if not findings:  # an unreadable configuration has nothing to judge
        findings = scope.config_findings(case, report.source, config)
    return Report(config.source, tuple(sorted_findings(findings)))


def _scope_target(case_path: str, target_path: str, timeout: float) -> Report:
    case, report = load_case(case_path)
    if case is None:
        return report
    try:
        text = Path(target_path).read_bytes().decode("utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return check_path(target_path)  # the same S003 wording as for any case file
    source = SourceFile(target_path, text)
    syntax, findings, shift = scope.parse_target(text, target_path)
    if syntax is not None and not findings:
        formulas, span, findings = scope.target_boundary(case, syntax, target_path, shift)
        if not findings:
            prover = Prover(case, timeout)
            findings = scope.target_findings(case, report.source, target_path, formulas, span, prover)
    return Report(source, tuple(sorted_findings(findings)))


def _diff_configs(case_path: str, old_path: str, new_path: str) -> Report:
    case, report = load_case(case_path)
    if case is None:
        return report
    old, new = load_config(old_path, case), load_config(new_path, case)
    findings = list(old.findings + new.findings)
    if not findings:
        support = support_graph(argument_graph(case))
        findings = scope.diff_findings(case, report.source, support, old, new)
    return Report(new.source, tuple(sorted_findings(findings)))
