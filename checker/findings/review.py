"""The review set of a change: which claims reviewers must look at again, and what those claims rest on.

Plain data, kept on the finding that asks for the review (C209, C201 in a diff)
and, merged, on the report of the whole diff, so a script reads it without
parsing messages.
"""
from __future__ import annotations

import attrs


@attrs.frozen
class ReviewSet:
    """Names only, each tuple in the case's source order.

    `reopened` are the claims the fired triggers name (every claim for
    `reopens all`, and every claim when the new configuration leaves the
    boundary, since no proof of the case speaks for it); `above` the claims
    that rest on a reopened one through strategies and are not reopened
    themselves; `evidence` the evidence cited directly by any claim of the set;
    `triggers` the triggers that fired; `outside` whether the new
    configuration leaves the boundary.
    """

    triggers: tuple = ()
    reopened: tuple = ()
    above: tuple = ()
    evidence: tuple = ()
    outside: bool = False

    @property
    def claims(self) -> tuple:
        """Every claim to review: the reopened ones and those above them."""
        return self.reopened + self.above

    @property
    def required(self) -> bool:
        """A review is required: some trigger fired or the change leaves the boundary."""
        return bool(self.triggers) or self.outside

    def as_dict(self) -> dict:
        """JSON-ready: lists of names and the `outside` flag."""
        return {"triggers": list(self.triggers), "reopened": list(self.reopened), "above": list(self.above),
                "claims": list(self.claims), "evidence": list(self.evidence), "outside": self.outside}
