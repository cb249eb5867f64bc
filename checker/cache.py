"""The result cache: a checked case is not checked again until something it depends on changes.

Three kinds of entry, all in the user cache directory ($XDG_CACHE_HOME/warrant), never
beside a case:

- `results/`: a case's whole report, keyed by the file's path and text, the
  date of the check (`--as-of`), the solver timeout, the settings that change
  the check (min-margin, warn-expiry, waivable) and the tool itself (its
  version, where Z3 and Lark are installed with the size and time of their
  entry files, and the size and time of every file of the installed
  package), and valid while every file it `requires` and
  every pattern file it imports (directly or further down; the standard
  library's too) still has the text it had.
- `models/`: a case's resolved model (what `scope --config` judges against),
  keyed by the file's path and text and the tool, and valid while every
  pattern file it imports still has the text it had: a scope of one
  configuration then neither loads Lark nor parses the case or its library.
- `answers/`: the solver's answers, keyed by the content of each question
  (the case's declarations and the question's formulas, written out without
  spans), the timeout and the tool. After an edit, the pipeline runs again, but only
  the questions whose formulas changed reach the solver. Worlds read from
  here are replayed by the plain evaluator like any other. An unknown answer
  is never kept: the next run asks again.

Files are written whole and renamed into place; one that cannot be read is
ignored, and a cache directory that cannot be written is no cache at all.
"""
from __future__ import annotations

import datetime
import hashlib
import os
import pickle
from fractions import Fraction
from pathlib import Path

import attrs

from . import __version__
from .syntax.reading import limits, user_cache_dir

FORMAT = b"warrant-cache-3"  # raised whenever what is kept changes shape (3: a summary keeps its margins)


