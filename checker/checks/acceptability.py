"""Acceptability that means something (G210-G214, L227): who bears the risk, who signs, and a criterion that rules something out.

The accept block names its stakeholders; each must be a declared `party` with a
role, so the checker can tell whether anyone outside the developer and its
customers has a say (G211). The accept `authority` must not be the author or the
author's own team (G213), and the decision must be signed by that authority
(G214). A `require` that no world inside the boundary can break accepts nothing
(L227).
"""
from __future__ import annotations

import re

import attrs

from ..findings.finding import Related, finding
from ..logic.solver import Impossible, Unknown
from .context import CheckContext, unknown_finding
from .known import FamilyResult, Known

# The roles a party may have. A customer buys the deployment, a user uses it (both chose
# to take on its risk); a third party is affected without having chosen it; a regulator
# oversees. Only third parties stand for the people who bear the risk without consent.
ROLES = ("developer", "customer", "user", "third_party", "regulator")
_RISK_BEARERS = {"third_party"}


def check_acceptability(cx: CheckContext, known: Known) -> FamilyResult:
    """The case's own acceptability errors, which a decision then rests on (L210)."""
    vacuous = _vacuous(cx) if known.boundary_admits else ()  # with no deployment every criterion is vacuous: L209
    return FamilyResult((*_roles(cx), *_stakeholders(cx), *_authority(cx), *vacuous), known)


def check_signer(cx: CheckContext) -> list:
    """The decision's own fault, judged after L210: signed by someone other than the accept authority."""
    return list(_signer(cx))


def _roles(cx: CheckContext):
    for party in cx.case.parties.values():
        if party.role not in ROLES:
            yield finding("G212", party.role_span or party.span, party=party.name, role=party.role,
                          roles=", ".join(ROLES))


def _stakeholders(cx: CheckContext):
    """G210 for a stakeholder that is no declared party; G211 when none of them is an affected third party."""
    accept = cx.case.accept
    if accept is None or not accept.stakeholders:
        return  # no accept block is G206, no stakeholders G204
    parties = cx.case.parties
    spans = dict(zip(accept.stakeholders, accept.stakeholder_spans))
    undeclared = [name for name in accept.stakeholders if name not in parties]
    for name in undeclared:
        yield finding("G210", spans.get(name) or accept.span, name=name)
    if undeclared or any(parties[name].role not in ROLES for name in accept.stakeholders):
        return  # the roles cannot all be read: G210 or G212 says why
    if not any(parties[name].role in _RISK_BEARERS for name in accept.stakeholders):
        shown = ", ".join(f"`{name}` ({parties[name].role})" for name in accept.stakeholders)
        related = tuple(Related(parties[name].span, f"party `{name}`") for name in accept.stakeholders)
        yield finding("G211", _listed(accept) or accept.span, stakeholders=shown, related=related)


def _listed(accept):
    """The span of the stakeholder names as the `for` lines list them, or None."""
    spans = [span for span in accept.stakeholder_spans if span is not None]
    if not spans:
        return None
    first, last = spans[0], spans[-1]
    return attrs.evolve(first, end_line=last.end_line, end_column=last.end_column)


def _authority(cx: CheckContext):
    """G213: the accept authority is the author, or names the author's team (or the author names it)."""
    accept, author = cx.case.accept, cx.case.author
    if accept is None or author is None or not (accept.authority or "").strip():
        return  # a missing author is G002, a missing authority G205
    if same_body(accept.authority, author):
        yield finding("G213", accept.authority_span or accept.span, authority=accept.authority, author=author)


def same_body(authority: str, author: str) -> bool:
    """Equal names, or one name inside the other as whole words: "Lead, Safety Team" is of the "Safety Team"."""
    mine, theirs = _words(authority), _words(author)
    if not mine or not theirs:
        return False
    return _inside(theirs, mine) or _inside(mine, theirs)


def _words(text: str) -> tuple:
    return tuple(re.findall(r"[^\W_]+", text.casefold()))


def _inside(part: tuple, whole: tuple) -> bool:
    return any(whole[i:i + len(part)] == part for i in range(len(whole) - len(part) + 1))


def _signer(cx: CheckContext):
    """G214: the decision is signed by someone other than the authority the accept block names."""
    accept, decision = cx.case.accept, cx.case.decision
    if accept is None or decision is None or not (accept.authority or "").strip():
        return
    if _words(decision.authority) != _words(accept.authority):
        yield finding("G214", decision.span, signer=decision.authority, authority=accept.authority,
                      related=(Related(accept.span, "the accept block naming the authority"),))


def _vacuous(cx: CheckContext):
    """L227: a `require` that holds in every world inside the boundary (measures within their ranges)."""
    accept = cx.case.accept
    if accept is None:
        return
    for require in accept.requires:
        answer = cx.ask("L227", "accept").possible(cx.boundary, negated=(require,))
        span = require.span or accept.span
        if isinstance(answer, Impossible):
            yield finding("L227", span)
        elif isinstance(answer, Unknown):
            yield unknown_finding(span, "whether the acceptance criterion rules anything out", answer)

