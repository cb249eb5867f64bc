"""Import a gsn2x YAML diagram (Goal Structuring Notation) as an informal Warrant case that checks structurally."""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

import yaml

from ..syntax.parser import grammar_text

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


class GsnError(Exception):
    """Input that is not a gsn2x document; `line` and `column` are 1-based, or None when unknown."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return f"line {self.line}, column {self.column}: {self.message}"


def gsn_to_case(text: str, source_name: str) -> tuple[str, list[str]]:
    """Translate a gsn2x YAML document into case-language text, and warnings for what it could not express.

    Raises GsnError (never another exception) for input that is not a gsn2x document.
    """
    try:
        nodes, module = _read_document(text)
        return _Import(nodes, module, source_name).run()
    except RecursionError:  # YAML nested deeper than the composer's recursion allows
        raise GsnError("the YAML is nested too deeply to read") from None


# ---- reading the YAML, keeping positions for error messages ---------------------------------------


@dataclass
class _Node:
    id: str
    kind: str | None
    title: str  # normalised text, or the id when the node has none
    has_text: bool
    fields: dict
    yaml: yaml.MappingNode  # the composed node, for the positions of its references
    name: str = ""  # its name in the case, once assigned


class _Loader(yaml.SafeLoader):
    """safe_load's loader, except that a date stays text: GSN has no dates, and gsn2x reads them as text."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def _read_document(text: str) -> tuple[dict, dict | None]:
    """The nodes by id, in the YAML's order, and the `module` block if there is one."""
    loader = None
    try:
        loader = _Loader(text)  # already rejects characters YAML forbids
        root = loader.get_single_node()
        if root is None:
            raise GsnError("the document is empty: a gsn2x document maps node ids to nodes", 1, 1)
        if not isinstance(root, yaml.MappingNode):
            raise GsnError("a gsn2x document is a mapping from node ids to nodes", *_position(root))
        loader.flatten_mapping(root)  # resolves `<<:` merge keys the way safe_load would
        return _nodes_of(loader, root)
    except yaml.YAMLError as error:
        raise _yaml_error(error, text) from None
    finally:
        if loader is not None:
            loader.dispose()


def _construct(loader: yaml.SafeLoader, node):
    """The Python value of a YAML node, as safe_load builds it."""
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, TypeError, OverflowError) as error:  # e.g. `2024-02-30` read as a date, `!!int x`
        raise GsnError(f"cannot read this value: {error}", *_position(node)) from None


def _nodes_of(loader: yaml.SafeLoader, root: yaml.MappingNode) -> tuple[dict, dict | None]:
    nodes, module = {}, None
    for key_node, value_node in root.value:
        if not isinstance(key_node, yaml.ScalarNode) or not key_node.value.strip():
            raise GsnError("a node id must be a plain word such as G1", *_position(key_node))
        node_id = key_node.value  # as written: `010:` stays 010, not the number 8
        if node_id in nodes or (node_id == "module" and module is not None):
            raise GsnError(f"node {node_id} is defined twice", *_position(key_node))
        value = _construct(loader, value_node)
        if node_id == "module":
            if not isinstance(value, dict):
                raise GsnError("the module block must be a mapping (name, brief, uses, ...)",
                               *_position(value_node))
            module = value
            continue
        nodes[node_id] = _node(node_id, value, value_node, key_node)
    return nodes, module


def _node(node_id: str, value, value_node, key_node) -> _Node:
    if value is None:
        raise GsnError(f"node {node_id} is empty: give it at least `text:`", *_position(key_node))
    if not isinstance(value, dict):
        raise GsnError(f"node {node_id} must be a mapping with `text:` and its links", *_position(value_node))
    text = _text_of(node_id, value_node)
    return _Node(node_id, _kind(node_id, value, value_node), text or node_id, bool(text), value, value_node)


def _text_of(node_id: str, value_node) -> str:
    """The text as written (a date or `yes` stays as typed); a missing or null text is empty."""
    text_node = _field_value(value_node, "text")
    if text_node is None:
        return ""
    if not isinstance(text_node, yaml.ScalarNode):
        raise GsnError(f"the text of node {node_id} must be a string", *_position(text_node))
    if text_node.tag == "tag:yaml.org,2002:null":
        return ""
    return _one_line(text_node.value)


def _kind(node_id: str, value: dict, value_node) -> str | None:
    declared = value.get("nodeType")
    if declared is not None:
        if not isinstance(declared, str) or declared not in _NODE_TYPES:
            known = ", ".join(_NODE_TYPES)
            raise GsnError(f"node {node_id} has an unknown nodeType {_one_line(str(declared))} (one of {known})",
                           *_field_position(value_node, "nodeType"))
        return _NODE_TYPES[declared]
    return next((kind for prefix, kind in _PREFIXES if node_id.startswith(prefix)), None)


def _yaml_error(error: yaml.YAMLError, text: str) -> GsnError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or getattr(error, "reason", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None)
    if context and problem.startswith("but "):  # "expected a single document ..., but found another"
        problem = f"{context}, {problem}"
    if mark is not None:
        return GsnError(f"not YAML: {problem}", mark.line + 1, mark.column + 1)
    position = getattr(error, "position", None)  # a ReaderError (a character YAML forbids) has only an offset
    if isinstance(position, int):
        line = text.count("\n", 0, position) + 1
        return GsnError(f"not YAML: {problem}", line, position - (text.rfind("\n", 0, position) + 1) + 1)
    return GsnError(f"not YAML: {problem}")


