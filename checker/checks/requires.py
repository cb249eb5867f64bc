"""Required cases (G004-G006): each case this one `requires` is checked in turn, must hold, and must cover this one (L225)."""
from __future__ import annotations

from pathlib import Path

from ..findings.finding import finding
from ..findings.report import Report, is_error
from ..findings.rules import Outcome
from ..logic.solver import Proved, Unknown
from ..semantics import model as m
from ..syntax.parser import has_header
from ..syntax.reading import confined
from ..syntax.source import file_identity
from .containment import check_containment
from .context import CheckContext, unknown_finding
from .settings import evidence_fact

_SHOWN = 10  # errors of a required case quoted in G005; the rest are counted
# How deep a chain of `requires` is followed (S006). Each level checks a whole case inside the
# check of the one above it, some ten Python frames a level: 32 levels leave the interpreter's
# recursion limit to the formulas of the deepest case.
MAX_REQUIRES_DEPTH = 32


def check_requirements(cx: CheckContext) -> list:
    """Check every required case, relative to this case's directory; report those that do not hold."""
    findings = []
    for requirement in cx.case.requires:
        active = _active(cx, requirement)
        if isinstance(active, Unknown):
            what = f'whether the case rules out the condition of requiring "{requirement.path}"'
            findings.append(unknown_finding(requirement.span, what, active))
            continue
        if not active:
            continue  # the case rules the condition out: this branch of the argument is not taken
        folder = Path(cx.path).parent
        target, refused = confined(folder, requirement.path, folder)
        if refused is not None:
            findings.append(finding("G004", requirement.span, path=requirement.path, reason=refused))
            continue
        target = str(target)
        if file_identity(target) in cx.chain:
            cycle = " -> ".join(f'"{Path(p).name}"' for p in cx.chain + (file_identity(target),))
            findings.append(finding("G006", requirement.span, details=(cycle,)))
            continue
        if len(cx.chain) >= MAX_REQUIRES_DEPTH:
            findings.append(finding("S006", requirement.span, limit=MAX_REQUIRES_DEPTH))
            continue
        report = cx.check_required(target)
        findings.extend(_requirement_findings(requirement, report))
        if report.case is not None:
            # Where a condition binds, it binds in the deployments the argument leaves it possible in.
            facts = _argument_facts(cx) if requirement.condition is not None else None
            findings.extend(check_containment(cx, requirement, report.case, facts))
    return findings


def _active(cx: CheckContext, requirement) -> bool | Unknown:
    """A `when` requirement binds unless the boundary and what the argument puts forward rule its condition out.

    Only the argument's own parts count: the assumptions its strategies are given and the evidence
    its claims cite. An assumption no strategy uses takes part in no proof (G104), so it cannot
    switch a requirement off either.
    """
    if requirement.condition is None:
        return True
    answer = cx.ask("G005", requirement.path).entails(_argument_facts(cx), m.Not(requirement.condition))
    return answer if isinstance(answer, Unknown) else not isinstance(answer, Proved)


def _argument_facts(cx: CheckContext) -> list:
    """The boundary, the assumptions the argument's strategies are given and what the evidence its claims cite
    shows, where that evidence speaks (settings.evidence_fact): what can rule a requirement's condition out."""
    argument = cx.argument_nodes()
    used = [strategy for strategy in cx.case.strategies.values() if strategy.name in argument]
    given = dict.fromkeys(ref.text for strategy in used for ref in strategy.given)
    cited = {}  # evidence name -> the `within` of each claim of the argument citing it
    for claim in cx.case.claims.values():
        if claim.name in argument:
            for ref in claim.evidence:
                cited.setdefault(ref.text, []).append(claim.within)
    facts = cx.boundary + [cx.case.assumptions[name].formula for name in given
                           if cx.case.assumptions[name].formula is not None]
    shown = (evidence_fact(cx, cx.case.evidence[name], scopes) for name, scopes in cited.items())
    return facts + [fact for fact in shown if fact is not None]


def _requirement_findings(requirement, report: Report) -> list:
    """G004 when the required case cannot be read, G006 when it leads back here, G005 for its other errors."""
    verdict = report.verdict
    if verdict == "holds":
        return []
    if verdict == "unreadable":
        return [_unreadable(requirement, report)]
    cycles = [f for f in report.findings if f.code == "G006"]
    findings = [finding("G006", requirement.span, details=f.details) for f in cycles[:1]]
    shown = [f for f in report.findings if is_error(f) and f.code not in ("G006", "L210")]
    if cycles and not shown:
        return findings
    if verdict == "unknown" and not cycles:
        what = f'whether required case "{requirement.path}" holds'
        return [unknown_finding(requirement.span, what, Unknown("its solver answered unknown"))]
    details = tuple(f"{f.span.label() if f.span else report.path}: {f.code} {f.message}" for f in shown[:_SHOWN])
    if len(shown) > _SHOWN:
        details += (f"... and {len(shown) - _SHOWN} more",)
    return findings + [finding("G005", requirement.span, path=requirement.path, verdict=verdict, details=details)]


def _unreadable(requirement, report: Report):
    first = next(f for f in report.findings if f.rule.outcome is Outcome.UNREADABLE)
    if first.code == "S001" and not has_header(report.source.text):
        # Not a case at all: say so without quoting it (the file may hold anything, a password file say).
        return finding("G004", requirement.span, path=requirement.path,
                       reason='it is not a case file: it does not open with `case NAME "title"`')
    where = f"{first.span.label()}: " if first.span else ""
    return finding("G004", requirement.span, path=requirement.path, reason=f"{where}{first.code} {first.message}")
