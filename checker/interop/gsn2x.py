"""Import gsn2x YAML diagrams (Goal Structuring Notation) as Warrant cases; the entry points.

Like every other stage the import reports findings rather than raising: errors (I0xx)
mean the files are not a gsn2x diagram Warrant can import, and no case is written;
warnings (I1xx) name what the case leaves out or keeps only as a comment. Every finding
is located in the YAML file it is about. The work is split by stage: reading one file
(gsn2x_yaml), loading several with their modules (gsn2x_modules), the translation
(gsn2x_import), Warrant's own fields (gsn2x_warrant); the way back is gsn2x_export.
"""
from __future__ import annotations

from ..findings.finding import Finding, finding, sorted_findings
from ..findings.rules import Outcome
from ..syntax.source import Span
from .gsn2x_import import Import
from .gsn2x_modules import load, single
from .gsn2x_yaml import Reader


def gsn_to_case(text: str, path: str) -> tuple[str | None, list[Finding]]:
    """Translate one gsn2x YAML document, given as text, into case-language text, and findings.

    `path` names the YAML file: every finding is located in it (lines and columns from 1), and
    its base name names the case. Nothing else is read, so a file with a `module:` block is
    taken as one module alone (as `import-gsn --partial` takes it). The case is None when a
    finding's outcome is unreadable (the I0xx errors). Never raises.
    """
    findings: list[Finding] = []

    def translate():
        document = Reader(text, path, findings).read()
        return None if document is None else Import(single(document), findings).run()

    return _guarded(translate, findings, path)


def import_files(paths, partial: bool = False) -> tuple[str | None, list[Finding], list]:
    """Translate the diagram the files make, following each module's `uses` (unless `partial`).

    Returns the case text (None when it cannot be imported), the findings, and the paths of
    every file read (so findings can be shown with their lines). Never raises.
    """
    findings: list[Finding] = []
    read: list = []

    def translate():
        diagram = load(paths, findings, partial)
        if diagram is None:
            return None
        read.extend(document.path for document in diagram.documents)
        return Import(diagram, findings).run()

    case, findings = _guarded(translate, findings, str(paths[0]) if paths else "<none>")
    return case, findings, read


def _guarded(translate, findings: list, path: str):
    case = None
    try:
        case = translate()
    except RecursionError:  # YAML nested deeper than the composer's recursion allows
        findings.append(finding("I001", Span.point(path, 1, 1), problem="it is nested too deeply"))
    except Exception as error:  # a bug in Warrant, reported as one rather than as a traceback
        findings.append(finding("X002", Span.point(path, 1, 1), stage="importing the GSN diagram",
                                error=f"{type(error).__name__}: {error}"))
    if any(f.rule.outcome is not Outcome.NORMAL for f in findings):
        case = None
    return case, sorted_findings(findings)
