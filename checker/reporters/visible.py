"""Text from case files made safe to print on a terminal or in a CI log.

A case file may hold any character in a title, a string or a comment, and a file
name may too. Printed raw, a control character (an ANSI escape sequence, a carriage
return, a line feed inside a title) can recolour, rewrite or forge lines of the
output, and a bidirectional override (the "Trojan Source" characters, CVE-2021-42574)
can show a reader text in another order than the one the checker read. `visible`
writes each of them as an escape (`\\x1b`, `\\u202e`) that shows what is there.
A tab stays a tab.
"""
from __future__ import annotations

import re

# C0 controls but the tab, DEL and the C1 controls; the bidirectional marks, embeddings,
# overrides and isolates; the line and paragraph separators.
_HIDDEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control and bidirectional character written as an escape."""
    return _HIDDEN.sub(_escape, text) if _HIDDEN.search(text) else text


def source_lines(text: str) -> list[str]:
    """A case's text as lines to quote: split at "\n" only, as the parser counts lines (SourceFile.line_text),
    with the carriage return that ends a CRLF line dropped: it ends the line, it is no character of it,
    so it is never quoted (as `\\x0d` in text, or as a second line break in a browser's <pre>)."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def visible_text(text: str) -> str:
    """`text` made visible as `visible` makes it, line by line: its line breaks stay line breaks, for an
    output that shows several lines (a tooltip, a <pre> block); every other control is an escape."""
    return "\n".join(visible(line) for line in text.split("\n")) if _HIDDEN.search(text) else text
