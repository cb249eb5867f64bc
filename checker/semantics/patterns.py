"""Pattern instantiation: each `use` becomes ordinary items, its argument nodes named under the instance prefix.

Instantiation is substitution on syntax nodes, before names are resolved, so an
instance is checked exactly like items written by hand. Every span inside an
instance points at the `use` line and remembers the pattern line that produced it
(`Span.origin`), so a finding inside an instance is reported where the case uses
the pattern, with a note at the pattern.

What a parameter stands for:
  enum       an enum of the case: replaces the name in types, quantifier domains, families
  measure    a measure of the case with the same signature and a range inside the parameter's
  value      a literal (number in range, string, bool, date, enum member, set of members)
  formula    any formula over the case's names, pasted as one operand
  evidence   one evidence item of the case, or several as `{E1, E2}`
  status     the answer to a defeater: open, accepted "reason", rebutted by E1, E2
Enums, context variables and measures a pattern declares are shared with the case by
name: identical declarations are one, different ones are a duplicate (N102).
"""
from __future__ import annotations

import difflib
from fractions import Fraction

import attrs

from ..findings.finding import Related, finding
from ..syntax import nodes as n
from ..syntax.source import Origin, Span
from .formula_text import number_literal

# Items that describe the whole case; a pattern contributes argument, not these.
_CASE_ONLY = (n.Boundary, n.Accept, n.Party, n.Decision, n.Import, n.Pattern, n.Use)
_NODE_KINDS = (n.Claim, n.Strategy, n.Assumption, n.Evidence, n.Defeater, n.Trigger)
_SHARED = (n.EnumDecl, n.ContextVar, n.MeasureDecl)


@attrs.frozen
class Library:
    """The patterns a case may use, by name, with the file each comes from."""

    patterns: dict  # name -> n.Pattern


def expand(case: n.CaseFile, library: Library) -> tuple[n.CaseFile, list]:
    """The case with every `use` replaced by its instance; findings for uses that cannot be instantiated."""
    findings = []
    for pattern in library.patterns.values():
        findings += check_definition(pattern)
    declared = _declarations(case)
    items, families = [], {}
    for item in case.items:
        if isinstance(item, (n.Pattern, n.Import)):
            continue
        if not isinstance(item, n.Use):
            items.append(item)
            continue
        instance, instance_families, problems = instantiate(item, library, declared)
        findings += problems
        families.update(instance_families)
        for produced in instance:
            if isinstance(produced, _SHARED) and produced in items:
                continue  # the same declaration, already there: shared, not repeated
            items.append(produced)
    items = [_whole_families(item, families) for item in items]
    return attrs.evolve(case, items=tuple(items)), findings


def _whole_families(item, families: dict):
    """A case's reference to a whole family (`from cyber.G1`) stands for every member."""
    if not families:
        return item

    def spread(idents):
        out = []
        for ident in idents:
            out += [attrs.evolve(ident, text=member) for member in families.get(ident.text, (ident.text,))]
        return tuple(out)

    if isinstance(item, n.Strategy):
        return attrs.evolve(item, premises=spread(item.premises))
    if isinstance(item, n.Defeater):
        return attrs.evolve(item, against=spread(item.against))
    if isinstance(item, n.Trigger) and item.reopens is not None:
        return attrs.evolve(item, reopens=spread(item.reopens))
    return item


def _declarations(case: n.CaseFile) -> dict:
    """Enums (name -> member names) and measures (name -> MeasureDecl) the case and its patterns declare."""
    enums, measures = {}, {}
    sources = list(case.items)
    for item in case.items:
        if isinstance(item, n.Pattern):
            sources += list(item.items)
    for item in sources:
        if isinstance(item, n.EnumDecl):
            enums.setdefault(item.name.text, tuple(m.text for m in item.members))
        elif isinstance(item, n.MeasureDecl):
            measures.setdefault(item.name.text, item)
    return {"enums": enums, "measures": measures}


# ---- the pattern itself ---------------------------------------------------------------------


