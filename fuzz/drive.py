"""Every `warrant` command driven in-process on fuzzed files, judged by what a user of the command line sees.

fuzzlib.py judges the checker through its Python API; this module judges the commands: it
runs `checker.cli.main(argv)` in this process (a few milliseconds a run instead of a
second for a fresh interpreter) with standard input, output and error captured, and
asserts, for any input at all (`judge`):

- the command returns an exit code its documentation lists (docs/cli.md), and raises
  nothing (argparse's own exit for a bad option counts as exit 2);
- nothing on standard output or error is a Python traceback, or an internal error (X002);
- a run that reports an error about an input file names the place: `FILE:LINE:COL:` of one
  of the files the run was given or read (or, in JSON, a finding with a line and column);
- it finishes within `TIME_LIMIT` seconds.

A `Scenario` says which command reads what: it writes the fuzzed text to the file the
command reads (a case, a configuration, a map, a settings file, a baseline, a gsn2x
diagram) beside good copies of the other files it needs, in a directory of its own, and
gives the command line. `SCENARIOS` lists one or more for every command of docs/cli.md
but `lsp`, which speaks JSON-RPC (fuzz/lsp_client.py drives it).
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
TIME_LIMIT = 60.0  # seconds for one command on a loaded machine (the solver's own limit is 2 s a query)
AS_OF = "2026-11-01"


class Broken(AssertionError):
    """A command broke a promise of docs/cli.md on some input: the fuzzers report the input."""


@dataclass
class Outcome:
    """What one run of a command left: its exit code, its two streams and how long it took."""

    argv: list
    code: int
    stdout: str
    stderr: str
    seconds: float
    crash: str | None = None  # the traceback of an exception that escaped main()


class _Stdin(io.TextIOWrapper):
    """Standard input of given bytes, with the `.buffer` that reading.py reads."""


def run(argv: list, stdin: bytes = b"", cwd: Path | None = None) -> Outcome:
    """`warrant ARGV` in this process, in `cwd`; any exception is caught and kept as `crash`."""
    from checker.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_in, old_cwd = sys.stdin, os.getcwd()
    sys.stdin = _Stdin(io.BytesIO(stdin), encoding="utf-8")
    started = time.monotonic()
    crash = None
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(map(str, argv)))
            except SystemExit as stop:  # argparse: a usage error is exit 2
                code = stop.code if isinstance(stop.code, int) else 2
    except BaseException:  # noqa: BLE001 - the point is to catch anything main() lets escape
        code, crash = -1, traceback.format_exc()
    finally:
        os.chdir(old_cwd)
        sys.stdin = old_in
    return Outcome(list(map(str, argv)), code, out.getvalue(), err.getvalue(), time.monotonic() - started, crash)


# `path:line:col:` at the start of a line of text output (a finding), the path one the run was given.
_LOCATED = re.compile(r"^(?P<path>[^\n]*?):(?P<line>\d+):(?P<column>\d+): [A-Z]\d{3} ", re.M)


def located_paths(text: str) -> set:
    """The files the text output's findings are located in (those with a line and a column)."""
    return {match.group("path") for match in _LOCATED.finditer(text)}


# An X002 finding in text, GitHub annotations, JSON, SARIF or HTML (SARIF's table of rules names X002 in any run).
_INTERNAL = re.compile(r'X002 \[error\]|title=X002 |"code": "X002"|"ruleId": "X002"|class="code">X002<|`X002`')


def judge(outcome: Outcome, codes: tuple, fuzzed: list, time_limit: float = TIME_LIMIT) -> None:
    """Assert the promises above; `fuzzed` names the files (as given on the command line) that were fuzzed."""
    said = outcome.stdout + outcome.stderr
    if outcome.crash is not None:
        raise Broken(f"{outcome.argv}: exception escaped\n{outcome.crash}")
    if "Traceback (most recent call last)" in said:
        raise Broken(f"{outcome.argv}: a traceback in the output\n{said[-3000:]}")
    if _INTERNAL.search(said):  # an internal error is a bug whatever the input (fuzzlib's invariant too)
        raise Broken(f"{outcome.argv}: an internal error (X002)\n{said[-3000:]}")
    if outcome.code not in codes:
        raise Broken(f"{outcome.argv}: exit {outcome.code}, documented {codes}\n{said[-3000:]}")
    if outcome.seconds > time_limit:
        raise Broken(f"{outcome.argv}: took {outcome.seconds:.1f} s")
    if outcome.code == 2 and "usage:" not in outcome.stderr:
        _judge_located(outcome, fuzzed)


