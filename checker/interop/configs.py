"""Deployment configurations (JSON, YAML, JSON-lines batches, directories of them; read directly or through a map)
-> values of a case's context variables, or findings located at line and column in the real file."""
from __future__ import annotations

import datetime
import difflib
import json
import math
import re
from fractions import Fraction
from json.decoder import scanstring
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from ..findings.finding import finding
from ..semantics import model as m
from ..semantics.world import Member, World, show_number
from ..syntax.reading import Unreadable, is_revision, read_input
from ..syntax.source import SourceFile, Span
from .located import Mapping, Scalar, Sequence, kind_of, plain, read_json, read_yaml

if TYPE_CHECKING:  # in annotations only: a map is read (configmap.py) only when one is given
    from .configmap import ConfigMap

_READERS = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@attrs.frozen
class Config:
    """A configuration read against one case: the values it gives, where they stand, and what went wrong.

    `label` names it in a table: its path, or `path:LINE` for one line of a JSON-lines batch.
    """

    source: SourceFile
    values: dict  # variable name -> value, as World.context holds them
    spans: dict  # variable name -> span of its value
    findings: tuple  # C203, C204, C205, C211: all make the configuration unreadable
    label: str | None = None
    root_span: Span | None = None  # the whole document, where a missing key is reported

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def name(self) -> str:
        return self.label or self.source.path

    @property
    def world(self) -> World:
        return World(context=dict(self.values))

    def span_of(self, name: str) -> Span | None:
        return self.spans.get(name)


def load_config(path, case: m.Case, mapping: ConfigMap | None = None) -> Config:
    """Read one configuration file (or `-`, or `REV:path`) against the case; never raises on bad input.

    Without a map every top-level key must be a context variable; with one, the
    map says where each variable stands and everything else in the file is ignored.
    """
    shown = str(path)
    source = read_input(shown)
    if isinstance(source, Unreadable):
        return _unreadable(SourceFile(source.path, ""), source.reason, source.span)
    reader = _reader(source.path, source.text)
    if reader is None:
        return _unreadable(source, "the file name must end in .json, .yaml or .yml", Span.point(source.path, 1, 1))
    if reader == "json":
        root, error = read_json(source.text, source.path)
    else:
        root, error = read_yaml(source.text, source.path, several=mapping is not None)
    if error is not None:
        return _unreadable(source, error.reason, error.span)
    return from_tree(source, root, case, mapping)


def from_tree(source: SourceFile, root, case: m.Case, mapping: ConfigMap | None, label: str | None = None) -> Config:
    """A read document (located.py) as values of the case's context variables."""
    if mapping is not None:
        return _mapped(source, root, case, mapping, label)
    if not isinstance(root, Mapping):
        return _unreadable(source, f"the top level must be a mapping of context variables to values, not "
                                   f"{_top_kind(root)}", root.span, label)
    values, spans, findings = {}, {}, []
    for key, key_span, node in root.entries:
        var = case.context.get(key) if isinstance(key, str) else None
        if var is None:
            findings.append(_unknown_key(key, key_span, case))
            continue
        _convert_into(var, node, case, values, spans, findings)
    return Config(source, values, spans, tuple(findings), label, root.span)


def _mapped(source: SourceFile, root, case: m.Case, mapping: ConfigMap, label: str | None) -> Config:
    from .configmap import Missing, follow, missing_finding, translated

    values, spans, findings = {}, {}, []
    for binding in mapping.bindings:
        node = follow(root, binding.steps)
        if isinstance(node, Missing):
            if binding.default is None:
                findings.append(missing_finding(binding, label or source.path, node))  # a batch line by its name
                continue
            node = binding.default
        _convert_into(case.context[binding.variable], translated(node, binding.translate), case, values, spans,
                      findings)
    return Config(source, values, spans, tuple(findings), label, root.span)


def _convert_into(var, node, case: m.Case, values: dict, spans: dict, findings: list) -> None:
    try:
        values[var.name] = convert_node(node, var.type, case)
    except _Bad as bad:
        findings.append(finding("C205", bad.span or node.span, variable=var.name, expected=bad.expected,
                                found=bad.found, help=bad.hint))
        return
    spans[var.name] = node.span


