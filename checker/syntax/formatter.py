"""The canonical format of a case file (`warrant fmt`): the parser's own tokens, laid out by the rules in `layout.py`.

The formatter never prints from the syntax nodes. It walks the parse tree that
keeps every token (`parser.parse_all_tokens`), so each token is printed once, in
its order, in its canonical spelling; the tree only says where items, blocks,
lists and operator chains begin and end. Comments are the text between tokens:
one on the line of a token stays at the end of that token's line (trailing), one
on a line of its own stays on a line of its own before the next token (leading).
Blank lines are kept, at most one, between block entries and before comments.

Before a result is returned it is checked: it must parse to an equal syntax tree,
with the same tokens and the same comments; otherwise the file is reported (X002)
and left as it was. Formatting is idempotent because the layout depends only on
the tokens, the tree and where comments and blank lines stand, and printing
keeps all three.
"""
from __future__ import annotations

import re

import attrs
import lark

from ..findings.finding import finding
from . import layout
from .build import build
from .doc import Comment, Group, Hard, Line, Nest, Tab, render
from .layout import BREAKS, NEWLINE, SOFT
from .parser import has_header, item_rules, parse, parse_all_tokens
from .reading import without_bom
from .source import Span


@attrs.frozen
class Formatted:
    """The formatted text, or None with the findings that prevented it (a syntax error, or X002)."""

    text: str | None
    findings: tuple = ()


def format_text(text: str, path: str = "<string>", width: int = layout.WIDTH) -> Formatted:
    """Format the text of one case file (or of a file of bare items). Never raises on bad input."""
    text = without_bom(text)
    start = "start" if has_header(text) else "items"
    tree, findings = parse(text, path, start)
    if tree is not None and not tree.children:
        # Nothing but white space and comments: no case, no pattern file, no boundary, so `check` reports
        # the missing header (S001) and formatting says the same rather than pass a file nothing can read.
        tree, findings = parse(text, path, "start")
    if tree is None:
        return Formatted(None, tuple(findings))
    try:
        full = parse_all_tokens(text, start)
        formatted = layout_tree(text, full, width=width)
        problem = _difference((text, tree, full), formatted, path, start)
    except RecursionError:
        problem = "the file nests too deeply to format"
    if problem:
        return Formatted(None, (finding("X002", Span.point(path, 1, 1), stage="formatting", error=problem),))
    # A file keeps its line endings, as its first line has them: a Windows checkout stays CRLF, so neither
    # `fmt --check` nor the editor sees every line of it as changed.
    crlf = text.split("\n", 1)[0].endswith("\r") and "\n" in text
    return Formatted(formatted.replace("\n", "\r\n") if crlf else formatted)


def layout_tree(text: str, tree: lark.Tree, items: frozenset | None = None, width: int = layout.WIDTH) -> str:
    """The canonical text of `text`, given its parse tree with every token, unchecked.

    `items` names the rules that are items (by default, the alternatives of `item` in
    the grammar); a caller with a grammar of its own passes them.
    """
    return render(_Layout(text, tree, items).document(), width)


# ---- tokens and comments -------------------------------------------------------------


def leaves(tree: lark.Tree) -> list:
    """Every token of a tree in order, each with the rule it belongs to: [(token, rule)]."""
    out, stack = [], [(tree, None)]
    while stack:
        node, rule = stack.pop()
        if isinstance(node, lark.Token):
            out.append((node, rule))
        else:
            stack.extend((child, node.data) for child in reversed(node.children))
    return out


_COMMENT = re.compile(r"#[^\n]*")
_BLANK = re.compile(r"\n[ \t\r\f\v]*\n")


@attrs.define
class _Gap:
    """What stands between two tokens: a trailing comment of the one before, leading comments of the one after."""

    trailing: str | None = None
    leading: list = attrs.Factory(list)  # (text, blank line before it)
    blank_before_token: bool = False  # a blank line between the last comment (or token) and the token
    blank: bool = False  # a blank line anywhere in the gap


