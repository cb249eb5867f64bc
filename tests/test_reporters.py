"""Every reporter renders one shared set of findings; the output is compared with saved snapshots.

To accept a deliberate change of output: WARRANT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_reporters.py
"""
from __future__ import annotations

import datetime
import json
import os
import re
from pathlib import Path

import jsonschema
import pytest

from checker.api import check_text, exit_code
from checker.reporters import json as json_reporter
from checker.reporters import text as text_reporter

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
SHARED = ["examples/defects/broken_entailment.case", "examples/defects/conflicting_assumptions.case",
          "examples/defects/syntax_error.case", "examples/defects/premise_narrower.case"]


def shared_reports():
    """The shared findings: read by their repository-relative names, so snapshots do not depend on where the clone is."""
    return [check_text((ROOT / name).read_text(encoding="utf-8"), name, as_of=datetime.date(2026, 11, 1))
            for name in SHARED]


RENDERERS = {
    "text.txt": lambda reports: text_reporter.render(reports),
    "json.json": lambda reports: json_reporter.render(reports, exit_code(reports)),
}


# The values in a counterexample are whichever world Z3 finds first, which may change
# with the Z3 release; the property tests replay every world, so the snapshots mask them.
_TEXT_WORLD_LINE = re.compile(r"^(      \S[^=\n]*) = .*$", re.M)
_JSON_WORLD_LINE = re.compile(r'^(\s*"  \S[^=\n]*) = .*?"(,?)$', re.M)


def masked(rendered: str) -> str:
    rendered = _JSON_WORLD_LINE.sub(r'\1 = <value>"\2', rendered)
    return _TEXT_WORLD_LINE.sub(r"\1 = <value>", rendered)


@pytest.mark.parametrize("snapshot", sorted(RENDERERS))
def test_reporter_matches_snapshot(snapshot):
    rendered = masked(RENDERERS[snapshot](shared_reports()))
    path = SNAPSHOTS / snapshot
    if os.environ.get("WARRANT_UPDATE_SNAPSHOTS"):
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8")


def test_json_output_follows_the_published_schema():
    schema = json.loads((ROOT / "docs" / "output.schema.json").read_text(encoding="utf-8"))
    reports = shared_reports()
    document = json.loads(json_reporter.render(reports, exit_code(reports)))
    jsonschema.validate(document, schema)
    assert {f["code"] for file in document["files"] for f in file["findings"]} >= {"L201", "L203", "S001", "L207"}


def test_every_reporter_names_every_finding():
    reports = shared_reports()
    codes = [f.code for report in reports for f in report.findings]
    for render in RENDERERS.values():
        output = render(reports)
        for code in codes:
            assert code in output
