"""Scope and change judgements: configurations and targets against a case's boundary, changes against its triggers.

Judging a configuration needs neither Z3 nor networkx, so this module loads
them only where a target or a change needs them: `warrant scope --config`
starts without them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ..semantics import model as m
from ..interop.configs import Config
from ..semantics.evaluate import MissingValue, evaluate
from ..findings.finding import Related, finding
from ..syntax.source import SourceFile, Span
from ..semantics.world import World, show_value

if TYPE_CHECKING:  # names in annotations only; loaded where a target, a change or a review needs them
    import networkx as nx

    from ..findings.review import ReviewSet
    from ..logic.solver import Found, NoWorld, Unknown
    from ..syntax import nodes as n

# ---- where a configuration stands ------------------------------------------------------------


def scope_view(case: m.Case) -> m.Case:
    """The part of a resolved case that judging configurations reads: its declarations and its boundary.

    The argument (claims, strategies, evidence, defeaters, acceptance, triggers,
    requirements) is left out: it refers to syntax nodes, so a kept view loads
    without them (api.load_boundary).
    """
    return attrs.evolve(case, assumptions={}, claims={}, strategies={}, evidence={}, defeaters={}, accept=None,
                        triggers={}, decision=None, requires=(), conditions=(), parties={})


@attrs.frozen
class Placement:
    """The boundary lines a configuration breaks and the boundary variables it does not give."""

    broken: tuple  # boundary formulas that are false
    missing: tuple  # names the boundary reads that the configuration leaves out

    @property
    def inside(self) -> bool | None:
        """True inside, False outside, None when missing values leave it open."""
        if self.broken:
            return False
        return None if self.missing else True


def place(case: m.Case, values: dict) -> Placement:
    world = World(context=dict(values))
    broken = []
    for formula in case.boundary or ():
        try:
            if evaluate(formula, world, case) is False:
                broken.append(formula)
        except MissingValue:
            pass  # reported below, by name
    mentioned = m.variable_names(case.boundary or (), (m.CtxVar,))
    return Placement(tuple(broken), tuple(name for name in mentioned if name not in values))


def config_findings(case: m.Case, case_source: SourceFile, config: Config, placement: Placement | None = None,
                    lines: "BoundaryLines | None" = None) -> list:
    """C202 for each boundary variable the configuration leaves out, C201 when it breaks a boundary line.

    Many configurations judged against one case (api.scope_configs) pass where
    each stands, from the boundary compiled once (checks/batch.py), and the
    boundary's lines as written, worked out once for all of them.
    """
    placement = placement or place(case, config.values)
    findings = [_incomplete(config, name, "the boundary") for name in placement.missing]
    if placement.broken:
        findings.append(_outside(case, case_source, config, placement, lines=lines))
    return findings


def _incomplete(config: Config, name: str, reader: str):
    """C202 at the top of the configuration's document: where the missing key would go."""
    return finding("C202", _document_start(config), path=config.name, variable=name, reader=reader)


def _document_start(config: Config):
    start = config.root_span
    return Span.point(start.path, start.line, start.column) if start is not None else None


def _outside(case: m.Case, case_source: SourceFile, config: Config, placement: Placement, review=None,
             lines: "BoundaryLines | None" = None):
    """C201 at the value that breaks the first broken line; each broken boundary line a related location."""
    lines = lines or BoundaryLines(case_source, placement.broken)
    first = lines.names(placement.broken[0])
    span = config.span_of(first[0]) if first else None
    related = [Related(formula.span, lines.broken(formula, config.values)) for formula in placement.broken]
    return finding("C201", span, path=config.name, case=case.name, related=related, world=config.world,
                   review=review)


_ABSENT = object()  # a variable the configuration leaves out, in a note's key


