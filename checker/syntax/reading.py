"""Reading input: a file, standard input (`-`) or a file as a git revision holds it (`REV:path`).

Always UTF-8 text without a byte-order mark, or the reason it cannot be read, located.
Only regular files are read (a FIFO or a device would block or never end), and none
larger than the run's size limit, refused before a byte of it is parsed. A path that a
case names (`requires`, `import`) is read only inside the directory tree of the case
that names it, or under a directory the run allows (`confined`). The limits are the
run's (`reading_limits`, set by the command line); the defaults hold everywhere else.
"""
from __future__ import annotations

import contextlib
import contextvars
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import attrs

from ..findings.finding import Finding, finding
from .source import SourceFile, Span


@attrs.frozen
class Unreadable:
    """Why a file could not be read; `span` points at the first byte that is not UTF-8 when that is the reason.

    `code` is the finding it becomes: S003 (cannot be read), S007 (larger than the size limit).
    """

    path: str
    reason: str
    span: Span
    code: str = "S003"


# ---- the run's limits -----------------------------------------------------------------------------

DEFAULT_MAX_SIZE = 16 * 1024 * 1024  # bytes; a large real case is a few hundred kilobytes


@attrs.frozen
class Limits:
    """How much a run reads: the largest file, and the directories outside a case's tree it may read."""

    max_size: int = DEFAULT_MAX_SIZE
    allow_outside: tuple = ()  # resolved directories (Path)


_LIMITS: contextvars.ContextVar[Limits] = contextvars.ContextVar("warrant_reading_limits", default=Limits())


def limits() -> Limits:
    return _LIMITS.get()


@contextlib.contextmanager
def reading_limits(max_size: int | None = None, allow_outside=()):
    """Within the block, files are read with this size limit and these extra directories allowed."""
    allowed = tuple(Path(os.path.abspath(p)).resolve() for p in allow_outside)
    token = _LIMITS.set(Limits(max_size or DEFAULT_MAX_SIZE, allowed))
    try:
        yield
    finally:
        _LIMITS.reset(token)


def read_source(path) -> SourceFile | Unreadable:
    """The file's text as a SourceFile (a leading byte-order mark dropped), or Unreadable. Never raises."""
    shown = str(path)
    data = _regular_file_bytes(shown, limits().max_size)
    return data if isinstance(data, Unreadable) else decoded(shown, data)


