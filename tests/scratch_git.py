"""A scratch git repository with a real history, for tests of `REV:path` inputs and of the CI workflow.

Git's identity and configuration are given through the environment, so the
tests neither need nor touch the user's own git configuration.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Warrant Tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "Warrant Tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
}


class Repo:
    """A git repository in a directory; `commit` writes files and records them."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def env(self) -> dict:
        return {**os.environ, **GIT_ENV}

    def git(self, *args) -> str:
        done = subprocess.run(["git", *args], cwd=self.root, env=self.env(), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str, files: dict | None = None) -> str:
        """Write `files` (relative name -> text) and commit everything; the new commit's id."""
        for name, text in (files or {}).items():
            self.write(name, text)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()

    def warrant(self, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
        """`python -m checker` run in the repository; a Python traceback fails the test."""
        done = subprocess.run([sys.executable, "-m", "checker", *map(str, args)], cwd=self.root, env=self.env(),
                              capture_output=True, text=True, input=stdin, timeout=300)
        assert "Traceback" not in done.stderr + done.stdout, done.stderr
        return done