class BoundaryLines:
    """Boundary formulas as the case writes them, with the variables each reads, worked out once."""

    def __init__(self, case_source: SourceFile, formulas):
        self._written = {}  # id(formula) -> (formula, names, "`text`")
        self._notes = {}  # (id(formula), values read) -> the note: a batch repeats few combinations
        self._shared = {}  # (id(formula), id(values)) -> (values, note): a batch's repeated lines share values
        for formula in formulas:
            self._written[id(formula)] = (formula, m.variable_names((formula,), (m.CtxVar,)),
                                          f"`{source_text(case_source, formula.span)}`")

    def names(self, formula) -> list:
        return self._entry(formula)[1]

    def broken(self, formula, values: dict) -> str:
        """`channel in {...}` is false, with channel = public_api (the place is the related location's span)."""
        same = self._shared.get((id(formula), id(values)))
        if same is not None and same[0] is values:  # repeated lines of a batch share their values dict
            return same[1]
        _, names, written = self._entry(formula)
        # A variable has one type, so equal values read here are shown alike (no 1 == True mix-up).
        key = (id(formula), *(values.get(name, _ABSENT) for name in names))
        note = self._notes.get(key)
        if note is None:
            reads = ", ".join(f"{name} = {show_value(values[name])}" for name in names if name in values)
            note = self._notes[key] = f"{written} is false, with {reads}"
        self._shared[(id(formula), id(values))] = (values, note)
        return note

    def _entry(self, formula):
        entry = self._written.get(id(formula))
        if entry is None or entry[0] is not formula:
            raise KeyError(f"not a boundary line of this judgement: {formula!r}")
        return entry


def _broken_line(case_source: SourceFile, formula, values: dict) -> str:
    """`case.case:41:3: `channel in {...}` is false, with channel = public_api`."""
    where = f"{formula.span.label()}: " if formula.span else ""
    return where + BoundaryLines(case_source, (formula,)).broken(formula, values)


# ---- targets -----------------------------------------------------------------------------------


def target_boundary(case: m.Case, target: n.CaseFile, label: str) -> tuple[tuple | None, object, list]:
    """The target's boundary formulas typed against the CASE's names: (formulas or None, span, findings).

    None means the target has no boundary and allows every deployment. A name
    the case does not declare is C207; other type errors keep their N codes.
    """
    from ..syntax import nodes as n  # here: judging a configuration reads no syntax node

    blocks = target.of_type(n.Boundary)
    findings = [finding("N102", extra.span, name="boundary", related=(Related(blocks[0].span, "first declared here"),))
                for extra in blocks[1:]]
    if not blocks:  # no boundary: C206 stands at the header, or at the top of a file of bare items
        at = target.header.span if target.header is not None and target.header.span is not None else None
        return None, at or Span.point(label, 1, 1), findings

    def undeclared(kind: str, name: str, span, help: str | None):
        return finding("C207", span, name=name, target=label, case=case.name, help=help)

    from ..semantics.typecheck import Scope, Typer  # here: judging a configuration types nothing

    typer = Typer.for_case(case, findings, unknown_name=undeclared)
    scope = Scope.world(f"the boundary of target `{label}`")
    formulas = tuple(typer.formula(formula, scope) for formula in blocks[0].formulas)
    return formulas, blocks[0].span, findings


def uncovered_deployment(prover, case: m.Case, target_formulas) -> Found | NoWorld | Unknown:
    """A deployment inside the target and outside the case, if there is one."""
    from ..logic.queries import asking
    from ..logic.solver import NoWorld

    if not case.boundary:
        return NoWorld()  # an unbounded case covers everything
    return asking(prover, "C206", "boundary", case.name).find_world(list(target_formulas),
                                                                   negated=(m.conjunction(case.boundary),))


