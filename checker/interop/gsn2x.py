"""Import a gsn2x YAML diagram (Goal Structuring Notation) as an informal Warrant case that checks structurally.

Like every other stage the import reports findings rather than raising: errors (I0xx) mean
the file is not a gsn2x diagram Warrant can import, and no case is written; warnings (I1xx)
name what the case leaves out. Every finding is located in the YAML file.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from ..findings.finding import Finding, Related, finding, sorted_findings
from ..findings.rules import Outcome
from ..syntax.parser import grammar_text
from ..syntax.source import Span

# Node kinds, named as the GSN standard names them (they appear in comments and warnings).
GOAL, STRATEGY, SOLUTION = "goal", "strategy", "solution"
ASSUMPTION, JUSTIFICATION, CONTEXT = "assumption", "justification", "context"
COUNTER_GOAL, COUNTER_SOLUTION = "counter goal", "counter solution"

# gsn2x infers a node's kind from its id prefix; the order matters (CG before G, Sn before S, CSn before C).
_PREFIXES = (("CG", COUNTER_GOAL), ("G", GOAL), ("CSn", COUNTER_SOLUTION), ("Sn", SOLUTION),
             ("S", STRATEGY), ("C", CONTEXT), ("A", ASSUMPTION), ("J", JUSTIFICATION))
# ... unless the node says `nodeType`, which wins.
_NODE_TYPES = {"Goal": GOAL, "Strategy": STRATEGY, "Solution": SOLUTION, "Assumption": ASSUMPTION,
               "Justification": JUSTIFICATION, "Context": CONTEXT, "CounterGoal": COUNTER_GOAL,
               "CounterSolution": COUNTER_SOLUTION}
_COUNTER = (COUNTER_GOAL, COUNTER_SOLUTION)
_QUALIFIERS = (JUSTIFICATION, CONTEXT)  # the case language has no such node: they become comments

# Fields that only steer gsn2x's drawing: dropping them loses nothing an argument means.
_LAYOUT = frozenset({"classes", "horizontalIndex", "rankIncrement", "charWrap", "level"})
_HANDLED = frozenset({"text", "supportedBy", "inContextOf", "challenges", "undeveloped", "defeated",
                      "defeatedRelation", "nodeType", "url"})

_SUFFIXES = (".gsn.yaml", ".gsn.yml", ".yaml", ".yml")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")

FINAL_COMMENT = (
    "# Imported from a GSN diagram: every claim, strategy and assumption above is informal\n"
    "# (text only), so checking this case is structural only (support, cycles, reachability,\n"
    "# defeaters); no step is proved.\n"
)


def gsn_to_case(text: str, path: str) -> tuple[str | None, list[Finding]]:
    """Translate a gsn2x YAML document into case-language text, and findings for what it could not express.

    `path` names the YAML file: every finding is located in it (lines and columns from 1), and
    its base name names the case. The case is None when a finding's outcome is unreadable (the
    I0xx errors): the file is not a gsn2x diagram that can be imported. Never raises.
    """
    findings: list[Finding] = []
    case = None
    try:
        document = _Reader(text, path, findings).read()
        if document is not None:
            case = _Import(*document, findings).run()
    except RecursionError:  # YAML nested deeper than the composer's recursion allows
        findings.append(finding("I001", Span.point(path, 1, 1), problem="it is nested too deeply"))
    except Exception as error:  # a bug in Warrant, reported as one rather than as a traceback
        findings.append(finding("X002", Span.point(path, 1, 1), stage="importing the GSN diagram",
                                error=f"{type(error).__name__}: {error}"))
    if any(f.rule.outcome is not Outcome.NORMAL for f in findings):
        case = None
    return case, sorted_findings(findings)


# ---- reading the YAML, keeping positions for findings ---------------------------------------------


@dataclass
class _Node:
    id: str
    kind: str | None
    title: str  # normalised text, or the id when the node has none
    has_text: bool
    fields: dict
    yaml: yaml.MappingNode  # the composed node, for the positions of its fields and references
    key: yaml.ScalarNode  # the id as written, where findings about the whole node point
    name: str = ""  # its name in the case, once assigned


class _Loader(yaml.SafeLoader):
    """safe_load's loader, except that a date stays text: GSN has no dates, and gsn2x reads them as text."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)

