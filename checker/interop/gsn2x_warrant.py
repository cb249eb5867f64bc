"""What a gsn2x diagram carries for Warrant in extra keys: their names, and reading them back, checked.

`warrant export-gsn` writes a case's formulas, evidence metadata, defeater statuses
and verdicts into gsn2x's extra keys (gsn2x keeps extra keys and can show them as
layers: `gsn2x -l warrant-formula`). `warrant import-gsn` reads them back, so the
export of a case imports to an equal case. Every value is case-language text; each
is parsed on its own before it is used, and one that does not parse is the located
error I006, so nothing can be smuggled into the case through a field.
"""
from __future__ import annotations

import datetime
import re

from ..syntax.parser import parse

PREFIX = "warrant-"

# On nodes.
FORMULA, WITHIN, VERDICT = "warrant-formula", "warrant-within", "warrant-verdict"
KIND, MODEL, DATE, EXPIRES = "warrant-kind", "warrant-model", "warrant-date", "warrant-expires"
SETTING, SHOWS, SOURCE, REPLICATED_BY = "warrant-setting", "warrant-shows", "warrant-source", "warrant-replicated-by"
ACCESS, REDACTION_REASON = "warrant-access", "warrant-redaction-reason"
STATUS, REBUTTED_BY, REASON = "warrant-status", "warrant-rebutted-by", "warrant-reason"
OWNER, ASSERTS, JUDGE = "warrant-owner", "warrant-asserts", "warrant-judged-by"
# On the module block.
CASE, TITLE, VERSION, AUTHOR = "warrant-case", "warrant-title", "warrant-version", "warrant-author"
DECLARATIONS = "warrant-declarations"

NODE_KEYS = frozenset({FORMULA, WITHIN, VERDICT, KIND, MODEL, DATE, EXPIRES, SETTING, SHOWS, SOURCE, REPLICATED_BY,
                       ACCESS, REDACTION_REASON, STATUS, REBUTTED_BY, REASON, OWNER, ASSERTS, JUDGE})
MODULE_KEYS = frozenset({CASE, TITLE, VERSION, AUTHOR, DECLARATIONS, VERDICT})

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class Invalid(Exception):
    """A warrant- field whose value is not what the case language can take: which field, and why."""

    def __init__(self, key: str, problem: str):
        super().__init__(problem)
        self.key = key


