"""Every kind of hostile file in every place a `warrant` command reads (or writes) one, driven in-process.

Where fuzz/drive.py mutates good files, this module puts a fixed list of bad ones
(`KINDS`: empty, binary, NUL bytes, deep nesting in each bracket, a YAML "billion
laughs", YAML tags, the wrong top-level type, several documents, a 2 MB line, duplicate
keys, bytes that are not UTF-8, NaN, huge numbers, impossible dates, CR line ends,
deeply nested TOML; and `SPECIAL`: a directory, a dangling symbolic link, a loop of links,
a link to a directory, a FIFO, `/dev/null`, a file over `--max-size`) in each place
(`ROLES`: the case of every command, a YAML, JSON or JSON-lines configuration, a map, a
target, each side of a diff, the settings named or found, a baseline read or written, a
gsn2x diagram, an output file, the --dump-smt folder) and judges each run by drive.judge:
a documented exit code, no traceback, an error located in a file, within `TIME_LIMIT`.

Running as root, a file without read permission is still read, so unreadable-by-mode is
not among the kinds; the special files stand for it (each is refused as not a regular
file, or cannot be opened). Output to a FIFO is left out: writing to a pipe waits for its
reader, as it should (`-o >(gzip > x.gz)`).
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import drive

TIME_LIMIT = 20.0


def _laughs() -> bytes:
    """a: &a [x, ...nine], b: &b [*a, ...nine], ... i: [*h, ...nine]: 400 bytes that expand to 9**9 values."""
    lines, item = [], '"x"'
    for name in "abcdefghi":
        lines.append(f"{name}: &{name} [{', '.join([item] * 9)}]")
        item = f"*{name}"
    return ("\n".join(lines) + "\n").encode()


KINDS = {
    "empty": b"",
    "blank": b"  \n\n",
    "bom": b"\xef\xbb\xbf",
    "binary": bytes(range(256)) * 8,
    "nul": b"\x00" * 100,
    "deep-list": b"[" * 100_000,
    "deep-map": b"{a: " * 50_000,
    "deep-json": b'{"a":' * 100_000,
    "deep-dash": b"- " * 50_000 + b"1",
    "laughs": _laughs(),
    "python-tag": b"a: !!python/object/apply:os.system ['echo owned']\n",
    "tag": b"a: !custom 3\n",
    "list-top": b"- 1\n- 2\n",
    "string-top": b"hello\n",
    "number-top": b"42\n",
    "null": b"null\n",
    "documents": b"a: 1\n---\nb: 2\n",
    "long-line": b"model: " + b"x" * 2_000_000 + b"\n",
    "twice": b"model: a\nmodel: b\n",
    "list-key": b"? [1, 2]\n: 3\n",
    "not-utf8": b"model: \xff\xfe\n",
    "nan": b'{"max_users": NaN, "internet": Infinity}',
    "huge-int": b"max_users: " + b"9" * 5000 + b"\n",
    "huge-exponent": b"max_users: 1e99999\n",
    "no-such-day": b"model: 2026-02-30\n",
    "crlf": b"model: x\r\nchannel: internal\r\n",
    "cr": b"model: x\rchannel: internal\r",
    "deep-toml": b"a = " + b"[" * 5000 + b"]" * 5000,
    "bad-toml": b"[tool.warrant\nselect = 3",
}
SPECIAL = ("directory", "dangling", "loop", "link-to-directory", "fifo", "dev-null", "over-size")
WRITTEN = ("write-baseline", "new-o", "graph-o", "dump-smt")  # roles where the file is written, not read


def roles() -> list:
    """(role, file name, command line with {f} for the file): every place a command reads or writes a file."""
    case, config, values, holding = str(drive.SCOPE_CASE), str(drive.CONFIG), str(drive.VALUES), str(drive.HOLDING)
    return [
        ("check", "x.case", ["check", "--no-cache", "{f}"]),
        ("fmt", "x.case", ["fmt", "--check", "{f}"]),
        ("graph", "x.case", ["graph", "{f}"]),
        ("report", "x.case", ["report", "{f}"]),
        ("export", "x.case", ["export", "--public", "{f}"]),
        ("export-gsn", "x.case", ["export-gsn", "{f}"]),
        ("yaml", "d.yaml", ["scope", case, "--no-cache", "--config", "{f}"]),
        ("json", "d.json", ["scope", case, "--no-cache", "--config", "{f}"]),
        ("jsonl", "d.jsonl", ["scope", case, "--no-cache", "--config", "{f}"]),
        ("map", "m.yaml", ["scope", case, "--no-cache", "--config", values, "--map", "{f}"]),
        ("target", "t.case", ["scope", case, "--target", "{f}"]),
        ("scope-case", "x.case", ["scope", "{f}", "--no-cache", "--config", config]),
        ("diff-old", "o.yaml", ["diff", case, "{f}", config]),
        ("diff-map", "m.yaml", ["diff", case, values, values, "--map", "{f}"]),
        ("diff-case", "n.case", ["diff", "--case", case, "{f}"]),
        ("settings", "w.toml", ["check", "--no-cache", "--settings", "{f}", holding]),
        ("export-settings", "w.toml", ["export", "--public", "--settings", "{f}", holding]),
        ("pyproject", "pyproject.toml", ["check", "--no-cache", holding]),
        ("warrant-toml", "warrant.toml", ["check", "--no-cache", holding]),
        ("baseline", "b.json", ["check", "--no-cache", "--baseline", "{f}", holding]),
        ("write-baseline", "b.json", ["check", "--no-cache", "--baseline", "{f}", "--write-baseline", holding]),
        ("gsn", "g.gsn.yaml", ["import-gsn", "{f}"]),
        ("new-o", "new.case", ["new", "--pattern", "inability_via_proxy", "-o", "{f}"]),
        ("graph-o", "out.dot", ["graph", holding, "-o", "{f}"]),
        ("dump-smt", "smt", ["check", "--no-cache", "--dump-smt", "{f}", holding]),
    ]


def combinations() -> list:
    """Every (role, kind) this module runs, in a fixed order."""
    return [(role, kind) for role, _, _ in roles() for kind in (*KINDS, *SPECIAL)
            if not (kind == "fifo" and role in WRITTEN)]


def _place(folder: Path, name: str, kind: str) -> list:
    """Put the hostile file at folder/name; the options it needs (`--max-size` for one over it)."""
    target = folder / name
    if kind in KINDS:
        target.write_bytes(KINDS[kind])
    elif kind == "directory":
        target.mkdir()
    elif kind == "dangling":
        target.symlink_to(folder / "nothing" / name)
    elif kind == "loop":
        target.symlink_to(target)
    elif kind == "link-to-directory":
        (folder / "sub").mkdir()
        target.symlink_to(folder / "sub")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "dev-null":
        target.symlink_to(os.devnull)
    elif kind == "over-size":
        target.write_bytes(b"a" * 3000)
        return ["--max-size", "1K"]
    return []


def run(role: str, kind: str) -> drive.Outcome:
    """Run one combination in a fresh folder and judge it (drive.Broken if a promise fails)."""
    name, argv = next((name, argv) for known, name, argv in roles() if known == role)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        extra = _place(folder, name, kind)
        command = [name if part == "{f}" else part for part in argv]
        if extra and command[0] != "new":  # `new` reads nothing
            command = command[:1] + extra + command[1:]
        outcome = drive.run(command, cwd=folder)
        drive.judge(outcome, (0, 1, 2, 3), [name], time_limit=TIME_LIMIT)
        return outcome


if __name__ == "__main__":
    import resource
    import sys

    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))  # a blow-up fails as MemoryError, not the machine
    broken = 0
    for role, kind in combinations():
        if sys.argv[1:] and role not in sys.argv[1:]:
            continue
        try:
            outcome = run(role, kind)
            print(f"{role:16} {kind:18} exit {outcome.code} {outcome.seconds:5.1f} s")
        except drive.Broken as failure:
            broken += 1
            print(f"BROKEN {role} {kind}: {failure}")
    sys.exit(1 if broken else 0)