def target_findings(case: m.Case, case_source: SourceFile, label: str, formulas, span, prover) -> list:
    """C206 with a deployment the target allows and the case does not; X001 if the solver cannot tell."""
    from ..logic.solver import NoWorld, Unknown
    from .context import unknown_finding

    answer = uncovered_deployment(prover, case, formulas or ())
    if isinstance(answer, Unknown):
        return [unknown_finding(span, f"whether case `{case.name}` covers target `{label}`", answer)]
    if isinstance(answer, NoWorld):
        return []
    world = answer.world
    details = [f"a deployment inside target `{label}` and outside case `{case.name}`:"]
    details += [f"  {line}" for line in world.lines()]
    if formulas is None:
        details.append("(the target has no boundary, so it allows every deployment)")
    details.append("it breaks these lines of the case's boundary:")
    details += [f"  {_broken_line(case_source, formula, world.context)}"
                for formula in case.boundary if evaluate(formula, world, case) is False]
    also = _also_broken(prover, case, case_source, formulas or (), world)
    if also:
        details.append("the target also allows deployments that break these lines:")
        details += [f"  {line}" for line in also]
    broken = [formula for formula in case.boundary if evaluate(formula, world, case) is False]
    return [finding("C206", _widening_line(formulas or (), broken) or span, target=label, case=case.name,
                    details=details, world=world)]


def _widening_line(target_formulas, broken) -> object:
    """The span of the first target line about a variable of a broken case line: where the target is wider."""
    names = set(m.variable_names(broken))
    for formula in target_formulas:
        if formula.span is not None and names & set(m.variable_names([formula])):
            return formula.span
    return None


def _also_broken(prover, case: m.Case, case_source: SourceFile, target_formulas, world) -> list:
    """Every other boundary line of the case that some deployment of the target breaks, each with one.

    One deployment rarely breaks every line a wider target reaches past; a reviewer who narrows the
    target by the lines shown should not discover the next one only on the next run.
    """
    from ..logic.queries import asking
    from ..logic.solver import Found

    lines = []
    for formula in case.boundary:
        if evaluate(formula, world, case) is False:
            continue  # already shown with the deployment above
        node = f"line-{formula.span.line}" if formula.span is not None else "line"
        answer = asking(prover, "C206", node, case.name).find_world(list(target_formulas), negated=(formula,))
        if isinstance(answer, Found):
            lines.append(_broken_line(case_source, formula, answer.world.context))
    return lines


# ---- changes -----------------------------------------------------------------------------------


def diff_findings(case: m.Case, case_source: SourceFile, support: nx.DiGraph, old: Config, new: Config):
    """(findings, review set): C209 per fired trigger; C201 for a side outside the boundary; C208 when a change
    leaves it unnoticed. The review set merges what every fired trigger reopens, or every claim when the new
    configuration is outside the boundary."""
    before, after = place(case, old.values), place(case, new.values)
    missing = {(old.path, name): "the boundary" for name in before.missing}
    missing.update({(new.path, name): "the boundary" for name in after.missing if (new.path, name) not in missing})
    fired, undecided = [], False
    world = World(context=dict(new.values), old=dict(old.values))
    for trigger in case.triggers.values():
        try:
            holds = evaluate(trigger.condition, world, case)
        except MissingValue:
            undecided = True
            for key in _trigger_gaps(trigger, old, new):
                missing.setdefault(key, f"trigger `{trigger.name}`")
            continue
        if holds:
            fired.append(trigger)
    located = {old.path: _document_start(old), new.path: _document_start(new)}
    findings = [finding("C202", located.get(path), path=path, variable=name, reader=reader)
                for (path, name), reader in missing.items()]
    findings += [_fired(case, support, trigger, old, new) for trigger in fired]
    outside = after.inside is False
    everything = review_set(case, support, [t.name for t in fired], list(case.claims), outside=True)
    for config, placement in ((old, before), (new, after)):
        if placement.inside is False:
            findings.append(_outside(case, case_source, config, placement,
                                     review=everything if config is new else None))
    if before.inside is True and after.inside is False and not fired and not undecided:
        findings.append(_unnoticed(case_source, old, new, after, everything))
    if outside:
        return findings, everything
    reopened = [claim for trigger in fired for claim in _named(case, trigger)]
    return findings, review_set(case, support, [t.name for t in fired], reopened)


def _trigger_gaps(trigger: m.Trigger, old: Config, new: Config) -> list:
    """(path, name) for each value the trigger reads that its configuration does not give."""
    gaps = [(new.path, name) for name in m.variable_names((trigger.condition,), (m.CtxVar,)) if name not in new.values]
    gaps += [(old.path, name) for name in m.variable_names((trigger.condition,), (m.OldVar,)) if name not in old.values]
    return gaps


