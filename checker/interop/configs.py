"""Deployment configuration files (JSON or YAML) -> values of a case's context variables, or located findings."""
from __future__ import annotations

import datetime
import difflib
import json
import math
import re
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

import attrs
import yaml

from ..semantics import model as m
from ..findings.finding import finding
from ..syntax.reading import Unreadable, read_source
from ..syntax.source import SourceFile, Span
from ..semantics.world import Member, World, show_number

_READERS = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@attrs.frozen
class Entry:
    """One top-level key of a configuration, with where its key and its value stand."""

    key: object
    value: object
    key_span: Span
    value_span: Span


@attrs.frozen
class Config:
    """A configuration read against one case: the values it gives, where they stand, and what went wrong."""

    source: SourceFile
    values: dict  # variable name -> value, as World.context holds them
    spans: Mapping  # variable name -> span of its value
    findings: tuple  # C203, C204, C205: all make the configuration unreadable

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def world(self) -> World:
        return World(context=dict(self.values))

    def span_of(self, name: str) -> Span | None:
        return self.spans.get(name)


def load_config(path, case: m.Case) -> Config:
    """Read a configuration file and convert its values to the case's context types; never raises on bad input."""
    shown = str(path)
    source = read_source(shown)
    if isinstance(source, Unreadable):
        return _unreadable(SourceFile(shown, ""), source.reason, source.span)
    text = source.text
    reader = _READERS.get(Path(shown).suffix.lower())
    if reader is None:
        return _unreadable(source, "the file name must end in .json, .yaml or .yml", Span.point(shown, 1, 1))
    entries, problem = (_json_entries if reader == "json" else _yaml_entries)(shown, text)
    if problem is not None:
        return _unreadable(source, *problem)
    return _convert_entries(source, entries, case)


# ---- JSON lines: one configuration per line (`.jsonl`), read against one case -----------------


class _Pairs(list):
    """A JSON object as its (key, value) pairs, in order, repeats kept."""


# One decoder for every line (json.loads builds a new one per call when given options).
_LINE_DECODER = json.JSONDecoder(parse_float=Fraction, object_pairs_hook=_Pairs)


def is_config_lines(path) -> bool:
    """A `.jsonl` file holds one JSON configuration per line."""
    return Path(str(path)).suffix.lower() == ".jsonl"


