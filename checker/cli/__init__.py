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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="warrant", description="Check AI safety cases written in the Warrant case language.")
    top.add_argument("--version", action="version", version=f"warrant {__version__}")
    subcommands = top.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add(subcommands)
    return top


# The exit status of a program killed by SIGPIPE in a shell: what `warrant rules | head` leaves behind.
BROKEN_PIPE = 141


def main(argv=None) -> int:
    args = parser().parse_args(argv)
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