def _reader(path: str, text: str) -> str | None:
    """json or yaml, by the file's suffix; standard input is JSON when it opens with `{`, else YAML."""
    if path == "<stdin>":
        return "json" if text.lstrip().startswith("{") else "yaml"
    return _READERS.get(Path(path).suffix.lower())


def _unreadable(source: SourceFile, reason: str, span: Span, label: str | None = None) -> Config:
    return Config(source, {}, {}, (finding("C203", span, path=label or source.path, reason=reason),), label)


def _top_kind(node) -> str:
    if isinstance(node, Scalar):
        return f"the single value `{node.value}`"
    return kind_of(node)


def _unknown_key(key, key_span: Span, case: m.Case):
    close = difflib.get_close_matches(str(key), list(case.context), n=1, cutoff=0.6)
    if close:
        hint = f"did you mean `{close[0]}`?"
    elif case.context:
        hint = "the context declares " + ", ".join(f"`{name}`" for name in case.context)
    else:
        hint = "the case declares no context variables"
    return finding("C204", key_span, key=str(key), case=case.name, help=hint)


# ---- many configurations: directories and JSON-lines batches ---------------------------------------

_BATCH = ".jsonl"


def expand_specs(specs) -> list[str]:
    """Files as given; a directory stands for every configuration file below it (.json, .yaml, .yml, .jsonl)."""
    found = []
    for spec in specs:
        path = Path(str(spec))
        if path.is_dir():
            # Every entry so named, as `check` takes every *.case: a FIFO, a dangling link or a folder called
            # x.yaml is reported as unreadable (C203) rather than left out without a word.
            found += sorted(str(p) for p in path.rglob("*") if p.suffix.lower() in (*_READERS, _BATCH))
        else:
            found.append(str(spec))
    return found


def load_configs(specs, case: m.Case, mapping: ConfigMap | None = None) -> list[Config]:
    """Every configuration the specs name, in order: a JSON-lines batch gives one per non-blank line."""
    return [_config_of(entry) for entry in load_entries(specs, case, mapping)]


def load_entries(specs, case: m.Case, mapping: ConfigMap | None = None) -> list:
    """As load_configs, but a plain valid line of a batch stays a BatchLine: its values, its Config when asked."""
    entries = []
    for spec in expand_specs(specs):
        if Path(spec).suffix.lower() == _BATCH and not is_revision(spec):
            entries += batch_entries(spec, case, mapping)
        else:
            entries.append(load_config(spec, case, mapping))
    return entries


def read_batch(path: str, case: m.Case, mapping: ConfigMap | None = None) -> list[Config]:
    """A JSON-lines file: one configuration per non-blank line, each located at its own line of the file."""
    return [_config_of(entry) for entry in batch_entries(path, case, mapping)]


def _config_of(entry) -> Config:
    return entry.config() if isinstance(entry, BatchLine) else entry


def batch_entries(path: str, case: m.Case, mapping: ConfigMap | None = None) -> list:
    """A JSON-lines file, line by line: a BatchLine for each plain valid line, a Config for every other one.

    Without a map, a line that is a plain valid configuration is decoded by the
    json module (`_quick_values`) and its spans are found only when a finding
    asks for them; every other line is read by the located reader, which says
    where it goes wrong. Both give the same configuration (tests/test_batch.py).
    """
    source = read_input(path)
    if isinstance(source, Unreadable):
        return [_unreadable(SourceFile(source.path, ""), source.reason, source.span)]
    entries = []
    memo = {}  # the batch's values converted once: its lines repeat few of them
    lines = {}  # a line's text -> its values: a batch repeats whole lines too, which then share one dict
    offsets = {}  # a line's text -> where its values stand, found once when a finding asks
    for number, line in enumerate(source.text.split("\n"), start=1):
        if not line.strip():
            continue
        label = f"{source.path}:{number}"
        values = None if mapping is not None else lines.get(line) or _line_values(line, case, memo, lines)
        if values is not None:
            entries.append(BatchLine(source, number, line, values, label, offsets))
            continue
        root, error = read_json(line, source.path, first_line=number)
        entries.append(_unreadable(source, error.reason, error.span, label) if error is not None
                       else from_tree(source, root, case, mapping, label))
    return entries


