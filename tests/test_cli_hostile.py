"""The commands other than `check` of one case, met as a new user meets them, with hostile inputs.

Each test runs the installed `warrant` command (the console script beside the test's
Python, else `python -m checker`, which docs/cli.md says is the same) and holds it to
docs/cli.md: a located finding that says what was expected, the documented exit code,
never a traceback.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ERROR = REPO / "tests" / "cli_fixtures" / "entailment_fails.case"  # L201: exit 1
_SCRIPT = Path(sys.executable).with_name("warrant")
COMMAND = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "checker"]


def warrant(*args, cwd=REPO, stdin=None, timeout=300):
    environment = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run([*COMMAND, *map(str, args)], cwd=cwd, env=environment, input=stdin,
                          capture_output=True, text=True, timeout=timeout)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


# ---- baselines ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, where, reason", [
    ('{\n  "format_version": 1,\n  "findings": [{"rule": "L201",}]\n}\n', ":3:32:",
     "not valid JSON: Expecting property name"),
    ("[1, 2]", ":1:1:", "not a baseline: expected an object with `format_version` 1 and a list `findings`"),
    ('{"format_version": 1, "findings": [7]}', ":1:1:", "entry 1 of `findings` is not an object"),
    ('{"format_version": 1, "findings": [{"code": "L201"}]}', ":1:1:", "entry 1 of `findings` has no `rule`"),
    ('{"format_version": 1, "findings": [{"rule": "L201", "file": "a", "node": "", "count": "2"}]}', ":1:1:",
     "has a `count` that is not a whole number"),
])
def test_a_malformed_baseline_is_located_and_says_what_was_expected(tmp_path, text, where, reason):
    """The baseline's own line and column for JSON that does not read; its shape named, never a Python message."""
    bad = tmp_path / "baseline.json"
    bad.write_text(text)
    done = warrant("check", "--as-of", "2026-11-01", ERROR, "--baseline", bad)
    assert done.returncode == 2
    [line] = [line for line in done.stdout.splitlines() if "A104" in line]
    assert f"baseline.json{where} A104 [error] cannot read the baseline" in line and reason in line, line


def test_a_baseline_that_cannot_be_written_is_one_line_and_exit_2(tmp_path):
    """--write-baseline naming a directory or a missing folder is an output failure, as `-o` is: no traceback."""
    for target in (tmp_path, tmp_path / "missing" / "baseline.json"):
        done = warrant("check", "--as-of", "2026-11-01", ERROR, "--baseline", target, "--write-baseline")
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip().startswith(f"warrant: cannot write {target}:")


# ---- import-gsn -----------------------------------------------------------------------------------


@pytest.mark.parametrize("line, shown", [
    ("undeveloped: maybe", '`undeveloped` set to the text "maybe"'),
    ('undeveloped: "true"', '`undeveloped` set to the text "true"'),
    ("defeated: 3", "`defeated` set to the number 3"),
    ("undeveloped: [yes]", "`undeveloped` set to a list"),
])
def test_a_gsn_flag_that_is_not_a_boolean_is_located_and_nothing_is_written(tmp_path, line, shown):
    """gsn2x rejects `undeveloped: maybe`; the import read it as false without a word (a silent pass)."""
    diagram = tmp_path / "flags.gsn.yaml"
    diagram.write_text(f"G1:\n  text: Top\n  supportedBy: [Sn1]\nSn1:\n  text: Evidence\n  {line}\n")
    out = tmp_path / "flags.case"
    done = warrant("import-gsn", diagram, "-o", out)
    assert done.returncode == 2 and not out.exists()
    column = len("  " + line.split(":")[0] + ": ") + 1
    assert f"flags.gsn.yaml:6:{column}: I004 [error] node Sn1 has {shown}; expected true or false" in done.stderr


def test_gsn_flags_that_are_booleans_or_empty_import(tmp_path):
    diagram = tmp_path / "flags.gsn.yaml"
    diagram.write_text("G1:\n  text: Top\n  undeveloped: yes\n  defeated: ~\n")
    done = warrant("import-gsn", diagram)
    assert done.returncode == 0 and "claim G1" in done.stdout, done.stderr


