"""Loads grammar/case.lark once and turns text into a Lark parse tree; syntax errors become findings."""
from __future__ import annotations

import functools
import os
import re
import sys
import threading
from importlib import resources
from pathlib import Path

import lark
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from ..findings.finding import Finding, finding
from .reading import user_cache_dir
from . import trees
from .source import Span
from .trees import Tree, tree_callbacks

# Documented in docs/language.md ("Limits"). Deeper input is rejected as
# unreadable before any recursive stage sees it, so it can never crash one.
MAX_BRACKET_DEPTH = 100
MAX_TREE_DEPTH = 200

_OPENERS = {"LPAR", "LSQB", "LBRACE"}
_CLOSERS = {"RPAR", "RSQB", "RBRACE"}


def grammar_text() -> str:
    """The grammar, from the installed package or, in a source checkout, from grammar/."""
    try:
        return resources.files("checker.grammar").joinpath("case.lark").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return (Path(__file__).resolve().parents[2] / "grammar" / "case.lark").read_text("utf-8")


class _TooDeep(Exception):
    def __init__(self, token):
        self.token = token


class _BracketDepth:
    """Counts bracket nesting as the lexer reads each bracket (Lark's `lexer_callbacks`), per thread.

    The count is what a post-lexer over the token stream would see: it starts
    at zero with each parse and again where Lark restarts its token stream
    after a keyword was read as a name (`_keyword_as_name`); a bracket that
    the lexer reads only to name it in a syntax error (the contextual lexer
    retrying with every terminal) is not counted. Callbacks rather than a
    post-lexer: lark-cython takes no post-lexer, and they cost nothing for the
    other tokens.
    """

    def __init__(self):
        self._local = _Count()

    def callbacks(self) -> dict:
        return {**{name: self._open for name in _OPENERS}, **{name: self._close for name in _CLOSERS}}

    def reset(self) -> None:
        self._local.depth = 0
        self._local.handling = sys.exc_info()[1]  # an error the caller is handling is not the lexer's retry

    def _retrying(self) -> bool:
        """Whether the lexer reads this token only to name it in an error: it is handling an unexpected character."""
        handling = sys.exc_info()[1]
        return isinstance(handling, UnexpectedCharacters) and handling is not self._local.handling

    def _open(self, token):
        if self._retrying():
            return token  # the parser never sees it
        depth = self._local.depth = self._local.depth + 1
        if depth > MAX_BRACKET_DEPTH:
            raise _TooDeep(token)
        return token

    def _close(self, token):
        if not self._retrying():
            self._local.depth -= 1
        return token


class _Count(threading.local):
    depth = 0
    handling = None


_DEPTH = _BracketDepth()


def _build_lark(propagate_positions=True, **options) -> lark.Lark:
    """The grammar as an LALR parser with a contextual lexer; `options` say what the tree keeps."""
    plugins = dict(options.pop("_plugins", None) or {})
    plugins["ContextualLexer"] = _whole_words(plugins.get("ContextualLexer", lark.lexer.ContextualLexer))
    return lark.Lark(grammar_text(), parser="lalr", start=["start", "items"], lexer="contextual",
                     propagate_positions=propagate_positions, _plugins=plugins, **options)


@functools.cache
def _whole_words(base: type):
    """`base` (Lark's or lark-cython's contextual lexer) reading a keyword only as a whole word.

    The contextual lexer tries only the terminals the parser can take next. Where no name
    fits (after a decision's date, before a field), a keyword alone was tried, and it
    matched the start of a longer word: `claimG1 "t"` read as `claim G1 "t"`, `showsr` as
    `shows r`. With NAME always tried, the longest word is read, and a word that is not
    the keyword is a name the parser can refuse.
    """
    def contextual_lexer(conf, states, always_accept=()):  # a function: lark-cython's lexer takes no subclass __init__
        return base(conf, states, always_accept=(*always_accept, "NAME"))

    return contextual_lexer


@functools.cache
def _lark() -> lark.Lark:
    """The pure-Lark parser: every parse that meets an error, and every parse where lark-cython is absent."""
    return _cached_lark(_grammar_cache(""))


