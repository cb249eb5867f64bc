"""Property tests: the evaluator against the reference semantics, counterexamples replayed, cores
checked for minimality, and arbitrary input read without an exception. The verdicts against brute
force are tests/test_brute_force.py.

Generators and the reference semantics live in tests/strategies.py.
"""
from __future__ import annotations

import datetime
import itertools
import os
import re
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from checker.semantics import model as m
from checker.api import read_model, check_path, check_text
from checker.syntax.build import build
from checker.semantics.evaluate import MissingValue, evaluate
from checker.syntax.parser import parse
from checker.semantics.resolve import resolve
from checker.logic.solver import Found, Prover, Refuted, Unknown
from checker.semantics.world import Member, World

try:
    from tests import strategies as gen
except ImportError:  # tests/ on sys.path rather than the project root
    import strategies as gen

AS_OF = datetime.date(2026, 1, 1)
VERDICTS = {"holds", "fails", "unreadable", "unknown"}
# WARRANT_PROPERTY_SCALE=10 runs ten times as many examples (for a longer hunt than CI's).
SCALE = float(os.environ.get("WARRANT_PROPERTY_SCALE", "1"))


def examples(n: int) -> settings:
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


SOLVER_SETTINGS = examples(100)
FAST_SETTINGS = examples(120)
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cyber_inability.case"
# The shipped example is built on a library pattern (mutations reach the pattern grammar, the arguments and
# the instance); its hand-written form has every item written out.
PATTERN_EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "cyber_inability_by_hand.case"


# ---- helpers -----------------------------------------------------------------------------


def check(text: str):
    return check_text(text, "gen.case", as_of=AS_OF, timeout=10)


def resolved(text: str) -> m.Case:
    """The resolved model of a text that must be a valid case."""
    tree, findings = parse(text, "gen.case")
    assert tree is not None, findings
    syntax, built = build(tree, "gen.case")
    case, found = resolve(syntax)
    assert case is not None and not built and not found, built + found
    return case


def codes_at(report, code: str, line: int) -> list:
    return [f for f in report.findings if f.code == code and f.span is not None and f.span.line == line]


def line_of(text: str, prefix: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(prefix))


def assert_readable(report, text: str) -> None:
    """The generator writes valid cases: nothing may be unreadable, unknown or internal."""
    bad = [(f.code, f.message) for f in report.findings if f.rule.outcome.value != "normal"]
    assert not bad, f"generated case was not checked:\n{text}\n{bad}"


def default_value(var_type: m.Type, case: m.Case):
    kind = var_type.kind
    if kind == "bool":
        return False
    if kind in ("int", "real"):
        return Fraction(0)
    if kind == "enum":
        return Member(case.enums[var_type.enum].members[0])
    if kind == "set":
        return frozenset()
    if kind == "date":
        return AS_OF
    return ""


def complete(world: World, case: m.Case) -> World:
    """The world with a value for every symbol: the solver omits symbols no formula mentions."""
    context = {name: world.context.get(name, default_value(var.type, case)) for name, var in case.context.items()}
    measures = dict(world.measures)
    for measure in case.measures.values():
        for args in itertools.product(*(case.enums[p].members for p in measure.params)):
            measures.setdefault((measure.name, tuple(args)), default_value(measure.type, case))
    return World(context, measures, dict(world.old))


def reported_world(details: tuple) -> World:
    """A counterexample as the finding prints it (bool and enum values only), read back.

    The whole world is the last block of indented lines; the block before it, if any,
    repeats the values the failing part of the claim reads.
    """
    context, measures = {}, {}
    last_header = max(i for i, line in enumerate(details) if not line.startswith("  "))
    for line in details[last_header + 1:]:
        name, _, shown = line.strip().partition(" = ")
        value = {"true": True, "false": False}.get(shown, Member(shown))
        call = re.fullmatch(r"(\w+)\(([^)]*)\)", name)
        if call:
            measures[(call.group(1), tuple(a.strip() for a in call.group(2).split(",")))] = value
        else:
            context[name] = value
    return World(context, measures)


