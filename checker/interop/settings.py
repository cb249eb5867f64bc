"""The project's settings: `[tool.warrant]` in pyproject.toml, or a warrant.toml, read with the standard tomllib.

    [tool.warrant]
    paths = ["safety/"]            # what `warrant check` checks when no FILE is given
    select = ["L", "E3"]           # report only rules whose code starts so
    ignore = ["G201"]              # never report these
    fail-on = "warning"            # error (the default) or warning
    min-margin = 0.05              # the least threshold margin (L213, L226; 0.1 when unset), whatever the accept block says
    warn-expiry = 30               # warn (E309, E319) when cited evidence or the decision expires within this many days
    waivable = ["L213", "E301"]    # error codes of the logic families that waivers may silence

warrant.toml takes the same keys at its top level (or under `[tool.warrant]`).
The file is found from the current directory upwards: the first directory with
a warrant.toml, or a pyproject.toml that has a `[tool.warrant]` table. An
unknown key, a value of the wrong kind and TOML that does not read are findings
(A101-A103) located in the file; tomllib keeps no positions, so a key is
located by finding the line that assigns it inside its table (TOML puts each
key of a table at the start of its own line).
"""
from __future__ import annotations

import difflib
import re
import tomllib
from fractions import Fraction
from pathlib import Path

import attrs

from ..findings.finding import finding
from ..findings.rules import RULES
from ..syntax.reading import DEFAULT_MAX_SIZE, Unreadable, limits, read_source, reading_limits, unreadable_finding
from ..syntax.source import SourceFile, Span

FILE_NAMES = ("warrant.toml", "pyproject.toml")
KEYS = ("paths", "select", "ignore", "fail-on", "min-margin", "warn-expiry", "waivable")


@attrs.frozen
class Settings:
    """What the settings file says; defaults where it says nothing. `path` is the file, or None."""

    path: str | None = None
    paths: tuple = ()
    select: tuple = ()
    ignore: tuple = ()
    fail_on: str | None = None
    min_margin: Fraction | None = None
    warn_expiry: int | None = None
    waivable: tuple = ()


def find_settings(start: str | None = None) -> Path | None:
    """The nearest warrant.toml, or pyproject.toml with a `[tool.warrant]` table, from `start` upwards."""
    here = Path(start or ".").resolve()
    for folder in (here, *here.parents):
        if _present(folder / "warrant.toml"):
            return folder / "warrant.toml"
        pyproject = folder / "pyproject.toml"
        if _present(pyproject) and _has_table(pyproject):
            return pyproject
    return None


def _present(path: Path) -> bool:
    """A settings file stands here, readable or not: a link to nowhere or a FIFO named warrant.toml is the
    project's settings, which reading reports as unreadable (exit 2); passing them over would run with the
    defaults without a word, and a `fail-on = "warning"` the project asked for would be lost."""
    import os

    return os.path.lexists(path) and not path.is_dir()


def _has_table(path: Path) -> bool:
    # A regular file, as every input; looking is not reading it for the run, so a pyproject.toml larger than a
    # small --max-size is looked into (up to the default limit) and only one with [tool.warrant] is held to it.
    run = limits()
    with reading_limits(max(run.max_size, DEFAULT_MAX_SIZE), run.allow_outside):
        source = read_source(path)
    if isinstance(source, Unreadable):
        return True  # let reading it report what is wrong
    try:
        return "warrant" in tomllib.loads(source.text).get("tool", {})
    except (tomllib.TOMLDecodeError, RecursionError):
        return True


