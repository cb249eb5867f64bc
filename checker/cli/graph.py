"""`warrant graph`: draw a case's argument in GSN shapes, coloured by verdict (DOT, Mermaid or SVG)."""
from __future__ import annotations

from .options import CannotRender, add_as_of, add_format_choice, add_timeout, write_rendered

# The subcommands this module adds, in order, with their one-line help: all that `warrant --help`
# needs, so that it lists them without running add() (checker/cli/__init__.py).
HELP = {
    "graph": "draw a case's argument in GSN shapes, coloured by verdict",
}


def add(subcommands) -> None:
    graph = subcommands.add_parser("graph", help=HELP["graph"])
    graph.add_argument("file", metavar="CASE")
    add_format_choice(graph, "graph", default="dot")
    graph.add_argument("-o", "--output", metavar="OUT", help="write here instead of to standard output")
    graph.add_argument("--collapse", action="append", default=[], metavar="MODULE",
                       help="draw a module (a required case, by its name) as one node; `all` for every module; "
                            "repeatable")
    add_as_of(graph)
    add_timeout(graph)
    graph.set_defaults(run=run)


def run(args) -> int:
    """Write the drawing; exit with the case's own exit code (2, with the findings, when it cannot be read)."""
    from .. import reporters
    from ..reporters.argument import build_view, unknown_modules
    from ..reporters.svg import GraphvizError

    def draw(report, code: int) -> str:
        missing = unknown_modules(build_view(report), args.collapse)
        if missing:
            raise CannotRender(f"--collapse {missing[0]}: no such module (modules are the cases this one requires)")
        try:
            return reporters.render(args.format, [report], code, collapse=tuple(args.collapse))
        except GraphvizError as error:
            raise CannotRender(str(error)) from None

    return write_rendered(args, draw)
