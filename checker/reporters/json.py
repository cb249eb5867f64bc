"""Machine-readable findings. The shape is documented in docs/cli.md and versioned by `format_version`."""
from __future__ import annotations

import json

from .data import finding_data

FORMAT = "json"
DESCRIPTION = "for programs: every finding with its data (template fields, counterexample, conflicting set)"
COMMANDS = ("check", "scope", "diff")
FORMAT_VERSION = 1


def render(reports, exit_code: int) -> str:
    document = {
        "format_version": FORMAT_VERSION,
        "exit_code": exit_code,
        "files": [_file(report) for report in reports],
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def _file(report) -> dict:
    s = report.summary
    return {
        "path": report.path,
        "verdict": _verdict(report),
        "summary": {
            "claims": s.claims,
            "formal_claims": s.formal_claims,
            "steps": s.steps,
            "formal_steps": s.formal_steps,
            "proved_steps": s.proved_steps,
            "judged_steps": s.judged_steps,
            "proved_share": s.proved_share,
        },
        "undermined_by": list(s.undermined_by),
        "residual_risk": [{"defeater": name, "owner": owner, "reason": reason} for name, owner, reason in s.residual],
        "margins": [figure.as_dict() for figure in s.margins],
        "findings": [finding_dict(f) for f in report.findings],
        **({"review": report.review.as_dict()} if report.review is not None else {}),
        **_waivers(report),
        **({"configuration": report.label} if report.label else {}),
    }


def _verdict(report) -> str:
    """holds, unless waivers (first) or a baseline are what let it hold: never a plain `holds` then."""
    if report.verdict == "holds" and report.waived_errors:
        return "holds with waived errors"
    if report.verdict == "holds" and report.known_errors:
        return "holds with known errors"
    return report.verdict


def _waivers(report) -> dict:
    """`waived` (each finding with the waiver that answers for it) and `baselined`, when there are any."""
    data = {}
    if report.waived:
        data["waived"] = [{**finding_dict(w.finding), "waiver": w.waiver.as_dict()} for w in report.waived]
        data["waived_errors"] = report.waived_errors
    if report.baselined:
        data["baselined"] = [finding_dict(f) for f in report.baselined]
        if report.known_errors:
            data["known_errors"] = report.known_errors
    return data


def _span(span) -> dict | None:
    if span is None:
        return None
    return {"path": span.path, "line": span.line, "column": span.column,
            "end_line": span.end_line, "end_column": span.end_column}


def finding_dict(f) -> dict:
    return {
        "code": f.code,
        "rule": f.rule.name,
        "severity": f.severity.value,
        "message": f.message,
        "span": _span(f.span),
        "details": list(f.details),
        "related": [{"span": _span(r.span), "note": r.note} for r in f.related],
        "help": f.help,
        **finding_data(f),
    }