def _regular_file_bytes(shown: str, max_size: int) -> bytes | Unreadable:
    """The bytes of a regular file no larger than `max_size`.

    Opened without blocking (a FIFO with no writer would wait forever) and judged by the
    opened file's own status, so what is judged is what is read.
    """
    where = Span.point(shown, 1, 1)
    try:
        descriptor = os.open(shown, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except ValueError:
        return Unreadable(shown, "the path contains a NUL byte", where)
    except OSError as error:
        return Unreadable(shown, error.strerror or str(error), where)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            return Unreadable(shown, f"it is {_kind(info.st_mode)}, not a regular file", where)
        if info.st_size > max_size:
            return too_large(shown, info.st_size, max_size)
        data = _read_at_most(descriptor, max_size + 1)
    except OSError as error:
        return Unreadable(shown, error.strerror or str(error), where)
    finally:
        os.close(descriptor)
    return too_large(shown, len(data), max_size, exact=False) if len(data) > max_size else data


def _read_at_most(descriptor: int, count: int) -> bytes:
    """Up to `count` bytes: a file that grows while it is read is cut there, and then refused."""
    chunks, left = [], count
    while left > 0:
        chunk = os.read(descriptor, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((word for test, word in kinds if test(mode)), "not a file")


def too_large(shown: str, size: int, max_size: int, exact: bool = True) -> Unreadable:
    """S007: refused before parsing, so a huge file costs neither time nor memory.

    `exact` is False when reading stopped at the limit (standard input): the size is then a lower bound.
    """
    said = f"{size:,} bytes" if exact else f"more than {max_size:,} bytes"
    reason = f"it is {said}, more than the limit of {max_size:,} bytes (--max-size raises it)" if exact else \
        f"it is {said}, the limit (--max-size raises it)"
    return Unreadable(shown, reason, Span.point(shown, 1, 1), "S007")


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
        return read_stdin()
    if is_revision(shown):
        return _read_revision(shown)
    return read_source(shown)


def read_stdin() -> SourceFile | Unreadable:
    """Standard input, up to the size limit."""
    max_size = limits().max_size
    data = sys.stdin.buffer.read(max_size + 1)
    return too_large("<stdin>", len(data), max_size, exact=False) if len(data) > max_size else decoded("<stdin>", data)


def _read_revision(spec: str) -> SourceFile | Unreadable:
    try:
        kind = _revision_kind(spec)
        if kind is not None:
            return kind
        done = subprocess.run(["git", "show", spec], capture_output=True, timeout=60)
    except FileNotFoundError:
        return Unreadable(spec, "reading a revision needs git, which is not installed", Span.point(spec, 1, 1))
    except subprocess.TimeoutExpired:
        return Unreadable(spec, "git did not answer within 60 seconds", Span.point(spec, 1, 1))
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        reason = said[0].removeprefix("fatal: ") if said else f"git show exited with code {done.returncode}"
        return Unreadable(spec, f"git cannot show it: {reason}", Span.point(spec, 1, 1))
    if len(done.stdout) > limits().max_size:
        return too_large(spec, len(done.stdout), limits().max_size)
    return decoded(spec, done.stdout)


def _revision_kind(spec: str) -> Unreadable | None:
    """What git holds at `spec`, asked before a byte of it is read: a directory (which `git show` would
    list as if it were text) is refused as a directory on disk is, and a file larger than the limit is
    refused before git writes it out. None when it is a file within the limit, or missing (git show says why)."""
    asked = subprocess.run(["git", "cat-file", "--batch-check=%(objecttype) %(objectsize)"],
                           input=spec.encode("utf-8") + b"\n", capture_output=True, timeout=60)
    kind, _, size = asked.stdout.decode("utf-8", errors="replace").strip().partition(" ")
    if asked.returncode != 0 or not size.isdigit():
        return None
    if kind == "tree":
        return Unreadable(spec, "it is a directory, not a regular file", Span.point(spec, 1, 1))
    if kind != "blob":
        return Unreadable(spec, f"it is a git {kind}, not a file", Span.point(spec, 1, 1))
    if int(size) > limits().max_size:
        return too_large(spec, int(size), limits().max_size)
    return None


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
    return finding(unreadable.code, unreadable.span, path=unreadable.path, reason=unreadable.reason)


# ---- paths that a case names ------------------------------------------------------------------------


def confined(folder, written: str, root) -> tuple[Path | None, str | None]:
    """(the file to read, as `folder` and `written` name it, None), or (None, why a case may not name it).

    `written` is read relative to `folder`; the file must lie inside the directory tree
    `root` after every `..` and symbolic link is followed, or under a directory the run
    allows (`--allow-outside`). An absolute path is refused unless it lies under such a
    directory: a case names the files it relies on relative to itself.
    """
    allowed = limits().allow_outside
    if "\0" in written:
        return None, "the path contains a NUL byte"
    try:
        target = (Path(folder) / written).resolve()
        inside = target.is_relative_to(Path(root).resolve())
    except RuntimeError:  # Python before 3.13 reports a loop of symbolic links so
        return None, "the path runs into a loop of symbolic links"
    except (OSError, ValueError) as error:
        return None, getattr(error, "strerror", None) or str(error)
    shown = Path(folder) / written
    if any(target.is_relative_to(directory) for directory in allowed):
        return shown, None
    permit = "--allow-outside DIR permits files under DIR"
    if os.path.isabs(written):
        return None, f"a case names the files it relies on relative to itself, not by an absolute path ({permit})"
    if not inside:
        return None, f"it lies outside the directory tree of the case being checked ({permit})"
    return shown, None


def user_cache_dir() -> Path:
    """Where Warrant keeps what it can rebuild (the built grammar, checked results): never beside a case.

    $XDG_CACHE_HOME/warrant, else ~/.cache/warrant (the XDG base directory convention).
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "warrant"
