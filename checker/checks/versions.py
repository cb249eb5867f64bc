"""Case-version judgements (`warrant diff --case OLD NEW`): is the new version of a case weaker than the old?

Both versions may check clean while the new one asks less: a threshold relaxed
from 0.15 to 0.2 is threshold gaming spread over time. Every comparison is made
in the new version's vocabulary: the old version's formulas are typed again
against the new case's names (a name the new version no longer declares is
C306), and the solver looks for the world that separates the two versions.

* boundary (C302): a deployment inside the new boundary and outside the old one;
* claim (C301): inside both boundaries, a world where the new claim (its
  `within` included) holds and the old one fails; a claim whose formula was
  dropped is weaker too; a claim the new version no longer has is C303;
* acceptance (C304): a world where every new `require` holds and some old one
  fails, or the accept block gone; (C305) a margin lowered or dropped.

Each finding is a review (exit 1) and carries the separating world as data.
"""
from __future__ import annotations

import attrs

from ..findings.finding import Related, finding
from ..logic.queries import asking
from ..logic.solver import Found, Unknown
from ..semantics import model as m
from ..semantics.evaluate import MissingValue, evaluate
from ..semantics.formula_text import formula_text
from ..semantics.graph import argument_graph, support_graph
from ..semantics.typecheck import Scope, Typer
from ..semantics.world import show_number
from ..syntax import nodes as n
from .context import unknown_finding
from .scope import reopened_claims, source_text


class Versions:
    """The two versions: resolved models, the old one's syntax, and a prover over the new one."""

    def __init__(self, old: m.Case, old_syntax: n.CaseFile, new: m.Case, prover, old_source=None):
        self.old, self.new, self.prover = old, new, prover
        self.old_syntax, self.old_source = old_syntax, old_source
        self.findings = []
        self.typer = Typer.for_case(new, self.findings, unknown_name=self._unknown)
        self.both = [*(self.retyped_boundary() or ()), *(new.boundary or ())]

    def _unknown(self, kind: str, name: str, span, help: str | None):
        return finding("C306", span, name=name, kind=kind, case=self.new.name)

    def ask(self, rule: str, node: str):
        """The prover over the new version, its queries named for the rule and node (logic/queries.py)."""
        return asking(self.prover, rule, node, self.new.name)

    def items(self, kind):
        return [item for item in self.old_syntax.items if isinstance(item, kind)]

    def retyped(self, formula, scope: Scope):
        """An old formula typed against the new case's names, or None (C306 or a type error reported)."""
        return None if formula is None else self.typer.formula(formula, scope)

    def retyped_boundary(self):
        blocks = self.items(n.Boundary)
        if not blocks:
            return None
        formulas = [self.retyped(f, Scope.world("the old boundary")) for f in blocks[0].formulas]
        return None if any(f is None for f in formulas) else formulas


def version_findings(old: m.Case, old_syntax: n.CaseFile, new: m.Case, prover, old_source=None) -> list:
    """C301-C307: every way the new version asks less than the old (`old_source` quotes old lines as written)."""
    versions = Versions(old, old_syntax, new, prover, old_source)
    found = [*_boundary(versions), *_claims(versions), *_acceptance(versions), *_declarations(versions)]
    return versions.findings + found


# ---- declarations (C307) ------------------------------------------------------------------------------


def _declarations(v: Versions):
    """C307: an enum the claims range over that lost members, a measure range made smaller, an affordance
    unmarked, a given assumption new or stronger, claims that fewer changes reopen."""
    ranged = _ranged_enums(v.old)
    for name, old_enum in v.old.enums.items():
        new_enum = v.new.enums.get(name)
        if new_enum is None or name not in ranged:
            continue  # a removed enum makes its formulas C306
        dropped = [member for member in old_enum.members if member not in new_enum.members]
        if dropped:
            shown = ", ".join(f"`{member}`" for member in dropped)
            yield _narrowed(v, "enum", name, f"it lost {'member' if len(dropped) == 1 else 'members'} {shown}",
                            new_enum.span, old_enum.span)
    for name, old_measure in v.old.measures.items():
        new_measure = v.new.measures.get(name)
        if new_measure is not None and _narrower(old_measure, new_measure):
            change = f"its range {_range(old_measure)} became {_range(new_measure)}"
            yield _narrowed(v, "measure", name, change, new_measure.span, old_measure.span)
    for name, old_var in v.old.context.items():
        new_var = v.new.context.get(name)
        if old_var.affordance and new_var is not None and not new_var.affordance:
            change = "it is no longer an affordance, so no evaluation need grant as much of it as deployments get"
            yield _narrowed(v, "context variable", name, change, new_var.span, old_var.span)
    yield from _assumptions(v)
    yield from _change_control(v)


