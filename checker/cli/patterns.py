"""`warrant patterns` and `warrant new --pattern NAME`: the standard library, listed and instantiated."""
from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from .options import write

if TYPE_CHECKING:  # in annotations only; the nodes are loaded when the library is read
    from ..syntax import nodes as n

# The subcommands this module adds, in order, with their one-line help: all that `warrant --help`
# needs, so that it lists them without running add() (checker/cli/__init__.py).
HELP = {
    "patterns": "list the standard library of argument patterns",
    "new": "write a case that instantiates a library pattern, every slot to fill in",
}


def add(subcommands) -> None:
    subcommands.add_parser("patterns", help=HELP["patterns"]).set_defaults(run=run_list)
    new = subcommands.add_parser("new", help=HELP["new"])
    new.add_argument("--pattern", required=True, metavar="NAME", help="a pattern of the standard library")
    new.add_argument("-o", "--output", metavar="OUT", help="write the case here instead of to standard output")
    new.add_argument("--force", action="store_true", help="let -o replace a file that already exists")
    new.set_defaults(run=run_new)


def library() -> list[tuple[str, str, n.Pattern]]:
    """(file name, source line, pattern) for every pattern of the standard library, in file order."""
    from ..api import read_syntax
    from ..semantics.imports import stdlib_names, stdlib_source  # Lark: only when listing
    from ..syntax import nodes as n

    found = []
    for name in stdlib_names():
        source = stdlib_source(name)
        first = source.text.split("\n", 1)[0]
        cited = first.removeprefix("# source:").strip() if first.startswith("# source:") else "(no source given)"
        syntax, _ = read_syntax(source.text, source.path, "items")
        found += [(name, cited, pattern) for pattern in (syntax.of_type(n.Pattern) if syntax else ())]
    return found


def run_list(args) -> int:
    for name, cited, pattern in library():
        params = ", ".join(p.name.text for p in pattern.params)
        print(f"stdlib.{name}: pattern {pattern.name.text}({params})")
        print(f"    {pattern.title}")
        print(f"    source: {cited}")
    return 0


def run_new(args) -> int:
    chosen = [(name, pattern) for name, _, pattern in library() if pattern.name.text == args.pattern]
    if not chosen:
        known = ", ".join(pattern.name.text for _, _, pattern in library())
        print(f"warrant: no library pattern {args.pattern!r}; the library has: {known}", file=sys.stderr)
        return 2
    # A directory is no file to replace: writing to it fails with its own one line (cannot write OUT).
    if args.output and not args.force and os.path.lexists(args.output) and not os.path.isdir(args.output):
        # A scaffold is all slots and comments: writing it over a case someone has filled in loses their work.
        print(f"warrant: {args.output} already exists; give --force to replace it", file=sys.stderr)
        return 2
    write(scaffold(*chosen[0]), args.output)
    return 0


def scaffold(file_name: str, pattern: n.Pattern) -> str:
    """A case that uses the pattern with every slot listed as a comment; checking it names each unfilled slot."""
    from ..semantics.patterns import describe_param

    slots = [f"  # {p.name.text}: {describe_param(p)}" for p in pattern.params]
    lines = [
        f'case my_{pattern.name.text} "{pattern.title}"',
        '  version "0.1"',
        '  author "FILL IN"',
        "",
        f"import stdlib.{file_name}",
        "",
        "# Declare the enums, context variables, measures and evidence the slots below need,",
        "# then the boundary, an accept block, defeaters, triggers and the decision.",
        "# Fill each slot as `name: value,` inside the brackets; until then `warrant check`",
        "# reports every unfilled slot (P002) and nothing else.",
        *(["# The pattern's `where` conditions must hold for your arguments (P005)."] if pattern.conditions else []),
        f"use {pattern.name.text}(",
        *slots,
        f") as {pattern.name.text}",
        "",
    ]
    return "\n".join(lines)