class BatchLine:
    """A plain valid line of a JSON-lines batch: its values, read by the json module, and its Config when asked.

    Judging a line needs its values alone; the Config (the spans of its values,
    the span of the whole line) is built only for a line whose report is wanted.
    """

    __slots__ = ("source", "number", "line", "values", "label", "_offsets")  # one per line of a batch

    def __init__(self, source: SourceFile, number: int, line: str, values: dict, label: str,
                 offsets: dict | None = None):
        self.source, self.number, self.line, self.values, self.label = source, number, line, values, label
        self._offsets = offsets  # line text -> where its values stand, shared by the lines of one batch

    @property
    def name(self) -> str:
        return self.label

    def config(self) -> Config:
        line, number, path = self.line, self.number, self.source.path
        start = len(line) - len(line.lstrip(_JSON_SPACE))
        root = Span(path, number, start + 1, number, len(line.rstrip(_JSON_SPACE)) + 1)
        return Config(self.source, self.values, _LineSpans(path, number, line, self._offsets), (), self.label, root)


class _Pairs(list):
    """A JSON object as its (key, value) pairs, in order, repeats kept."""


class _TooLarge(ValueError):
    """A number the located reader refuses (an exponent that would take the machine's memory, more digits than
    Python prints): that line is read located."""


def _exact_number(written: str) -> Fraction:
    # The located reader's limits (interop/located.py): beyond them the line is read there and refused, located.
    if len(written) > 4300 or abs(int(written.lower().partition("e")[2] or 0)) > 10000:
        raise _TooLarge(written)
    return Fraction(written)


# One decoder for every line (json.loads builds a new one per call when given options).
_LINE_DECODER = json.JSONDecoder(parse_float=_exact_number, object_pairs_hook=_Pairs)
_JSON_SPACE = " \t\n\r"


def _quick_line(source: SourceFile, number: int, line: str, case: m.Case, label: str,
                memo: dict | None = None, lines: dict | None = None, offsets: dict | None = None) -> Config | None:
    """A line's configuration when it is a plain valid one (an object of known, distinct keys with fitting values).

    No positions are looked for: None for any other line, which the located
    reader then reads again and locates what is wrong.
    """
    values = _line_values(line, case, memo, lines)
    return None if values is None else BatchLine(source, number, line, values, label, offsets).config()


def _line_values(line: str, case: m.Case, memo: dict | None = None, lines: dict | None = None) -> dict | None:
    """The values of a plain valid line, or None. `memo` keeps the conversions of strings, booleans, whole
    numbers and lists of strings across one batch's lines, and `lines` the values of each line text already
    read (the same dict: nothing changes a configuration's values once read)."""
    values = lines.get(line) if lines is not None else None
    if values is None:
        values = _quick_values(line, case, memo)
        if values is not None and lines is not None and len(lines) < _MEMO_SIZE:
            lines[line] = values
    return values


