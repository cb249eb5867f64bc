"""Parse tree -> typed syntax nodes (checker.nodes), one small function per rule."""
from __future__ import annotations

import datetime
import functools
import re
import sys
from fractions import Fraction

import attrs
import lark

from . import nodes as n
from ..findings.finding import Finding, finding
from .parser import parse
from .source import Span


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.findings: list[Finding] = []

    # ---- spans ---------------------------------------------------------------

    # A leaf is a token of Lark's or of lark-cython's (which is no `str`): leaves are told from trees, never
    # checked as `lark.Token`, and read as text with `str()`.

    def span(self, item) -> Span | None:
        if not isinstance(item, lark.Tree):
            return Span(self.path, item.line, item.column, item.end_line, item.end_column)
        ends = item._ends  # the first and last tokens of its text (trees.Tree)
        if ends is None:
            return None
        first, last = ends
        return Span(self.path, first.line, first.column, last.end_line, last.end_column)

    def ident(self, token: lark.Token) -> n.Ident:
        return n.Ident(_name(token), self.span(token))

    def names(self, tree: lark.Tree) -> tuple:
        """A name_list: plain names, instance names (`cyber.G1`) and family members (`cyber.G1[novice]`)."""
        return tuple(self.ref(child) for child in tree.children)

    def ref(self, item) -> n.Ident:
        if not isinstance(item, lark.Tree):
            return self.ident(item)
        if item.data == "member_ref":
            family, member = item.children
            return n.Ident(f"{family}[{member}]", self.span(item))
        return self.ident(item.children[0])

    # ---- file ----------------------------------------------------------------

    def case_file(self, tree: lark.Tree) -> n.CaseFile:
        """A whole case (`start`), or a file of bare items (`items`), which has no header."""
        header_tree, *item_trees = tree.children if tree.data == "start" else (None, *tree.children)
        items = []
        for item_tree in item_trees:
            item = self.item(item_tree)
            if isinstance(item, n.EvidenceRefs):
                self.attach_evidence(items, item)
            else:
                items.append(item)
        header = self.header(header_tree) if header_tree is not None else None
        return n.CaseFile(self.path, header, tuple(items), self.span(tree))

    def attach_evidence(self, items: list, refs: n.EvidenceRefs) -> None:
        if items and isinstance(items[-1], n.Claim):
            claim = items[-1]
            items[-1] = _evolve(claim, evidence=claim.evidence + refs.names)
            return
        names = ", ".join(ident.text for ident in refs.names)
        self.findings.append(finding("S004", refs.span, names=names))

    def header(self, tree: lark.Tree) -> n.Header:
        name, title, *fields = tree.children
        values = self.single_fields(fields, "the case header")
        return n.Header(
            self.ident(name), _string(title),
            values.get("version"), values.get("author"), self.span(tree),
        )

    def single_fields(self, fields, owner: str) -> dict:
        """Fields that may appear once, as {field: value}; a repeat is a finding."""
        values = {}
        for field in fields:
            key = field.data
            if key in values:
                self.findings.append(finding("S005", self.span(field), field=key, owner=owner))
                continue
            values[key] = _string(field.children[0])
        return values

    def item(self, tree: lark.Tree):
        return getattr(self, tree.data)(tree)

    def item_as_read(self, tree: lark.Tree) -> tuple:
        """An item built while the parser reads on (`parser.parse`'s `each_item`): (node, its findings).

        Its findings are set aside and join the others where the item stands
        (`made`), so they come in the order a build of the whole tree gives.
        """
        before = len(self.findings)
        try:
            return self.item(tree), self.findings[before:]
        finally:
            del self.findings[before:]

    def made(self, tree: lark.Tree):
        """An item built as it was read (trees.made)."""
        node, findings = tree.children[0].value
        self.findings += findings
        return node

    # ---- world -----------------------------------------------------------------

    def enum_decl(self, tree):
        name, *members = tree.children
        return n.EnumDecl(self.ident(name), tuple(self.ident(m) for m in members), self.span(tree))

    def context_decl(self, tree):
        return tuple(self.context_var(child) for child in tree.children)

    def context_var(self, tree):
        name, type_tree, affordance = tree.children
        return n.ContextVar(self.ident(name), self.type_ref(type_tree), affordance is not None, self.span(tree))

    def type_ref(self, tree) -> n.TypeRef:
        kind = tree.data[2:]  # t_bool -> bool
        enum = self.ident(tree.children[0]) if tree.children else None
        return n.TypeRef(kind, enum, self.span(tree))

    def measure_decl(self, tree):
        name, params, type_tree, range_tree = tree.children
        param_names = tuple(self.ident(p) for p in params.children) if params is not None else ()
        low = high = None
        if range_tree is not None:
            low, high = (self.expr(child) for child in range_tree.children)
        return n.MeasureDecl(self.ident(name), param_names, self.type_ref(type_tree), low, high, self.span(tree))

    def boundary_decl(self, tree):
        return n.Boundary(tuple(self.expr(child) for child in tree.children), self.span(tree))

    def requires_decl(self, tree):
        target, condition = tree.children
        by_param = target.type == "NAME"
        path = str(target) if by_param else _string(target)
        condition = self.expr(condition) if condition is not None else None
        return n.Requires(path, self.span(tree), condition=condition, by_param=by_param)

    # ---- argument ----------------------------------------------------------------

    def body(self, tree):
        """The formula of a claim or assumption; None when informal or absent."""
        if tree is None or tree.data == "informal_body":
            return None
        return self.expr(tree.children[0])

    def assume_decl(self, tree):
        name, title, body = tree.children
        return n.Assumption(self.ident(name), _string(title), self.body(body), self.span(tree))

    def claim_decl(self, tree):
        name, family, title, within, body, claim_by = tree.children
        return n.Claim(
            family=self.family_index(family) if family is not None else None,
            name=self.ident(name),
            title=_string(title),
            within=self.expr(within.children[0]) if within is not None else None,
            formula=self.body(body),
            strategies=self.names(claim_by.children[0]) if claim_by is not None else (),
            evidence=(),
            span=self.span(tree),
        )

    def family_index(self, tree):
        variable, enum = tree.children
        return n.FamilyIndex(self.ident(variable), self.ident(enum), self.span(tree))

    def evidence_refs(self, tree):
        return n.EvidenceRefs(self.names(tree.children[0]), self.span(tree))

    def strategy_decl(self, tree):
        name, title, premises, given, judged = tree.children
        return n.Strategy(
            self.ident(name), _string(title),
            self.names(premises.children[0]) if premises is not None else (),
            self.names(given.children[0]) if given is not None else (),
            self.span(tree),
            judge=_string(judged.children[0]) if judged is not None else None,
        )

    # ---- evidence and the rest -------------------------------------------------------

    def evidence_decl(self, tree):
        name, title, *fields = tree.children
        values: dict = {}
        shows = []
        for field in fields:
            if field.data == "ev_shows":
                shows.append(self.expr(field.children[0]))
                continue
            key, value = self.evidence_field(field)
            if key in values:
                shown = "access" if key in ("access", "redaction_reason") else key
                self.findings.append(finding("S005", self.span(field), field=shown, owner=f"evidence `{name}`"))
                continue
            values[key] = value
        access = values.pop("access", None)
        return n.Evidence(
            self.ident(name), _string(title), shows=tuple(shows), span=self.span(tree),
            access=access[0] if access else None,
            redaction_reason=access[1] if access else None,
            **values,
        )

    def evidence_field(self, field) -> tuple[str, object]:
        kind, children = field.data, field.children
        if kind == "ev_kind":
            return "kind", _name(children[0])
        if kind == "ev_model":
            return "model", _string(children[0])
        if kind in ("ev_date", "ev_expires"):
            return kind[3:], self.date(children[0])
        if kind == "ev_setting":
            items = [c for c in children if c is not None]
            return "setting", tuple(self.setting_item(c) for c in items)
        if kind == "ev_source":
            return "source", _string(children[0])
        if kind == "ev_replicated_by":
            return "replicated_by", _string(children[0])
        if kind == "ev_public":
            return "access", ("public", None)
        reason = _string(children[0]) if children and children[0] is not None else None
        return "access", ("redacted", reason)

    def setting_item(self, tree):
        name, value = tree.children
        return n.SettingItem(self.ident(name), self.expr(value), self.span(tree))

    def defeater_decl(self, tree):
        name, title, against, asserts, status = tree.children
        common = dict(name=self.ident(name), title=_string(title), against=self.names(against), span=self.span(tree),
                      asserts=self.expr(asserts.children[0]) if asserts is not None else None)
        if status is None or status.data == "st_open":
            return n.Defeater(status="open", **common)
        if status.data == "st_rebutted":
            return n.Defeater(status="rebutted", rebutted_by=self.names(status.children[0]), **common)
        if status.data == "st_param":
            return n.Defeater(status="param", param=self.ident(status.children[0]), **common)
        reason, owner = status.children
        return n.Defeater(status="accepted", reason=_string(reason), owner=_owner(owner), **common)

    def accept_decl(self, tree):
        requires, stakeholders, once = [], [], {}
        for field in tree.children:
            if field.data == "acc_require":
                requires.append(self.expr(field.children[0]))
            elif field.data == "acc_for":
                stakeholders.extend(self.names(field.children[0]))
            elif field.data in once:
                name = field.data.removeprefix("acc_")
                self.findings.append(finding("S005", self.span(field), field=name, owner="accept"))
            else:
                once[field.data] = field.children[0]
        authority = _string(once["acc_authority"]) if "acc_authority" in once else None
        margin = Fraction(str(once["acc_margin"])) if "acc_margin" in once else None
        margin_span = self.span(once["acc_margin"]) if "acc_margin" in once else None
        authority_span = self.span(once["acc_authority"]) if "acc_authority" in once else None
        return n.Accept(tuple(requires), tuple(stakeholders), authority, margin, self.span(tree), margin_span,
                        authority_span)

    def trigger_decl(self, tree):
        name, title, condition, scope = tree.children
        reopens = None if scope.data == "reopens_all" else self.names(scope.children[0])
        return n.Trigger(self.ident(name), _string(title), self.expr(condition), reopens, self.span(tree))

    def party_decl(self, tree):
        name, title, role = tree.children
        return n.Party(self.ident(name), _string(title), self.ident(role), self.span(tree))

    def decision_decl(self, tree):
        kind, authority, on, expires = tree.children
        return n.Decision(
            self.ident(kind), _string(authority), self.date(on),
            self.date(expires.children[0]) if expires is not None else None,
            self.span(tree),
        )

    # ---- patterns ------------------------------------------------------------------

    def import_decl(self, tree):
        target = tree.children[0]
        if target.type == "STRING":
            return n.Import(_string(target), False, self.span(tree))
        return n.Import(str(target), True, self.span(tree))

    def pattern_decl(self, tree):
        name, title, *rest = tree.children
        params = [self.param(child) for child in rest if isinstance(child, lark.Tree) and child.data == "pattern_param"]
        conditions = [self.expr(child.children[0]) for child in rest
                      if isinstance(child, lark.Tree) and child.data == "where_clause"]
        items = []
        for child in rest:
            if isinstance(child, lark.Tree) and child.data not in ("pattern_param", "where_clause"):
                item = self.item(child)
                if isinstance(item, n.EvidenceRefs):
                    self.attach_evidence(items, item)
                else:
                    items.append(item)
        return n.Pattern(self.ident(name), _string(title) if title is not None else "", tuple(params),
                         tuple(conditions), _flatten(items), self.span(tree))

    def param(self, tree):
        name, kind_tree = tree.children
        kind = kind_tree.data.removeprefix("p_")
        fields = {}
        if kind == "measure":
            params, type_tree, range_tree = kind_tree.children
            names = params.children if params is not None else ()
            fields["params"] = tuple(self.ident(p) for p in names if p is not None)
            fields["type"] = self.type_ref(type_tree)
            fields.update(self.bounds(range_tree))
        elif kind == "value":
            type_tree, range_tree = kind_tree.children
            fields["type"] = self.type_ref(type_tree)
            fields.update(self.bounds(range_tree))
        return n.Param(self.ident(name), kind, span=self.span(tree), **fields)

    def bounds(self, range_tree) -> dict:
        if range_tree is None:
            return {}
        low, high = (self.expr(child) for child in range_tree.children)
        return {"low": low, "high": high}

    def use_decl(self, tree):
        pattern, *args, prefix = tree.children
        built = tuple(n.UseArg(self.ident(arg.children[0]), self.use_value(arg.children[1]), self.span(arg))
                      for arg in args if arg is not None)
        return n.Use(self.ident(pattern), built, self.ident(prefix), self.span(tree))

    def use_value(self, tree):
        """An argument: an expression, or the answer to a defeater for a `status` parameter."""
        if isinstance(tree, lark.Tree) and tree.data.startswith("sa_"):
            status = tree.data.removeprefix("sa_")
            if status == "accepted":
                reason, owner = tree.children
                return n.StatusArg(status, reason=_string(reason), span=self.span(tree), owner=_owner(owner))
            if status == "rebutted":
                child = tree.children[0]
                refs = self.names(child) if isinstance(child, lark.Tree) and child.data == "name_list" else (self.ref(child),)
                return n.StatusArg(status, rebutted_by=refs, span=self.span(tree))
            return n.StatusArg(status, span=self.span(tree))
        return self.expr(tree)

    def date(self, token) -> datetime.date | None:
        try:
            return datetime.date.fromisoformat(str(token))
        except ValueError:
            self.findings.append(finding("S001", self.span(token), message=f"`{token}` is not a calendar date"))
            return None

    # ---- formulas ------------------------------------------------------------------------

    def expr(self, item):
        if not isinstance(item, lark.Tree):  # only NAME tokens reach here through `?` inlining
            return n.Name(_name(item), self.span(item))
        return getattr(self, "x_" + item.data)(item)

    def x_number(self, tree):
        token = tree.children[0]
        if len(str(token)) > _MAX_DIGITS:
            self.findings.append(finding("S001", self.span(token), message=f"a number may have at most {_MAX_DIGITS} digits"))
            return n.Number(Fraction(0), self.span(tree))
        return n.Number(_fraction(str(token)), self.span(tree))

    def x_date(self, tree):
        return n.DateLit(self.date(tree.children[0]) or datetime.date.min, self.span(tree))

    def x_string(self, tree):
        return n.String(_string(tree.children[0]), self.span(tree))

    def x_true(self, tree):
        return n.BoolLit(True, self.span(tree))

    def x_false(self, tree):
        return n.BoolLit(False, self.span(tree))

    def x_name(self, tree):
        return n.Name(_name(tree.children[0]), self.span(tree))

    def x_apply(self, tree):
        call, *args = tree.children
        span = self.span(call)
        func = n.Ident(sys.intern(str(call)[:-1]), Span(span.path, span.line, span.column, span.end_line, span.end_column - 1))
        return n.Apply(func, self.expr_list(args), self.span(tree))

    def x_set_lit(self, tree):
        return n.SetLit(self.expr_list(tree.children), self.span(tree))

    def expr_list(self, children) -> tuple:
        return tuple(self.expr(child) for child in children if child is not None)

    def x_not_(self, tree):
        return n.Unary("not", self.expr(tree.children[0]), self.span(tree))

    def x_neg(self, tree):
        return n.Unary("neg", self.expr(tree.children[0]), self.span(tree))

    def binary(self, op, tree):
        left, right = tree.children
        return n.Binary(op, self.expr(left), self.expr(right), self.span(tree))

    def x_and_(self, tree):
        return self.binary("and", tree)

    def x_or_(self, tree):
        return self.binary("or", tree)

    def x_implies(self, tree):
        return self.binary("implies", tree)

    def x_iff(self, tree):
        return self.binary("iff", tree)

    def x_add(self, tree):
        return self.binary("+", tree)

    def x_sub(self, tree):
        return self.binary("-", tree)

    def x_mul(self, tree):
        return self.binary("*", tree)

    def x_member(self, tree):
        return self.binary("in", tree)

    def x_not_member(self, tree):
        return self.binary("not in", tree)

    def x_compare(self, tree):
        left, op, right = tree.children
        return n.Binary(_name(op.children[0]), self.expr(left), self.expr(right), self.span(tree))

    def x_interval(self, tree, negated=False):
        subject, low, high = (self.expr(child) for child in tree.children)
        return n.Interval(subject, low, high, negated, self.span(tree))

    def x_not_interval(self, tree):
        return self.x_interval(tree, negated=True)

    def quantified(self, kind, tree):
        binders_tree, body = tree.children
        binders = tuple(
            n.Binder(self.ident(b.children[0]), self.ident(b.children[1])) for b in binders_tree.children
        )
        return n.Quantified(kind, binders, self.expr(body), self.span(tree))

    def x_forall(self, tree):
        return self.quantified("forall", tree)

    def x_exists(self, tree):
        return self.quantified("exists", tree)

    def x_count(self, tree):
        return self.quantified("count", tree)

    def x_sum(self, tree):
        return self.quantified("sum", tree)