def line_values(text: str, case: m.Case) -> dict | None:
    """A line's values, converted to the case's types, when the line is a plain valid configuration; else None.

    The quick reading of a batch: no positions are looked for. A line this
    returns None for (or that turns out to be outside the boundary) is read
    again with `line_config`, which locates what is wrong.
    """
    try:
        pairs = _LINE_DECODER.decode(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(pairs, _Pairs):
        return None
    values = {}
    for key, value in pairs:
        var = case.context.get(key) if isinstance(key, str) else None
        if var is None or key in values or _nested(value):
            return None
        try:
            values[key] = convert(value, var.type, case)
        except _Bad:
            return None
    return values


def _nested(value) -> bool:
    """A mapping, or a list holding a mapping or a list: no context value is that (the located reading says why)."""
    return isinstance(value, _Pairs) or (isinstance(value, list) and any(isinstance(v, list) for v in value))


def line_config(path: str, number: int, text: str, case: m.Case, values: dict | None = None) -> Config:
    """Line `number` of a JSON-lines file as a configuration of its own, every span located on that line.

    Its path reads `FILE:LINE`, so a finding names the configuration it is about.
    `values` are the line's values when `line_values` read them: the spans of
    such a line are found only when a finding asks for them.
    """
    source = SourceFile(f"{path}:{number}", text)
    if values is not None:
        return Config(source, values, _LineSpans(path, number, text, values), ())
    entries, problem = _json_entries(path, text)
    if problem is not None:
        reason, span = problem
        return _unreadable(source, reason, _on_line(span, number))
    entries = [attrs.evolve(e, key_span=_on_line(e.key_span, number), value_span=_on_line(e.value_span, number))
               for e in entries]
    return _convert_entries(source, entries, case)


class _LineSpans(Mapping):
    """Where each value of a valid line stands, found when asked: a judgement of a batch asks for few."""

    def __init__(self, path: str, number: int, text: str, names):
        self._path, self._number, self._text, self._names = path, number, text, tuple(names)
        self._found = {}

    def __getitem__(self, name: str) -> Span:
        if name not in self._names:
            raise KeyError(name)
        if name not in self._found:
            entry = _json_entry(self._path, self._text, name, None)
            self._found[name] = _on_line(entry.value_span, self._number)
        return self._found[name]

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _on_line(span: Span, number: int) -> Span:
    """A span found in one line's text, moved to where that line stands in its file."""
    return attrs.evolve(span, line=number, end_line=number)


def unreadable_config(unreadable: Unreadable) -> Config:
    """A configuration file that cannot be read at all (C203 where reading failed)."""
    return _unreadable(SourceFile(unreadable.path, ""), unreadable.reason, unreadable.span)


def _unreadable(source: SourceFile, reason: str, span: Span) -> Config:
    return Config(source, {}, {}, (finding("C203", span, path=source.path, reason=reason),))


# ---- JSON ---------------------------------------------------------------------------------


def _json_entries(path: str, text: str):
    """(entries, None) or (None, (reason, span)). Numbers with a point are read exactly, as Fractions."""
    duplicates = []

    def pairs(items):
        seen = set()
        for key, _ in items:
            if key in seen:
                duplicates.append(key)
            seen.add(key)
        return dict(items)

    try:
        data = json.loads(text, parse_float=Fraction, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        return None, (f"not valid JSON: {error.msg}", Span.point(path, error.lineno, error.colno))
    except (ValueError, RecursionError) as error:  # an integer too long to convert, or nesting too deep
        return None, (f"not valid JSON: {_reason(error)}", Span.point(path, 1, 1))
    if duplicates:
        where = _json_key_span(path, text, duplicates[0]) or Span.point(path, 1, 1)
        return None, (f"key `{duplicates[0]}` is given twice", where)
    if not isinstance(data, dict):
        return None, (f"the top level must be a mapping of context variables to values, not {_found(data)}",
                      Span.point(path, 1, 1))
    return [_json_entry(path, text, key, value) for key, value in data.items()], None


def _json_entry(path: str, text: str, key: str, value) -> Entry:
    key_span = _json_key_span(path, text, key)
    if key_span is None:  # written with escapes the search cannot see: the file as a whole
        start = Span.point(path, 1, 1)
        return Entry(key, value, start, start)
    return Entry(key, value, key_span, _json_value_span(path, text, key_span))


def _json_key_span(path: str, text: str, key: str) -> Span | None:
    """The first `"key":` in the text. JSON keeps no positions; a nested key of the same name may come first."""
    quoted = json.dumps(key, ensure_ascii=False)
    match = re.search(re.escape(quoted) + r"\s*:", text)
    if match is None:
        return None
    line, column = _line_column(text, match.start())
    return Span(path, line, column, line, column + len(quoted))


_JSON_SCALAR = re.compile(r'"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|true|false|null')


def _json_value_span(path: str, text: str, key_span: Span) -> Span:
    """The value after the key: a scalar exactly, a list or object to the end of its line."""
    line = text.split("\n")[key_span.line - 1]
    rest = line[key_span.end_column - 1:]
    start = key_span.end_column + len(rest) - len(rest.lstrip().removeprefix(":").lstrip())
    scalar = _JSON_SCALAR.match(line, start - 1)
    shown = scalar.group() if scalar else line[start - 1:].rstrip().removesuffix(",").rstrip()
    if not shown:  # the value starts on a later line
        return key_span
    return Span(path, key_span.line, start, key_span.line, start + len(shown))


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# ---- YAML ---------------------------------------------------------------------------------


def _yaml_entries(path: str, text: str):
    """(entries, None) or (None, (reason, span)), read with the safe loader; nodes give every key's place."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return [], None  # an empty document: a configuration that gives nothing
        if not isinstance(root, yaml.MappingNode):
            return None, (f"the top level must be a mapping of context variables to values, not {_node_kind(root)}",
                          _node_span(path, root))
        return _yaml_mapping(path, loader, root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        span = Span.point(path, mark.line + 1, mark.column + 1) if mark else Span.point(path, 1, 1)
        return None, (f"not valid YAML: {error.problem or error.context}", span)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        return None, (f"not valid YAML: {_reason(error)}", Span.point(path, 1, 1))
    finally:
        loader.dispose()


def _yaml_mapping(path: str, loader, root):
    entries, seen = [], set()
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode):
            return None, ("a key must be the name of a context variable, not a list or mapping",
                          _node_span(path, key_node))
        key = loader.construct_object(key_node, deep=True)
        shown = key if isinstance(key, str) else key_node.value
        if shown in seen:
            return None, (f"key `{shown}` is given twice", _node_span(path, key_node))
        seen.add(shown)
        entries.append(Entry(shown, _yaml_value(loader, value_node), _node_span(path, key_node),
                             _node_span(path, value_node)))
    return entries, None


def _yaml_value(loader, node):
    """The value a node builds; a scalar YAML cannot build (the day 2026-02-30) stays text for the type to judge."""
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        return node.value if isinstance(node, yaml.ScalarNode) else None


def _node_kind(node) -> str:
    return "a list" if isinstance(node, yaml.SequenceNode) else f"the single value `{node.value}`"


def _node_span(path: str, node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(path, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _reason(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error).split("\n")[0] or type(error).__name__


# ---- values ---------------------------------------------------------------------------------


class _Bad(Exception):
    """A value that does not fit its variable's type: what was expected, what was found, and a hint."""

    def __init__(self, expected: str, found: str, hint: str | None = None):
        super().__init__(expected)
        self.expected, self.found, self.hint = expected, found, hint


def _convert_entries(source: SourceFile, entries, case: m.Case) -> Config:
    values, spans, findings = {}, {}, []
    for entry in entries:
        var = case.context.get(entry.key) if isinstance(entry.key, str) else None
        if var is None:
            findings.append(_unknown_key(entry, case))
            continue
        try:
            values[var.name] = convert(entry.value, var.type, case)
        except _Bad as bad:
            findings.append(finding("C205", entry.value_span, variable=var.name, expected=bad.expected,
                                    found=bad.found, help=bad.hint))
            continue
        spans[var.name] = entry.value_span
    return Config(source, values, spans, tuple(findings))


def _unknown_key(entry: Entry, case: m.Case):
    close = difflib.get_close_matches(str(entry.key), list(case.context), n=1, cutoff=0.6)
    if close:
        hint = f"did you mean `{close[0]}`?"
    elif case.context:
        hint = "the context declares " + ", ".join(f"`{name}`" for name in case.context)
    else:
        hint = "the case declares no context variables"
    return finding("C204", entry.key_span, key=str(entry.key), case=case.name, help=hint)


def convert(value, var_type: m.Type, case: m.Case):
    """A configuration value as World.context holds it, or _Bad."""
    kind = var_type.kind
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise _Bad("true or false", _found(value))
    if kind in ("int", "real"):
        return _number(value, kind)
    if kind == "string":
        if isinstance(value, str):
            return value
        hint = f'quote it: "{value}"' if isinstance(value, (int, float, Fraction, datetime.date)) else None
        raise _Bad("a string", _found(value), hint)
    if kind == "date":
        return _date(value)
    if kind == "enum":
        return _member(value, var_type.enum, case)
    return _members(value, var_type.enum, case)


def _number(value, kind: str) -> Fraction:
    wanted = "a whole number" if kind == "int" else "a number"
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)):
        raise _Bad(wanted, _found(value))
    if isinstance(value, float) and not math.isfinite(value):
        raise _Bad(f"a finite {wanted.removeprefix('a ')}", _found(value))
    # str() first: the float 0.1 is written "0.1", and 0.1 is what the author meant.
    number = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    if kind == "int" and number.denominator != 1:
        raise _Bad(wanted, _found(value))
    return number


