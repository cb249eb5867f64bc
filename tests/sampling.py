"""The default run's share of a long list of cases: every k-th one, the others left to the slow run.

Tests that do the same work for each of many files (every example and golden case)
take a deterministic sample in the default run, so that CI stays short, and mark the
rest `slow`: `pytest -m slow` runs exactly the files the default run leaves out, and
`pytest -m ''` runs them all. docs/reliability.md names each such test with its counts.
"""
from __future__ import annotations

import pytest


def every(k: int, items) -> list:
    """Items 0, k, 2k, ... as they are; every other one as a `pytest.param` marked slow (for parametrize)."""
    return [item if index % k == 0 else pytest.param(item, marks=pytest.mark.slow)
            for index, item in enumerate(items)]


def sample(k: int, items) -> list:
    """Items 0, k, 2k, ...: the default run's share, for a test that loops over the items itself."""
    return list(items)[::k]
