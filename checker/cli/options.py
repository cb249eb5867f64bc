"""Option types and options several commands share."""
from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

from ..logic import DEFAULT_TIMEOUT

# The reporters, settings and sources are imported where they are used, so that `warrant --help`
# and `warrant explain` load none of them (tests/test_startup.py, docs/performance.md).


def date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"expected a number of seconds in (0, 3600], got {text!r}")
    return value


def add_format(parser, command: str) -> None:
    """`--format` (its choices those reporters that offer this command, reporters/) and `--quiet`."""
    add_format_choice(parser, command)
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print the findings only: no verdict lines, no totals, no progress")
    parser.set_defaults(command_name=command)


def use_color(stream=None) -> bool:
    """Colour on a terminal; NO_COLOR (set and not empty) turns it off, FORCE_COLOR (set, not empty, not 0) on.

    NO_COLOR wins over FORCE_COLOR: a user who asked for no colour gets none.
    """
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


def emit(args, reports, code: int, table: bool = False) -> int:
    """Print the reports in the chosen format, with the run's options; return the exit code."""
    from .. import reporters

    options = reporters.RenderOptions(command=args.command_name, color=args.format == "text" and use_color(),
                                      quiet=args.quiet, totals=len(reports) > 1, table=table)
    sys.stdout.write(reporters.render(args.format, reports, code, options))
    return code


def add_format_choice(parser, command: str, default: str = "text") -> None:
    """`--format`, its choices those reporters that offer this command (reporters/).

    The choices and their descriptions are read from the reporters only when
    argparse asks for them (a --format given, --help, an error): finding them
    loads every reporter module, which a run in the default format never needs.
    """
    option = parser.add_argument("--format", action=_FormatOption, choices=_Formats(command), default=default)
    option.ready = True  # from now on its metavar is the real one (see _FormatOption.metavar)


class _Formats:
    """The format names a command offers, looked up when first asked."""

    def __init__(self, command: str):
        self.command = command

    def names(self) -> list:
        from .. import reporters

        return reporters.formats_for(self.command)

    def __contains__(self, name) -> bool:
        return name in self.names()

    def __iter__(self):
        return iter(self.names())


class _FormatOption(argparse.Action):
    """Stores the format; its help (each format and what it is for) is written only when --help shows it."""

    ready = False

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, values)

    @property
    def metavar(self) -> str:
        # argparse writes `{text,json,...}` from the choices; it also writes the option once, to try it,
        # inside add_argument, where a stand-in does (that text is thrown away) and nothing is loaded.
        return "{" + ",".join(self.choices) + "}" if self.ready else "FORMAT"

    @metavar.setter
    def metavar(self, value) -> None:
        pass  # always the choices, as argparse would write them

    @property
    def help(self) -> str:
        from .. import reporters

        described = "; ".join(f"{name}: {reporters.registry()[name].description}" for name in self.choices)
        return described.replace("%", "%%")

    @help.setter
    def help(self, value) -> None:
        pass  # the help is always the reporters' own descriptions


def add_timeout(parser) -> None:
    parser.add_argument("--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help="solver time limit per query (default: %(default)s)")


def add_as_of(parser) -> None:
    parser.add_argument("--as-of", type=date, default=None, metavar="DATE",
                        help="date for expiry checks (default: today)")


def write(text: str, output: str | None) -> None:
    """To the file named by -o, or to standard output."""
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def load_settings(args):
    """(settings, None) or (defaults, a report of what is wrong with the settings file: exit 2).

    `--settings FILE` names the file; otherwise the nearest warrant.toml or pyproject.toml with
    `[tool.warrant]`, from the current directory upwards; none at all gives the defaults.
    """
    from ..findings.report import Report
    from ..interop.settings import Settings, find_settings, read_settings
    from ..syntax.reading import read_source
    from ..syntax.source import SourceFile

    path = getattr(args, "settings", None) or find_settings()
    if path is None:
        return Settings(), None
    settings, findings = read_settings(path)
    if not findings:
        return settings, None
    source = read_source(path)
    shown = source if isinstance(source, SourceFile) else SourceFile(str(path), "")
    return settings, Report(shown, tuple(findings))
