"""The `warrant` command: one module per subcommand, each with `add(subcommands)` and `run(args) -> exit code`.

Adding a command is one module here and one entry in COMMANDS.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys

from .. import __version__
from . import check, export, fmt, graph, gsn, judge, lsp, patterns, report, rules
from .options import GuardedOutput, OutputError, add_reading

COMMANDS = (check, judge, rules, export, gsn, graph, report, patterns, fmt, lsp)
# The subcommands that read case files, configurations or diagrams: they take --max-size and --allow-outside.
READ_FILES = ("check", "scope", "diff", "export", "graph", "report", "fmt", "import-gsn", "export-gsn")


def parser(argv=None) -> argparse.ArgumentParser:
    """The whole command line; given the arguments, only the command they name gets its options.

    Every other command is added by name and one-line help (its module's HELP),
    which is all `warrant --help` and argparse's errors show: building every
    command's options would load every reporter (their --format choices), and
    start-up would pay for commands that do not run (docs/performance.md).
    """
    top = argparse.ArgumentParser(prog="warrant", description="Check AI safety cases written in the Warrant case language.")
    top.add_argument("--version", action="version", version=f"warrant {__version__}")
    subcommands = top.add_subparsers(dest="command", required=True)
    named = _command_named(argv) if argv is not None else None
    for command in COMMANDS:
        helps = getattr(command, "HELP", None)
        if argv is None or helps is None or named in helps:
            before = set(subcommands.choices)
            command.add(subcommands)
            for name in set(subcommands.choices) - before:
                if name in READ_FILES:
                    add_reading(subcommands.choices[name])
        else:
            for name, help in helps.items():
                subcommands.add_parser(name, help=help)
    return top


def _command_named(argv: list) -> str | None:
    """The command the arguments name: the first that is not an option (the top level's take no value)."""
    for argument in argv:
        if not argument.startswith("-"):
            return argument
    return None


# The exit status of a program killed by SIGPIPE in a shell: what `warrant rules | head` leaves behind.
BROKEN_PIPE = 141


def command() -> None:
    """The `warrant` executable and `python -m checker`: main(), then exit with its code.

    What is still alive is frozen first: the interpreter's last collection would otherwise
    walk all of it (0.15 s after a 2,000-threat check) for cycles whose memory the process
    is about to give back anyway. Tests call main() and keep collecting as usual.
    """
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv=None) -> int:
    args = parser(sys.argv[1:] if argv is None else argv).parse_args(argv)
    from ..syntax.reading import reading_limits

    stdout = sys.stdout
    sys.stdout = GuardedOutput(stdout)
    try:
        with reading_limits(getattr(args, "max_size", None), getattr(args, "allow_outside", None) or ()):
            code = args.run(args)
        if not sys.stdout.closed:  # the language server closes its output when the editor leaves
            sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader closed the pipe (`| head`): stop quietly.
        _discard_output(stdout)
        return BROKEN_PIPE
    except OutputError as error:
        # A full disk, `-o` naming a directory: one line, exit 2 (the output is unusable), no traceback.
        print(f"warrant: cannot write {error.target}: {error.reason}", file=sys.stderr)
        _discard_output(stdout)
        return 2
    finally:
        sys.stdout = stdout


def _discard_output(stdout) -> None:
    """Point standard output at devnull, so the interpreter's final flush does not fail a second time."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
    except (OSError, ValueError):  # no descriptor (a test's captured output): nothing is left to flush
        pass
