"""Change control (C1xx rules): every exit from the boundary fires a trigger, every boundary variable is
watched, and every trigger can fire and reopens something the argument rests on."""
from __future__ import annotations

from ..semantics import model as m
from ..findings.finding import Related, finding
from ..logic.solver import Found, Impossible, Unknown
from ..semantics.evaluate import MissingValue, evaluate
from ..semantics.formula_text import formula_text
from ..semantics.world import show_value
from .context import CheckContext, unknown_finding


def check_change_control(cx: CheckContext) -> list:
    return [*_boundary_watch(cx), *_dead_triggers(cx), *_idle_triggers(cx)]


def _boundary_watch(cx: CheckContext) -> list:
    case = cx.case
    if case.boundary is None or not case.boundary:
        return []  # no boundary is G003; an empty one rules nothing out
    inside = m.conjunction(case.boundary)
    outside = cx.boundary_excludes()
    if isinstance(outside, Unknown):
        return [unknown_finding(case.header_span, "whether the boundary rules anything out", outside)]
    if isinstance(outside, Impossible):
        return []  # every deployment is inside: nothing can leave, and G003 says so
    return [*_slipping_change(cx, inside), *_unwatched_variables(cx)]


# ---- C101: a change that leaves the boundary fires nothing -------------------------------


def _slipping_change(cx: CheckContext, inside):
    case = cx.case
    old_inside = [m.to_old(f) for f in case.boundary]
    answer = cx.ask("C101", "boundary").find_world([*old_inside, m.Not(inside)], negated=_conditions(case))
    if isinstance(answer, Unknown):
        yield unknown_finding(case.header_span, "whether every change that leaves the boundary fires a trigger", answer)
    elif isinstance(answer, Found):
        world = _single_change(cx, inside, old_inside) or answer.world
        yield finding("C101", case.header_span, details=_pair_lines(world), world=world,
                      related=_left_lines(cx, world),
                      help="add a trigger that fires on this change, such as one on a variable the noted "
                           "boundary line reads")


def _left_lines(cx: CheckContext, world) -> tuple:
    """The boundary lines the new configuration breaks: where the change leaves the boundary."""
    lines = []
    for formula in cx.case.boundary:
        try:
            broken = evaluate(formula, world, cx.case) is False
        except MissingValue:
            continue
        if broken and formula.span is not None:
            lines.append(Related(formula.span, f"`{formula_text(formula)}` is false in the new configuration"))
    return tuple(lines)


def _single_change(cx: CheckContext, inside, old_inside):
    """A slipping change of one variable alone, if there is one: far easier to read than the solver's first pair.

    Only a nicer example of a failure already shown, so an undecided variable is skipped.
    """
    for name, _ in _boundary_variables(cx.case.boundary):
        if not _can_change(cx.case, name):
            continue
        formulas = [*old_inside, *_only_changed(cx.case, name), m.Not(inside)]
        answer = cx.ask("C101", name).find_world(formulas, negated=_conditions(cx.case))
        if isinstance(answer, Found):
            return answer.world
    return None


def _pair_lines(world) -> tuple:
    """The old configuration, then the new one, in the case's own names."""
    lines = ["old configuration (inside the boundary):"]
    lines += [f"  {name} = {show_value(value)}" for name, value in sorted(world.old.items())]
    lines.append("new configuration (outside the boundary):")
    lines += [f"  {name} = {show_value(value)}" for name, value in sorted(world.context.items())]
    if not world.exact:
        lines.append("(some values are irrational; they are shown rounded to 12 places)")
    return tuple(lines)


# ---- C102: a boundary variable no trigger watches ----------------------------------------


def _unwatched_variables(cx: CheckContext):
    case = cx.case
    conditions = _conditions(case)
    old_inside = [m.to_old(f) for f in case.boundary]
    for name, span in _boundary_variables(case.boundary):
        if not _can_change(case, name):
            continue  # a one-member enum has no change to watch
        if not conditions:
            yield finding("C102", span, variable=name)  # nothing can fire at all
            continue
        fires = [*old_inside, *_only_changed(case, name), m.disjunction(conditions)]
        # The change must be what fires it: a trigger that holds with nothing changed
        # (`max_users > 2 * old(max_users)` for a negative count) watches nothing.
        quiet = m.disjunction([m.to_old(c) for c in conditions])
        answer = cx.ask("C102", name).possible(fires, negated=(quiet,))
        if isinstance(answer, Impossible):
            yield finding("C102", span, variable=name)
        elif isinstance(answer, Unknown):
            yield unknown_finding(span, f"whether a trigger watches `{name}`", answer)


def _can_change(case: m.Case, name: str) -> bool:
    var_type = case.context[name].type
    if var_type.kind == "enum":
        return len(case.enums[var_type.enum].members) > 1
    if var_type.kind == "set":
        return len(case.enums[var_type.enum].members) > 0
    return True


def _only_changed(case: m.Case, name: str) -> list:
    """The new configuration equals the old one except on `name`, which differs."""
    pairs = []
    for other, decl in case.context.items():
        op = "!=" if other == name else "=="
        pairs.append(m.Compare(op, m.CtxVar(other, decl.type), m.OldVar(other, decl.type)))
    return pairs


def _boundary_variables(formulas) -> list:
    """(name, span of the first boundary formula that mentions it), in order of first mention."""
    seen = {}
    for formula in formulas:
        for name in m.variable_names([formula]):
            seen.setdefault(name, formula.span)
    return list(seen.items())


# ---- C103: a trigger that can never fire; C104: one that reopens nothing the argument rests on ----


def _dead_triggers(cx: CheckContext):
    """A trigger whose condition no change from a configuration inside the boundary satisfies.

    The new configuration may lie anywhere, since a trigger that fires only on
    leaving the boundary (internet switched on, where the boundary forbids it)
    does its work exactly then; the old one must be covered, since changes
    from uncovered deployments are no business of this case.
    """
    old_inside = [m.to_old(f) for f in cx.boundary]
    for trigger in cx.case.triggers.values():
        if trigger.condition is None:
            continue
        answer = cx.ask("C103", trigger.name).possible([*old_inside, trigger.condition])
        if isinstance(answer, Impossible):
            yield finding("C103", trigger.condition.span or trigger.span, trigger=trigger.name)
        elif isinstance(answer, Unknown):
            yield unknown_finding(trigger.span, f"whether trigger `{trigger.name}` can fire", answer)


def _idle_triggers(cx: CheckContext):
    """A trigger all of whose reopened claims lie outside the argument (none is reachable from a top claim)."""
    argument = cx.argument_nodes()
    if not argument:
        return  # no top claim at all (a circle, G101; or no claim, G108): every trigger would read as idle
    for trigger in cx.case.triggers.values():
        named = list(cx.case.claims) if trigger.reopens is None else [i.text for i in trigger.reopens]
        if named and not any(name in argument for name in named):
            where = trigger.reopens[0].span if trigger.reopens else trigger.span
            yield finding("C104", where, trigger=trigger.name, claims=", ".join(f"`{n}`" for n in named))


# ---- model helpers -------------------------------------------------------------------------


def _conditions(case: m.Case) -> tuple:
    return tuple(t.condition for t in case.triggers.values() if t.condition is not None)
