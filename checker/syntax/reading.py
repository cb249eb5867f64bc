"""Reading a file from disk: UTF-8 text without a byte-order mark, or the reason it cannot be read, located."""
from __future__ import annotations

import os
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