def check_definition(pattern: n.Pattern) -> list:
    """What makes a pattern unusable wherever it is used: case-level items, names it cannot reach."""
    findings = []
    for item in pattern.items:
        if isinstance(item, _CASE_ONLY):
            findings.append(finding("P007", item.span, pattern=pattern.name.text, item=_item_word(item)))
    params = {p.name.text for p in pattern.params}
    nodes = set(_node_names(pattern))
    for ident, place in _node_references(pattern):
        base = ident.text.split("[")[0]
        if base not in nodes and base not in params:
            close = difflib.get_close_matches(base, sorted(nodes | params), n=1, cutoff=0.6)
            findings.append(finding("P008", ident.span, pattern=pattern.name.text, name=ident.text, place=place,
                                    help=f"did you mean `{close[0]}`?" if close else None))
    return findings


def _item_word(item) -> str:
    return {n.Boundary: "a boundary", n.Accept: "an accept block", n.Party: "a party", n.Decision: "a decision",
            n.Import: "an import",
            n.Pattern: "a pattern", n.Use: "a `use`"}[type(item)]


def _node_names(pattern: n.Pattern):
    for item in pattern.items:
        if isinstance(item, _NODE_KINDS):
            yield item.name.text


def _node_references(pattern: n.Pattern):
    """(Ident, where) for every reference from one argument node to another inside the pattern."""
    for item in pattern.items:
        if isinstance(item, n.Claim):
            yield from ((ref, "`by`") for ref in item.strategies)
            yield from ((ref, "`evidence`") for ref in item.evidence)
        elif isinstance(item, n.Strategy):
            yield from ((ref, "`from`") for ref in item.premises)
            yield from ((ref, "`given`") for ref in item.given)
        elif isinstance(item, n.Defeater):
            yield from ((ref, "`against`") for ref in item.against)
            yield from ((ref, "`rebutted by`") for ref in item.rebutted_by)
            if item.param is not None:
                yield item.param, "`status`"
        elif isinstance(item, n.Trigger):
            yield from ((ref, "`reopens`") for ref in item.reopens or ())


# ---- one use ----------------------------------------------------------------------------------


