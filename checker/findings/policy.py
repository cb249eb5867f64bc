"""What a project chooses to see: `select`/`ignore` by rule code, and a baseline of findings already known.

A baseline file records the findings of a run keyed by rule, file and node
(the names the finding is about, its template fields), never by line, so an
edit that moves a finding does not make it new. A later run with the baseline
reports only findings beyond it; the rest are kept on the report as
`baselined`. Findings that make the input unreadable or the solver's answer
unknown are never selected away nor baselined: they say the check did not
happen.
"""
from __future__ import annotations

import collections
import json
from pathlib import Path

import attrs

from ..syntax.locations import repository_path
from ..syntax.reading import Unreadable, read_source
from ..syntax.source import Span
from .finding import finding
from .rules import Outcome

BASELINE_VERSION = 1


def always_shown(f) -> bool:
    return f.rule.outcome in (Outcome.UNREADABLE, Outcome.UNKNOWN)


def select(report, chosen=(), ignored=()):
    """The report with only the findings whose code starts with a `chosen` prefix (all when none) and no `ignored` one.

    The others are kept on the report as `left_out`, for a reporter that must not hide them (the public summary).
    """
    if not chosen and not ignored:
        return report

    def shown(f) -> bool:
        if always_shown(f):
            return True
        picked = not chosen or f.code.startswith(tuple(chosen))
        return picked and not f.code.startswith(tuple(ignored))

    kept = tuple(f for f in report.findings if shown(f))
    away = tuple(f for f in report.findings if not shown(f))
    return attrs.evolve(report, findings=kept, left_out=report.left_out + away)


def key(f, report) -> tuple:
    """(rule, file from the repository root, node): what a baseline remembers of a finding."""
    path = f.span.path if f.span is not None else report.path
    node = "; ".join(f"{name}={value}" for name, value in f.fields)
    return f.code, repository_path(path) or path, node


def write_baseline(reports, path) -> None:
    counts = collections.Counter(key(f, report) for report in reports for f in report.findings
                                 if not always_shown(f))
    entries = [{"rule": rule, "file": file, "node": node, "count": count}
               for (rule, file, node), count in sorted(counts.items())]
    document = {"format_version": BASELINE_VERSION, "findings": entries}
    Path(path).write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def read_baseline(path) -> tuple[collections.Counter | None, list]:
    """(the known findings, counted by key) or (None, [A104])."""
    shown = str(path)
    source = read_source(shown)  # a regular file within the size limit, like every input
    if isinstance(source, Unreadable):
        return None, [finding("A104", source.span, path=shown, reason=source.reason)]
    try:
        document = json.loads(source.text)
    except json.JSONDecodeError as error:  # located where the decoder stopped, as every input is
        return None, [finding("A104", Span.point(shown, error.lineno, error.colno), path=shown,
                              reason=f"not valid JSON: {error.msg}")]
    except (ValueError, RecursionError) as error:
        return None, [finding("A104", Span.point(shown, 1, 1), path=shown, reason=str(error) or type(error).__name__)]
    counts, reason = _counts(document)
    if counts is None:
        return None, [finding("A104", Span.point(shown, 1, 1), path=shown, reason=reason)]
    return counts, []


def _counts(document) -> tuple[collections.Counter | None, str]:
    """The known findings of a decoded baseline, or (None, what is wrong with its shape)."""
    expected = f"expected an object with `format_version` {BASELINE_VERSION} and a list `findings`"
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        return None, f"not a baseline: {expected}"
    if document.get("format_version") != BASELINE_VERSION:
        return None, f"not a baseline of format_version {BASELINE_VERSION}"
    counts = collections.Counter()
    for number, entry in enumerate(document["findings"], start=1):
        if not isinstance(entry, dict):
            return None, f"entry {number} of `findings` is not an object with `rule`, `file`, `node` and `count`"
        missing = next((name for name in ("rule", "file", "node") if name not in entry), None)
        if missing is not None:
            return None, f"entry {number} of `findings` has no `{missing}`"
        count = entry.get("count", 1)
        if isinstance(count, float) and count.is_integer() and count < 2**53:  # `2e0` and `2.0` are the number 2
            count = int(count)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            return None, f"entry {number} of `findings` has a `count` that is not a whole number of 1 or more"
        counts[(str(entry["rule"]), str(entry["file"]), str(entry["node"]))] += count
    return counts, ""


def apply_baseline(report, known: collections.Counter):
    """The report with the findings the baseline knows moved to `baselined` (each entry counts as many times as it says)."""
    kept, known_here = [], []
    for f in report.findings:
        k = key(f, report)
        if not always_shown(f) and known[k] > 0:
            known[k] -= 1
            known_here.append(f)
        else:
            kept.append(f)
    return attrs.evolve(report, findings=tuple(kept), baselined=tuple(known_here))