_FAILED = object()  # what reading a part returns once it has reported why it cannot be read


@dataclass(frozen=True)
class _Locator:
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


class _Reader:
    """The nodes by id, in the YAML's order, and the `module` block if there is one; or findings saying why not."""

    def __init__(self, text: str, path: str, findings: list):
        self.text, self.path, self.findings = text, path, findings
        self.locate = _Locator(path, text)

    def read(self) -> tuple[dict, dict | None, yaml.Node | None, _Locator] | None:
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
        self.findings.append(finding(code, self.locate.span(at), **_one_line_fields(fields)))

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
                if isinstance(value, dict):
                    module, module_node = value, value_node
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
        return None if failed else (nodes, module, module_node, self.locate)

    def construct(self, loader: yaml.SafeLoader, node):
        """The Python value of a YAML node, as safe_load builds it; _FAILED once reported."""
        try:
            return loader.construct_object(node, deep=True)
        except yaml.YAMLError as error:  # e.g. a tag safe_load does not know
            self.findings.append(self.yaml_error(error))
        except (ValueError, TypeError, OverflowError) as error:  # e.g. `!!int x`
            self.report("I001", node, problem=f"cannot build this value ({error})")
        return _FAILED

    def node(self, node_id: str, value, value_node, key_node) -> _Node | None:
        if value is None:
            self.report("I004", key_node, node=node_id, problem="is empty: give it at least `text:`")
            return None
        if not isinstance(value, dict):
            self.report("I004", value_node, node=node_id, problem="must be a mapping with `text:` and its links")
            return None
        text, kind = self.text_of(node_id, value_node), self.kind(node_id, value, value_node)
        if text is _FAILED or kind is _FAILED:
            return None
        return _Node(node_id, kind, text or node_id, bool(text), value, value_node, key_node)

    def text_of(self, node_id: str, value_node):
        """The text as written (a date or `yes` stays as typed); a missing or null text is empty."""
        text_node = _field_value(value_node, "text")
        if text_node is None:
            return ""
        if not isinstance(text_node, yaml.ScalarNode):
            self.report("I004", text_node, node=node_id, problem="has a text that is not a string")
            return _FAILED
        if text_node.tag == "tag:yaml.org,2002:null":
            return ""
        return _one_line(text_node.value)

    def kind(self, node_id: str, value: dict, value_node):
        declared = value.get("nodeType")
        if declared is not None:
            if not isinstance(declared, str) or declared not in _NODE_TYPES:
                known = ", ".join(_NODE_TYPES)
                self.report("I004", _field_value(value_node, "nodeType"), node=node_id,
                            problem=f"has an unknown nodeType {_one_line(str(declared))} (one of {known})")
                return _FAILED
            return _NODE_TYPES[declared]
        return next((kind for prefix, kind in _PREFIXES if node_id.startswith(prefix)), None)

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


def _field_value(mapping_node, name: str):
    """The value node of a field; the last one wins, as it does in the constructed mapping."""
    found = None
    for key_node, value_node in getattr(mapping_node, "value", ()):
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
            found = value_node
    return found


def _field_key(mapping_node, name: str):
    """The key node of a field (the last, as above), or None."""
    found = None
    for key_node, _ in getattr(mapping_node, "value", ()):
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
            found = key_node
    return found


# ---- text and names -------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """Collapse whitespace and line breaks; other control characters become spaces (a string is one line)."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join(text.split())