def assert_located(report, text: str) -> None:
    """Every finding points into the text: lines and columns from 1, lines counted as the parser counts them."""
    assert report.verdict in VERDICTS
    last_line = text.count("\n") + 1
    for f in report.findings:
        assert f.code != "X002", f"internal error on input {text!r}: {f.message}"
        assert f.span is not None, f"{f.code} has no location on input {text!r}"
        assert f.span.line >= 1 and f.span.column >= 1, (f.code, f.span, text)
        assert f.span.line <= last_line, (f.code, f.span, text)
        for related in f.related:
            if related.span is not None:
                assert related.span.line >= 1 and related.span.column >= 1, (f.code, related, text)


def assert_holds_only_if_valid(report, text: str) -> None:
    if report.verdict != "holds":
        return
    case, findings = read_model(text, "fuzz.case")  # the whole front end: parse, build, patterns, resolve
    assert case is not None and not findings


# ---- a. verdicts equal brute force: tests/test_brute_force.py ---------------------------------


@FAST_SETTINGS
@given(gen.arguments())
def test_evaluator_equals_reference_semantics(arg):
    """checker/evaluate.py on the resolved model agrees with the generator's own semantics in every world."""
    text = arg.text()
    case = resolved(text)
    pairs = [(case.claims["G0"].formula, arg.conclusion)]
    pairs += [(case.claims[f"P{i}"].formula, f) for i, f in enumerate(arg.premises, 1)]
    pairs += [(case.assumptions[f"A{i}"].formula, f) for i, f in enumerate(arg.assumptions, 1)]
    assert len(case.boundary or ()) == len(arg.boundary_formulas()), text  # one formula per line
    pairs += list(zip(case.boundary or (), arg.boundary_formulas()))
    for world in arg.vocab.worlds():
        replay = gen.to_world(world)
        for typed, tree in pairs:
            assert evaluate(typed, replay, case) == gen.holds(tree, world, arg.vocab), (gen.render(tree), world)


@st.composite
def accepted_arguments(draw):
    """An argument with an acceptance criterion, and perhaps an assumption no strategy is given (maybe the criterion)."""
    arg = draw(gen.arguments())
    criterion = draw(gen.formulas(arg.vocab, 2))
    unused = draw(st.one_of(st.none(), st.just(criterion), gen.formulas(arg.vocab, 2)))
    return arg, criterion, unused


def established_facts(arg: gen.Argument):
    """What the argument establishes, by enumeration: each premise whose evidence entails it (with what the
    evidence shows); the top claim and the step's assumptions only when every premise is established and the
    step is proved (an unused assumption never). None when a claim or an evidence item is impossible (L205,
    E303: the criterion is then not what this judges)."""
    inside = arg.worlds(())
    where = lambda formulas: [w for w in inside if all(gen.holds(f, w, arg.vocab) for f in formulas)]  # noqa: E731
    if not where([arg.conclusion]):
        return None
    facts, all_established = [], True
    for premise, shown in zip(arg.premises, arg.evidence()):
        if not where([premise]) or not where([shown]):
            return None
        if all(gen.holds(premise, w, arg.vocab) for w in where([shown])):
            facts += [premise, shown]
        else:
            all_established = False
    step = where(list(arg.premises) + list(arg.assumptions))
    if all_established and step and all(gen.holds(arg.conclusion, w, arg.vocab) for w in step):
        facts += list(arg.assumptions) + [arg.conclusion]
    return tuple(facts)


