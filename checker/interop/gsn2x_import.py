"""The translation of a read gsn2x diagram into case-language text: a plan for each node, then the text.

Goals become claims, strategies strategies, solutions evidence, assumptions assumptions
(`given` to the strategies they are in context of), counter goals and counter solutions
that challenge a node defeaters; contexts, justifications, assurance claim points and
extra keys become comments beside the nodes that carry them. `warrant-` keys (written
by `warrant export-gsn`) give back formulas, evidence fields and defeater statuses.
Whatever the case cannot say is a located warning (I1xx); a diagram gsn2x would reject
is a located error (I0xx), and then no case is written.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from ..findings.finding import finding
from ..syntax.source import Span
from . import gsn2x_warrant as w
from .gsn2x_yaml import (ASSUMPTION, CONTEXT, COUNTER, GOAL, HANDLED, JUSTIFICATION, LAYOUT, QUALIFIERS, SOLUTION,
                         STRATEGY, Node, article, case_name, base_name, field_key, field_value, one_line,
                         one_line_fields, quote, sanitise)

FINAL_COMMENT = (
    "# Imported from a GSN diagram: every claim, strategy and assumption above is informal\n"
    "# (text only), so checking this case is structural only (support, cycles, reachability,\n"
    "# defeaters); no step is proved.\n"
)
# What a module block may hold and the import reads (or, for layout, needs not read).
_MODULE_FIELDS = frozenset({"name", "brief", "uses", "extends", "stylesheets", "horizontalIndex", "rankIncrement",
                            "charWrap"})
FORMAL_COMMENT = (
    "# Imported from a GSN diagram that carries Warrant's fields (warrant-formula and the\n"
    "# others): formulas, evidence and defeater statuses come from them.\n"
)


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


class Import:
    """One diagram (the nodes of every file read, merged) translated into case text; findings go to the list given."""

    def __init__(self, diagram, findings: list):
        self.diagram, self.nodes, self.findings = diagram, diagram.nodes, findings
        self.entry = diagram.documents[0]
        self.source_name = base_name(self.entry.path)
        self.documents = {document.path: document for document in diagram.documents}
        self.plan = _Plan()
        self.taken: set[str] = set()
        self.qualified: set[str] = set()  # contexts and justifications that some node cites
        self.formal = False  # whether any warrant- field gave the case a formula

    def run(self) -> str:
        """The case text; its findings are added to the list given (with an error, the case is not used)."""
        self.check_modules()
        self.develop()
        self.check_fields()
        self.name_nodes()
        for node in self.nodes.values():
            self.plan_node(node)
        self.carry_goal_assumptions()
        self.check_roots()
        return self.render()

    def report(self, code: str, span: Span, **fields) -> None:
        """Report a finding (a warning, or an error that keeps the case from being written)."""
        self.findings.append(finding(code, span, **one_line_fields(fields)))

    def skip(self, node: Node, name: str, target: str, reason: str) -> None:
        """A link the case leaves out (I104), at the item of the field that names it."""
        self.report("I104", self.target_span(node, name, target), field=name, target=target, node=node.id,
                    reason=reason)

    # -- where findings point

    def span(self, yaml_node, owner) -> Span:
        """Where a composed YAML node stands, in the file of `owner` (a node or a document)."""
        return owner.locate.span(yaml_node)

    def field_span(self, node: Node, name: str) -> Span:
        """The value of a field; the node's id if it has no such field."""
        value_node = field_value(node.yaml, name)
        return self.span(value_node if value_node is not None else node.key, node)

    def item_span(self, node: Node, name: str, index: int | None) -> Span:
        """The index-th item of a list field, or the field's value when it is not a list."""
        value_node = field_value(node.yaml, name)
        if index is not None and isinstance(value_node, yaml.SequenceNode) and index < len(value_node.value):
            return self.span(value_node.value[index], node)
        return self.field_span(node, name)

    def target_span(self, node: Node, name: str, target: str) -> Span:
        """The first item of a reference field that names `target`, else the field."""
        value_node = field_value(node.yaml, name)
        items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for item in items:
            if isinstance(item, yaml.ScalarNode) and item.value.strip() == target:
                return self.span(item, node)
        return self.field_span(node, name)

    def note(self, node_id: str, line: str) -> None:
        self.plan.notes.setdefault(node_id, []).append(line)

    # -- modules and fields

    def check_modules(self) -> None:
        """Reading one module alone (--partial), other modules' nodes are not there: say so rather than guess."""
        if not self.diagram.partial:
            return  # the files used were read, and extensions applied, when the diagram was loaded
        for document in self.diagram.documents:
            module = document.module or {}
            uses = module.get("uses")
            if uses:
                shown = ", ".join(one_line(str(u)) for u in (uses if isinstance(uses, list) else [uses]))
                self.report("I106", self.span(field_value(document.module_node, "uses"), document), relation="uses",
                            modules=shown, dropped="their nodes")
            extends = module.get("extends")
            if extends:
                shown = ", ".join(one_line(str(e.get("module", e) if isinstance(e, dict) else e))
                                  for e in (extends if isinstance(extends, list) else [extends]))
                self.report("I106", self.span(field_value(document.module_node, "extends"), document),
                            relation="extends", modules=shown, dropped="the nodes it develops there")

    def develop(self) -> None:
        """A goal another module develops (`extends`) is supported by the goals it names, as gsn2x draws it."""
        for goal_id, (module, local_ids) in self.diagram.developed.items():
            node = self.nodes[goal_id]
            node.fields = {**{k: v for k, v in node.fields.items() if k != "undeveloped"}, "supportedBy": local_ids}
            self.note(goal_id, f"# developed by module {one_line(module)}: {', '.join(map(one_line, local_ids))}")

    def check_fields(self) -> None:
        for node in self.nodes.values():
            if node.kind is None:
                self.report("I102", self.span(node.key, node), node=node.id,
                            reason="its type is unknown (no GSN id prefix or nodeType)")
                continue
            if not node.has_text:
                self.report("I103", self.field_span(node, "text"), node=node.id)
            for key in node.fields:
                if key in HANDLED or key in LAYOUT or str(key) in w.NODE_KEYS:
                    continue
                self.keep_as_comment(node, key)

    def keep_as_comment(self, node: Node, key) -> None:
        """An extra key (an assurance claim point, a layer) stays beside the node as a comment, and is named."""
        written = field_key(node.yaml, str(key))
        value = field_value(node.yaml, str(key))
        shown = one_line(node.locate.text[value.start_mark.index:value.end_mark.index]) if value is not None else ""
        self.note(node.id, f"# {one_line(str(key))}: {shown}".rstrip())
        reason = ("assurance claim points belong to the confidence extension" if key == "acp" else
                  "Warrant has no such field (a gsn2x extension such as a layer, or a misspelling?)")
        self.report("I101", self.span(written if written is not None else node.key, node),
                    field=one_line(str(key)), node=node.id, reason=reason)

    # -- names

    def name_nodes(self) -> None:
        named = [n for n in self.nodes.values() if n.kind not in (None, JUSTIFICATION, CONTEXT)]
        # Ids that are already names go first, so a sanitised id never takes a name another node spells out.
        for node in sorted(named, key=lambda n: sanitise(n.id) != n.id):
            node.name = self.fresh(sanitise(node.id))
        for node in named:
            if node.name != node.id:
                self.note(node.id, f"# GSN id: {one_line(node.id)}")
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

    def references(self, node: Node, name: str) -> list[str]:
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

    def reference(self, node: Node, name: str, item, index: int | None) -> str | None:
        where = self.item_span(node, name, index)
        if not isinstance(item, (str, int)) or isinstance(item, bool):
            self.report("I004", where, node=node.id, problem=f"must name node ids in {name}")
            return None
        target = str(item).strip()
        if target in self.nodes:
            return target
        if self.diagram.partial and self.documents[node.locate.path].module is not None:
            # One module read alone: its links may point into modules that were not read.
            self.report("I105", where, field=name, node=node.id, target=target)
        else:
            self.report("I002", where, field=name, node=node.id, target=target)
        return None

    def challenged(self, node: Node) -> list[str]:
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

    def plan_node(self, node: Node) -> None:
        if node.kind is None:
            return
        if node.fields.get("url") is not None and node.kind != SOLUTION:  # a solution's url is its source
            self.note(node.id, f"# url: {one_line(str(node.fields['url']))}")
        if node.kind in COUNTER:
            self.plan_counter(node)
        elif node.kind in QUALIFIERS:
            self.plan_qualifier(node)
        else:
            self.plan_support(node)
            self.plan_context(node)
            self.plan_flags(node)
        if node.kind not in COUNTER and node.fields.get("challenges") is not None:
            for target in self.challenged(node):  # gsn2x's V12: only counter nodes challenge
                self.skip(node, "challenges", target, f"{article(node.kind)} cannot challenge; only counter goals "
                          "and counter solutions do")
        self.plan_defeated(node)

    def has_support(self, node: Node) -> bool:
        """Whether any support was imported (links to other modules' nodes were not)."""
        if node.kind == GOAL:
            return bool(self.plan.by.get(node.id) or self.plan.evidence.get(node.id))
        return bool(self.plan.premises.get(node.name))

    def plan_support(self, node: Node) -> None:
        supports = self.references(node, "supportedBy")
        if node.kind == GOAL:
            self.plan_goal_support(node, supports)
        elif node.kind == STRATEGY:
            self.plan_strategy_support(node, supports)
        else:
            for target in supports:
                self.skip(node, "supportedBy", target, f"{article(node.kind)} cannot be supported by other nodes")

    def plan_goal_support(self, node: Node, supports: list[str]) -> None:
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
                          f"{target} is {article(kind)}; a goal is supported by strategies, goals and solutions")
        if subgoals:
            self.plan.premises[self.plan.synthesised[node.id]] = subgoals
        self.plan.by[node.id], self.plan.evidence[node.id] = by, evidence

    def plan_strategy_support(self, node: Node, supports: list[str]) -> None:
        premises = []
        for target in supports:
            if self.kind_of(target) == GOAL:
                premises.append(self.name_of(target))
            else:
                # A strategy's premises are claims; evidence must hang off a claim.
                self.skip(node, "supportedBy", target,
                          f"{target} is {article(self.kind_of(target))}; a strategy argues only from goals")
        self.plan.premises[node.name] = premises

    def plan_context(self, node: Node) -> None:
        for target in self.references(node, "inContextOf"):
            kind = self.kind_of(target)
            if kind in QUALIFIERS:
                self.qualified.add(target)
                self.note(node.id, f"# {kind} {one_line(target)}: {self.nodes[target].title}")
            elif kind == ASSUMPTION and node.kind == STRATEGY:
                self.add_given(node.name, self.name_of(target))
            elif kind == ASSUMPTION and node.kind == GOAL:
                pass  # carried to the goal's strategies once every goal's support is known
            else:
                self.skip(node, "inContextOf", target,
                          f"{target} is {article(kind)}, which the case cannot attach to {article(node.kind)}")

    def plan_flags(self, node: Node) -> None:
        if node.kind not in (GOAL, STRATEGY):
            return
        supported = self.has_support(node)
        if node.fields.get("undeveloped") is True and supported:
            self.report("I107", self.field_span(node, "undeveloped"), node=node.id)
        elif not supported and node.fields.get("supportedBy"):
            self.note(node.id, "# its GSN support could not be imported (see the import's warnings)")
        elif not supported and node.fields.get("undeveloped") is True:
            # No support is imported, so the checker reports the gap (G102 for a claim).
            self.note(node.id, "# undeveloped in the GSN diagram")
        elif not supported:
            self.note(node.id, "# without support in the GSN diagram, and not marked undeveloped")
            self.report("I109", self.span(node.key, node), node=node.id, kind=node.kind)

    def plan_defeated(self, node: Node) -> None:
        if node.fields.get("defeated") is True:
            self.note(node.id, "# marked defeated in the GSN diagram")
        for target in self.references(node, "defeatedRelation"):
            self.skip(node, "defeatedRelation", target, "the case language cannot mark a link as defeated")

    def plan_qualifier(self, node: Node) -> None:
        for name in ("supportedBy", "inContextOf"):
            for target in self.references(node, name):
                self.skip(node, name, target, f"{article(node.kind)} has no {name} in GSN")

    def plan_counter(self, node: Node) -> None:
        self.plan_context(node)
        targets = []
        for target in self.challenged(node):
            kind = self.kind_of(target)
            if kind in (GOAL, STRATEGY, SOLUTION, ASSUMPTION):
                targets.append(self.name_of(target))
            else:
                self.skip(node, "challenges", target, f"{target} is {article(kind)}, which a defeater cannot name")
        support = self.references(node, "supportedBy")
        if support:
            # The case language has defeaters but no counter-arguments: keep the structure readable.
            self.note(node.id, f"# supported in the GSN diagram by {', '.join(map(one_line, support))}")
        if targets:
            self.plan.against[node.id] = targets
        else:
            self.report("I102", self.span(node.key, node), node=node.id,
                        reason=f"it is {article(node.kind)} that challenges nothing the case can name (kept as a comment)")

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

    def carry(self, goal: Node, assumption: str) -> None:
        strategies = self.plan.by.get(goal.id, [])
        for strategy in strategies:
            self.add_given(strategy, self.name_of(assumption))
        if strategies:
            self.note(goal.id, f"# assumes {one_line(assumption)}, given to {', '.join(strategies)}")
        else:
            self.note(goal.id, f"# assumes {one_line(assumption)}, but has no strategy to give it to")
            self.report("I108", self.target_span(goal, "inContextOf", assumption), assumption=assumption,
                        goal=goal.id)

    def references_quietly(self, node: Node, name: str) -> list[str]:
        """The same references again, without repeating their warnings."""
        count = len(self.findings)
        found = self.references(node, name)
        del self.findings[count:]
        return found

    # -- gsn2x's rule for the top of the diagram

    def check_roots(self) -> None:
        """gsn2x wants one node that nothing references (challengers excluded), and it must be a goal.

        Several such nodes are its warning C01; none, or a single one that is not a goal,
        its errors C01 and C02. They are judged on the diagram as written.
        """
        referenced = set()
        for node in self.nodes.values():
            for name in ("supportedBy", "inContextOf"):
                referenced.update(self.references_quietly(node, name))
        roots = [node for node in self.nodes.values() if node.id not in referenced and "challenges" not in node.fields]
        if len(roots) > 1:
            names = ", ".join(one_line(node.id) for node in roots)
            self.report("I110", self.span(roots[1].key, roots[1]), count=len(roots), names=names)
        elif not roots and self.nodes:
            first = next(iter(self.nodes.values()))
            self.report("I011", self.span(first.key, first), problem="every node is referenced by another "
                        "(support in a circle?)")
        elif roots and roots[0].kind != GOAL:
            self.report("I011", self.span(roots[0].key, roots[0]),
                        problem=f"its only top node {one_line(roots[0].id)} is {article(roots[0].kind)}, not a goal")

    # -- warrant- fields

    def warrant(self, node, key: str, read, *args):
        """A warrant- field read and checked by `read`; None (and the error I006 at its value) when it is invalid."""
        try:
            return read(*args)
        except w.Invalid as problem:
            owner_yaml = node.yaml if isinstance(node, Node) else node.module_node
            value = field_value(owner_yaml, problem.key)
            owner = f"node {one_line(node.id)}" if isinstance(node, Node) else f"module {one_line(node.module_name)}"
            self.report("I006", self.span(value if value is not None else owner_yaml, node),
                        field=problem.key, owner=owner, problem=str(problem))
            return None

    def module_field(self, key: str, read):
        module = self.entry.module or {}
        if module.get(key) is None:
            return None
        return self.warrant(self.entry, key, read, module[key], key)

    # -- rendering

    def render(self) -> str:
        blocks = [self.header()] + self.module_notes()
        declarations = self.module_field(w.DECLARATIONS, w.declarations)
        if declarations:
            blocks.append("# declarations carried in the diagram's warrant-declarations\n" + declarations)
        for node in self.nodes.values():
            block = self.render_node(node)
            if block:
                blocks.append(block)
        return "\n".join(blocks) + "\n" + (FORMAL_COMMENT if self.formal or declarations else FINAL_COMMENT)

    def header(self) -> str:
        name = self.module_field(w.CASE, w.name) or case_name(self.source_name)
        title = self.module_field(w.TITLE, w.text) or self.title()
        version = self.module_field(w.VERSION, w.text)
        author = self.module_field(w.AUTHOR, w.text)
        lines = [f"case {name} {w.quote(title)}"]
        exported = (self.entry.module or {}).get(w.CASE) is not None  # a case's own header says it all
        if version is not None or not exported:
            lines.append(f"  version {w.quote(version)}" if version is not None else '  version "imported"')
        if author is not None or not exported:
            lines.append(f"  author {w.quote(author if author is not None else 'GSN import of ' + self.source_name)}")
        return "\n".join(lines) + "\n"

    def title(self) -> str:
        """The top goal's text: the first goal that nothing supports (else the first goal, else the module)."""
        supported = {t for n in self.nodes.values() if n.kind in (GOAL, STRATEGY)
                     for t in self.references_quietly(n, "supportedBy")}
        goals = [n for n in self.nodes.values() if n.kind == GOAL]
        top = next((g for g in goals if g.id not in supported), goals[0] if goals else None)
        if top is not None:
            return top.title
        module = self.entry.module or {}
        fallback = module.get("brief") or module.get("name") or self.source_name
        return one_line(str(fallback)) or "Imported GSN diagram"

    def module_notes(self) -> list[str]:
        notes = []
        for document in self.diagram.documents:
            if document.module is None:
                continue
            lines = [f"# gsn2x module {one_line(str(document.module.get('name', '')))}".rstrip()]
            if document.module.get("brief"):
                lines.append(f"# {one_line(str(document.module['brief']))}")
            if len(self.diagram.documents) > 1:
                lines.append(f"# from {one_line(base_name(document.path))}")
            lines += self.module_extras(document)
            notes.append("\n".join(lines) + "\n")
        return notes

    def module_extras(self, document) -> list[str]:
        """Extra keys of a module block (gsn2x's additional information) stay as comments, and are named."""
        lines = []
        for key in document.module:
            if str(key) in _MODULE_FIELDS or str(key) in w.MODULE_KEYS:
                continue
            written, value = field_key(document.module_node, str(key)), field_value(document.module_node, str(key))
            shown = one_line(document.locate.text[value.start_mark.index:value.end_mark.index]) if value else ""
            lines.append(f"# {one_line(str(key))}: {shown}".rstrip())
            self.report("I101", self.span(written if written is not None else document.module_node, document),
                        field=one_line(str(key)), node="module",
                        reason="module information beyond name and brief has no place in a case")
        return lines

    def render_node(self, node: Node) -> str:
        render = {GOAL: self.render_goal, STRATEGY: self.render_strategy, SOLUTION: self.render_solution,
                  ASSUMPTION: self.render_assumption}.get(node.kind)
        if render is not None:
            lines = render(node)
        elif node.kind in COUNTER:
            lines = self.render_counter(node)
        elif node.kind in QUALIFIERS and node.id not in self.qualified:
            lines = [f"# {node.kind} {one_line(node.id)}, attached to no node: {node.title}"]
        elif node.kind is None:
            lines = [f"# {one_line(node.id)} (not imported, unknown node type): {node.title}"]
        else:
            return ""  # a cited context or justification already stands next to the nodes it qualifies
        return "\n".join(self.plan.notes.get(node.id, []) + lines) + "\n"

    def formula(self, node: Node, key: str) -> str | None:
        if node.fields.get(key) is None:
            return None
        self.formal = True
        return self.warrant(node, key, w.formula, node.fields[key], key)

    def render_goal(self, node: Node) -> list[str]:
        lines = [f"claim {node.name} {quote(node.title)}"]
        within, body = self.formula(node, w.WITHIN), self.formula(node, w.FORMULA)
        if within:
            lines.append(f"  within {within}")
        if body:
            lines[-1] += ":"  # the colon stands before the body, after the scope
            lines.append(f"  {body}")
        if self.plan.by.get(node.id):
            lines.append(f"  by {', '.join(self.plan.by[node.id])}")
        if self.plan.evidence.get(node.id):
            lines.append(f"  evidence {', '.join(self.plan.evidence[node.id])}")  # must follow its claim
        made = self.plan.synthesised.get(node.id)
        if made is not None:
            title = quote(f"Decomposition of {node.name}")
            lines += ["", f"# made by the import: {node.name} is supported directly by goals",
                      f"strategy {made} {title}{self.premise_text(made)}"]
        return lines

    def render_strategy(self, node: Node) -> list[str]:
        judge = self.warrant(node, w.JUDGE, w.string, node.fields[w.JUDGE], w.JUDGE) if w.JUDGE in node.fields else None
        judged = f" judged by {quote(judge)}" if judge is not None else ""
        return [f"strategy {node.name} {quote(node.title)}{self.premise_text(node.name)}{judged}"]

    def premise_text(self, strategy: str) -> str:
        parts = []
        if self.plan.premises.get(strategy):
            parts.append(f"from {', '.join(self.plan.premises[strategy])}")
        if self.plan.given.get(strategy):
            parts.append(f"given {', '.join(self.plan.given[strategy])}")
        return ": " + " ".join(parts) if parts else ""

    def render_solution(self, node: Node) -> list[str]:
        url = node.fields.get("url")
        fields = self.warrant(node, w.PREFIX + "evidence", w.evidence_fields, node.fields,
                              None if url is None else one_line(str(url))) or []
        if any(key in node.fields for key in (w.SHOWS,)):
            self.formal = True
        if not fields:
            return [f"evidence {node.name} {quote(node.title)} {{ }}"]
        return [f"evidence {node.name} {quote(node.title)} {{"] + [f"  {line}" for line in fields] + ["}"]

    def render_assumption(self, node: Node) -> list[str]:
        body = self.formula(node, w.FORMULA)
        return [f"assume {node.name} {quote(node.title)}" + (f":\n  {body}" if body else "")]

    def render_counter(self, node: Node) -> list[str]:
        targets = self.plan.against.get(node.id)
        if not targets:
            return [f"# {node.kind} {one_line(node.id)} (not imported): {node.title}"]
        status = self.counter_status(node)
        asserts = self.formula(node, w.ASSERTS)
        asserts = f" asserts {asserts}" if asserts else ""
        return [f"defeater {node.name} {quote(node.title)} against {', '.join(targets)}{asserts} {status}"]

    def counter_status(self, node: Node) -> str:
        """From warrant-status; else a counter node gsn2x marks defeated was answered, else it stands open."""
        if w.STATUS in node.fields:
            return self.warrant(node, w.STATUS, w.defeater_status, node.fields, self.evidence_name) or "status open"
        if node.fields.get("defeated") is True:
            return 'status accepted "marked defeated in the GSN diagram"'
        return "status open"

    def evidence_name(self, node_id: str) -> str:
        if node_id not in self.nodes or self.nodes[node_id].kind != SOLUTION:
            raise w.Invalid(w.REBUTTED_BY, f"names {node_id}, which is not a solution of the diagram")
        return self.nodes[node_id].name
