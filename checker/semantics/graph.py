"""Resolved case -> the argument graph (networkx): which node supports, uses or challenges which."""
from __future__ import annotations

import attrs
import networkx as nx

from . import model as m

# Links that carry support from a conclusion down to what it rests on.
SUPPORT_LINKS = frozenset({"by", "from", "given", "evidence"})


def argument_graph(case: m.Case) -> nx.MultiDiGraph:
    """Nodes are argument node names with a `kind`; edges carry a `link` attribute."""
    graph = nx.MultiDiGraph()
    for kind, table in (("claim", case.claims), ("strategy", case.strategies),
                        ("assumption", case.assumptions), ("evidence", case.evidence),
                        ("defeater", case.defeaters)):
        for name in table:
            graph.add_node(name, kind=kind)
    for claim in case.claims.values():
        _link(graph, claim.name, claim.strategies, "by")
        _link(graph, claim.name, claim.evidence, "evidence")
    for strategy in case.strategies.values():
        _link(graph, strategy.name, strategy.premises, "from")
        _link(graph, strategy.name, strategy.given, "given")
    for defeater in case.defeaters.values():
        _link(graph, defeater.name, defeater.against, "against")
        _link(graph, defeater.name, defeater.rebutted_by, "rebutted_by")
    return graph


def _link(graph, source: str, targets, link: str) -> None:
    for target in targets:
        graph.add_edge(source, target.text, link=link)


def support_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """Only the support links, as a simple directed graph."""
    support = nx.DiGraph()
    support.add_nodes_from(graph.nodes(data=True))
    support.add_edges_from((u, v) for u, v, link in graph.edges(data="link") if link in SUPPORT_LINKS)
    return support


def top_claims(case: m.Case, support: nx.DiGraph) -> list[str]:
    """Claims that no strategy uses as a premise, in source order."""
    return [name for name in case.claims if support.in_degree(name) == 0]


def users(graph: nx.MultiDiGraph, name: str, links) -> list[str]:
    return sorted({u for u, _, link in graph.in_edges(name, data="link") if link in links})


def node_spans(case: m.Case) -> list:
    """The span of every argument node and block, where a waiver on any of a node's lines applies."""
    spans = [_with_evidence_lines(claim) for claim in case.claims.values()]
    spans += [node.span for table in (case.strategies, case.assumptions, case.evidence,
                                      case.defeaters, case.triggers) for node in table.values()]
    spans += [getattr(case, name).span for name in ("accept", "decision") if getattr(case, name, None) is not None]
    return [span for span in spans if span is not None]


def _with_evidence_lines(claim: m.Claim):
    """A claim's span reaching over its `evidence E1, E2` lines, which the reader takes as part of the claim."""
    span = claim.span
    refs = [ref.span for ref in claim.evidence if ref.span is not None and span is not None
            and ref.span.path == span.path and (ref.span.end_line, ref.span.end_column) > (span.end_line, span.end_column)]
    if not refs:
        return span
    last = max(refs, key=lambda ref: (ref.end_line, ref.end_column))
    return attrs.evolve(span, end_line=last.end_line, end_column=last.end_column)
