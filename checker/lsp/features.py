"""What the language server answers, as plain functions of a document's index and its check report.

Positions: the index and findings count lines and columns from 1 in Unicode code
points; `Positions` converts to and from the client's units (UTF-16 by default)
with the codec pygls negotiated, so these functions never see an encoding.
"""
from __future__ import annotations

import re
from pathlib import Path

from lsprotocol import types as t

from ..findings.finding import Finding
from ..findings.report import Report
from ..syntax.formatter import format_text
from ..syntax.source import Span
from .index import CASE, NODE, Index, Symbol, index_file

SEVERITIES = {"E": t.DiagnosticSeverity.Error, "W": t.DiagnosticSeverity.Warning,
              "I": t.DiagnosticSeverity.Information}
HOVER_LINES = 12  # of a declaration shown in a hover

ITEM_KEYWORDS = ("case", "enum", "context", "measure", "boundary", "assume", "claim", "strategy", "evidence",
                 "defeater", "accept", "trigger", "decision", "requires")
FORMULA_KEYWORDS = ("and", "or", "not", "implies", "iff", "in", "forall", "exists", "count", "sum", "true", "false",
                    "old", "changed")
FIELD_KEYWORDS = ("version", "author", "within", "by", "from", "given", "informal", "affordance", "kind", "model",
                  "date", "expires", "setting", "shows", "source", "replicated_by", "access", "public", "redacted",
                  "against", "asserts", "status", "open", "rebutted", "accepted", "owner", "judged", "require", "for",
                  "authority", "margin", "reopens", "all", "on", "bool", "int", "real", "string", "set")


class Positions:
    """Converts spans to client ranges and client positions to (line, column), both 1-based in code points."""

    def __init__(self, codec, text_of, own: tuple[str, str] | None = None):
        self.codec = codec
        self.text_of = text_of  # path -> text (an open document's, or the file's)
        self.own = own  # (path, uri) of the document asked about: its own URI, whatever its scheme

    def uri(self, path: str) -> str:
        """The client's URI for a path: the document's own (an unsaved `untitled:` buffer has no file), else file:."""
        if self.own is not None and path == self.own[0]:
            return self.own[1]
        return uri_of(path)

    def lines(self, path: str) -> list[str]:
        return self.text_of(path).split("\n")

    def range(self, span: Span | None) -> t.Range:
        if span is None:
            return t.Range(t.Position(0, 0), t.Position(0, 0))
        server = t.Range(t.Position(span.line - 1, span.column - 1), t.Position(span.end_line - 1, span.end_column - 1))
        return self.codec.range_to_client_units(self.lines(span.path), server)

    def location(self, span: Span) -> t.Location:
        return t.Location(self.uri(span.path), self.range(span))

    def point(self, path: str, position: t.Position) -> tuple[int, int]:
        server = self.codec.position_from_client_units(self.lines(path), position)
        return server.line + 1, server.character + 1


def uri_of(path: str) -> str:
    return Path(path).resolve().as_uri()


# ---- diagnostics ----------------------------------------------------------------------


def diagnostics(report: Report, path: str, positions: Positions) -> list[t.Diagnostic]:
    """The report's findings as diagnostics: the message, its details (the counterexample), the help."""
    return [_diagnostic(f, path, positions) for f in report.findings]


def _diagnostic(f: Finding, path: str, positions: Positions) -> t.Diagnostic:
    here = f.span is not None and f.span.path == path
    related = [t.DiagnosticRelatedInformation(positions.location(r.span), r.note) for r in f.related
               if r.span is not None]
    if f.span is not None and not here:  # a finding in another file (a required case): shown at the top
        related.insert(0, t.DiagnosticRelatedInformation(positions.location(f.span), "reported here"))
    message = "\n".join([f.message, *f.details] + ([f"help: {f.help}"] if f.help else []))
    return t.Diagnostic(range=positions.range(f.span if here else None), message=message,
                        severity=SEVERITIES[f.severity.value], code=f.code, source="warrant",
                        related_information=related or None)


# ---- hover ---------------------------------------------------------------------------------


