"""The language server itself: pygls on standard input and output, one check at a time off the event loop.

Diagnostics: a document is checked (the same `api.check_text` as `warrant check`)
when it is opened or saved, and 0.3 s after the last of a burst of changes. Checks
run on one worker thread, so the server keeps answering hovers while Z3 works; a
result for a text that has changed since is dropped, the next check follows.
Every other request is answered from the document's index (rebuilt when its text
changes; while the text does not parse, the last index that did) and its last report.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import logging
from urllib.parse import unquote

import attrs
from lsprotocol import types as t
from pygls.exceptions import JsonRpcInvalidParams, JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.uris import to_fs_path

from .. import api
from ..syntax.reading import Unreadable, read_source
from . import features
from .index import Index, build_index, with_patterns, with_required

DEBOUNCE = 0.3  # seconds of quiet after a change before the document is checked
VERSION = "0.1.0"
log = logging.getLogger(__name__)


class _Ignored:
    """What a message the protocol cannot decode becomes, once it is answered: nothing more is done with it."""


class _Protocol(LanguageServerProtocol):
    """pygls's protocol, answering every request it cannot decode.

    pygls logs a message whose parameters do not fit the protocol's types (a negative or
    huge position, `params: null`, a field missing) with pages of traceback and never
    replies, so the editor's request waits forever. JSON-RPC asks for an error reply,
    -32602 Invalid params, for the request's id: it is sent here, with one line of log
    naming the method; a notification of that kind is logged and dropped (it has no reply).
    A body that is JSON but no message (an array, a number) is answered -32600 Invalid
    request, with `id: null`, as JSON-RPC asks. This leans on pygls 2's protocol internals
    (`_converter`, `_send_response`, `_send_data`); tests/test_lsp_robust.py holds it to them.
    """

    def structure_message(self, data):
        method, ident = data.get("method"), data.get("id")
        if "jsonrpc" not in data or not isinstance(method, str) or self.get_message_type(method) is None:
            return super().structure_message(data)  # not a message of the protocol's own, or not a known one
        try:
            return self._converter.structure(data, self.get_message_type(method))
        except Exception as error:  # noqa: BLE001 - cattrs raises groups of anything a field's type raises
            reason = _first_line(error)
            if "id" in data:
                log.warning("request %r (id %r) refused: its parameters do not fit the protocol: %s", method, ident, reason)
                answer = JsonRpcInvalidParams(f"Invalid params for {method}: {reason}")
                self._send_response(ident if isinstance(ident, (int, str)) else None, error=answer.to_response_error())
            else:
                log.warning("notification %r ignored: its parameters do not fit the protocol: %s", method, reason)
            return _Ignored()

    def handle_message(self, message):
        if isinstance(message, _Ignored):
            return
        if not hasattr(message, "jsonrpc"):  # JSON but no message: an array (a batch), a number, no `jsonrpc`
            log.warning("ignored a body that is no JSON-RPC message: %.80r", message)
            refused = JsonRpcInvalidRequest()  # written by hand: pygls's own reply would leave out the `id: null`
            self._send_data({"jsonrpc": "2.0", "id": None, "error": {"code": refused.code, "message": refused.message}})
            return
        super().handle_message(message)


def _first_line(error: Exception) -> str:
    """What cattrs found wrong, on one line: the innermost errors of its exception group."""
    leaves = []

    def walk(found: BaseException) -> None:
        for inner in getattr(found, "exceptions", ()):
            walk(inner)
        if not getattr(found, "exceptions", ()):
            leaves.append(f"{type(found).__name__}: {found}")

    walk(error)
    return "; ".join(leaves)[:300] or type(error).__name__


@attrs.define
class _Document:
    """What the server knows of one open document."""

    text: str | None = None  # the text the index was built from
    index: Index | None = None
    report: object = None  # the last Report
    task: asyncio.Task | None = None


class WarrantServer(LanguageServer):
    def __init__(self, timeout: float, as_of: datetime.date | None, debounce: float = DEBOUNCE):
        super().__init__("warrant", VERSION, text_document_sync_kind=t.TextDocumentSyncKind.Full, protocol_cls=_Protocol)
        self.timeout, self.as_of, self.debounce = timeout, as_of, debounce
        self.known: dict[str, _Document] = {}
        self.checker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="warrant-check")

    # ---- documents ---------------------------------------------------------------------

    def document(self, uri: str) -> _Document:
        return self.known.setdefault(uri, _Document())

    def path(self, uri: str) -> str:
        return to_fs_path(uri) or uri

    def text(self, uri: str) -> str:
        return self.workspace.get_text_document(uri).source

    def opened(self, uri: str) -> bool:
        """Whether the editor has opened the document. A request about any other is answered with nothing:
        pygls would read such a document from disk, which fails for a missing file and waits forever on a FIFO."""
        return unquote(uri) in self.workspace.text_documents

    def index(self, uri: str) -> Index | None:
        """The index of the document's current text, or the last one that parsed."""
        known, text = self.document(uri), self.text(uri)
        if known.text != text:
            fresh = build_index(text, self.path(uri))
            known.text = text
            if fresh is not None:
                known.index = with_patterns(with_required(fresh))
        return known.index

    def positions(self, uri: str) -> features.Positions:
        own_path = self.path(uri)

        def text_of(path: str) -> str:
            if path == own_path:
                return self.text(uri)
            source = read_source(path)
            return "" if isinstance(source, Unreadable) else source.text

        return features.Positions(self.workspace.position_codec, text_of, own=(own_path, uri))

    def point(self, uri: str, position: t.Position) -> tuple[int, int]:
        return self.positions(uri).point(self.path(uri), position)

    # ---- checking ----------------------------------------------------------------------

    def schedule(self, uri: str, delay: float) -> None:
        """Check the document after `delay` seconds, replacing a check scheduled before and not yet started."""
        if not self.opened(uri):  # a save or change of a document the editor never opened
            return
        known = self.document(uri)
        if known.task is not None and not known.task.done():
            known.task.cancel()
        known.task = asyncio.get_running_loop().create_task(self.check(uri, delay))

    async def check(self, uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        self.index(uri)  # keep an index of the last text that parsed, for requests while the text does not
        document = self.workspace.get_text_document(uri)
        text, version, path = document.source, document.version, self.path(uri)
        report = await asyncio.get_running_loop().run_in_executor(
            self.checker, lambda: api.check_text(text, path, as_of=self.as_of, timeout=self.timeout))
        if uri not in self.known or self.text(uri) != text:
            return  # closed, or changed while it was checked: the next check will publish
        self.document(uri).report = report
        diagnostics = features.diagnostics(report, path, self.positions(uri))
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, diagnostics, version))

    def forget(self, uri: str) -> None:
        known = self.known.pop(uri, None)
        if known is not None and known.task is not None:
            known.task.cancel()
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri, []))


