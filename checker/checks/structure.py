"""Header, boundary presence and the shape of the argument graph (G rules)."""
from __future__ import annotations

import networkx as nx

from ..findings.finding import finding
from ..semantics.graph import top_claims, users
from .context import CheckContext

_CYCLE_LIMIT = 20


def check_structure(cx: CheckContext) -> list:
    return [*_header(cx), *_cycles(cx), *_roots(cx), *_unsupported(cx), *_unused(cx), *_unreachable(cx)]


def _header(cx: CheckContext):
    case = cx.case
    # A blank `version ""` or `author "  "` cites nothing and names no one, as a missing one does.
    if not (case.version or "").strip():
        yield finding("G001", case.header_span, case=case.name)
    if not (case.author or "").strip():
        yield finding("G002", case.header_span, case=case.name)
    if case.boundary is None:
        yield finding("G003", case.header_span, case=case.name, reason="it has no boundary")


def _cycles(cx: CheckContext):
    for index, cycle in enumerate(nx.simple_cycles(cx.support)):
        if index >= _CYCLE_LIMIT:
            break
        start = cycle.index(min(cycle))
        ordered = cycle[start:] + cycle[:start]
        path = " -> ".join(f"`{name}`" for name in ordered + ordered[:1])
        node = cx.case.node(ordered[0])
        yield finding("G101", node.span, cycle=path)


def _roots(cx: CheckContext):
    case = cx.case
    if not case.claims:
        yield finding("G108", case.header_span, case=case.name)
        return
    roots = top_claims(case, cx.support)
    if len(roots) > 1:
        names = ", ".join(f"`{r}`" for r in roots)
        yield finding("G107", case.claims[roots[1]].span, count=len(roots), names=names)


def _unsupported(cx: CheckContext):
    for claim in cx.case.claims.values():
        if not claim.strategies and not claim.evidence:
            yield finding("G102", claim.span, name=claim.name)


def _unused(cx: CheckContext):
    case, graph = cx.case, cx.graph
    for evidence in case.evidence.values():
        if not users(graph, evidence.name, {"evidence", "rebutted_by"}):
            yield finding("G103", evidence.span, name=evidence.name)
    for assumption in case.assumptions.values():
        if not users(graph, assumption.name, {"given"}):
            yield finding("G104", assumption.span, name=assumption.name)
    for strategy in case.strategies.values():
        if not users(graph, strategy.name, {"by"}):
            yield finding("G105", strategy.span, name=strategy.name)


def _unreachable(cx: CheckContext):
    roots = top_claims(cx.case, cx.support)
    if len(roots) != 1:
        return
    top = roots[0]
    reached = nx.descendants(cx.support, top) | {top}
    for name, kind in cx.support.nodes(data="kind"):
        if kind == "defeater" or name in reached or cx.support.in_degree(name) == 0:
            continue  # nodes nothing uses are reported as unused instead
        yield finding("G106", cx.case.node(name).span, kind=kind, name=name, top=top)
