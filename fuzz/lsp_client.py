"""`warrant lsp` driven as an editor drives it, and as a broken editor might: JSON-RPC over the server's stdio.

`Client` starts the server in a subprocess, frames messages with Content-Length headers
(or sends raw bytes, framing and all), answers the server's own requests, and keeps every
message and every line of standard error. `session` plays a random editor session
against it: documents opened, changed (broken and mended, many changes in a burst),
saved and closed; every request the server offers at any position (past the end of a
line or of the document, negative, huge); requests about documents never opened; and
malformed messages (bodies that are not JSON, not an object, of the wrong shape, unknown
methods, wrong parameter types). The promises (`Broken` when one fails):

- the server never dies and never stops answering: after every step a request it must
  answer (`workspace/symbol`-free: a `textDocument/completion` on an open document) gets
  its reply within `WAIT` seconds;
- every request gets a reply: a result, or an error for a malformed one (a well-formed
  request about any position of any document is answered with a result, never with an
  internal error);
- nothing on standard error is a traceback of Warrant's own code (pygls logs a message
  it cannot decode, which is the error logged that the protocol asks for);
- diagnostics are published for a document's latest text, each inside that text;
- `shutdown` and `exit` end it with exit code 0.
"""
from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WAIT = 60.0  # seconds for any reply on a loaded machine (checks run off the event loop)


class Broken(AssertionError):
    """The server broke a promise: the session's log says what was sent."""


class Client:
    """A language client on the server's standard input and output, tolerant of anything the server sends."""

    def __init__(self, *args: str, cwd: Path = REPO):
        command = [sys.executable, "-m", "checker.cli", "lsp", "--timeout", "2", *args]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, cwd=cwd)
        self.messages: queue.Queue = queue.Queue()
        self.notifications: list = []
        self.stderr: list = []
        self.sent: list = []  # what was sent, for the report of a broken promise
        self.ids = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        try:
            while True:
                headers = {}
                while (line := stream.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode("ascii", errors="replace").partition(":")
                    headers[name.strip().lower()] = value.strip()
                if not line:
                    break
                self.messages.put(json.loads(stream.read(int(headers["content-length"]))))
        except (ValueError, KeyError, OSError) as error:  # the server wrote something that is no message
            self.messages.put({"client-error": repr(error)})
        self.messages.put(None)

    def _read_errors(self) -> None:
        for line in self.process.stderr:
            self.stderr.append(line.decode("utf-8", errors="replace"))

    # ---- sending ------------------------------------------------------------------------------

    def raw(self, data: bytes) -> None:
        self.sent.append(data[:300])
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise Broken(f"the server stopped reading: {error}\n{self.log()}") from None

    def send(self, message) -> None:
        body = json.dumps(message).encode("utf-8") if not isinstance(message, bytes) else message
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params, wait: float = WAIT) -> dict:
        """Send a request and return the whole reply (with `result` or `error`)."""
        self.ids += 1
        number = self.ids
        self.send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        return self.until(lambda m: m.get("id") == number and "method" not in m, wait,
                          f"no reply to {method} (id {number})")

    def until(self, wanted, wait: float = WAIT, what: str = "no message") -> dict:
        deadline = time.monotonic() + wait
        while True:
            try:
                message = self.messages.get(timeout=max(0.05, deadline - time.monotonic()))
            except queue.Empty:
                raise Broken(f"{what} within {wait} s\n{self.log()}") from None
            if message is None:
                self.messages.put(None)  # stays closed for later callers
                raise Broken(f"the server closed its output (exit {self.process.poll()})\n{self.log()}")
            if "client-error" in message:
                raise Broken(f"the server wrote something that is not a message: {message}\n{self.log()}")
            if "method" in message and "id" in message:  # a request from the server: answer it
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            elif "method" in message:
                self.notifications.append(message)
            if wanted(message):
                return message

    def drain(self, quiet: float) -> None:
        """Take what the server sends until it has been quiet for `quiet` seconds."""
        try:
            while True:
                self.until(lambda m: False, quiet)
        except Broken as broken:
            if "within" not in str(broken):
                raise

    def log(self) -> str:
        sent = "\n".join(repr(data) for data in self.sent[-8:])
        return f"last sent:\n{sent}\nstandard error:\n{''.join(self.stderr)[-4000:]}"

    # ---- the session's start and end ------------------------------------------------------------

    def initialize(self, root: Path) -> dict:
        reply = self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
        self.notify("initialized", {})
        return reply

    def shutdown(self) -> int:
        """`shutdown`, `exit`; the server's exit code (Broken if it does not end)."""
        reply = self.request("shutdown", None)
        if "error" in reply:
            raise Broken(f"shutdown answered {reply['error']}\n{self.log()}")
        self.notify("exit", None)
        try:
            return self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            raise Broken(f"the server did not exit\n{self.log()}") from None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except OSError:
                pass


