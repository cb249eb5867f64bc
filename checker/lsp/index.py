"""Where each name of a case is declared and used: the index behind hover, definition, references and symbols.

Built from the parse tree that keeps every token (`syntax.parser.parse_all_tokens`),
so it needs only a case that parses: an editor asks for definitions most while the
names do not yet resolve. Names live in the language's name spaces (docs/language.md,
section 12): argument nodes, enums, and the names that stand in formulas; a bound
variable is visible inside its quantifier only.
"""
from __future__ import annotations

from pathlib import Path

import attrs
import lark

from ..syntax.formatter import leaves, one_line
from ..syntax.parser import has_header, parse, parse_all_tokens
from ..syntax.reading import Unreadable, read_source
from ..syntax.source import Span

NODE, ENUM, FORMULA, CASE, DECISION, FILE = "node", "enum", "formula", "case", "decision", "file"

# The item rules that declare a name (their second token), with the kind of thing and its name space.
DECLARING = {
    "enum_decl": ("enum", ENUM),
    "measure_decl": ("measure", FORMULA),
    "assume_decl": ("assumption", NODE),
    "claim_decl": ("claim", NODE),
    "strategy_decl": ("strategy", NODE),
    "evidence_decl": ("evidence", NODE),
    "defeater_decl": ("defeater", NODE),
    "trigger_decl": ("trigger", NODE),
    "decision_decl": ("decision", DECISION),
    "header": ("case", CASE),
}
# Lists of argument-node names, by the rule that holds the list (`for` lists stakeholders, not names).
NODE_LISTS = {"claim_by", "evidence_refs", "strategy_from", "strategy_given", "defeater_decl", "st_rebutted",
              "reopens_some"}
QUANTIFIERS = {"forall", "exists", "count", "sum"}
BUILTINS = {"old", "changed"}


@attrs.frozen
class Symbol:
    """A declared name: what it is (`kind`), its name space, where its name and its whole item stand."""

    name: str
    kind: str
    space: str
    span: Span
    item: Span
    detail: str = ""  # a type, or the declaration's signature


@attrs.frozen
class Occurrence:
    """One use (or the declaration) of a name; `symbol` is None when the name is not declared."""

    name: str
    space: str
    span: Span
    symbol: Symbol | None
    declaration: bool = False


@attrs.define
class Index:
    path: str
    text: str
    symbols: list = attrs.Factory(list)
    occurrences: list = attrs.Factory(list)
    requires: list = attrs.Factory(list)  # (span of the string, the required file's path)
    items: list = attrs.Factory(list)  # (rule, Span, name or None) in order

    def at(self, line: int, column: int) -> Occurrence | None:
        """The occurrence under a 1-based line and column."""
        for occurrence in self.occurrences:
            if _inside(occurrence.span, line, column):
                return occurrence
        return None

    def required_at(self, line: int, column: int):
        return next((path for span, path in self.requires if _inside(span, line, column)), None)

    def references(self, symbol: Symbol) -> list[Occurrence]:
        return [o for o in self.occurrences if o.symbol == symbol]

    def declared(self, space: str, name: str) -> Symbol | None:
        return next((s for s in self.symbols if s.space == space and s.name == name and s.kind != "bound variable"),
                    None)

    def source(self, span: Span) -> str:
        """The text of the lines a span covers (a declaration as written)."""
        lines = self.text.split("\n")
        return "\n".join(lines[span.line - 1: span.end_line]).strip("\n")


def _inside(span: Span, line: int, column: int) -> bool:
    return (span.line, span.column) <= (line, column) < (span.end_line, span.end_column) or \
        (span.line, span.column) == (line, column)


def build_index(text: str, path: str) -> Index | None:
    """The index of a case text, or None when it does not parse."""
    start = "start" if has_header(text) else "items"
    if parse(text, path, start)[0] is None:
        return None
    index = Index(path, text)
    _Indexer(index).run(parse_all_tokens(text, start))
    return index


