"""`warrant import-gsn`: a gsn2x YAML diagram as an informal case."""
from __future__ import annotations

import sys

from ..findings.rules import Outcome
from ..reporters import text as text_reporter
from ..syntax.reading import Unreadable, read_source, unreadable_finding
from ..syntax.source import SourceFile
from .options import write


def add(subcommands) -> None:
    gsn = subcommands.add_parser("import-gsn", help="turn a gsn2x YAML diagram into an informal case")
    gsn.add_argument("file", metavar="FILE")
    gsn.add_argument("-o", "--output", metavar="OUT", help="write the case here instead of to standard output")
    gsn.set_defaults(run=run)


def run(args) -> int:
    """Print (or write) the case; findings go to standard error as `check` prints them, located in the YAML.

    Exit 2 when the file cannot be read or imported (an unreadable finding: S003, I0xx), else 0.
    """
    from ..interop.gsn2x import gsn_to_case

    source = read_source(args.file)
    if isinstance(source, Unreadable):  # the same S003 as for a case file, at the first byte that is not UTF-8
        findings = [unreadable_finding(source)]
        source = SourceFile(source.path, "")
        case_text = None
    else:
        case_text, findings = gsn_to_case(source.text, source.path)
    for f in findings:
        sys.stderr.write(text_reporter.render_finding(f, source) + "\n")
    if case_text is None or any(f.rule.outcome is Outcome.UNREADABLE for f in findings):
        return 2
    write(case_text, args.output)
    return 0
