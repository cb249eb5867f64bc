"""What every fuzzer of Warrant shares: the seed corpus, token-level mutation, and the invariants.

Used by the atheris target (fuzz/fuzz_check.py, run by hand or by CI for a short budget)
and by the hypothesis tests (tests/test_fuzz.py), so both hunt with the same mutations
and judge by the same rules. A mutation is driven by a `Chooser`: hypothesis draws the
choices in the tests, atheris's FuzzedDataProvider in the target, so each fuzzer's own
search steers it.

The invariants (`check_invariants`), for any text at all:

- the check returns a report (never raises), its verdict is one of the four and the
  exit code it gives is 0, 1, 2 or 3;
- no finding is X002 (an internal error is a bug, whatever the input);
- every finding in the checked file points at a line and column inside it;
- the run takes less than `TIME_LIMIT` seconds (memory is bounded by the caller: RLIMIT_AS
  in the tests, libFuzzer's -rss_limit_mb in the target);
- every output format renders the report without raising;
- when the text parses, `warrant fmt` formats it, and the formatted text gets the same
  findings (rule code and message; only lines and columns may move) and the same verdict.
"""
from __future__ import annotations

import collections
import datetime
import re
import time
from pathlib import Path
from typing import Protocol

REPO = Path(__file__).resolve().parent.parent
AS_OF = datetime.date(2026, 11, 1)
VERDICTS = {"holds", "fails", "unreadable", "unknown", "needs review"}
TIME_LIMIT = 60.0  # seconds for one check, formatting and rendering, on a loaded machine


def corpus() -> list[str]:
    """Every case file shipped with the repository: examples, golden cases, fixtures, the standard library."""
    paths = sorted([*REPO.glob("examples/**/*.case"), *REPO.glob("tests/**/*.case"),
                    *REPO.glob("stdlib_patterns/*.case")])
    return [path.read_bytes().decode("utf-8", errors="replace") for path in paths]


# ---- mutation ----------------------------------------------------------------------------------------


class Chooser(Protocol):
    def integer(self, low: int, high: int) -> int:
        """A whole number from low to high, both included."""


def pick(choose: Chooser, options):
    return options[choose.integer(0, len(options) - 1)]


# Strings, comments, numbers and dates, names, operators, single characters, white space.
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|#[^\n]*|\d[\d.-]*|[A-Za-z_][A-Za-z0-9_.]*\(?|==|!=|<=|>=|\s+|.', re.S)

KEYWORDS = ("case", "version", "author", "enum", "context", "measure", "boundary", "assume", "claim", "strategy",
            "evidence", "defeater", "accept", "trigger", "decision", "requires", "import", "pattern", "use", "by",
            "from", "given", "shows", "kind", "status", "open", "accepted", "rebutted", "within", "informal",
            "forall", "exists", "count", "sum", "and", "or", "not", "implies", "iff", "in", "true", "false",
            "old", "changed", "reopens", "all", "when", "where", "as", "formula", "set", "int", "real", "bool")
EXTREMES = ("0", "1", "0.0000000001", "99999999999999999999999999", "1" + "0" * 990, "2026-02-30", "9999-12-31",
            "-1", "0.5", "1000000")
SNIPPETS = ("(", ")", "{", "}", "[", "]", '"', "#", "\n", ":", ",", ".", "not ", " and ", " or ", "==",
            "forall t: Threat. ", "count t: Threat. ", 'requires "other.case"\n', 'import "lib.case"\n',
            'import stdlib.threshold_gate\n', "\x1b[31m", "\u202e", "\x00", "\t", "\r", "\ufeff", "é", "𝔵")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def mutate(text: str, choose: Chooser, rounds: int | None = None) -> str:
    """One to four token-level edits of a case: each keeps most of its structure, so the checker goes deep."""
    parts = tokens(text) or [""]
    for _ in range(rounds if rounds is not None else choose.integer(1, 4)):
        parts = _edit(parts, choose) or [""]
    return "".join(parts)