def _digest(*parts) -> str:
    h = hashlib.sha256(FORMAT)
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode("utf-8")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def text_digest(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _tool_fingerprint() -> str:
    """What the tool is: its version, its solver's and parser's installed files, and every file of the package.

    Z3 and Lark are named by where they are installed and the size and time of
    their entry files (found without importing them; importlib.metadata alone
    takes a tenth of a cold `scope`): installing another version rewrites those.
    """
    from importlib.util import find_spec

    package = Path(__file__).resolve().parent
    parts = [__version__]
    for name in ("z3", "lark"):
        spec = find_spec(name)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        stat = origin.stat() if origin is not None and origin.exists() else None
        parts.append(f"{name}={origin}:{stat.st_size}:{stat.st_mtime_ns}" if stat else f"{name}=?")
    return _digest(*parts, *_package_files(str(package)))


def _package_files(package: str) -> list[str]:
    """`relative/path.py:size:mtime` for every .py and .lark file of the package, in path order.

    os.walk, not Path.rglob: it is asked on every cached run, and the bytecode
    folders it skips hold as many files again.
    """
    found = []
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        for name in files:
            if name.endswith((".py", ".lark")):
                path = os.path.join(folder, name)
                stat = os.stat(path)
                found.append((os.path.relpath(path, package), f"{stat.st_size}:{stat.st_mtime_ns}"))
    return [f"{Path(relative).as_posix()}:{stamp}" for relative, stamp in sorted(found)]


def _reading() -> str:
    """The run's reading limits (--max-size, --allow-outside): they decide which files a case may read
    (its imports, its required cases), so a result kept under some limits is never served under others."""
    read = limits()
    return repr((read.max_size, tuple(map(str, read.allow_outside))))


class ResultCache:
    """Reports and solver answers kept on disk; `ResultCache.default()` is the user's cache directory."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._tool = None

    @classmethod
    def default(cls) -> "ResultCache":
        return cls(user_cache_dir())

    @property
    def tool(self) -> str:
        if self._tool is None:
            self._tool = _tool_fingerprint()
        return self._tool

    # ---- whole reports -----------------------------------------------------------------

    def report_key(self, path: str, text: str, as_of: datetime.date, timeout: float, settings=None) -> str:
        """`settings` (interop/settings.py): only what changes a check's findings is part of the key."""
        checked = (None if settings is None else
                   (str(settings.min_margin), settings.warn_expiry, tuple(sorted(settings.waivable))))
        # --max-size and --allow-outside decide which files a case may read, so they are part of the key too.
        return _digest("report", self.tool, path, os.path.abspath(path), text_digest(text), as_of.isoformat(),
                       repr(float(timeout)), repr(checked), _reading())

    def report(self, key: str, read_text):
        """The kept report for `key` if every file it read still reads the same (`read_text(identity)`), else None."""
        return self._still_valid("results", key, "report", read_text)

    def keep_report(self, key: str, report, reads) -> None:
        """Keep a report without its model and the required cases' reports (reporters that draw them check
        afresh: `NEEDS_MODEL` in reporters/)."""
        # Nor its source text: the key says the case reads the same, and the caller has it in hand.
        _store(self.directory / "results" / f"{key}.pickle",
               {"report": attrs.evolve(report, case=None, required=(), source=None), "reads": tuple(reads)})

    # ---- resolved models ---------------------------------------------------------------

    def model_key(self, path: str, text: str, part: str = "model") -> str:
        """`part` names what is kept: the whole model, or a view of it (api.load_boundary keeps `scope_view`)."""
        return _digest(part, self.tool, path, os.path.abspath(path), text_digest(text), _reading())

    def model(self, key: str, read_text):
        """The kept model for `key` if every file it read still reads the same (`read_text(identity)`), else None."""
        return self._still_valid("models", key, "model", read_text)

    def keep_model(self, key: str, model, reads) -> None:
        _store(self.directory / "models" / f"{key}.pickle", {"model": model, "reads": tuple(reads)})

    def _still_valid(self, folder: str, key: str, field: str, read_text):
        """The kept `field` of the entry for `key` in `folder` if every file it read still reads the same, else None."""
        entry = _load(self.directory / folder / f"{key}.pickle")
        if not isinstance(entry, dict) or field not in entry:
            return None
        for identity, digest in entry["reads"]:
            if text_digest(read_text(identity)) != digest:
                return None
        return entry[field]

    # ---- solver answers --------------------------------------------------------------------

    def answers(self, path: str, case, timeout: float) -> "AnswerStore":
        """The answers kept for the case at `path` (one file per case file: each run keeps what it used)."""
        return AnswerStore(self.directory / "answers" / f"{_digest(os.path.abspath(path))}.pickle", case, timeout,
                           self.tool)


class AnswerStore:
    """Solver answers by the content of their question; what the prover asks of it, it hands `key()`."""

    def __init__(self, file: Path, case, timeout: float, tool: str = ""):
        self.file = file
        loaded = _load(file)
        self._kept = loaded if isinstance(loaded, dict) else {}
        self._used = {}
        self._digests = {}  # id(formula) -> (formula, digest), kept alive so an id is never reused
        self._schema = _digest(tool, _declarations(case), repr(float(timeout)))
        self.hits = 0

    def key(self, *parts) -> str:
        """A content key for one question: its kind and formulas (spans left out), with the case's declarations."""
        return _digest(self._schema, *(self._part(part) for part in parts))

    def _part(self, part) -> str:
        if isinstance(part, (list, tuple)):
            return "[" + ",".join(self._part(item) for item in part) + "]"
        if isinstance(part, str):
            return repr(part)
        hit = self._digests.get(id(part))
        if hit is None or hit[0] is not part:
            hit = self._digests[id(part)] = (part, _digest(_written(part)))
        return hit[1]

    def get(self, key: str):
        if key in self._used:
            return self._used[key]
        value = self._kept.get(key)
        if value is not None:
            self.hits += 1
            self._used[key] = value
        return value

    def put(self, key: str, value) -> None:
        self._used[key] = value

    def used(self) -> dict:
        """The answers this run has used or found, by key (what `save` keeps)."""
        return dict(self._used)

    def save(self) -> None:
        if self._used != self._kept:
            _store(self.file, self._used)


def _declarations(case) -> str:
    """Everything a formula's meaning depends on besides itself: enums, context variables, measures."""
    return _written((tuple(case.enums.values()), tuple(case.context.values()), tuple(case.measures.values())))


def _written(value) -> str:
    """A value of the model written out completely, spans left out: equal text exactly for equal values."""
    if attrs.has(type(value)):
        fields = ",".join(f"{f.name}={_written(getattr(value, f.name))}" for f in attrs.fields(type(value))
                          if f.name != "span")
        return f"{type(value).__name__}({fields})"
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(map(_written, value)) + ")"
    if isinstance(value, frozenset):
        return "{" + ",".join(sorted(map(_written, value))) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_written(k)}:{_written(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (Fraction, datetime.date)):
        return f"{type(value).__name__}:{value}"
    return f"{type(value).__name__}:{value!r}"


def _load(file: Path):
    try:
        with open(file, "rb") as stream:
            return pickle.load(stream)
    except Exception:  # missing, truncated, or written by another version: no entry
        return None


def _store(file: Path, value) -> None:
    try:
        import tempfile  # here: a run that only reads the cache does not load it (nor shutil, nor random)

        file.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, file)
    except OSError:
        pass  # a cache that cannot be written is no cache, not an error
