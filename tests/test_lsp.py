"""`warrant lsp` end to end: a client spawns the server and speaks JSON-RPC over stdio, as an editor does.

The client below frames messages with Content-Length headers, answers the server's
own requests, and collects notifications (diagnostics) on a reader thread.
"""
from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the lsp extra is not installed: pip install '.[test,lsp]'")

from checker.syntax.formatter import format_text  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "cyber_inability_by_hand.case"
BROKEN = REPO / "examples" / "defects" / "broken_entailment.case"
CASES = REPO / "tests" / "cases"
AS_OF = "2026-11-01"
WAIT = 120  # seconds: a check of the example takes a few on a busy machine


class Client:
    """A minimal LSP client over a subprocess's standard input and output."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-m", "checker.cli", "lsp", "--as-of", AS_OF],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        cwd=REPO)
        self.messages: queue.Queue = queue.Queue()
        self.notifications: list = []
        self.ids = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        while True:
            headers = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if not line:
                self.messages.put(None)
                return
            self.messages.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: dict) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: dict):
        self.ids += 1
        self.send({"id": self.ids, "method": method, "params": params})
        reply = self._until(lambda m: m.get("id") == self.ids and "method" not in m)
        assert "error" not in reply, reply["error"]
        return reply["result"]

    def _until(self, wanted, timeout: float = WAIT) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            message = self.messages.get(timeout=max(0.1, deadline - time.monotonic()))
            assert message is not None, "the server closed its output: " + self.process.stderr.read().decode()
            if "method" in message and "id" in message:  # a request from the server: answer it
                self.send({"id": message["id"], "result": None})
            elif "method" in message:
                self.notifications.append(message)
            if wanted(message):
                return message

    def drain(self, quiet: float) -> None:
        """Read what the server sends until it has been quiet for `quiet` seconds."""
        try:
            while True:
                self._until(lambda m: False, timeout=quiet)
        except queue.Empty:
            pass

    def diagnostics(self, uri: str, version: int | None = None) -> list:
        """The next diagnostics published for `uri` (for `version`, when given)."""
        def published(m) -> bool:
            params = m.get("params", {})
            return m.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri \
                and (version is None or params.get("version") == version)
        for message in self.notifications:
            if published(message):
                self.notifications.remove(message)
                return message["params"]["diagnostics"]
        message = self._until(published)
        self.notifications.remove(message)
        return message["params"]["diagnostics"]

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.resolve().as_uri()
        text = path.read_text(encoding="utf-8") if text is None else text
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "warrant-case",
                                                              "version": 1, "text": text}})
        return uri

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                stream.close()


@pytest.fixture(scope="module")
def client():
    client = Client()
    result = client.request("initialize", {"processId": None, "rootUri": REPO.as_uri(), "capabilities": {}})
    capabilities = result["capabilities"]
    for provider in ("hoverProvider", "definitionProvider", "referencesProvider", "documentSymbolProvider",
                     "completionProvider", "documentFormattingProvider", "codeActionProvider"):
        assert capabilities.get(provider) not in (None, False), provider
    client.notify("initialized", {})
    yield client
    client.close()
    assert client.process.returncode == 0


def line_of(path: Path, prefix: str) -> int:
    """0-based line of the first line starting with `prefix`."""
    return next(i for i, line in enumerate(path.read_text().splitlines()) if line.startswith(prefix))


def position(path: Path, prefix: str, word: str) -> dict:
    """The position of `word` in the first line starting with `prefix`."""
    line = line_of(path, prefix)
    return {"line": line, "character": path.read_text().splitlines()[line].index(word)}


def check_json(path: Path) -> list:
    result = subprocess.run([sys.executable, "-m", "checker.cli", "check", str(path), "--as-of", AS_OF,
                             "--format", "json"], capture_output=True, cwd=REPO, timeout=WAIT)
    return json.loads(result.stdout)["files"][0]["findings"]


# ---- diagnostics -------------------------------------------------------------------------


def test_diagnostics_on_open_are_the_findings_of_check(client):
    uri = client.open(BROKEN)
    published = client.diagnostics(uri)
    expected = check_json(BROKEN)
    assert expected, "the broken example has findings"
    shown = sorted((d["code"], d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1,
                    d["range"]["end"]["line"] + 1, d["range"]["end"]["character"] + 1, d["message"].split("\n")[0])
                   for d in published)
    wanted = sorted((f["code"], f["span"]["line"], f["span"]["column"], f["span"]["end_line"], f["span"]["end_column"],
                     f["message"]) for f in expected)
    assert shown == wanted
    severities = {"E": 1, "W": 2, "I": 3}
    assert sorted((d["code"], d["severity"]) for d in published) == sorted((f["code"], severities[f["severity"]])
                                                                           for f in expected)
    l201 = next(d for d in published if d["code"] == "L201")
    assert "in this world inside the boundary, where every premise holds:" in l201["message"]  # the counterexample
    assert "uplift(vuln_discovery, practitioner) = 0.2" in l201["message"]
    related = l201["relatedInformation"]
    assert related and related[0]["location"]["uri"] == uri and related[0]["message"] == "conclusion `G0`"
    assert all(d["source"] == "warrant" for d in published)


def test_a_change_is_checked_again_and_a_burst_is_checked_once(client, tmp_path):
    case = tmp_path / "edited.case"
    case.write_text(EXAMPLE.read_text())
    uri = client.open(case)
    assert client.diagnostics(uri, 1) == []
    text = EXAMPLE.read_text()
    for version, edit in enumerate([text.replace("< 0.2\n  by S0", "< 0.1\n  by S0"),
                                    text.replace("by S0", "by S9"),
                                    text.replace("solve_rate(vuln_discovery) < 0.15", "solve_rate(vuln_discovry) < 0.15")],
                                   start=2):
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                 "contentChanges": [{"text": edit}]})
    final = client.diagnostics(uri, 4)
    assert [d["code"] for d in final] == ["N101"]
    assert "did you mean `vuln_discovery`?" in final[0]["message"]
    client.drain(1.0)
    assert not [m for m in client.notifications if m.get("params", {}).get("uri") == uri
                and m["params"].get("version") in (2, 3)], "an earlier version of a burst was checked"


# ---- navigation ----------------------------------------------------------------------------


def test_definition_jumps_from_by_to_the_strategy(client):
    uri = client.open(EXAMPLE)
    client.diagnostics(uri)
    location = client.request("textDocument/definition", {"textDocument": {"uri": uri},
                                                          "position": position(EXAMPLE, "  by S0", "S0")})
    assert location["uri"] == uri
    assert location["range"]["start"] == {"line": line_of(EXAMPLE, "strategy S0"), "character": len("strategy ")}


def test_hover_over_a_measure_shows_its_signature(client):
    uri = EXAMPLE.resolve().as_uri()
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": position(EXAMPLE, "  forall r: RiskModel, a: Actor. uplift",
                                                                       "uplift")})
    text = hover["contents"]["value"]
    assert "measure uplift(RiskModel, Actor): real in [0, 1]" in text
    assert "**measure** `uplift`" in text


def test_hover_over_a_claim_shows_its_verdict_and_over_a_finding_the_rule(client):
    uri = BROKEN.resolve().as_uri()
    at_claim = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                     "position": position(BROKEN, "claim G0", "G0")})
    assert "verdict: fails" in at_claim["contents"]["value"] and "L201" in at_claim["contents"]["value"]
    at_finding = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                       "position": position(BROKEN, "strategy S0", "strategy")})
    assert "**L201 entailment-fails**" in at_finding["contents"]["value"]
    context = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                    "position": position(BROKEN, "  internet: bool", "internet")})
    assert "**context variable** `internet`: `internet: bool affordance`" in context["contents"]["value"]


def test_references_of_a_claim(client):
    uri = EXAMPLE.resolve().as_uri()
    found = client.request("textDocument/references", {"textDocument": {"uri": uri},
                                                       "position": position(EXAMPLE, "claim G5", "G5"),
                                                       "context": {"includeDeclaration": True}})
    lines = sorted(r["range"]["start"]["line"] for r in found)
    assert lines == sorted([line_of(EXAMPLE, "claim G5"), line_of(EXAMPLE, "  from G1"),
                            line_of(EXAMPLE, "defeater D2"), line_of(EXAMPLE, "trigger T2")])


def test_a_bound_variable_refers_to_its_own_binder(client):
    uri = EXAMPLE.resolve().as_uri()
    line = line_of(EXAMPLE, "  forall r: RiskModel, a: Actor. uplift(r, a) < 0.2")
    text = EXAMPLE.read_text().splitlines()[line]
    location = client.request("textDocument/definition", {"textDocument": {"uri": uri},
                                                          "position": {"line": line, "character": text.index("(r,") + 1}})
    assert location["range"]["start"] == {"line": line, "character": text.index("r:")}


def test_definition_across_requires(client):
    first = CASES / "ok" / "requires_holding.case"
    uri = client.open(first)
    text = first.read_text()
    line = line_of(first, "requires")
    location = client.request("textDocument/definition", {"textDocument": {"uri": uri},
                                                          "position": {"line": line, "character": text.splitlines()[line].index('"') + 2}})
    required = text.splitlines()[line].split('"')[1]
    assert location["uri"] == (first.parent / required).resolve().as_uri()


def test_document_symbols_outline_the_argument(client):
    uri = EXAMPLE.resolve().as_uri()
    symbols = client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    names = [s["name"] for s in symbols]
    assert names[:2] == ["cyber_inability", "Channel"] and "G1" not in names  # G1 is under S0
    g0 = next(s for s in symbols if s["name"] == "G0")
    s0 = next(c for c in g0["children"] if c["name"] == "S0")
    assert [c["name"] for c in s0["children"]] == ["G1", "G2", "G3", "G4", "G5", "A1", "A2"]
    g1 = s0["children"][0]
    assert [c["name"] for c in g1["children"]] == ["E1"]
    context = next(s for s in symbols if s["name"] == "context")
    assert [c["name"] for c in context["children"]] == ["model", "channel", "tools", "internet", "max_users"]


def test_completion_offers_declared_names_and_keywords(client):
    uri = EXAMPLE.resolve().as_uri()
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": {"line": 0, "character": 0}})
    labels = {item["label"]: item for item in result["items"]}
    assert {"uplift", "G0", "S0", "RiskModel", "vuln_discovery", "claim", "forall", "reopens"} <= set(labels)
    assert labels["uplift"]["detail"] == "measure uplift(RiskModel, Actor): real in [0, 1]"


# ---- editing -----------------------------------------------------------------------------------


def test_formatting_is_fmt(client, tmp_path):
    case = tmp_path / "messy.case"
    text = EXAMPLE.read_text().replace("model: string", "model :   string")
    case.write_text(text)
    uri = client.open(case)
    edits = client.request("textDocument/formatting", {"textDocument": {"uri": uri},
                                                       "options": {"tabSize": 2, "insertSpaces": True}})
    assert len(edits) == 1 and edits[0]["newText"] == format_text(text).text
    assert edits[0]["range"]["start"] == {"line": 0, "character": 0}


def apply(text: str, edits: list) -> str:
    """Apply non-overlapping LSP edits (UTF-16 equals code points in these ASCII files)."""
    lines = text.split("\n")

    def offset(p):
        return sum(len(line) + 1 for line in lines[: p["line"]]) + p["character"]
    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        text = text[: offset(edit["range"]["start"])] + edit["newText"] + text[offset(edit["range"]["end"]):]
    return text


def quick_fixes(client, uri: str, line: int) -> list:
    return client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
        "context": {"diagnostics": []}})


def test_quick_fix_replaces_a_misspelt_name(client, tmp_path):
    case = tmp_path / "misspelt.case"
    text = EXAMPLE.read_text().replace("solve_rate(ransomware) < 0.15", "solve_rate(ransomwar) < 0.15")
    case.write_text(text)
    uri = client.open(case)
    assert [d["code"] for d in client.diagnostics(uri)] == ["N101"]
    fixes = quick_fixes(client, uri, line_of(case, "  solve_rate(ransomwar)"))
    assert [f["title"] for f in fixes] == ["Replace `ransomwar` with `ransomware`"]
    assert fixes[0]["kind"] == "quickfix" and fixes[0]["diagnostics"][0]["code"] == "N101"
    assert apply(text, fixes[0]["edit"]["changes"][uri]) == EXAMPLE.read_text()


def test_quick_fix_adds_a_trigger_for_an_unwatched_variable(client, tmp_path):
    source = CASES / "change" / "unwatched.case"
    case = tmp_path / "unwatched.case"
    text = source.read_text()
    case.write_text(text)
    uri = client.open(case)
    diagnostics = client.diagnostics(uri)
    c102 = next(d for d in diagnostics if d["code"] == "C102")
    fixes = quick_fixes(client, uri, c102["range"]["start"]["line"])
    fix = next(f for f in fixes if "trigger" in f["title"])
    assert fix["title"] == "Add a trigger that watches `internet`"
    fixed = apply(text, fix["edit"]["changes"][uri])
    assert fixed.endswith('\ntrigger T5 "internet changes": changed(internet) reopens all\n')
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": fixed}]})
    assert "C102" not in [d["code"] for d in client.diagnostics(uri, 2)]


def test_the_server_is_imported_only_by_the_lsp_command():
    script = "import sys, checker.cli, checker.api; print(any(m.startswith(('pygls', 'checker.lsp')) for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, cwd=REPO, timeout=60)
    assert result.stdout.decode().strip() == "False", result.stderr


def test_a_syntax_error_is_a_diagnostic_and_navigation_keeps_the_last_index(client, tmp_path):
    case = tmp_path / "typing.case"
    text = EXAMPLE.read_text()
    case.write_text(text)
    uri = client.open(case)
    assert client.diagnostics(uri, 1) == []
    broken = text.replace("assume A2", "assume A2 ==", 1)
    case.write_text(broken)
    client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                             "contentChanges": [{"text": broken}]})
    published = client.diagnostics(uri, 2)
    expected = check_json(case)
    assert [(d["code"], d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1) for d in published] \
        == [(f["code"], f["span"]["line"], f["span"]["column"]) for f in expected] and expected[0]["code"] == "S001"
    location = client.request("textDocument/definition", {"textDocument": {"uri": uri},
                                                          "position": position(EXAMPLE, "  by S0", "S0")})
    assert location["range"]["start"]["line"] == line_of(EXAMPLE, "strategy S0")


def test_definition_jumps_from_an_instance_name_into_the_pattern_library(client):
    """`from sg.G0` in a case built on a library pattern jumps to the pattern's `claim G0` in the installed library."""
    case = REPO / "examples" / "patterns" / "misuse_safeguards.case"
    uri = client.open(case)
    client.diagnostics(uri)
    location = client.request("textDocument/definition", {"textDocument": {"uri": uri},
                                                          "position": position(case, "  from sg.G0", "sg.G0")})
    assert location["uri"].endswith("stdlib_patterns/misuse_safeguards.case")
    library = Path(location["uri"].removeprefix("file://"))
    assert library.read_text().splitlines()[location["range"]["start"]["line"]].startswith("  claim G0 ")