# ---- a random editor session --------------------------------------------------------------------

REQUESTS = ("textDocument/hover", "textDocument/definition", "textDocument/references",
            "textDocument/documentSymbol", "textDocument/completion", "textDocument/formatting",
            "textDocument/codeAction")
# Bodies that are no message the protocol can take, and the replies JSON-RPC allows for a request among them.
UNDECODABLE = (b"{not json", b"\xff\xfe", b'{"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": ',
               b"", b"\"just a string", b"{}}")
NOT_MESSAGES = (b"[1, 2, 3]", b"42", b"null", b'{"id": 7}', b'{"method": "textDocument/hover"}', b"[]")
REFUSED = (-32602, -32600, -32601)  # invalid params, invalid request, no such method


class Session:
    """One editor session of `steps` random actions, steered by `choose` (fuzzlib's Chooser)."""

    def __init__(self, client: Client, choose, seeds: list, folder: Path):
        self.client, self.choose, self.seeds, self.folder = client, choose, seeds, folder
        self.open: dict = {}  # uri -> [version, text]
        self.versions: dict = {}  # uri -> the last version sent, kept when the document is closed
        self.undecodable = 0  # bodies sent that are not JSON: each may be logged, and shown, as an error
        self.counts: dict = {}

    def pick(self, options):
        return options[self.choose.integer(0, len(options) - 1)]

    def text(self) -> str:
        import fuzzlib

        seed = self.pick(self.seeds)
        return seed if self.choose.integer(0, 2) == 0 else fuzzlib.mutate(seed, self.choose)

    def uri(self) -> str:
        if self.open and self.choose.integer(0, 3):
            return self.pick(sorted(self.open))
        name = self.pick(("a.case", "b c.case", "ü.case", "missing/dir/x.case", "x.yaml"))
        if self.choose.integer(0, 5) == 0:
            return self.pick(("untitled:Untitled-1", "file:///nowhere/at/all.case", "nonsense", "file://"))
        return (self.folder / name).as_uri()

    def position(self, uri: str) -> dict:
        lines = self.open.get(uri, [0, ""])[1].split("\n")
        line = self.choose.integer(0, len(lines) + 2)
        length = len(lines[line]) if line < len(lines) else 0
        how = self.choose.integer(0, 5)
        if how == 0:
            return {"line": 2**31 - 1, "character": 2**31 - 1}  # the largest the protocol allows
        if how == 1:
            return {"line": line, "character": length + self.choose.integer(1, 1000)}  # past the end of the line
        return {"line": line, "character": self.choose.integer(0, max(length, 0))}

    def step(self) -> None:
        action = self.pick(("open", "change", "change", "burst", "save", "close", "request", "request",
                            "request", "unknown", "malformed", "range-change"))
        self.counts[action] = self.counts.get(action, 0) + 1
        getattr(self, "_" + action.replace("-", "_"))()

    # ---- the actions ----------------------------------------------------------------------------

    def _open(self) -> None:
        uri, text = self.uri(), self.text()
        if uri in self.open:  # an editor closes a document before it opens it again
            self.client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        # Versions only grow for a URI, across closing and opening again, so (URI, version) names one text.
        version = self.versions.get(uri, 0) + 1
        self.client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "warrant-case",
                                                                     "version": version, "text": text}})
        self.open[uri] = [version, text]
        self.versions[uri] = version

    def _change(self, uri: str | None = None) -> None:
        if not self.open:
            return self._open()
        uri = uri or self.pick(sorted(self.open))
        known = self.open[uri]
        import fuzzlib

        # break the text, or mend it (back to a seed), or empty it
        text = self.pick((fuzzlib.mutate(known[1], self.choose) if known[1] else "", self.pick(self.seeds), ""))
        known[0] += 1
        known[1] = text
        self.versions[uri] = known[0]
        self.client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": known[0]},
                                                      "contentChanges": [{"text": text}]})

    def _burst(self) -> None:
        """Many changes of one document without a pause: only the last text's diagnostics count."""
        if not self.open:
            return self._open()
        uri = self.pick(sorted(self.open))
        for _ in range(self.choose.integer(5, 40)):
            self._change(uri)

    def _range_change(self) -> None:
        """An incremental change, which a full-sync server is not sent: pygls logs it and takes its text whole."""
        if not self.open:
            return self._open()
        uri = self.pick(sorted(self.open))
        known = self.open[uri]
        known[0] += 1
        known[1] = "x"
        self.versions[uri] = known[0]
        self.client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": known[0]},
                                                      "contentChanges": [{"range": {"start": self.position(uri),
                                                                                    "end": self.position(uri)},
                                                                          "text": "x"}]})

    def _save(self) -> None:
        self.client.notify("textDocument/didSave", {"textDocument": {"uri": self.uri()}})

    def _close(self) -> None:
        uri = self.uri()
        self.client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self.open.pop(uri, None)

    def _request(self, uri: str | None = None) -> None:
        uri = uri or self.uri()
        method = self.pick(REQUESTS)
        params = {"textDocument": {"uri": uri}}
        if method in ("textDocument/hover", "textDocument/definition", "textDocument/references",
                      "textDocument/completion"):
            params["position"] = self.position(uri)
        if method == "textDocument/references":
            params["context"] = {"includeDeclaration": bool(self.choose.integer(0, 1))}
        if method == "textDocument/formatting":
            params["options"] = {"tabSize": 2, "insertSpaces": True}
        if method == "textDocument/codeAction":
            params["range"] = {"start": self.position(uri), "end": self.position(uri)}
            params["context"] = {"diagnostics": []}
        reply = self.client.request(method, params)
        if "error" in reply:
            raise Broken(f"{method} {params} answered with an error: {reply['error']}\n{self.client.log()}")

    def _unknown(self) -> None:
        """A request about a document the editor never opened (on disk, missing, or no file at all)."""
        self._request(self.pick(((self.folder / "never.case").as_uri(), "file:///dev/zero", "untitled:x",
                                 (self.folder / "fifo.case").as_uri())))

    def _malformed(self) -> None:
        how = self.choose.integer(0, 4)
        if how == 0:  # not JSON at all
            self.undecodable += 1
            return self.client.send(self.pick(UNDECODABLE))
        if how == 1:  # JSON, not a message
            return self.client.send(self.pick(NOT_MESSAGES))
        if how == 2:  # a request whose parameters do not fit: answered with an error, never left waiting
            method = self.pick(REQUESTS)
            params = self.pick((None, [], {}, {"textDocument": {"uri": 5}}, {"textDocument": {}, "position": "x"},
                                {"textDocument": {"uri": "file:///x"}, "position": {"line": -1, "character": 0}},
                                {"textDocument": {"uri": "file:///x"}, "position": {"line": 2**40, "character": 0}}))
            reply = self.client.request(method, params)
            if "error" in reply and reply["error"].get("code") not in REFUSED:
                raise Broken(f"{method} {params} answered {reply['error']}\n{self.client.log()}")
            return None
        if how == 3:  # a method nobody offers: a request gets -32601, a notification nothing
            reply = self.client.request("warrant/nonsense", {"x": 1})
            if reply.get("error", {}).get("code") != -32601:
                raise Broken(f"an unknown method answered {reply}\n{self.client.log()}")
            return self.client.notify("warrant/nonsense", None)
        # a notification whose parameters do not fit: logged and dropped
        return self.client.notify(self.pick(("textDocument/didOpen", "textDocument/didChange", "textDocument/didClose",
                                             "$/cancelRequest")), self.pick((None, {}, {"textDocument": 3}, [1])))

    # ---- the promises at the end ----------------------------------------------------------------

    def alive(self) -> None:
        """The server answers a request it must answer, at once (checks run off its event loop)."""
        reply = self.client.request("textDocument/completion", {"textDocument": {"uri": "file:///nowhere.case"},
                                                                "position": {"line": 0, "character": 0}})
        if "result" not in reply:
            raise Broken(f"completion answered {reply}\n{self.client.log()}")

    def settled(self) -> None:
        """Each open document's latest version gets its diagnostics, every one inside its text."""
        for uri, (version, text) in sorted(self.open.items()):
            if not uri.startswith(("file:", "untitled:")):
                continue

            def published(message, uri=uri, version=version) -> bool:
                params = message.get("params") or {}
                return message.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri \
                    and params.get("version") == version

            found = next((m for m in reversed(self.client.notifications) if published(m)), None)
            found = found or self.client.until(published, WAIT, f"no diagnostics for {uri} version {version}")
            lines = text.split("\n")
            for diagnostic in found["params"]["diagnostics"]:
                start = diagnostic["range"]["start"]
                if not 0 <= start["line"] <= len(lines):
                    raise Broken(f"a diagnostic of {uri} at line {start['line']} of {len(lines)}: {diagnostic}")

    def errors_logged(self) -> None:
        """Nothing on standard error from Warrant's own code failing; pygls's report of a body that is not JSON
        (one per such body) is the error logged that the protocol asks for."""
        said = "".join(self.client.stderr)
        own = [line for line in said.splitlines() if "/checker/" in line and line.strip().startswith("File ")]
        failed = [line for line in said.splitlines() if "Exception occurred for message" in line
                  or ("Failed to handle" in line and "unknown method" not in line)]
        if own or failed:
            raise Broken(f"Warrant's code raised:\n{said[-4000:]}")
        if said.count("Unable to handle message") > self.undecodable:
            raise Broken(f"more messages failed than the {self.undecodable} undecodable ones sent:\n{said[-4000:]}")
        shown = [m for m in self.client.notifications if m.get("method") == "window/showMessage"
                 and (m.get("params") or {}).get("type") == 1]
        if len(shown) > self.undecodable:
            raise Broken(f"errors shown to the user: {[m['params']['message'] for m in shown]}\n{said[-3000:]}")


