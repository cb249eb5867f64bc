"""Editor files: the VS Code extension's manifests are valid, and its TextMate grammar highlights real cases.

The grammar is applied here as a TextMate engine applies single-line `match` rules:
at each position the rule whose match starts first wins, ties going to the rule
listed first. Its regular expressions keep to what Python's `re` and Oniguruma (the
engine of VS Code) read alike.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
VSCODE = REPO / "editors" / "vscode"
GRAMMAR = VSCODE / "syntaxes" / "case.tmLanguage.json"
EXAMPLE = REPO / "examples" / "cyber_inability_by_hand.case"


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def rules() -> list[tuple[re.Pattern, dict]]:
    """The grammar's top-level rules in order, includes resolved, each with its compiled regex."""
    grammar = load(GRAMMAR)
    out = []
    for entry in grammar["patterns"]:
        rule = grammar["repository"][entry["include"].removeprefix("#")]
        out.append((re.compile(rule["match"]), rule))
    return out


def scopes(line: str) -> list[tuple[str, str]]:
    """(text, scope) for each scoped piece of a line."""
    compiled, found, position = rules(), [], 0
    while position < len(line):
        best = None
        for regex, rule in compiled:
            match = regex.search(line, position)
            if match and match.end() > match.start() and (best is None or match.start() < best[0].start()):
                best = (match, rule)
        if best is None:
            break
        match, rule = best
        if "captures" in rule:
            found += [(match.group(int(group)), scope["name"]) for group, scope in rule["captures"].items()
                      if match.group(int(group))]
        else:
            found.append((match.group(), rule["name"]))
        position = match.end()
    return found


def scope_of(line: str, word: str) -> str | None:
    return next((scope for text, scope in scopes(line) if text == word), None)


def test_the_extension_files_are_valid_json_and_agree():
    manifest = load(VSCODE / "package.json")
    load(VSCODE / "language-configuration.json")
    grammar = load(GRAMMAR)
    contributed = manifest["contributes"]["grammars"][0]
    assert (VSCODE / contributed["path"]).resolve() == GRAMMAR.resolve()
    assert contributed["scopeName"] == grammar["scopeName"] == "source.case"
    assert manifest["contributes"]["languages"][0]["extensions"] == [".case"]
    assert manifest["contributes"]["configuration"]["properties"]["warrant.command"]["default"] == ["warrant", "lsp"]
    assert (VSCODE / manifest["main"]).is_file()
    assert "vscode-languageclient" in manifest["dependencies"]


def test_every_rule_compiles_and_is_reachable():
    grammar = load(GRAMMAR)
    assert {e["include"].removeprefix("#") for e in grammar["patterns"]} == set(grammar["repository"])
    for regex, rule in rules():
        assert ("name" in rule) != ("captures" in rule), rule


ITEM_KEYWORDS = ("case", "enum", "context", "measure", "boundary", "claim", "strategy", "assume", "evidence",
                 "defeater", "accept", "trigger", "decision")


@pytest.mark.parametrize("keyword", ITEM_KEYWORDS)
def test_the_examples_item_keywords_are_keywords(keyword):
    lines = [line for line in EXAMPLE.read_text().splitlines() if line.startswith(keyword + " ")]
    assert lines, f"the example has no `{keyword}` item"
    for line in lines:
        assert scopes(line)[0] == (keyword, "keyword.declaration.case"), line


def test_the_example_is_highlighted_where_it_matters():
    text = EXAMPLE.read_text()
    lines = text.splitlines()

    def line(prefix: str) -> str:
        return next(l for l in lines if l.startswith(prefix))

    assert all(scopes(l) == [(l, "comment.line.number-sign.case")] for l in lines if l.startswith("#"))
    assert scope_of(line("claim G0"), "G0") == "entity.name.case"
    assert scope_of(line("claim G0"), '"The model gives no threat actor unacceptable uplift on any cyber risk model"') \
        == "string.quoted.double.case"
    assert scope_of(line("  forall r: RiskModel, a: Actor. uplift"), "forall") == "keyword.other.quantifier.case"
    assert scope_of(line("  forall r: RiskModel, a: Actor. uplift"), "uplift") == "entity.name.function.case"
    assert scope_of(line("  forall r: RiskModel, a: Actor. uplift"), "0.2") == "constant.numeric.case"
    assert scope_of(line("  not internet"), "not") == "keyword.operator.logical.case"
    assert scope_of(line("  channel in"), "in") == "keyword.operator.logical.case"
    assert scope_of(line("  by S0"), "by") == "keyword.other.field.case"
    assert scope_of(line("  from G1"), "from") == "keyword.other.field.case"
    assert scope_of(line("  shows solve_rate(vuln"), "shows") == "keyword.other.field.case"
    assert scope_of(line("  date 2026-09-20"), "2026-09-20") == "constant.numeric.date.case"
    assert scope_of(line("measure uplift"), "real") == "storage.type.case"
    assert scope_of(line("trigger T1"), "changed") == "support.function.builtin.case"
    # A field word used as a name is not a keyword; a keyword inside a string or comment is not one either.
    assert scope_of(line("  model =="), "model") is None
    assert scope_of(line("  model: string"), "model") is None
    assert scope_of(line("  model: string"), "string") == "storage.type.case"
    assert scope_of('claim G9 "a claim by strategy"  # evidence by', "by") is None
