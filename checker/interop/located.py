"""JSON and YAML read into trees that know where every key and value stands (line and column in the real file).

Python's json module keeps no positions, so JSON is read here by a small strict
parser (RFC 8259: objects, arrays, strings with every escape, numbers, true,
false, null; nothing else); YAML is composed by PyYAML's safe loader, whose
nodes carry marks; YAML numbers in scientific notation (`1e-1`, which YAML 1.1 reads
as text) are numbers, as in YAML 1.2. Both give the same tree: `Mapping`, `Sequence` and `Scalar`
nodes, each with its span. Numbers with a fraction or exponent are read
exactly, as Fractions (`0.1` is 1/10). A key given twice is an error, located
at its second occurrence, rather than letting one value silently win.

`read_json` and `read_yaml` never raise on bad input: they return (tree, None)
or (None, ReadError), the reason with the place reading stopped.
"""
from __future__ import annotations

import functools
import re
from fractions import Fraction

import attrs

from ..syntax.source import Span

MAX_DEPTH = 200  # deeper input is refused with a located error instead of exhausting the stack
# YAML aliases repeat a node wherever they name it; nine aliases of nine aliases ... of a list (a "billion laughs")
# compose to a few hundred bytes and expand to 9**9 values: more values repeated than this are refused, located.
MAX_REPEATED = 100_000


@attrs.frozen
class Scalar:
    value: object  # str, int, Fraction, bool, None, datetime.date (YAML), float (YAML: .inf, .nan, 1_0.5)
    span: Span


@attrs.frozen
class Sequence:
    items: tuple  # of nodes
    span: Span


@attrs.frozen
class Mapping:
    entries: tuple  # of (key, key span, node); keys as written (str for JSON; any scalar for YAML)
    span: Span

    def get(self, key):
        for name, _, node in self.entries:
            if name == key:
                return node
        return None


class ReadError(Exception):
    """Why a text is not the JSON or YAML expected, and where."""

    def __init__(self, reason: str, span: Span):
        super().__init__(reason)
        self.reason, self.span = reason, span


def plain(node):
    """The tree as Python values: dicts, lists and scalars."""
    if isinstance(node, Mapping):
        return {key: plain(value) for key, _, value in node.entries}
    if isinstance(node, Sequence):
        return [plain(item) for item in node.items]
    return node.value


def kind_of(node) -> str:
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "a single value"


# ---- JSON ------------------------------------------------------------------------------------------

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_WORDS = {"true": True, "false": False, "null": None}
_WHITESPACE = " \t\n\r"


def read_json(text: str, path: str, first_line: int = 1):
    """(tree, None) or (None, ReadError). `first_line` numbers the text's first line (a JSON-lines batch)."""
    try:
        return _JsonReader(text, path, first_line).document(), None
    except ReadError as error:
        return None, error


