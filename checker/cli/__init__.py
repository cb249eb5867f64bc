"""The `warrant` command: one module per subcommand, each with `add(subcommands)` and `run(args) -> exit code`.

Adding a command is one module here and one entry in COMMANDS.
"""
from __future__ import annotations

import argparse
import os
import sys

from .. import __version__
from . import check, export, fmt, graph, gsn, judge, lsp, patterns, report, rules

COMMANDS = (check, judge, rules, export, gsn, graph, report, patterns, fmt, lsp)


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
            command.add(subcommands)
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


def main(argv=None) -> int:
    args = parser(sys.argv[1:] if argv is None else argv).parse_args(argv)
    try:
        code = args.run(args)
        if not sys.stdout.closed:  # the language server closes its output when the editor leaves
            sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader closed the pipe (`| head`): stop quietly. Point stdout at devnull so the
        # interpreter's final flush does not fail a second time and print a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BROKEN_PIPE
