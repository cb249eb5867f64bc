"""End-to-end tests through the `warrant` command for the defects the third QA pass fixed.

Each test names the defect it guards against (docs/cli.md and docs/language.md say what is right).
"""
from __future__ import annotations

from pathlib import Path

from command import warrant

REPO = Path(__file__).resolve().parent.parent


def test_new_refuses_to_overwrite_a_file_without_force(tmp_path):
    # `warrant new --pattern X -o FILE` replaced a case someone had filled in, without a word.
    mine = tmp_path / "mine.case"
    mine.write_text("my filled-in work\n")
    done = warrant("new", "--pattern", "misuse_safeguards", "-o", mine)
    assert done.returncode == 2
    assert done.stderr == f"warrant: {mine} already exists; give --force to replace it\n"
    assert mine.read_text() == "my filled-in work\n"
    forced = warrant("new", "--pattern", "misuse_safeguards", "-o", mine, "--force")
    assert forced.returncode == 0 and forced.stderr == ""
    assert "use misuse_safeguards(" in mine.read_text()


def test_new_writes_a_file_that_does_not_exist(tmp_path):
    fresh = tmp_path / "fresh.case"
    done = warrant("new", "--pattern", "misuse_safeguards", "-o", fresh)
    assert done.returncode == 0 and "use misuse_safeguards(" in fresh.read_text()
    # A directory is not offered --force, which could not help: the write itself says why it fails.
    folder = warrant("new", "--pattern", "misuse_safeguards", "-o", tmp_path)
    assert folder.returncode == 2 and folder.stderr.startswith(f"warrant: cannot write {tmp_path}: ")


CONFIG = "model: x-2026-05\nchannel: trusted_api\ntools: [browser]\ninternet: false\n"


def test_a_yaml_configuration_reads_scientific_notation_as_a_number(tmp_path):
    # PyYAML follows YAML 1.1, whose floats need a dot: `max_users: 3e3` was the text "3e3" and C205.
    inside, outside = tmp_path / "inside.yaml", tmp_path / "outside.yaml"
    inside.write_text(CONFIG + "max_users: 3e3\n")
    outside.write_text(CONFIG + "max_users: 9.5E+3\n")
    case = REPO / "tests/scope_fixtures/cyber.case"
    assert warrant("scope", case, "--config", inside).returncode == 0
    done = warrant("scope", case, "--config", outside)
    assert done.returncode == 1 and " C201 " in done.stdout and "max_users = 9500" in done.stdout
    whole = tmp_path / "half.yaml"
    whole.write_text(CONFIG + "max_users: 2.5e0\n")  # a number, but not a whole one: the type says so
    done = warrant("scope", case, "--config", whole)
    assert done.returncode == 2 and "C205" in done.stdout and "the number 2.5" in done.stdout


def test_a_map_default_in_scientific_notation_is_a_number(tmp_path):
    config, mapping = tmp_path / "values.yaml", tmp_path / "values.map.yaml"
    config.write_text(CONFIG)
    mapping.write_text("model: model\nchannel: channel\ntools: tools\ninternet: internet\n"
                       "max_users: {path: users, default: 4e3}\n")
    done = warrant("scope", REPO / "tests/scope_fixtures/cyber.case", "--config", config, "--map", mapping)
    assert done.returncode == 0, done.stdout


def test_yaml_text_that_only_looks_like_a_number_stays_text(tmp_path):
    config = tmp_path / "odd.yaml"
    config.write_text(CONFIG.replace("x-2026-05", "1e5") + "max_users: 1e\n")
    done = warrant("scope", REPO / "tests/scope_fixtures/cyber.case", "--config", config)
    assert done.returncode == 2 and 'must be a whole number, found "1e"' in done.stdout
    # As in YAML 1.2, an unquoted 1e5 is a number, read exactly (never `100000.0`); a string must be quoted.
    assert "`model` must be a string, found the number 100000" in done.stdout
    assert 'help: quote it: "100000"\n' in done.stdout