def _one_line_fields(fields: dict) -> dict:
    """A finding's message is one line, whatever ids the YAML spells with line breaks."""
    return {name: _one_line(value) if isinstance(value, str) else value for name, value in fields.items()}


def _a(kind: str | None) -> str:
    """A node kind with its article, as warnings name it."""
    kind = kind or "node of unknown type"
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@functools.cache
def _reserved() -> frozenset:
    """Every word the grammar spells out, plus the names N104 forbids: none may name a node."""
    return frozenset(re.findall(r'"([A-Za-z_][A-Za-z0-9_]*)"', grammar_text())) | {"old", "changed"}


def _sanitise(raw: str) -> str:
    name = _NOT_NAME.sub("_", raw)
    if not name or name[0].isdigit():
        name = "_" + name
    return name + "_" if name in _reserved() else name


def _base_name(path: str) -> str:
    """The file's own name: the case does not depend on the directory it was imported from."""
    return re.split(r"[\\/]", path)[-1]


def _case_name(path: str) -> str:
    base = _base_name(path)
    for suffix in _SUFFIXES:
        if base.lower().endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    return _sanitise(base) if base else "imported"


# ---- the translation ------------------------------------------------------------------------------


@dataclass
class _Plan:
    """What each node becomes: support, premises, assumptions, targets and the comments above it."""

    by: dict = field(default_factory=dict)  # goal id -> strategy names
    evidence: dict = field(default_factory=dict)  # goal id -> evidence names
    premises: dict = field(default_factory=dict)  # strategy name -> claim names
    given: dict = field(default_factory=dict)  # strategy name -> assumption names
    synthesised: dict = field(default_factory=dict)  # goal id -> strategy name made for its direct subgoals
    against: dict = field(default_factory=dict)  # counter node id -> names it challenges
    notes: dict = field(default_factory=dict)  # node id -> comment lines


