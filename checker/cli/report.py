"""`warrant report`: one self-contained HTML page for reviewers (the html reporter)."""
from __future__ import annotations

from .options import add_as_of, add_timeout, write_rendered

# The subcommands this module adds, in order, with their one-line help: all that `warrant --help`
# needs, so that it lists them without running add() (checker/cli/__init__.py).
HELP = {
    "report": "write a self-contained HTML report of a case for reviewers",
}


def add(subcommands) -> None:
    report = subcommands.add_parser("report", help=HELP["report"])
    report.add_argument("file", metavar="CASE")
    report.add_argument("-o", "--output", metavar="OUT", help="write here instead of to standard output")
    add_as_of(report)
    add_timeout(report)
    report.set_defaults(run=run)


def run(args) -> int:
    """Write the page; exit with the case's own exit code. An unreadable case still gets a page (its findings)."""
    from .. import reporters

    return write_rendered(args, lambda report, code: reporters.render("html", [report], code), unreadable_too=True)
