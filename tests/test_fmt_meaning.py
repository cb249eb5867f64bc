"""`warrant fmt` keeps what a case means to the checker, not only its syntax tree.

tests/test_fmt.py proves that formatting keeps the tokens, the comments and the syntax
tree, and that it is idempotent. A case also means what its comments say to the checker:
a waiver (`# warrant: ignore[...]`) reaches findings by the lines it stands on, which the
layout moves. So here the checker judges each case before and after formatting, and must
give the same verdict, the same findings (by rule, severity and the names they are about;
lines may move) and the same waived findings.
"""
from __future__ import annotations

import collections
import datetime
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.api import check_text
from checker.interop.settings import Settings
from checker.syntax.formatter import format_text

try:
    from tests import strategies as gen
    from tests.sampling import every
except ImportError:  # tests/ on sys.path rather than the project root
    import strategies as gen
    from sampling import every

REPO = Path(__file__).resolve().parent.parent
AS_OF = datetime.date(2026, 11, 1)


def meaning(text: str, path: str, settings_: Settings | None = None) -> tuple:
    """What the checker makes of a text: its verdict, its findings and its waived findings, without lines."""
    report = check_text(text, path, as_of=AS_OF, settings=settings_ or Settings())
    found = collections.Counter((f.code, f.severity.name, tuple(f.fields)) for f in report.findings)
    waived = collections.Counter((w.finding.code, tuple(w.finding.fields)) for w in report.waived)
    return report.verdict_text, found, waived


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")


def _changed_by_fmt() -> list[Path]:
    """Every example and golden case that formats and whose layout fmt changes (the others mean the same)."""
    found = []
    for path in sorted([*REPO.glob("examples/**/*.case"), *REPO.glob("tests/**/*.case")]):
        text = read(path)
        formatted = format_text(text, str(path)).text
        if formatted is not None and formatted != text:
            found.append(path)
    return found


# Every eighth file in the default run, the others in `pytest -m slow` (docs/reliability.md has the counts).
@pytest.mark.parametrize("path", every(8, _changed_by_fmt()), ids=lambda p: str(p.relative_to(REPO)))
def test_every_case_means_the_same_to_the_checker_after_fmt(path):
    text = read(path)
    # Checked where it lies, so that what it requires and imports is found the same both times.
    assert meaning(format_text(text, str(path)).text, str(path)) == meaning(text, str(path))


# WARRANT_PROPERTY_SCALE multiplies the examples, as in test_fmt.py and test_properties.py.
_SCALE = float(os.environ.get("WARRANT_PROPERTY_SCALE", "1"))
_CASES = settings(max_examples=max(1, int(25 * _SCALE)), deadline=None,
                  suppress_health_check=[HealthCheck.too_slow])


@st.composite
def generated_cases(draw) -> str:
    if draw(st.booleans()):
        return draw(gen.arguments()).text()
    return gen.rich_case(draw(st.lists(gen.rich_formulas(), min_size=1, max_size=3)))


@given(generated_cases(), st.integers(min_value=30, max_value=160))
@_CASES
def test_generated_cases_mean_the_same_at_any_width(text, width):
    formatted = format_text(text, "g.case", width=width).text
    assert formatted is not None
    assert meaning(formatted, "g.case") == meaning(text, "g.case")


# A strategy that fails (L201), waived by a comment at the end of its one line, as docs/cli.md shows it:
# a narrower width breaks the node before `from` and `given`, and the comment follows `A1` to the last line.
WAIVED = (REPO / "tests/cli_fixtures/entailment_fails.case").read_text().replace(
    'strategy S1 "One subclaim per threat":\n  from G1, G2\n  given A1\n',
    'strategy S1 "One subclaim per threat": from G1, G2 given A1  '
    '# warrant: ignore[L201] reason="experts are judged in phase 2" owner=alice until=2027-01-01\n')
WAIVABLE = Settings(waivable=("L201",))


@given(st.integers(min_value=20, max_value=200))
@_CASES
def test_a_waiver_keeps_its_reach_at_any_width(width):
    before = meaning(WAIVED, "w.case", WAIVABLE)
    assert before[0] == "holds with 1 waived error"
    formatted = format_text(WAIVED, "w.case", width=width).text
    assert meaning(formatted, "w.case", WAIVABLE) == before
