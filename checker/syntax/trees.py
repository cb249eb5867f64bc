"""The parse tree `parser.parse` returns, built on each of Lark's reductions with the first and last token of every node.

Lark's LALR parser calls one callback per rule each time it reduces, with
everything the rule matched (keywords and brackets too). Lark's own callbacks
drop the anonymous tokens, put `None` where an optional part is missing,
splice in `_rules`, hand up the single child of a `?rule`, make the `Tree`,
and, with `propagate_positions`, fill ten fields of a `Meta` per node through
chains of `getattr` (a third of the parse). `tree_callbacks` gives one callback
per rule that does all of that in one call and keeps two tokens instead of the
ten fields: `Tree._ends`, the first and last tokens of what the rule matched,
and `Tree._box`, the same with the brackets around the node (`(a or b)`),
which the nodes above it start and end at: Lark's `line`/`end_*` and
`container_*` fields. tests/test_spans.py holds every node to Lark's own trees
and positions.

While `each_item` holds a function (set by `parser.parse` for the builder),
every item is handed to it as soon as it is read, and what it returns stands in
the item's place: the builder turns each item into its syntax node at once, so
the parse tree of the whole file never exists (at 2,000 threats it took 42 MB,
more than the model it becomes).
"""
from __future__ import annotations

import operator
import threading

import lark


class Tree(lark.Tree):
    """A node of `parse`'s tree; `_ends` and `_box` are None on a tree with no text (an empty file of items)."""

    _ends = None
    _box = None


class _EachItem(threading.local):
    """What becomes of each item as it is read, per thread: None keeps it a tree."""

    hook = None


each_item = _EachItem()


def tree_callbacks(parser: lark.Lark) -> lark.Lark:
    """Put a `_builder` in place of Lark's callback for every rule (Lark's `_callbacks`, which its parser calls)."""
    callbacks = parser._callbacks
    for rule in list(callbacks):
        if isinstance(rule, lark.grammar.Rule):
            callback = _first_child if _passes_through(rule) else _builder(rule)
            callbacks[rule] = _item_list(callback) if _adds_item(rule) else callback
    _rules_by_identity(parser)
    return parser


class _Rule(lark.grammar.Rule):
    """A grammar rule that hashes and compares by identity, in C.

    On every reduction Lark's LALR loop (and lark-cython's) looks the rule up
    in the callbacks and checks `rule != end_state`; `Rule`'s own `__hash__`
    and `__eq__` are Python functions, 460,000 calls at 2,000 threats. Each
    rule of a parser is one object, in its parse table and in its callbacks
    alike, so identity is equality there.
    """

    __slots__ = ()
    __hash__ = object.__hash__
    __eq__ = object.__eq__
    __ne__ = object.__ne__


def _rules_by_identity(parser: lark.Lark) -> None:
    """Every rule of the parse table and of the callbacks replaced by one `_Rule` copy of it."""
    copies = {}

    def copy(rule):
        if rule not in copies:
            same = copies[rule] = _Rule.__new__(_Rule)
            for name in lark.grammar.Rule.__slots__:
                setattr(same, name, getattr(rule, name))
        return copies[rule]

    for actions in parser.parser.parser._parse_table.states.values():
        for token, (action, argument) in list(actions.items()):
            if isinstance(argument, lark.grammar.Rule):
                actions[token] = (action, copy(argument))
    callbacks = parser._callbacks
    for rule in [rule for rule in callbacks if isinstance(rule, lark.grammar.Rule)]:
        callbacks[copy(rule)] = callbacks.pop(rule)


def _adds_item(rule) -> bool:
    """`item*` (Lark's `__start_star_0: item | __start_star_0 item`): each reduction adds one item, the last child.

    The file's items and a pattern's share the rule, so a pattern's items are handed over too, before the pattern.
    """
    expansion = rule.expansion
    return rule.origin.name.startswith("__") and bool(expansion) and expansion[-1].name == "item"


def _item_list(callback):
    def add_item(children):
        hook = each_item.hook
        if hook is not None:
            children[-1] = hook(children[-1])
        return callback(children)

    return add_item


_first_child = operator.itemgetter(0)