def instantiate(use: n.Use, library: Library, declared: dict) -> tuple[list, dict, list]:
    """The items one `use` stands for and its claim families by name, or nothing and the findings that stop it."""
    pattern = library.patterns.get(use.pattern.text)
    if pattern is None:
        close = difflib.get_close_matches(use.pattern.text, sorted(library.patterns), n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else "import it: `import stdlib.NAME` or `import \"file.case\"`"
        return [], {}, [finding("P001", use.pattern.span, name=use.pattern.text, help=hint)]
    binding, findings = _bind(use, pattern, declared)
    if findings:
        return [], {}, findings
    instance = _Instance(use, pattern, binding, declared)
    return instance.items(), instance.family_names(), []


def _bind(use: n.Use, pattern: n.Pattern, declared: dict) -> tuple[dict, list]:
    """Parameter name -> argument, after checking that every slot is filled once, with the right kind of thing."""
    params = {p.name.text: p for p in pattern.params}
    given, findings = {}, []
    for arg in use.args:
        name = arg.name.text
        if name not in params:
            close = difflib.get_close_matches(name, sorted(params), n=1, cutoff=0.6)
            findings.append(finding("P003", arg.name.span, name=name, pattern=pattern.name.text,
                                    help=f"did you mean `{close[0]}`?" if close else None))
        elif name in given:
            findings.append(finding("N102", arg.name.span, name=name,
                                    related=(Related(given[name].span, "first given here"),)))
        else:
            given[name] = arg
    for param in pattern.params:
        if param.name.text not in given:
            findings.append(finding("P002", use.span, pattern=pattern.name.text, name=param.name.text,
                                    kind=describe_param(param), related=(Related(param.span, "the parameter"),)))
    if findings:
        return {}, findings
    enums = {p.name.text: _enum_name(given[p.name.text].value) for p in pattern.params if p.kind == "enum"}
    for param in sorted(pattern.params, key=lambda p: p.kind != "enum"):  # enums first: the rest depend on them
        enum_wrong = any(f.field("name") in enums for f in findings)
        if enum_wrong and (param.kind == "measure" or (param.type is not None and param.type.enum is not None)):
            continue  # with an enum argument wrong, signatures and members cannot be judged
        problem = _argument_problem(param, given[param.name.text].value, enums, declared)
        if problem is not None:
            findings.append(finding("P004", given[param.name.text].span, name=param.name.text,
                                    expected=describe_param(param, enums), problem=problem,
                                    related=(Related(param.span, "the parameter"),)))
    return {name: arg.value for name, arg in given.items()}, findings


def describe_param(param: n.Param, enums: dict | None = None) -> str:
    """How the parameter reads to a person: `an enum`, `a measure (Risk) -> real in [0, 1]`, ..."""
    enums = enums or {}
    if param.kind == "enum":
        return "an enum"
    if param.kind == "formula":
        return "a formula"
    if param.kind == "evidence":
        return "an evidence item (or several, as {E1, E2})"
    if param.kind == "status":
        return 'the answer to a defeater (open, accepted "reason", rebutted by E1)'
    kind = _type_text(param.type, enums)
    bounds = f" in [{_literal_text(param.low)}, {_literal_text(param.high)}]" if param.low is not None else ""
    if param.kind == "measure":
        signature = ", ".join(enums.get(p.text) or p.text for p in param.params)
        return f"a measure ({signature}) -> {kind}{bounds}"
    return f"a {kind}{bounds}"


def _type_text(type_ref: n.TypeRef, enums: dict) -> str:
    if type_ref.kind == "set":
        return f"set<{enums.get(type_ref.enum.text) or type_ref.enum.text}>"
    if type_ref.kind == "enum":
        return f"value of {enums.get(type_ref.enum.text) or type_ref.enum.text}"
    return type_ref.kind


def _literal_text(expr) -> str:
    value = _number(expr)
    return str(value) if value is None else number_literal(value)  # exact, never through float (overflow)


def _names_in(node):
    """Every bare name in a syntax expression, however deep."""
    if isinstance(node, n.Name):
        yield node.name
    elif isinstance(node, tuple):
        for item in node:
            yield from _names_in(item)
    elif attrs.has(type(node)):
        for field in attrs.fields(type(node)):
            yield from _names_in(getattr(node, field.name))


def _argument_text(value) -> str | None:
    """A literal argument as the case wrote it (numbers exactly), or None for anything else."""
    if _number(value) is not None:
        return _literal_text(value)
    if isinstance(value, n.Name):
        return value.name
    if isinstance(value, n.String):
        return '"' + value.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, n.BoolLit):
        return "true" if value.value else "false"
    if isinstance(value, n.DateLit):
        return value.value.isoformat()
    if isinstance(value, n.SetLit) and all(isinstance(item, n.Name) for item in value.items):
        return "{" + ", ".join(item.name for item in value.items) + "}"
    return None


def _enum_name(value) -> str | None:
    return value.name if isinstance(value, n.Name) else None


def _argument_problem(param: n.Param, value, enums: dict, declared: dict) -> str | None:
    """Why an argument cannot fill a parameter, or None."""
    if param.kind == "status":
        return None if isinstance(value, n.StatusArg) else "it is not the answer to a defeater"
    if isinstance(value, n.StatusArg):
        return "it is the answer to a defeater"
    if param.kind == "enum":
        if not isinstance(value, n.Name) or value.name not in declared["enums"]:
            return "it is not an enum the case declares"
        return None
    if param.kind == "measure":
        return _measure_problem(param, value, enums, declared)
    if param.kind == "evidence":
        names = value.items if isinstance(value, n.SetLit) else (value,)
        return None if names and all(isinstance(item, n.Name) for item in names) else "it does not name evidence"
    if param.kind == "formula":
        return None
    return _value_problem(param, value, enums, declared)


