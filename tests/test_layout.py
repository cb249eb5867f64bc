"""The layout is the pipeline: each stage imports only earlier ones, z3 only in logic/, and formats are plug-ins.

Stage order (docs/architecture.md): syntax -> semantics -> logic -> checks ->
reporters, with findings/ (the rule registry, findings, reports) usable by all,
interop/ beside the pipeline, and api.py and cli.py on top.
"""
from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest

import checker

PACKAGE = Path(checker.__file__).resolve().parent
# What each folder may import from the package. findings/ is the shared vocabulary:
# it may use syntax/ only for spans and source files.
ALLOWED = {
    "syntax": {"syntax", "findings"},
    "findings": {"findings", "syntax"},
    "semantics": {"semantics", "syntax", "findings"},
    "logic": {"logic", "semantics", "findings"},
    "checks": {"checks", "logic", "semantics", "syntax", "findings", "interop"},
    "interop": {"interop", "semantics", "syntax", "findings"},
    "reporters": {"reporters", "semantics", "syntax", "findings", "__init__"},
}


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "grammar" not in p.parts and "stdlib_patterns" not in p.parts)


def imported(path: Path) -> set[tuple[str, ...]]:
    """Every module a file imports, as a dotted path split into parts ('checker', 'semantics', ...)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {tuple(alias.name.split(".")) for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            target = base + tuple((node.module or "").split(".")) if node.module else base
            found.add(tuple(part for part in target if part))
            found |= {target + (alias.name,) for alias in node.names}
    return found


def stage_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_stage_imports_a_later_one(path):
    stage = stage_of(path)
    if stage not in ALLOWED:
        return  # api.py, cli.py and the package's __init__ sit on top of every stage
    for target in imported(path):
        if target[:1] != ("checker",) or len(target) < 2:
            continue
        assert target[1] in ALLOWED[stage] or (stage == "reporters" and target[1] == "__version__"), \
            f"{path.relative_to(PACKAGE)} ({stage}) imports {'.'.join(target)}"


def test_only_logic_imports_z3():
    importers = {str(p.relative_to(PACKAGE)) for p in modules() if any(t[:1] == ("z3",) for t in imported(p))}
    assert importers and all(name.startswith("logic/") for name in importers), importers


def test_a_new_output_format_is_one_new_module(tmp_path, capsys, monkeypatch):
    """A toy reporter dropped into the package's search path appears in --format and renders the reports."""
    from checker import cli, reporters

    (tmp_path / "toy.py").write_text(textwrap.dedent('''
        FORMAT = "toy"
        DESCRIPTION = "one line per file: path and verdict"
        COMMANDS = ("check",)

        def render(reports, exit_code):
            return "".join(f"{r.path} {r.verdict} {exit_code}\\n" for r in reports)
    '''))
    monkeypatch.setattr(reporters, "__path__", [*reporters.__path__, str(tmp_path)])
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])
    reporters.registry.cache_clear()
    try:
        case = Path(__file__).resolve().parent / "cases" / "ok" / "strategy_tree.case"
        code = cli.main(["check", "--format", "toy", str(case)])
        assert capsys.readouterr().out == f"{case} holds 0\n"
        assert code == 0
    finally:
        reporters.registry.cache_clear()


def test_format_choices_come_from_the_registry():
    from checker import reporters

    assert reporters.formats_for("check")[0] == "text"
    assert {"text", "json", "sarif", "markdown"} <= set(reporters.formats_for("check"))
    assert "markdown" not in reporters.formats_for("scope")
