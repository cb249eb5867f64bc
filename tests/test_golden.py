"""Golden cases: every tests/cases/**/*.case states the findings it must produce.

A finding is expected by a trailing comment on the line it points at (its span's
first line):

    claim G1 "Vuln": rate(vuln_discovry) < 0.2  # expect: N101
    case bare "No version, no author"  # expect: G001, G002

The test checks the multiset of (line, code) exactly: a missing finding, an extra
one, or one on another line fails. Cases under tests/cases/ok/ carry no
annotation and must produce no finding at all.
"""
from __future__ import annotations

import collections
import datetime
import functools
import re
from pathlib import Path

import pytest

from checker.api import check_path
from checker.findings.rules import RULES

CASES = Path(__file__).resolve().parent / "cases"
AS_OF = datetime.date(2026, 11, 1)

# `# expect: CODE` or `# expect: CODE, CODE` at the end of a line.
_EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>[A-Z][0-9]{3}(?:\s*,\s*[A-Z][0-9]{3})*)\s*$")
_LOOSE = re.compile(r"#\s*expect\b", re.IGNORECASE)


def case_files() -> list[Path]:
    return sorted(CASES.rglob("*.case"))


def case_id(path: Path) -> str:
    return path.relative_to(CASES).as_posix()


def source_text(path: Path) -> str:
    """The file's text; bytes that are not UTF-8 (the S003 cases) become U+FFFD."""
    return path.read_bytes().decode("utf-8", errors="replace")


def expectations(path: Path) -> collections.Counter:
    """The (line, code) multiset the file's `# expect:` comments announce."""
    expected = collections.Counter()
    for number, line in enumerate(source_text(path).splitlines(), start=1):
        match = _EXPECT.search(line)
        if match is None:
            assert not _LOOSE.search(line), (
                f"{case_id(path)}:{number}: malformed expectation (write `# expect: CODE, CODE` at the end "
                f"of the line): {line.strip()!r}")
            continue
        for code in match.group("codes").split(","):
            expected[(number, code.strip())] += 1
    return expected


def _describe(findings) -> str:
    return "\n".join(
        f"  {f.span.line if f.span else '?'}:{f.span.column if f.span else '?'} {f.code} {f.message}"
        for f in findings) or "  (none)"


@functools.cache
def _check(path: Path):
    """One check per file, shared by the tests below (reports are immutable)."""
    return check_path(path, as_of=AS_OF)


ALL_CASES = case_files()


def test_there_are_golden_cases():
    assert len(ALL_CASES) >= 40
    families = {path.relative_to(CASES).parts[0] for path in ALL_CASES}
    assert {"ok", "syntax", "names", "structure", "logic", "evidence"} <= families


@pytest.mark.parametrize("path", ALL_CASES, ids=case_id)
def test_expected_findings(path: Path):
    expected = expectations(path)
    for _, code in expected:
        assert code in RULES, f"{case_id(path)} expects unknown rule code {code}"
    report = _check(path)
    actual = collections.Counter((f.span.line if f.span else None, f.code) for f in report.findings)
    missing = expected - actual
    extra = actual - expected
    assert not missing and not extra, (
        f"{case_id(path)}: findings differ from the `# expect:` annotations\n"
        f"missing (expected, not reported): {sorted(missing.elements())}\n"
        f"extra (reported, not expected): {sorted(extra.elements(), key=str)}\n"
        f"all findings:\n{_describe(report.findings)}")


def _assert_span_inside(span, lines: list[str], what: str) -> None:
    assert 1 <= span.line <= len(lines), f"{what}: line {span.line} outside 1..{len(lines)}"
    assert 1 <= span.column <= len(lines[span.line - 1]) + 1, (
        f"{what}: column {span.column} outside line {span.line} ({len(lines[span.line - 1])} characters)")
    assert span.line <= span.end_line <= len(lines), f"{what}: end line {span.end_line} out of range"
    assert 1 <= span.end_column <= len(lines[span.end_line - 1]) + 1, (
        f"{what}: end column {span.end_column} outside line {span.end_line}")
    assert (span.line, span.column) <= (span.end_line, span.end_column), f"{what}: span ends before it starts"


@pytest.mark.parametrize("path", ALL_CASES, ids=case_id)
def test_finding_spans_are_inside_the_file(path: Path):
    report = _check(path)
    # Lines as the checker counts them: split on "\n" only, so the position just
    # after a final newline (where a file cut short ends) is still a line.
    lines = source_text(path).split("\n")
    for f in report.findings:
        what = f"{case_id(path)}: {f.code} {f.message}"
        assert f.span is not None, f"{what}: no span"
        assert Path(f.span.path) == path, f"{what}: span names {f.span.path}, not the checked file"
        _assert_span_inside(f.span, lines, what)
        for related in f.related:
            if related.span is not None and Path(related.span.path) == path:
                _assert_span_inside(related.span, lines, f"{what} (related: {related.note})")


@pytest.mark.parametrize("path", [p for p in ALL_CASES if p.relative_to(CASES).parts[0] == "ok"], ids=case_id)
def test_ok_cases_hold_without_any_finding(path: Path):
    assert not expectations(path), f"{case_id(path)}: cases under ok/ must not expect findings"
    report = _check(path)
    assert report.findings == (), _describe(report.findings)
    assert report.verdict == "holds"
    summary = report.summary
    assert summary.claims >= 1 and summary.formal_claims == summary.claims
    assert summary.steps >= 1 and summary.proved_steps == summary.formal_steps == summary.steps