def _gaps(text: str, tokens: list) -> list[_Gap]:
    """gaps[i] is the text before token i (gaps[len(tokens)] is the end of the file)."""
    gaps = []
    for i in range(len(tokens) + 1):
        begin = tokens[i - 1].end_pos if i > 0 else 0
        end = tokens[i].start_pos if i < len(tokens) else len(text)
        gap, position = _Gap(), begin
        for match in _COMMENT.finditer(text, begin, end):
            before = text[position:match.start()]
            comment = match.group().rstrip()
            if i > 0 and position == begin and "\n" not in before:
                gap.trailing = comment
            else:
                gap.leading.append((comment, _BLANK.search(before) is not None))
            position = match.end()
        gap.blank_before_token = _BLANK.search(text, position, end) is not None
        gap.blank = _BLANK.search(_COMMENT.sub("#", text[begin:end])) is not None
        gaps.append(gap)
    return gaps


def significant(tree: lark.Tree) -> list[str]:
    """The tokens of a tree in canonical spelling, without trailing commas: what formatting must keep."""
    tokens = [canonical_text(token) for token, _ in leaves(tree)]
    return [t for i, t in enumerate(tokens) if not (t == "," and i + 1 < len(tokens) and tokens[i + 1] in layout.CLOSERS)]


def canonical_text(token: lark.Token) -> str:
    return layout.canonical(token.type, str(token))


def one_line(tree: lark.Tree) -> str:
    """A subtree on one line in canonical spelling and spacing, comments left out (a declaration's signature)."""
    pairs = leaves(tree)
    out = []
    for i, (token, rule) in enumerate(pairs):
        if i:
            before, before_rule = pairs[i - 1]
            out.append(layout.space_between(canonical_text(before), before_rule, before.type, canonical_text(token),
                                            rule))
        out.append(canonical_text(token))
    return "".join(out)


def comments(text: str, tree: lark.Tree | None = None) -> list[str]:
    """Every comment of a text that parses, in order (text between tokens that starts with `#`).

    `tree` is the text's parse tree with every token, if the caller has it already.
    """
    if tree is None:
        tree = parse_all_tokens(text, "start" if has_header(text) else "items")
    found = []
    for gap in _gaps(text, [token for token, _ in leaves(tree)]):
        found += ([gap.trailing] if gap.trailing else []) + [c for c, _ in gap.leading]
    return found


# ---- the document ----------------------------------------------------------------------