def _assumptions(v: Versions):
    """C307 for an assumption a strategy is given that is new, or assumes more than the old one of its name."""
    given = {ref.text for strategy in v.new.strategies.values() for ref in strategy.given}
    written = {item.name.text: item for item in v.items(n.Assumption)}
    for name, new_assumption in v.new.assumptions.items():
        if new_assumption.formula is None or name not in given:
            continue  # an informal or unused assumption establishes nothing formally
        old_assumption = v.old.assumptions.get(name)
        if old_assumption is None or old_assumption.formula is None:
            yield _narrowed(v, "assumption", name, "it is new, and a strategy is given it", new_assumption.span, None)
            continue
        if name not in written:
            continue  # made by a pattern in the old version: its arguments are compared with the claims
        old_formula = v.retyped(written[name].formula, Scope.argument(f"the old assumption `{name}`"))
        if old_formula is None:
            continue  # C306 or a type error explains it
        answer = v.ask("C307", name).find_world([*v.both, old_formula], negated=(new_assumption.formula,))
        if isinstance(answer, Unknown):
            yield unknown_finding(new_assumption.span, f"whether assumption `{name}` assumes more than before",
                                  answer, name)
        elif isinstance(answer, Found):
            found = _narrowed(v, "assumption", name, "it assumes more than before", new_assumption.span,
                              old_assumption.span)
            yield attrs.evolve(found, world=answer.world, details=(
                f"old: `{formula_text(old_formula)}`", f"new: `{formula_text(new_assumption.formula)}`",
                "a world inside both boundaries where the old assumption holds and the new one does not:",
                *(f"  {line}" for line in answer.world.lines())))


def _change_control(v: Versions):
    """C307 for claims that fewer changes reopen: a change (from inside the new boundary) that fired an old
    trigger reopening them fires no new trigger that does. Judged per group of claims the same triggers
    reopen, so renaming or regrouping triggers without losing what they watch is not reported."""
    old_conditions = _old_trigger_conditions(v)
    if not old_conditions:
        return
    groups = {}
    old_reopening, new_reopening = _reopening(v.old), _reopening(v.new)
    for name in v.old.claims:
        if name not in v.new.claims:
            continue  # a claim the new version dropped is C303
        key = (frozenset(t for t in old_reopening.get(name, ()) if t in old_conditions),
               frozenset(new_reopening.get(name, ())))
        if key[0]:
            groups.setdefault(key, []).append(name)
    inside = [m.to_old(f) for f in v.new.boundary or ()]
    for (old_set, new_set), claims in groups.items():
        fired_before = m.disjunction([old_conditions[t] for t in sorted(old_set)])
        fires_now = m.disjunction([v.new.triggers[t].condition for t in sorted(new_set)
                                   if v.new.triggers[t].condition is not None])
        answer = v.ask("C307", f"reopen-{claims[0]}").find_world([*inside, fired_before], negated=(fires_now,))
        if isinstance(answer, Unknown):
            yield unknown_finding(v.new.header_span, f"whether fewer changes reopen `{claims[0]}`", answer, claims[0])
        elif isinstance(answer, Found):
            yield _fewer_reopenings(v, claims, old_set, old_conditions, answer.world)


