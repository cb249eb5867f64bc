"""Names that resolve but say something other than the author meant (N212-N219, warnings).

Resolution (semantics/resolve.py) stops at a name it cannot bind; what it binds
may still be written twice in one list, or carry a marker that means nothing for
its type. Neither makes the case unreadable, so they are warnings, located at the
place to mend.
"""
from __future__ import annotations

from ..findings.finding import Related, finding
from .context import CheckContext
from .settings import ORDERED  # the types an `affordance` orders, as the elicitation check reads them


def check_names(cx: CheckContext) -> list:
    return [*_repeated_references(cx), *_unordered_affordances(cx)]


def _reference_lists(case):
    """(what the list is, its idents) for every list of references to argument nodes."""
    for claim in case.claims.values():
        yield f"`by` of claim `{claim.name}`", claim.strategies
        yield f"`evidence` of claim `{claim.name}`", claim.evidence
    for strategy in case.strategies.values():
        yield f"`from` of strategy `{strategy.name}`", strategy.premises
        yield f"`given` of strategy `{strategy.name}`", strategy.given
    for defeater in case.defeaters.values():
        yield f"`against` of defeater `{defeater.name}`", defeater.against
        yield f"`rebutted by` of defeater `{defeater.name}`", defeater.rebutted_by
    for trigger in case.triggers.values():
        yield f"`reopens` of trigger `{trigger.name}`", trigger.reopens or ()


def _repeated_references(cx: CheckContext):
    """N212: a name listed twice in one list (`from G1, G1`): the second adds nothing, and was likely meant
    to be another name."""
    for place, idents in _reference_lists(cx.case):
        first = {}
        for ident in idents:
            if ident.text in first:
                yield finding("N212", ident.span, name=ident.text, place=place,
                              related=(Related(first[ident.text].span, f"`{ident.text}` listed first here"),))
            else:
                first[ident.text] = ident


def _unordered_affordances(cx: CheckContext):
    """N213: `affordance` on a variable whose type has no "more" (a string, an enum, a date)."""
    for var in cx.case.context.values():
        if var.affordance and var.type.kind not in ORDERED:
            shown = f"a value of enum `{var.type.enum}`" if var.type.kind == "enum" else f"a {var.type.kind}"
            yield finding("N213", var.span, name=var.name, type=shown)
