"""Configurations as they really are: a position-aware JSON reader, directories, JSON-lines batches, a compact
table, progress on a terminal, and maps into Helm values, Kubernetes manifests and Terraform variables."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from checker import api
from checker.cli.judge import Progress
from checker.interop import configmap, located

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "scope_fixtures"
CASE = FIXTURES / "cyber.case"
REAL = FIXTURES / "real"
CONFIGS = FIXTURES / "configs"
INSIDE = {"model": "x-2026-05", "channel": "trusted_api", "tools": [], "internet": False, "max_users": 10}


def warrant(*args, stdin=None):
    done = subprocess.run([sys.executable, "-m", "checker", *map(str, args)], cwd=REPO, capture_output=True,
                          text=True, input=stdin, timeout=300)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def codes(report):
    return [f.code for f in report.findings]


# ---- the JSON reader keeps every position -------------------------------------------------------


def test_a_repeated_name_is_located_where_it_is_the_key(tmp_path):
    # `max_users` appears first inside another variable's (wrong) value; the error about the
    # top-level `max_users` must point at the top-level key's value, not the first match in the text.
    config = tmp_path / "c.json"
    config.write_text('{\n  "model": {"max_users": 1},\n  "channel": "trusted_api",\n  "max_users": true\n}\n')
    report = api.scope_config(CASE, config)
    located_at = {f.field("variable"): (f.span.line, f.span.column) for f in report.findings}
    assert located_at == {"model": (2, 12), "max_users": (4, 16)}


def test_an_unknown_key_in_json_is_located_at_the_key(tmp_path):
    config = tmp_path / "c.json"
    config.write_text('{"tools": {"max_user": 1}, "max_user": 5}')
    [unknown] = [f for f in api.scope_config(CASE, config).findings if f.code == "C204"]
    assert (unknown.span.line, unknown.span.column, unknown.span.end_column) == (1, 28, 38)
    assert unknown.help == "did you mean `max_users`?"


def test_a_bad_member_of_a_set_is_located_at_the_item(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("model: x-2026-05\ntools:\n  - browser\n  - sheel\n")
    [bad] = api.scope_config(CASE, config).findings
    assert bad.code == "C205" and (bad.span.line, bad.span.column) == (4, 5)
    assert bad.help == "did you mean `shell`?"


@pytest.mark.parametrize("text, where, reason", [
    ('{"a": 1,}', (1, 9), "expected a key in double quotes, found `}`"),
    ('{"a": tru}', (1, 7), "expected a value, found `t`"),
    ('{"a": "x\ny"}', (1, 9), "a control character inside a string"),
    ('{"a": 01}', (1, 8), "expected `,` or `}`, found `1`"),
    ('{"a": "\\q"}', (1, 8), "unknown escape `\\q`"),
    ('{"a": 1} 2', (1, 10), "after the value"),
    ('', (1, 1), "the text is empty"),
    ('{"a": -}', (1, 8), "a number needs a digit after `-`"),
    ('{"a": 1e}', (1, 9), "a number needs digits in its exponent"),
])
def test_json_errors_say_what_was_expected_where(text, where, reason):
    tree, error = located.read_json(text, "x.json")
    assert tree is None and (error.span.line, error.span.column) == where and reason in error.reason


def test_json_reads_numbers_exactly_and_every_escape():
    tree, error = located.read_json('{"r": 0.1, "e": 25e-2, "i": -3, "s": "\\u00e9\\ud83d\\ude00\\n"}', "x.json")
    assert error is None
    assert located.plain(tree) == {"r": Fraction(1, 10), "e": Fraction(1, 4), "i": -3, "s": "é😀\n"}


def test_json_and_python_agree_on_valid_documents():
    samples = ['{"a": [1, 2.5, {"b": null}], "c": "\\"q\\""}', "[]", '"x"', "true", '{"k": -0.0e+1}']
    for sample in samples:
        tree, error = located.read_json(sample, "x.json")
        assert error is None
        assert located.plain(tree) == json.loads(sample, parse_float=Fraction)


# ---- many configurations ---------------------------------------------------------------------------


def test_a_directory_and_a_batch_are_read_against_the_case_once(tmp_path):
    batch = tmp_path / "batch.jsonl"
    outside = {**INSIDE, "channel": "public_api"}
    batch.write_text(json.dumps(INSIDE) + "\n\n" + json.dumps(outside) + "\n" + '{"model": 1\n')
    reports = api.scope_configs(CASE, [CONFIGS, batch])
    names = [report.name for report in reports]
    assert names[:2] == [str(CONFIGS / "bad_values.yaml"), str(CONFIGS / "incomplete.yaml")]
    assert names[-3:] == [f"{batch}:1", f"{batch}:3", f"{batch}:4"]
    last = {report.name: report for report in reports[-3:]}
    assert codes(last[f"{batch}:1"]) == [] and codes(last[f"{batch}:3"]) == ["C201"]
    [broken] = last[f"{batch}:4"].findings
    assert broken.code == "C203" and (broken.span.path, broken.span.line, broken.span.column) == (str(batch), 4, 12)


def test_many_configurations_print_a_compact_table(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps(INSIDE) + "\n" + json.dumps({**INSIDE, "max_users": 9000}) + "\n")
    done = warrant("scope", CASE, "--config", CONFIGS / "inside.yaml", batch)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["configuration", "scope", "first", "broken", "boundary", "line"]
    assert lines[1].split() == [str(CONFIGS / "inside.yaml"), "inside"]
    assert lines[2].split()[:2] == [f"{batch}:1", "inside"]
    assert lines[3].split()[:3] == [f"{batch}:2", "outside", f"{CASE}:49:3"]
    assert lines[3].endswith("`max_users <= 5000` is false, with max_users = 9000")
    assert lines[4] == "3 configurations: 2 inside, 1 outside"
    assert done.stderr == ""  # no progress line where standard error is no terminal
    as_json = json.loads(warrant("scope", CASE, "--config", batch, "--format", "json").stdout)
    assert [file["path"] for file in as_json["files"]] == [str(batch)] * 2
    assert [file["verdict"] for file in as_json["files"]] == ["holds", "fails"]


def test_progress_is_shown_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    shown, hidden = Terminal(), io.StringIO()
    for stream in (shown, hidden):
        progress = Progress(stream)
        progress(1, 2, "a.yaml")
        progress(2, 2, "b.yaml")
        progress.finish()
    assert shown.getvalue() == "\r\x1b[K[1/2] a.yaml\r\x1b[K[2/2] b.yaml\r\x1b[K"
    assert hidden.getvalue() == ""


# ---- maps into real files ------------------------------------------------------------------------------


@pytest.mark.parametrize("config, mapping", [
    ("values.yaml", "values.map.yaml"),
    ("manifest.yaml", "manifest.map.yaml"),
    ("terraform.tfvars.json", "terraform.map.yaml"),
])
def test_a_map_reads_the_variables_from_a_real_file(config, mapping):
    report = api.scope_config(CASE, REAL / config, map_path=REAL / mapping)
    assert report.findings == () and report.verdict == "holds"


def test_values_translate_and_an_added_tool_fails_the_diff(tmp_path):
    values = (REAL / "values.yaml").read_text()
    new = tmp_path / "values.yaml"
    new.write_text(values.replace("    - name: python\n", "    - name: python\n      timeout: 5\n    - name: bash\n"))
    report = api.diff_configs(CASE, REAL / "values.yaml", new, map_path=REAL / "values.map.yaml")
    assert sorted(codes(report)) == ["C201", "C209"] and api.exit_code([report]) == 1
    outside = next(f for f in report.findings if f.code == "C201")
    assert (outside.span.path, outside.span.line) == (str(new), 11)  # the tools list in the values file
    assert outside.world.context["tools"] == {"browser", "code_exec", "shell"}
    assert report.review.triggers == ("T2",) and report.review.outside


def test_a_value_the_map_does_not_translate_is_judged_where_it_stands(tmp_path):
    new = tmp_path / "values.yaml"
    new.write_text((REAL / "values.yaml").read_text().replace("name: web", "name: browsr"))
    [bad] = api.scope_config(CASE, new, map_path=REAL / "values.map.yaml").findings
    assert bad.code == "C205" and (bad.span.line, bad.span.column) == (11, 13)
    assert "found `browsr`" in bad.message and bad.help == "did you mean `browser`?"


def test_a_missing_path_is_located_where_the_path_stopped(tmp_path):
    new = tmp_path / "values.yaml"
    new.write_text((REAL / "values.yaml").read_text().replace("  users: 3000", "  user: 3000"))
    [missing] = api.scope_config(CASE, new, map_path=REAL / "values.map.yaml").findings
    assert missing.code == "C211" and report_line(missing) == (str(new), 18)
    assert missing.message.endswith("there is no key `users` here; did you mean `user`?")
    [note] = missing.related
    assert note.span.path == str(REAL / "values.map.yaml") and note.span.line == 10


def report_line(f):
    return f.span.path, f.span.line


def test_a_default_stands_in_for_a_missing_path(tmp_path):
    new = tmp_path / "values.yaml"
    new.write_text((REAL / "values.yaml").read_text().replace("  exposure: trusted_api\n", ""))
    report = api.scope_config(CASE, new, map_path=REAL / "values.map.yaml")
    assert report.findings == ()


def test_a_manifest_path_must_name_its_document(tmp_path):
    mapping = tmp_path / "m.yaml"
    mapping.write_text((REAL / "manifest.map.yaml").read_text().replace('"[0].data.channel"', "data.channel"))
    [missing] = api.scope_config(CASE, REAL / "manifest.yaml", map_path=mapping).findings
    assert missing.code == "C211" and "start the path with [0], [1]" in missing.message


@pytest.mark.parametrize("text, where, problem", [
    ("modle: image.tag\n", (1, 1), "`modle` is not a context variable of case `cyber_inability`"),
    ("model: {pth: image.tag}\n", (1, 9), "an entry takes `path`, `default` and `translate`, not `pth`"),
    ("model: image..tag\n", (1, 8), "`image..tag` is not a path"),
    ("model: [image]\n", (1, 8), "must be a path or a mapping with `path`, not a list"),
    ("tools: {path: a, translate: [x]}\n", (1, 29), "`translate` maps values"),
    ("- model\n", (1, 1), "a map is a mapping"),
    ("model: [\n", (2, 1), "not valid YAML"),
])
def test_a_malformed_map_is_located_in_the_map(tmp_path, text, where, problem):
    mapping = tmp_path / "map.yaml"
    mapping.write_text(text)
    report = api.scope_config(CASE, REAL / "values.yaml", map_path=mapping)
    [bad] = report.findings
    assert bad.code == "C210" and (bad.span.line, bad.span.column) == where and problem in bad.message
    assert report.verdict == "unreadable"
    if text.startswith("modle"):
        assert bad.help == "did you mean `model`?"


def test_paths_parse_as_documented():
    assert configmap.parse_path("a.b[0].c") == ("a", "b", 0, "c")
    assert configmap.parse_path('metadata.labels["app.kubernetes.io/name"]') == ("metadata", "labels",
                                                                              "app.kubernetes.io/name")
    assert configmap.parse_path("[1].spec[*].name") == (1, "spec", configmap.EVERY, "name")
    for bad in ("", "a..b", "a[x]", "a[0]b", "a b"):
        assert configmap.parse_path(bad) is None, bad


def test_the_map_on_the_command_line():
    done = warrant("scope", CASE, "--config", REAL / "values.yaml", "--map", REAL / "values.map.yaml")
    assert done.returncode == 0, done.stdout
    diff = warrant("diff", CASE, REAL / "values.yaml", REAL / "values.yaml", "--map", REAL / "values.map.yaml")
    assert diff.returncode == 0, diff.stdout


def test_the_case_is_read_once_for_many_configurations(monkeypatch, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(json.dumps({**INSIDE, "max_users": n}) for n in range(1, 51)) + "\n")
    calls = []
    original = api.load_case
    monkeypatch.setattr(api, "load_case", lambda path, cache=None: calls.append(path) or original(path, cache))
    reports = api.scope_configs(CASE, [batch])
    assert len(reports) == 50 and all(report.verdict == "holds" for report in reports)
    assert calls == [CASE]


def test_nothing_to_judge_is_never_a_pass(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (tmp_path / "none.jsonl").write_text("\n\n")
    for spec in (empty, tmp_path / "none.jsonl"):
        done = warrant("scope", CASE, "--config", spec)
        assert done.returncode == 2 and "no configurations in" in done.stderr
