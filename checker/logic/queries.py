"""The one door every solver check passes through: `run`, the names of the questions, and their dump as SMT-LIB 2.

Every place in Warrant that asks Z3 for an answer calls `run(solver, *assumptions)`
instead of `solver.check()`. That gives one place to write each query out
(`warrant check --dump-smt DIR`) and one place a test can replace to make every
answer `unknown` (tests/test_unknown.py), so no caller can treat an undecided
question as a pass unnoticed.

A check family names the question it is about to ask with `asking(prover, rule,
node, case)`: a view of the prover whose every call runs under that name. The
name travels in a context variable, so the prover's signatures stay as they are.
"""
from __future__ import annotations

import contextlib
import contextvars
import re
from pathlib import Path

import attrs
import z3


@attrs.frozen
class Label:
    """What a query is about: the rule whose finding its answer decides, the node it judges, the case."""

    rule: str
    node: str
    case: str = ""
    path: str = ""

    def stem(self) -> str:
        """A file name for the query: `case.rule.node`, with anything unsafe in a file name replaced."""
        parts = [part for part in (self.case, self.rule, self.node) if part]
        return ".".join(_SAFE.sub("_", part).strip("_") or "_" for part in parts)


_SAFE = re.compile(r"[^A-Za-z0-9_-]+")
UNLABELLED = Label("unlabelled", "query")

_label: contextvars.ContextVar[Label | None] = contextvars.ContextVar("warrant_query_label", default=None)
_dumper: contextvars.ContextVar["Dumper | None"] = contextvars.ContextVar("warrant_query_dumper", default=None)


def run(solver: z3.Solver, *assumptions) -> z3.CheckSatResult:
    """Check `solver` (under `assumptions`, as z3's check takes them): sat, unsat or unknown; dumped when asked."""
    answer = solver.check(*assumptions)
    dumper = _dumper.get()
    if dumper is not None:
        dumper.write(solver, assumptions, answer, _label.get() or UNLABELLED)
    return answer


def dump_active() -> bool:
    """Whether queries are being written out: a check that could skip a question asks it then, so the dump has it."""
    return _dumper.get() is not None


def current_label() -> Label | None:
    return _label.get()


@contextlib.contextmanager
def about(label: Label):
    """Every query asked inside the block is named `label`."""
    token = _label.set(label)
    try:
        yield
    finally:
        _label.reset(token)


class Asking:
    """A prover seen through a label: each method called on it runs with its queries named so."""

    def __init__(self, prover, label: Label):
        self._prover = prover
        self._label = label

    def __getattr__(self, name):
        method = getattr(self._prover, name)
        if not callable(method):
            return method

        def labelled(*args, **kwargs):
            with about(self._label):
                return method(*args, **kwargs)

        return labelled


def asking(prover, rule: str, node: str, case: str = "", path: str = "") -> Asking:
    return Asking(prover, Label(rule, str(node), case, path))


# ---- writing queries out ------------------------------------------------------------------------


class Dumper:
    """Writes each query into a directory as a self-contained SMT-LIB 2 file with Z3's answer in a comment."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.used: dict[str, int] = {}
        self.written: list[Path] = []

    def write(self, solver: z3.Solver, assumptions, answer, label: Label) -> Path:
        stem = label.stem()
        self.used[stem] = self.used.get(stem, 0) + 1
        name = stem if self.used[stem] == 1 else f"{stem}.{self.used[stem]}"
        target = self.directory / f"{name}.smt2"
        target.write_text(smtlib(solver, assumptions, answer, label), encoding="utf-8")
        self.written.append(target)
        return target


@contextlib.contextmanager
def dumping(directory):
    """Every query run inside the block is written to `directory`; yields the Dumper."""
    dumper = Dumper(directory)
    token = _dumper.set(dumper)
    try:
        yield dumper
    finally:
        _dumper.reset(token)


def smtlib(solver: z3.Solver, assumptions, answer, label: Label) -> str:
    """The query as SMT-LIB 2: a header of comments, the declarations, every assertion, `(check-sat)`.

    Assumptions (the guards of a conflicting-set search) become assertions, so the
    file asks exactly the question that was answered.
    """
    flat = []
    for assumption in assumptions:
        flat.extend(assumption if isinstance(assumption, (list, tuple)) else [assumption])
    copy = z3.Solver(ctx=solver.ctx)  # without the solver's options: only the question travels
    copy.add(*solver.assertions(), *flat)
    # sexpr(), not to_smt2(): the latter writes an enum member of a translated context as `(_ m m)`.
    body = copy.sexpr().rstrip() + "\n(check-sat)"
    where = f" in {label.path}" if label.path else ""
    header = [
        f"; Warrant query: rule {label.rule}, node {label.node}, case {label.case or '-'}{where}",
        f"; expected: {answer}",
        f"; (the answer of Z3 {z3.get_version_string()}: sat when some world satisfies every assertion, unsat when none does)",
        "(set-logic ALL)",
    ]
    return "\n".join(header) + "\n" + body.rstrip() + "\n"
