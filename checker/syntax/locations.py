"""Where a reported file lies in the repository: the paths SARIF and GitHub annotations name.

Code-scanning services and workflow annotations resolve a path against the
root of the repository, not the directory Warrant ran in, so a finding in
`safety/a.case` found from `safety/` with the argument `a.case` must still be
named `safety/a.case`. The root is the nearest directory, from the current one
upwards, that holds `.git` (a directory, or a file in a worktree); without one,
the current directory stands in for it.
"""
from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from .reading import is_revision

STDIN_PATH = "<stdin>"


def repository_root(start: str | None = None) -> Path:
    here = Path(os.path.abspath(start or os.getcwd()))
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def repository_path(path: str, root: Path | None = None) -> str | None:
    """`path` relative to the repository root, with forward slashes; None outside the root or for standard input.

    `REV:path` names the file git keeps at `path` (from the root, or `./path` from the current directory).
    """
    if path == STDIN_PATH:
        return None
    root = root or repository_root()
    if is_revision(path):
        path = path.split(":", 1)[1]
        if not path.startswith(("./", "../")):
            return str(PurePosixPath(path.replace("\\", "/")))
    absolute = Path(os.path.abspath(path))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return None
    return relative.as_posix()
