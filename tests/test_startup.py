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


def _loaded(args, tmp_path) -> list[str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    probe = _PROBE.format(heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    marker = [line for line in done.stderr.splitlines() if line.startswith("LOADED ")]
    assert marker, done.stderr
    return json.loads(marker[-1].removeprefix("LOADED "))


@pytest.mark.parametrize("args", [["--help"], ["explain", "L201"], ["rules"], ["check", "--help"]])
def test_help_and_explain_load_none_of_z3_networkx_lark(args, tmp_path):
    assert _loaded(args, tmp_path) == []


def test_scope_of_one_configuration_loads_neither_z3_nor_networkx(tmp_path):
    args = ["scope", "examples/cyber_inability.case", "--config", "examples/deploy/trusted_api.yaml"]
    assert _loaded(args, tmp_path) == ["lark"]


def test_the_built_grammar_is_kept_in_the_user_cache_directory(tmp_path):
    args = ["scope", "examples/cyber_inability.case", "--config", "examples/deploy/trusted_api.yaml"]
    _loaded(args, tmp_path)
    kept = list((tmp_path / "cache" / "warrant").glob("grammar-*"))
    assert len(kept) == 1 and kept[0].stat().st_size > 0
    assert not list((ROOT / "examples").glob("*.cache"))
