"""End-to-end tests through the `warrant` command for the defects the third QA pass fixed.

Each test names the defect it guards against (docs/cli.md and docs/language.md say what is right).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def warrant(*args, cwd=REPO, stdin=None) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run([sys.executable, "-m", "checker", *map(str, args)], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=300, input=stdin)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def test_new_refuses_to_overwrite_a_file_without_force(tmp_path):
    # `warrant new --pattern X -o FILE` replaced a case someone had filled in, without a word.
    mine = tmp_path / "mine.case"
    mine.write_text("my filled-in work\n")
    done = warrant("new", "--pattern", "misuse_safeguards", "-o", mine)
    assert done.returncode == 2
    assert done.stderr == f"warrant: {mine} already exists; give --force to replace it\n"
    assert mine.read_text() == "my filled-in work\n"
    forced = warrant("new", "--pattern", "misuse_safeguards", "-o", mine, "--force")
    assert forced.returncode == 0 and forced.stderr == ""
    assert "use misuse_safeguards(" in mine.read_text()


def test_new_writes_a_file_that_does_not_exist(tmp_path):
    fresh = tmp_path / "fresh.case"
    done = warrant("new", "--pattern", "misuse_safeguards", "-o", fresh)
    assert done.returncode == 0 and "use misuse_safeguards(" in fresh.read_text()