def _name(token) -> str:
    """A name's text, one string object however often the file writes it.

    The lexer makes a new string for every token; a 2,000-threat case writes
    its 15,000 names 70,000 times, and the model keeps each (3.2 MB, 0.9 MB interned).
    """
    return sys.intern(str(token))


@functools.lru_cache(maxsize=4096)
def _fraction(digits: str) -> Fraction:
    """A decimal literal's exact value; a case writes the same few numbers thousands of times (Fractions are immutable)."""
    return Fraction(digits)


def _owner(tree) -> str | None:
    """The owner of an accepted risk, from an optional `owner "who"`."""
    return _string(tree.children[0]) if tree is not None else None


def _string(token) -> str:
    """The value of a STRING token (quotes removed, escapes read), or a NAME as text."""
    text = str(token)
    if not text.startswith('"'):
        return text
    if "\\" not in text:
        return text[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


# Far beyond any real threshold, and well inside Python's limit on int() of a string.
_MAX_DIGITS = 1000
_ESCAPES = {"n": "\n", "t": "\t"}
_evolve = attrs.evolve


def build(tree: lark.Tree, path: str) -> tuple[n.CaseFile, list[Finding]]:
    """Turn a parse tree into a CaseFile; structural slips found on the way are findings."""
    builder = _Builder(path)
    case = builder.case_file(tree)
    return _flatten_context(case), builder.findings


def read(text: str, path: str, start: str = "start") -> tuple[n.CaseFile | None, list[Finding]]:
    """Text -> CaseFile, each item built as soon as the parser has read it: (CaseFile, findings of the builder)
    or (None, syntax findings).

    The same result as `build(parse(...))`, without the parse tree of the whole
    file: only one item's tree is alive at a time (the parse tree of the
    2,000-threat case took 42 MB; its nodes take 16 MB).
    """
    builder = _Builder(path)
    tree, findings = parse(text, path, start, each_item=builder.item_as_read)
    if tree is None:
        return None, findings
    case = builder.case_file(tree)
    return _flatten_context(case), builder.findings


def _flatten_context(case: n.CaseFile) -> n.CaseFile:
    return _evolve(case, items=_flatten(case.items))


def _flatten(items) -> tuple:
    """A `context { ... }` block builds a tuple of variables; splice them into the item list."""
    flat = []
    for item in items:
        flat.extend(item if isinstance(item, tuple) else (item,))
    return tuple(flat)
