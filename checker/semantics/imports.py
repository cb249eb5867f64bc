"""Imports: the patterns a case can use, from the standard library and from files beside it.

`import stdlib.NAME` reads NAME.case from the installed standard library
(`checker.stdlib_patterns`); `import "path.case"` reads a file relative to the
importing case, only inside the case's own directory tree. An imported file holds
patterns (and may import others); anything else in it is ignored. Import cycles are
harmless: each file is read once.

While `recording_reads(reads)` is in force, every imported file is added to `reads`
as (path, text; None when it cannot be read), so that the result cache (cache.py)
keeps a report only while the files it imports read the same.
"""
from __future__ import annotations

import contextlib
import contextvars
import difflib
from importlib import resources
from pathlib import Path

from ..findings.finding import Related, finding
from ..syntax import nodes as n
from ..syntax.build import build
from ..syntax.parser import has_header, parse
from ..syntax.reading import Unreadable, confined, read_source
from ..syntax.source import SourceFile
from .patterns import Library

STDLIB_PREFIX = "stdlib."

_READS: contextvars.ContextVar = contextvars.ContextVar("warrant_import_reads", default=None)


@contextlib.contextmanager
def recording_reads(reads: list):
    """Add (path, text or None) of every file imported while in force to `reads`."""
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


def _record(path: str, text: str | None) -> None:
    reads = _READS.get()
    if reads is not None:
        reads.append((path, text))


def _stdlib_folder():
    """The installed library, or, in a source checkout run in place, stdlib_patterns/ beside the package."""
    try:
        return resources.files("checker.stdlib_patterns")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "stdlib_patterns"


def stdlib_names() -> list[str]:
    """The patterns files of the standard library, by the name `import stdlib.NAME` takes."""
    folder = _stdlib_folder()
    return sorted(entry.name.removesuffix(".case") for entry in folder.iterdir() if entry.name.endswith(".case"))


def stdlib_path(name: str) -> str:
    """Where the library file NAME.case lies on disk (for editors that open it)."""
    return str(_stdlib_folder().joinpath(f"{name}.case"))


def stdlib_source(name: str) -> SourceFile:
    text = _stdlib_folder().joinpath(f"{name}.case").read_text("utf-8")
    return SourceFile(f"stdlib/{name}.case", text)


def load_library(case: n.CaseFile) -> tuple[Library, list]:
    """The case's own patterns and every pattern it imports, with findings for imports that fail."""
    loader = _Loader(Path(case.path).resolve().parent if case.path != "<string>" else Path.cwd())
    loader.add_patterns(case)
    loader.follow(case, Path(case.path).parent)
    return Library(loader.patterns), loader.findings


class _Loader:
    def __init__(self, root: Path):
        self.root = root
        self.patterns = {}  # name -> Pattern
        self.seen = set()  # files already read: stdlib names and resolved paths
        self.findings = []

    def add_patterns(self, file: n.CaseFile) -> None:
        for pattern in file.of_type(n.Pattern):
            first = self.patterns.get(pattern.name.text)
            if first is not None and first != pattern:
                self.findings.append(finding("N102", pattern.name.span, name=pattern.name.text,
                                             related=(Related(first.name.span, "first declared here"),)))
                continue
            self.patterns.setdefault(pattern.name.text, pattern)

    def follow(self, file: n.CaseFile, folder: Path) -> None:
        for item in file.of_type(n.Import):
            source = self.library_file(item) if item.library else self.local_file(item, folder)
            if source is None:
                continue
            imported = self.read(source, item)
            if imported is not None:
                self.add_patterns(imported)
                self.follow(imported, Path(source.path).parent)

    def library_file(self, item: n.Import) -> SourceFile | None:
        name = item.target.removeprefix(STDLIB_PREFIX)
        known = stdlib_names()
        if not item.target.startswith(STDLIB_PREFIX) or name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
            self.findings.append(finding("P006", item.span, target=item.target,
                                         reason="the standard library has no such pattern file",
                                         help=f"did you mean `stdlib.{close[0]}`?" if close else
                                         "`warrant patterns` lists the standard library"))
            return None
        if name in self.seen:
            return None
        self.seen.add(name)
        source = stdlib_source(name)
        _record(stdlib_path(name), source.text)
        return source

    def local_file(self, item: n.Import, folder: Path) -> SourceFile | None:
        path, refused = confined(folder, item.target, self.root)
        if refused is not None:
            self.findings.append(finding("P006", item.span, target=item.target, reason=refused))
            return None
        target = path.resolve()
        if target in self.seen:
            return None
        self.seen.add(target)
        source = read_source(path)
        _record(str(target), None if isinstance(source, Unreadable) else source.text)
        if isinstance(source, Unreadable):
            self.findings.append(finding("P006", item.span, target=item.target, reason=source.reason))
            return None
        return source

    def read(self, source: SourceFile, item: n.Import) -> n.CaseFile | None:
        """Parse and build an imported file; its syntax errors are reported where they stand."""
        tree, problems = parse(source.text, source.path, "start" if has_header(source.text) else "items")
        if tree is None:
            self.findings += problems
            self.findings.append(finding("P006", item.span, target=item.target, reason="it has syntax errors"))
            return None
        built, problems = build(tree, source.path)
        self.findings += problems
        return built
