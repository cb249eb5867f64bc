"""Confinement: a case reads only files inside its own directory tree, and its text cannot drive the terminal.

`requires` and `import` paths are judged before anything is read (syntax/reading.py,
`confined`): no absolute path, no `..` or symbolic link out of the tree, unless the run
passes `--allow-outside DIR`; a NUL byte or a loop of symbolic links is a located
finding, never an internal error. Text from case files is printed with its control
characters and bidirectional overrides escaped (reporters/visible.py).
"""
from __future__ import annotations

import json
import os

import pytest

try:
    from tests.limits import HOLDING, run_limited, text_of
except ImportError:  # tests/ is not importable as a package in this run
    from limits import HOLDING, run_limited, text_of

SECRET = "TOPSECRET-do-not-print"


PATTERNS = '''pattern low "Rate stays low" (r: measure: real in [0, 1], e: evidence) {
  claim G0 "Rate is low": r < 0.5
    evidence e
}
'''


def case_text(name: str = "c", extra: str = "") -> str:
    return HOLDING.format(name=name, extra=extra)


@pytest.fixture
def tree(tmp_path):
    """tmp/outside/secret.txt (not to be read) and tmp/outside/other.case beside tmp/project/, the tree checked."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n")
    (outside / "other.case").write_text(case_text("other"))
    (outside / "lib.case").write_text(PATTERNS)
    project = tmp_path / "project"
    project.mkdir()
    return project


def check(project, name: str, text: str, *extra, **limits):
    (project / name).write_bytes(text.encode("utf-8"))
    return run_limited("check", name, "--format", "json", *extra, cwd=project, seconds=60, **limits)


def findings(result) -> list[dict]:
    document = json.loads(result.stdout)
    return [f for file in document["files"] for f in file["findings"]]


def only(result, code: str) -> dict:
    found = [f for f in findings(result) if f["code"] not in ("G201",)]
    assert [f["code"] for f in found] == [code], found
    assert SECRET not in text_of(result) and SECRET not in result.stderr.decode()
    return found[0]


def _leaving(tree, how: str, name: str) -> str:
    """A path to `name` outside the tree: absolute, through `..`, or through a symlink made here."""
    outside = tree.parent / "outside"
    if how == "symlink":
        os.symlink(outside, tree / "link")
    return {"absolute": str(outside / name), "dots": f"../outside/{name}", "symlink": f"link/{name}"}[how]


@pytest.mark.parametrize("how", ["absolute", "dots", "symlink"])
def test_requires_cannot_leave_the_tree(tree, how):
    path = _leaving(tree, how, "secret.txt")
    result = check(tree, "a.case", case_text(extra=f'requires "{path}"'))
    assert result.returncode == 2
    found = only(result, "G004")
    assert found["span"]["line"] == 4 and found["span"]["column"] == 1
    assert "absolute path" in found["message"] if how == "absolute" else "outside the directory tree" in found["message"]


def test_requires_etc_shadow_is_refused_unread(tree):
    result = check(tree, "a.case", case_text(extra='requires "/etc/shadow"'))
    assert result.returncode == 2
    assert "absolute path" in only(result, "G004")["message"]


@pytest.mark.parametrize("how", ["absolute", "dots", "symlink"])
def test_import_cannot_leave_the_tree(tree, how):
    path = _leaving(tree, how, "lib.case")
    result = check(tree, "a.case", case_text(extra=f'import "{path}"'))
    assert result.returncode == 2
    assert only(result, "P006")["span"]["line"] == 4


def test_allow_outside_lets_a_run_read_there(tree):
    outside = tree.parent / "outside"
    result = check(tree, "a.case", case_text(extra='requires "../outside/other.case"'), "--allow-outside", outside)
    assert result.returncode == 0, findings(result)


def test_a_file_that_is_no_case_is_not_quoted(tree):
    """Even where reading is allowed, a required file without a case header is reported without its contents."""
    outside = tree.parent / "outside"
    result = check(tree, "a.case", case_text(extra='requires "../outside/secret.txt"'), "--allow-outside", outside)
    assert result.returncode == 2
    assert "not a case file" in only(result, "G004")["message"]


@pytest.mark.parametrize("keyword, code", [("requires", "G004"), ("import", "P006")])
def test_nul_byte_in_a_path_is_a_located_finding(tree, keyword, code):
    result = check(tree, "a.case", case_text(extra=f'{keyword} "a\x00b.case"'))
    assert result.returncode == 2
    found = only(result, code)
    assert found["span"]["line"] == 4 and "NUL byte" in found["message"]


@pytest.mark.parametrize("keyword, code", [("requires", "G004"), ("import", "P006")])
def test_symlink_loop_is_a_located_finding(tree, keyword, code):
    os.symlink("loop_b", tree / "loop_a")
    os.symlink("loop_a", tree / "loop_b")
    result = check(tree, "a.case", case_text(extra=f'{keyword} "loop_a"'))
    assert result.returncode == 2
    found = only(result, code)
    assert found["span"]["line"] == 4 and "symbolic links" in found["message"], found


# ---- what the terminal and the CI log receive ----------------------------------------------------

HOSTILE_TITLE = "ok\x1b[2J\x1b[31mred\x1b[0m \u202eevil\u202c\rforged"


def test_text_output_escapes_control_and_bidi_characters(tree):
    (tree / "a.case").write_text(case_text(extra=f'claim G9 "{HOSTILE_TITLE}"'))
    result = run_limited("check", "a.case", cwd=tree, seconds=60)
    out = text_of(result)
    assert "\x1b" not in out and "\u202e" not in out and "\r" not in out
    assert "\\x1b[2J\\x1b[31mred\\x1b[0m \\u202eevil\\u202c\\x0dforged" in out
    # The underline still sits under the claim on the escaped line.
    lines = out.splitlines()
    quoted = next(i for i, line in enumerate(lines) if "claim G9" in line and "|" in line)
    assert lines[quoted + 1].index("^") == lines[quoted].index("claim G9")


def test_github_annotations_escape_them_too(tree):
    name = "::warning::x.case"
    (tree / name).write_text(case_text(extra=f'claim G9 "{HOSTILE_TITLE}"'))
    result = run_limited("check", "--format", "github", name, cwd=tree, seconds=60)
    out = text_of(result)
    assert "\x1b" not in out and "\u202e" not in out
    plain = [line for line in out.splitlines() if "::warning::x.case: " in line]
    assert plain and all(line.startswith(" ") for line in plain)  # the verdict line poses as no command