def test_settings_and_baselines_take_whole_numbers_in_scientific_notation(tmp_path):
    # TOML and JSON read `3e1` as a float; a count of days or of findings written so is still a whole number.
    import json

    case = tmp_path / "a.case"
    case.write_text((REPO / "tests/cli_fixtures/unused_nodes.case").read_text())
    (tmp_path / "warrant.toml").write_text("warn-expiry = 3e1\nmin-margin = 1e-1\n")
    baseline = tmp_path / "baseline.json"
    first = warrant("check", "--no-cache", case, "--baseline", baseline, "--write-baseline", cwd=tmp_path)
    assert first.returncode == 0 and "A102" not in first.stdout, first.stdout
    document = json.loads(baseline.read_text())
    assert document["findings"], "the fixture has warnings for the baseline to record"
    text = baseline.read_text().replace('"count": 1', '"count": 1e0')
    assert "1e0" in text
    baseline.write_text(text)
    again = warrant("check", "--no-cache", case, "--baseline", baseline, cwd=tmp_path)
    assert again.returncode == 0 and "A104" not in again.stdout and "known from the baseline" in again.stdout


def test_the_public_summary_counts_what_select_and_ignore_leave_out(tmp_path):
    # `export --public` read the settings but said nothing of select/ignore; `check --format markdown`
    # dropped the ignored findings from a summary meant for regulators, verdict included.
    case = tmp_path / "e.case"
    case.write_text((REPO / "tests/cli_fixtures/entailment_fails.case").read_text())
    (tmp_path / "warrant.toml").write_text('ignore = ["L201"]\n')
    note = ("- Counted here all the same: 1 finding (`L201`) that `select`/`ignore` leave out of "
            "`warrant check`")
    exported = warrant("export", "--public", case, cwd=tmp_path)
    assert exported.returncode == 1  # the case's own exit code: the ignored error still fails it
    assert "- Verdict: **fails**" in exported.stdout and note in exported.stdout
    assert "- `L201` strategy \\`S1\\` does not establish \\`G0\\`" in exported.stdout
    checked = warrant("check", "--no-cache", "--format", "markdown", case, cwd=tmp_path)
    assert checked.returncode == 0  # check's gate follows the settings ...
    assert checked.stdout == exported.stdout  # ... but the summary is the same document
    plain = warrant("check", "--no-cache", case, cwd=tmp_path)
    assert plain.returncode == 0 and "L201" not in plain.stdout


def test_a_public_summary_without_select_or_ignore_says_nothing_of_them(tmp_path):
    case = tmp_path / "e.case"
    case.write_text((REPO / "tests/cli_fixtures/entailment_fails.case").read_text())
    (tmp_path / "warrant.toml").write_text('ignore = ["E3"]\n')  # leaves nothing out
    exported = warrant("export", "--public", case, cwd=tmp_path)
    assert exported.returncode == 1 and "Counted here all the same" not in exported.stdout


def test_check_markdown_counts_what_a_baseline_knows(tmp_path):
    case = tmp_path / "e.case"
    case.write_text((REPO / "tests/cli_fixtures/entailment_fails.case").read_text())
    baseline = tmp_path / "b.json"
    warrant("check", "--no-cache", case, "--baseline", baseline, "--write-baseline", cwd=tmp_path)
    done = warrant("check", "--no-cache", "--format", "markdown", case, "--baseline", baseline, cwd=tmp_path)
    assert done.returncode == 0 and "- Verdict: **fails**" in done.stdout
    assert "1 finding (`L201`) that `warrant check` leaves out as known from the baseline" in done.stdout


def test_the_html_report_quotes_a_crlf_file_without_its_carriage_returns(tmp_path):
    # The text reporter dropped a CRLF line's `\r`; the HTML page kept it, and a browser reads a CR inside
    # <pre> as a line break of its own, so every source line of a Windows file was followed by a blank one.
    case = tmp_path / "crlf.case"
    case.write_bytes(b'case crlf "Windows line endings"\r\n  version "1"\r\n  author "A"\r\n'
                     b'measure r: real in [0, 1]\r\nclaim G0 "x": r < 0.5\r\n')
    page = tmp_path / "crlf.html"
    done = warrant("report", case, "-o", page)
    assert done.returncode == 1  # G0 has no support
    text = page.read_bytes()
    assert b"\r" not in text
    assert b'<a class="ln" href="#src-L5">5</a>claim G0 &quot;x&quot;: r &lt; 0.5</span>' in text
    # The text output, through the same helper (reporters/visible.py source_lines), agrees.
    assert "\\x0d" not in warrant("check", "--no-cache", case).stdout


