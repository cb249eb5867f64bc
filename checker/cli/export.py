"""`warrant export --public`: a publishable Markdown summary of a case (the markdown reporter)."""
from __future__ import annotations

from .options import add_as_of, add_timeout, emit, load_settings, write

# The subcommands this module adds, in order, with their one-line help: all that `warrant --help`
# needs, so that it lists them without running add() (checker/cli/__init__.py).
HELP = {
    "export": "write a public summary of a case (Markdown)",
}


def add(subcommands) -> None:
    export = subcommands.add_parser("export", help=HELP["export"])
    export.add_argument("file", metavar="CASE")
    export.add_argument("--public", action="store_true", required=True,
                        help="withhold redacted evidence, naming each reason")
    export.add_argument("-o", "--output", metavar="OUT", help="write here instead of to standard output")
    add_as_of(export)
    add_timeout(export)
    export.add_argument("--settings", metavar="TOML", default=None,
                        help="read settings from this file instead of the nearest warrant.toml or pyproject.toml")
    export.set_defaults(run=run, format="text", quiet=False, command_name="export")


def run(args) -> int:
    from .. import api, reporters

    """Write the summary; exit with the case's own exit code, so CI can hold back a failing case."""
    settings, blocked = load_settings(args)
    if blocked is not None:  # a settings file that does not read: its findings, exit 2
        return emit(args, [blocked], api.exit_code([blocked]))
    from ..findings import policy

    report = api.check_path(args.file, as_of=args.as_of, timeout=args.timeout, settings=settings)
    code = api.exit_code([report])  # every finding counts: a publishable case is judged whole
    # The summary lists what select/ignore leave out all the same, and names their codes (reporters/markdown.py).
    report = policy.select(report, settings.select, settings.ignore)
    if code == 2:  # unreadable, or a required case is: the summary names the findings but not where they are,
        # so say so where people look (a readable case whose required case is missing, G004, included)
        import sys

        from ..reporters import text as text_reporter

        sys.stderr.write(text_reporter.render([report]))
    write(reporters.render("markdown", [report], code), args.output, read=[args.file])
    return code
