"""Source files and spans: where in which file a node or a finding stands."""
from __future__ import annotations

import functools
import os

import attrs


@attrs.frozen(order=True)
class Span:
    """A region of one source file; lines and columns count from 1.

    `origin` is set on spans inside a pattern instance: the span itself is the `use`
    line, and the origin says which pattern line produced the node.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    origin: "Origin | None" = attrs.field(default=None, eq=False, order=False, repr=False)

    @classmethod
    def point(cls, path: str, line: int, column: int) -> "Span":
        return cls(path, line, column, line, column + 1)

    def label(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@attrs.frozen
class Origin:
    """Where in a pattern a node of an instance was written, and a note naming the pattern and instance."""

    span: Span
    note: str


@attrs.frozen
class SourceFile:
    """The text of one case file, kept so reporters can quote its lines."""

    path: str
    text: str

    def line_text(self, line: int) -> str:
        lines = _lines(self.text)
        return lines[line - 1] if 0 < line <= len(lines) else ""


@functools.lru_cache(maxsize=2)
def _lines(text: str) -> tuple:
    """The text split into lines once, however many findings quote it (100,000 findings in one file).

    Only "\n" ends a line, as in the parser's own line count.
    """
    return tuple(text.split("\n"))


def file_identity(path: str) -> str:
    """One name per file however it is reached (`requires` cycles compare these).

    os.path.realpath, not Path.resolve: a loop of symbolic links makes Path.resolve raise RuntimeError (Python
    3.11), where realpath gives a name; reading the file then reports the loop, located."""
    return os.path.realpath(path) if path != "<string>" else path


# Span fields take no part in node equality: two nodes are equal when they
# say the same thing, wherever they were written.
def span_field():
    return attrs.field(eq=False, repr=False, default=None)