# ---- export --public ------------------------------------------------------------------------------


def test_export_public_of_an_unreadable_case_says_where_on_standard_error(tmp_path):
    """It exited 2 in silence; the summary names S001 but no line. The findings now go to standard error."""
    case = tmp_path / "broken.case"
    case.write_text('case broken "A case"\n  version "1"\n  author "a"\n\nclaim G0 "x": = 1\n')
    out = tmp_path / "summary.md"
    done = warrant("export", "--public", case, "-o", out)
    assert done.returncode == 2
    assert f"{case}:5:15: S001 [error] unexpected" in done.stderr, done.stderr
    assert "Verdict: **unreadable**" in out.read_text()


# ---- --max-size, as docs/cli.md words it for each kind of file --------------------------------------


def test_an_oversized_configuration_or_baseline_is_its_own_finding_and_exit_2(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("model: x\n" + "# padding\n" * 2000)
    case = REPO / "examples" / "cyber_inability.case"  # under 8K, and so is ERROR
    scoped = warrant("scope", case, "--config", big, "--max-size", "8K")
    assert scoped.returncode == 2 and "big.yaml:1:1: C203 [error] cannot read configuration" in scoped.stdout
    assert "more than the limit of 8,192 bytes" in scoped.stdout
    checked = warrant("check", ERROR, "--baseline", big, "--max-size", "8K")
    assert checked.returncode == 2 and "big.yaml:1:1: A104 [error] cannot read the baseline" in checked.stdout


@pytest.mark.parametrize("block, where, problem", [
    ("  name: [m]\n", ":2:9:", "the module's `name` must be text"),
    ("  name: m\n  uses: [{file: a.gsn.yaml}]\n", ":3:10:", "each entry of the module's `uses` must be the path of a file"),
    ('  name: m\n  uses: [""]\n', ":3:10:", "each entry of the module's `uses` must be the path of a file"),
])
def test_a_module_block_of_the_wrong_shape_is_located(tmp_path, block, where, problem):
    """A `uses` entry that is not a path was dropped without a word; a list as the name printed Python's repr."""
    diagram = tmp_path / "mod.gsn.yaml"
    diagram.write_text(f"module:\n{block}G1:\n  text: Top\n  undeveloped: true\n")
    done = warrant("import-gsn", diagram)
    assert done.returncode == 2 and done.stdout == ""
    assert f"mod.gsn.yaml{where} I003 [error] not a gsn2x diagram: {problem}" in done.stderr, done.stderr


def test_an_empty_uses_is_no_uses(tmp_path):
    diagram = tmp_path / "mod.gsn.yaml"
    diagram.write_text("module:\n  name: m\n  uses: ~\nG1:\n  text: Top\n  undeveloped: true\n")
    done = warrant("import-gsn", diagram)
    assert done.returncode == 0 and "claim G1" in done.stdout, done.stderr


# ---- scope --target -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "# a boundary comes later\n",
                                  'case t "A target"\n  version "1"\n  author "a"\n\nclaim G0 "x": true\n'])
def test_a_target_without_a_boundary_is_located_at_its_top(tmp_path, text):
    """C206 for a target with no boundary printed `target.case: C206`, with no line or column."""
    target = tmp_path / "target.case"
    target.write_text(text)
    done = warrant("scope", REPO / "examples" / "cyber_inability.case", "--target", target)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{target}:1:1: C206 [error] target `{target}` allows deployments outside")
    assert "(the target has no boundary, so it allows every deployment)" in done.stdout


def test_markdown_of_several_files_names_the_unreadable_one_and_where(tmp_path):
    """`check --format markdown` printed `# Unreadable case` with no file and no line: which of the files?"""
    case = tmp_path / "broken.case"
    case.write_text('case broken "A case"\n  version "1"\n  author "a"\n\nclaim G0 "x": = 1\n')
    done = warrant("check", REPO / "examples" / "cyber_inability.case", case, "--format", "markdown",
                   "--as-of", "2026-11-01")
    assert done.returncode == 2
    unreadable = done.stdout.split("\n---\n")[1]
    assert f"- File: `{case}`" in unreadable
    assert "- `S001` unexpected" in unreadable and "(line 5, column 15)" in unreadable