def _fewer_reopenings(v: Versions, claims, old_set, old_conditions, world):
    fired = [t for t in sorted(old_set) if _holds(v, old_conditions[t], world)] or sorted(old_set)
    named = "`" + _first_few(claims, "`, `") + "`"
    kind, name = ("claim", claims[0]) if len(claims) == 1 else ("claims", _first_few(claims, "`, `"))
    change = f"a change that fired {', '.join(f'`{t}`' for t in fired)} before reopens {'it' if len(claims) == 1 else 'them'} no more"
    here = next((v.new.triggers[t].span for t in fired if t in v.new.triggers), None) or v.new.header_span
    related = [Related(v.old.triggers[t].span, f"trigger `{t}` in the old version") for t in fired
               if v.old.triggers[t].span is not None]
    details = (f"claims reopened no more by this change: {named}",
               "a change from inside the new boundary that fires no new trigger reopening them:",
               *(f"  {line}" for line in world.lines()))
    return attrs.evolve(finding("C307", here, kind=kind, name=name, change=change, related=related),
                        world=world, details=details)


def _first_few(names: list, joint: str) -> str:
    """The first five names and how many more: a group of 2,000 family members is not listed whole."""
    shown = joint.join(names[:5])
    return shown + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def _reopening(case: m.Case) -> dict:
    """Claim -> the triggers that put it up for review: those that reopen it or a claim it rests on, as
    `diff` reads them (scope.reopened_claims)."""
    support = support_graph(argument_graph(case))
    by_claim = {}
    for name, trigger in case.triggers.items():
        for claim in reopened_claims(case, support, trigger):
            by_claim.setdefault(claim, []).append(name)
    return by_claim


def _old_trigger_conditions(v: Versions) -> dict:
    """Each old trigger's condition typed in the new version's names (written out and read back, as a claim
    a pattern made is: see _instance_meaning); a trigger whose condition names what the new version dropped
    is left out (C306 is reported for it at the trigger)."""
    from ..syntax.build import read

    conditions = {}
    for name, trigger in v.old.triggers.items():
        if trigger.condition is None:
            continue
        syntax, problems = read(f'trigger X_ "x": {formula_text(trigger.condition)} reopens all\n', "<old>", "items")
        if syntax is None or problems:
            continue
        before = len(v.findings)
        typed = v.retyped(syntax.items[0].condition, Scope.change(f"the old trigger `{name}`"))
        v.findings[before:] = [attrs.evolve(f, span=trigger.span) for f in v.findings[before:]]
        if typed is not None:
            conditions[name] = typed
    return conditions


def _narrowed(v: Versions, kind: str, name: str, change: str, new_span, old_span):
    related = [Related(old_span, f"{kind} `{name}` in the old version")] if old_span else []
    return finding("C307", new_span or v.new.header_span, kind=kind, name=name, change=change, related=related)


def _narrower(old: m.Measure, new: m.Measure) -> bool:
    """The new declared range leaves out values the old allowed (an unbounded end counts as the widest)."""
    low = new.low is not None and (old.low is None or new.low > old.low)
    high = new.high is not None and (old.high is None or new.high < old.high)
    return low or high


def _range(measure: m.Measure) -> str:
    if measure.low is None and measure.high is None:
        return "(none)"
    low = show_number(measure.low) if measure.low is not None else "-inf"
    high = show_number(measure.high) if measure.high is not None else "inf"
    return f"[{low}, {high}]"


def _ranged_enums(case: m.Case) -> set:
    """Enums a measure takes as a parameter, or a quantifier or aggregate anywhere in the case ranges over."""
    ranged = {enum for measure in case.measures.values() for enum in measure.params}
    stack, seen = [case], set()
    while stack:  # every model object below the case, without recursion (formulas may nest deeply)
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, m.Quant):
            ranged |= {enum for _, enum in node.variables}
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (tuple, list)):
            stack.extend(node)
        elif hasattr(type(node), "__attrs_attrs__") and not isinstance(node, m.Const):
            stack.extend(getattr(node, f.name) for f in type(node).__attrs_attrs__)
    return ranged


# ---- the boundary ------------------------------------------------------------------------------


