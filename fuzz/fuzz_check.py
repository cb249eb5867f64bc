"""The atheris (libFuzzer for Python) target: `warrant check` and `warrant fmt` on any input.

    pip install -e '.[fuzz]'
    python fuzz/fuzz_check.py -atheris_runs=100000 -timeout=60 -rss_limit_mb=2048 fuzz/corpus

Each input is either taken as the text of a case (its bytes decoded as UTF-8, bad bytes
replaced), or read as instructions to mutate one of the shipped case files token by
token (fuzz/fuzzlib.py), which reaches far deeper into the checker than raw bytes do.
Every invariant of fuzzlib.check_invariants is asserted; a broken one is reported by
libFuzzer as a crash, with the input saved as crash-<sha1> to reproduce:

    python fuzz/fuzz_check.py crash-<sha1>

The files a case may require or import are looked for in a fresh temporary directory,
so a run never reads the repository's other files through `requires`.
fuzz/README.md says more; docs/reliability.md records the runs made so far.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fuzzlib  # noqa: E402

try:
    import atheris
except ImportError:  # pragma: no cover - only when run without the extra
    sys.exit("fuzz/fuzz_check.py needs atheris: pip install -e '.[fuzz]'")

# Only Warrant's own modules are instrumented: libFuzzer steers by the checker's branches, and
# instrumenting Z3's bindings, Lark and networkx as well costs gigabytes and finds nothing of ours.
import lark, networkx, yaml, z3  # noqa: E401,F401,E402

with atheris.instrument_imports(include=["checker"]):
    import checker.api  # noqa: F401
    import checker.reporters  # noqa: F401
    import checker.syntax.formatter  # noqa: F401

SEEDS = fuzzlib.corpus()
FOLDER = tempfile.mkdtemp(prefix="warrant-fuzz-")
PATH = os.path.join(FOLDER, "fuzz.case")


class _Provider:
    """fuzzlib's Chooser, answered by libFuzzer's bytes."""

    def __init__(self, provider):
        self.provider = provider

    def integer(self, low: int, high: int) -> int:
        return self.provider.ConsumeIntInRange(low, high)


def text_of(data: bytes) -> str:
    """The case text an input stands for: its own bytes, or a mutation of a shipped case."""
    provider = atheris.FuzzedDataProvider(data)
    if provider.ConsumeBool():
        return provider.ConsumeBytes(provider.remaining_bytes()).decode("utf-8", errors="replace")
    choose = _Provider(provider)
    return fuzzlib.mutate(fuzzlib.pick(choose, SEEDS), choose)


def test_one_input(data: bytes) -> None:
    fuzzlib.check_invariants(text_of(data), PATH, timeout=2.0)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