# ---- a reader that leaves early ---------------------------------------------------------------------


def test_a_reader_that_leaves_during_a_large_output_gives_141(tmp_path):
    """docs/cli.md: the command stops quietly with 141. A reporter writes its output in one piece, and
    CPython's text layer dropped the rest of it silently when the pipe closed: exit 0, as if all was read."""
    line = ('{"model": "x-2026-05", "channel": "trusted_api", "tools": ["code_exec"], "internet": false, '
            '"max_users": 2000}\n')
    batch = tmp_path / "batch.jsonl"
    batch.write_text(line * 30000)  # a table far larger than a pipe holds (64 KiB, at most 1 MiB)
    process = subprocess.Popen([*COMMAND, "scope", str(REPO / "examples" / "cyber_inability.case"),
                                "--config", str(batch)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.read(100).startswith(b"configuration")
    process.stdout.close()
    error = process.stderr.read()
    assert process.wait(timeout=300) == 141 and error == b"", error


# ---- settings -------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["S001", "X001", "A004"])
def test_waivable_naming_a_code_that_is_never_waived_is_refused(tmp_path, code):
    """`waivable = ["S001"]` was accepted and did nothing: its author believed S001 could now be waived."""
    (tmp_path / "warrant.toml").write_text(f'waivable = ["L201", "{code}"]\n')
    done = warrant("check", "--as-of", "2026-11-01", ERROR, cwd=tmp_path)
    assert done.returncode == 2
    assert (f"warrant.toml:1:1: A102 [error] setting `waivable` must be a list of rule codes that waivers may "
            f"silence; `{code}` is never waived") in done.stdout, done.stdout


def test_waivable_may_name_any_code_a_waiver_can_silence(tmp_path):
    (tmp_path / "warrant.toml").write_text('waivable = ["L213", "e301", "G104"]\n')
    done = warrant("check", "--as-of", "2026-11-01", ERROR, cwd=tmp_path)
    assert done.returncode == 1 and "A102" not in done.stdout


# ---- diff --case on a case built on patterns --------------------------------------------------------


def _edited_example(tmp_path, *edits) -> Path:
    text = (REPO / "examples" / "cyber_inability.case").read_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "new.case"
    path.write_text(text)
    return path


def test_diff_case_sees_a_threshold_relaxed_in_a_use_line(tmp_path):
    """The shipped example's thresholds are `use` arguments. Raising them (0.15 to 0.5, 0.2 to 0.9) made
    every claim of the instance weaker, and `diff --case` said `holds`, exit 0: the gate let it through."""
    old = REPO / "examples" / "cyber_inability.case"
    new = _edited_example(tmp_path, ("  threshold: 0.2,", "  threshold: 0.9,"),
                          ("  proxy_threshold: 0.15,", "  proxy_threshold: 0.5,"))
    done = warrant("diff", "--case", old, new)
    assert done.returncode == 1, done.stdout
    assert f"{new}:40:1: C301 [warning] claim `cyber.G0` is weaker than in the old version" in done.stdout
    assert "threshold 0.2 became 0.9" in done.stdout
    for risk in ("vuln_discovery", "exploit_dev", "ransomware", "lateral_movement"):
        assert f"C301 [warning] claim `cyber.G1[{risk}]` is weaker than in the old version" in done.stdout
    assert "threshold 0.15 became 0.5" in done.stdout
    same = warrant("diff", "--case", old, old)
    assert same.returncode == 0 and "holds" in same.stdout


def test_diff_case_names_instance_claims_that_are_gone_or_renamed(tmp_path):
    old = REPO / "examples" / "cyber_inability.case"
    renamed = _edited_example(tmp_path, (") as cyber", ") as cyb"), ("cyber.", "cyb."))
    done = warrant("diff", "--case", old, renamed)
    assert done.returncode == 1
    assert f"{old}:40:1: C303 [warning] claim `cyber.G0` of the old version is not in the new version" in done.stdout
    measure = _edited_example(tmp_path, ("solve_rate", "solve"))
    gone = warrant("diff", "--case", old, measure)
    assert gone.returncode == 1
    assert f"{old}:40:1: C306 [warning] measure `solve_rate` of the old version is not declared" in gone.stdout


# ---- REV:path naming something other than a file -------------------------------------------------------


def test_a_revision_path_naming_a_directory_is_refused_as_a_directory(tmp_path):
    """`git show HEAD:deploy` lists the folder; Warrant read that listing as the case or configuration
    (`unexpected tree; expected case`). A directory in git is refused as one on disk is, and a file
    larger than --max-size before git writes it out."""
    try:
        from scratch_git import GIT_ENV, Repo
    except ImportError:  # pragma: no cover
        from tests.scratch_git import GIT_ENV, Repo
    repo = Repo(tmp_path / "repo")
    case = (REPO / "examples" / "cyber_inability.case").read_text()
    repo.commit("one", {"safety/cyber.case": case,
                        "deploy/values.yaml": (REPO / "examples" / "deploy" / "trusted_api.yaml").read_text()})
    env = {**os.environ, **GIT_ENV}

    def run(*args):
        done = subprocess.run([*COMMAND, *args], cwd=repo.root, env=env, capture_output=True, text=True, timeout=300)
        assert "Traceback" not in done.stderr
        return done

    folder = run("check", "HEAD:safety")
    assert folder.returncode == 2
    assert folder.stdout.startswith("HEAD:safety:1:1: S003 [error] cannot read HEAD:safety: it is a directory")
    config = run("scope", "safety/cyber.case", "--config", "HEAD:deploy")
    assert config.returncode == 2 and "C203 [error] cannot read configuration `HEAD:deploy`: it is a directory" \
        in config.stdout
    large = run("check", "HEAD:safety/cyber.case", "--max-size", "1K")
    assert large.returncode == 2 and "S007 [error]" in large.stdout and "more than the limit of 1,024" in large.stdout
    fine = run("check", "HEAD:safety/cyber.case", "--as-of", "2026-11-01")
    assert fine.returncode == 0, fine.stdout


def test_fmt_reads_a_revision_and_never_rewrites_it(tmp_path):
    """`fmt --check HEAD:x.case` said `No such file or directory` though check, graph and report read it."""
    try:
        from scratch_git import GIT_ENV, Repo
    except ImportError:  # pragma: no cover
        from tests.scratch_git import GIT_ENV, Repo
    repo = Repo(tmp_path / "repo")
    text = (REPO / "tests" / "cli_fixtures" / "entailment_fails.case").read_text()
    messy = text.replace("enum ", "enum  ", 1)
    repo.commit("one", {"a.case": messy})
    env = {**os.environ, **GIT_ENV}

    def run(*args):
        return subprocess.run([*COMMAND, "fmt", *args], cwd=repo.root, env=env, capture_output=True, text=True,
                              timeout=300)

    checked = run("--check", "HEAD:a.case")
    assert checked.returncode == 1 and checked.stderr == "would reformat HEAD:a.case\n"
    shown = run("HEAD:a.case")
    assert shown.returncode == 0 and "enum  " not in shown.stdout and shown.stdout.startswith(text[:20])
    assert (repo.root / "a.case").read_text() == messy  # the working copy is not touched
    assert run("--diff", "HEAD:a.case").stdout.startswith("--- HEAD:a.case\n+++ HEAD:a.case (formatted)\n")


# ---- an argument hundreds of levels deep -------------------------------------------------------------


@pytest.fixture(scope="module")
def deep_case(tmp_path_factory):
    """A chain of 400 claims, each argued from the next: imported from a gsn2x diagram as a user would make it."""
    folder = tmp_path_factory.mktemp("deep")
    levels = 400
    nodes = "".join(f"G{i}:\n  text: Level {i}\n  supportedBy: [G{i + 1}]\n" for i in range(1, levels))
    (folder / "chain.gsn.yaml").write_text(nodes + f"G{levels}:\n  text: Leaf\n  undeveloped: true\n")
    imported = warrant("import-gsn", folder / "chain.gsn.yaml", "-o", folder / "chain.case")
    assert imported.returncode == 0, imported.stderr
    return folder / "chain.case"


@pytest.mark.parametrize("args", [("graph",), ("graph", "--format", "mermaid"), ("report",), ("export-gsn",),
                                  ("export", "--public"), ("check", "--format", "markdown")])
def test_a_deep_argument_is_rendered_not_a_recursion_error(deep_case, args):
    """report broke at 150 levels, graph and export-gsn at 300, the public summary at 600: RecursionError, exit 1."""
    done = warrant(*args, deep_case)
    assert done.returncode == 1, done.stderr  # the chain ends in an undeveloped claim: the case fails
    assert "G400" in done.stdout or "G400" in done.stdout.replace("_", "")


def test_findings_find_their_enclosing_node_through_the_line_index(deep_case):
    """The drawing placed each finding by scanning every node (36 s for a 3000-claim chain); it now looks up
    the nodes covering the finding's line. The placement is the same as the scan's, finding by finding."""
    from checker import api
    from checker.reporters.argument import _TABLES, _enclosing

    report = api.check_path(str(deep_case))
    case = report.case

    def scanned(f):
        best = None
        for _, table in _TABLES:
            for item in getattr(case, table).values():
                s = item.span
                if s is not None and (s.line, s.column) <= (f.span.line, f.span.column) <= (s.end_line, s.end_column):
                    size = (s.end_line - s.line, s.end_column - s.column)
                    if best is None or size < best[0]:
                        best = (size, item.name)
        return [best[1]] if best else []

    placed = [f for f in report.findings if f.span is not None and f.span.path == case.path]
    assert len(placed) > 400
    assert all(_enclosing(case, f) == scanned(f) for f in placed)


# ---- scope: a batch read through a map ------------------------------------------------------------


def test_a_path_missing_in_one_line_of_a_batch_names_that_line(tmp_path):
    """C211 named the batch file (`mapped.jsonl`) where every other finding names the line (`mapped.jsonl:2`)."""
    real = REPO / "tests" / "scope_fixtures" / "real"
    import json

    import yaml

    values = yaml.safe_load((real / "values.yaml").read_text())
    without_image = {key: value for key, value in values.items() if key != "image"}
    batch = tmp_path / "mapped.jsonl"
    batch.write_text(json.dumps(values) + "\n" + json.dumps(without_image) + "\n")
    done = warrant("scope", REPO / "tests" / "scope_fixtures" / "cyber.case", "--config", batch,
                   "--map", real / "values.map.yaml")
    assert done.returncode == 2
    assert f"{batch}:2:1: C211 configuration `{batch}:2` has nothing at `image.tag`" in done.stdout


def test_rendering_falls_back_to_the_callers_stack_when_no_deep_stack_can_be_had(tmp_path):
    """Under a tight `ulimit -v` no thread with a 512 MiB stack starts: an ordinary case is still drawn."""
    done = subprocess.run(["bash", "-c", f"ulimit -v 600000; exec {' '.join(COMMAND)} graph "
                           f"{REPO / 'examples' / 'cyber_inability.case'} --as-of 2026-11-01"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.startswith("digraph"), done.stderr[-2000:]


def test_a_configuration_folder_reports_what_it_cannot_read(tmp_path):
    """A FIFO, a dangling link or a folder named x.yaml inside a --config folder was left out without a
    word, and the run could pass on the rest; each is now a row of its own, unreadable (exit 2)."""
    folder = tmp_path / "deploy"
    folder.mkdir()
    (folder / "a.yaml").write_text((REPO / "examples" / "deploy" / "trusted_api.yaml").read_text())
    os.mkfifo(folder / "f.yaml")
    (folder / "gone.yml").symlink_to(tmp_path / "nowhere.yml")
    (folder / "sub.yaml").mkdir()
    done = warrant("scope", REPO / "examples" / "cyber_inability.case", "--config", folder, timeout=60)
    assert done.returncode == 2
    rows = {line.split()[0]: line.split()[1] for line in done.stdout.splitlines()[1:-1]}
    assert rows == {f"{folder}/a.yaml": "inside", f"{folder}/f.yaml": "unreadable",
                    f"{folder}/gone.yml": "unreadable", f"{folder}/sub.yaml": "unreadable"}
    assert "it is a FIFO (named pipe), not a regular file" in done.stdout