def _measure_problem(param: n.Param, value, enums: dict, declared: dict) -> str | None:
    measure = declared["measures"].get(value.name) if isinstance(value, n.Name) else None
    if measure is None:
        return "it is not a measure the case declares"
    wanted = tuple(enums.get(p.text, p.text) for p in param.params)
    actual = tuple(p.text for p in measure.params)
    if wanted != actual:
        return f"its parameters are ({', '.join(actual)}), not ({', '.join(wanted)})"
    if measure.type.kind != param.type.kind and not {measure.type.kind, param.type.kind} <= {"int", "real"}:
        return f"its values are {measure.type.kind}, not {param.type.kind}"
    if param.low is None:
        return None
    low, high = _number(measure.low), _number(measure.high)
    if low is None or high is None:
        return f"it has no range, and the pattern relies on [{_literal_text(param.low)}, {_literal_text(param.high)}]"
    if low < _number(param.low) or high > _number(param.high):
        return (f"its range [{_literal_text(measure.low)}, {_literal_text(measure.high)}] is not inside "
                f"[{_literal_text(param.low)}, {_literal_text(param.high)}]")
    return None


def _value_problem(param: n.Param, value, enums: dict, declared: dict) -> str | None:
    kind = param.type.kind
    if kind in ("int", "real"):
        number = _number(value)
        if number is None:
            return "it is not a number"
        if kind == "int" and number.denominator != 1:
            return "it is not a whole number"
        if param.low is not None and not _number(param.low) <= number <= _number(param.high):
            return "it is outside the parameter's range"
        return None
    if kind == "string":
        return None if isinstance(value, n.String) else "it is not a string"
    if kind == "bool":
        return None if isinstance(value, n.BoolLit) else "it is not true or false"
    if kind == "date":
        return None if isinstance(value, n.DateLit) else "it is not a date"
    enum = enums.get(param.type.enum.text, param.type.enum.text)
    members = declared["enums"].get(enum, ())
    if kind == "enum":
        return None if isinstance(value, n.Name) and value.name in members else f"it is not a member of `{enum}`"
    items = value.items if isinstance(value, n.SetLit) else None
    if items is None or not all(isinstance(item, n.Name) and item.name in members for item in items):
        return f"it is not a set of members of `{enum}`"
    return None


def _number(expr) -> Fraction | None:
    if isinstance(expr, n.Number):
        return expr.value
    if isinstance(expr, n.Unary) and expr.op == "neg":
        inner = _number(expr.operand)
        return None if inner is None else -inner
    return None


# ---- substitution -------------------------------------------------------------------------------


