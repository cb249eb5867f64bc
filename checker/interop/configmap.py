"""Configuration maps: which path of a real deployment file (Helm values, Terraform variables, a Kubernetes
manifest, any YAML or JSON) gives each context variable, and how its values translate to the case's.

A map is YAML, one entry per variable:

    model: image.tag
    channel: {path: service.exposure, default: internal}
    tools: {path: "agent.tools[*].name", translate: {python: code_exec, web: browser}}
    max_users: "spec.template.spec.containers[0].env[2].value"

A path is a dotted list of keys; `[N]` picks the N-th item of a list (from 0),
`[*]` every item (the value is then the list of what the rest of the path
gives for each), and `["a.b"]` a key with dots or brackets in it. A file of
several YAML documents is a list of them, so a path into a Kubernetes
manifest starts with the document: `[1].spec.replicas`. `default` is used
when the path is not in the file; `translate` replaces a value (each item of
a list) by the one it maps to, and leaves any other as written, so the case
judges it (an unknown tool is then an enum value not in the enum, located).
"""
from __future__ import annotations

import difflib
import re

import attrs

from ..findings.finding import Related, finding
from ..semantics import model as m
from ..syntax.reading import Unreadable, read_input, unreadable_finding
from ..syntax.source import Span
from .located import Mapping, Scalar, Sequence, kind_of, plain, read_yaml

EVERY = "*"  # the step `[*]`
_ENTRY_KEYS = ("path", "default", "translate")
_STEP = re.compile(r'\.?(?P<name>[^.\[\]\s"]+)|\[(?P<index>[0-9]+)\]|\[(?P<every>\*)\]|\["(?P<quoted>[^"]*)"\]')


@attrs.frozen
class Binding:
    """One variable's place in the configuration file, as the map gives it."""

    variable: str
    text: str  # the path as written
    steps: tuple  # of str (a key), int (an index) or EVERY
    span: Span  # the map entry
    default: object = None  # a located node (Scalar, Sequence or Mapping) or None
    translate: tuple = ()  # (value as written in the file, value for the case)


@attrs.frozen
class ConfigMap:
    path: str
    bindings: tuple  # of Binding


def read_map(path, case: m.Case) -> tuple[ConfigMap | None, list]:
    """The map, or None with C210 findings located in the map file (or S003 when it cannot be read)."""
    source = read_input(str(path))
    if isinstance(source, Unreadable):
        return None, [unreadable_finding(source)]
    root, error = read_yaml(source.text, source.path)
    if error is not None:
        return None, [finding("C210", error.span, map=source.path, problem=error.reason)]
    if not isinstance(root, Mapping):
        return None, [finding("C210", root.span, map=source.path,
                              problem=f"a map is a mapping from context variables to paths, not {kind_of(root)}")]
    bindings, findings = [], []
    for key, key_span, node in root.entries:
        binding = _binding(source.path, case, key, key_span, node, findings)
        if binding is not None:
            bindings.append(binding)
    return (None, findings) if findings else (ConfigMap(source.path, tuple(bindings)), [])


def _binding(map_path: str, case: m.Case, key, key_span: Span, node, findings: list) -> Binding | None:
    def bad(span: Span, problem: str, help: str | None = None):
        findings.append(finding("C210", span, map=map_path, problem=problem, help=help))

    if not isinstance(key, str) or key not in case.context:
        close = difflib.get_close_matches(str(key), list(case.context), n=1, cutoff=0.6)
        bad(key_span, f"`{key}` is not a context variable of case `{case.name}`",
            f"did you mean `{close[0]}`?" if close else None)
        return None
    span = Span(map_path, key_span.line, key_span.column, node.span.end_line, node.span.end_column)
    if isinstance(node, Scalar) and isinstance(node.value, str):
        path_node, default, translate = node, None, None
    elif isinstance(node, Mapping):
        strange = [(name, name_span) for name, name_span, _ in node.entries if name not in _ENTRY_KEYS]
        for name, name_span in strange:
            close = difflib.get_close_matches(str(name), _ENTRY_KEYS, n=1, cutoff=0.6)
            bad(name_span, f"an entry takes `path`, `default` and `translate`, not `{name}`",
                f"did you mean `{close[0]}`?" if close else None)
        if strange:
            return None  # a misspelt `path` would otherwise be reported a second time as missing
        path_node, default, translate = node.get("path"), node.get("default"), node.get("translate")
        if path_node is None or not isinstance(path_node, Scalar) or not isinstance(path_node.value, str):
            bad(path_node.span if path_node is not None else key_span, f"the entry for `{key}` needs a `path` (text)")
            return None
    else:
        bad(node.span, f"the entry for `{key}` must be a path or a mapping with `path`, not {kind_of(node)}")
        return None
    steps = parse_path(path_node.value)
    if steps is None:
        bad(path_node.span, f"`{path_node.value}` is not a path: write keys with dots, [N] for an item of a list, "
                            '[*] for every item, ["a.b"] for a key with dots')
        return None
    pairs = _translation(translate, bad)
    if pairs is None:
        return None
    return Binding(key, path_node.value, steps, span, default, pairs)


