"""Running `warrant` the way a CI runner meets it, with a wall-clock and a memory limit.

`run_limited` starts the command line in a subprocess whose address space is capped
(RLIMIT_AS, set in the child before it starts) and which is killed after `seconds`.
A hang fails the test as a timeout, a memory blow-up as a MemoryError or a crash, and
any Python traceback on either stream fails it too.
"""
from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def _cap(memory_mb: int):
    def cap() -> None:
        limit = memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return cap


def run_limited(*args, seconds: float = 30, memory_mb: int = 1024, cwd=REPO, stdin=None,
                stdout=subprocess.PIPE, python_file: bool = False) -> subprocess.CompletedProcess:
    """`warrant ARGS` under the limits (or, with `python_file`, `python ARGS`: a script and its arguments);
    fails the calling test on a hang (timeout) or a traceback."""
    command = [sys.executable, *map(str, args)] if python_file else [sys.executable, "-m", "checker.cli", *map(str, args)]
    result = subprocess.run(command, cwd=cwd, stdout=stdout,
                            stderr=subprocess.PIPE, input=stdin, timeout=seconds, preexec_fn=_cap(memory_mb))
    for stream in (result.stdout, result.stderr):
        text = (stream or b"").decode("utf-8", errors="replace")
        assert "Traceback" not in text and "MemoryError" not in text, text[-3000:]
    return result


def text_of(result: subprocess.CompletedProcess) -> str:
    return (result.stdout or b"").decode("utf-8", errors="replace")


# A small case that holds with no finding; `{extra}` takes lines such as `requires` or `import`.
HOLDING = '''case {name} "A case that holds"
  version "1.0"
  author "Test Team"
{extra}
measure rate: real in [0, 1]
boundary {{ true }}
claim G0 "Rate is low": rate < 0.2
  evidence E1
evidence E1 "Eval" {{ expires 2030-01-01 shows rate in [0, 0.1] }}
defeater DZ "The evaluation may be unrepresentative" against G0
  status accepted "reviewed" owner "Independent Review Board"
party users "People who use the deployment" role user
party public "People outside the deployment whom its use can harm" role third_party
accept {{
  require rate < 0.2
  for users, public
  authority "Review Board"
}}
'''