NO_STEPS = 'case nosteps "No steps"\n  version "1"\n  author "A"\nmeasure r: real in [0, 1]\nclaim G0 "x": r < 0.5\n'


def test_a_case_with_no_steps_is_not_100_percent_proved(tmp_path):
    # `0/0 steps proved (100%)`: a share of nothing, printed as if everything were proved.
    import json

    case = tmp_path / "nosteps.case"
    case.write_text(NO_STEPS)
    text = warrant("check", "--no-cache", case).stdout.splitlines()[-1]
    assert text.endswith("; 1/1 claims formal, no steps to prove")
    summary = json.loads(warrant("check", "--no-cache", "--format", "json", case).stdout)["files"][0]["summary"]
    assert summary["steps"] == 0 and summary["proved_share"] is None
    public = warrant("export", "--public", case).stdout
    assert "- Argument steps: 0 (no steps to prove)" in public and "100%" not in public
    page = tmp_path / "page.html"
    warrant("report", case, "-o", page)
    assert "1/1 claims formal, no steps to prove" in page.read_text()


def test_a_decision_expiring_on_its_own_date_is_also_expired_as_evidence_is(tmp_path):
    # Evidence whose expiry is before its date got E318 and E304 at a later --as-of, a decision only E318.
    case = tmp_path / "d.case"
    case.write_text(NO_STEPS + '  evidence E1\nevidence E1 "Eval" {\n  model "m"\n  date 2026-01-01  expires 2026-01-01\n'
                    '  shows r in [0, 0.1]\n}\ndecision deploy by "Board" on 2026-02-01 expires 2026-02-01\n')
    late = warrant("check", "--no-cache", "--as-of", "2026-03-01", case).stdout
    assert " E304 " in late and " E315 " in late and late.count(" E318 ") == 2
    # Before the check date reaches the decision's expiry, it has not lapsed: E318 alone says what is wrong.
    early = warrant("check", "--no-cache", "--as-of", "2026-01-15", case).stdout
    assert " E315 " not in early and " E304 " in early and early.count(" E318 ") == 2


def test_a_measure_without_parameters_reads_the_same_with_empty_brackets(tmp_path):
    # `r()` for a measure without parameters was accepted and documented nowhere: docs/language.md 4.3
    # and 13.7 now say it means `r`; the two spellings check alike.
    bare, bracketed = tmp_path / "bare.case", tmp_path / "bracketed.case"
    body = ('  evidence E1\nevidence E1 "e" {\n  expires 2027-01-01\n  shows r in [0, 0.1]\n}\n'
            'claim G1 "y": r() >= 0.3\n  evidence E1\n')
    bare.write_text(NO_STEPS + body)
    bracketed.write_text(NO_STEPS.replace("r < 0.5", "r() < 0.5") + body)
    first, second = (warrant("check", "--no-cache", "--as-of", "2026-11-01", path) for path in (bare, bracketed))
    assert first.returncode == second.returncode == 1
    assert " E302 " in first.stdout  # G1 is judged: E1 shows the opposite of `r() >= 0.3`
    shown = lambda done, name: [line.split(": ", 1)[1] for line in done.stdout.splitlines() if name in line.split(":")[0]]
    assert shown(first, "bare.case") == shown(second, "bracketed.case")


def test_fmt_and_check_agree_on_a_file_of_nothing_but_comments(tmp_path):
    # `fmt` of an empty or comment-only file exited 0 (a file of no items), while `check` said S001.
    for name, text in (("empty.case", ""), ("comment.case", "# only a comment\n"), ("blank.case", "\n\n")):
        path = tmp_path / name
        path.write_text(text)
        checked = warrant("check", "--no-cache", path)
        formatted = warrant("fmt", "--check", path)
        assert checked.returncode == formatted.returncode == 2
        assert "S001 [error] unexpected end of file; expected `case`" in formatted.stderr
        assert checked.stdout.splitlines()[0] == formatted.stderr.splitlines()[0]
        assert warrant("fmt", path).returncode == 2 and path.read_text() == text  # left untouched
    # A file of bare items still formats: a boundary for `scope --target`.
    target = tmp_path / "target.case"
    target.write_text("boundary {\n  true\n}\n")
    assert warrant("fmt", "--check", target).returncode == 0