def _translation(node, bad) -> tuple | None:
    if node is None:
        return ()
    if not isinstance(node, Mapping):
        bad(node.span, f"`translate` maps values of the file to values of the case; found {kind_of(node)}")
        return None
    return tuple((key, plain(value)) for key, _, value in node.entries)


def parse_path(text: str) -> tuple | None:
    """`a.b[0].c` -> ("a", "b", 0, "c"); None when the text is not a path."""
    steps, at = [], 0
    text = text.strip()
    while at < len(text):
        match = _STEP.match(text, at)
        if match is None or (match.group("name") and at > 0 and text[at] != "."):
            return None
        if match.group("name") is not None:
            steps.append(match.group("name"))
        elif match.group("index") is not None:
            steps.append(int(match.group("index")))
        elif match.group("every") is not None:
            steps.append(EVERY)
        else:
            steps.append(match.group("quoted"))
        at = match.end()
    return tuple(steps) if steps else None


# ---- following a path through a configuration -------------------------------------------------


@attrs.frozen
class Missing:
    """Where a path stopped: the deepest node it reached and why it could go no further."""

    node: object
    reason: str


def follow(root, steps: tuple):
    """The node a path reaches (a Sequence of nodes for `[*]`), or Missing."""
    node = root
    for position, step in enumerate(steps):
        if step == EVERY:
            if not isinstance(node, Sequence):
                return Missing(node, f"`[*]` needs a list, and this is {kind_of(node)}")
            reached = [follow(item, steps[position + 1:]) for item in node.items]
            for answer in reached:
                if isinstance(answer, Missing):
                    return answer
            return Sequence(tuple(reached), node.span)
        node = _step(node, step)
        if isinstance(node, Missing):
            return node
    return node


def _step(node, step):
    if isinstance(step, int):
        if not isinstance(node, Sequence):
            return Missing(node, f"`[{step}]` needs a list, and this is {kind_of(node)}")
        if step >= len(node.items):
            return Missing(node, f"the list has {len(node.items)} item(s), so there is no item [{step}]")
        return node.items[step]
    if not isinstance(node, Mapping):
        hint = "; the file has several documents, so start the path with [0], [1], ..." \
            if isinstance(node, Sequence) and node.items and all(isinstance(i, Mapping) for i in node.items) else ""
        return Missing(node, f"`{step}` needs a mapping, and this is {kind_of(node)}{hint}")
    found = node.get(step)
    if found is None:
        keys = [str(key) for key, _, _ in node.entries]
        close = difflib.get_close_matches(step, keys, n=1, cutoff=0.6)
        return Missing(node, f"there is no key `{step}` here" + (f"; did you mean `{close[0]}`?" if close else ""))
    return found


def translated(node, pairs: tuple):
    """The node with each scalar (each item of a list) replaced as `translate` says; spans stay in the file."""
    if not pairs:
        return node
    if isinstance(node, Sequence):
        return Sequence(tuple(translated(item, pairs) for item in node.items), node.span)
    if isinstance(node, Scalar):
        for written, meant in pairs:
            if type(written) is type(node.value) and written == node.value:
                return Scalar(meant, node.span)
    return node


def missing_finding(binding: Binding, config_path: str, missing: Missing):
    """C211 at the deepest place the path reached in the configuration, with a note at the map entry."""
    related = (Related(binding.span, f"the map reads `{binding.variable}` from `{binding.text}` here"),)
    return finding("C211", missing.node.span, path=binding.text, variable=binding.variable, config=config_path,
                   reason=missing.reason, related=related)
