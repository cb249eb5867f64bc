"""Files as a CI runner meets them: each ends in a clear, located finding within a time and memory limit.

Every test runs `warrant` in a subprocess capped in address space and wall-clock time
(tests/limits.py). The default run uses inputs large enough that the quadratic or
exponential behaviour each test guards against would blow its limits many times over
(20,000 claims or `or`s, 100,000 enum members, a 20 MB title); the `slow` run repeats
them at the sizes of the issue (100,000; 50 MB). docs/reliability.md records the figures.
"""
from __future__ import annotations

import json
import os
import sys

import pytest

try:
    from tests.limits import HOLDING, run_limited, text_of
except ImportError:  # tests/ is not importable as a package in this run
    from limits import HOLDING, run_limited, text_of

HEADER = 'case big "Large input"\n  version "1.0"\n  author "Test Team"\n\n'


CONTEXT_CASE = '''case ctx "A boundary over two variables"
  version "1.0"
  author "Test Team"

context {
  users: int
  rate: real
}

boundary {
  users <= 10
}
'''


def holding(name: str, *required: str) -> str:
    return HOLDING.format(name=name, extra="".join(f'requires "{r}"\n' for r in required))


def codes(result) -> list[str]:
    document = json.loads(result.stdout)
    return [f["code"] for file in document["files"] for f in file["findings"]]


def first(result) -> dict:
    document = json.loads(result.stdout)
    return next(f for file in document["files"] for f in file["findings"])


# ---- files that are not regular files --------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.case"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "directory"])
def test_non_regular_file_as_a_case(tmp_path, fifo, special):
    target = {"fifo": fifo, "/dev/zero": "/dev/zero", "directory": tmp_path}[special]
    if special == "directory":  # a directory given as a file is expanded by `check`; `fmt --check` reads it as one
        result = run_limited("export", "--public", target, seconds=20, memory_mb=600)
        assert result.returncode == 2 and b"directory" in result.stdout + result.stderr
        return
    result = run_limited("check", "--format", "json", target, seconds=20, memory_mb=600)
    assert result.returncode == 2
    assert first(result)["code"] == "S003" and "not a regular file" in first(result)["message"]


def test_fifo_as_a_required_case(tmp_path, fifo):
    (tmp_path / "a.case").write_text(holding("a", fifo.name))
    result = run_limited("check", "--format", "json", "a.case", cwd=tmp_path, seconds=30, memory_mb=600)
    assert result.returncode == 2
    found = first(result)
    assert found["code"] == "G004" and "FIFO" in found["message"] and found["span"]["line"] == 4


def test_fifo_as_an_imported_pattern_file(tmp_path, fifo):
    (tmp_path / "a.case").write_text(holding("a").replace("measure rate", f'import "{fifo.name}"\nmeasure rate'))
    result = run_limited("check", "--format", "json", "a.case", cwd=tmp_path, seconds=30, memory_mb=600)
    assert result.returncode == 2 and "P006" in codes(result)


@pytest.mark.parametrize("role", ["config", "map", "settings", "baseline"])
def test_fifo_or_device_as_a_configuration_map_settings_or_baseline(tmp_path, fifo, role):
    (tmp_path / "ctx.case").write_text(CONTEXT_CASE)
    (tmp_path / "ok.json").write_text('{"users": 1, "rate": 0.5}')
    command = {
        "config": ["scope", "ctx.case", "--config", fifo, "/dev/zero"],
        "map": ["scope", "ctx.case", "--map", fifo, "--config", "ok.json"],
        "settings": ["check", "ctx.case", "--settings", fifo],
        "baseline": ["check", "ctx.case", "--baseline", "/dev/zero"],
    }[role]
    result = run_limited(*command, "--format", "json", cwd=tmp_path, seconds=30, memory_mb=600)
    assert result.returncode == 2
    assert "not a regular file" in text_of(result)


# ---- the size limit -------------------------------------------------------------------------------


