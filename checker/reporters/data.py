"""A finding's data for machine formats (json, sarif): its template fields, counterexample and conflicting set.

Values are written so nothing is rounded: numbers as exact decimal or `p/q`
strings, booleans as JSON booleans, dates as ISO strings, enum members and
strings as strings, sets as sorted lists of members.
"""
from __future__ import annotations

import datetime
from fractions import Fraction

from ..semantics.world import Member, Unlisted, show_number


def finding_data(f) -> dict:
    """`fields` always; `counterexample`, `conflicting_set` and `review` when the finding has them."""
    data = {"fields": {name: value if isinstance(value, (bool, int, str)) or value is None else value_data(value)
                       for name, value in f.fields}}
    if f.world is not None:
        data["counterexample"] = world_data(f.world)
    if f.members:
        data["conflicting_set"] = list(f.members)
    if f.review is not None:
        data["review"] = f.review.as_dict()
    return data


def world_data(world) -> dict:
    """A world as data: the deployment (and, for changes, the previous one) and the measures' values."""
    data = {"context": _values(world.context), "measures": [
        {"measure": name, "args": list(args), "value": value_data(value)}
        for (name, args), value in sorted(world.measures.items())
    ], "exact": world.exact}
    if world.old:
        data["old"] = _values(world.old)
    return data


def _values(values: dict) -> dict:
    return {name: value_data(value) for name, value in sorted(values.items())}


def value_data(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, Fraction):
        return show_number(value)
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Unlisted):
        return None  # a string the case never writes: any such string would do
    if isinstance(value, (Member, str)):
        return str(value)
    return str(value)