def hover(index: Index | None, report: Report | None, line: int, column: int) -> str | None:
    """Markdown for the place under the cursor: the name's declaration and type, a claim's verdict, the rule of a finding."""
    parts = []
    occurrence = index.at(line, column) if index else None
    if occurrence is not None:
        parts.append(_about_symbol(index, occurrence.symbol, report) if occurrence.symbol
                     else f"unknown name `{occurrence.name}`")
    required = index.required_at(line, column) if index else None
    if required is not None:
        parts.append(_about_required(required))
    for f in _findings_at(report, index.path if index else None, line, column):
        rule = f.rule
        parts.append(f"**{rule.code} {rule.name}** ({rule.severity.name.lower()}): {rule.summary}\n\n{rule.doc}"
                     + (f"\n\nTypical fix: {rule.help}" if rule.help else ""))
    return "\n\n---\n\n".join(parts) or None


def _about_symbol(index: Index, symbol: Symbol, report: Report | None) -> str:
    owner = index if symbol.span.path == index.path else index_file(symbol.span.path) or index
    declaration = owner.source(symbol.item).split("\n")
    if len(declaration) > HOVER_LINES:
        declaration = declaration[:HOVER_LINES] + ["..."]
    text = "```case\n" + "\n".join(declaration) + "\n```\n\n" + f"**{symbol.kind}** `{symbol.name}`"
    if symbol.detail:
        text += f": `{symbol.detail}`"
    if symbol.span.path != index.path:
        text += f"\n\ndeclared in `{symbol.span.path}`"
    if symbol.kind == "claim" and symbol.span.path == index.path:
        text += "\n\n" + claim_verdict(report, symbol)
    return text


def claim_verdict(report: Report | None, claim: Symbol) -> str:
    """What the last check said about a claim: its findings, or that none was found."""
    if report is None:
        return "verdict: not checked yet"
    if report.verdict == "unreadable":
        return "verdict: not checked, the case does not read (see the errors)"
    about = [f for f in report.findings if f.field("claim") == claim.name
             or f.span is not None and _contains(claim.item, f.span)]
    if not about:
        return "verdict: holds, no finding about this claim"
    worst = "fails" if any(f.severity.value == "E" for f in about) else "holds, with findings"
    return f"verdict: {worst}\n\n" + "\n".join(f"- {f.code} {f.message}" for f in about)


def _about_required(path: str) -> str:
    required = index_file(path)
    if required is None:
        return f"required case `{path}` (cannot be read or does not parse)"
    header = next((s for s in required.symbols if s.space == CASE), None)
    title = required.source(header.item).split("\n")[0] if header else ""
    return f"required case `{path}`\n\n```case\n{title}\n```"


def _findings_at(report: Report | None, path: str | None, line: int, column: int) -> list[Finding]:
    if report is None:
        return []
    return [f for f in report.findings if f.span is not None and f.span.path == path
            and (f.span.line, f.span.column) <= (line, column) <= (f.span.end_line, f.span.end_column)]


def _contains(outer: Span, inner: Span) -> bool:
    return outer.path == inner.path and (outer.line, outer.column) <= (inner.line, inner.column) \
        and (inner.end_line, inner.end_column) <= (outer.end_line, outer.end_column)


# ---- definitions and references ----------------------------------------------------------


def definition(index: Index, line: int, column: int) -> Span | None:
    """Where the name under the cursor is declared; on a `requires` path, the required case."""
    occurrence = index.at(line, column)
    if occurrence is not None and occurrence.symbol is not None:
        return occurrence.symbol.span
    required = index.required_at(line, column)
    if required is not None and Path(required).is_file():
        target = index_file(required)
        header = next((s for s in target.symbols if s.space == CASE), None) if target else None
        return header.span if header else Span(required, 1, 1, 1, 1)
    return None


def references(index: Index, line: int, column: int, include_declaration: bool) -> list[Span]:
    occurrence = index.at(line, column)
    if occurrence is None or occurrence.symbol is None:
        return []
    symbol = occurrence.symbol
    found = [o.span for o in index.references(symbol) if include_declaration or not o.declaration]
    if symbol.span.path != index.path:  # declared in a required case or a pattern file: its uses there too
        if include_declaration:
            found.insert(0, symbol.span)
        other = index_file(symbol.span.path)
        if other is not None:
            found += [o.span for o in other.occurrences
                      if not o.declaration and o.symbol is not None and o.symbol.span == symbol.span]
    return found


# ---- document symbols: the argument outline --------------------------------------------------