def _quick_values(line: str, case: m.Case, memo: dict | None) -> dict | None:
    """The values of a plain valid line, or None."""
    try:
        pairs = _LINE_DECODER.decode(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(pairs, _Pairs):
        return None
    values = {}
    for key, value in pairs:
        var = case.context.get(key)
        if var is None or key in values:
            return None
        remembered = _memo_key(key, value) if memo is not None else None
        if remembered is not None and remembered in memo:
            values[key] = memo[remembered]
            continue
        if _nested(value):
            return None
        try:
            values[key] = convert(value, var.type, case)
        except _Bad:
            return None
        if remembered is not None and len(memo) < _MEMO_SIZE:
            memo[remembered] = values[key]
    return values


_MEMO_SIZE = 4096


def _memo_key(key: str, value):
    """The key a converted value is remembered by, its type in it (True == 1 must not meet); None: not remembered."""
    kind = type(value)
    if kind is str or kind is bool or kind is int:
        return key, kind, value
    if kind is list and all(type(item) is str for item in value):
        return key, list, tuple(value)
    return None


def _nested(value) -> bool:
    """A mapping, or a list holding a mapping or a list: no context value is that (the located reading says why)."""
    return isinstance(value, _Pairs) or (isinstance(value, list) and any(isinstance(v, (list, _Pairs)) for v in value))


class _LineSpans(dict):
    """Where each value of a quickly read line stands, found when first asked: a batch's judgement asks for few.

    The line is a flat JSON object the json module has already read, so its
    values are found by the json module's own scanner (`_value_offsets`), without
    the located reader; the spans are the ones that reader gives
    (tests/test_batch.py holds them to it).
    """

    __slots__ = ("_path", "_number", "_line", "_offsets", "_shared")  # one per line of a batch: kept small

    def __init__(self, path: str, number: int, line: str, shared: dict | None = None):
        self._path, self._number, self._line = path, number, line
        self._offsets = {}
        self._shared = {} if shared is None else shared  # line text -> offsets, for the lines of one batch

    def get(self, name, default=None):
        if self._line is not None:
            found = self._shared.get(self._line)
            if found is None:
                found = _value_offsets(self._line)
                if len(self._shared) < _MEMO_SIZE:
                    self._shared[self._line] = found
            self._offsets, self._line = found, None
        if name not in self and name in self._offsets:
            start, end = self._offsets[name]
            self[name] = Span(self._path, self._number, start + 1, self._number, end + 1)
        return super().get(name, default)


_SCAN_VALUE = json.JSONDecoder().scan_once
_OPENING = re.compile(r"[ \t\n\r]*\{[ \t\n\r]*").match
_COLON = re.compile(r"[ \t\n\r]*:[ \t\n\r]*").match
_COMMA = re.compile(r"[ \t\n\r]*,?[ \t\n\r]*").match


def _value_offsets(line: str) -> dict:
    """{key: (start, end) of its value} in a line holding one JSON object, as character offsets.

    Only for lines `_quick_line` accepted (valid, an object, no repeated key),
    so the json module's own scanner can step from value to value.
    """
    offsets = {}
    at = _OPENING(line).end()
    while at < len(line) and line[at] == '"':
        key, at = scanstring(line, at + 1)
        at = _COLON(line, at).end()
        _, end = _SCAN_VALUE(line, at)
        offsets[key] = (at, end)
        at = _COMMA(line, end).end()
    return offsets


# ---- values ---------------------------------------------------------------------------------


class _Bad(Exception):
    """A value that does not fit its variable's type: what was expected, what was found, a hint, and where."""

    def __init__(self, expected: str, found: str, hint: str | None = None, span: Span | None = None):
        super().__init__(expected)
        self.expected, self.found, self.hint, self.span = expected, found, hint, span


def convert_node(node, var_type: m.Type, case: m.Case):
    """A located value as World.context holds it, or _Bad located at the value (the item, in a list) at fault."""
    if var_type.kind == "set" and isinstance(node, Sequence):
        members = []
        for item in node.items:
            if not isinstance(item, Scalar):
                raise _Bad(f"a list of `{var_type.enum}` values", f"{kind_of(item)} as an item", span=item.span)
            try:
                members.append(_member(item.value, var_type.enum, case))
            except _Bad as bad:
                bad.span = item.span
                raise
        return frozenset(members)
    return convert(plain(node), var_type, case)


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
        shown = show_number(value) if isinstance(value, Fraction) else value  # 1.3, never 13/10
        hint = f'quote it: "{shown}"' if isinstance(value, (int, float, Fraction, datetime.date)) else None
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
    if isinstance(value, bytes):  # YAML's `!!binary`
        return f"binary data (`!!binary`, {len(value)} byte{'s' if len(value) != 1 else ''})"
    return f"a value of the Python type `{type(value).__name__}`"  # no other kind reaches here from JSON or YAML