@SOLVER_SETTINGS
@given(accepted_arguments())
def test_acceptance_rests_only_on_what_is_established(sample):
    """L212 or L216 at the criterion exactly when some world satisfying the boundary and the established facts
    (enumerated) falsifies it; an unproved top claim and an unused assumption contribute nothing."""
    arg, criterion, unused = sample
    facts = established_facts(arg) if arg.worlds(()) else None
    if facts is None:
        return  # L209, L205 or E303: the criterion is then not what the brute force below judges
    text = arg.text()
    if unused is not None:
        text += f'assume U "given to no strategy": {gen.render(unused, arg.minimal)}\n'
    text += f'accept {{\n  require {gen.render(criterion, arg.minimal)}\n  for users\n  authority "Board"\n}}\n'
    report = check(text)
    assert_readable(report, text)
    inside = arg.worlds(facts)
    put_forward = (arg.conclusion, *arg.assumptions, *arg.evidence(), *((unused,) if unused is not None else ()))
    if not arg.worlds(put_forward):
        event("not judged: the argument cannot hold together (L235, L203, L214)")
        return
    met = all(gen.holds(criterion, w, arg.vocab) for w in inside)
    event(("met" if met else "not met") + ("" if inside else ", facts inconsistent"))
    line = line_of(text, "  require")
    reported = codes_at(report, "L212", line) + codes_at(report, "L216", line)
    assert bool(reported) == (bool(inside) and not met), f"{text}\n{report.findings}"


DEFEATERS = (gen.arguments(), st.sampled_from(["G0", "S1", "P1", "E1"]), st.booleans())


@examples(40)
@given(*DEFEATERS)
def test_an_open_defeater_never_makes_a_case_hold(arg, target, formal):
    _open_defeater(arg, target, formal)


@pytest.mark.slow
@examples(100)
@given(*DEFEATERS)
def test_an_open_defeater_never_makes_a_case_hold_long_run(arg, target, formal):
    _open_defeater(arg, target, formal)


def _open_defeater(arg, target, formal):
    """An open defeater added against a node of the argument never turns a failing case into a holding one; the
    case with it holds only when it asserts a counter-claim that the argument rules out itself (L218)."""
    text = arg.text()
    before = check(text)
    counter = f" asserts not ({gen.render(arg.conclusion, arg.minimal)})" if formal else ""
    after = check(text + f'defeater D9 "a doubt" against {target}{counter}\n')
    assert_readable(after, text)
    event(f"{before.verdict} -> {after.verdict}")
    if before.verdict == "fails":
        assert after.verdict == "fails", text
    rebutted = [f for f in after.findings if f.code == "L218" and f.field("defeater") == "D9"]
    assert after.verdict != "holds" or rebutted, f"{text}\n{after.findings}"



@examples(40)
@given(st.data())
def test_expiring_or_widening_evidence_never_makes_a_case_hold(data):
    _expiring_or_widening(data)


@pytest.mark.slow
@examples(100)
@given(st.data())
def test_expiring_or_widening_evidence_never_makes_a_case_hold_long_run(data):
    _expiring_or_widening(data)


def _expiring_or_widening(data):
    """Expiring an evidence item (its `expires` before --as-of) or widening what it shows (the worlds it
    allows, as a wider interval does: `shows F` becomes `shows (F) or (W)`) never turns a failing case
    into a holding one; an expired item cited by the argument never lets the case hold at all."""
    arg = data.draw(gen.numeric_arguments())
    text = arg.text()
    before = check(text)
    i = data.draw(st.integers(1, len(arg.premises)))
    line = next(l for l in text.splitlines() if l.startswith(f'evidence E{i} '))
    shown = line[line.index("{ shows ") + len("{ shows "):-len(" }")]
    if data.draw(st.booleans()):
        edited, what = line.replace("{ shows ", "{ date 2025-01-01 expires 2025-06-01 shows "), "expired"
    else:
        wider = gen.render(data.draw(gen.formulas(arg.vocab, 2)), arg.minimal)
        edited, what = line.replace(f"{{ shows {shown} }}", f"{{ shows ({shown}) or ({wider}) }}"), "widened"
    after = check(text.replace(line, edited))
    assert_readable(after, text)
    event(f"{what}: {before.verdict} -> {after.verdict}")
    # Evidence that cannot hold (E303) or items that contradict each other (L214) prove nothing: widening
    # such an item can turn it into a real observation, so a failure of that kind may be repaired by it.
    repairable = what == "widened" and any(f.code in ("E303", "L214") for f in before.findings)
    if before.verdict == "fails" and not repairable:
        assert after.verdict == "fails", (text, edited)
    if what == "expired":
        assert after.verdict != "holds", (text, edited)


