"""`warrant import-gsn` and `warrant export-gsn`: gsn2x YAML diagrams in, and a case's diagram out."""
from __future__ import annotations

import sys

from .options import add_as_of, add_timeout, write, write_rendered

# The subcommands this module adds, in order, with their one-line help: all that `warrant --help`
# needs, so that it lists them without running add() (checker/cli/__init__.py).
HELP = {
    "import-gsn": "turn gsn2x YAML diagrams (with the modules they use) into a case",
    "export-gsn": "write a case as a gsn2x YAML diagram",
}


def add(subcommands) -> None:
    gsn = subcommands.add_parser("import-gsn", help=HELP["import-gsn"])
    gsn.add_argument("files", nargs="+", metavar="FILE",
                     help="gsn2x YAML files; the files their modules `use` are read too")
    gsn.add_argument("-o", "--output", metavar="OUT", help="write the case here instead of to standard output")
    gsn.add_argument("--partial", action="store_true",
                     help="read only the files given, as modules of a larger argument: links to nodes they do "
                          "not define are skipped with a warning, `uses` and `extends` are not followed")
    gsn.set_defaults(run=run_import)
    export = subcommands.add_parser("export-gsn", help=HELP["export-gsn"])
    export.add_argument("file", metavar="CASE")
    export.add_argument("-o", "--output", metavar="OUT", help="write here instead of to standard output")
    add_as_of(export)
    add_timeout(export)
    export.set_defaults(run=run_export)


def run_import(args) -> int:
    """Print (or write) the case; findings go to standard error as `check` prints them, located in the YAML.

    Exit 2 when a file cannot be read or imported (an unreadable finding: S003, I0xx), else 0.
    """
    from ..findings.rules import Outcome
    from ..interop.gsn2x import import_files  # Lark and YAML: only when importing
    from ..reporters import text as text_reporter
    from ..syntax.source import SourceFile

    case_text, findings, read = import_files(args.files, partial=args.partial)
    sources = _sources(read + [str(path) for path in args.files])
    for f in findings:
        source = sources.get(f.span.path) if f.span is not None else None
        sys.stderr.write(text_reporter.render_finding(f, source or SourceFile(args.files[0], "")) + "\n")
    if case_text is None or any(f.rule.outcome is Outcome.UNREADABLE for f in findings):
        return 2
    write(case_text, args.output, read=[*map(str, args.files), *map(str, read)])  # the modules `uses` read too
    return 0


def _sources(paths) -> dict:
    """Each file's text, to quote the lines findings point at (a file that cannot be read quotes nothing)."""
    from ..syntax.reading import Unreadable, read_source
    from ..syntax.source import SourceFile

    sources = {}
    for path in dict.fromkeys(paths):
        source = read_source(path)
        sources[path] = SourceFile(path, "") if isinstance(source, Unreadable) else source
    return sources


def run_export(args) -> int:
    """Write the diagram with each node's verdict; exit with the case's own exit code (2, findings shown, if unreadable)."""
    from ..reporters.argument import node_verdicts

    def diagram(report, code: int) -> str:
        from ..interop.gsn2x_export import case_to_gsn  # YAML: only for a case that was read

        return case_to_gsn(report.case, node_verdicts(report.case, report.findings), report.verdict)

    return write_rendered(args, diagram)
