"""The checks, one module per rule family; `families.py` holds the one ordered list of families the pipeline runs.

`FAMILIES`, `Family` and `run_checks` are loaded on first use, with Z3 and
networkx: judging a configuration (`scope.py`) needs neither, so `warrant
scope --config` starts without them.
"""
from __future__ import annotations

_FROM_FAMILIES = ("FAMILIES", "Family", "run_checks")


def __getattr__(name: str):
    if name in _FROM_FAMILIES:
        from . import families

        return getattr(families, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
