"""Shared test set-up: the result cache and the built grammar go to a directory of the test run's own."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="session")
def _own_cache_directory(tmp_path_factory):
    """`warrant check` keeps results in $XDG_CACHE_HOME/warrant; tests never touch the user's."""
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
    yield
    patch.undo()