def test_requests_about_a_document_never_opened_are_answered_with_nothing(client, tmp_path):
    """pygls reads an unopened document from disk: a missing file was an internal error with a traceback,
    and a FIFO would have blocked the server for good. The editor gets an empty answer instead."""
    import os

    fifo = tmp_path / "pipe.case"
    os.mkfifo(fifo)
    for uri in ((tmp_path / "never.case").as_uri(), fifo.as_uri()):
        at = {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}
        assert client.request("textDocument/hover", at) is None
        assert client.request("textDocument/definition", at) is None
        assert client.request("textDocument/references", {**at, "context": {"includeDeclaration": True}}) == []
        assert client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}}) == []
        assert client.request("textDocument/formatting", {"textDocument": {"uri": uri},
                                                          "options": {"tabSize": 2, "insertSpaces": True}}) == []
        everywhere = {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}
        assert client.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": everywhere,
                                                          "context": {"diagnostics": []}}) == []
        client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    # The server still answers about an opened document.
    uri = client.open(EXAMPLE)
    assert client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                 "position": position(EXAMPLE, "claim G0", "G0")}) is not None


def test_the_outline_of_a_deep_argument_lists_every_node_once(client, tmp_path):
    """A chain of 400 claims: the outline repeated every subtree at the top (quadratic), the build ran
    past the recursion limit, and the reply nested thousands deep. Now each node once, at most 64 deep."""
    levels = 400
    parts = ['case deep "A deep chain"\n  version "1"\n  author "a"\n']
    for i in range(1, levels):
        parts.append(f'claim G{i} "Level {i}"\n  by S{i}\n\nstrategy S{i} "Down": from G{i + 1}\n')
    parts.append(f'claim G{levels} "Leaf"\n')
    case = tmp_path / "deep.case"
    case.write_text("\n".join(parts))
    uri = client.open(case)
    symbols = client.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    names, deepest = [], 0
    stack = [(symbol, 1) for symbol in symbols]
    while stack:
        symbol, depth = stack.pop()
        names.append(symbol["name"])
        deepest = max(deepest, depth)
        stack += [(child, depth + 1) for child in symbol.get("children") or ()]
    nodes = [name for name in names if name[0] in "GS" and name[1:].isdigit()]
    assert sorted(nodes) == sorted([f"G{i}" for i in range(1, levels + 1)] + [f"S{i}" for i in range(1, levels)])
    assert deepest <= 65


def test_an_unsaved_buffer_is_answered_with_its_own_uri(client):
    """An editor's new buffer is `untitled:Untitled-1`; definition and references pointed into a file
    `file:///.../untitled%3AUntitled-1` that does not exist, so the editor could not jump."""
    uri = "untitled:Untitled-1"
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "warrant-case", "version": 1,
                                                          "text": EXAMPLE.read_text()}})
    at = {"textDocument": {"uri": uri}, "position": position(EXAMPLE, "  by S0", "S0")}
    definition = client.request("textDocument/definition", at)
    assert definition["uri"] == uri and definition["range"]["start"]["line"] == line_of(EXAMPLE, "strategy S0")
    found = client.request("textDocument/references", {**at, "context": {"includeDeclaration": True}})
    assert found and {location["uri"] for location in found} == {uri}
