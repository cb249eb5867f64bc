"""The last line of defence: a judgement that crashes is reported as a finding, never as a traceback."""
from __future__ import annotations

from ..syntax.source import SourceFile, Span
from .finding import finding
from .report import Report


def guarded(source: SourceFile, stage: str, judge) -> Report:
    """Run one judgement (a function returning a Report) on `source`.

    Input nested past what the recursive stages can take is S002 (unreadable); any
    other exception is a bug inside Warrant, reported as X002 at the file.
    """
    try:
        return judge()
    except RecursionError:
        from ..syntax.parser import MAX_TREE_DEPTH  # here, not above: a cached check never loads the parser

        found = finding("S002", Span.point(source.path, 1, 1), limit=MAX_TREE_DEPTH)
    except Exception as error:  # a bug in Warrant, reported as one rather than as a traceback
        found = finding("X002", Span.point(source.path, 1, 1), stage=stage, error=f"{type(error).__name__}: {error}")
    return Report(source, (found,))