class _Instance:
    """The items of one pattern under one binding, named under the prefix, spans at the `use`."""

    def __init__(self, use: n.Use, pattern: n.Pattern, binding: dict, declared: dict):
        self.use, self.pattern, self.binding = use, pattern, binding
        self.params = {p.name.text: p for p in pattern.params}
        self.prefix = use.prefix.text
        self.enums = declared["enums"]
        self.families = {}  # family claim name -> member names of its enum
        for item in pattern.items:
            if isinstance(item, n.Claim) and item.family is not None:
                self.families[item.name.text] = self.enums.get(self._enum(item.family.enum.text), ())
        self.local = set(_node_names(pattern))
        self.note = f"produced by pattern `{pattern.name.text}`, instance `{self.prefix}`"

    def items(self) -> list:
        produced = []
        for item in self.pattern.items:
            if isinstance(item, _CASE_ONLY):
                continue  # reported as P007 with the pattern
            if isinstance(item, n.Claim) and item.family is not None:
                produced += [self.family_member(item, member) for member in self.families[item.name.text]]
            else:
                produced.append(self.item(item))
        produced += [n.SideCondition(self.pattern.name.text, self.prefix, self.expr(condition, {}), condition.span,
                                     self._arguments_read(condition))
                     for condition in self.pattern.conditions]
        return [self.relocate(item) for item in produced]

    def _arguments_read(self, condition) -> str:
        """`name = value` for each value parameter the condition reads, in the order the pattern declares them."""
        read = set(_names_in(condition))
        shown = []
        for param in self.pattern.params:
            text = _argument_text(self.binding.get(param.name.text)) if param.name.text in read else None
            if text is not None:
                shown.append(f"{param.name.text} = {text}")
        return ", ".join(shown)

    def family_names(self) -> dict:
        """`prefix.G1` -> its members' names, for references from the case to a whole family."""
        return {self.node_name(name): tuple(f"{self.node_name(name)}[{m}]" for m in members)
                for name, members in self.families.items()}

    # ---- names ----

    def _enum(self, name: str) -> str:
        value = self.binding.get(name) if self.params.get(name) is not None and self.params[name].kind == "enum" else None
        return value.name if value is not None else name

    def node_name(self, name: str) -> str:
        return f"{self.prefix}.{name}"

    def refs(self, idents) -> tuple:
        """References to nodes: the pattern's own get the prefix (a family: every member); evidence slots their items."""
        out = []
        for ident in idents:
            text = ident.text
            base, _, member = text.partition("[")
            if base in self.families and not member:
                out += [attrs.evolve(ident, text=f"{self.node_name(base)}[{m}]") for m in self.families[base]]
            elif base in self.local:
                out.append(attrs.evolve(ident, text=self.node_name(text)))
            elif base in self.params and self.params[base].kind == "evidence":
                value = self.binding[base]
                names = value.items if isinstance(value, n.SetLit) else (value,)
                out += [n.Ident(v.name, v.span) for v in names]
            else:
                out.append(ident)
        return tuple(out)

    # ---- items ----

    def item(self, item):
        handler = getattr(self, "i_" + type(item).__name__, None)
        return handler(item) if handler else self.expr_fields(item, {})

    def i_Claim(self, claim: n.Claim, bound: dict | None = None, name: str | None = None):
        bound = bound or {}
        return attrs.evolve(
            claim,
            name=attrs.evolve(claim.name, text=name or self.node_name(claim.name.text)),
            within=self.expr(claim.within, bound),
            formula=self.expr(claim.formula, bound),
            strategies=self.refs(claim.strategies),
            evidence=self.refs(claim.evidence),
            family=None,
        )

    def family_member(self, claim: n.Claim, member: str):
        bound = {claim.family.variable.text: n.Name(member, claim.family.variable.span)}
        named = f"{self.node_name(claim.name.text)}[{member}]"
        return attrs.evolve(self.i_Claim(claim, bound, named), title=f"{claim.title} [{member}]")

    def i_Strategy(self, strategy: n.Strategy):
        return attrs.evolve(strategy, name=attrs.evolve(strategy.name, text=self.node_name(strategy.name.text)),
                            premises=self.refs(strategy.premises), given=self.refs(strategy.given))

    def i_Assumption(self, assumption: n.Assumption):
        return attrs.evolve(assumption, name=attrs.evolve(assumption.name, text=self.node_name(assumption.name.text)),
                            formula=self.expr(assumption.formula, {}))

    def i_Evidence(self, evidence: n.Evidence):
        renamed = self.expr_fields(evidence, {})
        return attrs.evolve(renamed, name=attrs.evolve(evidence.name, text=self.node_name(evidence.name.text)))

    def i_Defeater(self, defeater: n.Defeater):
        renamed = attrs.evolve(defeater, name=attrs.evolve(defeater.name, text=self.node_name(defeater.name.text)),
                               against=self.refs(defeater.against), rebutted_by=self.refs(defeater.rebutted_by),
                               asserts=self.expr(defeater.asserts, {}))
        if defeater.param is None:
            return renamed
        answer = self.binding[defeater.param.text]
        return attrs.evolve(renamed, status=answer.status, rebutted_by=answer.rebutted_by, reason=answer.reason,
                            owner=answer.owner, param=None, span=self._at_argument(defeater.param.text, defeater.span))

    def i_Trigger(self, trigger: n.Trigger):
        reopens = None if trigger.reopens is None else self.refs(trigger.reopens)
        return attrs.evolve(trigger, name=attrs.evolve(trigger.name, text=self.node_name(trigger.name.text)),
                            condition=self.expr(trigger.condition, {}), reopens=reopens)

    def i_Requires(self, requirement: n.Requires):
        path, span = requirement.path, requirement.span
        if requirement.by_param and isinstance(self.binding.get(path), n.String):
            path, span = self.binding[path].value, self._at_argument(path, requirement.span)
        return attrs.evolve(requirement, path=path, by_param=False, condition=self.expr(requirement.condition, {}),
                            span=span)

    def i_EnumDecl(self, enum: n.EnumDecl):
        return enum

    def i_ContextVar(self, var: n.ContextVar):
        return attrs.evolve(var, type=self.type_ref(var.type))

    def i_MeasureDecl(self, measure: n.MeasureDecl):
        params = tuple(attrs.evolve(p, text=self._enum(p.text)) for p in measure.params)
        return attrs.evolve(measure, params=params, type=self.type_ref(measure.type))

    def type_ref(self, type_ref: n.TypeRef) -> n.TypeRef:
        if type_ref.enum is None:
            return type_ref
        return attrs.evolve(type_ref, enum=attrs.evolve(type_ref.enum, text=self._enum(type_ref.enum.text)))

    def expr_fields(self, node, bound: dict):
        """Substitute inside every formula-valued field of a node (evidence `shows`, settings)."""
        changes = {}
        for field in attrs.fields(type(node)):
            value = getattr(node, field.name)
            if isinstance(value, tuple) and value and all(_is_expr(v) or isinstance(v, n.SettingItem) for v in value):
                changes[field.name] = tuple(self.expr(v, bound) if _is_expr(v) else
                                            attrs.evolve(v, value=self.expr(v.value, bound)) for v in value)
        return attrs.evolve(node, **changes) if changes else node

    # ---- expressions ----

    def expr(self, expr, bound: dict):
        """`expr` with parameters replaced by their arguments; `bound` maps family variables to members."""
        if expr is None:
            return None
        if isinstance(expr, n.Name):
            if expr.name in bound:
                return bound[expr.name]
            param = self.params.get(expr.name)
            if param is not None and param.kind in ("value", "formula", "measure"):
                value = self.binding[expr.name]
                return n.Name(value.name, expr.span) if param.kind == "measure" else value
            return expr
        if isinstance(expr, n.Apply):
            func = expr.func
            if func.text in self.params and self.params[func.text].kind == "measure":
                func = attrs.evolve(func, text=self.binding[func.text].name)
            return attrs.evolve(expr, func=func, args=tuple(self.expr(a, bound) for a in expr.args))
        if isinstance(expr, n.Quantified):
            binders = tuple(attrs.evolve(b, domain=attrs.evolve(b.domain, text=self._enum(b.domain.text)))
                            for b in expr.binders)
            inner = {k: v for k, v in bound.items() if k not in {b.name.text for b in expr.binders}}
            return attrs.evolve(expr, binders=binders, body=self.expr(expr.body, inner))
        if isinstance(expr, n.Unary):
            return attrs.evolve(expr, operand=self.expr(expr.operand, bound))
        if isinstance(expr, n.Binary):
            return attrs.evolve(expr, left=self.expr(expr.left, bound), right=self.expr(expr.right, bound))
        if isinstance(expr, n.Interval):
            return attrs.evolve(expr, subject=self.expr(expr.subject, bound), low=self.expr(expr.low, bound),
                                high=self.expr(expr.high, bound))
        if isinstance(expr, n.SetLit):
            return attrs.evolve(expr, items=tuple(self.expr(item, bound) for item in expr.items))
        return expr

    # ---- spans ----

    def relocate(self, node):
        """Every span inside the node moved to the `use` line, remembering where in the pattern it was written."""
        return _map_spans(node, lambda span: self._at_use(span))

    def _at_argument(self, param: str, span: Span | None) -> Span | None:
        """A node the case decides through one argument (a defeater's answer, a required path) is placed at it."""
        written = next((arg for arg in self.use.args if arg.name.text == param), None)
        if span is None or written is None or written.span is None:
            return span
        return attrs.evolve(written.span, origin=Origin(span, self.note))

    def _at_use(self, span: Span | None) -> Span | None:
        if span is None or span.origin is not None:
            return span
        return attrs.evolve(self.use.span, origin=Origin(span, self.note))


