"""The documents that are generated stay generated: docs/rules.md is the registry rendered."""
from __future__ import annotations

from pathlib import Path

from checker.findings import ruledocs

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_rules_md_is_the_registry_rendered():
    written = (DOCS / "rules.md").read_text("utf-8")
    assert written == ruledocs.render(), (
        "docs/rules.md is out of date: python -m checker.findings.ruledocs > docs/rules.md")


def test_every_rule_has_its_doc_entry():
    written = (DOCS / "rules.md").read_text("utf-8")
    from checker.findings.rules import RULES

    missing = [code for code in RULES if f"### {code} " not in written]
    assert not missing, missing