def _judge_located(outcome: Outcome, fuzzed: list) -> None:
    """An unreadable input names where: `FILE:LINE:COL: CODE` in text, a span with a line and a column in JSON,
    a region in SARIF, `file=,line=,col=` in GitHub annotations, `(line N, column M)` in the Markdown summary."""
    said = outcome.stdout + outcome.stderr
    if located_paths(said) or _json_located(outcome.stdout):
        return
    if re.search(r"^::error file=[^,]+,line=\d+,[^:]*col=\d+", said, re.M):
        return
    if "- File: `" in said and re.search(r"\(line \d+, column \d+\)", said):
        return
    if said.startswith(ONE_LINE_ERRORS) or any(pattern.fullmatch(said) for pattern in _ONE_LINE_PATTERNS):
        return
    raise Broken(f"{outcome.argv}: exit 2 without a located finding (files {fuzzed})\n{said[-3000:]}")


# The one-line errors of docs/cli.md that are about the run, not a place in a file.
ONE_LINE_ERRORS = ("warrant: cannot write ", "warrant: no FILE given, and the settings give no `paths`",
                   "warrant: no .case files in ", "warrant: no configurations in ")
_ONE_LINE_PATTERNS = (re.compile(r"warrant: \S+ already exists; give --force to replace it\n$"),)


def _json_located(stdout: str) -> bool:
    """Some error finding of the JSON or SARIF output has a line and a column; none of the errors lacks one."""
    import json

    try:
        document = json.loads(stdout)
    except ValueError:
        return False
    if not isinstance(document, dict):
        return False
    if "files" in document:
        spans = [f.get("span") for file in document["files"] for f in file.get("findings", ()) if f.get("severity") == "E"]
        return bool(spans) and all(span and span.get("line", 0) >= 1 and span.get("column", 0) >= 1 for span in spans)
    results = [r for run in document.get("runs", ()) for r in run.get("results", ()) if r.get("level") == "error"]
    regions = [loc.get("physicalLocation", {}).get("region", {}) for r in results for loc in r.get("locations", ())[:1]]
    return bool(results) and len(regions) == len(results) and all(region.get("startLine") for region in regions)


# ---- mutation of any file: fuzzlib's token edits, and edits of bytes and of shape -------------------


def mutate_bytes(text: str, choose, rounds: int | None = None, shape: bool = True) -> bytes:
    """one or two of fuzzlib's token edits, then (one time in four) one edit that works on the whole file or its bytes:
    a very long line, deep nesting of one bracket, bytes that are not UTF-8, CRLF, a truncated last byte.
    `rounds=1, shape=False` keeps most files readable, so that a campaign reaches the checks behind the reader."""
    import fuzzlib

    data = fuzzlib.mutate(text, choose, rounds or choose.integer(1, 2)).encode("utf-8", errors="surrogatepass")
    if shape and choose.integer(0, 3) == 0:
        data = _shape_edit(data, choose)
    return data


_BRACKETS = (b"(", b"[", b"{", b"- ", b"[[", b"{a: ", b'{"a": ', b"not ", b"-")


