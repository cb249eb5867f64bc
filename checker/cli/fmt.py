"""`warrant fmt`: rewrite case files in the canonical layout, or (`--check`, `--diff`) say which would change."""
from __future__ import annotations

import difflib
import sys

from .check import expand
from .options import write_file

# The subcommands this module adds, in order, with their one-line help: all that `warrant --help`
# needs, so that it lists them without running add() (checker/cli/__init__.py).
HELP = {
    "fmt": "format case files in the canonical layout",
}


def add(subcommands) -> None:
    fmt = subcommands.add_parser("fmt", help=HELP["fmt"])
    fmt.add_argument("files", nargs="+", metavar="FILE",
                     help="case files; a directory stands for every *.case file below it; - reads standard input "
                          "and writes the result to standard output")
    fmt.add_argument("--check", action="store_true",
                     help="write nothing; exit 1 if some file is not formatted")
    fmt.add_argument("--diff", action="store_true",
                     help="write nothing; print a unified diff of the changes formatting would make")
    fmt.set_defaults(run=run)


def run(args) -> int:
    """0: every file formatted (or already was); 1: with --check, some file would change; 2: some file unreadable."""
    paths = expand(args.files)
    if not paths:
        print("warrant: no .case files in " + ", ".join(args.files), file=sys.stderr)
        return 2
    outcomes = [_one(path, args) for path in paths]
    if "unreadable" in outcomes:
        return 2
    return 1 if args.check and "changed" in outcomes else 0


def _one(path: str, args) -> str:
    from ..reporters import text as text_reporter
    from ..syntax.reading import Unreadable, unreadable_finding
    from ..syntax.source import SourceFile

    """Format one file; 'unreadable', 'changed' or 'same'."""
    source = _read(path)
    if isinstance(source, Unreadable):
        sys.stderr.write(text_reporter.render_finding(unreadable_finding(source), SourceFile(path, "")) + "\n")
        return "unreadable"
    from ..syntax.formatter import format_text  # Lark: only when formatting

    result = format_text(source.text, source.path)
    if result.text is None:  # a syntax error, reported as `check` reports it; the file is left as it was
        for found in result.findings:
            sys.stderr.write(text_reporter.render_finding(found, source) + "\n")
        return "unreadable"
    changed = result.text != source.text
    if args.diff and changed:
        sys.stdout.writelines(difflib.unified_diff(source.text.splitlines(keepends=True),
                                                   result.text.splitlines(keepends=True),
                                                   f"{path}", f"{path} (formatted)"))
    if path == "-" or _revision(path):  # nothing to rewrite: the result goes to standard output
        if not (args.check or args.diff):
            sys.stdout.write(result.text)
        elif args.check and changed:
            print(f"would reformat {path}", file=sys.stderr)
    elif args.check:
        if changed:
            print(f"would reformat {path}", file=sys.stderr)
    elif not args.diff and changed:
        write_file(path, result.text)
    return "changed" if changed else "same"


def _revision(path: str) -> bool:
    from ..syntax.reading import is_revision

    return is_revision(path)


def _read(path: str):
    from ..syntax.reading import read_input

    return read_input(path)  # a file, `-`, or `REV:path` as git holds it (shown with --check or --diff)