def session(steps: int, seed, seeds: list, folder: Path, check_every: int = 5) -> dict:
    """Run one random editor session against a fresh server; returns how often each action was taken."""
    import random

    class Chooser:
        def __init__(self):
            self.random = random.Random(seed)

        def integer(self, low: int, high: int) -> int:
            return self.random.randint(low, high)

    client = Client(cwd=folder)
    try:
        client.initialize(folder)
        played = Session(client, Chooser(), seeds, folder)
        for number in range(steps):
            played.step()
            if number % check_every == check_every - 1:
                played.alive()
        played.alive()
        played.settled()
        code = client.shutdown()
        if code != 0:
            raise Broken(f"the server exited {code} after shutdown and exit\n{client.log()}")
        played.errors_logged()
        return played.counts
    finally:
        client.kill()


if __name__ == "__main__":
    import argparse

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import tempfile

    import fuzzlib

    options = argparse.ArgumentParser(description="Random editor sessions against `warrant lsp` (fuzz/README.md).")
    options.add_argument("sessions", type=int)
    options.add_argument("--steps", type=int, default=200)
    options.add_argument("--seed", type=int, default=0)
    given = options.parse_args()
    corpus = fuzzlib.corpus()
    totals: dict = {}
    broken = 0
    for number in range(given.sessions):
        with tempfile.TemporaryDirectory() as work:
            try:
                counts = session(given.steps, f"{given.seed}:{number}", corpus, Path(work))
                for key, value in counts.items():
                    totals[key] = totals.get(key, 0) + value
            except Broken as failure:
                broken += 1
                print(f"session {given.seed}:{number}: {failure}", flush=True)
        print(f"{number + 1} sessions, {broken} broken, actions {dict(sorted(totals.items()))}", flush=True)
    sys.exit(1 if broken else 0)