def _shape_edit(data: bytes, choose) -> bytes:
    at = choose.integer(0, len(data))
    kind = choose.integer(0, 6)
    if kind == 0:  # a very long line
        return data[:at] + b"x" * choose.integer(10_000, 300_000) + data[at:]
    if kind == 1:  # deep nesting: one opening bracket many times (no closing ones, or as many)
        opening = _BRACKETS[choose.integer(0, len(_BRACKETS) - 1)]
        depth = choose.integer(100, 50_000)
        closing = {b"(": b")", b"[": b"]", b"{": b"}", b"[[": b"]]"}.get(opening, b"") * depth if choose.integer(0, 1) else b""
        return data[:at] + opening * depth + b"1" + closing + data[at:]
    if kind == 2:  # a byte that is not UTF-8
        return data[:at] + bytes([choose.integer(0x80, 0xFF)]) + data[at:]
    if kind == 3:  # every line ending CRLF, or a lone CR
        return data.replace(b"\n", b"\r\n") if choose.integer(0, 1) else data[:at] + b"\r" + data[at:]
    if kind == 4:  # cut in the middle of a character
        return data[:at] + "é€𝔵".encode()[:choose.integer(1, 3)]
    if kind == 5:  # the file repeated (the same items twice)
        return data + b"\n" + data
    return data[:at] + b"\x00" * choose.integer(1, 4) + data[at:]  # NUL bytes


# ---- scenarios: which command reads which fuzzed file ------------------------------------------------

TIMEOUT = ("--timeout", "2")
DATE = ("--as-of", AS_OF)
FIXTURES = REPO / "tests" / "scope_fixtures"
SCOPE_CASE = FIXTURES / "cyber.case"
CONFIG = FIXTURES / "diff" / "base.yaml"
CONFIG_NEW = FIXTURES / "diff" / "new_model.yaml"
SCOPE_TARGET = FIXTURES / "targets" / "narrow.case"
HOLDING = REPO / "tests" / "cases" / "ok" / "single_claim.case"  # a case that holds, quickly
# A case that requires the fuzzed dep.case, and the cyber example importing its pattern from the fuzzed lib.case.
REQUIRING = (HOLDING.read_text("utf-8") + '\nrequires "dep.case"\n').encode()
IMPORTING = (REPO / "examples" / "cyber_inability.case").read_text("utf-8").replace(
    "import stdlib.inability_via_proxy", 'import "lib.case"').encode()
GSN_MODULES = REPO / "tests" / "gsn_fixtures" / "modules" / "uses"
VALUES, VALUES_MAP = FIXTURES / "real" / "values.yaml", FIXTURES / "real" / "values.map.yaml"


@dataclass
class Scenario:
    """One command line over files, one of them fuzzed.

    `file` is the name the fuzzed bytes are written to in a fresh directory (or None: they go to
    standard input); `argv` the command line, in which `{f}` stands for that file; `seeds` the
    kind of file mutated (`SEEDS` keys); `codes` the exit codes docs/cli.md lists for the command.
    """

    name: str
    seeds: str
    file: str | None
    argv: tuple
    codes: tuple = (0, 1, 2, 3)
    extra: tuple = ()  # (name, path or bytes): good files written beside the fuzzed one

    def command_line(self) -> list:
        return [str(self.file) if part == "{f}" else str(part) for part in self.argv]

    def run(self, data: bytes, folder: Path) -> Outcome:
        """Write the fuzzed bytes, run the command in `folder`, and judge what it did."""
        for name, content in self.extra:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content if isinstance(content, bytes) else Path(content).read_bytes())
        if self.file is not None:
            (folder / self.file).parent.mkdir(parents=True, exist_ok=True)
            (folder / self.file).write_bytes(data)
        outcome = run(self.command_line(), stdin=data if self.file is None else b"", cwd=folder)
        judge(outcome, self.codes, [self.file or "<stdin>"])
        return outcome


def _case(name, *argv, codes=(0, 1, 2, 3), seeds="case", file="fuzz.case", extra=()) -> Scenario:
    return Scenario(name, seeds, file, argv, codes, extra)