class _Layout:
    """Builds the document of one parse tree (see doc.py) by the rules of layout.py."""

    def __init__(self, text: str, tree: lark.Tree, items: frozenset | None = None):
        self.tree = tree
        pairs = leaves(tree)
        self.rule_of = {id(token): rule for token, rule in pairs}
        self.index = {id(token): i for i, (token, _) in enumerate(pairs)}
        self.gaps = _gaps(text, [token for token, _ in pairs])
        self.items = item_rules() if items is None else items
        self.hoisted = set()  # tokens whose leading comments are printed before an enclosing group
        self._move_trailing_comma_comments(pairs)

    def document(self) -> list:
        end = self.gaps[-1]
        tail = [[Hard(blank), Comment(c)] for c, blank in end.leading]
        return [self.entries(self.tree.children), tail]

    # ---- tokens --------------------------------------------------------------------

    def gap(self, token) -> _Gap:
        return self.gaps[self.index[id(token)]]

    def leading(self, token) -> list:
        """The comments on lines of their own before a token, each on its own line."""
        gap = self.gap(token)
        if not gap.leading or id(token) in self.hoisted:
            return []
        docs = [[Hard(blank), Comment(c)] for c, blank in gap.leading]
        return docs + [Hard(gap.blank_before_token)]

    def after(self, token) -> list:
        """The token and its trailing comment."""
        trailing = self.gaps[self.index[id(token)] + 1].trailing
        text = canonical_text(token)
        return [text, Comment(trailing)] if trailing else [text]

    def token(self, token) -> list:
        return self.leading(token) + self.after(token)

    def hoist(self, node) -> list:
        """The leading comments of a node's first token, to print before the groups that hold the node.

        A comment inside a group would break it; before the group, it stands on the lines above.
        """
        token = self.first(node)
        comments = self.leading(token)
        self.hoisted.add(id(token))
        return comments

    def _move_trailing_comma_comments(self, pairs) -> None:
        """A trailing comma is dropped: its comments move to the closing bracket, on lines of their own."""
        self.dropped = set()
        for i, (token, _) in enumerate(pairs[:-1]):
            if str(token) == "," and str(pairs[i + 1][0]) in layout.CLOSERS:
                self.dropped.add(id(token))
                comma, closer = self.gaps[i], self.gaps[i + 1]
                moved = comma.leading + ([(closer.trailing, False)] if closer.trailing else [])
                closer.leading[:0] = moved
                closer.trailing = None
                closer.blank_before_token = closer.blank_before_token or bool(moved and comma.blank_before_token)

    # ---- trees ---------------------------------------------------------------------

    def node(self, node) -> list:
        if isinstance(node, lark.Token):
            return self.token(node)
        if node.data in ("start", "items"):
            return self.entries(node.children)
        if node.data in layout.CHAINS:
            return self.chain(node)
        return self.sequence(node.data, node.children)

    def sequence(self, rule: str, children: list) -> list:
        """A rule's children on one line, broken where BREAKS says; brackets are lists or blocks."""
        before = self.hoist(children[0]) if children else []
        lines, current, previous, i = [], [], None, 0
        while i < len(children):
            child = children[i]
            end = self.closing(children, i)
            part = self.bracketed(rule, children[i:end + 1]) if end is not None else self.node(child)
            how = self.separator(rule, previous, child)
            if how == NEWLINE:
                lines.append(current)
                current = [part]
            elif how == SOFT:
                current.append(Nest(layout.INDENT, [Line(), part]))
            elif previous is not None and self.after_comment(child) and str(child) != "{":
                # A comment ends the line before this part (at the end of the line, or on lines of its own):
                # the rest of the item goes on a continuation line one step in, not at column 1.
                current += [how, Nest(layout.INDENT, part)]
            else:
                current += [how, part] if previous is not None else [part]
            previous = children[end] if end is not None else child
            i = (end if end is not None else i) + 1
        lines.append(current)
        first, *rest = lines
        return [before, Group(first), *(Nest(layout.INDENT, [Hard(), Group(line)]) for line in rest)]

    def after_comment(self, child) -> bool:
        """Whether a comment stands between `child` and the token before it."""
        gap = self.gap(self.first(child))
        return bool(gap.leading or gap.trailing)

    def separator(self, rule: str, previous, child):
        """NEWLINE, SOFT, a Tab, or the text between `previous` and `child` on one line."""
        how = BREAKS.get((rule, self.key(child)))
        if how is None and isinstance(previous, lark.Token):
            how = BREAKS.get((rule, "after " + str(previous)))
        if how is not None or previous is None:
            return how
        tab = layout.TABS.get((rule, self.key(child)))
        if tab is not None:
            return Tab(tab)
        left, right = self.last(previous), self.first(child)
        return layout.space_between(canonical_text(left), self.rule_of[id(left)], left.type, canonical_text(right),
                                    self.rule_of[id(right)])

    def closing(self, children: list, i: int):
        """The index of the bracket closing the one at `i`, if `i` opens a bracket among these children."""
        child = children[i]
        if not isinstance(child, lark.Token) or not layout.is_opener(str(child), child.type):
            return None
        closer = layout.closer_of(str(child))
        for j in range(i + 1, len(children)):
            if isinstance(children[j], lark.Token) and str(children[j]) == closer:
                return j
        return None

    def bracketed(self, rule: str, children: list) -> list:
        opener, *inner, closer = children
        if str(opener) == "{" and (rule in layout.BLOCKS or any(self.is_item(c) for c in inner)):
            return self.block(opener, inner, closer)
        edge = Line("") if rule in layout.TIGHT_BRACES or str(opener) != "{" else Line(" ")
        body, previous = [], None
        for child in inner:
            if isinstance(child, lark.Token) and str(child) == ",":
                if id(child) not in self.dropped:
                    body += [self.token(child), Line()]
                previous = None
                continue
            if previous is not None:  # words side by side inside brackets: `(rebutted by E1, E2)`
                body.append(self.separator(rule, previous, child))
            body.append(self.node(child))
            previous = child
        inside = [edge, body, self.leading(closer)]
        return Group([self.token(opener), Nest(layout.INDENT, inside), edge, self.after(closer)])

    def block(self, opener, entries: list, closer) -> list:
        """`{`, one entry a line one step in, `}` on a line of its own (`{ }` when empty)."""
        closing = self.leading(closer)
        if not entries and not closing:
            return [self.token(opener), " ", self.after(closer)]
        inner = [[Hard(), self.entries(entries)] if entries else [], closing]
        return [self.token(opener), Nest(layout.INDENT, inner), Hard(), self.after(closer)]

    def entries(self, children: list) -> list:
        """Items or block entries, one a line: items of another kind, or after a blank line, get one blank line."""
        out, previous = [], None
        for child in children:
            doc = self.node(child)
            if previous is None:
                out.append(doc)
            elif self.is_item(child) and layout.ATTACHED.get(child.data) == getattr(previous, "data", None):
                out.append(Nest(layout.INDENT, [Hard(), doc]))
            else:
                blank = self.gap(self.first(child)).blank
                if self.is_item(child) and previous.data != child.data:
                    blank = True
                out += [Hard(blank), doc]
            previous = child
        return out

    def chain(self, tree: lark.Tree) -> list:
        """`a and b and c`: flat when it fits, else each operator starts a line one step in."""
        operands, operators, stack = [], [], [tree]
        while stack:  # flatten nested applications of the same operator, in order
            node = stack.pop()
            if isinstance(node, lark.Tree) and node.data == tree.data and (node is tree or len(node.children) == 3):
                stack.extend(reversed(node.children))
            elif isinstance(node, lark.Token) and len(operators) < len(operands):
                operators.append(node)
            else:
                operands.append(node)
        before = self.hoist(operands[0])
        # Operands one step in, so that a chain inside a chain breaks deeper than its operators.
        nested = [Nest(layout.INDENT, self.node(operand)) for operand in operands]
        rest = [[Line(), self.token(op), " ", operand] for op, operand in zip(operators, nested[1:])]
        return [before, Group([nested[0], Nest(layout.INDENT, rest)])]

    # ---- helpers -------------------------------------------------------------------

    def is_item(self, node) -> bool:
        return isinstance(node, lark.Tree) and node.data in self.items

    @staticmethod
    def key(node) -> str:
        return str(node) if isinstance(node, lark.Token) else node.data

    @staticmethod
    def first(node):
        while isinstance(node, lark.Tree):
            node = node.children[0]
        return node

    @staticmethod
    def last(node):
        while isinstance(node, lark.Tree):
            node = node.children[-1]
        return node


# ---- the check before a result is returned ------------------------------------------


def _difference(original: tuple, formatted: str, path: str, start: str) -> str | None:
    """Why `formatted` does not say what the original (text, parse tree, tree with every token) says, or None."""
    text, tree, full = original
    new_tree, findings = parse(formatted, path, start)
    if new_tree is None:
        return "the formatted text does not parse: " + "; ".join(f.message for f in findings)
    if build(tree, path)[0] != build(new_tree, path)[0]:
        return "the formatted text parses to a different case"
    new_full = parse_all_tokens(formatted, start)
    if significant(new_full) != significant(full):
        return "the formatted text has different tokens"
    if comments(formatted, new_full) != comments(text, full):
        return "the formatted text has different comments"
    return None