class _JsonReader:
    """Recursive descent over the text; `at` is the offset of the next character."""

    def __init__(self, text: str, path: str, first_line: int):
        self.text, self.path, self.first_line = text, path, first_line
        self.at = 0
        self.line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    # -- positions --

    def position(self, offset: int) -> tuple[int, int]:
        low, high = 0, len(self.line_starts) - 1
        while low < high:  # the last line start at or before the offset
            middle = (low + high + 1) // 2
            if self.line_starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return self.first_line + low, offset - self.line_starts[low] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(self.path, line, column, end_line, end_column)

    def fail(self, reason: str, offset: int | None = None):
        offset = self.at if offset is None else offset
        raise ReadError(f"not valid JSON: {reason}", self.span(offset, min(offset + 1, len(self.text))))

    def found(self) -> str:
        if self.at >= len(self.text):
            return "the end of the text"
        return f"`{self.text[self.at]}`"

    # -- grammar --

    def document(self):
        self.skip()
        if self.at >= len(self.text):
            self.fail("the text is empty")
        node = self.value(0)
        self.skip()
        if self.at < len(self.text):
            self.fail(f"{self.found()} after the value; one JSON value per document")
        return node

    def skip(self) -> None:
        while self.at < len(self.text) and self.text[self.at] in _WHITESPACE:
            self.at += 1

    def value(self, depth: int):
        if depth > MAX_DEPTH:
            self.fail(f"nested deeper than {MAX_DEPTH} levels")
        char = self.text[self.at] if self.at < len(self.text) else ""
        if char == "{":
            return self.mapping(depth)
        if char == "[":
            return self.sequence(depth)
        if char == '"':
            start = self.at
            return Scalar(self.string(), self.span(start, self.at))
        if char == "-" or char.isdigit():
            return self.number()
        for word, meaning in _WORDS.items():
            if self.text.startswith(word, self.at):
                start, self.at = self.at, self.at + len(word)
                return Scalar(meaning, self.span(start, self.at))
        self.fail(f"expected a value, found {self.found()}")

    def mapping(self, depth: int) -> Mapping:
        start, entries, seen = self.at, [], set()
        self.at += 1
        self.skip()
        if self.take("}"):
            return Mapping((), self.span(start, self.at))
        while True:
            self.skip()
            if self.at >= len(self.text) or self.text[self.at] != '"':
                self.fail(f"expected a key in double quotes, found {self.found()}")
            key_start = self.at
            key = self.string()
            key_span = self.span(key_start, self.at)
            if key in seen:
                raise ReadError(f"key `{key}` is given twice", key_span)
            seen.add(key)
            self.skip()
            if not self.take(":"):
                self.fail(f"expected `:` after the key, found {self.found()}")
            self.skip()
            entries.append((key, key_span, self.value(depth + 1)))
            self.skip()
            if self.take("}"):
                return Mapping(tuple(entries), self.span(start, self.at))
            if not self.take(","):
                self.fail(f"expected `,` or `}}`, found {self.found()}")

    def sequence(self, depth: int) -> Sequence:
        start, items = self.at, []
        self.at += 1
        self.skip()
        if self.take("]"):
            return Sequence((), self.span(start, self.at))
        while True:
            self.skip()
            items.append(self.value(depth + 1))
            self.skip()
            if self.take("]"):
                return Sequence(tuple(items), self.span(start, self.at))
            if not self.take(","):
                self.fail(f"expected `,` or `]`, found {self.found()}")

    def take(self, char: str) -> bool:
        if self.text.startswith(char, self.at):
            self.at += 1
            return True
        return False

    def string(self) -> str:
        self.at += 1  # the opening quote
        parts = []
        while True:
            if self.at >= len(self.text):
                self.fail("a string is not closed")
            char = self.text[self.at]
            if char == '"':
                self.at += 1
                return "".join(parts)
            if char == "\\":
                parts.append(self.escape())
                continue
            if ord(char) < 0x20:
                self.fail("a control character inside a string (write it as an escape such as \\n)")
            parts.append(char)
            self.at += 1

    def escape(self) -> str:
        start = self.at
        letter = self.text[self.at + 1: self.at + 2]
        if letter in _ESCAPES:
            self.at += 2
            return _ESCAPES[letter]
        if letter != "u":
            self.fail(f"unknown escape `\\{letter}`", start)
        unit = self.hex_unit()
        if 0xD800 <= unit < 0xDC00 and self.text.startswith("\\u", self.at):
            low_start = self.at
            low = self.hex_unit()
            if 0xDC00 <= low < 0xE000:
                return chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            self.at = low_start  # not a pair: the first stands alone
        return chr(unit)

    def hex_unit(self) -> int:
        digits = self.text[self.at + 2: self.at + 6]
        if len(digits) != 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
            self.fail("`\\u` must be followed by four hexadecimal digits")
        self.at += 6
        return int(digits, 16)

    def number(self) -> Scalar:
        start = self.at
        self.take("-")
        if self.take("0"):
            pass
        elif self.at < len(self.text) and self.text[self.at] in "123456789":
            self.digits()
        else:
            self.fail("a number needs a digit after `-`")
        exact = True
        if self.take("."):
            exact = False
            if not self.digits():
                self.fail("a number needs digits after its decimal point")
        if self.at < len(self.text) and self.text[self.at] in "eE":
            exact = False
            self.at += 1
            if self.at < len(self.text) and self.text[self.at] in "+-":
                self.at += 1
            if not self.digits():
                self.fail("a number needs digits in its exponent")
        written = self.text[start:self.at]
        if len(written) > 4300:  # Python refuses to convert or print longer integers (a fraction's too)
            self.fail(f"{'an integer' if exact else 'a number'} with more than 4300 digits", start)
        value = int(written) if exact else _exact(written, self, start)
        return Scalar(value, self.span(start, self.at))

    def digits(self) -> bool:
        start = self.at
        while self.at < len(self.text) and self.text[self.at].isascii() and self.text[self.at].isdigit():
            self.at += 1
        return self.at > start


def _exact(written: str, reader: _JsonReader, start: int) -> Fraction:
    mantissa, _, exponent = written.lower().partition("e")
    if exponent and abs(int(exponent)) > 10000:  # 1e999999999 would take the machine's memory
        reader.fail("an exponent beyond 10000", start)
    return Fraction(written)


# ---- YAML ------------------------------------------------------------------------------------------