SCENARIOS = (
    # The case fuzzed, in each command that reads one.
    _case("check", "check", "--no-cache", *TIMEOUT, *DATE, "{f}"),
    _case("check-json", "check", "--no-cache", "--format", "json", *TIMEOUT, *DATE, "{f}"),
    _case("check-sarif", "check", "--no-cache", "--format", "sarif", *TIMEOUT, *DATE, "{f}"),
    _case("check-github", "check", "--no-cache", "--format", "github", *TIMEOUT, *DATE, "{f}"),
    _case("check-markdown", "check", "--no-cache", "--format", "markdown", *TIMEOUT, *DATE, "{f}"),
    _case("check-stdin", "check", *TIMEOUT, *DATE, "-", file=None),
    _case("fmt", "fmt", "{f}", codes=(0, 2)),
    _case("fmt-check", "fmt", "--check", "{f}", codes=(0, 1, 2)),
    _case("fmt-diff", "fmt", "--diff", "{f}", codes=(0, 2)),
    _case("fmt-stdin", "fmt", "-", codes=(0, 2), file=None),
    _case("graph", "graph", *TIMEOUT, *DATE, "{f}"),
    _case("graph-mermaid", "graph", "--format", "mermaid", *TIMEOUT, *DATE, "{f}"),
    _case("report", "report", *TIMEOUT, *DATE, "{f}"),
    _case("export", "export", "--public", *TIMEOUT, *DATE, "{f}"),
    _case("export-gsn", "export-gsn", *TIMEOUT, *DATE, "{f}"),
    _case("scope-config", "scope", "{f}", "--no-cache", "--config", CONFIG, seeds="scope-case"),
    _case("scope-map", "scope", "{f}", "--no-cache", "--config", VALUES, "--map", VALUES_MAP, seeds="scope-case"),
    _case("scope-target", "scope", SCOPE_CASE, "--target", "{f}", *TIMEOUT, seeds="scope-case"),
    _case("scope-target-case", "scope", "{f}", "--target", SCOPE_TARGET, *TIMEOUT, seeds="scope-case"),
    _case("diff", "diff", "{f}", CONFIG, CONFIG_NEW, codes=(0, 1, 2), seeds="scope-case"),
    _case("diff-case-new", "diff", "--case", SCOPE_CASE, "{f}", *TIMEOUT, seeds="scope-case"),
    _case("diff-case-old", "diff", "--case", "{f}", SCOPE_CASE, *TIMEOUT, seeds="scope-case"),
    # A configuration fuzzed: YAML, JSON, JSON lines, standard input; a map and the file it maps.
    _case("scope-yaml", "scope", SCOPE_CASE, "--no-cache", "--config", "{f}", seeds="yaml", file="deploy.yaml"),
    _case("scope-json", "scope", SCOPE_CASE, "--no-cache", "--config", "{f}", seeds="json", file="deploy.json"),
    _case("scope-jsonl", "scope", SCOPE_CASE, "--no-cache", "--config", "{f}", seeds="jsonl", file="batch.jsonl"),
    _case("scope-stdin", "scope", SCOPE_CASE, "--no-cache", "--config", "-", seeds="yaml", file=None),
    _case("scope-map-file", "scope", SCOPE_CASE, "--no-cache", "--config", VALUES, "--map", "{f}",
          seeds="map", file="values.map.yaml"),
    _case("scope-mapped", "scope", SCOPE_CASE, "--no-cache", "--config", "{f}", "--map", VALUES_MAP,
          seeds="values", file="values.yaml"),
    _case("diff-old", "diff", SCOPE_CASE, "{f}", CONFIG_NEW, codes=(0, 1, 2), seeds="yaml", file="old.yaml"),
    _case("diff-new", "diff", SCOPE_CASE, CONFIG, "{f}", codes=(0, 1, 2), seeds="yaml", file="new.yaml"),
    _case("diff-map", "diff", SCOPE_CASE, VALUES, VALUES, "--map", "{f}", codes=(0, 1, 2),
          seeds="map", file="values.map.yaml"),
    # The project's settings and a baseline, fuzzed.
    _case("settings", "check", "--no-cache", "--settings", "{f}", *TIMEOUT, *DATE, HOLDING,
          seeds="settings", file="warrant.toml"),
    _case("pyproject", "check", "--no-cache", *TIMEOUT, *DATE, HOLDING, seeds="pyproject", file="pyproject.toml"),
    _case("pyproject-paths", "check", "--no-cache", *TIMEOUT, *DATE, seeds="pyproject", file="pyproject.toml",
          extra=(("a.case", HOLDING),)),
    _case("export-settings", "export", "--public", "--settings", "{f}", *TIMEOUT, *DATE, HOLDING,
          seeds="settings", file="warrant.toml"),
    _case("baseline", "check", "--no-cache", "--baseline", "{f}", *TIMEOUT, *DATE,
          REPO / "examples" / "defects" / "broken_entailment.case", seeds="baseline", file="baseline.json"),
    # A file the case relies on fuzzed: a required case, an imported pattern file.
    _case("required", "check", "--no-cache", *TIMEOUT, *DATE, "main.case", file="dep.case",
          extra=(("main.case", REQUIRING),)),
    _case("required-graph", "graph", *TIMEOUT, *DATE, "main.case", file="dep.case", extra=(("main.case", REQUIRING),)),
    _case("required-export", "export", "--public", *TIMEOUT, *DATE, "main.case", file="dep.case",
          extra=(("main.case", REQUIRING),)),
    _case("imported", "check", "--no-cache", *TIMEOUT, *DATE, "main.case", seeds="pattern", file="lib.case",
          extra=(("main.case", IMPORTING),)),
    _case("imported-report", "report", *TIMEOUT, *DATE, "main.case", seeds="pattern", file="lib.case",
          extra=(("main.case", IMPORTING),)),
    # A gsn2x diagram fuzzed, alone and as a module of others.
    _case("import-gsn-module", "import-gsn", "main.gsn.yaml", codes=(0, 2), seeds="gsn",
          file="parts/controls.gsn.yaml", extra=(("main.gsn.yaml", GSN_MODULES / "main.gsn.yaml"),)),
    _case("import-gsn", "import-gsn", "{f}", codes=(0, 2), seeds="gsn", file="fuzz.gsn.yaml"),
    _case("import-gsn-partial", "import-gsn", "--partial", "{f}", codes=(0, 2), seeds="gsn", file="fuzz.gsn.yaml"),
)


