"""Reading one gsn2x YAML file into located nodes and its module block; the vocabulary the import shares.

gsn2x (github.com/jonasthewolf/gsn2x) writes Goal Structuring Notation as YAML: a
mapping from node ids to nodes, and an optional `module:` block. Every node keeps the
composed YAML it came from and the file's locator, so any finding about it, from any
stage of the import, points into the file it was written in.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import yaml

from ..findings.finding import Finding, Related, finding
from ..syntax.parser import grammar_text
from ..syntax.source import Span

# Node kinds, named as the GSN standard names them (they appear in comments and warnings).
GOAL, STRATEGY, SOLUTION = "goal", "strategy", "solution"
ASSUMPTION, JUSTIFICATION, CONTEXT = "assumption", "justification", "context"
COUNTER_GOAL, COUNTER_SOLUTION = "counter goal", "counter solution"

# gsn2x infers a node's kind from its id prefix; the order matters (CG before G, Sn before S, CSn before C).
PREFIXES = (("CG", COUNTER_GOAL), ("G", GOAL), ("CSn", COUNTER_SOLUTION), ("Sn", SOLUTION),
             ("S", STRATEGY), ("C", CONTEXT), ("A", ASSUMPTION), ("J", JUSTIFICATION))
# ... unless the node says `nodeType`, which wins.
NODE_TYPES = {"Goal": GOAL, "Strategy": STRATEGY, "Solution": SOLUTION, "Assumption": ASSUMPTION,
               "Justification": JUSTIFICATION, "Context": CONTEXT, "CounterGoal": COUNTER_GOAL,
               "CounterSolution": COUNTER_SOLUTION}
COUNTER = (COUNTER_GOAL, COUNTER_SOLUTION)
QUALIFIERS = (JUSTIFICATION, CONTEXT)  # the case language has no such node: they become comments

# Fields that only steer gsn2x's drawing: dropping them loses nothing an argument means.
LAYOUT = frozenset({"classes", "horizontalIndex", "rankIncrement", "charWrap", "level"})
HANDLED = frozenset({"text", "supportedBy", "inContextOf", "challenges", "undeveloped", "defeated",
                      "defeatedRelation", "nodeType", "url"})

_SUFFIXES = (".gsn.yaml", ".gsn.yml", ".yaml", ".yml")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")

# ---- reading the YAML, keeping positions for findings ---------------------------------------------


@dataclass
class Node:
    id: str
    kind: str | None
    title: str  # normalised text, or the id when the node has none
    has_text: bool
    fields: dict
    yaml: yaml.MappingNode  # the composed node, for the positions of its fields and references
    key: yaml.ScalarNode  # the id as written, where findings about the whole node point
    locate: "Locator"  # the file it was written in
    name: str = ""  # its name in the case, once assigned
    module: str = ""  # the name of its module (its file's module block, else the file's path)


@dataclass
class Document:
    """One file as read: its nodes by id in the file's order, and its module block if it has one."""

    path: str
    nodes: dict
    module: dict | None
    module_node: object  # the composed module block (a yaml.MappingNode) or None
    locate: "Locator"

    @property
    def module_name(self) -> str:
        """gsn2x names a module by its block's `name`, or by the file's path when it has none."""
        name = (self.module or {}).get("name")
        return one_line(str(name)) if name is not None else self.path


