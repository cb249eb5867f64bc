"""Export a resolved case as a gsn2x YAML diagram, with what GSN cannot say carried in `warrant-` extra keys.

Claims become goals, strategies strategies, evidence solutions, assumptions
assumptions (in the context of the strategies given them), defeaters counter goals
that `challenges` what they stand against. A claim with neither strategy nor evidence
is marked `undeveloped: true`, as gsn2x asks. Formulas, scopes, evidence metadata,
defeater statuses and each node's verdict go into extra keys (gsn2x keeps them and can
show them as layers), and the module block carries the case's header and its other
declarations as case text, so `warrant import-gsn` of the export gives back an equal case.
"""
from __future__ import annotations

import yaml

from ..semantics import model as m
from ..semantics.formula_text import formula_text, number_literal, string_literal
from . import gsn2x_warrant as w
from .gsn2x_yaml import (ASSUMPTION, COUNTER_GOAL, GOAL, PREFIXES, SOLUTION, STRATEGY)

_NODE_TYPE = {GOAL: "Goal", STRATEGY: "Strategy", SOLUTION: "Solution", ASSUMPTION: "Assumption",
              COUNTER_GOAL: "CounterGoal"}


def case_to_gsn(case: m.Case, verdicts: dict | None = None, case_verdict: str | None = None) -> str:
    """The case as one gsn2x YAML document; `verdicts` (node name -> verdict) are written beside each node."""
    verdicts = verdicts or {}
    document = {"module": _module(case, case_verdict)}
    for claim in case.claims.values():
        document[claim.name] = _with_verdict(_goal(claim), GOAL, claim.name, verdicts)
    for strategy in case.strategies.values():
        document[strategy.name] = _with_verdict(_strategy(strategy), STRATEGY, strategy.name, verdicts)
    for assumption in case.assumptions.values():
        document[assumption.name] = _with_verdict(_assumption(assumption), ASSUMPTION, assumption.name, verdicts)
    for evidence in case.evidence.values():
        document[evidence.name] = _with_verdict(_solution(evidence), SOLUTION, evidence.name, verdicts)
    for defeater in case.defeaters.values():
        document[defeater.name] = _with_verdict(_counter(defeater), COUNTER_GOAL, defeater.name, verdicts)
    header = (f"# gsn2x diagram of Warrant case {case.name}, written by `warrant export-gsn`.\n"
              "# `warrant import-gsn` reads it back; the warrant- keys carry what GSN cannot say.\n")
    return header + yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    """safe_dump, except that text of several lines is written as a literal block, as a person would write it."""


def _text(dumper, data: str):
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _text)


def _with_verdict(node: dict, kind: str, name: str, verdicts: dict) -> dict:
    """The node with its nodeType where its id's prefix would make gsn2x read another kind, and its verdict."""
    inferred = next((k for prefix, k in PREFIXES if name.startswith(prefix)), None)
    typed = {"nodeType": _NODE_TYPE[kind]} if inferred != kind else {}
    verdict = {w.VERDICT: verdicts[name]} if name in verdicts else {}
    text = {"text": node.pop("text")}
    return {**text, **typed, **node, **verdict}


def _module(case: m.Case, verdict: str | None) -> dict:
    block = {"name": case.name, "brief": case.title, w.CASE: case.name, w.TITLE: case.title}
    # A blank version or author is none (G001, G002): the diagram leaves it out, as the import would refuse it.
    if (case.version or "").strip():
        block[w.VERSION] = case.version
    if (case.author or "").strip():
        block[w.AUTHOR] = case.author
    declarations = declarations_text(case)
    if declarations:
        block[w.DECLARATIONS] = declarations
    if verdict is not None:
        block[w.VERDICT] = verdict
    return block


def _goal(claim: m.Claim) -> dict:
    node = {"text": claim.title}
    support = [ref.text for ref in (*claim.strategies, *claim.evidence)]
    if support:
        node["supportedBy"] = support
    else:
        node["undeveloped"] = True
    if claim.formula is not None:
        node[w.FORMULA] = formula_text(claim.formula)
    if claim.within is not None:
        node[w.WITHIN] = formula_text(claim.within)
    return node


def _strategy(strategy: m.Strategy) -> dict:
    node = {"text": strategy.title}
    if strategy.premises:
        node["supportedBy"] = [ref.text for ref in strategy.premises]
    else:
        node["undeveloped"] = True
    if strategy.given:
        node["inContextOf"] = [ref.text for ref in strategy.given]
    if strategy.judge is not None:
        node[w.JUDGE] = strategy.judge
    return node


def _assumption(assumption: m.Assumption) -> dict:
    node = {"text": assumption.title}
    if assumption.formula is not None:
        node[w.FORMULA] = formula_text(assumption.formula)
    return node


