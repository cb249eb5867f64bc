"""The `warrant` command: one module per subcommand, each with `add(subcommands)` and `run(args) -> exit code`.

Adding a command is one module here and one entry in COMMANDS.
"""
from __future__ import annotations

import argparse

from . import check, export, fmt, graph, gsn, judge, lsp, patterns, report, rules

COMMANDS = (check, judge, rules, export, gsn, graph, report, patterns, fmt, lsp)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="warrant", description="Check AI safety cases written in the Warrant case language.")
    subcommands = top.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add(subcommands)
    return top


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)