@functools.cache
def _fast_lark() -> lark.Lark | None:
    """The same parser on lark-cython's lexer and LALR loop (the `fast` extra), or None without it.

    lark-cython reads a clean file in 75-90% of pure Lark's time, but its
    tokens are no strings and Lark's error recovery (`_keyword_as_name`, the
    expected tokens of an error) does not work on its parser state: `parse`
    gives it only the first try, and any error sends the file to `_lark()`,
    whose findings are the only ones ever reported. WARRANT_PURE_LARK=1 turns it off.
    """
    if os.environ.get("WARRANT_PURE_LARK"):
        return None
    try:
        import lark_cython
    except ImportError:
        return None
    return _cached_lark(_grammar_cache(f"-cython-{lark_cython.__version__}"), _plugins=lark_cython.plugins)


def _cached_lark(cached: Path | None, **extra) -> lark.Lark:
    """The parser whose trees are `trees.Tree`s that know their first and last tokens."""
    options = dict(maybe_placeholders=True, lexer_callbacks=_DEPTH.callbacks(), propagate_positions=False,
                   tree_class=Tree, **extra)
    # Building the LALR tables takes 0.2 s; Lark keeps them in a file checked against the
    # grammar, the options and its own version, so a start-up that only judges a
    # configuration does not pay for them each time.
    parser = None
    if cached is not None:
        try:
            parser = _build_lark(cache=str(cached), **options)
        except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            pass  # an unreadable or foreign cache file: build the tables afresh
    return tree_callbacks(parser or _build_lark(**options))


def _grammar_cache(variant: str) -> Path | None:
    directory = user_cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return directory / f"grammar-lark-{lark.__version__}{variant}.cache"


@functools.cache
def _lark_all_tokens() -> lark.Lark:
    """The same grammar, keeping every token (keywords and punctuation too) in the tree: the formatter's view."""
    return _build_lark(keep_all_tokens=True, maybe_placeholders=False)


def parse_all_tokens(text: str, start: str = "start") -> lark.Tree:
    """The parse tree with every token in it, for text that `parse` has already accepted."""
    return _lark_all_tokens().parse(text, start=start, on_error=_keyword_as_name)


@functools.cache
def item_rules() -> frozenset:
    """The rules that make an item (the alternatives of `item` in the grammar), so new items need no new code."""
    return frozenset(rule.expansion[0].name for rule in _lark().rules if rule.origin.name == "item")


def parse(text: str, path: str, start: str = "start", each_item=None) -> tuple[lark.Tree | None, list[Finding]]:
    """Parse one file: a whole case (`start`), or bare items without a header (`items`, say a target boundary).

    Returns the tree, or None with the located syntax findings. With
    `each_item`, every item (of the file and of its patterns) is given to it as
    soon as it is read, and the tree holds a `made` tree (trees.made) with what
    it returned in the item's place; an item too deep to build safely, or one
    whose building raises, stays a tree, for the caller to meet as before.
    """
    try:
        tree = _parse_tree(text, start, _made(each_item) if each_item is not None else None)
        too_deep = _deepest_beyond(tree, MAX_TREE_DEPTH)
        if too_deep is _UNSURE:  # an item made at once might reach past the limit: read it all as a tree
            tree = _parse_tree(text, start, None)
            too_deep = _deepest_beyond(tree, MAX_TREE_DEPTH)
    except _TooDeep as deep:
        return None, [finding("S002", _token_span(deep.token, path), limit=MAX_BRACKET_DEPTH)]
    except UnexpectedInput as error:
        return None, _syntax_findings(error, text, path)
    if too_deep is not None:
        return None, [finding("S002", _tree_span(too_deep, path), limit=MAX_TREE_DEPTH)]
    return tree, []


# An item is made as it is read only if its tree is at most this tall, so that only a
# `made` tree standing deeper than MAX_TREE_DEPTH - MADE_HEIGHT could hide a node past the limit.
MADE_HEIGHT = MAX_TREE_DEPTH // 2


def _made(each_item):
    """The hook of `trees.each_item`: each item's `made` tree, or the item itself."""
    def make(item):
        levels = trees.height(item)
        if levels > MADE_HEIGHT:
            return item
        try:
            value = each_item(item)
        except Exception:  # noqa: BLE001 - left for the caller's own pass over the tree, where it was always raised
            return item
        return trees.made(item, value, levels)

    return make


