"""Running the `warrant` command as a user does, for end-to-end tests: a subprocess of this Python, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def warrant(*args, cwd=REPO, stdin=None) -> subprocess.CompletedProcess:
    """`warrant ARGS...` with colour settings of the caller's terminal left out; asserts no Python traceback."""
    environment = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run([sys.executable, "-m", "checker", *map(str, args)], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=300, input=stdin)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def findings_coded(done: subprocess.CompletedProcess, code: str) -> list[dict]:
    """The findings with one rule code in the first file of a `--format json` run's output."""
    import json

    return [f for f in json.loads(done.stdout)["files"][0]["findings"] if f["code"] == code]