_INTERVAL = re.compile(r"in \[([0-9.]+), ([0-9.]+)\]")


@examples(10)
@given(st.sampled_from(sorted(p for p in (Path(__file__).resolve().parent.parent / "examples" / "failure_modes").glob("*.case")
                              if not p.stem.endswith("_fixed"))),
       st.fractions(min_value=0, max_value=Fraction(1, 2), max_denominator=100))
def test_widening_an_evidence_interval_never_makes_a_failure_mode_hold(path, by):
    """Each failure mode's defective case fails; widening every evidence interval in it by `by` on each side
    (clamped to the measure's range [0, 1]) leaves it failing."""
    text = path.read_text(encoding="utf-8")
    as_of = datetime.date(2026, 11, 1)

    def widen(match):
        low, high = Fraction(match.group(1)), Fraction(match.group(2))
        low, high = max(Fraction(0), low - by), min(Fraction(1), high + by)
        return f"in [{float(low):g}, {float(high):g}]"

    before = check_text(text, path.name, as_of=as_of, timeout=10)
    after = check_text(_INTERVAL.sub(widen, text), path.name, as_of=as_of, timeout=10)
    event(f"{before.verdict} -> {after.verdict}")
    if before.verdict == "fails":
        assert after.verdict == "fails", (path.name, by, [f.code for f in after.findings])


# ---- b. every counterexample replays ----------------------------------------------------------


@SOLVER_SETTINGS
@given(gen.arguments())
def test_counterexamples_replay(arg):
    """Every world the prover (and every L201 finding) gives satisfies the boundary, the premises and
    the assumptions and falsifies the conclusion, evaluated by checker/evaluate.py."""
    text = arg.text()
    case = resolved(text)
    boundary = list(case.boundary or ())
    premises = [case.claims[f"P{i}"].formula for i in range(1, len(arg.premises) + 1)]
    given_ = [case.assumptions[f"A{i}"].formula for i in range(1, len(arg.assumptions) + 1)]
    conclusion = case.claims["G0"].formula
    answer = Prover(case).entails(boundary + premises + given_, conclusion)
    assert not isinstance(answer, Unknown), answer
    refutable = bool([w for w in arg.worlds(arg.premises + arg.assumptions)
                      if not gen.holds(arg.conclusion, w, arg.vocab)])
    event("refuted" if isinstance(answer, Refuted) else "proved")
    assert isinstance(answer, Refuted) == refutable, text
    if isinstance(answer, Refuted):
        world = complete(answer.world, case)
        for formula in boundary + premises + given_:
            assert evaluate(formula, world, case) is True, (answer.world, text)
        assert evaluate(conclusion, world, case) is False, (answer.world, text)

    # The world the L201 finding prints replays too.
    report = check(text)
    for finding in codes_at(report, "L201", line_of(text, "strategy S1")):
        world = complete(reported_world(finding.details), case)
        for formula in boundary + premises + given_:
            assert evaluate(formula, world, case) is True, (finding.details, text)
        assert evaluate(conclusion, world, case) is False, (finding.details, text)


@SOLVER_SETTINGS
@given(st.lists(gen.rich_formulas(), min_size=1, max_size=4), st.booleans())
def test_solver_worlds_replay_on_numbers_sets_dates_strings(formulas, negate_last):
    """Worlds the solver finds for formulas over ints, reals, ranged measures, sets, dates and strings
    satisfy every formula (and refute the negated one) when evaluated in plain Python."""
    text = gen.rich_case(formulas)
    case = resolved(text)
    typed = [case.assumptions[f"A{i}"].formula for i in range(1, len(formulas) + 1)]
    held, negated = (typed[:-1], typed[-1:]) if negate_last else (typed, [])
    answer = Prover(case).find_world(held, negated=negated)
    assert not isinstance(answer, Unknown), (answer, text)
    event(type(answer).__name__)
    if not isinstance(answer, Found):
        return
    world = complete(answer.world, case)
    for formula in held:
        assert evaluate(formula, world, case) is True, (answer.world.lines(), text)
    for formula in negated:
        assert evaluate(formula, world, case) is False, (answer.world.lines(), text)
    for (name, _), value in world.measures.items():
        decl = case.measures[name]
        assert decl.low <= value <= decl.high, (name, value, text)