class _Import:
    def __init__(self, nodes: dict, module: dict | None, module_node, locate: _Locator, findings: list):
        self.nodes, self.module, self.module_node = nodes, module, module_node
        self.locate, self.source_name = locate, _base_name(locate.path)
        self.findings = findings
        self.plan = _Plan()
        self.taken: set[str] = set()
        self.qualified: set[str] = set()  # contexts and justifications that some node cites

    def run(self) -> str:
        """The case text; its findings are added to the list given (with an error, the case is not used)."""
        self.check_module()
        self.check_fields()
        self.name_nodes()
        for node in self.nodes.values():
            self.plan_node(node)
        self.carry_goal_assumptions()
        return self.render()

    def report(self, code: str, span: Span, **fields) -> None:
        """Report a finding (a warning, or an error that keeps the case from being written)."""
        self.findings.append(finding(code, span, **_one_line_fields(fields)))

    def skip(self, node: _Node, name: str, target: str, reason: str) -> None:
        """A link the case leaves out (I104), at the item of the field that names it."""
        self.report("I104", self.target_span(node, name, target), field=name, target=target, node=node.id,
                    reason=reason)

    # -- where findings point

    def span(self, yaml_node) -> Span:
        return self.locate.span(yaml_node)

    def field_span(self, node: _Node, name: str) -> Span:
        """The value of a field; the node's id if it has no such field."""
        value_node = _field_value(node.yaml, name)
        return self.span(value_node if value_node is not None else node.key)

    def item_span(self, node: _Node, name: str, index: int | None) -> Span:
        """The index-th item of a list field, or the field's value when it is not a list."""
        value_node = _field_value(node.yaml, name)
        if index is not None and isinstance(value_node, yaml.SequenceNode) and index < len(value_node.value):
            return self.span(value_node.value[index])
        return self.field_span(node, name)

    def target_span(self, node: _Node, name: str, target: str) -> Span:
        """The first item of a reference field that names `target`, else the field."""
        value_node = _field_value(node.yaml, name)
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for item in items:
            if isinstance(item, yaml.ScalarNode) and item.value.strip() == target:
                return self.span(item)
        return self.field_span(node, name)

    def note(self, node_id: str, line: str) -> None:
        self.plan.notes.setdefault(node_id, []).append(line)

    # -- modules and fields

    def check_module(self) -> None:
        """Other modules' nodes are not in this file: say so rather than guess at them."""
        if self.module is None:
            return
        uses = self.module.get("uses")
        if uses:
            shown = ", ".join(_one_line(str(u)) for u in (uses if isinstance(uses, list) else [uses]))
            self.report("I106", self.span(_field_value(self.module_node, "uses")), relation="uses", modules=shown,
                        dropped="their nodes")
        extends = self.module.get("extends")
        if extends:
            shown = ", ".join(_one_line(str(e.get("module", e) if isinstance(e, dict) else e))
                              for e in (extends if isinstance(extends, list) else [extends]))
            self.report("I106", self.span(_field_value(self.module_node, "extends")), relation="extends",
                        modules=shown, dropped="the nodes it develops there")

    def check_fields(self) -> None:
        for node in self.nodes.values():
            if node.kind is None:
                self.report("I102", self.span(node.key), node=node.id,
                            reason="its type is unknown (no GSN id prefix or nodeType)")
                continue
            if not node.has_text:
                self.report("I103", self.field_span(node, "text"), node=node.id)
            for key in node.fields:
                if key in _HANDLED or key in _LAYOUT:
                    continue
                written = _field_key(node.yaml, str(key))
                where = self.span(written if written is not None else node.key)
                reason = ("assurance claim points belong to the confidence extension" if key == "acp" else
                          "Warrant has no such field (a gsn2x extension, or a misspelling?)")
                self.report("I101", where, field=_one_line(str(key)), node=node.id, reason=reason)

    # -- names

    def name_nodes(self) -> None:
        named = [n for n in self.nodes.values() if n.kind not in (None, JUSTIFICATION, CONTEXT)]
        # Ids that are already names go first, so a sanitised id never takes a name another node spells out.
        for node in sorted(named, key=lambda n: _sanitise(n.id) != n.id):
            node.name = self.fresh(_sanitise(node.id))
        for node in named:
            if node.name != node.id:
                self.note(node.id, f"# GSN id: {_one_line(node.id)}")
        # Made after every GSN id has its name, so an id always keeps its own name.
        for node in (n for n in self.nodes.values() if n.kind == GOAL):
            if any(self.kind_of(r) == GOAL for r in self.references_quietly(node, "supportedBy")):
                self.plan.synthesised[node.id] = self.fresh(f"S_{node.name}")

    def fresh(self, name: str) -> str:
        candidate, n = name, 2
        while candidate in self.taken:
            candidate, n = f"{name}_{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def kind_of(self, node_id: str) -> str | None:
        return self.nodes[node_id].kind

    def name_of(self, node_id: str) -> str:
        return self.nodes[node_id].name

    # -- references

    def references(self, node: _Node, name: str) -> list[str]:
        """The ids a reference field names, in order, each once; ids not in this file are errors or warnings."""
        raw = node.fields.get(name)
        if raw is None:
            return []
        items = raw if isinstance(raw, list) else [raw]
        found = []
        for index, item in enumerate(items):
            target = self.reference(node, name, item, index if isinstance(raw, list) else None)
            if target is not None and target in found:
                self.report("I104", self.item_span(node, name, index if isinstance(raw, list) else None),
                            field=name, target=target, node=node.id, reason=f"{target} is already named there")
            elif target is not None:
                found.append(target)
        return found

    def reference(self, node: _Node, name: str, item, index: int | None) -> str | None:
        where = self.item_span(node, name, index)
        if not isinstance(item, (str, int)) or isinstance(item, bool):
            self.report("I004", where, node=node.id, problem=f"must name node ids in {name}")
            return None
        target = str(item).strip()
        if target in self.nodes:
            return target
        if self.module is not None:  # a modular file links to nodes that live in other files
            self.report("I105", where, field=name, node=node.id, target=target)
        else:
            self.report("I002", where, field=name, node=node.id, target=target)
        return None

    def challenged(self, node: _Node) -> list[str]:
        """The node ids a counter node challenges; a challenged relation (`A -> B`) cannot be expressed."""
        raw = node.fields.get("challenges")
        items = raw if isinstance(raw, list) else [] if raw is None else [raw]
        targets = []
        for index, item in enumerate(items):
            if isinstance(item, str) and "->" in item:
                ends = [e.strip() for e in item.split("->", 1)]
                for end in ends:
                    self.reference(node, "challenges", end, index if isinstance(raw, list) else None)
                self.report("I104", self.item_span(node, "challenges", index if isinstance(raw, list) else None),
                            field="challenges", target=f"{ends[0]} -> {ends[1]}", node=node.id,
                            reason="a defeater challenges nodes, not the links between them")
                continue
            target = self.reference(node, "challenges", item, index if isinstance(raw, list) else None)
            if target is not None and target not in targets:
                targets.append(target)
        return targets

    # -- planning each node

    def plan_node(self, node: _Node) -> None:
        if node.kind is None:
            return
        if node.kind in _COUNTER:
            self.plan_counter(node)
        elif node.kind in _QUALIFIERS:
            self.plan_qualifier(node)
        else:
            self.plan_support(node)
            self.plan_context(node)
            self.plan_flags(node)
        self.plan_defeated(node)

    def has_support(self, node: _Node) -> bool:
        """Whether any support was imported (links to other modules' nodes were not)."""
        if node.kind == GOAL:
            return bool(self.plan.by.get(node.id) or self.plan.evidence.get(node.id))
        return bool(self.plan.premises.get(node.name))

    def plan_support(self, node: _Node) -> None:
        supports = self.references(node, "supportedBy")
        if node.kind == GOAL:
            self.plan_goal_support(node, supports)
        elif node.kind == STRATEGY:
            self.plan_strategy_support(node, supports)
        else:
            for target in supports:
                self.skip(node, "supportedBy", target, f"{_a(node.kind)} cannot be supported by other nodes")

    def plan_goal_support(self, node: _Node, supports: list[str]) -> None:
        by, evidence, subgoals = [], [], []
        for target in supports:
            kind = self.kind_of(target)
            if kind == STRATEGY:
                by.append(self.name_of(target))
            elif kind == SOLUTION:
                evidence.append(self.name_of(target))
            elif kind == GOAL:
                subgoals.append(self.name_of(target))
                # The made-up strategy stands where the first direct subgoal stood.
                if self.plan.synthesised[node.id] not in by:
                    by.append(self.plan.synthesised[node.id])
            else:
                self.skip(node, "supportedBy", target,
                          f"{target} is {_a(kind)}; a goal is supported by strategies, goals and solutions")
        if subgoals:
            self.plan.premises[self.plan.synthesised[node.id]] = subgoals
        self.plan.by[node.id], self.plan.evidence[node.id] = by, evidence

    def plan_strategy_support(self, node: _Node, supports: list[str]) -> None:
        premises = []
        for target in supports:
            if self.kind_of(target) == GOAL:
                premises.append(self.name_of(target))
            else:
                # A strategy's premises are claims; evidence must hang off a claim.
                self.skip(node, "supportedBy", target,
                          f"{target} is {_a(self.kind_of(target))}; a strategy argues only from goals")
        self.plan.premises[node.name] = premises

    def plan_context(self, node: _Node) -> None:
        for target in self.references(node, "inContextOf"):
            kind = self.kind_of(target)
            if kind in _QUALIFIERS:
                self.qualified.add(target)
                self.note(node.id, f"# {kind} {_one_line(target)}: {self.nodes[target].title}")
            elif kind == ASSUMPTION and node.kind == STRATEGY:
                self.add_given(node.name, self.name_of(target))
            elif kind == ASSUMPTION and node.kind == GOAL:
                pass  # carried to the goal's strategies once every goal's support is known
            else:
                self.skip(node, "inContextOf", target,
                          f"{target} is {_a(kind)}, which the case cannot attach to {_a(node.kind)}")

    def plan_flags(self, node: _Node) -> None:
        if node.kind not in (GOAL, STRATEGY):
            return
        supported = self.has_support(node)
        if node.fields.get("undeveloped") is True and supported:
            self.report("I107", self.field_span(node, "undeveloped"), node=node.id)
        elif not supported and node.fields.get("supportedBy"):
            self.note(node.id, "# its GSN support could not be imported (see the import's warnings)")
        elif not supported:
            # No support is imported, so the checker reports the gap (G102 for a claim).
            self.note(node.id, "# undeveloped in the GSN diagram")
        if node.fields.get("url") is not None:
            self.note(node.id, f"# url: {_one_line(str(node.fields['url']))}")

    def plan_defeated(self, node: _Node) -> None:
        if node.fields.get("defeated") is True:
            self.note(node.id, "# marked defeated in the GSN diagram")
        for target in self.references(node, "defeatedRelation"):
            self.skip(node, "defeatedRelation", target, "the case language cannot mark a link as defeated")

    def plan_qualifier(self, node: _Node) -> None:
        for name in ("supportedBy", "inContextOf"):
            for target in self.references(node, name):
                self.skip(node, name, target, f"{_a(node.kind)} has no {name} in GSN")

    def plan_counter(self, node: _Node) -> None:
        self.plan_context(node)
        targets = []
        for target in self.challenged(node):
            kind = self.kind_of(target)
            if kind in (GOAL, STRATEGY, SOLUTION, ASSUMPTION):
                targets.append(self.name_of(target))
            else:
                self.skip(node, "challenges", target, f"{target} is {_a(kind)}, which a defeater cannot name")
        support = self.references(node, "supportedBy")
        if support:
            # The case language has defeaters but no counter-arguments: keep the structure readable.
            self.note(node.id, f"# supported in the GSN diagram by {', '.join(map(_one_line, support))}")
        if targets:
            self.plan.against[node.id] = targets
        else:
            self.report("I102", self.span(node.key), node=node.id,
                        reason=f"it is {_a(node.kind)} that challenges nothing the case can name (kept as a comment)")

    def add_given(self, strategy: str, assumption: str) -> None:
        given = self.plan.given.setdefault(strategy, [])
        if assumption not in given:
            given.append(assumption)

    def carry_goal_assumptions(self) -> None:
        """A goal's assumption becomes a premise of the strategies that argue for it: there `given` means it."""
        for node in self.nodes.values():
            if node.kind != GOAL:
                continue
            for target in self.references_quietly(node, "inContextOf"):
                if self.kind_of(target) == ASSUMPTION:
                    self.carry(node, target)

    def carry(self, goal: _Node, assumption: str) -> None:
        strategies = self.plan.by.get(goal.id, [])
        for strategy in strategies:
            self.add_given(strategy, self.name_of(assumption))
        if strategies:
            self.note(goal.id, f"# assumes {_one_line(assumption)}, given to {', '.join(strategies)}")
        else:
            self.note(goal.id, f"# assumes {_one_line(assumption)}, but has no strategy to give it to")
            self.report("I108", self.target_span(goal, "inContextOf", assumption), assumption=assumption,
                        goal=goal.id)

    def references_quietly(self, node: _Node, name: str) -> list[str]:
        """The same references again, without repeating their warnings."""
        count = len(self.findings)
        found = self.references(node, name)
        del self.findings[count:]
        return found

    # -- rendering

    def render(self) -> str:
        blocks = [self.header()] + self.module_notes()
        for node in self.nodes.values():
            block = self.render_node(node)
            if block:
                blocks.append(block)
        return "\n".join(blocks) + "\n" + FINAL_COMMENT

    def header(self) -> str:
        return (f"case {_case_name(self.source_name)} {_quote(self.title())}\n"
                f'  version "imported"\n'
                f"  author {_quote(_one_line('GSN import of ' + self.source_name))}\n")

    def title(self) -> str:
        """The top goal's text: the first goal that nothing supports (else the first goal, else the module)."""
        supported = {t for n in self.nodes.values() if n.kind in (GOAL, STRATEGY)
                     for t in self.references_quietly(n, "supportedBy")}
        goals = [n for n in self.nodes.values() if n.kind == GOAL]
        top = next((g for g in goals if g.id not in supported), goals[0] if goals else None)
        if top is not None:
            return top.title
        module = self.module or {}
        fallback = module.get("brief") or module.get("name") or self.source_name
        return _one_line(str(fallback)) or "Imported GSN diagram"

    def module_notes(self) -> list[str]:
        if self.module is None:
            return []
        lines = [f"# gsn2x module {_one_line(str(self.module.get('name', '')))}".rstrip()]
        if self.module.get("brief"):
            lines.append(f"# {_one_line(str(self.module['brief']))}")
        return ["\n".join(lines) + "\n"]

    def render_node(self, node: _Node) -> str:
        render = {GOAL: self.render_goal, STRATEGY: self.render_strategy, SOLUTION: self.render_solution,
                  ASSUMPTION: self.render_assumption}.get(node.kind)
        if render is not None:
            lines = render(node)
        elif node.kind in _COUNTER:
            lines = self.render_counter(node)
        elif node.kind in _QUALIFIERS and node.id not in self.qualified:
            lines = [f"# {node.kind} {_one_line(node.id)}, attached to no node: {node.title}"]
        elif node.kind is None:
            lines = [f"# {_one_line(node.id)} (not imported, unknown node type): {node.title}"]
        else:
            return ""  # a cited context or justification already stands next to the nodes it qualifies
        return "\n".join(self.plan.notes.get(node.id, []) + lines) + "\n"

    def render_goal(self, node: _Node) -> list[str]:
        lines = [f"claim {node.name} {_quote(node.title)}"]
        if self.plan.by.get(node.id):
            lines.append(f"  by {', '.join(self.plan.by[node.id])}")
        if self.plan.evidence.get(node.id):
            lines.append(f"  evidence {', '.join(self.plan.evidence[node.id])}")  # must follow its claim
        made = self.plan.synthesised.get(node.id)
        if made is not None:
            title = _quote(f"Decomposition of {node.name}")
            lines += ["", f"# made by the import: {node.name} is supported directly by goals",
                      f"strategy {made} {title}{self.premise_text(made)}"]
        return lines

    def render_strategy(self, node: _Node) -> list[str]:
        return [f"strategy {node.name} {_quote(node.title)}{self.premise_text(node.name)}"]

    def premise_text(self, strategy: str) -> str:
        parts = []
        if self.plan.premises.get(strategy):
            parts.append(f"from {', '.join(self.plan.premises[strategy])}")
        if self.plan.given.get(strategy):
            parts.append(f"given {', '.join(self.plan.given[strategy])}")
        return ": " + " ".join(parts) if parts else ""

    def render_solution(self, node: _Node) -> list[str]:
        return [f"evidence {node.name} {_quote(node.title)} {{ }}"]

    def render_assumption(self, node: _Node) -> list[str]:
        return [f"assume {node.name} {_quote(node.title)}"]

    def render_counter(self, node: _Node) -> list[str]:
        targets = self.plan.against.get(node.id)
        if not targets:
            return [f"# {node.kind} {_one_line(node.id)} (not imported): {node.title}"]
        return [f"defeater {node.name} {_quote(node.title)} against {', '.join(targets)} status open"]