# ---- seeds: the good files each scenario mutates ------------------------------------------------------

SHARED_GSN = REPO.parent.parent / "shared" / "corpus" / "gsn2x"  # /work/shared/corpus/gsn2x, when present

SETTINGS = (
    'paths = ["."]\nselect = ["L", "E3"]\nignore = ["G201"]\nfail-on = "warning"\nmin-margin = 0.05\n'
    'warn-expiry = 30\nwaivable = ["L213", "E301"]\n',
    '[tool.warrant]\nselect = ["N", "G"]\nwarn-expiry = 3e1\n',
    'fail-on = "error"\nignore = []\nmin-margin = 0.5\n',
)
BASELINE = ('{\n  "findings": [\n    {"count": 1, "file": "examples/defects/broken_entailment.case", '
            '"node": "claim=G0,strategy=S0", "rule": "L201"},\n    {"count": 2e0, "file": "x.case", "node": "", '
            '"rule": "E301"}\n  ],\n  "format_version": 1\n}\n')


def _texts(paths) -> list:
    return [path.read_bytes().decode("utf-8", errors="replace") for path in sorted(paths)]


def _json_lines() -> list:
    import json

    import yaml

    rows = [yaml.safe_load(text) for text in _texts((FIXTURES / "diff").glob("*.yaml"))]
    return ["\n".join(json.dumps(row, default=str) for row in rows) + "\n"]


