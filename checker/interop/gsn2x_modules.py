"""A gsn2x diagram of several files: following `module`/`uses` links, merging nodes, applying `extends`.

gsn2x reads the files named on its command line and, transitively, the files each
module `uses` (paths relative to the using file). Node ids are unique across all
modules (gsn2x's C07), module names too (C06), a module may not use itself again
through others, and a module that `extends` another develops only goals that module
marks undeveloped (C09, C10). Each breach is a located error here. One deliberate
leniency: a file reached twice without a circle (named on the command line and used,
or used by two modules) is read once, where gsn2x stops with C06.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..findings.finding import Related, finding
from ..syntax.reading import Unreadable, read_source, unreadable_finding
from ..syntax.source import Span, file_identity
from .gsn2x_yaml import Document, Reader, empty_field, field_value, one_line, one_line_fields


@dataclass
class Diagram:
    """Every file read (the first given first), their nodes merged in reading order, and the extensions."""

    documents: list
    nodes: dict
    developed: dict = field(default_factory=dict)  # goal id -> (extending module's name, [developing ids])
    partial: bool = False  # one module read alone: links out of it are warnings, `uses` is not followed


def single(document: Document) -> Diagram:
    """One document read from text alone: nothing else can be read, so it is taken as it stands."""
    return Diagram([document], dict(document.nodes), partial=True)


def load(paths, findings: list, partial: bool = False) -> Diagram | None:
    """Read the files (following `uses` unless `partial`), merge them and apply `extends`; None if nothing read."""
    loader = _Loader(findings, partial)
    for path in paths:
        loader.visit(str(path), via=None, stack=())
    if not loader.documents:
        return None
    nodes = _merged(loader.documents, findings)
    developed = {} if partial else _extensions(loader.documents, loader.modules, nodes, findings)
    return Diagram(loader.documents, nodes, developed, partial)


class _Loader:
    def __init__(self, findings: list, partial: bool):
        self.findings, self.partial = findings, partial
        self.documents: list = []
        self.read: dict = {}  # file identity -> Document
        self.modules: dict = {}  # module name -> Document

    def visit(self, path: str, via, stack: tuple) -> None:
        """Read one file and what it uses; `via` is (document, YAML item) of the `uses` entry that led here."""
        identity = file_identity(path)
        if identity in stack:
            self.circle(via, stack, identity)
            return
        if identity in self.read:
            return
        source = read_source(path)
        if isinstance(source, Unreadable):
            self.unreadable(source, via)
            return
        document = Reader(source.text, source.path, self.findings).read()
        if document is None:
            return
        self.read[identity] = document
        self.documents.append(document)
        self.register(document)
        if not self.partial:
            for used, item in _uses(document):
                target = str(Path(document.path).parent / used)
                self.visit(target, (document, item), stack + (identity,))

    def register(self, document: Document) -> None:
        first = self.modules.get(document.module_name)
        if first is None:
            self.modules[document.module_name] = document
            return
        here = field_value(document.module_node, "name")
        there = field_value(first.module_node, "name")
        related = (Related(first.locate.span(there) if there is not None else Span.point(first.path, 1, 1),
                           f"module {document.module_name} is first read from {first.path}"),)
        self.report("I010", document.locate.span(here) if here is not None else Span.point(document.path, 1, 1),
                    module=document.module_name, related=related)

    def circle(self, via, stack: tuple, identity: str) -> None:
        document, item = via
        start = stack.index(identity)
        names = [Path(p).name for p in stack[start:]] + [Path(identity).name]
        self.report("I008", document.locate.span(item), cycle=" -> ".join(names))

    def unreadable(self, source: Unreadable, via) -> None:
        if via is None:  # named on the command line: the same S003 as for a case file
            self.findings.append(unreadable_finding(source))
            return
        document, item = via
        self.report("I007", document.locate.span(item), module=document.module_name,
                    file=one_line(str(item.value)), reason=source.reason)

    def report(self, code: str, span: Span, related=(), **fields) -> None:
        self.findings.append(finding(code, span, related=related, **one_line_fields(fields)))


def _uses(document: Document) -> list:
    """(path as written, its YAML item) for each entry of the module's `uses`."""
    node = field_value(document.module_node, "uses")
    items = node.value if isinstance(node, yaml.SequenceNode) else [] if empty_field(node) else [node]
    return [(item.value, item) for item in items if isinstance(item, yaml.ScalarNode) and item.value.strip()]


def _merged(documents: list, findings: list) -> dict:
    """The nodes of every document by id; an id defined in two files is I005 at the second, as gsn2x's C07."""
    nodes: dict = {}
    for document in documents:
        for node_id, node in document.nodes.items():
            first = nodes.get(node_id)
            if first is None:
                nodes[node_id] = node
                continue
            note = f"{node_id} is first defined here ({first.locate.path})"
            findings.append(finding("I005", node.locate.span(node.key), node=one_line(node_id),
                                    related=(Related(first.locate.span(first.key), note),)))
    return nodes


def _extensions(documents: list, modules: dict, nodes: dict, findings: list) -> dict:
    """goal id -> (module name, ids) for each goal another module develops; each broken extension is I009."""
    developed = {}
    for document in documents:
        for entry, where in _extends(document, findings):
            developed.update(_developments(document, entry, where, modules, nodes, findings))
    return developed


def _extends(document: Document, findings: list) -> list:
    """(entry, its YAML node) for each `extends` entry that has the shape gsn2x reads."""
    node = field_value(document.module_node, "extends")
    if node is None:
        return []
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    raw = (document.module or {}).get("extends")
    raw = raw if isinstance(raw, list) else [raw]
    entries = []
    for entry, item in zip(raw, items):
        if isinstance(entry, dict) and isinstance(entry.get("module"), str) and isinstance(entry.get("develops"), dict):
            entries.append((entry, item))
        else:
            findings.append(finding("I009", document.locate.span(item), module=document.module_name,
                                    target="?", problem="an extension is `module: NAME` with `develops: {GOAL: [IDS]}`"))
    return entries


def _developments(document, entry: dict, where, modules: dict, nodes: dict, findings: list) -> dict:
    target = entry["module"]
    module_value = field_value(where, "module")
    developed = {}

    def broken(problem: str, at=None) -> None:
        findings.append(finding("I009", document.locate.span(at if at is not None else module_value),
                                **one_line_fields({"module": document.module_name, "target": target,
                                                   "problem": problem})))

    if target not in modules:
        broken(f"no module {target} is among the files read (give its file too, or `uses` it)")
        return developed
    develops_node = field_value(where, "develops")
    for (goal_id, local), key in zip(entry["develops"].items(), getattr(develops_node, "value", ())):
        goal_id, at = str(goal_id), key[0]
        locals_ = [str(item) for item in (local if isinstance(local, list) else [local])]
        goal = nodes.get(goal_id)
        if goal is None or goal.module != target:
            broken(f"module {target} has no node {goal_id}", at)
        elif goal.fields.get("undeveloped") is not True:
            broken(f"{goal_id} is not marked undeveloped in module {target}, so it cannot be developed here", at)
        elif any(item not in nodes for item in locals_):
            missing = next(item for item in locals_ if item not in nodes)
            broken(f"{goal_id} is developed with {missing}, which no file defines", at)
        else:
            developed[goal_id] = (document.module_name, locals_)
    return developed
