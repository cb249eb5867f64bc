"""Option types, options, and the steps several commands share (printing, writing, one case to a file)."""
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


_UNITS = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}


def size(text: str) -> int:
    """`4000`, `512K`, `16M`, `1G`: bytes, with binary multiples."""
    cleaned = text.strip().upper().removesuffix("B").removesuffix("I")
    number, unit = (cleaned[:-1], cleaned[-1]) if cleaned[-1:] in "KMG" and cleaned[-1:] else (cleaned, "")
    if not number.isdigit() or int(number) == 0:
        raise argparse.ArgumentTypeError(f"expected a size such as 4000, 512K, 16M or 1G, got {text!r}")
    return int(number) * _UNITS[unit]


def add_reading(parser) -> None:
    """`--max-size` and `--allow-outside`: how much the run reads, and from where (syntax/reading.py)."""
    from ..syntax.reading import DEFAULT_MAX_SIZE

    parser.add_argument("--max-size", type=size, default=None, metavar="SIZE",
                        help=f"refuse any input file larger than SIZE bytes (K, M, G multiply by 1024; "
                             f"default: {DEFAULT_MAX_SIZE // 1024 ** 2}M)")
    parser.add_argument("--allow-outside", action="append", default=None, metavar="DIR",
                        help="let `requires` and `import` read files under DIR, outside the directory tree of "
                             "the case that names them (repeatable)")


def add_timeout(parser) -> None:
    parser.add_argument("--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help="solver time limit per query (default: %(default)s)")


def add_as_of(parser) -> None:
    parser.add_argument("--as-of", type=date, default=None, metavar="DATE",
                        help="date for expiry checks (default: today)")


def write(text: str, output: str | None, read=()) -> None:
    """To the file named by -o, or to standard output; never over a file the command `read` (OutputError)."""
    if output:
        for path in read:
            if _same_file(output, path):  # `warrant graph x.case -o x.case` would replace the case by its drawing
                raise OutputError(output, OSError(f"it is the input {path}; name another output file"))
        write_file(output, text)
    else:
        sys.stdout.write(text)


class CannotRender(Exception):
    """A case that was read but cannot be drawn or written as asked: one line, exit 2."""


def write_rendered(args, render, unreadable_too: bool = False) -> int:
    """Check the one case `args.file` names, write `render(report, code)` to -o or standard output, and
    return the case's own exit code.

    A case that cannot be read, or requires one that cannot (exit 2), has its findings printed to standard
    error, as `check` prints them; an unreadable case is rendered only when `unreadable_too` (a page can show
    its findings), otherwise nothing is written.
    `render` raises CannotRender to stop with one `warrant: ...` line on standard error and exit 2.
    """
    from .. import api
    from ..reporters import text as text_reporter

    report = api.check_path(args.file, as_of=args.as_of, timeout=args.timeout)
    code = api.exit_code([report])
    if code == 2:  # the case, or a case it requires (G004), cannot be read: say where, as `check` does
        sys.stderr.write(text_reporter.render([report]))
    if report.case is None and not unreadable_too:
        return code
    from ..reporters.deep import deep_call

    try:
        rendered = deep_call(render, report, code)  # a drawing walks the argument: any depth
    except CannotRender as error:
        print(f"warrant: {error}", file=sys.stderr)
        return 2
    write(rendered, args.output, read=[args.file])
    return code


def _same_file(one: str, other: str) -> bool:
    try:
        return os.path.samefile(one, other)
    except (OSError, ValueError):  # either is missing (or not a path, such as `-`): not the same file
        return False


class OutputError(Exception):
    """Output that cannot be written (a full disk, a directory named as the output file): where, and why."""

    def __init__(self, target: str, error: OSError):
        super().__init__(target)
        self.target = target
        self.reason = error.strerror or str(error)


def write_file(path, text: str) -> None:
    """Write a whole file, or raise OutputError."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise OutputError(str(path), error) from None


_SMALL = 8192  # characters: a write below this fits the text layer's own buffer and cannot be cut short


class GuardedOutput:
    """Standard output whose failures (a full disk, a closed descriptor) are OutputError.

    A closed pipe stays BrokenPipeError: the reader left, which is no failure of the run.
    """

    def __init__(self, stream):
        self._stream = stream

    def _guard(self, action, *args):
        try:
            return action(*args)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise OutputError("standard output", error) from None

    def write(self, text):
        """Write all of `text`, or raise. A reporter writes its whole output at once, and CPython's text stream
        drops the rest of a large write without a word when the pipe's reader leaves partway (the buffer
        reports a short write, the text layer ignores it); so the bytes go to the buffer until all are taken,
        and a reader that has left is BrokenPipeError (exit 141), as for a small write."""
        buffer = getattr(self._stream, "buffer", None)
        if buffer is None or len(text) < _SMALL:
            return self._guard(self._stream.write, text)
        self._guard(self._stream.flush)
        rest = memoryview(text.encode(self._stream.encoding or "utf-8", self._stream.errors or "strict"))
        while rest:
            taken = self._guard(buffer.write, rest)
            rest = rest[len(rest) if taken is None else taken:]
        return len(text)

    def writelines(self, lines):
        return self._guard(self._stream.writelines, lines)

    def flush(self):
        return self._guard(self._stream.flush)

    def __getattr__(self, name):
        return getattr(self._stream, name)


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