def _passes_through(rule) -> bool:
    """A `?rule` of one sub-rule (`?formula: iff_f`): it hands up its one child as it is, tokens and positions alike.

    These are half of all reductions (a formula's atom passes up through ten of them).
    """
    if not rule.options.expand1 or rule.alias or rule.options.keep_all_tokens or len(rule.expansion) != 1 \
            or rule.options.empty_indices:
        return False
    symbol = rule.expansion[0]
    return not symbol.is_term and not symbol.name.startswith("_")


def _kept(rule) -> tuple:
    """What the node keeps of what the rule matched, as Lark's child filter does:
    ((index, splice its children, Nones before it), ...) and the Nones after the last."""
    expansion = rule.expansion
    empty = rule.options.empty_indices  # with maybe_placeholders: a missing [optional] part is a None
    if empty:
        marks = "".join(str(int(flag)) for flag in empty)
        nones = [len(ones) for ones in marks.split("0")]
    else:
        nones = [0] * (len(expansion) + 1)
    kept, waiting = [], 0
    for index, symbol in enumerate(expansion):
        waiting += nones[index]
        if rule.options.keep_all_tokens or not (symbol.is_term and symbol.filter_out):
            splice = not symbol.is_term and symbol.name.startswith("_")
            kept.append((index, splice, waiting))
            waiting = 0
    return tuple(kept), waiting + nones[len(expansion)]


def _builder(rule):
    """The callback of one rule: its node (or the child a `?rule` hands up), with its first and last tokens."""
    name = rule.alias or rule.options.template_source or rule.origin.name
    kept, trailing = _kept(rule)
    everything = len(kept) == len(rule.expansion) and not trailing and not any(s or n for _, s, n in kept)
    hands_up = rule.options.expand1 and not rule.alias

    def build(children):
        if everything:
            shown = children
        else:
            shown = []
            for index, splice, nones in kept:
                if nones:
                    shown += [None] * nones
                if splice:
                    if shown:
                        shown += children[index].children
                    else:
                        shown = children[index].children  # Lark's own shortcut: left recursion reuses the list
                else:
                    shown.append(children[index])
            if trailing:
                shown += [None] * trailing
        if hands_up and len(shown) == 1:
            node = shown[0]
            if node.__class__ is Tree and children:
                box = _box(children)
                if box is not None:
                    node._box = box  # brackets around a formula widen what the nodes above it cover
            return node
        node = Tree(name, shown)
        if children:
            node._ends = node._box = _box(children)
        return node

    return build


def _box(children):
    """The first and last tokens of what a rule matched; None when it matched no text."""
    first, last = children[0], children[-1]
    head = first if first.__class__ is not Tree else first._box and first._box[0]
    tail = last if last.__class__ is not Tree else last._box and last._box[1]
    if head is not None and tail is not None:
        return head, tail
    boxes = [child._box if child.__class__ is Tree else (child, child) for child in children]
    boxes = [box for box in boxes if box is not None]
    return (boxes[0][0], boxes[-1][1]) if boxes else None


class Made:
    """What an item became as it was read (`value`), and the height of its tree, for the depth limit."""

    __slots__ = ("value", "height")

    def __init__(self, value, height: int):
        self.value = value
        self.height = height


def made(tree: Tree, value, height: int) -> Tree:
    """A `made` tree standing where `tree` stood: the same first and last tokens, `Made(value, height)` its one child."""
    stand_in = Tree("made", [Made(value, height)])
    stand_in._ends, stand_in._box = tree._ends, tree._box
    return stand_in


def height(tree) -> int:
    """The levels of an item's tree (1 for a tree of tokens), counted level by level without recursion.

    The items of a pattern are made before the pattern is: each counts with the height its own tree had.
    """
    level, levels, tallest = [tree], 0, 0
    patterns = tree.data == "pattern_decl"  # only a pattern's tree holds made items
    while level:
        levels += 1
        if patterns:
            for node in level:
                if node.data == "made":
                    tallest = max(tallest, levels - 1 + node.children[0].height)
        level = [child for node in level for child in node.children if isinstance(child, lark.Tree)]
    return max(levels, tallest)