class _Loader(yaml.SafeLoader):
    """safe_load's loader, except that a date stays text: GSN has no dates, and gsn2x reads them as text."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)

_FAILED = object()  # what reading a part returns once it has reported why it cannot be read


@dataclass(frozen=True)
class Locator:
    """Spans in the YAML file, with lines ended by "\\n" only, as SourceFile and the reporters count them.

    PyYAML also breaks lines at "\\r", U+0085, U+2028 and U+2029, so its own line numbers can
    disagree with the file's; positions are counted again from its character offsets.
    """

    path: str
    text: str

    def at(self, index: int) -> tuple[int, int]:
        index = max(0, min(index, len(self.text)))
        line_start = self.text.rfind("\n", 0, index) + 1
        return self.text.count("\n", 0, index) + 1, index - line_start + 1

    def point(self, index: int) -> Span:
        return Span.point(self.path, *self.at(index))

    def span(self, node) -> Span:
        """Where a composed YAML node stands."""
        return Span(self.path, *self.at(node.start_mark.index), *self.at(node.end_mark.index))


class Reader:
    """The nodes by id, in the YAML's order, and the `module` block if there is one; or findings saying why not."""

    def __init__(self, text: str, path: str, findings: list):
        self.text, self.path, self.findings = text, path, findings
        self.locate = Locator(path, text)

    def read(self) -> Document | None:
        loader = None
        try:
            loader = _Loader(self.text)  # already rejects characters YAML forbids
            root = loader.get_single_node()
            if root is None:
                self.findings.append(finding("I003", Span.point(self.path, 1, 1),
                                             problem="the document is empty (a diagram maps node ids to nodes)"))
                return None
            if not isinstance(root, yaml.MappingNode):
                self.report("I003", root, problem="its top level must be a mapping from node ids to nodes")
                return None
            loader.flatten_mapping(root)  # resolves `<<:` merge keys the way safe_load would
            return self.nodes_of(loader, root)
        except yaml.YAMLError as error:
            self.findings.append(self.yaml_error(error))
            return None
        finally:
            if loader is not None:
                loader.dispose()

    def report(self, code: str, at, **fields) -> None:
        """Report an error at a composed YAML node."""
        self.findings.append(finding(code, self.locate.span(at), **one_line_fields(fields)))

    def nodes_of(self, loader: yaml.SafeLoader, root: yaml.MappingNode):
        """Every node that reads; a node that does not is reported and the others are still read."""
        nodes, module, module_node, first, failed = {}, None, None, {}, False
        for key_node, value_node in root.value:
            if not isinstance(key_node, yaml.ScalarNode) or not key_node.value.strip():
                self.report("I003", key_node, problem="a node id must be a plain word such as G1")
                failed = True
                continue
            node_id = key_node.value  # as written: `010:` stays 010, not the number 8
            if node_id in first:
                first_here = Related(self.locate.span(first[node_id]), f"{node_id} is first defined here")
                self.report("I005", key_node, node=node_id, related=(first_here,))
                failed = True
                continue
            first[node_id] = key_node
            value = self.construct(loader, value_node)
            if value is _FAILED:
                failed = True
            elif node_id == "module":
                if isinstance(value, dict) and self.module_block_reads(value_node):
                    module, module_node = value, value_node
                elif isinstance(value, dict):
                    failed = True
                else:
                    self.report("I003", value_node,
                                problem="the module block must be a mapping (name, brief, uses, ...)")
                    failed = True
            else:
                node = self.node(node_id, value, value_node, key_node)
                if node is None:
                    failed = True
                else:
                    nodes[node_id] = node
        if failed:
            return None
        document = Document(self.path, nodes, module, module_node, self.locate)
        for node in nodes.values():
            node.module = document.module_name
        return document

    def module_block_reads(self, block) -> bool:
        """A module's `name` is text and each `uses` entry a path; anything else is reported, not skipped."""
        fine = True
        name = field_value(block, "name")
        if name is not None and not isinstance(name, yaml.ScalarNode):
            self.report("I003", name, problem="the module's `name` must be text")
            fine = False
        uses = field_value(block, "uses")
        if not empty_field(uses) and not isinstance(uses, yaml.SequenceNode):
            # gsn2x reads `uses` as a list only (a single path, even one file, is no list to it), unlike a
            # node's `supportedBy` and `inContextOf`, which also take one id without brackets.
            self.report("I003", uses, problem="the module's `uses` must be a list of file paths: write `uses: [FILE]`")
            return False
        items = uses.value if isinstance(uses, yaml.SequenceNode) else []
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or not item.value.strip():
                self.report("I003", item, problem="each entry of the module's `uses` must be the path of a file")
                fine = False
        return fine

    def construct(self, loader: yaml.SafeLoader, node):
        """The Python value of a YAML node, as safe_load builds it; _FAILED once reported."""
        try:
            return loader.construct_object(node, deep=True)
        except yaml.YAMLError as error:  # e.g. a tag safe_load does not know
            self.findings.append(self.yaml_error(error))
        except (ValueError, TypeError, OverflowError) as error:  # e.g. `!!int x`
            self.report("I001", node, problem=f"cannot build this value ({error})")
        return _FAILED

    def node(self, node_id: str, value, value_node, key_node) -> Node | None:
        if value is None:
            self.report("I004", key_node, node=node_id, problem="is empty: give it at least `text:`")
            return None
        if not isinstance(value, dict):
            self.report("I004", value_node, node=node_id, problem="must be a mapping with `text:` and its links")
            return None
        text, kind = self.text_of(node_id, value_node), self.kind(node_id, value, value_node)
        if text is _FAILED or kind is _FAILED or not self.flags_are_booleans(node_id, value, value_node):
            return None
        return Node(node_id, kind, text or node_id, bool(text), value, value_node, key_node, self.locate)

    def text_of(self, node_id: str, value_node):
        """The text as written (a date or `yes` stays as typed); a missing or null text is empty."""
        text_node = field_value(value_node, "text")
        if text_node is None:
            return ""
        if not isinstance(text_node, yaml.ScalarNode):
            self.report("I004", text_node, node=node_id, problem="has a text that is not a string")
            return _FAILED
        if text_node.tag == "tag:yaml.org,2002:null":
            return ""
        return one_line(text_node.value)

    def flags_are_booleans(self, node_id: str, value: dict, value_node) -> bool:
        """gsn2x reads `undeveloped` and `defeated` as booleans and rejects anything else; so does the import,
        rather than read `undeveloped: maybe` as not undeveloped without a word."""
        fine = True
        for flag in ("undeveloped", "defeated"):
            if value.get(flag) is not None and not isinstance(value[flag], bool):
                self.report("I004", field_value(value_node, flag), node=node_id,
                            problem=f"has `{flag}` set to {_described(value[flag])}; expected true or false")
                fine = False
        return fine

    def kind(self, node_id: str, value: dict, value_node):
        declared = value.get("nodeType")
        if declared is not None:
            if not isinstance(declared, str) or declared not in NODE_TYPES:
                known = ", ".join(NODE_TYPES)
                self.report("I004", field_value(value_node, "nodeType"), node=node_id,
                            problem=f"has an unknown nodeType {one_line(str(declared))} (one of {known})")
                return _FAILED
            return NODE_TYPES[declared]
        return next((kind for prefix, kind in PREFIXES if node_id.startswith(prefix)), None)

    def yaml_error(self, error: yaml.YAMLError) -> Finding:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or getattr(error, "reason", None) or str(error).splitlines()[0]
        context = getattr(error, "context", None)
        if context and problem.startswith("but "):  # "expected a single document ..., but found another"
            problem = f"{context}, {problem}"
        if mark is not None:
            return finding("I001", self.locate.point(mark.index), problem=problem)
        position = getattr(error, "position", None)  # a ReaderError (a character YAML forbids) has only an offset
        return finding("I001", self.locate.point(position if isinstance(position, int) else 0), problem=problem)