def _edit(parts: list[str], choose: Chooser) -> list[str]:
    at = choose.integer(0, len(parts) - 1)
    kind = choose.integer(0, 9)
    if kind == 0:  # delete a token
        return parts[:at] + parts[at + 1:]
    if kind == 1:  # repeat it
        return parts[:at + 1] + parts[at:]
    if kind == 2 and at + 1 < len(parts):  # swap it with the next
        return parts[:at] + [parts[at + 1], parts[at]] + parts[at + 2:]
    if kind == 3:  # put another token of the file in its place
        return parts[:at] + [pick(choose, parts)] + parts[at + 1:]
    if kind == 4:  # a keyword in its place
        return parts[:at] + [pick(choose, KEYWORDS)] + parts[at + 1:]
    if kind == 5:  # an extreme number or date in its place
        return parts[:at] + [pick(choose, EXTREMES)] + parts[at + 1:]
    if kind == 6:  # insert a snippet before it
        return parts[:at] + [pick(choose, SNIPPETS)] + parts[at:]
    if kind == 7:  # cut the file here
        return parts[:at]
    if kind == 8:  # repeat a stretch of tokens (a line's worth, often an item)
        end = min(len(parts), at + choose.integer(1, 40))
        return parts[:end] + parts[at:end] + parts[end:]
    return parts[:at] + [chr(choose.integer(0, 0x2FFFF))] + parts[at + 1:]  # any character at all


# ---- the invariants -------------------------------------------------------------------------------------


class Broken(AssertionError):
    """An invariant does not hold: the fuzzers report the input that breaks it."""


def check_invariants(text: str, path: str, timeout: float = 2.0):
    """Check `text` as the case file at `path` and assert every invariant; returns the report."""
    from checker.api import check_text
    from checker.findings.report import exit_code

    started = time.monotonic()
    report = check_text(text, path, as_of=AS_OF, timeout=timeout)
    _expect(report.verdict in VERDICTS, f"verdict {report.verdict!r}")
    _expect(exit_code([report]) in (0, 1, 2, 3), f"exit code {exit_code([report])}")
    internal = [f.message for f in report.findings if f.code == "X002"]
    _expect(not internal, f"internal error: {internal}")
    _expect_located(report, text, path)
    _expect_renders(report)
    _expect_fmt_keeps_findings(text, path, report, timeout)
    elapsed = time.monotonic() - started
    _expect(elapsed < TIME_LIMIT, f"took {elapsed:.1f} s")
    return report


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise Broken(what)


def _expect_located(report, text: str, path: str) -> None:
    lines = text.split("\n")
    for f in report.findings:
        _expect(f.span is not None, f"{f.code} has no place")
        if f.span.path != path:
            continue  # in a file the case imports or requires
        _expect(1 <= f.span.line <= len(lines) + 1 and f.span.column >= 1, f"{f.code} at {f.span}")


def _expect_renders(report) -> None:
    from checker import reporters

    for name in reporters.formats_for("check"):
        rendered = reporters.render(name, [report], 0, reporters.RenderOptions())
        _expect(isinstance(rendered, str), f"{name} rendered {type(rendered)}")
        if name == "text":
            _expect("\x1b" not in rendered and "\u202e" not in rendered, "raw escape in text output")


def findings_signature(report) -> collections.Counter:
    """What `fmt` must keep: each finding's code and message (its line and column may move)."""
    return collections.Counter((f.code, f.message) for f in report.findings)


def _expect_fmt_keeps_findings(text: str, path: str, report, timeout: float) -> None:
    from checker.api import check_text
    from checker.syntax.formatter import format_text

    if report.verdict == "unreadable" and any(f.code.startswith("S") for f in report.findings):
        return  # no parse, nothing to format: `fmt` reports the same syntax error and leaves the file
    formatted = format_text(text, path)
    if formatted.text is None or formatted.text == text:
        return
    again = check_text(formatted.text, path, as_of=AS_OF, timeout=timeout)
    if "X001" in {f.code for f in report.findings} | {f.code for f in again.findings}:
        return  # the solver ran out of time on one side: an undecided answer may differ from run to run
    _expect(findings_signature(again) == findings_signature(report) and again.verdict == report.verdict,
            f"fmt changed the findings: {sorted(findings_signature(report))} -> "
            f"{sorted(findings_signature(again))}")