_SYMBOL_KINDS = {"enum": t.SymbolKind.Enum, "enum value": t.SymbolKind.EnumMember,
                 "context variable": t.SymbolKind.Variable, "measure": t.SymbolKind.Function,
                 "claim": t.SymbolKind.Class, "strategy": t.SymbolKind.Method, "assumption": t.SymbolKind.Property,
                 "evidence": t.SymbolKind.Object, "defeater": t.SymbolKind.Event, "trigger": t.SymbolKind.Key,
                 "decision": t.SymbolKind.Constant, "case": t.SymbolKind.Module}
_BLOCKS = {"context_decl": ("context", t.SymbolKind.Struct), "boundary_decl": ("boundary", t.SymbolKind.Interface),
           "accept_decl": ("accept", t.SymbolKind.Interface), "requires_decl": ("requires", t.SymbolKind.File)}


def document_symbols(index: Index, positions: Positions) -> list[t.DocumentSymbol]:
    """Items in order, with the argument as a tree: each top claim, its strategies, their premises, down to evidence."""
    nodes = {s.name: s for s in index.symbols if s.space == NODE and s.span.path == index.path}
    support = _support(index)
    # A claim or strategy something rests on is shown under it, not again at the top with all it rests on
    # (which, down a chain of claims, repeated each subtree: an outline quadratic in the argument's depth).
    shown_below = _claims(index) | {s.name for s in index.symbols if s.kind == "strategy"}
    premises = {name for children in support.values() for name in children if name in shown_below}
    declarations = {}
    for s in index.symbols:  # the first symbol of each item and name, looked up once (not a scan per item)
        declarations.setdefault((s.item, s.name), s)
    out, deeper = [], []
    for rule, span, name in index.items:
        declared = declarations.get((span, name))
        if declared is not None and declared.space == NODE:
            if not (declared.kind in ("claim", "strategy") and name in premises):  # shown under what rests on it
                out.append(_node_symbol(declared, nodes, support, positions, (), deeper))
                out += deeper
                deeper.clear()
        elif declared is not None:
            out.append(_symbol(declared, positions, _members(index, declared, positions)))
        elif rule in _BLOCKS:
            label, kind = _BLOCKS[rule]
            children = [_symbol(s, positions, []) for s in index.symbols
                        if s.kind == "context variable" and _contains(span, s.span)]
            out.append(t.DocumentSymbol(label, kind, positions.range(span), positions.range(_first_line(span)),
                                        children=children or None))
    return out


OUTLINE_DEPTH = 64  # levels an outline nests; an editor (and the JSON of the reply) need no deeper tree


def _node_symbol(symbol: Symbol, symbols: dict, support: dict, positions: Positions, path: tuple, deeper: list,
                 started: set | None = None):
    """The node with its support nested below it. A node OUTLINE_DEPTH levels down starts a tree of its
    own in `deeper`, listed at the top level after this one (once, however often it is reached): an
    argument hundreds of levels deep is outlined whole, never nested past what the JSON encoder takes."""
    started = set() if started is None else started
    children = []
    if symbol.name not in path:  # a circular argument is shown once round
        for name in support.get(symbol.name, ()):
            child = symbols.get(name)
            if child is None:
                continue
            if len(path) + 1 < OUTLINE_DEPTH:
                children.append(_node_symbol(child, symbols, support, positions, path + (symbol.name,), deeper,
                                             started))
            elif name not in started:
                started.add(name)
                deeper.append(_node_symbol(child, symbols, support, positions, (), deeper, started))
    return _symbol(symbol, positions, children)


def _symbol(symbol: Symbol, positions: Positions, children: list) -> t.DocumentSymbol:
    return t.DocumentSymbol(name=symbol.name, kind=_SYMBOL_KINDS.get(symbol.kind, t.SymbolKind.Variable),
                            range=positions.range(symbol.item), selection_range=positions.range(symbol.span),
                            detail=symbol.detail or symbol.kind, children=children or None)


def _members(index: Index, symbol: Symbol, positions: Positions) -> list:
    if symbol.kind != "enum":
        return []
    return [_symbol(s, positions, []) for s in index.symbols if s.kind == "enum value" and s.item == symbol.item]


def _claims(index: Index) -> set:
    return {s.name for s in index.symbols if s.kind == "claim"}