def test_a_binary_yaml_value_is_named_as_such(tmp_path):
    # C205 said "found a bytes" for a `!!binary` value.
    config = tmp_path / "bin.yaml"
    config.write_text(CONFIG.replace("model: x-2026-05", "model: !!binary aGVsbG8=") + "max_users: 10\n")
    done = warrant("scope", REPO / "tests/scope_fixtures/cyber.case", "--config", config)
    assert done.returncode == 2
    assert "C205 [error] configuration value of `model` must be a string, found binary data (`!!binary`, 5 bytes)" \
        in done.stdout
    assert "a bytes" not in done.stdout


def test_import_gsn_refuses_a_uses_that_is_not_a_list_as_gsn2x_does(tmp_path):
    # gsn2x reads a module's `uses` as a list of paths only; the import read `uses: 5` as the path "5".
    for written in ("5", "other.gsn.yaml"):
        diagram = tmp_path / "a.gsn.yaml"
        diagram.write_text(f"module:\n  name: top\n  uses: {written}\nG1:\n  text: Top\n  supportedBy: [Sn1]\n"
                           "Sn1:\n  text: Evidence\n")
        done = warrant("import-gsn", diagram)
        assert done.returncode == 2 and done.stdout == ""
        first = done.stderr.splitlines()[0]
        assert first.endswith("a.gsn.yaml:3:9: I003 [error] not a gsn2x diagram: the module's `uses` must be a "
                              "list of file paths: write `uses: [FILE]`")


def test_import_gsn_is_as_lenient_as_gsn2x_on_one_id_and_a_number_as_text(tmp_path):
    # gsn2x (src/gsn.rs, deser_string_or_seq_string) takes one id without brackets, and its YAML reader
    # gives a string field any plain scalar: these diagrams are valid there, so they import without a word.
    diagram = tmp_path / "c.gsn.yaml"
    diagram.write_text("G1:\n  text: 5\n  supportedBy: Sn1\nSn1:\n  text: true\n")
    done = warrant("import-gsn", diagram)
    assert done.returncode == 0 and done.stderr == ""
    assert 'claim G1 "5"\n  evidence Sn1\n' in done.stdout and 'evidence Sn1 "true"' in done.stdout


HIDDEN = ("\u202e", "\x1b", "\u2028")  # a bidirectional override, an escape, a line separator


def test_drawings_pages_and_summaries_show_control_characters_as_escapes(tmp_path):
    # The text output wrote a title's bidirectional override as `\u202e`; the HTML page, the DOT and Mermaid
    # drawings and the public summary passed it to the browser raw, which reorders the text a reviewer reads.
    case = tmp_path / "odd.case"
    case.write_text('case odd "Safe \u202eelbisnopserri\u202c title"\n  version "1"\n  author "Zo\u00eb \x1b[31mred"\n'
                    'measure r: real in [0, 1]\nclaim G0 "Low \u2028rate": r < 0.5\n  evidence E1\n'
                    'evidence E1 "Eval \u202eabc" {\n  expires 2027-01-01\n  shows r in [0, 0.1]\n}\n')
    outputs = {}
    for name, args in (("html", ("report",)), ("dot", ("graph", "--format", "dot")),
                       ("mermaid", ("graph", "--format", "mermaid"))):
        out = tmp_path / f"out.{name}"
        assert warrant(*args, case, "-o", out).returncode == 0
        outputs[name] = out.read_text(encoding="utf-8")
    outputs["markdown"] = warrant("export", "--public", case).stdout
    for name, text in outputs.items():
        assert not any(c in text for c in HIDDEN), name
        assert "\\u202e" in text, name
    assert "<h1>Safe \\u202eelbisnopserri\\u202c title</h1>" in outputs["html"]
    assert "- Author: Zoë \\\\x1b\\[31mred" in outputs["markdown"]


WAIVER = '# warrant: ignore[L201] reason="experts are judged in phase 2" owner=alice until=2027-01-01'