def with_required(index: Index | None) -> Index | None:
    """Resolve the names this case does not declare in the cases it `requires` (one level deep)."""
    if index is None or not index.requires:
        return index
    others = [other for _, path in index.requires if (other := index_file(path)) is not None]
    for i, occurrence in enumerate(index.occurrences):
        if occurrence.symbol is None:
            symbol = next((s for other in others if (s := other.declared(occurrence.space, occurrence.name))), None)
            if symbol is not None:
                index.occurrences[i] = attrs.evolve(occurrence, symbol=symbol)
    return index


def with_patterns(index: Index | None) -> Index | None:
    """Resolve the names of pattern instances (`cyber.G0`, `cyber.G1[novice]`, the family `cyber.G1`) to the
    pattern lines that declare them, in the case's own file, a file it imports or the standard library."""
    if index is None or not any(rule == "use_decl" for rule, _, _ in index.items):
        return index
    from ..api import instantiate_patterns, read_syntax  # the semantic front end, only for cases that use patterns

    syntax, _ = read_syntax(index.text, index.path, "start" if has_header(index.text) else "items")
    if syntax is None:
        return index
    expanded, _ = instantiate_patterns(syntax)
    instance = {}  # (space, name) -> Symbol
    for item in expanded.items:
        for symbol in _instance_symbols(item):
            instance.setdefault((symbol.space, symbol.name), symbol)
            if symbol.space == NODE and "[" in symbol.name:  # a member: the family's name stands for them all
                family = symbol.name.partition("[")[0]
                instance.setdefault((NODE, family), attrs.evolve(symbol, name=family, kind="claim family"))
    for i, occurrence in enumerate(index.occurrences):
        found = instance.get((occurrence.space, occurrence.name))
        if occurrence.symbol is None and found is not None:
            index.occurrences[i] = attrs.evolve(occurrence, symbol=found)
    index.symbols.extend(symbol for symbol in instance.values() if symbol not in index.symbols)
    return index


def _instance_symbols(item):
    """Symbols for what an instance brings: its argument nodes, and the enums, members, variables and measures
    its pattern declares (shared with the case), each at the pattern line that declares it."""
    name = getattr(item, "name", None)
    origin = getattr(getattr(name, "span", None), "origin", None)
    if origin is None or not hasattr(name, "text"):
        return []
    at = _on_disk(origin.span)
    kind = type(item).__name__
    if kind in _KINDS:
        return [Symbol(name.text, _KINDS[kind], NODE, at, at, origin.note)]
    if kind == "EnumDecl":
        members = [Symbol(m.text, "enum value", FORMULA, _on_disk(m.span.origin.span) if m.span.origin else at, at,
                          f"value of enum `{name.text}`") for m in item.members]
        return [Symbol(name.text, "enum", ENUM, at, at), *members]
    if kind == "ContextVar":
        return [Symbol(name.text, "context variable", FORMULA, at, at)]
    if kind == "MeasureDecl":
        return [Symbol(name.text, "measure", FORMULA, at, at)]
    return []


_PARAM_SPACES = {"p_enum": ENUM, "p_evidence": NODE, "p_status": NODE}
_KINDS = {"Claim": "claim", "Strategy": "strategy", "Assumption": "assumption", "Evidence": "evidence",
          "Defeater": "defeater", "Trigger": "trigger"}


def _on_disk(span: Span) -> Span:
    """A span in the standard library (`stdlib/NAME.case`) as the installed file an editor can open."""
    from ..semantics.imports import stdlib_path

    if span.path.startswith("stdlib/"):
        return attrs.evolve(span, path=stdlib_path(span.path.removeprefix("stdlib/").removesuffix(".case")))
    return span


def index_file(path: str) -> Index | None:
    """The index of a case file on disk (a required case), or None when it cannot be read or parsed."""
    source = read_source(path)
    return None if isinstance(source, Unreadable) else build_index(source.text, source.path)


