"""Reading input: a file, standard input (`-`) or a file as a git revision holds it (`REV:path`).

Always UTF-8 text without a byte-order mark, or the reason it cannot be read, located.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import attrs

from ..findings.finding import Finding, finding
from .source import SourceFile, Span


@attrs.frozen
class Unreadable:
    """Why a file could not be read; `span` points at the first byte that is not UTF-8 when that is the reason."""

    path: str
    reason: str
    span: Span


def read_source(path) -> SourceFile | Unreadable:
    """The file's text as a SourceFile (a leading byte-order mark dropped), or Unreadable. Never raises."""
    shown = str(path)
    try:
        data = Path(shown).read_bytes()
    except OSError as error:
        return Unreadable(shown, error.strerror or str(error), Span.point(shown, 1, 1))
    return decoded(shown, data)


STDIN = "-"
# REV:path as git reads it: a revision (no colon, no leading dash), then a path. A Windows drive (C:\x) is no revision.
_REVISION = re.compile(r"(?P<rev>[^:\s-][^:\s]*):(?P<path>.+)")


def is_revision(spec: str) -> bool:
    """`REV:path` naming a file in git's history rather than on disk (a file of that name on disk wins)."""
    match = _REVISION.fullmatch(spec)
    if match is None or Path(spec).exists():
        return False
    return not (len(match["rev"]) == 1 and match["path"][:1] in ("\\", "/"))


def read_input(spec) -> SourceFile | Unreadable:
    """A file; `-`, standard input; or `REV:path`, the file as revision REV of the git repository holds it.

    The path of `REV:path` is git's: from the top of the repository, or `./path` from the current
    directory. The text keeps `spec` as its path, so findings name the revision they read.
    """
    shown = str(spec)
    if shown == STDIN:
        return decoded("<stdin>", sys.stdin.buffer.read())
    if is_revision(shown):
        return _read_revision(shown)
    return read_source(shown)


def _read_revision(spec: str) -> SourceFile | Unreadable:
    try:
        done = subprocess.run(["git", "show", spec], capture_output=True, timeout=60)
    except FileNotFoundError:
        return Unreadable(spec, "reading a revision needs git, which is not installed", Span.point(spec, 1, 1))
    except subprocess.TimeoutExpired:
        return Unreadable(spec, "git did not answer within 60 seconds", Span.point(spec, 1, 1))
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        reason = said[0].removeprefix("fatal: ") if said else f"git show exited with code {done.returncode}"
        return Unreadable(spec, f"git cannot show it: {reason}", Span.point(spec, 1, 1))
    return decoded(spec, done.stdout)


def decoded(shown: str, data: bytes) -> SourceFile | Unreadable:
    """Bytes as UTF-8 text, or Unreadable at the first byte that is not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        reason = f"byte 0x{data[error.start]:02x} at offset {error.start} is not UTF-8"
        return Unreadable(shown, reason, Span.point(shown, line, column))
    return SourceFile(shown, without_bom(text))


def without_bom(text: str) -> str:
    """A byte-order mark is not part of the text."""
    return text.removeprefix("\ufeff")


def unreadable_finding(unreadable: Unreadable) -> Finding:
    """S003, the one finding for a file that cannot be read, whatever kind of file it is."""
    return finding("S003", unreadable.span, path=unreadable.path, reason=unreadable.reason)


def user_cache_dir() -> Path:
    """Where Warrant keeps what it can rebuild (the built grammar, checked results): never beside a case.

    $XDG_CACHE_HOME/warrant, else ~/.cache/warrant (the XDG base directory convention).
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "warrant"