def test_fmt_keeps_a_waiver_in_reach_when_it_breaks_the_node(tmp_path):
    # A waiver at the end of a strategy's one long line waived its L201; `fmt` broke the line before `from`
    # and `given`, the comment stayed after `A1` on the last line, and the formatted case failed (L201, A003).
    source = (REPO / "tests/cli_fixtures/entailment_fails.case").read_text()
    case = tmp_path / "w.case"
    case.write_text(source.replace(
        'strategy S1 "One subclaim per threat":\n  from G1, G2\n  given A1\n',
        'strategy S1 "One subclaim per threat, argued over each of the threats the risk model names here": '
        f"from G1, G2 given A1  {WAIVER}\n"))
    (tmp_path / "warrant.toml").write_text('waivable = ["L201"]\n')
    check = ("check", "--no-cache", "--as-of", "2026-11-01", case)
    before = warrant(*check, cwd=tmp_path)
    assert before.returncode == 0 and "holds with 1 waived error" in before.stdout
    assert warrant("fmt", case).returncode == 0
    assert f"  given A1  {WAIVER}\n" in case.read_text()  # the layout moved the comment to the node's last line
    after = warrant(*check, cwd=tmp_path)
    assert after.returncode == 0 and "holds with 1 waived error" in after.stdout and "A003" not in after.stdout


def test_fmt_continues_an_item_after_a_comment_one_step_in(tmp_path):
    # A comment between a claim's title and its colon ended the line, and `fmt` put the rest of the claim
    # at column 1, where it read as the start of a new item: `: r < 0.5`.
    text = ('case c "C"\n  version "1"\n  author "A"\nmeasure r: real in [0, 1]\n'
            'claim G0 "x"  # why\n: r < 0.5\n  evidence E1\n'
            'evidence E1 "e" {\n  expires 2027-01-01\n  shows r in [0, 0.1]\n}\n')
    done = warrant("fmt", "-", stdin=text)
    assert done.returncode == 0
    assert 'claim G0 "x"  # why\n  : r < 0.5\n  evidence E1\n' in done.stdout
    assert warrant("fmt", "-", stdin=done.stdout).stdout == done.stdout  # and it stays so
    # The same for a comment on a line of its own there; a block after a comment keeps its own layout.
    own = warrant("fmt", "-", stdin=text.replace('claim G0 "x"  # why\n', 'claim G0 "x"\n  # why\n')).stdout
    assert 'claim G0 "x"\n  # why\n  : r < 0.5\n  evidence E1\n' in own
    assert 'evidence E1 "e" {\n  expires 2027-01-01\n  shows r in [0, 0.1]\n}\n' in own


def test_a_blank_header_is_reported_and_the_summaries_have_a_heading(tmp_path):
    # `version ""` and `author ""` passed the check (G001/G002 looked only for a missing field) while the
    # public summary printed "Version: (none)"; a blank title gave it the heading `# ` and the page `<h1></h1>`.
    case = tmp_path / "blank.case"
    case.write_text('case blank ""\n  version ""\n  author " "\nmeasure r: real in [0, 1]\n'
                    'claim G0 "x": r < 0.5\n  evidence E1\n'
                    'evidence E1 "e" {\n  expires 2027-01-01\n  shows r in [0, 0.1]\n}\n')
    checked = warrant("check", "--no-cache", "--as-of", "2026-11-01", case)
    assert checked.returncode == 1
    assert " G001 [error] case `blank` has no version" in checked.stdout
    assert " G002 [error] case `blank` has no author" in checked.stdout
    assert warrant("export", "--public", case).stdout.startswith("# Untitled case\n")
    page = tmp_path / "page.html"
    warrant("report", case, "-o", page)
    assert "<h1>Untitled case</h1>" in page.read_text()


def test_a_blank_header_exports_to_a_diagram_that_imports(tmp_path):
    # export-gsn wrote `warrant-version: ''`, which import-gsn refuses (I006): a blank field is none.
    case = tmp_path / "blank.case"
    case.write_text('case blank "B"\n  version ""\n  author "A"\nmeasure r: real in [0, 1]\n'
                    'claim G0 "x": r < 0.5\n  evidence E1\n'
                    'evidence E1 "e" {\n  expires 2027-01-01\n  shows r in [0, 0.1]\n}\n')
    diagram = tmp_path / "blank.gsn.yaml"
    assert warrant("export-gsn", case, "-o", diagram).returncode == 1  # the case's own code: G001
    assert "warrant-version" not in diagram.read_text()
    back = warrant("import-gsn", diagram)
    assert back.returncode == 0 and "I006" not in back.stderr