class _Indexer:
    def __init__(self, index: Index):
        self.index = index
        self.declarations = set()  # (line, column) of every declared name

    def span(self, node) -> Span:
        if isinstance(node, lark.Token):
            return Span(self.index.path, node.line, node.column, node.end_line, node.end_column)
        meta = node.meta
        return Span(self.index.path, meta.line, meta.column, meta.end_line, meta.end_column)

    def run(self, tree: lark.Tree) -> None:
        children = [c for c in tree.children if isinstance(c, lark.Tree)]
        for item in children:
            self.declare(item)
        for item in children:
            self.index.items.append((item.data, self.span(item), self.item_name(item)))
            if item.data == "pattern_decl":
                self.pattern(item)
            else:
                self.uses(item)

    def pattern(self, item: lark.Tree) -> None:
        """A pattern's names live in a scope of their own: its parameters and its nodes, seen only inside it."""
        inner = Index(self.index.path, self.index.text)
        indexer = _Indexer(inner)
        for param in (c for c in item.children if isinstance(c, lark.Tree) and c.data == "pattern_param"):
            name = param.children[0]
            kind = next(c for c in param.children if isinstance(c, lark.Tree))
            space = _PARAM_SPACES.get(kind.data, FORMULA)
            indexer.add(Symbol(str(name), "parameter", space, self.span(name), self.span(param), one_line(param)))
        body = [c for c in item.children if isinstance(c, lark.Tree) and c.data not in ("pattern_param", "where_clause")]
        for child in body:
            indexer.declare(child)
        for child in (c for c in item.children if isinstance(c, lark.Tree) and c.data == "where_clause"):
            indexer.uses(child)
        for child in body:
            indexer.uses(child)
        # Names the pattern does not declare may be the case's shared enums and measures.
        for occurrence in inner.occurrences:
            if occurrence.symbol is None:
                occurrence = attrs.evolve(occurrence, symbol=self.index.declared(occurrence.space, occurrence.name))
            self.index.occurrences.append(occurrence)
        self.index.symbols.extend(inner.symbols)

    @staticmethod
    def item_name(item: lark.Tree):
        if item.data in DECLARING and len(item.children) > 1 and isinstance(item.children[1], lark.Token):
            return str(item.children[1])
        return None

    # ---- declarations ------------------------------------------------------------------

    def declare(self, item: lark.Tree) -> None:
        if item.data in DECLARING:
            kind, space = DECLARING[item.data]
            token = item.children[1]
            detail = one_line(item) if item.data == "measure_decl" else ""
            self.add(Symbol(str(token), kind, space, self.span(token), self.span(item), detail))
        if item.data == "enum_decl":
            for token in item.children[3:]:
                if isinstance(token, lark.Token) and token.type == "NAME":
                    detail = f"value of enum `{item.children[1]}`"
                    self.add(Symbol(str(token), "enum value", FORMULA, self.span(token), self.span(item), detail))
        elif item.data == "context_decl":
            for var in item.children:
                if isinstance(var, lark.Tree) and var.data == "context_var":
                    token = var.children[0]
                    self.add(Symbol(str(token), "context variable", FORMULA, self.span(token), self.span(var),
                                    one_line(var)))
        elif item.data == "requires_decl":
            token = item.children[1]
            target = Path(self.index.path).parent / _unquote(str(token))
            self.index.requires.append((self.span(token), str(target)))

    def add(self, symbol: Symbol) -> None:
        self.index.symbols.append(symbol)
        self.index.occurrences.append(Occurrence(symbol.name, symbol.space, symbol.span, symbol, True))
        self.declarations.add((symbol.span.line, symbol.span.column))

    # ---- uses --------------------------------------------------------------------------

    def uses(self, item: lark.Tree) -> None:
        """Every name used in an item, resolved in its name space; bound variables by scope."""
        stack = [(item, None, None, {})]
        while stack:
            node, parent, grand, bound = stack.pop()
            if isinstance(node, lark.Token):
                self.token(node, parent, grand, bound)
                continue
            if node.data in QUANTIFIERS:
                bound = {**bound, **self.binders(node)}
            if node.data == "claim_decl":
                bound = {**bound, **self.family_variable(node)}
            if node.data in ("ref", "member_ref"):  # a reference stands in its list as a bare name did
                stack.extend((child, parent, grand, bound) for child in reversed(node.children[:1]))
                continue
            stack.extend((child, node, parent, bound) for child in reversed(node.children))

    def family_variable(self, claim: lark.Tree) -> dict:
        """`claim G1[t: T]`: `t` stands for each member of `T` in the claim's formulas."""
        index = next((c for c in claim.children if isinstance(c, lark.Tree) and c.data == "family_index"), None)
        if index is None:
            return {}
        name, domain = [c for c in index.children if isinstance(c, lark.Token) and c.type == "NAME"]
        symbol = Symbol(str(name), "bound variable", FORMULA, self.span(name), self.span(claim), f"{name}: {domain}")
        self.add(symbol)
        return {str(name): symbol}

    def binders(self, quantifier: lark.Tree) -> dict:
        """Declare a quantifier's own bound variables (visible in the whole quantifier)."""
        found = {}
        binders = next((c for c in quantifier.children if isinstance(c, lark.Tree) and c.data == "binders"), None)
        for binder in binders.children if binders is not None else ():
            if isinstance(binder, lark.Tree):
                name, _, domain = binder.children
                symbol = Symbol(str(name), "bound variable", FORMULA, self.span(name), self.span(quantifier),
                                f"{name}: {domain}")
                self.add(symbol)
                found[str(name)] = symbol
        return found

    def token(self, token: lark.Token, parent: lark.Tree, grand, bound: dict) -> None:
        rule = parent.data
        if token.type == "CALL":
            self.use(str(token)[:-1], FORMULA, token, bound)
        elif token.type == "QNAME" and rule == "name_list" and grand is not None and grand.data in NODE_LISTS:
            self.use(str(token), NODE, token, bound)  # a node of a pattern instance (`cyber.G0`), see with_patterns
        elif token.type != "NAME" or (token.line, token.column) in self.declarations:
            return
        elif self.in_use_argument(parent, grand):
            self.use_any(token, bound)
        elif rule == "name":
            self.use(str(token), FORMULA, token, bound)
        elif rule == "name_list":
            if grand is not None and grand.data in NODE_LISTS:
                self.use(str(token), NODE, token, bound)
        elif rule == "setting_item" and token is parent.children[0]:
            self.use(str(token), FORMULA, token, {})
        elif rule in ("t_enum", "t_set", "measure_params") or rule == "binder" and token is parent.children[2]:
            self.use(str(token), ENUM, token, {})

    @staticmethod
    def in_use_argument(parent, grand) -> bool:
        """A name inside an argument of `use` (not the parameter's own name): an enum, measure, evidence or value."""
        return parent.data == "name" and grand is not None and grand.data in ("use_arg", "set_lit", "not_")

    def use_any(self, token: lark.Token, bound: dict) -> None:
        """A `use` argument names a declaration of any kind: evidence, an enum, a measure, a value."""
        name = str(token)
        space = next((s for s in (FORMULA, NODE, ENUM) if self.index.declared(s, name) is not None), FORMULA)
        self.use(name, space, token, bound)

    def use(self, name: str, space: str, token: lark.Token, bound: dict) -> None:
        symbol = bound.get(name) if space == FORMULA else None
        symbol = symbol or self.index.declared(space, name)
        if symbol is None and name in BUILTINS:
            return
        span = Span(self.index.path, token.line, token.column, token.line, token.column + len(name))
        self.index.occurrences.append(Occurrence(name, space, span, symbol))


def _words(tree: lark.Tree) -> list[str]:
    return [str(token) for token, _ in leaves(tree)]


def _unquote(text: str) -> str:
    return text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