def test_file_over_the_size_limit_is_refused(tmp_path):
    """A sparse file of 17 MiB (no disk used) is refused by its size alone: nothing is read or parsed."""
    big = tmp_path / "big.case"
    with open(big, "wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    result = run_limited("check", "--format", "json", big, seconds=20, memory_mb=600)
    assert result.returncode == 2
    found = first(result)
    assert found["code"] == "S007" and "17,825,792 bytes" in found["message"]
    assert found["span"]["line"] == 1


def test_max_size_option_and_standard_input(tmp_path):
    small = tmp_path / "a.case"
    small.write_text(holding("a"))
    assert run_limited("check", small, "--max-size", "1K", seconds=30).returncode == 0
    refused = run_limited("check", "--format", "json", small, "--max-size", "100", seconds=30)
    assert refused.returncode == 2 and codes(refused) == ["S007"]
    piped = run_limited("check", "--format", "json", "-", "--max-size", "1K", stdin=b"#" * 5000, seconds=30)
    assert piped.returncode == 2 and codes(piped) == ["S007"]
    bad = run_limited("check", small, "--max-size", "lots", seconds=30)
    assert bad.returncode == 2 and b"expected a size" in bad.stderr


# ---- requires graphs ---------------------------------------------------------------------------------


def test_diamond_of_twenty_levels_checks_each_case_once(tmp_path):
    """a0 and b0 each require a1 and b1, ... down to level 20: 2**20 paths, 42 cases, each checked once."""
    levels = 20
    for level in range(levels + 1):
        below = () if level == levels else (f"a{level + 1}.case", f"b{level + 1}.case")
        for side in "ab":
            (tmp_path / f"{side}{level}.case").write_text(holding(f"{side}{level}", *below))
    result = run_limited("check", "a0.case", cwd=tmp_path, seconds=90, memory_mb=1024)
    assert result.returncode == 0, text_of(result)


def _chain(tmp_path, length: int) -> None:
    for i in range(length):
        below = (f"c{i + 1}.case",) if i < length - 1 else ()
        (tmp_path / f"c{i}.case").write_text(holding(f"c{i}", *below))


def test_requires_chain_deeper_than_the_limit(tmp_path):
    _chain(tmp_path, 40)
    result = run_limited("check", "--format", "json", "c0.case", cwd=tmp_path, seconds=120, memory_mb=1024)
    assert result.returncode == 2
    assert codes(result) == ["G004"]
    message = first(result)["message"]
    assert "S006" in message and "more than 32 cases deep" in message and "S002" not in message
    # c0 to c31 are 32 cases: the `requires` of c31 would be the 33rd, and is located there.
    assert "c31.case:4:1: S006" in message and "c32.case:" not in message


def test_requires_chain_within_the_limit_holds(tmp_path):
    _chain(tmp_path, 32)
    result = run_limited("check", "c0.case", cwd=tmp_path, seconds=120, memory_mb=1024)
    assert result.returncode == 0, text_of(result)[-2000:]


# ---- configurations with numbers that would hang or crash ------------------------------------------


@pytest.mark.parametrize("value, reason", [
    ("1e1000000000", "an exponent beyond 10000"),
    ("9" * 100_000, "an integer with more than 4300 digits"),
    ("0." + "9" * 100_000, "a number with more than 4300 digits"),
])
def test_configuration_numbers_that_would_hang(tmp_path, value, reason):
    (tmp_path / "ctx.case").write_text(CONTEXT_CASE)
    (tmp_path / "c.json").write_text('{"users": 1,\n "rate": ' + value + "}")
    (tmp_path / "c.jsonl").write_text('{"users": 1, "rate": ' + value + "}\n")
    for config in ("c.json", "c.jsonl"):
        result = run_limited("scope", "ctx.case", "--config", config, "--format", "json", cwd=tmp_path,
                             seconds=20, memory_mb=600)
        assert result.returncode == 2
        found = first(result)
        assert found["code"] == "C203" and reason in found["message"]
        assert found["span"]["line"] == (2 if config == "c.json" else 1)


# ---- very large cases ----------------------------------------------------------------------------------


def _large(tmp_path, kind: str, count: int) -> str:
    if kind == "claims":
        body = "".join(f'claim G{i} "Claim {i}"\n' for i in range(count))
    elif kind == "enum":
        body = "enum Big { " + ", ".join(f"m{i}" for i in range(count)) + " }\n"
    else:
        body = "context { x: bool }\nboundary { " + " or ".join(["x"] * count) + " }\n"
    path = tmp_path / f"{kind}.case"
    path.write_text(HEADER + body)
    return path.name


# Generous for a loaded two-core runner; the quadratic code took minutes at these sizes (the enum's
# membership test is quadratic with a small constant, so it needs the full 100,000 members to show).
LARGE = [("claims", 20_000, 60, 1024), ("enum", 100_000, 60, 1024), ("ors", 20_000, 60, 1024)]
LARGER = [("claims", 100_000, 240, 2048), ("ors", 100_000, 240, 2048)]


def _check_large(tmp_path, kind, count, seconds, memory_mb):
    name = _large(tmp_path, kind, count)
    result = run_limited("check", name, cwd=tmp_path, seconds=seconds, memory_mb=memory_mb)
    out = text_of(result)
    if kind == "claims":  # every claim is unsupported: two findings each, all printed
        assert result.returncode == 1 and out.count(" G102 [error] ") == count
    elif kind == "enum":
        assert result.returncode == 1 and "G003" in out
    else:  # the documented nesting limit, located at the operator that passes it
        assert result.returncode == 2 and "S002" in out and f"{name}:6:" in out


@pytest.mark.parametrize("kind, count, seconds, memory_mb", LARGE, ids=[k for k, *_ in LARGE])
def test_large_case(tmp_path, kind, count, seconds, memory_mb):
    _check_large(tmp_path, kind, count, seconds, memory_mb)


@pytest.mark.slow
@pytest.mark.parametrize("kind, count, seconds, memory_mb", LARGER, ids=[k for k, *_ in LARGER])
def test_larger_case(tmp_path, kind, count, seconds, memory_mb):
    _check_large(tmp_path, kind, count, seconds, memory_mb)


def _long_title(tmp_path, megabytes: int) -> str:
    path = tmp_path / "title.case"
    with open(path, "w") as handle:
        handle.write(HEADER + 'claim G0 "')
        for _ in range(megabytes):
            handle.write("a" * (1024 * 1024))
        handle.write('"\n')
    return path.name


def test_long_string_literal_in_bounded_memory(tmp_path):
    """20 MB of title: the old lexer took ~200 bytes a character (4 GB); the cap is 1 GB."""
    name = _long_title(tmp_path, 20)
    result = run_limited("check", name, "--max-size", "32M", cwd=tmp_path, seconds=90, memory_mb=1024)
    assert result.returncode == 1 and "G102" in text_of(result)
    assert max(len(line) for line in text_of(result).splitlines()) < 400  # the quoted line is cut


@pytest.mark.slow
def test_fifty_megabyte_string_literal(tmp_path):
    name = _long_title(tmp_path, 50)
    assert run_limited("check", name, cwd=tmp_path, seconds=30, memory_mb=600).returncode == 2  # S007 by default
    result = run_limited("check", name, "--max-size", "64M", cwd=tmp_path, seconds=240, memory_mb=1536)
    assert result.returncode == 1 and "G102" in text_of(result)


# ---- output that cannot be written -----------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", [["check", "tests/cases/ok/single_claim.case"], ["rules"],
                                     ["check", "--format", "json", "tests/cases/ok/single_claim.case"]])
