"""Batch scope: a JSON-lines file of configurations judged line by line, exactly as one file each would be."""
from __future__ import annotations

import datetime
import json
import random
from fractions import Fraction
from pathlib import Path

import pytest

from checker import api, cli
from checker.checks import scope
from checker.checks.batch import Boundary
from checker.findings.finding import sorted_findings
from checker.findings.report import Report, exit_code
from checker.interop import configs
from checker.interop.located import read_json
from checker.semantics.world import Member
from checker.syntax.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted([*ROOT.glob("examples/**/*.case"), *ROOT.glob("tests/cases/**/*.case"),
                *ROOT.glob("tests/scope_fixtures/**/*.case")])
SCOPE_CASE = ROOT / "tests" / "scope_fixtures" / "cyber.case"


def _models():
    for path in CASES:
        case, _ = api.load_case(path)
        if case is not None and case.boundary:
            yield path, case


def _random_value(var_type, case, rng: random.Random):
    kind = var_type.kind
    if kind == "bool":
        return rng.random() < 0.5
    if kind in ("int", "real"):
        whole = Fraction(rng.choice([-1, 0, 1, 2, 5, 99, 100, 101, 4999, 5000, 5001, 10 ** 6]))
        return whole if kind == "int" else whole + Fraction(rng.choice([0, 1, 3]), 4)
    if kind == "string":
        return rng.choice(["x-2026-05", "x-2026-04", "", "m-1"])
    if kind == "date":
        return datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(-400, 800))
    members = case.enums[var_type.enum].members
    if kind == "enum":
        return Member(rng.choice(members))
    return frozenset(rng.sample(members, rng.randrange(len(members) + 1)))


@pytest.mark.parametrize("path,case", list(_models()), ids=lambda v: v.name if isinstance(v, Path) else "")
def test_the_compiled_boundary_places_every_configuration_as_the_evaluator_does(path, case):
    rng = random.Random(str(path.name))
    boundary = Boundary(case)
    for _ in range(300):
        values = {name: _random_value(var.type, case, rng) for name, var in case.context.items()
                  if rng.random() < 0.9}  # now and then a value is missing
        expected = scope.place(case, values)
        assert boundary.placement(values) == expected, values
        assert boundary.inside(values) == expected.inside, values


def _as_json(values: dict) -> dict:
    shown = {}
    for name, value in values.items():
        if isinstance(value, frozenset):
            shown[name] = sorted(value)
        elif isinstance(value, Fraction):
            shown[name] = int(value) if value.denominator == 1 else float(value)
        else:
            shown[name] = value
    return shown


def _lines(tmp_path) -> list[str]:
    rng = random.Random(7)
    lines = []
    for _ in range(60):
        config = {"model": rng.choice(["x-2026-05", "x-2026-06", "other"]),
                  "channel": rng.choice(["internal", "trusted_api", "public_api"]),
                  "tools": sorted(rng.sample(["browser", "code_exec", "shell"], rng.randrange(3))),
                  "internet": rng.random() < 0.3, "max_users": rng.choice([10, 5000, 5001])}
        if rng.random() < 0.1:
            del config["max_users"]
        lines.append(json.dumps(config))
    lines += ['{"model": "x-2026-05", "chanel": "internal"}', '{"model": 3}', "not json", "[1, 2]",
              '{"model": "x-2026-05", "model": "x-2026-06"}']
    return lines


def test_each_line_gets_the_findings_a_file_with_that_configuration_alone_gets(tmp_path):
    lines = _lines(tmp_path)
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines[:30]) + "\n\n" + "\n".join(lines[30:]) + "\n")
    reports = api.scope_configs(SCOPE_CASE, [batch])
    numbers = [n for n in range(1, len(lines) + 2) if n != 31]  # line 31 is blank
    assert [r.label for r in reports] == [f"{batch}:{n}" for n in numbers]
    for number, text, report in zip(numbers, lines, reports):
        single = tmp_path / f"line{number}.json"
        single.write_text(text + "\n")
        alone = api.scope_config(SCOPE_CASE, single)
        assert [f.code for f in report.findings] == [f.code for f in alone.findings], (number, text)
        for mine, theirs in zip(report.findings, alone.findings):
            assert mine.details == theirs.details and mine.world == theirs.world
            assert [r.note for r in mine.related] == [r.note for r in theirs.related]
            if theirs.span is not None:
                assert (mine.span.path, mine.span.line) == (str(batch), number)
                assert (mine.span.column, mine.span.end_column) == (theirs.span.column, theirs.span.end_column)


