"""A small pretty-printing document algebra and its printer: groups that fit on a line stay flat, others break.

The formatter (`formatter.py`) describes a case as a document; this module decides
where lines break and aligns columns. It knows nothing of the case language.

A document is a `str` (text), a `list` (concatenation), or one of the classes
below. The printer follows Wadler's "prettier printer" (a group is printed flat
when its content, and what follows it up to the next line break, fits in the
width; otherwise its line breaks become new lines), written with an explicit
stack so deep formulas cannot exhaust Python's recursion limit. Two additions:

* `Comment`: text that must end its line (a `#` comment). A group that contains
  one cannot be flat, and the next text after it starts a new line.
* `Tab`: an elastic tab stop. After printing, the cells before a tab stop are
  padded so that consecutive lines with the same tab stops align (like gofmt's
  tabwriter), for instance `affordance` markers or trailing comments.
"""
from __future__ import annotations

import attrs


@attrs.frozen
class Line:
    """A line break in a broken group; in a flat group, `flat` (a space, or nothing)."""

    flat: str = " "


SOFT = Line("")
SPACE = Line(" ")


@attrs.frozen
class Hard:
    """A line break whatever the group; `blank` asks for one empty line before the next text (never two)."""

    blank: bool = False


@attrs.frozen
class Nest:
    """Line breaks inside `doc` indent `by` more columns."""

    by: int
    doc: object


@attrs.frozen
class Group:
    """Printed flat when it fits, else its `Line`s break."""

    doc: object


@attrs.frozen
class Comment:
    """A comment: printed where it stands, and the line ends after it."""

    text: str


@attrs.frozen
class Tab:
    """An elastic tab stop of a `kind` (only stops of the same kind align), at least `pad` spaces wide."""

    kind: str
    pad: int = 1


_FLAT, _BREAK = 0, 1


@attrs.define
class _OutLine:
    indent: int
    parts: list = attrs.Factory(list)  # str and Tab
    blank_before: bool = False


class _Printer:
    def __init__(self, width: int):
        self.width = width
        self.lines: list[_OutLine] = []
        self.line = _OutLine(0)
        self.column = 0
        self.must_break = False  # a comment ended the current line

    def newline(self, indent: int, blank: bool = False) -> None:
        """End the current line (if it has text); the next text starts at `indent`."""
        if self.line.parts:
            self.lines.append(self.line)
            self.line = _OutLine(indent)
        else:
            self.line.indent = indent
        if blank and self.lines:
            self.line.blank_before = True
        self.column = indent
        self.must_break = False

    def text(self, text: str, indent: int) -> None:
        if not text or self.must_break and text.isspace():
            return  # a space at the start of a line is never wanted
        if self.must_break:
            self.newline(indent)
        self.line.parts.append(text)
        self.column += len(text)

    def comment(self, text: str, indent: int) -> None:
        if self.line.parts and not self.must_break:
            self.line.parts.append(Tab("comment", 2))
            self.column += 2
        elif self.must_break:
            self.newline(indent)
        self.line.parts.append(text)
        self.column += len(text)
        self.must_break = True

    def run(self, doc) -> list[_OutLine]:
        stack = [(0, _BREAK, doc)]
        while stack:
            indent, mode, item = stack.pop()
            if isinstance(item, str):
                self.text(item, indent)
            elif isinstance(item, list):
                stack.extend((indent, mode, part) for part in reversed(item))
            elif isinstance(item, Nest):
                stack.append((indent + item.by, mode, item.doc))
            elif isinstance(item, Group):
                room = self.width - (indent if self.must_break else self.column)
                flat = mode == _FLAT or _fits(room, item.doc, stack)
                stack.append((indent, _FLAT if flat else _BREAK, item.doc))
            elif isinstance(item, Line):
                if mode == _FLAT and not self.must_break:
                    self.text(item.flat, indent)
                else:
                    self.newline(indent)
            elif isinstance(item, Hard):
                self.newline(indent, item.blank)
            elif isinstance(item, Comment):
                self.comment(item.text, indent)
            elif isinstance(item, Tab):
                if not self.must_break and self.line.parts:
                    self.line.parts.append(item)
                    self.column += item.pad
            else:
                raise TypeError(f"not a document: {item!r}")
        if self.line.parts:
            self.lines.append(self.line)
        return self.lines