def seeds() -> dict:
    """The good files of each kind, as text: what the scenarios mutate."""
    import fuzzlib

    pyproject = (REPO / "pyproject.toml").read_text("utf-8")
    gsn = [GSN_MODULES / "parts" / "controls.gsn.yaml", *REPO.glob("tests/gsn_fixtures/**/*.gsn.yaml"),
           *SHARED_GSN.glob("**/*.gsn.yaml")]
    return {
        "case": fuzzlib.corpus(),
        "scope-case": _texts([SCOPE_CASE, *(FIXTURES / "targets").glob("*.case"), REPO / "examples" / "cyber_inability.case",
                              *REPO.glob("examples/partner_api/*.case")]),
        "yaml": _texts([*FIXTURES.glob("configs/*.yaml"), *FIXTURES.glob("diff/*.yaml"),
                        *REPO.glob("examples/deploy/*.yaml"), *REPO.glob("examples/partner_api/*.yaml")]),
        "json": _texts([*FIXTURES.glob("configs/*.json"), *FIXTURES.glob("real/*.json")]),
        "jsonl": _json_lines(),
        "map": _texts([VALUES_MAP]),
        "values": _texts([VALUES]),
        "settings": list(SETTINGS),
        "pyproject": [pyproject + "\n[tool.warrant]\n" + text for text in SETTINGS[:1]]
                     + [pyproject.replace("[project]", "[tool.warrant]\n" + SETTINGS[2] + "\n[project]", 1)],
        "baseline": [BASELINE],
        "pattern": _texts([REPO / "stdlib_patterns" / "inability_via_proxy.case"]),
        "gsn": _texts(gsn),
    }


class Seeded:
    """fuzzlib's Chooser from a seeded random generator: a run is replayed from its seed."""

    def __init__(self, seed):
        import random

        self.random = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.random.randint(low, high)


def campaign(count: int, names=None, seed: int = 0, folder: Path | None = None, report=print,
             gentle: bool = False) -> dict:
    """`count` fuzzed runs of each scenario (all, or those named), from `seed`; returns {scenario: [failures]}.

    Each failing input is kept under `folder` (if given) as SCENARIO-SEED-NUMBER with the message beside it.
    """
    import collections
    import tempfile

    import fuzzlib

    pool = seeds()
    chosen = [s for s in SCENARIOS if names is None or s.name in names]
    failures = collections.defaultdict(list)
    codes = collections.defaultdict(collections.Counter)
    for scenario in chosen:
        choose = Seeded(f"{seed}:{scenario.name}")
        for number in range(count):
            seed_text = fuzzlib.pick(choose, pool[scenario.seeds])
            data = mutate_bytes(seed_text, choose, 1, shape=False) if gentle else mutate_bytes(seed_text, choose)
            with tempfile.TemporaryDirectory() as work:
                try:
                    outcome = scenario.run(data, Path(work))
                    codes[scenario.name][outcome.code] += 1
                except Broken as broken:
                    failures[scenario.name].append(str(broken))
                    report(f"{scenario.name} #{number}: {str(broken)[:2000]}")
                    if folder is not None:
                        folder.mkdir(parents=True, exist_ok=True)
                        (folder / f"{scenario.name}-{seed}-{number}").write_bytes(data)
                        (folder / f"{scenario.name}-{seed}-{number}.txt").write_text(str(broken))
        report(f"{scenario.name}: {count} runs, exit codes {dict(sorted(codes[scenario.name].items()))}, "
               f"{len(failures[scenario.name])} broken")
    return failures


if __name__ == "__main__":
    import argparse

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    options = argparse.ArgumentParser(description="Fuzz every warrant command in-process (fuzz/README.md).")
    options.add_argument("count", type=int, help="runs of each scenario")
    options.add_argument("scenarios", nargs="*", help="scenario names (default: all)")
    options.add_argument("--seed", type=int, default=0)
    options.add_argument("--keep", type=Path, default=None, help="keep failing inputs in this folder")
    options.add_argument("--gentle", action="store_true", help="one token edit a file, no edits of shape")
    options.add_argument("--memory-mb", type=int, default=4096, help="cap this process's address space (RLIMIT_AS)")
    given = options.parse_args()
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (given.memory_mb << 20, given.memory_mb << 20))
    broken = campaign(given.count, given.scenarios or None, given.seed, given.keep, gentle=given.gentle)
    sys.exit(1 if any(broken.values()) else 0)
