"""The benchmark's generated case (benchmarks/generate.py), for the tests that want a large, realistic one."""
from __future__ import annotations

import importlib.util
from pathlib import Path

_SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
_loaded = []


def generated_case(threats: int, **options) -> str:
    """The text `python benchmarks/generate.py THREATS` prints (options as generate.generated_case takes them)."""
    if not _loaded:
        # Loaded from its file, not imported: the benchmarks folder is not a package on the path.
        spec = importlib.util.spec_from_file_location("warrant_benchmark_generate", _SCRIPT)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _loaded.append(module)
    return _loaded[0].generated_case(threats, **options)