def _support(index: Index) -> dict:
    """name -> the argument nodes it rests on: a claim's strategies and evidence, a strategy's premises and givens."""
    support: dict = {}
    owner = None
    for occurrence in sorted(index.occurrences, key=lambda o: (o.span.line, o.span.column)):
        if occurrence.declaration and occurrence.symbol.space == NODE:
            owner = occurrence.name if occurrence.symbol.kind in ("claim", "strategy") else None
        elif not occurrence.declaration and occurrence.space == NODE and owner and occurrence.symbol is not None:
            if occurrence.symbol.kind in ("strategy", "claim", "assumption", "evidence"):
                support.setdefault(owner, []).append(occurrence.name)
    return support


def _first_line(span: Span) -> Span:
    return Span(span.path, span.line, span.column, span.line, span.column + 1)


# ---- completion ----------------------------------------------------------------------------

_COMPLETION_KINDS = {"enum": t.CompletionItemKind.Enum, "enum value": t.CompletionItemKind.EnumMember,
                     "context variable": t.CompletionItemKind.Variable, "measure": t.CompletionItemKind.Function,
                     "bound variable": t.CompletionItemKind.Variable}


def completion(index: Index | None) -> list[t.CompletionItem]:
    """Every declared name (with its kind and type) and every keyword."""
    items, seen = [], set()
    for symbol in index.symbols if index else ():
        if symbol.name in seen or symbol.kind in ("bound variable", "case"):
            continue
        seen.add(symbol.name)
        items.append(t.CompletionItem(symbol.name, kind=_COMPLETION_KINDS.get(symbol.kind, t.CompletionItemKind.Reference),
                                      detail=symbol.detail or symbol.kind))
    for word in dict.fromkeys(ITEM_KEYWORDS + FORMULA_KEYWORDS + FIELD_KEYWORDS):
        if word not in seen:
            items.append(t.CompletionItem(word, kind=t.CompletionItemKind.Keyword))
    return items


# ---- formatting and quick fixes -----------------------------------------------------------


def formatting(text: str, path: str, positions: Positions) -> list[t.TextEdit]:
    """One edit replacing the whole document with its canonical layout; none if it is formatted or does not parse."""
    result = format_text(text, path)
    if result.text is None or result.text == text:
        return []
    lines = text.split("\n")
    whole = Span(path, 1, 1, len(lines), len(lines[-1]) + 1)
    return [t.TextEdit(positions.range(whole), result.text)]


_SUGGESTION = re.compile(r"did you mean `([^`]+)`\?")


def code_actions(report: Report | None, text: str, path: str, first: int, last: int,
                 positions: Positions) -> list[t.CodeAction]:
    """Quick fixes for the findings on lines `first`..`last`: a misspelt name, an unwatched variable."""
    actions = []
    for f in report.findings if report else ():
        if f.span is None or f.span.path != path or f.span.end_line < first or f.span.line > last:
            continue
        if f.code == "N101" and f.help and (match := _SUGGESTION.search(f.help)):
            actions.append(_edit_action(f"Replace `{f.field('name')}` with `{match.group(1)}`", path, positions,
                                        [t.TextEdit(positions.range(f.span), match.group(1))], f))
        elif f.code == "C102":
            actions.append(_edit_action(f"Add a trigger that watches `{f.field('variable')}`", path, positions,
                                        [_new_trigger(text, path, f.field("variable"), positions)], f))
    return actions


def _edit_action(title: str, path: str, positions: Positions, edits: list, f: Finding) -> t.CodeAction:
    return t.CodeAction(title, kind=t.CodeActionKind.QuickFix, is_preferred=True,
                        diagnostics=[_diagnostic(f, path, positions)],
                        edit=t.WorkspaceEdit(changes={positions.uri(path): edits}))


def _new_trigger(text: str, path: str, variable: str, positions: Positions) -> t.TextEdit:
    """`trigger Tn "variable changes": changed(variable) reopens all` at the end of the file."""
    taken = set(re.findall(r"\btrigger\s+([A-Za-z_][A-Za-z0-9_]*)", text))
    number = next(n for n in range(1, len(taken) + 2) if f"T{n}" not in taken)
    lines = text.split("\n")
    end = Span(path, len(lines), len(lines[-1]) + 1, len(lines), len(lines[-1]) + 1)
    before = "" if text.endswith("\n\n") else "\n" if text.endswith("\n") else "\n\n"
    line = f'trigger T{number} "{variable} changes": changed({variable}) reopens all\n'
    return t.TextEdit(positions.range(end), before + line)
