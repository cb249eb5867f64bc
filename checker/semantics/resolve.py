"""Names and declarations: syntax nodes -> the resolved model, or located N-findings.

Formulas are typed by `typecheck.py`; this module owns the symbol tables and
every reference between declarations.
"""
from __future__ import annotations

import difflib
from fractions import Fraction

import attrs

from . import model as m
from ..syntax import nodes as n
from ..findings.finding import Finding, Related, finding
from .formula_text import number_literal
from .typecheck import Scope, Typer

RESERVED = frozenset({"old", "changed"})
BUILT_IN_TYPES = frozenset({"bool", "int", "real", "string", "date", "set"})  # an enum may not take these (N210)

_NODE_KINDS = {
    n.Claim: "a claim",
    n.Strategy: "a strategy",
    n.Assumption: "an assumption",
    n.Evidence: "evidence",
    n.Defeater: "a defeater",
    n.Trigger: "a trigger",
}


class _Resolver:
    def __init__(self, case: n.CaseFile):
        self.case = case
        self.findings: list[Finding] = []
        self.enums: dict[str, m.Enum] = {}
        self.members: dict[str, list[str]] = {}  # member name -> enums that have it
        self.context: dict[str, m.Variable] = {}
        self.measures: dict[str, m.Measure] = {}
        self.nodes: dict[str, object] = {}  # argument node name -> syntax node
        self.formula_names: dict[str, object] = {}  # name -> declaring Ident, for duplicates

    # ---- declarations ------------------------------------------------------

    def declare(self, table: dict, ident: n.Ident, value) -> bool:
        if ident.text in table:
            first = table[ident.text]
            self.duplicate(ident, getattr(first, "span", None))
            return False
        table[ident.text] = value
        return True

    def duplicate(self, ident: n.Ident, first_span) -> None:
        self.findings.append(finding(
            "N102", ident.span, name=ident.text,
            related=(Related(first_span, "first declared here"),),
        ))

    def claim_formula_name(self, ident: n.Ident) -> bool:
        """Context variables, measures and enum values share the names a formula may use."""
        if ident.text in RESERVED:
            self.findings.append(finding("N104", ident.span, name=ident.text))
            return False
        return self.declare(self.formula_names, ident, ident)

    def declare_enums(self) -> None:
        for decl in self.case.of_type(n.EnumDecl):
            members = {}  # a dict keeps the order and answers membership at once (100,000 members)
            for member in decl.members:
                if member.text in members:
                    self.duplicate(member, None)
                    continue
                members[member.text] = None
                self.members.setdefault(member.text, []).append(decl.name.text)
            if decl.name.text in BUILT_IN_TYPES:
                self.findings.append(finding("N210", decl.name.span, name=decl.name.text))
                continue
            self.declare(self.enums, decl.name, m.Enum(decl.name.text, tuple(members), decl.span))
        for member, owners in self.members.items():
            if member in RESERVED:
                self.findings.append(finding("N104", self.member_ident(member).span, name=member))

    def member_ident(self, member: str) -> n.Ident:
        for decl in self.case.of_type(n.EnumDecl):
            for ident in decl.members:
                if ident.text == member:
                    return ident
        raise KeyError(member)

    def resolve_type(self, ref: n.TypeRef) -> m.Type | None:
        if ref.kind not in ("enum", "set"):
            return m.Type(ref.kind)
        if ref.enum.text not in self.enums:
            self.undefined(ref.enum, "enum", self.enums)
            return None
        return m.Type(ref.kind, ref.enum.text)

    def declare_context(self) -> None:
        for var in self.case.of_type(n.ContextVar):
            var_type = self.resolve_type(var.type)
            if var_type is None or not self.claim_formula_name(var.name):
                continue
            if var.name.text in self.members:
                self.duplicate(var.name, self.member_ident(var.name.text).span)
                continue
            self.context[var.name.text] = m.Variable(var.name.text, var_type, var.affordance, var.span)

    def declare_measures(self) -> None:
        for decl in self.case.of_type(n.MeasureDecl):
            if not self.claim_formula_name(decl.name):
                continue
            if decl.name.text in self.members:
                self.duplicate(decl.name, self.member_ident(decl.name.text).span)
                continue
            params = []
            for param in decl.params:
                if param.text not in self.enums:
                    self.undefined(param, "enum", self.enums)
                params.append(param.text)
            measure_type = self.resolve_type(decl.type)
            if measure_type is None:
                continue
            if measure_type.kind not in ("real", "int", "bool"):
                self.findings.append(finding(
                    "N201", decl.type.span, place=f"measure `{decl.name.text}`",
                    expected="real, int or bool", found=str(measure_type)))
                continue
            low, high = self.measure_range(decl, measure_type)
            self.measures[decl.name.text] = m.Measure(
                decl.name.text, tuple(params), measure_type, low, high, decl.span)

    def measure_range(self, decl: n.MeasureDecl, measure_type: m.Type):
        if decl.low is None:
            return None, None
        if measure_type.kind == "bool":
            self.findings.append(finding(
                "N201", decl.type.span, place=f"range of measure `{decl.name.text}`",
                expected="a numeric measure", found="bool"))
            return None, None
        low, high = (self.constant_number(bound) for bound in (decl.low, decl.high))
        if low is not None and high is not None and low > high:
            self.findings.append(finding("N207", decl.span, low=_num(low), high=_num(high), name=decl.name.text))
        return low, high

    def constant_number(self, expr) -> Fraction | None:
        if isinstance(expr, n.Number):
            return expr.value
        if isinstance(expr, n.Unary) and expr.op == "neg":
            value = self.constant_number(expr.operand)
            return None if value is None else -value
        self.findings.append(finding(
            "N201", expr.span, place="a measure range", expected="a number", found="an expression"))
        return None

    def declare_nodes(self) -> None:
        for item in self.case.items:
            if type(item) in _NODE_KINDS:
                self.declare(self.nodes, item.name, item)

    # ---- references -----------------------------------------------------------

    def undefined(self, ident: n.Ident, kind: str, candidates) -> None:
        close = difflib.get_close_matches(ident.text, list(candidates), n=1, cutoff=0.6)
        help_text = f"did you mean `{close[0]}`?" if close else None
        self.findings.append(finding("N101", ident.span, kind=kind, name=ident.text, help=help_text))

    def refs(self, idents, wanted: tuple, place: str, expected: str) -> tuple:
        """Check that each name is an argument node of one of the `wanted` syntax classes."""
        kept = []
        for ident in idents:
            node = self.nodes.get(ident.text)
            if node is None:
                pool = [k for k, v in self.nodes.items() if isinstance(v, wanted)]
                self.undefined(ident, expected.removeprefix("a ").removeprefix("an "), pool)
            elif not isinstance(node, wanted):
                self.findings.append(finding(
                    "N103", ident.span, name=ident.text, actual=_NODE_KINDS[type(node)],
                    place=place, expected=expected))
            else:
                kept.append(ident)
        return tuple(kept)

    # ---- the pass -------------------------------------------------------------------

    def run(self) -> m.Case | None:
        self.declare_enums()
        self.declare_context()
        self.declare_measures()
        self.declare_nodes()
        typer = Typer(self.enums, self.members, self.context, self.measures, self.findings)
        case = self.resolve_case(typer)
        return None if self.findings else case

    def resolve_case(self, typer: Typer) -> m.Case:
        header = self.case.header
        boundaries = self.case.of_type(n.Boundary)
        for extra in boundaries[1:]:
            self.findings.append(finding(
                "N102", extra.span, name="boundary",
                related=(Related(boundaries[0].span, "first declared here"),)))
        boundary = None
        if boundaries:
            boundary = tuple(typer.formula(f, Scope.world("the boundary")) for f in boundaries[0].formulas)
        return m.Case(
            path=self.case.path, name=header.name.text, title=header.title,
            version=header.version, author=header.author, header_span=header.span,
            enums=self.enums, context=self.context, measures=self.measures,
            boundary=boundary,
            assumptions=self.table(n.Assumption, lambda a: self.assumption(a, typer)),
            claims=self.table(n.Claim, lambda c: self.claim(c, typer)),
            strategies=self.table(n.Strategy, self.strategy),
            evidence=self.table(n.Evidence, lambda e: self.evidence(e, typer)),
            defeaters=self.table(n.Defeater, lambda d: self.defeater(d, typer)),
            accept=self.accept(typer),
            triggers=self.table(n.Trigger, lambda t: self.trigger(t, typer)),
            decision=self.decision(),
            requires=tuple(self.requirement(r, typer) for r in self.case.of_type(n.Requires)),
            conditions=tuple(self.side_condition(c, typer) for c in self.case.of_type(n.SideCondition)),
            parties=self.parties(),
        )

    def parties(self) -> dict:
        """The declared parties by name; a second party of one name is N102."""
        parties = {}
        for decl in self.case.of_type(n.Party):
            first = parties.get(decl.name.text)
            if first is not None:
                self.findings.append(finding("N102", decl.span, name=decl.name.text,
                                             related=(Related(first.span, "first declared here"),)))
                continue
            parties[decl.name.text] = m.Party(decl.name.text, decl.title, decl.role.text, decl.span, decl.role.span)
        return parties

    def requirement(self, decl: n.Requires, typer: Typer) -> m.Requirement:
        if decl.by_param:  # a bare name outside a pattern: nothing puts a path in
            self.findings.append(finding("N201", decl.span, place="`requires`", expected="a path in quotes",
                                         found=f"the name `{decl.path}`"))
        condition = None
        if decl.condition is not None:
            condition = typer.formula(decl.condition, Scope.argument("the `when` of `requires`"))
        return m.Requirement(decl.path, decl.span, condition)

    def side_condition(self, decl: n.SideCondition, typer: Typer) -> m.SideCondition:
        place = f"a `where` of pattern `{decl.pattern}` (instance `{decl.prefix}`)"
        return m.SideCondition(decl.pattern, decl.prefix, typer.formula(decl.formula, Scope.argument(place)), decl.span,
                               decl.arguments)

    def table(self, cls, convert) -> dict:
        """Resolve every declaration of one kind that won its name, keyed by name."""
        return {
            item.name.text: convert(item)
            for item in self.case.of_type(cls)
            if self.nodes.get(item.name.text) is item
        }

    def assumption(self, decl: n.Assumption, typer: Typer) -> m.Assumption:
        formula = None
        if decl.formula is not None:
            formula = typer.formula(decl.formula, Scope.argument(f"assumption `{decl.name.text}`"))
        return m.Assumption(decl.name.text, decl.title, formula, decl.span)

    def claim(self, decl: n.Claim, typer: Typer) -> m.Claim:
        place = f"claim `{decl.name.text}`"
        if decl.family is not None:  # only a pattern's instances expand a family; here its variable would be unknown
            self.findings.append(finding("N211", decl.family.span or decl.span, name=decl.name.text,
                                         variable=decl.family.variable.text, enum=decl.family.enum.text))
            decl = attrs.evolve(decl, within=None, formula=None)
        within = typer.formula(decl.within, Scope.world(f"the `within` of {place}")) if decl.within else None
        formula = typer.formula(decl.formula, Scope.argument(place)) if decl.formula is not None else None
        return m.Claim(
            decl.name.text, decl.title, within, formula,
            self.refs(decl.strategies, (n.Strategy,), f"`by` in {place}", "a strategy"),
            self.refs(decl.evidence, (n.Evidence,), f"`evidence` after {place}", "evidence"),
            decl.span,
        )

    def strategy(self, decl: n.Strategy) -> m.Strategy:
        place = f"strategy `{decl.name.text}`"
        return m.Strategy(
            decl.name.text, decl.title,
            self.refs(decl.premises, (n.Claim,), f"`from` in {place}", "a claim"),
            self.refs(decl.given, (n.Assumption,), f"`given` in {place}", "an assumption"),
            decl.span, decl.judge,
        )

    def evidence(self, decl: n.Evidence, typer: Typer) -> m.Evidence:
        place = f"evidence `{decl.name.text}`"
        shows = tuple(typer.formula(f, Scope.argument(f"`shows` of {place}")) for f in decl.shows)
        setting = None
        if decl.setting is not None:
            setting = tuple(self.setting_item(item, typer, place) for item in decl.setting)
            setting = tuple(item for item in setting if item is not None)
        return m.Evidence(
            decl.name.text, decl.title, decl.kind, decl.model, decl.date, decl.expires, setting,
            shows, decl.source, decl.replicated_by, decl.access, decl.redaction_reason, decl.span,
        )

    def setting_item(self, item: n.SettingItem, typer: Typer, place: str):
        var = self.context.get(item.name.text)
        if var is None and item.name.text in self.measures:  # a measure is what the evaluation measured, not set
            self.findings.append(finding("N205", item.name.span, place=f"the setting of {place}", name=item.name.text))
            return None
        if var is None:
            self.undefined(item.name, "context variable", self.context)
            return None
        value = typer.constant(item.value, var.type, f"setting `{item.name.text}` of {place}")
        return None if value is None else (var.name, value)

    def defeater(self, decl: n.Defeater, typer: Typer) -> m.Defeater:
        place = f"defeater `{decl.name.text}`"
        if decl.param is not None:  # `status NAME` outside a pattern: no parameter gives it an answer
            self.findings.append(finding("N201", decl.param.span, place=f"the status of {place}",
                                         expected="open, rebutted by ..., or accepted \"reason\"",
                                         found=f"the name `{decl.param.text}`"))
        targets = (n.Claim, n.Strategy, n.Evidence, n.Assumption)
        return m.Defeater(
            decl.name.text, decl.title,
            self.refs(decl.against, targets, f"`against` in {place}", "a claim, strategy, evidence or assumption"),
            decl.status,
            self.refs(decl.rebutted_by, (n.Evidence,), f"`rebutted by` in {place}", "evidence"),
            decl.reason, decl.span,
            asserts=typer.formula(decl.asserts, Scope.argument(f"what {place} asserts")) if decl.asserts else None,
            owner=decl.owner,
        )

    def accept(self, typer: Typer) -> m.Accept | None:
        blocks = self.case.of_type(n.Accept)
        if not blocks:
            return None
        for extra in blocks[1:]:
            self.findings.append(finding(
                "N102", extra.span, name="accept", related=(Related(blocks[0].span, "first declared here"),)))
        block = blocks[0]
        requires = tuple(typer.formula(f, Scope.argument("`require` of the accept block")) for f in block.requires)
        if block.margin is not None and not 0 < block.margin < 1:
            self.findings.append(finding("N201", block.margin_span or block.span, place="`margin` of the accept block",
                                         expected="a fraction strictly between 0 and 1",
                                         found=number_literal(block.margin)))
        return m.Accept(requires, tuple(s.text for s in block.stakeholders), block.authority,
                        block.margin, block.span, tuple(s.span for s in block.stakeholders), block.authority_span)

    def trigger(self, decl: n.Trigger, typer: Typer) -> m.Trigger:
        place = f"trigger `{decl.name.text}`"
        condition = typer.formula(decl.condition, Scope.change(place))
        reopens = None
        if decl.reopens is not None:
            reopens = self.refs(decl.reopens, (n.Claim,), f"`reopens` in {place}", "a claim")
        return m.Trigger(decl.name.text, decl.title, condition, reopens, decl.span)

    def decision(self) -> m.Decision | None:
        decisions = self.case.of_type(n.Decision)
        for extra in decisions[1:]:
            self.findings.append(finding(
                "N102", extra.span, name="decision", related=(Related(decisions[0].span, "first declared here"),)))
        if not decisions:
            return None
        d = decisions[0]
        return m.Decision(d.kind.text, d.authority, d.on, d.expires, d.span)


def _num(value: Fraction) -> str:
    return number_literal(value)  # exact, and never through float (a 1,000-digit bound overflowed it: X002)


def resolve(case: n.CaseFile) -> tuple[m.Case | None, list[Finding]]:
    """Bind names and type formulas. Returns the model, or None with the findings that block it."""
    resolver = _Resolver(case)
    resolved = resolver.run()
    return resolved, resolver.findings