def empty_field(node) -> bool:
    """An absent field, or one written empty (`uses:` or `uses: ~`)."""
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null")


def _described(value) -> str:
    """A YAML value as a finding names it: its kind, and the value itself when it is short."""
    if isinstance(value, str):
        return "the text " + quote(one_line(value)[:40])
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return "a list" if isinstance(value, list) else "a mapping"


def field_value(mapping_node, name: str):
    """The value node of a field; the last one wins, as it does in the constructed mapping."""
    found = None
    for key_node, value_node in getattr(mapping_node, "value", ()):
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
            found = value_node
    return found


def field_key(mapping_node, name: str):
    """The key node of a field (the last, as above), or None."""
    found = None
    for key_node, _ in getattr(mapping_node, "value", ()):
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
            found = key_node
    return found


# ---- text and names -------------------------------------------------------------------------------


def one_line(text: str) -> str:
    """Collapse whitespace and line breaks; other control characters become spaces (a string is one line)."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join(text.split())


def one_line_fields(fields: dict) -> dict:
    """A finding's message is one line, whatever ids the YAML spells with line breaks."""
    return {name: one_line(value) if isinstance(value, str) else value for name, value in fields.items()}


def article(kind: str | None) -> str:
    """A node kind with its article, as warnings name it."""
    kind = kind or "node of unknown type"
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@functools.cache
def _reserved() -> frozenset:
    """Every word the grammar spells out, plus the names N104 forbids: none may name a node."""
    return frozenset(re.findall(r'"([A-Za-z_][A-Za-z0-9_]*)"', grammar_text())) | {"old", "changed"}


def sanitise(raw: str) -> str:
    name = _NOT_NAME.sub("_", raw)
    if not name or name[0].isdigit():
        name = "_" + name
    return name + "_" if name in _reserved() else name


def base_name(path: str) -> str:
    """The file's own name: the case does not depend on the directory it was imported from."""
    return re.split(r"[\\/]", path)[-1]


def case_name(path: str) -> str:
    base = base_name(path)
    for suffix in _SUFFIXES:
        if base.lower().endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    return sanitise(base) if base else "imported"