def string_literal(value: str) -> str:
    """The case-language literal for a string value (a backslash escapes the next character)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


@examples(60)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=6))
def test_string_values_replay(value):
    """A world for `model == "..."` gives `model` exactly that string."""
    case = resolved(gen.RICH_HEADER + f'assume A1 "a": model == {string_literal(value)}\n')
    formula = case.assumptions["A1"].formula
    assert formula.right.value == value  # the literal reads back
    answer = Prover(case).find_world([formula])
    assert isinstance(answer, Found), answer
    assert answer.world.context["model"] == value
    assert evaluate(formula, complete(answer.world, case), case) is True


# Texts that look like the escape sequences Z3 reads inside its own string literals, and what they spell.
_LOOKALIKES = ["\\u{41}", "A", "\\u{2603}", "\u2603", "\\x41", "\\\\", "\\", "\\u{5c}"]


@examples(60)
@given(st.sampled_from(_LOOKALIKES), st.sampled_from(_LOOKALIKES))
def test_different_strings_are_different(value, other):
    """`model == a and model == b` can hold only when a and b are the same string."""
    text = gen.RICH_HEADER + f'assume A1 "a": model == {string_literal(value)}\n'
    text += f'assume A2 "b": model == {string_literal(other)}\n'
    case = resolved(text)
    formulas = [case.assumptions["A1"].formula, case.assumptions["A2"].formula]
    assert [f.right.value for f in formulas] == [value, other]
    both = Prover(case).find_world(formulas)
    assert isinstance(both, Found) == (value == other), f"{value!r} and {other!r}: {both}"


def test_evaluator_reports_missing_values():
    """A world without a value the formula needs is a KeyError naming the symbol, not a wrong answer."""
    case = resolved(gen.Argument(gen.Vocab(("b1",), "Col", 2, True), None, (("var", "b1"),), (),
                                 ("p", "left")).text())
    with pytest.raises(MissingValue, match="b1"):
        evaluate(case.claims["P1"].formula, World(), case)
    with pytest.raises(KeyError, match=r"p\(left\)"):
        evaluate(case.claims["G0"].formula, World({"b1": True}), case)


# ---- c. conflicting-assumption cores are minimal and really conflict ----------------------------


def minimal_unsat_subsets(sample: gen.AssumptionSet) -> set:
    indices = range(len(sample.assumptions))
    unsat = [frozenset(s) for k in range(len(sample.assumptions) + 1)
             for s in itertools.combinations(indices, k) if not sample.consistent(s)]
    return {s for s in unsat if not any(other < s for other in unsat)}


@examples(60)
@given(gen.assumption_sets())
def test_conflict_cores_are_minimal_and_conflicting(sample):
    check_cores(sample)


@pytest.mark.slow
@FAST_SETTINGS
@given(gen.assumption_sets())
def test_conflict_cores_are_minimal_and_conflicting_long_run(sample):
    check_cores(sample)


@examples(60)
@given(gen.assumption_sets(odd_names=True))
def test_conflict_cores_do_not_depend_on_variable_names(sample):
    """The same property with variables given any valid name, including ones like the solver's own."""
    check_cores(sample)


