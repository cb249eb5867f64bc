"""`warrant lsp` under a broken or hurried editor: it answers every request, logs what it cannot take, never dies.

fuzz/lsp_client.py speaks JSON-RPC to the installed server over stdio as an editor does
(Content-Length framing) and plays random sessions (`Session`: documents opened, broken
and mended, bursts of changes, requests at any position, about documents never opened,
malformed messages); the promises are its docstring's. The default run plays one short
session; `pytest -m slow` plays longer ones, and docs/reliability.md records the
campaigns run by hand (`python fuzz/lsp_client.py SESSIONS --steps N`).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the lsp extra is not installed: pip install '.[test,lsp]'")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "fuzz"))
import fuzzlib  # noqa: E402
import lsp_client  # noqa: E402

CASE = (REPO / "tests" / "cli_fixtures" / "entailment_fails.case").read_text("utf-8")


@pytest.fixture
def client(tmp_path):
    client = lsp_client.Client(cwd=tmp_path)
    client.initialize(tmp_path)
    yield client
    client.kill()


# Parameters that do not fit the protocol's types, each with what the reply's message names.
UNFIT = [
    ({"position": {"line": -1, "character": 0}}, "but was -1"),
    ({"position": {"line": 0, "character": 2**40}}, "but was 1099511627776"),
    ({"position": "here"}, "textDocument/hover"),
    (None, "textDocument/hover"),
    ([], "textDocument/hover"),
]


def test_a_message_that_does_not_fit_is_answered_with_an_error(client, tmp_path):
    """pygls logged a request whose parameters do not fit with pages of traceback and never replied: the editor's
    hover waited forever. It is answered -32602."""
    uri = (tmp_path / "x.case").as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "warrant-case", "version": 1,
                                                            "text": CASE}})
    for params, named in UNFIT:
        if isinstance(params, dict):
            params = {"textDocument": {"uri": uri}, **params}
        reply = client.request("textDocument/hover", params)
        assert reply["error"]["code"] == -32602 and named in reply["error"]["message"], (params, reply)
    client.notify("textDocument/didChange", {"textDocument": {"uri": 3}})  # a notification: logged and dropped
    # JSON that is no message: an array (a JSON-RPC batch, which LSP does not use) or a number was an
    # AttributeError with a traceback, and no reply.
    for body in (b"[1, 2, 3]", b"42", b'{"id": 3}'):
        client.send(body)
        reply = client.until(lambda m: "error" in m and "method" not in m, what=f"no answer to {body!r}")
        assert reply["error"]["code"] == -32600 and reply["id"] is None, reply
    fine = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 3, "character": 2}})
    assert "result" in fine  # still serving
    assert client.shutdown() == 0
    said = "".join(client.stderr)
    assert "Traceback" not in said and said.count("refused: its parameters do not fit the protocol") == len(UNFIT), said
    assert "notification 'textDocument/didChange' ignored" in said


def test_a_short_random_editor_session(tmp_path):
    counts = lsp_client.session(25, "default-run", fuzzlib.corpus(), tmp_path)
    assert sum(counts.values()) == 25


@pytest.mark.slow
@pytest.mark.parametrize("number", range(5))
def test_long_random_editor_sessions(tmp_path, number):
    lsp_client.session(400, f"slow:{number}", fuzzlib.corpus(), tmp_path)