def _boundary(v: Versions):
    old_formulas = v.retyped_boundary()
    if not v.old.boundary:
        return  # the old version covered every deployment already: nothing can widen
    if old_formulas is None:
        return  # C306 or a type error already says why the boundaries cannot be compared
    answer = v.ask("C302", "boundary").find_world(list(v.new.boundary or ()), negated=(m.conjunction(old_formulas),))
    span = _boundary_span(v.new) or v.new.header_span
    if isinstance(answer, Unknown):
        yield unknown_finding(span, "whether the new boundary is wider than the old", answer)
    elif isinstance(answer, Found):
        broken = [_as_written(v, f) for f in old_formulas if not _holds(v, f, answer.world)]
        span = _widened_line(v, old_formulas, answer.world) or span
        details = ["a deployment inside the new boundary and outside the old one:",
                   *(f"  {line}" for line in answer.world.lines()),
                   "it breaks these lines of the old boundary:", *(f"  `{text}`" for text in broken)]
        related = [Related(_boundary_span(v.old), "the old boundary")] if _boundary_span(v.old) else []
        yield finding("C302", span, case=v.new.name, details=details, related=related, world=answer.world)


def _as_written(v: Versions, formula) -> str:
    """An old boundary line as its author wrote it (`region in {"us", "eu"}`, not the `or` it stands for)."""
    if v.old_source is None or formula.span is None:
        return formula_text(formula)
    return source_text(v.old_source, formula.span)


def _widened_line(v: Versions, old_formulas, world):
    """The new boundary line that widened it: written differently from every old line, about a variable of a
    broken old line (the first such line), or None when no single line stands out."""
    old_texts = {formula_text(f) for f in old_formulas}
    changed = [f for f in v.new.boundary or () if formula_text(f) not in old_texts and f.span is not None]
    broken = set(m.variable_names([f for f in old_formulas if not _holds(v, f, world)]))
    about = [f for f in changed if broken & set(m.variable_names([f]))]
    chosen = about or changed
    return chosen[0].span if chosen else None


def _boundary_span(case: m.Case):
    spans = [f.span for f in case.boundary or () if f.span is not None]
    if not spans:
        return None
    first, last = spans[0], spans[-1]
    return type(first)(first.path, first.line, first.column, last.end_line, last.end_column)


def _holds(v: Versions, formula, world) -> bool:
    try:
        return evaluate(formula, world, v.new) is True
    except MissingValue:
        return True


# ---- claims ----------------------------------------------------------------------------------------


def _claims(v: Versions):
    """Every claim of the old version: those written in it, and those its `use` lines make from patterns
    (`cyber.G1[vuln_discovery]`), whose thresholds are the use line's arguments."""
    written = {claim.name.text: claim for claim in v.items(n.Claim)}
    for name, old_model in v.old.claims.items():
        old_claim = written.get(name)
        new_claim = v.new.claims.get(name)
        if new_claim is None:
            yield finding("C303", old_claim.span if old_claim is not None else old_model.span, claim=name)
            continue
        if old_model.formula is None:
            continue  # an informal claim asked nothing a formula could weaken
        if new_claim.formula is None:
            yield _weaker(v, name, new_claim, old_model, None, ["the new version states no formula for it"])
            continue
        old_meaning = _old_meaning(v, name, old_claim) if old_claim is not None else _instance_meaning(v, old_model)
        if old_meaning is None:
            continue  # C306 or a type error explains it
        answer = v.ask("C301", name).find_world([*v.both, _meaning(new_claim.within, new_claim.formula, False)],
                                              negated=(old_meaning,))
        if isinstance(answer, Unknown):
            yield unknown_finding(new_claim.span, f"whether claim `{name}` is weaker than before", answer, name)
        elif isinstance(answer, Found):
            lines = _threshold_lines(old_model.formula, new_claim.formula)
            lines += ["a world inside both boundaries where the new claim holds and the old one fails:",
                      *(f"  {line}" for line in answer.world.lines())]
            yield _weaker(v, name, new_claim, old_model, answer.world, lines)


def _old_meaning(v: Versions, name: str, old_claim):
    """A claim written in the old version, its syntax typed against the new version's names."""
    return _meaning(v.retyped(old_claim.within, Scope.world(f"the old `within` of `{name}`")),
                    v.retyped(old_claim.formula, Scope.argument(f"the old claim `{name}`")),
                    old_claim.within is not None)