def test_output_to_a_full_device(command):
    with open("/dev/full", "wb") as full:
        result = run_limited(*command, stdout=full, seconds=60)
    assert result.returncode == 2
    said = result.stderr.decode().strip().splitlines()
    assert said == ["warrant: cannot write standard output: No space left on device"]


@pytest.mark.parametrize("command", [["graph", "tests/cases/ok/single_claim.case"],
                                     ["report", "tests/cases/ok/single_claim.case"],
                                     ["export", "--public", "tests/cases/ok/single_claim.case"]])
def test_output_file_that_is_a_directory(tmp_path, command):
    result = run_limited(*command, "-o", tmp_path, seconds=60)
    assert result.returncode == 2
    said = result.stderr.decode().strip().splitlines()
    assert len(said) == 1 and said[0].startswith(f"warrant: cannot write {tmp_path}: ")


def test_limits_helper_catches_a_blow_up():
    """The memory cap is real: a child that asks for more than its limit fails instead of succeeding."""
    import subprocess

    try:
        from tests.limits import _cap
    except ImportError:
        from limits import _cap
    done = subprocess.run([sys.executable, "-c", "x = bytearray(800 * 1024 * 1024)"], preexec_fn=_cap(300),
                          capture_output=True, timeout=60)
    assert done.returncode != 0 and b"MemoryError" in done.stderr


def test_settings_nested_too_deeply(tmp_path):
    """tomllib reads nested arrays recursively: 50,000 of them are A103, located in the settings file."""
    (tmp_path / "warrant.toml").write_text("[tool.warrant]\npaths = " + "[" * 50_000 + "]" * 50_000 + "\n")
    (tmp_path / "a.case").write_text(holding("a"))
    result = run_limited("check", "--format", "json", "a.case", cwd=tmp_path, seconds=60, memory_mb=1024)
    assert result.returncode == 2
    found = first(result)
    assert found["code"] == "A103" and "nested too deeply" in found["message"]