def test_a_quickly_read_line_is_the_configuration_the_located_reader_gives(tmp_path):
    case, _ = api.load_case(SCOPE_CASE)
    source = SourceFile(str(tmp_path / "batch.jsonl"), "")
    quick_lines = 0
    awkward = ['  {"max_users": 1e3, "internet": true}\r',
               '{ "model" :"x-\\u0032026-05" ,\t"tools":[ "browser" ,"code_exec" ] , "max_users" : 50.0E1 }',
               '{"channel": "intern\\u0061l", "tools": [], "internet": false}  ',
               '\t{"model":"x-2026-05","max_users":-0}', '{}', '{ }',
               # remembered conversions must not meet across types: 1 == True, but 1 is no boolean
               '{"internet": true, "max_users": 1}', '{"internet": 1}', '{"max_users": true}']
    memo = {}  # shared by the lines, as read_batch shares it
    for number, text in enumerate(_lines(tmp_path) + awkward, 1):
        quick = configs._quick_line(source, number, text, case, f"batch:{number}", memo)
        root, error = read_json(text, source.path, first_line=number)
        located = None if error is not None else configs.from_tree(source, root, case, None, f"batch:{number}")
        if quick is None:
            continue  # read by the located reader alone
        quick_lines += 1
        assert located is not None and not located.findings, text
        assert quick.values == located.values and quick.root_span == located.root_span, text
        assert {name: quick.span_of(name) for name in located.values} == dict(located.spans), text
    assert quick_lines > 50


def test_the_command_line_takes_a_jsonl_file_and_fails_when_a_line_is_outside(tmp_path, capsys):
    batch = tmp_path / "batch.jsonl"
    inside = '{"model": "x-2026-05", "channel": "internal", "tools": [], "internet": false, "max_users": 10}'
    batch.write_text(inside + "\n" + inside + "\n")
    assert cli.main(["scope", str(SCOPE_CASE), "--config", str(batch)]) == 0
    capsys.readouterr()
    batch.write_text(inside + "\n" + inside.replace("internal", "public_api") + "\n")
    assert cli.main(["scope", str(SCOPE_CASE), "--config", str(batch)]) == 1
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert rows[1] == [f"{batch}:1", "inside"] and rows[2][:2] == [f"{batch}:2", "outside"]
    assert cli.main(["scope", str(SCOPE_CASE), "--config", str(batch), "--format", "json"]) == 1
    assert '"C201"' in capsys.readouterr().out
    assert cli.main(["scope", str(SCOPE_CASE), "--config", str(tmp_path / "missing.jsonl")]) == 2


def test_repeated_lines_are_judged_each_at_their_own_line(tmp_path):
    """Repeated lines share their values (read once, placed once), yet each is reported where it stands."""
    inside = json.dumps({"model": "x-2026-05", "channel": "internal", "tools": [], "internet": False,
                         "max_users": 10})
    outside = json.dumps({"model": "x-2026-05", "channel": "public_api", "tools": ["shell"], "internet": True,
                          "max_users": 5001})
    lines = [inside, outside, inside, outside, outside]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n")
    reports = api.scope_configs(SCOPE_CASE, [batch])
    single = tmp_path / "alone.json"
    for number, (text, report) in enumerate(zip(lines, reports), start=1):
        single.write_text(text + "\n")
        alone = api.scope_config(SCOPE_CASE, single)
        assert report.label == f"{batch}:{number}"
        assert [f.code for f in report.findings] == [f.code for f in alone.findings]
        assert [(f.span.line, f.span.column) for f in report.findings] == [(number, f.span.column)
                                                                           for f in alone.findings]
        assert [r.note for f in report.findings for r in f.related] == \
               [r.note for f in alone.findings for r in f.related]
    assert [r.verdict for r in reports] == ["holds", "fails", "holds", "fails", "fails"]


# ---- the table by shape: rows and exit code without every line's report ---------------------------------------

def _reference(case, case_source, batch: Path) -> list:
    """Each line's report made the plain way: the located reader's configuration, the evaluator's placement."""
    reports = []
    for config in configs.read_batch(str(batch), case):
        findings = list(config.findings) or scope.config_findings(case, case_source, config,
                                                                  scope.place(case, config.values))
        reports.append(Report(config.source, tuple(sorted_findings(findings)), label=config.label))
    return reports