def _parse_tree(text: str, start: str, hook=None) -> lark.Tree:
    """The tree of a file: lark-cython's if it reads the file without error, else pure Lark's (or its error).

    `hook` is what becomes of each item as it is read (`trees.each_item`), for this parse only.
    """
    trees.each_item.hook = hook
    try:
        fast = _fast_lark()
        if fast is not None:
            _DEPTH.reset()
            try:
                return fast.parse(text, start=start)
            except (LarkError, _TooDeep):
                pass  # read again by pure Lark, which recovers where it can and names what it expected
        _DEPTH.reset()
        return _lark().parse(text, start=start, on_error=_keyword_as_name)
    finally:
        trees.each_item.hook = None


# White space and whole comment lines, then `case`: a comment that mentions a case is no header.
_HEADER = re.compile(r"(?:\s+|#[^\n]*(?:\n|$))*case\b")


def has_header(text: str) -> bool:
    """Whether a file opens with a case header (else it is a file of bare items, such as a target's boundary)."""
    return _HEADER.match(text) is not None


MAX_SYNTAX_ERRORS = 20
_ITEM_START = re.compile(
    r"^[ \t]*(enum|context|measure|boundary|assume|claim|strategy|evidence|defeater|accept|trigger|decision|requires"
    r"|import|pattern|use)\b",
    re.M,
)


def _syntax_findings(first: UnexpectedInput, text: str, path: str) -> list[Finding]:
    """The first syntax error, then one more for each later item that is broken too.

    After an error the parser starts again at the next line that opens an item
    (`claim`, `evidence`, ...). The text before it is blanked, not cut, so every
    line and column stays where it was.
    """
    findings = [_syntax_finding(first, text, path)]
    error, restart = first, -1
    while len(findings) < MAX_SYNTAX_ERRORS:
        restart = _next_item_start(text, _error_offset(error, text), restart)
        if restart is None:
            break
        masked = re.sub(r"[^\n]", " ", text[:restart]) + text[restart:]
        _DEPTH.reset()
        try:
            _lark().parse(masked, start="items", on_error=_keyword_as_name)
            break
        except _TooDeep:
            break
        except UnexpectedInput as later:
            findings.append(_syntax_finding(later, text, path))
            error = later
    return findings


def _error_offset(error: UnexpectedInput, text: str) -> int | None:
    if isinstance(error, UnexpectedToken):
        token = error.token
        return None if token.type == "$END" else token.start_pos
    return getattr(error, "pos_in_stream", None)


def _next_item_start(text: str, offset: int | None, after: int) -> int | None:
    if offset is None:
        return None
    for match in _ITEM_START.finditer(text):
        start = match.start(1)
        if start >= offset and start > after:
            return start
    return None


def _keyword_as_name(error: UnexpectedInput) -> bool:
    """Read a field word (`model`, `kind`, `for`, ...) as a plain name where only a name fits.

    LALR merges the states after a formula, so the contextual lexer may offer a
    field keyword where, in this context, the parser can only take a name (a
    boundary line `model == "x"` after another line). Feeding the word back as
    a NAME is then the only reading that parses; anything else stays an error.
    """
    if not isinstance(error, UnexpectedToken):
        return False
    token = error.token
    if token.type in ("NAME", "$END") or not _WORD.fullmatch(str(token)):
        return False
    interactive = error.interactive_parser
    if "NAME" not in interactive.accepts():
        return False
    interactive.feed_token(lark.Token.new_borrow_pos("NAME", str(token), token))
    _DEPTH.reset()  # Lark reads the rest as a new token stream, whose bracket count starts again
    return True


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


_UNSURE = object()


def _deepest_beyond(tree: lark.Tree, limit: int):
    """A subtree deeper than `limit` (the rightmost at depth limit + 1), found level by level without recursion.

    _UNSURE when a `made` item stands so deep that its own tree (no longer here) might have reached past the limit.
    """
    level, depth = [tree], 1
    while level:
        if depth > limit:
            return level[-1]
        if depth + MADE_HEIGHT - 1 > limit and any(node.data == "made" for node in level):
            return _UNSURE
        level = [child for node in level for child in node.children if isinstance(child, lark.Tree)]
        depth += 1
    return None


