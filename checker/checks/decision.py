"""The decision (L210): a decision to act on a case that has errors is itself an error."""
from __future__ import annotations

from ..findings.finding import finding
from .context import CheckContext
from .known import FamilyResult, Known


def check_decision(cx: CheckContext, known: Known) -> FamilyResult:
    """L210 when the case records a decision and the families before this one found errors."""
    decision = cx.case.decision
    if decision is None or not known.errors:
        return FamilyResult((), known)
    return FamilyResult((finding("L210", decision.span, decision=decision.kind, count=known.errors),), known)