def quote(text: str) -> str:
    """A case-language string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


# ---- checking one value -----------------------------------------------------------------------------


def text(value, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(key, "must be a non-empty string")
    return value


def string(value, key: str) -> str:
    """Any string, blank ones too: the check reports a blank name (G109), the import keeps it."""
    if not isinstance(value, str):
        raise Invalid(key, "must be a string")
    return value


def formula(value, key: str) -> str:
    """A formula, checked by parsing it alone as the body of an assumption."""
    written = text(value, key)
    _parses(f'assume X_ "x": {written}\n', "assume_decl", key)
    return " ".join(written.split("\n"))


def name(value, key: str) -> str:
    written = text(value, key)
    if not _NAME.match(written):
        raise Invalid(key, f"must be a name (letters, digits and _), not {written!r}")
    return written


def date(value, key: str) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    try:
        return datetime.date.fromisoformat(text(value, key)).isoformat()
    except ValueError:
        raise Invalid(key, f"must be a date YYYY-MM-DD, not {value!r}") from None


def setting(value, key: str) -> str:
    written = text(value, key)
    _parses(f'evidence X_ "x" {{ setting {written} }}\n', "evidence_decl", key, fields=1)
    return " ".join(written.split("\n"))


def names(value, key: str) -> list:
    items = value if isinstance(value, list) else [value]
    return [name(item, key) for item in items]


def declarations(value, key: str) -> str:
    """Case-language items other than argument nodes (enums, context, measures, boundary, accept, ...)."""
    written = text(value, key)
    tree, findings = parse(written, "<" + key + ">", "items")
    if tree is None:
        raise Invalid(key, f"does not parse: line {findings[0].span.line}: {findings[0].message}")
    allowed = {"enum_decl", "context_decl", "measure_decl", "boundary_decl", "accept_decl", "party_decl",
               "trigger_decl", "decision_decl", "requires_decl"}
    for item in tree.children:
        if getattr(item, "data", None) not in allowed:
            raise Invalid(key, "may declare only enums, context, measures, the boundary, accept, parties, triggers, "
                               f"the decision and requires, not {getattr(item, 'data', item)}")
    return written.rstrip("\n") + "\n"


def _parses(snippet: str, rule: str, key: str, fields: int | None = None) -> None:
    """The snippet parses as exactly one item of the given rule (so a value cannot close it and add another),
    and, when `fields` is given, that item has exactly that many fields."""
    tree, findings = parse(snippet, "<" + key + ">", "items")
    if tree is None:
        raise Invalid(key, f"does not parse: {findings[0].message}")
    if len(tree.children) != 1 or getattr(tree.children[0], "data", None) != rule:
        raise Invalid(key, "must be one value, not several items")
    if fields is not None and sum(1 for c in tree.children[0].children if hasattr(c, "data")) != fields:
        raise Invalid(key, "must be one value, not several fields")


# ---- evidence fields, as case text ----------------------------------------------------------------------


def evidence_fields(fields: dict, url) -> list:
    """The lines inside an evidence block, from its warrant- fields (a gsn2x `url` is its source if none is given)."""
    lines = []
    if fields.get(KIND) is not None:
        lines.append(f"kind {name(fields[KIND], KIND)}")
    if fields.get(MODEL) is not None:
        lines.append(f"model {quote(text(fields[MODEL], MODEL))}")
    dates = [f"{word} {date(fields[key], key)}" for word, key in (("date", DATE), ("expires", EXPIRES))
             if fields.get(key) is not None]
    if dates:
        lines.append("  ".join(dates))
    if fields.get(SETTING) is not None:
        lines.append(f"setting {setting(fields[SETTING], SETTING)}")
    shows = fields.get(SHOWS)
    for shown in ([] if shows is None else shows if isinstance(shows, list) else [shows]):
        lines.append(f"shows {formula(shown, SHOWS)}")
    source = fields.get(SOURCE, url)
    if source is not None:
        lines.append(f"source {quote(text(str(source), SOURCE))}")
    if fields.get(REPLICATED_BY) is not None:
        lines.append(f"replicated_by {quote(text(fields[REPLICATED_BY], REPLICATED_BY))}")
    lines += _access(fields)
    return lines


def _access(fields: dict) -> list:
    access = fields.get(ACCESS)
    if access is None:
        return []
    if access == "public":
        return ["access public"]
    if access == "redacted":
        reason = fields.get(REDACTION_REASON)
        return ["access redacted" + (f" {quote(str(reason))}" if reason is not None else "")]
    raise Invalid(ACCESS, f"must be public or redacted, not {access!r}")


def defeater_status(fields: dict, evidence_name) -> str:
    """`status ...` for a defeater; `evidence_name(id)` gives the case name of a rebutting evidence id or raises."""
    status = fields.get(STATUS, "open")
    if status == "open":
        return "status open"
    if status == "rebutted":
        rebutters = names(fields.get(REBUTTED_BY) or [], REBUTTED_BY)
        if not rebutters:
            raise Invalid(REBUTTED_BY, "must name the evidence that rebuts the defeater")
        return "status rebutted by " + ", ".join(evidence_name(item) for item in rebutters)
    if status == "accepted":
        owner = f" owner {quote(text(fields[OWNER], OWNER))}" if OWNER in fields else ""
        return f"status accepted {quote(text(fields.get(REASON), REASON))}{owner}"
    raise Invalid(STATUS, f"must be open, rebutted or accepted, not {status!r}")