def _fits(room: int, doc, rest) -> bool:
    """Whether `doc`, flat, and what follows it up to the next line break fit in `room` columns.

    Everything on `rest` (the printer's stack) is in break mode: a flat group's
    content is printed before anything below it on the stack is looked at.
    """
    pending = [(_FLAT, doc)]
    below = len(rest)
    while room >= 0:
        if not pending:
            if below == 0:
                return True
            below -= 1
            _, mode, item = rest[below]
            pending.append((mode, item))
            continue
        mode, item = pending.pop()
        if isinstance(item, str):
            room -= len(item)
        elif isinstance(item, list):
            pending.extend((mode, part) for part in reversed(item))
        elif isinstance(item, (Nest, Group)):
            pending.append((mode, item.doc))
        elif isinstance(item, Line):
            if mode == _BREAK:
                return True
            room -= len(item.flat)
        elif isinstance(item, Hard):
            # In the group being measured a forced break means it cannot be flat; after it, the line ends.
            return mode == _BREAK
        elif isinstance(item, Comment):
            # A comment ends its line: the group fits flat only if nothing of it is left to print.
            return mode == _BREAK or not any(_has_text(doc) for _, doc in pending)
        elif isinstance(item, Tab):
            room -= item.pad
    return False


def _has_text(doc) -> bool:
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if item:
                return True
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, (Nest, Group)):
            stack.append(item.doc)
        elif isinstance(item, (Comment, Hard)):
            return True
    return False


def render(doc, width: int) -> str:
    """The document printed in `width` columns, columns aligned at tab stops, one newline at the end."""
    lines = _Printer(width).run(doc)
    texts = _align(lines)
    out = []
    for line, text in zip(lines, texts):
        if line.blank_before:
            out.append("")
        out.append(text)
    return "\n".join(out) + "\n" if out else ""


def _align(lines: list[_OutLine]) -> list[str]:
    """Pad the cells before each tab stop so that runs of consecutive lines with the same stops align."""
    cells = [_cells(line.parts) for line in lines]  # each: (texts, kinds, pads)
    widths = [[len(text) for text in texts] for texts, _, _ in cells]
    column = 0
    while any(column < len(kinds) for _, kinds, _ in cells):
        for run in _runs(lines, cells, column):
            widest = max(widths[i][column] for i in run)
            for i in run:
                widths[i][column] = widest
        column += 1
    out = []
    for line, (texts, kinds, pads), width in zip(lines, cells, widths):
        pieces = [text.ljust(width[i]) + " " * pads[i] if i < len(kinds) else text for i, text in enumerate(texts)]
        out.append((" " * line.indent + "".join(pieces)).rstrip())
    return out


def _runs(lines, cells, column: int):
    """Maximal runs of consecutive lines (no blank line between) whose stops up to `column` match."""
    run, key = [], None
    for index in range(len(lines)):
        this = _run_key(lines, cells, index, column)
        if this is not None and this == key and not lines[index].blank_before:
            run.append(index)
            continue
        if run:
            yield run
        run, key = ([index], this) if this is not None else ([], None)
    if run:
        yield run


def _cells(parts) -> tuple:
    texts, kinds, pads, current = [], [], [], []
    for part in parts:
        if isinstance(part, Tab):
            texts.append("".join(current).rstrip())
            kinds.append(part.kind)
            pads.append(part.pad)
            current = []
        else:
            current.append(part)
    texts.append("".join(current))
    return texts, kinds, pads


def _run_key(lines, cells, index: int, column: int):
    """What must match for a line to align its `column`-th cell with its neighbours', or None if it has no such stop."""
    _, kinds, _ = cells[index]
    if column >= len(kinds):
        return None
    return lines[index].indent, tuple(kinds[: column + 1])
