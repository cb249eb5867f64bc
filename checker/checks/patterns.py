"""Pattern instances (P005): each instance meets its pattern's `where` conditions everywhere inside the boundary."""
from __future__ import annotations

from ..findings.finding import finding
from ..logic.solver import Refuted, Unknown
from ..semantics import model as m
from ..semantics.formula_text import formula_text
from .context import CheckContext, counterexample, unknown_finding


def check_side_conditions(cx: CheckContext) -> list:
    findings = []
    for condition in cx.case.conditions:
        answer = cx.ask("P005", condition.prefix).entails(cx.boundary, condition.formula)
        shown = formula_text(condition.formula)
        if isinstance(answer, Unknown):
            what = f"whether instance `{condition.prefix}` meets `{shown}`"
            findings.append(unknown_finding(condition.span, what, answer))
        elif isinstance(answer, Refuted):
            reads_world = m.variable_names([condition.formula], (m.CtxVar, m.MeasureApp))
            given = f" ({condition.arguments})" if condition.arguments else ""
            details = counterexample(f"a deployment inside the boundary where it fails{given}:", answer.world) \
                if reads_world else (f"it is false for the arguments given{given}",)
            findings.append(finding("P005", condition.span, pattern=condition.pattern, prefix=condition.prefix,
                                    condition=shown, details=details, world=answer.world))
    return findings
