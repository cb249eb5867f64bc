"""The standard library of patterns: every pattern proved once, every scaffold naming its slots, every worked example holding."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from checker import cli
from checker.api import check_path, check_text
from checker.cli.patterns import library, scaffold
from checker.semantics.imports import stdlib_names, stdlib_source

ROOT = Path(__file__).resolve().parents[1]
AS_OF = datetime.date(2026, 11, 1)
WORKED = [ROOT / "examples" / "cyber_inability.case", *sorted((ROOT / "examples" / "patterns").glob("*.case"))]


@pytest.mark.parametrize("name", stdlib_names())
def test_every_library_pattern_is_proved_for_every_instantiation(name):
    """No step of a library pattern is unsound; the steps checked per instance instead are only information."""
    source = stdlib_source(name)
    report = check_text(source.text, source.path, as_of=AS_OF)
    assert report.verdict == "holds", [f"{f.code} {f.message}" for f in report.findings]
    assert {f.code for f in report.findings} <= {"P102"}


def test_the_library_has_the_published_templates():
    names = set(stdlib_names())
    assert {"inability_via_proxy", "control_evaluation", "misuse_safeguards", "prerequisite_inability",
            "threshold_gate", "debate_alignment"} <= names
    assert any(name.startswith("triggers_") for name in names)
    assert all(cited != "(no source given)" for _, cited, _ in library())


@pytest.mark.parametrize("entry", library(), ids=lambda e: e[2].name.text)
def test_a_scaffold_reports_exactly_its_unfilled_slots(entry):
    file_name, _, pattern = entry
    report = check_text(scaffold(file_name, pattern), "scaffold.case", as_of=AS_OF)
    assert {f.code for f in report.findings} == {"P002"}
    assert sorted(f.field("name") for f in report.findings) == sorted(p.name.text for p in pattern.params)


@pytest.mark.parametrize("path", WORKED, ids=lambda p: p.name)
def test_worked_examples_hold(path):
    report = check_path(path, as_of=AS_OF)
    assert report.verdict == "holds", [f"{f.span.label()} {f.code} {f.message}" for f in report.findings]
    assert report.summary.proved_steps == report.summary.steps


def test_the_three_worked_examples_exist():
    assert {"cyber_inability.case", "control_evaluation.case", "misuse_safeguards.case"} <= {p.name for p in WORKED}
    assert "import stdlib.inability_via_proxy" in (ROOT / "examples" / "cyber_inability.case").read_text()


def test_warrant_patterns_lists_each_pattern_with_its_source(capsys):
    assert cli.main(["patterns"]) == 0
    out = capsys.readouterr().out
    for _, cited, pattern in library():
        assert f"pattern {pattern.name.text}(" in out
        assert cited in out


def test_warrant_new_writes_a_scaffold(tmp_path, capsys):
    target = tmp_path / "mine.case"
    assert cli.main(["new", "--pattern", "misuse_safeguards", "-o", str(target)]) == 0
    assert "use misuse_safeguards(" in target.read_text()
    assert cli.main(["new", "--pattern", "no_such_pattern"]) == 2
    assert "no library pattern" in capsys.readouterr().err


def test_a_finding_inside_an_instance_points_at_the_use_line_and_the_pattern():
    report = check_path(ROOT / "examples" / "defects" / "pattern_open_weights.case", as_of=AS_OF)
    step = next(f for f in report.findings if f.code == "L201")
    notes = [r.note for r in step.related]
    assert any("produced by pattern `misuse_safeguards`, instance `sg`" in note for note in notes)
    assert step.span.origin is not None and step.span.origin.span.path.endswith("misuse_safeguards.case")


# ---- each pattern's page shows its shape -------------------------------------------------------

PICTURE = re.compile(r"Drawn by `warrant graph (?P<case>\S+) --format svg --as-of (?P<as_of>\S+) -o (?P<out>\S+)`")


@pytest.mark.parametrize("name", stdlib_names())
def test_every_pattern_page_shows_a_current_picture_of_an_instance(name, monkeypatch):
    """The picture is drawn from the DOT an instance gives today (its hash is recorded in the SVG)."""
    from checker.reporters import dot, svg

    monkeypatch.chdir(ROOT)  # paths as the command on the page gives them, relative to the repository

    page = (ROOT / "docs" / "patterns" / f"{name}.md").read_text("utf-8")
    drawn = PICTURE.search(page)
    assert drawn is not None, f"docs/patterns/{name}.md shows no picture"
    assert f"](../images/patterns/{name}.svg)" in page
    report = check_path(drawn["case"], as_of=datetime.date.fromisoformat(drawn["as_of"]))
    assert report.verdict == "holds"
    committed = (ROOT / drawn["out"]).read_text("utf-8")
    assert svg.marked_hash(committed) == svg.source_hash(dot.render([report])), (
        f"{drawn['out']} is out of date; regenerate it with: warrant graph {drawn['case']} --format svg "
        f"--as-of {drawn['as_of']} -o {drawn['out']}")