def read_settings(path) -> tuple[Settings, list]:
    """(settings, findings). With findings the settings are the defaults: nothing half-read takes effect."""
    source = read_source(path)
    if isinstance(source, Unreadable):
        return Settings(), [unreadable_finding(source)]
    try:
        document = tomllib.loads(source.text)
    except tomllib.TOMLDecodeError as error:
        return Settings(), [finding("A103", _toml_error_span(source.path, str(error)), path=source.path,
                                    reason=str(error))]
    except RecursionError:  # tomllib reads nested arrays and tables recursively
        return Settings(), [finding("A103", Span.point(source.path, 1, 1), path=source.path,
                                    reason="arrays or tables nested too deeply")]
    table, header = _table(source, document)
    findings = []
    values = {}
    for key, value in table.items():
        span = _key_span(source, header, key)
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
            findings.append(finding("A101", span, key=key, path=source.path,
                                    help=f"did you mean `{close[0]}`?" if close else "the keys are " + ", ".join(KEYS)))
            continue
        try:
            values[key.replace("-", "_")] = _VALIDATORS[key](value)
        except ValueError as bad:
            findings.append(finding("A102", span, key=key, expected=str(bad), path=source.path))
    if findings:
        return Settings(), findings
    return Settings(path=source.path, **values), []


def _table(source: SourceFile, document: dict) -> tuple[dict, str | None]:
    """The settings table and the header line that opens it (None: the file's top level)."""
    if Path(source.path).name == "pyproject.toml" or "tool" in document:
        table = document.get("tool", {}).get("warrant", {})
        return (table if isinstance(table, dict) else {}), "tool.warrant"
    return document, None


def _key_span(source: SourceFile, header: str | None, key: str) -> Span:
    """The line that assigns `key` inside the table; the table's header (or the top) when it cannot be found."""
    lines = source.text.split("\n")
    inside = header is None
    opening = 0
    assigns = re.compile(r'\s*(?:"' + re.escape(key) + r'"|' + re.escape(key) + r")\s*=")
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = header is not None and stripped.strip("[] \t") == header
            opening = number if inside else opening
            continue
        if inside and assigns.match(line):
            column = len(line) - len(line.lstrip()) + 1
            return Span(source.path, number, column, number, column + len(key))
    return Span.point(source.path, max(opening, 1), 1)


def _toml_error_span(path: str, message: str) -> Span:
    """tomllib says `(at line 3, column 7)`."""
    match = re.search(r"at line (\d+), column (\d+)", message)
    return Span.point(path, int(match[1]), int(match[2])) if match else Span.point(path, 1, 1)


# ---- values --------------------------------------------------------------------------------------


def _strings(value) -> tuple:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("a list of strings")
    return tuple(value)


def _codes(value) -> tuple:
    """Rule codes or code prefixes (`L`, `E3`, `L201`), each matching some rule."""
    items = _strings(value)
    for item in items:
        if not item or not any(code.startswith(item.upper()) for code in RULES):
            raise ValueError(f"a list of rule codes or code prefixes; `{item}` matches no rule")
    return tuple(item.upper() for item in items)


def _waivable(value) -> tuple:
    """Rule codes that waivers may silence. A code that is never waived (S, X, A...) is refused: listing it
    would change nothing while its author believes it does. A code waivable anyway is harmless and kept."""
    from ..findings.waivers import never_waived

    items = _strings(value)
    for item in items:
        if item.upper() not in RULES:
            raise ValueError(f"a list of rule codes; `{item}` is no rule")
        if never_waived(item.upper()) is not None:
            raise ValueError(f"a list of rule codes that waivers may silence; `{item}` is never waived")
    return tuple(item.upper() for item in items)


def _fail_on(value) -> str:
    if value not in ("error", "warning"):
        raise ValueError('"error" or "warning"')
    return value


def _margin(value) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError("a number between 0 and 1")
    margin = Fraction(str(value))
    if not 0 < margin < 1:
        raise ValueError("a number strictly between 0 and 1")
    return margin


def _days(value) -> int:
    if isinstance(value, float) and value.is_integer():  # TOML reads `3e1` and `30.0` as floats: still 30 days
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("a whole number of days, 0 or more")
    return value


_VALIDATORS = {"paths": _strings, "select": _codes, "ignore": _codes, "fail-on": _fail_on,
               "min-margin": _margin, "warn-expiry": _days, "waivable": _waivable}