def _is_expr(value) -> bool:
    return isinstance(value, (n.Name, n.Apply, n.Quantified, n.Unary, n.Binary, n.Interval, n.SetLit, n.Number,
                              n.String, n.BoolLit, n.DateLit))


def _map_spans(node, move):
    """The node with `move` applied to every Span in it, however deep (nodes, tuples, idents)."""
    if isinstance(node, Span):
        return move(node)
    if isinstance(node, tuple):
        return tuple(_map_spans(item, move) for item in node)
    if attrs.has(type(node)):
        changes = {}
        for field in attrs.fields(type(node)):
            value = getattr(node, field.name)
            moved = _map_spans(value, move)
            if moved is not value:
                changes[field.name] = moved
        return attrs.evolve(node, **changes) if changes else node
    return node


# ---- the pattern on its own, for proofs over every instantiation --------------------------------

PLACEHOLDER = "placeholder_member"


def generic_case(pattern: n.Pattern, path: str) -> tuple[n.CaseFile, frozenset]:
    """The pattern as a case whose parameters are declarations, and the names of its abstract enums.

    Enum parameters become enums whose members are not known (the prover treats them as
    sorts of any size; the placeholder member is never written in a formula); measure
    parameters measures; number, string, bool, date, member and set parameters context
    variables, with each number's range and every `where` condition as the boundary;
    formula parameters bool variables (what holds for any proposition holds for any
    formula put in its place); evidence slots evidence that shows nothing; status slots
    answered. A claim family is one claim over every member (`forall`).
    """
    span = pattern.span
    items, boundary = [], list(pattern.conditions)
    for param in pattern.params:
        items += _declaration(param)
        if param.kind == "value" and param.low is not None:
            boundary.append(n.Interval(n.Name(param.name.text, param.span), param.low, param.high, False, param.span))
    statuses = {p.name.text for p in pattern.params if p.kind == "status"}
    for item in pattern.items:
        if isinstance(item, n.Claim) and item.family is not None:
            binder = n.Binder(item.family.variable, item.family.enum)
            formula = n.Quantified("forall", (binder,), item.formula, item.span) if item.formula is not None else None
            item = attrs.evolve(item, family=None, formula=formula)
        elif isinstance(item, n.Defeater) and item.param is not None and item.param.text in statuses:
            item = attrs.evolve(item, param=None, status="accepted", reason="answered by each instance",
                                owner="each instance")
        if not isinstance(item, (*_CASE_ONLY, n.Requires)):
            items.append(item)
    header = n.Header(pattern.name, pattern.title, "pattern", "pattern", span)
    items.append(n.Boundary(tuple(boundary), span))
    abstract = frozenset(p.name.text for p in pattern.params if p.kind == "enum")
    return n.CaseFile(path, header, tuple(items), span), abstract


def _declaration(param: n.Param) -> list:
    name = param.name
    if param.kind == "enum":
        return [n.EnumDecl(name, (n.Ident(PLACEHOLDER, param.span),), param.span)]
    if param.kind == "measure":
        return [n.MeasureDecl(name, param.params, param.type, param.low, param.high, param.span)]
    if param.kind == "formula":
        return [n.ContextVar(name, n.TypeRef("bool", None, param.span), False, param.span)]
    if param.kind == "evidence":
        return [n.Evidence(name, "an evidence slot, filled by each instance", span=param.span)]
    if param.kind == "value":
        return [n.ContextVar(name, param.type, False, param.span)]
    return []  # a status slot only answers defeaters