def _mixed_batch(case, rng: random.Random) -> list[str]:
    """Random configurations (now and then a value left out, or a key no context declares), repeated lines,
    awkward spacing, and lines that are no configuration at all."""
    lines = []
    for _ in range(100):
        values = {name: _random_value(var.type, case, rng) for name, var in case.context.items()
                  if rng.random() < 0.93}
        shown = _as_json(values)
        if rng.random() < 0.04:
            shown["not_declared"] = 1
        if shown and rng.random() < 0.04:
            shown[rng.choice(list(shown))] = {"nested": True}
        text = json.dumps(shown, default=str, ensure_ascii=rng.random() < 0.5)
        lines.append("  " + text.replace(", ", ",\t") + " " if rng.random() < 0.1 else text)
    lines += rng.sample(lines, 25)  # repeated lines: shared values
    lines += ["not json", "[1, 2]", "{}", '{"a": 1, "a": 2}', "", '{"x": 1e999999}']
    rng.shuffle(lines)
    return lines


def _distinct_boundaries():
    """One case for each boundary (as written) over each set of declarations: most cases share the example's."""
    seen = set()
    for path, case in _models():
        text = path.read_text()
        written = tuple(text.splitlines()[f.span.line - 1] for f in case.boundary if f.span is not None)
        key = (written, tuple((name, str(var.type)) for name, var in case.context.items()))
        if key not in seen:
            seen.add(key)
            yield path, case


def _judged(case, path: Path, batch: Path):
    from checker.checks.batch import Judged

    return Judged(case, SourceFile(str(path), path.read_text()), configs.load_entries([str(batch)], case))


@pytest.mark.parametrize("path,case", list(_distinct_boundaries()), ids=lambda v: v.name if isinstance(v, Path) else "")
def test_a_batch_judged_by_shape_shows_what_every_line_judged_alone_shows(path, case, tmp_path):
    """The table (rows by shape), the exit code (one report per shape) and every report equal those made line by
    line with the evaluator, judged against the whole model or against the kept scope view."""
    from checker.reporters import text

    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(_mixed_batch(case, random.Random(path.name))) + "\n")
    expected = _reference(case, SourceFile(str(path), path.read_text()), batch)
    for judged_case in (case, scope.scope_view(case)):
        judged = _judged(judged_case, path, batch)
        assert judged.exit_code() == exit_code(expected)
        assert text.table(judged) == text.table(expected) and text.table(judged, True) == text.table(expected, True)
        assert [(r, [f.world for f in r.findings]) for r in judged] == \
               [(r, [f.world for f in r.findings]) for r in expected]


def test_every_format_of_a_batch_judged_by_shape_is_the_same(tmp_path):
    from checker import reporters

    case, _ = api.load_case(SCOPE_CASE)
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(_mixed_batch(case, random.Random(3))) + "\n")
    expected = _reference(case, SourceFile(str(SCOPE_CASE), SCOPE_CASE.read_text()), batch)
    judged, code = _judged(case, SCOPE_CASE, batch), exit_code(expected)
    for name in ("text", "json", "github", "sarif"):
        for quiet in (False, True):
            options = reporters.RenderOptions(command="scope", totals=True, quiet=quiet, table=name == "text")
            assert reporters.render(name, judged, code, options) == reporters.render(name, expected, code, options)


def test_a_table_builds_one_report_per_shape(tmp_path, monkeypatch):
    """A large batch's table describes each shape once: inside, or a broken line with the values it reads."""
    from checker.checks import batch as batch_module
    from checker.reporters import text

    rng = random.Random(5)
    lines = [json.dumps({"model": "x-2026-05", "channel": rng.choice(["internal", "public_api"]), "tools": [],
                         "internet": False, "max_users": rng.randrange(1, 10_000)}) for _ in range(2_000)]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n")
    built = []
    original = batch_module.config_findings
    monkeypatch.setattr(batch_module, "config_findings", lambda *a, **k: built.append(a) or original(*a, **k))
    judged = api.judge_configs(SCOPE_CASE, [batch])
    rows = text.table(judged).splitlines()[1:-1]
    # inside; public_api (the channel line); internal with too many users, one shape per number over 5000
    over = {json.loads(line)["max_users"] for line in lines
            if json.loads(line)["channel"] == "internal" and json.loads(line)["max_users"] > 5000}
    assert len(rows) == 2_000 and len(built) == 2 + len(over)
    assert {row.split()[1] for row in rows} == {"inside", "outside"}