def test_fmt_keeps_a_crlf_file_crlf(tmp_path):
    # `fmt` rewrote a Windows (CRLF) file with LF endings, so `fmt --check` failed every such file even when
    # it was laid out canonically, and `fmt` turned every line of it into a change.
    case = tmp_path / "w.case"
    case.write_bytes(b'case c "C"\r\n  version "1"\r\n  author "A"\r\nmeasure   r: real in [0, 1]\r\n'
                     b'claim G0 "x": r < 0.5  # n\r\n')
    assert warrant("fmt", case).returncode == 0
    assert case.read_bytes() == (b'case c "C"\r\n  version "1"\r\n  author "A"\r\n\r\nmeasure r: real in [0, 1]\r\n'
                                 b'\r\nclaim G0 "x": r < 0.5  # n\r\n')
    assert warrant("fmt", "--check", case).returncode == 0
    lf = tmp_path / "u.case"
    lf.write_bytes(case.read_bytes().replace(b"\r\n", b"\n"))
    assert warrant("fmt", "--check", lf).returncode == 0  # an LF file stays LF


def test_an_unreadable_required_case_is_named_unreadable_once(tmp_path):
    # The module of a required case that cannot be read was titled `sub.case (unreadable)`, and every
    # drawing adds the verdict: `module sub: sub.case (unreadable) (unreadable)`.
    (tmp_path / "sub.case").write_text('case sub "Sub"\n  version "1"\n  author "A"\nclaim G0 "x": zz < 1\n')
    top = tmp_path / "top.case"
    top.write_text('case top "Top"\n  version "1"\n  author "A"\nrequires "sub.case"\nmeasure r: real in [0, 1]\n'
                   'claim G0 "x": r < 0.5\n  evidence E1\n'
                   'evidence E1 "e" {\n  expires 2027-01-01\n  shows r in [0, 0.1]\n}\n')
    mermaid = warrant("graph", "top.case", "--format", "mermaid", cwd=tmp_path).stdout
    dot = warrant("graph", "top.case", cwd=tmp_path).stdout
    page = tmp_path / "top.html"
    warrant("report", "top.case", "-o", page, cwd=tmp_path)
    for text in (mermaid, dot, page.read_text()):
        assert "(unreadable) (unreadable)" not in text and "(unreadable) <span" not in text
    assert 'subgraph module_sub["module sub: sub.case (unreadable)"]' in mermaid
    assert 'label="module sub: sub.case (unreadable)"' in dot


def test_graph_draws_a_case_whose_required_case_is_unreadable_and_exits_2(tmp_path):
    # docs/cli.md said only that a case that cannot be read (exit 2) is not drawn.
    (tmp_path / "sub.case").write_text('case sub "Sub"\n  version "1"\n  author "A"\nclaim G0 "x": zz < 1\n')
    (tmp_path / "top.case").write_text('case top "Top"\n  version "1"\n  author "A"\nrequires "sub.case"\n'
                                       'claim G0 "x"\n')
    done = warrant("graph", "top.case", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout.startswith('digraph "top"')
    assert "sub.case (unreadable)" in done.stdout


def test_no_command_writes_its_output_over_its_input(tmp_path):
    # `warrant graph x.case -o x.case` replaced the case with its drawing (report, export and the gsn
    # commands too): the input is lost with one mistyped argument.
    case = tmp_path / "x.case"
    text = NO_STEPS
    case.write_text(text)
    for args in (("graph", "x.case", "-o", "x.case"), ("report", "x.case", "-o", "./x.case"),
                 ("export", "--public", "x.case", "-o", "x.case"), ("export-gsn", "x.case", "-o", "x.case")):
        done = warrant(*args, cwd=tmp_path)
        assert done.returncode == 2, args
        assert done.stderr.splitlines()[-1].startswith(f"warrant: cannot write {args[-1]}: it is the input x.case")
        assert case.read_text() == text
    diagram = tmp_path / "d.gsn.yaml"
    diagram.write_text("G1:\n  text: Top\n  supportedBy: [Sn1]\nSn1:\n  text: E\n")
    done = warrant("import-gsn", "d.gsn.yaml", "-o", "d.gsn.yaml", cwd=tmp_path)
    assert done.returncode == 2 and diagram.read_text().startswith("G1:")