def _date(value) -> datetime.date:
    wanted = "a date (YYYY-MM-DD)"
    if isinstance(value, datetime.datetime):
        raise _Bad(wanted, f"the time {value.isoformat(sep=' ')}", "give the day alone")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise _Bad(wanted, f'"{value}", which is no day of the calendar') from None
    raise _Bad(wanted, _found(value))


def _member(value, enum_name: str, case: m.Case) -> Member:
    members = case.enums[enum_name].members
    wanted = f"a value of `{enum_name}` ({', '.join(members)})"
    if not isinstance(value, str):
        raise _Bad(wanted, _found(value))
    if value in members:
        return Member(value)
    owners = [e.name for e in case.enums.values() if value in e.members]
    if owners:
        raise _Bad(wanted, f"`{value}`, which belongs to `{owners[0]}`")
    close = difflib.get_close_matches(value, list(members), n=1, cutoff=0.6)
    raise _Bad(wanted, f"`{value}`", f"did you mean `{close[0]}`?" if close else None)


def _members(value, enum_name: str, case: m.Case) -> frozenset:
    if not isinstance(value, list):
        hint = "write a list, `[]` for none" if value is None or isinstance(value, str) else None
        raise _Bad(f"a list of `{enum_name}` values", _found(value), hint)
    return frozenset(_member(item, enum_name, case) for item in value)


def _found(value) -> str:
    """A value as the configuration wrote it, or what kind of thing it is."""
    if value is None:
        return "no value (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return f"the number {show_number(value)}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = json.dumps(value, ensure_ascii=False)
        return shown if len(shown) <= 60 else shown[:56] + '..."'
    if isinstance(value, datetime.datetime):
        return f"the time {value.isoformat(sep=' ')}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"