def _instance_meaning(v: Versions, old_model):
    """A claim a pattern made in the old version has no syntax of its own: its resolved formula is written
    out as case text (as `export-gsn` writes it), read back, and typed against the new version's names.
    What that typing reports (C306) is placed at the old claim's `use` line."""
    from ..syntax.build import read

    parts = [old_model.within, old_model.formula]
    snippet = "".join(f'assume X{i}_ "x": {formula_text(part)}\n' for i, part in enumerate(parts) if part is not None)
    syntax, problems = read(snippet, "<old>", "items")
    if syntax is None or problems:
        return None  # cannot happen for a formula Warrant printed; comparing nothing is safer than guessing
    before = len(v.findings)
    typed = [v.retyped(item.formula, Scope.argument(f"the old claim `{old_model.name}`")) for item in syntax.items]
    v.findings[before:] = [attrs.evolve(f, span=old_model.span) for f in v.findings[before:]]
    within = typed[0] if old_model.within is not None else None
    return _meaning(within, typed[-1], old_model.within is not None)


def _meaning(within, formula, had_within: bool):
    """What a claim asserts: `within W: F` is `W implies F`; None when a part could not be typed."""
    if formula is None or (had_within and within is None):
        return None
    return formula if within is None else m.Logic("implies", within, formula)


def _weaker(v: Versions, name: str, new_claim, old_claim, world, lines):
    shown = [f"old: `{_text(old_claim)}`", f"new: `{_text(new_claim)}`", *lines]
    return finding("C301", new_claim.span, claim=name, details=shown, world=world,
                   related=[Related(old_claim.span, f"claim `{name}` in the old version")])


def _text(claim) -> str:
    if claim.formula is None:
        return "informal"
    body = formula_text(claim.formula)
    return f"within {formula_text(claim.within)}: {body}" if claim.within is not None else body


def _threshold_lines(old, new) -> list:
    """`threshold 0.15 became 0.2` for each number that changed in formulas otherwise written alike."""
    changes = []
    if old is None or not _same_shape(old, new, changes):
        return []
    return [f"threshold {show_number(a)} became {show_number(b)}" for a, b in changes if a != b]


def _same_shape(a, b, changes: list) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, m.Const):
        if not (a.type.numeric and b.type.numeric):
            return a == b
        changes.append((a.value, b.value))
        return True
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same_shape(x, y, changes) for x, y in zip(a, b))
    fields = getattr(type(a), "__attrs_attrs__", None)
    if fields is None:
        return a == b
    return all(_same_shape(getattr(a, f.name), getattr(b, f.name), changes) for f in fields if f.eq)


# ---- acceptance ---------------------------------------------------------------------------------


def _acceptance(v: Versions):
    old_blocks = v.items(n.Accept)
    if not old_blocks:
        return
    old_accept, new_accept = old_blocks[0], v.new.accept
    where = new_accept.span if new_accept is not None else v.new.header_span
    related = [Related(old_accept.span, "the old accept block")]
    if new_accept is None:
        yield finding("C304", where, case=v.new.name, details=["the new version has no accept block"],
                      related=related)
        return
    yield from _criterion(v, old_accept, new_accept, where, related)
    if old_accept.margin is not None and (new_accept.margin is None or new_accept.margin < old_accept.margin):
        now = show_number(new_accept.margin) if new_accept.margin is not None else "none"
        yield finding("C305", where, old=show_number(old_accept.margin), new=now, related=related)


def _criterion(v: Versions, old_accept, new_accept, where, related):
    old_requires = [v.retyped(r, Scope.argument("the old accept block")) for r in old_accept.requires]
    if not old_requires or any(r is None for r in old_requires):
        return
    answer = v.ask("C304", "accept").find_world([*v.both, *new_accept.requires], negated=(m.conjunction(old_requires),))
    if isinstance(answer, Unknown):
        yield unknown_finding(where, "whether the acceptance criterion is weaker than before", answer)
    elif isinstance(answer, Found):
        changed = [line for old_r, new_r in zip(old_requires, new_accept.requires)
                   for line in _threshold_lines(old_r, new_r)] if len(old_requires) == len(new_accept.requires) else []
        details = [*(f"old: require `{formula_text(r)}`" for r in old_requires),
                   *(f"new: require `{formula_text(r)}`" for r in new_accept.requires), *changed,
                   "a world inside both boundaries where every new require holds and an old one fails:",
                   *(f"  {line}" for line in answer.world.lines())]
        yield finding("C304", where, case=v.new.name, details=details, related=related, world=answer.world)