def _syntax_finding(error: UnexpectedInput, text: str, path: str) -> Finding:
    if isinstance(error, UnexpectedCharacters):
        if text[error.pos_in_stream:error.pos_in_stream + 1] == '"':
            span = Span.point(path, error.line, error.column)
            return finding("S001", span, message="unterminated string: a string closes with `\"` on the same line")
        found = repr(text[error.pos_in_stream]) if error.pos_in_stream < len(text) else "end of file"
        expected = _describe_expected(error.allowed or ())
        span = Span.point(path, error.line, error.column)
        return finding("S001", span, message=f"unexpected character {found}; expected {expected}")
    if isinstance(error, UnexpectedToken):
        token = error.token
        if token.type == "$END":
            span = _end_span(text, path)
            found = "end of file"
        else:
            span = _token_span(token, path)
            found = f"`{token.value}`"
        accepts = error.accepts or error.expected
        expected = _describe_expected(accepts)
        help_text = _chain_help(token, accepts) or _affordance_help(token, text)
        return finding("S001", span, message=f"unexpected {found}; expected {expected}", help=help_text)
    line = getattr(error, "line", 1) or 1
    column = getattr(error, "column", 1) or 1
    return finding("S001", Span.point(path, line, column), message=f"unexpected input: {error}")


_COMPARISONS = frozenset({"==", "!=", "<=", ">=", "<", ">", "in"})
# What may follow a whole formula: its end (`)`, `}`, `]`, `,`, `by`, the next item) or, in a
# boundary, the next formula. A comparison met where only these fit closes a comparison already.
_AFTER_FORMULA = frozenset({"RPAR", "RBRACE", "RSQB", "COMMA", "BY", "REOPENS", "CLAIM", "$END"})


def _chain_help(token, accepts) -> str | None:
    """The help for a comparison or `iff` where the grammar has just closed one: a chain the language forbids.

    LALR reads `0 < r` as a whole formula before it meets the second `<`, so the tokens it
    lists as expected (`by`, the next item) say nothing of the real mistake.
    """
    accepts = set(accepts)
    if not accepts & _AFTER_FORMULA:
        return None
    text = str(token)
    if (text in _COMPARISONS or token.type == "_NOT_IN") and not accepts & {"LESSTHAN", "MORETHAN", "IN", "_NOT_IN"}:
        return ("comparisons do not chain: write `x in [1, 3]` for `1 < x < 3`, or join the comparisons with "
                "`and`; in a boundary, a line that starts with `-` continues the line above")
    if text == "iff" and "IFF" not in accepts:
        return "`iff` does not chain: write `(a iff b) iff c`"
    return None


def _affordance_help(token, text: str) -> str | None:
    """A context variable called `affordance` after another: the word was read as the earlier one's flag."""
    if str(token) != ":" or token.type == "$END" or not re.search(r"\baffordance\s*$", text[:token.start_pos]):
        return None
    return ("after a variable, `affordance` marks that variable as an affordance; only the first variable "
            "of a context block may be called `affordance`")


def _describe_expected(names) -> str:
    shown = sorted({_terminal_text(name) for name in names if name != "$END"})
    if not shown:
        return "end of file"
    if len(shown) > 24:
        shown = shown[:24] + ["..."]
    return "one of " + ", ".join(shown) if len(shown) > 1 else shown[0]


@functools.cache
def _terminal_text(name: str) -> str:
    friendly = {"NAME": "a name", "STRING": "a string", "NUMBER": "a number", "DATE": "a date",
                "CALL": "a measure application", "_NOT_IN": "`not in`", "QNAME": "a dotted name",
                "AFFORDANCE": "`affordance`"}
    if name in friendly:
        return friendly[name]
    try:
        pattern = _lark().get_terminal(name).pattern
    except KeyError:
        return name
    if isinstance(pattern, lark.lexer.PatternStr):
        return f"`{pattern.value}`"
    return name.lower()


def _token_span(token, path: str) -> Span:
    line = token.line or 1
    column = token.column or 1
    end_line = token.end_line or line
    end_column = token.end_column or column + 1
    return Span(path, line, column, end_line, end_column)


def _end_span(text: str, path: str) -> Span:
    """The last character that is not white space: where a file cut short stops."""
    stripped = text.rstrip()
    if not stripped:
        return Span.point(path, 1, 1)
    lines = stripped.split("\n")
    return Span.point(path, len(lines), len(lines[-1]))


def _tree_span(tree: lark.Tree, path: str) -> Span:
    if tree._ends is None:
        return Span.point(path, 1, 1)
    first, last = tree._ends
    return Span(path, first.line, first.column, last.end_line, last.end_column)