def read_yaml(text: str, path: str, *, several: bool = False):
    """(tree, None) or (None, ReadError), read with the safe loader.

    An empty document is an empty mapping. With `several`, a file of more than one
    document (a Kubernetes manifest, say) is a Sequence of its documents;
    otherwise a second document is an error.
    """
    import yaml  # here: a JSON configuration or batch does not load PyYAML

    try:
        loader = _loader_class()(text)  # the reader refuses a character YAML does not allow (NUL) here already
    except yaml.reader.ReaderError as error:
        return None, _unprintable(text, path, error)
    try:
        documents = []
        while loader.check_node():
            documents.append(loader.get_node())
        if not documents:
            return Mapping((), Span.point(path, 1, 1)), None
        if len(documents) > 1 and not several:
            return None, ReadError("not valid YAML: a configuration is one document, and this file has several",
                                   _node_span(path, documents[1]))
        built = _Built()
        trees = [_yaml_tree(loader, path, node, 0, built) for node in documents]
        if len(trees) == 1:
            return trees[0], None
        return Sequence(tuple(trees), Span(path, 1, 1, trees[-1].span.end_line, trees[-1].span.end_column)), None
    except ReadError as error:
        return None, error
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, met while reading on
        return None, _unprintable(text, path, error)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        span = Span.point(path, mark.line + 1, mark.column + 1) if mark else Span.point(path, 1, 1)
        return None, ReadError(f"not valid YAML: {error.problem or error.context}", span)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error).split("\n")[0]
        return None, ReadError(f"not valid YAML: {reason or type(error).__name__}", Span.point(path, 1, 1))
    finally:
        loader.dispose()


def _unprintable(text: str, path: str, error) -> ReadError:
    """YAML allows no control character but tab, line feeds and the like: the first one, located."""
    at = min(max(error.position, 0), len(text))
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    shown = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
    return ReadError(f"not valid YAML: the character {shown} is not allowed in YAML", Span.point(path, line, column))


# YAML 1.2's core schema reads `1e-1` and `2.5E3` as numbers; PyYAML follows YAML 1.1, whose floats need a
# dot and a signed exponent, so they were text and a configuration's `rate: 1e-1` was "not a number" (C205).
# This resolver adds the forms with an exponent that 1.1 leaves out; every other scalar resolves as before.
_EXPONENT_FLOAT = r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$"


_DECIMAL = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")  # Fraction reads these


@functools.cache
def _loader_class():
    """The safe loader, reading numbers in scientific notation as numbers (made once, when YAML is first read)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(_EXPONENT_FLOAT), list("-+0123456789."))
    return Loader


class _Built:
    """The nodes a YAML tree has been built from so far: each once, and how many times one was built again
    (an alias names it)."""

    def __init__(self):
        self.seen: set = set()
        self.repeated = 0

    def count(self, path: str, node) -> None:
        if id(node) not in self.seen:
            self.seen.add(id(node))
            return
        self.repeated += 1
        if self.repeated > MAX_REPEATED:
            raise ReadError(f"its aliases repeat more than {MAX_REPEATED:,} values (this one among them): "
                            f"write the values out, or repeat fewer", _node_span(path, node))


def _yaml_tree(loader, path: str, node, depth: int, built: _Built):
    import yaml

    if depth > MAX_DEPTH:  # also stops an alias that refers to itself
        raise ReadError(f"nested deeper than {MAX_DEPTH} levels", _node_span(path, node))
    built.count(path, node)
    span = _node_span(path, node)
    if isinstance(node, yaml.MappingNode):
        entries, seen = [], set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ReadError("a key must be a single value, not a list or mapping", _node_span(path, key_node))
            key = _yaml_scalar(loader, key_node)
            shown = key if isinstance(key, str) else key_node.value
            if shown in seen:
                raise ReadError(f"key `{shown}` is given twice", _node_span(path, key_node))
            seen.add(shown)
            entries.append((shown, _node_span(path, key_node), _yaml_tree(loader, path, value_node, depth + 1, built)))
        return Mapping(tuple(entries), span)
    if isinstance(node, yaml.SequenceNode):
        return Sequence(tuple(_yaml_tree(loader, path, item, depth + 1, built) for item in node.value), span)
    return Scalar(_yaml_scalar(loader, node), span)


def _yaml_scalar(loader, node):
    """The value a scalar builds; one YAML cannot build (the day 2026-02-30) stays text for the type to judge.

    A decimal number is read exactly, as JSON's are (`0.1` is 1/10, `1e3` is 1000), from the text as written:
    through a float it would lose digits past the 17th and show `1e3` as `1000.0`.
    """
    if node.tag == "tag:yaml.org,2002:float" and _DECIMAL.match(node.value):
        mantissa, _, exponent = node.value.lower().partition("e")
        if not exponent or abs(int(exponent)) <= 10000:  # 1e999999999 would take the machine's memory
            return Fraction(node.value)
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        return node.value


def _node_span(path: str, node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)
