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


@pytest.fixture(params=["pure Lark", "lark-cython"])
def each_parser(request, monkeypatch):
    """The test runs once with each parser (the parse test modules use it for every test); lark-cython's run
    skips where it is not installed. The value is the parser's name."""
    from checker.syntax import parser

    if request.param == "pure Lark":
        monkeypatch.setattr(parser, "_fast_lark", lambda: None)
    elif parser._fast_lark() is None:
        pytest.skip("lark-cython is not installed (pip install '.[fast]'), or WARRANT_PURE_LARK is set")
    return request.param