def _solution(evidence: m.Evidence) -> dict:
    node = {"text": evidence.title}
    plain = {w.KIND: evidence.kind, w.MODEL: evidence.model, w.REPLICATED_BY: evidence.replicated_by,
             w.ACCESS: evidence.access, w.REDACTION_REASON: evidence.redaction_reason}
    for key in (w.KIND, w.MODEL):
        if plain[key] is not None:
            node[key] = plain[key]
    for key, value in ((w.DATE, evidence.date), (w.EXPIRES, evidence.expires)):
        if value is not None:
            node[key] = value.isoformat()
    if evidence.setting is not None:
        node[w.SETTING] = "{" + ", ".join(f"{var}: {formula_text(value)}" for var, value in evidence.setting) + "}"
    if evidence.shows:
        node[w.SHOWS] = [formula_text(f) for f in evidence.shows]
    if evidence.source is not None:
        # gsn2x draws `url` as a link: a web address stands there; any other source in an extra key.
        key = "url" if evidence.source.startswith(("https://", "http://")) else w.SOURCE
        node[key] = evidence.source
    for key in (w.REPLICATED_BY, w.ACCESS, w.REDACTION_REASON):
        if plain[key] is not None:
            node[key] = plain[key]
    return node


def _counter(defeater: m.Defeater) -> dict:
    node = {"text": defeater.title, "challenges": [ref.text for ref in defeater.against],
            w.STATUS: defeater.status}
    if defeater.rebutted_by:
        node[w.REBUTTED_BY] = [ref.text for ref in defeater.rebutted_by]
    if defeater.reason is not None:
        node[w.REASON] = defeater.reason
    if defeater.owner is not None:
        node[w.OWNER] = defeater.owner
    if defeater.asserts is not None:
        node[w.ASSERTS] = formula_text(defeater.asserts)
    return node


# ---- the declarations that are not argument nodes, as case text ------------------------------------------


def declarations_text(case: m.Case) -> str:
    """Enums, context, measures, boundary, accept, triggers, decision and requires, printed from the model."""
    parts = [f"requires {string_literal(r.path)}" + (f" when {formula_text(r.condition)}" if r.condition is not None else "")
             for r in case.requires]
    parts += [f"enum {e.name} {{ {', '.join(e.members)} }}" for e in case.enums.values()]
    if case.context:
        parts.append("context {\n" + "".join(f"  {v.name}: {v.type}{' affordance' if v.affordance else ''}\n"
                                             for v in case.context.values()) + "}")
    parts += [_measure(measure) for measure in case.measures.values()]
    if case.boundary is not None:
        parts.append("boundary {\n" + "".join(f"  {_boundary_line(f)}\n" for f in case.boundary) + "}")
    parts += [f"party {p.name} {string_literal(p.title)} role {p.role}" for p in case.parties.values()]
    if case.accept is not None:
        parts.append(_accept(case.accept))
    parts += [_trigger(t) for t in case.triggers.values()]
    if case.decision is not None:
        d = case.decision
        expires = f" expires {d.expires.isoformat()}" if d.expires else ""
        parts.append(f"decision {d.kind} by {string_literal(d.authority)} on {d.on.isoformat()}{expires}")
    return "".join(part + "\n" for part in parts)


def _measure(measure: m.Measure) -> str:
    params = f"({', '.join(measure.params)})" if measure.params else ""
    bounds = ""
    if measure.low is not None and measure.high is not None:
        bounds = f" in [{number_literal(measure.low)}, {number_literal(measure.high)}]"
    return f"measure {measure.name}{params}: {measure.type}{bounds}"


def _boundary_line(formula) -> str:
    # Line breaks mean nothing to the parser: a line that starts with `-` would continue the one before.
    written = formula_text(formula)
    return f"({written})" if written.startswith("-") else written


def _accept(accept: m.Accept) -> str:
    lines = [f"  require {formula_text(f)}" for f in accept.requires]
    if accept.stakeholders:
        lines.append(f"  for {', '.join(accept.stakeholders)}")
    if accept.authority is not None:
        lines.append(f"  authority {string_literal(accept.authority)}")
    if accept.margin is not None:
        lines.append(f"  margin {number_literal(accept.margin)}")
    return "accept {\n" + "".join(line + "\n" for line in lines) + "}"


def _trigger(trigger: m.Trigger) -> str:
    reopens = "all" if trigger.reopens is None else ", ".join(ref.text for ref in trigger.reopens)
    return f"trigger {trigger.name} {string_literal(trigger.title)}: {formula_text(trigger.condition)} reopens {reopens}"