def create_server(timeout: float = api.DEFAULT_TIMEOUT, as_of: datetime.date | None = None,
                  debounce: float = DEBOUNCE) -> WarrantServer:
    server = WarrantServer(timeout, as_of, debounce)

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: WarrantServer, params: t.DidOpenTextDocumentParams):
        ls.document(params.text_document.uri)
        ls.schedule(params.text_document.uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: WarrantServer, params: t.DidChangeTextDocumentParams):
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: WarrantServer, params: t.DidSaveTextDocumentParams):
        ls.schedule(params.text_document.uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: WarrantServer, params: t.DidCloseTextDocumentParams):
        ls.forget(params.text_document.uri)

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    def hover(ls: WarrantServer, params: t.HoverParams):
        uri = params.text_document.uri
        if not ls.opened(uri):
            return None
        text = features.hover(ls.index(uri), ls.document(uri).report, *ls.point(uri, params.position))
        return t.Hover(t.MarkupContent(t.MarkupKind.Markdown, text)) if text else None

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: WarrantServer, params: t.DefinitionParams):
        uri = params.text_document.uri
        if not ls.opened(uri):
            return None
        index = ls.index(uri)
        span = features.definition(index, *ls.point(uri, params.position)) if index else None
        return ls.positions(uri).location(span) if span else None

    @server.feature(t.TEXT_DOCUMENT_REFERENCES)
    def references(ls: WarrantServer, params: t.ReferenceParams):
        uri = params.text_document.uri
        index = ls.index(uri) if ls.opened(uri) else None
        if index is None:
            return []
        spans = features.references(index, *ls.point(uri, params.position), params.context.include_declaration)
        return [ls.positions(uri).location(span) for span in spans]

    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(ls: WarrantServer, params: t.DocumentSymbolParams):
        index = ls.index(params.text_document.uri) if ls.opened(params.text_document.uri) else None
        if not index:
            return []
        from ..reporters.deep import deep_call  # the outline is built recursively: any depth

        return deep_call(features.document_symbols, index, ls.positions(params.text_document.uri))

    @server.feature(t.TEXT_DOCUMENT_COMPLETION)
    def completion(ls: WarrantServer, params: t.CompletionParams):
        uri = params.text_document.uri
        return t.CompletionList(is_incomplete=False, items=features.completion(ls.index(uri) if ls.opened(uri) else None))

    @server.feature(t.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: WarrantServer, params: t.DocumentFormattingParams):
        uri = params.text_document.uri
        if not ls.opened(uri):
            return []
        return features.formatting(ls.text(uri), ls.path(uri), ls.positions(uri))

    @server.feature(t.TEXT_DOCUMENT_CODE_ACTION,
                    t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix]))
    def code_action(ls: WarrantServer, params: t.CodeActionParams):
        uri = params.text_document.uri
        if not ls.opened(uri):
            return []
        first, _ = ls.point(uri, params.range.start)
        last, _ = ls.point(uri, params.range.end)
        return features.code_actions(ls.document(uri).report, ls.text(uri), ls.path(uri), first, last,
                                     ls.positions(uri))

    return server


def serve(timeout: float = api.DEFAULT_TIMEOUT, as_of: datetime.date | None = None) -> None:
    """Run the server on standard input and output until the client says exit."""
    logging.basicConfig(level=logging.WARNING)
    create_server(timeout, as_of).start_io()