def check_cores(sample: gen.AssumptionSet) -> None:
    text = sample.text()
    case = resolved(text)
    named = {f"A{i}": case.assumptions[f"A{i}"].formula for i in range(1, len(sample.assumptions) + 1)}
    cores = Prover(case).minimal_cores(list(case.boundary or ()), named, limit=64)
    assert cores.unknown is None
    reported = [frozenset(int(label[1:]) - 1 for label in core) for core in cores.sets]
    for core in reported:
        assert not sample.consistent(core), f"reported core {sorted(core)} is satisfiable:\n{text}"
        for dropped in core:
            assert sample.consistent(core - {dropped}), f"core {sorted(core)} is not minimal:\n{text}"
    assert len(set(reported)) == len(reported), f"a core was reported twice: {cores.sets}"
    expected = minimal_unsat_subsets(sample)
    event(f"{len(expected)} minimal conflicts")
    if sample.consistent(range(len(sample.assumptions))):
        assert not reported
    assert cores.complete and set(reported) == expected, (cores, expected, text)

    # The same sets, as L203 findings (unless the boundary alone is empty: L209 stops the checks).
    report = check(text)
    assert_readable(report, text)
    if frozenset() in expected:
        assert any(f.code == "L209" for f in report.findings)
        return
    found = {frozenset(int(name[1:]) - 1 for name in re.findall(r"`(A\d+)`", f.message))
             for f in report.findings if f.code == "L203"}
    assert found == expected, (report.findings, text)


# ---- d. any input is read or reported, never raised ------------------------------------------------

_TOKENS = [
    "case", "g", '"t"', "version", "author", "enum", "E", "{", "}", "a", "b", ",", "context", ":", "bool",
    "int", "real", "set", "<", ">", "measure", "m", "(", ")", "in", "[", "]", "0", "1.5", "boundary",
    "assume", "claim", "by", "strategy", "from", "given", "evidence", "shows", "kind", "date",
    "2026-01-01", "2026-02-30", "forall", "exists", "count", "sum", ".", "not", "and", "or",
    "implies", "iff", "==", "!=", "<=", ">=", "+", "-", "*", "true", "false", "old", "changed",
    "trigger", "reopens", "all", "decision", "on", "expires", "defeater", "against", "status",
    "open", "rebutted", "accepted", "owner", "asserts", "judged", "accept", "require", "for", "authority", "within",
    "informal",
    "affordance", "setting", "access", "public", "redacted", "\n", "# c\n", "requires",
]
_HEADER = 'case g "t" version "1" author "a"\n'


def check_fuzz(text: str):
    report = check_text(text, "fuzz.case", as_of=AS_OF, timeout=5)
    assert_located(report, text)
    assert_holds_only_if_valid(report, text)
    return report


@examples(200)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    check_fuzz(text)


@examples(200)
@given(st.booleans(), st.lists(st.sampled_from(_TOKENS), max_size=50))
def test_token_soup_never_raises(header, tokens):
    report = check_fuzz((_HEADER if header else "") + " ".join(tokens))
    meaningful = [t for t in tokens if t not in ("\n", "# c\n")]
    if not header and (not meaningful or meaningful[0] != "case"):
        assert report.verdict == "unreadable"  # every case starts with its header


@examples(100)
@given(st.binary(max_size=200), st.sampled_from([b"", b'case g "t" version "1" author "a"\n']))
def test_arbitrary_bytes_never_raise(data, prefix):
    data = prefix + data
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "fuzz.case")
        Path(path).write_bytes(data)
        report = check_path(path, as_of=AS_OF, timeout=5)
    assert report.verdict in VERDICTS
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        assert report.verdict == "unreadable"
        assert [f.code for f in report.findings] == ["S003"]
        assert report.findings[0].span.line == data[: error.start].count(b"\n") + 1
        assert report.findings[0].span.column >= 1
        return
    assert_located(report, text)
    assert report.verdict == check_fuzz(text).verdict


_INSERTS = st.text(alphabet='(){}[]<>"#.,:=!-+*\n \t\\abcnot01', min_size=1, max_size=8) | st.sampled_from(_TOKENS)


@st.composite
def mutated_cases(draw):
    shipped = [path.read_text("utf-8") for path in (EXAMPLE, PATTERN_EXAMPLE) if path.exists()]
    base = draw(st.one_of(gen.arguments().map(lambda a: a.text()),
                          st.sampled_from(shipped) if shipped else st.nothing()))
    text = base
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "delete", "insert", "replace"]))
        at = draw(st.integers(0, len(text)))
        if kind == "truncate":
            text = text[:at]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 10)):]
        elif kind == "insert":
            text = text[:at] + draw(_INSERTS) + text[at:]
        else:
            text = text[:at] + draw(st.characters()) + text[at + 1:]
    return base, text


