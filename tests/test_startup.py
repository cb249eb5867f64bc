"""Start-up stays light: each command loads only the libraries it needs (timings are benchmarks' business)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("z3", "networkx", "lark")

_PROBE = """
import json, sys
from checker.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write("\\nLOADED " + json.dumps([m for m in {heavy!r} if m in sys.modules]) + "\\n")
"""


def _loaded(args, tmp_path, heavy=HEAVY) -> list[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    probe = _PROBE.format(heavy=heavy)
    done = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    marker = [line for line in done.stderr.splitlines() if line.startswith("LOADED ")]
    assert marker, done.stderr
    return json.loads(marker[-1].removeprefix("LOADED "))


@pytest.mark.parametrize("args", [["--help"], ["explain", "L201"], ["rules"], ["check", "--help"]])
def test_help_and_explain_load_none_of_z3_networkx_lark(args, tmp_path):
    assert _loaded(args, tmp_path) == []


@pytest.mark.parametrize("args", [["--help"], ["explain", "L201"]])
def test_help_and_explain_build_no_other_command_and_load_no_reporter(args, tmp_path):
    """Only the named command gets its options: the others' --format choices would load every reporter."""
    checker_parts = ("checker.api", "checker.reporters", "checker.semantics.model", "checker.syntax.nodes")
    assert _loaded(args, tmp_path, heavy=checker_parts) == []


def test_scope_of_one_configuration_loads_neither_z3_nor_networkx(tmp_path):
    args = ["scope", "examples/cyber_inability.case", "--config", "examples/deploy/trusted_api.yaml"]
    assert _loaded(args, tmp_path) == ["lark"]


def test_the_built_grammar_is_kept_in_the_user_cache_directory(tmp_path):
    args = ["scope", "examples/cyber_inability.case", "--config", "examples/deploy/trusted_api.yaml"]
    _loaded(args, tmp_path)
    kept = list((tmp_path / "cache" / "warrant").glob("grammar-*"))
    assert len(kept) == 1 and kept[0].stat().st_size > 0
    assert not list((ROOT / "examples").glob("*.cache"))


def test_scope_against_a_kept_model_loads_no_lark(tmp_path):
    """The second scope of an unchanged case judges against the model kept in the user cache: no parse."""
    args = ["scope", "examples/cyber_inability.case", "--config", "examples/deploy/trusted_api.yaml"]
    assert _loaded(args, tmp_path) == ["lark"]
    assert _loaded(args, tmp_path) == []
    assert _loaded([*args, "--no-cache"], tmp_path) == ["lark"]


def test_scope_against_a_kept_model_loads_no_syntax_node(tmp_path):
    """What `scope --config` keeps of the case (checks.scope.scope_view) refers to no syntax node: a batch run
    that finds it loads neither the node classes nor tempfile (the cache is only read)."""
    args = ["scope", "examples/cyber_inability.case", "--config", "examples/deploy/trusted_api.yaml"]
    parts = ("checker.syntax.nodes", "lark", "tempfile")
    assert "checker.syntax.nodes" in _loaded(args, tmp_path, heavy=parts)  # the first run reads the case
    assert _loaded(args, tmp_path, heavy=parts) == []


def test_a_run_in_the_default_format_loads_only_the_text_reporter(tmp_path):
    """--format's choices and help are read from the reporters only when asked: the text run loads text alone."""
    args = ["scope", "examples/cyber_inability.case", "--config", "examples/deploy/trusted_api.yaml"]
    others = ("checker.reporters.html", "checker.reporters.argument", "checker.reporters.sarif",
              "checker.reporters.markdown", "checker.reporters.text")
    assert _loaded(args, tmp_path, heavy=others) == ["checker.reporters.text"]


def test_a_cached_check_in_the_default_format_loads_only_the_text_reporter(tmp_path):
    """Whether the format reads the model (so the result cache cannot serve it) is asked of that format alone."""
    args = ["check", "examples/cyber_inability.case"]
    others = ("checker.reporters.html", "checker.reporters.argument", "checker.reporters.sarif",
              "checker.reporters.markdown", "checker.reporters.text")
    _loaded(args, tmp_path, heavy=others)  # the first run fills the cache
    assert _loaded(args, tmp_path, heavy=others) == ["checker.reporters.text"]