def _position(node) -> tuple[int | None, int | None]:
    mark = getattr(node, "start_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _field_value(mapping_node, name: str):
    """The value node of a field; the last one wins, as it does in the constructed mapping."""
    found = None
    for key_node, value_node in getattr(mapping_node, "value", ()):
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
            found = value_node
    return found


def _field_position(mapping_node, name: str) -> tuple[int | None, int | None]:
    value_node = _field_value(mapping_node, name)
    return _position(value_node if value_node is not None else mapping_node)


def _item_position(mapping_node, name: str, index: int) -> tuple[int | None, int | None]:
    value_node = _field_value(mapping_node, name)
    if isinstance(value_node, yaml.SequenceNode) and index < len(value_node.value):
        return _position(value_node.value[index])
    return _position(value_node if value_node is not None else mapping_node)


# ---- text and names -------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """Collapse whitespace and line breaks; other control characters become spaces (a string is one line)."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join(text.split())


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


def _case_name(source_name: str) -> str:
    base = re.split(r"[\\/]", source_name)[-1]
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
    def __init__(self, nodes: dict, module: dict | None, source_name: str):
        self.nodes, self.module, self.source_name = nodes, module, source_name
        self.warnings: list[str] = []
        self.plan = _Plan()
        self.taken: set[str] = set()
        self.qualified: set[str] = set()  # contexts and justifications that some node cites

    def run(self) -> tuple[str, list[str]]:
        self.check_module()
        self.check_fields()
        self.name_nodes()
        for node in self.nodes.values():
            self.plan_node(node)
        self.carry_goal_assumptions()
        return self.render(), self.warnings

    def warn(self, node_id: str, message: str) -> None:
        self.warnings.append(f"{node_id}: {message}")

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
            self.warn("module", f"uses other modules ({shown}); their nodes are not imported")
        extends = self.module.get("extends")
        if extends:
            shown = ", ".join(_one_line(str(e.get("module", e) if isinstance(e, dict) else e))
                              for e in (extends if isinstance(extends, list) else [extends]))
            self.warn("module", f"extends other modules ({shown}); the nodes it develops there are not imported")

    def check_fields(self) -> None:
        for node in self.nodes.values():
            if node.kind is None:
                self.warn(node.id, "unknown node type (no GSN id prefix or nodeType); not imported")
                continue
            if not node.has_text:
                self.warn(node.id, "has no text; its id is used as its title")
            if "acp" in node.fields:
                self.warn(node.id, "assurance claim points (acp, confidence extension) are not imported")
            for extra in sorted(_one_line(str(k)) for k in node.fields if k not in _HANDLED | _LAYOUT | {"acp"}):
                self.warn(node.id, f"field `{extra}` (a gsn2x extension) is not imported")

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
                self.warn(node.id, f"names {target} twice in {name}; counted once")
            elif target is not None:
                found.append(target)
        return found

    def reference(self, node: _Node, name: str, item, index: int | None) -> str | None:
        where = _item_position(node.yaml, name, index) if index is not None else _field_position(node.yaml, name)
        if not isinstance(item, (str, int)) or isinstance(item, bool):
            raise GsnError(f"{name} of node {node.id} must name node ids", *where)
        target = str(item).strip()
        if target in self.nodes:
            return target
        if self.module is not None:  # a modular file links to nodes that live in other files
            self.warn(node.id, f"{name} names {target}, which is not in this file (another module?); skipped")
            return None
        raise GsnError(f"{name} of node {node.id} names {target}, which is not a node in this file", *where)

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
                self.warn(node.id, f"challenges the relation {ends[0]} -> {ends[1]}, which a defeater cannot "
                                   "name; skipped")
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
        elif supports:
            self.warn(node.id, f"a {node.kind} cannot be supported by other nodes; supportedBy skipped")

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
                self.warn(node.id, f"supportedBy {target}, a {kind or 'node of unknown type'}; skipped")
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
                self.warn(node.id, f"supportedBy {target}, a {self.kind_of(target) or 'node of unknown type'}; "
                                   "a strategy argues only from goals; skipped")
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
                self.warn(node.id, f"inContextOf {target}, a {kind or 'node of unknown type'}; skipped")

    def plan_flags(self, node: _Node) -> None:
        if node.kind not in (GOAL, STRATEGY):
            return
        supported = self.has_support(node)
        if node.fields.get("undeveloped") is True and supported:
            self.warn(node.id, "is marked undeveloped but has support; the support is imported")
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
            self.warn(node.id, f"marks its relation with {target} as defeated, which the case language cannot "
                               "express; skipped")

    def plan_qualifier(self, node: _Node) -> None:
        for name in ("supportedBy", "inContextOf"):
            if self.references(node, name):
                self.warn(node.id, f"a {node.kind} has no {name} in GSN; skipped")

    def plan_counter(self, node: _Node) -> None:
        self.plan_context(node)
        targets = []
        for target in self.challenged(node):
            kind = self.kind_of(target)
            if kind in (GOAL, STRATEGY, SOLUTION, ASSUMPTION):
                targets.append(self.name_of(target))
            else:
                self.warn(node.id, f"challenges {target}, a {kind or 'node of unknown type'}, which a defeater "
                                   "cannot name; skipped")
        support = self.references(node, "supportedBy")
        if support:
            # The case language has defeaters but no counter-arguments: keep the structure readable.
            self.note(node.id, f"# supported in the GSN diagram by {', '.join(map(_one_line, support))}")
        if targets:
            self.plan.against[node.id] = targets
        else:
            self.warn(node.id, f"a {node.kind} that challenges nothing the case can name; kept as a comment")

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
            self.warn(assumption, f"assumption of goal {goal.id}, which has no strategy to carry it; "
                                  "declared but used by no step")

    def references_quietly(self, node: _Node, name: str) -> list[str]:
        """The same references again, without repeating their warnings."""
        count = len(self.warnings)
        found = self.references(node, name)
        del self.warnings[count:]
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