@examples(150)
@given(mutated_cases())
def test_mutated_cases_never_raise(pair):
    base, text = pair
    report = check_fuzz(text)
    event(report.verdict)
    if base.startswith(text) and len(text.strip()) < len('case gen "generated"'):
        assert report.verdict == "unreadable"  # too short to hold a header


@st.composite
def odd_line_ends(draw):
    """A generated case with some line ends written with a form feed or a lone carriage return,
    which the grammar ignores as whitespace and the parser does not count as line breaks."""
    lines = draw(gen.arguments()).text().split("\n")
    marks = draw(st.lists(st.sampled_from(["", "", "\f", "\r", " \f ", "\r\n"]),
                          min_size=len(lines), max_size=len(lines)))
    return "\n".join(line + (mark if mark != "\r\n" else "\r") for line, mark in zip(lines, marks))


@examples(40)
@given(odd_line_ends())
def test_quoted_line_is_the_located_line(text):
    """What a reporter quotes for a finding (SourceFile.line_text) is the line its span counts to."""
    report = check(text)
    assert_located(report, text)
    lines = text.split("\n")
    for f in report.findings:
        quoted = report.source.line_text(f.span.line).rstrip(" \r\f")
        assert quoted == lines[f.span.line - 1].rstrip(" \r\f"), (f.code, f.span, text)


@examples(40)
@given(gen.vocabs().flatmap(lambda v: st.tuples(st.just(v), st.lists(gen.formulas(v, 2, measures=False),
                                                                      min_size=2, max_size=3))),
       st.booleans())
def test_boundary_lines_are_independent_formulas(pair, minimal):
    """Boundary formulas one per line mean their conjunction, whether a line begins with `(`,
    `not` or a name (docs/language.md, section 4.4)."""
    vocab, lines = pair
    arg = gen.Argument(vocab, tuple(lines), (("const", True),), (), ("const", True), minimal)
    text = arg.text()
    report = check(text)
    assert_readable(report, text)
    inside = [w for w in vocab.worlds() if all(gen.holds(f, w, vocab) for f in lines)]
    assert any(f.code == "L209" for f in report.findings) == (not inside), text


# ---- e. deep nesting is unreadable, not a crash ------------------------------------------------

_DEEP_PREFIX = 'case deep "t" version "1" author "a"\nenum Side { left, right }\ncontext { b1: bool x: int }\n'


@pytest.mark.parametrize("formula", [
    pytest.param("(" * 20_000 + "b1" + ")" * 20_000, id="20000-parentheses"),
    pytest.param("not " * 5_000 + "b1", id="5000-nots"),
    pytest.param(" and ".join(["b1"] * 5_000), id="5000-and-chain"),
    pytest.param(" implies ".join(["b1"] * 5_000), id="5000-implies-chain"),
    pytest.param("- " * 5_000 + "x > 0", id="5000-unary-minus"),
    pytest.param(" + ".join(["x"] * 5_000) + " > 0", id="5000-term-sum"),
    pytest.param("forall s: Side. " * 5_000 + "b1", id="5000-quantifiers"),
    pytest.param("{" * 20_000 + "left" + "}" * 20_000 + " == {left}", id="20000-braces"),
])
@pytest.mark.parametrize("place", ["claim", "boundary", "assume", "shows", "trigger"])
def test_deep_nesting_is_unreadable(formula, place):
    body = {
        "claim": f'claim G0 "t": {formula}\n',
        "boundary": f"boundary {{\n  {formula}\n}}\n",
        "assume": f'assume A1 "a": {formula}\n',
        "shows": f'evidence E1 "e" {{ shows {formula} }}\n',
        "trigger": f'trigger T1 "t": {formula} reopens all\n',
    }[place]
    text = _DEEP_PREFIX + body
    report = check_text(text, "deep.case", as_of=AS_OF, timeout=5)
    assert report.verdict == "unreadable"
    assert [f.code for f in report.findings] == ["S002"], report.findings
    assert_located(report, text)
    assert report.findings[0].span.line == text[: text.index(formula)].count("\n") + 1
