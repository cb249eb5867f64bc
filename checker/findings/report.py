"""The report of one checked file: its findings, the shape of its argument, its verdict and the run's exit code."""
from __future__ import annotations

import attrs

from ..syntax.source import SourceFile
from .rules import Outcome, Severity


@attrs.frozen
class Summary:
    """How much of the case is formal, and how much of that was proved."""

    claims: int = 0
    formal_claims: int = 0
    steps: int = 0
    formal_steps: int = 0
    proved_steps: int = 0
    judged_steps: int = 0
    # Defeaters that stand against the argument (open, or a formal rebuttal that rules nothing out).
    undermined_by: tuple = ()
    # Accepted defeaters: (name, owner or None, reason), the risk the decision carries.
    residual: tuple = ()

    @property
    def proved_share(self) -> int | None:
        """Proved steps as a whole percentage of all steps, rounded down; None when there are none (a share
        of nothing is no 100%: reporters say "no steps to prove")."""
        return 100 * self.proved_steps // self.steps if self.steps else None
    # Every threshold's worst-case margin (checks.margins.MarginFigure), in the order checked.
    margins: tuple = ()


@attrs.frozen
class Report:
    """Everything one file's check produced. `case` is the resolved model when the file got that far.

    `required` holds the reports of the cases this one `requires`, as (requirement, report)
    pairs in the order checked, so that reporters can draw them as modules.
    `review` is the review set of a configuration diff (findings.review.ReviewSet), None elsewhere.
    `label` names what was judged when it is less than the whole file (`batch.jsonl:3`).
    `waived` holds the findings accountable waivers silenced (findings.waivers.Waived), and
    `baselined` those a baseline file records as known, and `left_out` those the run's
    select/ignore left out (findings.policy.select); none counts towards the verdict.
    """

    source: SourceFile
    findings: tuple
    summary: Summary = Summary()
    case: object = attrs.field(default=None, eq=False)
    required: tuple = attrs.field(default=(), eq=False)
    review: object = attrs.field(default=None, eq=False)
    label: str | None = attrs.field(default=None, eq=False)
    waived: tuple = attrs.field(default=(), eq=False)
    baselined: tuple = attrs.field(default=(), eq=False)
    left_out: tuple = attrs.field(default=(), eq=False)

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def name(self) -> str:
        """The label, or the file's path."""
        return self.label or self.source.path

    @property
    def verdict(self) -> str:
        """holds, fails, needs review, unreadable or unknown (a solver timeout is never a pass)."""
        return verdict_of(self.findings)

    @property
    def waived_errors(self) -> int:
        return sum(1 for w in self.waived if w.finding.severity is Severity.ERROR)

    @property
    def known_errors(self) -> int:
        """Errors a baseline knew and left out of the verdict (CI gates on new findings only)."""
        return sum(1 for f in self.baselined if f.severity is Severity.ERROR)

    @property
    def verdict_text(self) -> str:
        """The verdict as people read it: a case that holds only thanks to waivers or a baseline never reads plain `holds`."""
        if self.verdict != "holds":
            return self.verdict
        parts = []
        if self.waived_errors:
            parts.append(f"{self.waived_errors} waived error{'s' if self.waived_errors != 1 else ''}")
        if self.known_errors:
            parts.append(f"{self.known_errors} error{'s' if self.known_errors != 1 else ''} known from the baseline")
        return f"holds with {' and '.join(parts)}" if parts else "holds"

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


def is_error(f) -> bool:
    """An error of the argument itself: what makes a case fail (unreadable and unknown have their own exits)."""
    return f.severity is Severity.ERROR and f.rule.outcome is Outcome.NORMAL


def verdict_of(findings) -> str:
    if not findings:  # the common case, asked once per configuration of a batch
        return "holds"
    outcomes = {f.rule.outcome for f in findings}
    if Outcome.UNREADABLE in outcomes:
        return "unreadable"
    if any(is_error(f) for f in findings):
        return "fails"
    if Outcome.REVIEW in outcomes:
        return "needs review"
    if Outcome.UNKNOWN in outcomes:
        return "unknown"
    return "holds"


EXIT_CODES = {"holds": 0, "fails": 1, "needs review": 1, "unreadable": 2, "unknown": 3}


def exit_code(reports, fail_on_warning: bool = False) -> int:
    """The run's exit code: the worst verdict among the files (unreadable > fails, needs review > unknown > holds)."""
    verdicts = {report.verdict for report in reports}
    for verdict in ("unreadable", "fails", "needs review", "unknown"):
        if verdict in verdicts:
            return EXIT_CODES[verdict]
    if fail_on_warning and any(report.count(Severity.WARNING) for report in reports):
        return 1
    return 0
