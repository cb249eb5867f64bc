"""Defects the command fuzzer (fuzz/drive.py) found, each held by the command as a user meets it.

Each defect has one run of the installed command (tests/command.py) and, where other
commands share the fault, in-process runs of the same entry point (`checker.cli.main`,
through fuzz/drive.py's `run`, a hundredth of the time). docs/reliability.md ("Every
command, fuzzed") records the campaigns that found them.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "fuzz"))
import drive  # noqa: E402

try:
    from tests.command import warrant
    from tests.limits import run_limited
except ImportError:  # tests/ is not importable as a package in this run
    from command import warrant
    from limits import run_limited

NEEDS_OUTSIDE = REPO / "tests" / "cases" / "structure" / "requires_outside.case"
G004_AT_6 = "requires_outside.case:6:1: G004 [error] required case \"/etc/shadow\" cannot be read"


def test_graph_of_a_case_whose_required_case_cannot_be_read_says_where():
    """A case that reads but requires one that cannot be read (G004) exited 2 with nothing on standard error:
    the drawing was written, and no line said which `requires` was at fault."""
    done = warrant("graph", "--as-of", "2026-11-01", NEEDS_OUTSIDE)
    assert done.returncode == 2
    assert G004_AT_6 in done.stderr, done.stderr
    assert done.stdout.startswith("digraph")  # still drawn, the module marked unreadable


@pytest.mark.parametrize("command", [("export-gsn",), ("report",), ("export", "--public")])
def test_every_writer_of_such_a_case_says_where(command):
    done = drive.run([*command, "--as-of", "2026-11-01", NEEDS_OUTSIDE], cwd=REPO)
    assert done.code == 2 and done.crash is None
    assert G004_AT_6 in done.stderr, done.stderr


def test_markdown_of_a_case_whose_required_case_cannot_be_read_locates_its_errors():
    """`check --format markdown` listed the G004 errors of such a case with no line, column or file: the summary
    locates the findings of an unreadable case only, and this one had read (its required case had not)."""
    done = drive.run(["check", "--format", "markdown", "--as-of", "2026-11-01", NEEDS_OUTSIDE], cwd=REPO)
    assert done.code == 2
    assert f"- File: `{NEEDS_OUTSIDE}`" in done.stdout
    assert 'required case "/etc/shadow" cannot be read: a case names the files it relies on relative to itself, ' \
           "not by an absolute path (--allow-outside DIR permits files under DIR) (line 6, column 1)" in done.stdout


def _laughs() -> str:
    """a: &a ["x", ...nine], b: &b [*a, ...nine], ... i: &i [*h, ...nine]."""
    lines, item = [], '"x"'
    for name in "abcdefghi":
        lines.append(f"{name}: &{name} [{', '.join([item] * 9)}]")
        item = f"*{name}"
    return "\n".join(lines) + "\n"


LAUGHS = _laughs()


def test_yaml_aliases_that_would_repeat_a_billion_values_are_refused_located(tmp_path):
    """Nine aliases of nine aliases ... of a list: 400 bytes that expand to 9**9 values. The reader built
    every one: 17 GB within a minute, under a memory cap a MemoryError. Now C203 (C210 for a map, which
    the same reader reads: fuzz/hostile.py's `laughs` in every place a YAML file is read)."""
    bad = tmp_path / "laughs.yaml"
    bad.write_text(LAUGHS)
    done = run_limited("scope", drive.SCOPE_CASE, "--no-cache", "--config", bad, seconds=60, memory_mb=1024)
    said = done.stdout.decode()
    assert done.returncode == 2
    assert f"{bad}:1:" in said and "its aliases repeat more than 100,000 values" in said, said


def test_a_settings_file_that_cannot_be_read_stops_the_run(tmp_path):
    """A warrant.toml linking to a missing file (a shared settings file not checked out) was passed over: the run
    went on with the defaults, and the project's `fail-on = "warning"` with it, without a word."""
    (tmp_path / "warrant.toml").symlink_to(tmp_path / "shared" / "warrant.toml")
    done = warrant("check", "--no-cache", drive.HOLDING, cwd=tmp_path)
    assert done.returncode == 2
    assert f"{tmp_path / 'warrant.toml'}:1:1: S003 [error] cannot read" in done.stdout, done.stdout


def test_a_nul_byte_in_one_configuration_of_a_folder_is_that_file_located(tmp_path):
    """PyYAML's reader refuses a NUL byte as soon as the loader is made, outside the reader's guard: X002,
    'internal error while judging the scope', and not one configuration of the folder was judged."""
    folder = tmp_path / "deploy"
    folder.mkdir()
    (folder / "a.yaml").write_bytes(b"model: x-2026-05\x00\n")
    (folder / "b.yaml").write_bytes(b"model: x\n\nchannel: \x07internal\n")
    (folder / "c.yaml").write_bytes(drive.CONFIG.read_bytes())
    done = warrant("scope", drive.SCOPE_CASE, "--no-cache", "--config", "deploy", cwd=tmp_path)
    assert done.returncode == 2 and "X002" not in done.stdout
    assert "deploy/a.yaml:1:17: C203 cannot read configuration `deploy/a.yaml`: not valid YAML: the character " \
           "U+0000 is not allowed in YAML" in done.stdout, done.stdout
    assert "deploy/b.yaml:3:10: C203" in done.stdout and "deploy/c.yaml" in done.stdout


def test_a_gsn_file_that_is_a_loop_of_links_is_unreadable_not_an_internal_error(tmp_path):
    """Path.resolve raised RuntimeError on the loop before the file was read: X002."""
    (tmp_path / "g.gsn.yaml").symlink_to(tmp_path / "g.gsn.yaml")
    done = drive.run(["import-gsn", "g.gsn.yaml"], cwd=tmp_path)
    assert done.code == 2 and "X002" not in done.stderr
    assert "g.gsn.yaml:1:1: S003 [error] cannot read g.gsn.yaml: Too many levels of symbolic links" in done.stderr


@pytest.mark.parametrize("argv", [
    ["check", ""],
    ["check", "--settings", "", str(drive.HOLDING)],
    ["check", "--allow-outside", "", str(drive.HOLDING)],
    ["check", "--dump-smt", "", str(drive.HOLDING)],
    ["report", str(drive.HOLDING), "-o", ""],
    ["scope", str(drive.SCOPE_CASE), "--config", ""],
], ids=["check-file", "settings", "allow-outside", "dump-smt", "output", "config"])
def test_an_empty_path_is_a_usage_error(tmp_path, argv):
    """`Path("")` is the current folder: `check ""` (a CI script's unset variable) checked every case below it;
    `--settings ""` fell back to the settings found, `-o ""` wrote to standard output, and so on, without a word."""
    (tmp_path / "stray.case").write_text("case stray")  # what `check ""` used to check
    done = drive.run(argv, cwd=tmp_path)
    assert done.code == 2 and "expected a path, got an empty string" in done.stderr, done.stderr
    assert "stray" not in done.stdout + done.stderr