def _fired(case: m.Case, support: nx.DiGraph, trigger: m.Trigger, old: Config, new: Config):
    review = review_set(case, support, [trigger.name], _named(case, trigger))
    claims = list(review.claims)
    if trigger.reopens is None:
        shown = "all claims: " + ", ".join(claims) if claims else "all claims (the case states none)"
        details = []
    else:
        shown = ", ".join(_in_order(case, claims))
        details = [f"named by the trigger: {', '.join(review.reopened)}"]
        if review.above:
            details.append(f"resting on them through strategies: {', '.join(review.above)}")
    if review.evidence:
        details.append(f"evidence they rest on: {', '.join(review.evidence)}")
    details.append("the change it reads:")
    for name in m.variable_names((trigger.condition,), (m.CtxVar, m.OldVar)):
        details.append(f"  {name}: {_shown(old.values, name)} -> {_shown(new.values, name)}")
    return finding("C209", trigger.span, trigger=trigger.name, claims=shown, details=details, review=review)


def _shown(values: dict, name: str) -> str:
    return show_value(values[name]) if name in values else "(not given)"


def reopened_claims(case: m.Case, support: nx.DiGraph, trigger: m.Trigger) -> list:
    """The claims a trigger names and every claim that rests on them (its ancestors), in source order."""
    return list(review_set(case, support, [trigger.name], _named(case, trigger)).claims)


def _named(case: m.Case, trigger: m.Trigger) -> list:
    """The claims a trigger reopens by name: all of them for `reopens all`."""
    if trigger.reopens is None:
        return list(case.claims)
    return [ident.text for ident in trigger.reopens if ident.text in case.claims]


def review_set(case: m.Case, support: nx.DiGraph, triggers, reopened, *, outside: bool = False) -> ReviewSet:
    """The reopened claims, every claim resting on them through strategies, and the evidence those claims cite."""
    import networkx as nx

    from ..findings.review import ReviewSet  # here: judging a configuration reviews nothing

    above = set()
    for name in reopened:
        above |= {a for a in nx.ancestors(support, name) if a in case.claims} if name in support else set()
    reopened = _in_order(case, reopened)
    above = [name for name in _in_order(case, above) if name not in reopened]
    cited = {ident.text for name in (*reopened, *above) for ident in case.claims[name].evidence}
    evidence = [name for name in case.evidence if name in cited]
    return ReviewSet(tuple(dict.fromkeys(triggers)), tuple(reopened), tuple(above), tuple(evidence), outside)


def _in_order(case: m.Case, names) -> list:
    wanted = set(names)
    return [name for name in case.claims if name in wanted]


def _unnoticed(case_source: SourceFile, old: Config, new: Config, after: Placement, review: ReviewSet):
    lines = ["old configuration (inside the boundary):"]
    lines += [f"  {name} = {show_value(value)}" for name, value in sorted(old.values.items())]
    lines.append("new configuration (outside the boundary):")
    lines += [f"  {name} = {show_value(value)}" for name, value in sorted(new.values.items())]
    lines.append("it breaks these lines of the case's boundary:")
    lines += [f"  {_broken_line(case_source, formula, new.values)}" for formula in after.broken]
    first = m.variable_names(after.broken[:1], (m.CtxVar,))
    span = new.span_of(first[0]) if first else None
    return finding("C208", span, old=old.path, new=new.path, details=lines,
                   world=World(context=dict(new.values), old=dict(old.values)), review=review)


# ---- helpers -------------------------------------------------------------------------------------


def source_text(source: SourceFile, span) -> str:
    """The text a span covers, on one line: how the author wrote a boundary line."""
    if span is None:
        return "?"
    if span.line == span.end_line:
        return source.line_text(span.line)[span.column - 1:span.end_column - 1].strip()
    parts = [source.line_text(span.line)[span.column - 1:]]
    parts += [source.line_text(line) for line in range(span.line + 1, span.end_line)]
    parts.append(source.line_text(span.end_line)[:span.end_column - 1])
    return " ".join(" ".join(parts).split())
