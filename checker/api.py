"""The pipeline, one readable function per entry point: text -> tree -> nodes -> model -> graph -> proofs -> findings.

    >>> from checker.api import check_text
    >>> report = check_text(open("examples/cyber_inability.case").read(), "cyber_inability.case")
    >>> report.verdict, [f.code for f in report.findings]
"""
from __future__ import annotations

import datetime
from pathlib import Path

import attrs

from .build import build
from .checks.context import CheckContext
from .checks.evidence import check_evidence
from .checks.logic import check_assumptions, check_boundary, check_claims, check_strategies
from .checks.structure import check_structure
from .findings import Finding, finding, sorted_findings
from .graph import argument_graph, support_graph
from .parser import parse
from .resolve import resolve
from .rules import Outcome, Severity
from .solver import Prover
from .source import SourceFile, Span

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


def check_path(path, *, as_of: datetime.date | None = None, timeout: float = DEFAULT_TIMEOUT) -> Report:
    """Check one case file on disk."""
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
    return check_text(text, shown, as_of=as_of, timeout=timeout)


def _unreadable(path: str, text: str, reason: str, span: Span | None = None) -> Report:
    span = span or Span.point(path, 1, 1)
    return Report(SourceFile(path, text), (finding("S003", span, path=path, reason=reason),))


def check_text(text: str, path: str = "<string>", *, as_of: datetime.date | None = None,
               timeout: float = DEFAULT_TIMEOUT) -> Report:
    """Check the text of one case file; never raises on bad input."""
    source = SourceFile(path, text)
    try:
        findings, summary = _pipeline(text, path, as_of or datetime.date.today(), timeout)
    except RecursionError:
        findings, summary = [finding("S002", Span.point(path, 1, 1), limit="the supported")], Summary()
    except Exception as error:  # a bug in Warrant, reported as one rather than as a traceback
        findings = [finding("X002", Span.point(path, 1, 1), stage="checking", error=f"{type(error).__name__}: {error}")]
        summary = Summary()
    return Report(source, tuple(sorted_findings(findings)), summary)


def _pipeline(text: str, path: str, as_of: datetime.date, timeout: float):
    tree, findings = parse(text, path)
    if tree is None:
        return findings, Summary()
    syntax, built_findings = build(tree, path)
    resolved, resolve_findings = resolve(syntax)
    findings = built_findings + resolve_findings
    if resolved is None or findings:
        return findings, Summary()
    graph = argument_graph(resolved)
    cx = CheckContext(resolved, graph, support_graph(graph), Prover(resolved, timeout), as_of)
    findings = run_checks(cx)
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
    findings += _decision(cx, findings)
    return findings


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
