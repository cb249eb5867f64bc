"""`warrant check` as a new user meets it: defects found by the case-language QA pass.

Each test names the defect it guards against; the golden cases of the same pass are under
tests/cases/ (each says in its header comment what it guards).
"""
from __future__ import annotations

from pathlib import Path

from command import warrant

REPO = Path(__file__).resolve().parent.parent


def test_a_crlf_file_is_quoted_without_its_carriage_returns(tmp_path):
    # A file saved with Windows line endings had `\x0d` printed at the end of every quoted line.
    case = tmp_path / "crlf.case"
    case.write_bytes(b'case crlf "Windows line endings"\r\n  version "1"\r\n  author "A"\r\n'
                     b'measure r: real in [0, 1]\r\nclaim G0 "x": r < 0.5 and zz > 1\r\n')
    done = warrant("check", "--no-cache", case)
    assert done.returncode == 2
    lines = done.stdout.splitlines()
    assert lines[0].endswith("crlf.case:5:27: N101 [error] unknown name `zz`")
    assert lines[1] == '    5 | claim G0 "x": r < 0.5 and zz > 1'
    assert lines[2] == "      |                           ^^"
    assert "\\x0d" not in done.stdout


HEADER = 'case chain "Chains"\n  version "1"\n  author "A"\nmeasure r: real in [0, 1]\nmeasure p: bool\n'


def _help_lines(tmp_path, body: str) -> list[str]:
    case = tmp_path / "chain.case"
    case.write_text(HEADER + body)
    done = warrant("check", "--no-cache", case)
    assert done.returncode == 2 and " S001 [error] " in done.stdout
    return [line.strip() for line in done.stdout.splitlines() if line.strip().startswith("help:")]


def test_a_chained_comparison_is_named_as_such(tmp_path):
    # LALR closes `0 < r` as a whole formula before it meets the second `<`, so the expected tokens
    # it lists (`by`, the next item) said nothing of the chain the language forbids.
    (chained,) = _help_lines(tmp_path, 'claim G0 "x": 0 < r < 0.5\n')
    assert chained.startswith("help: comparisons do not chain: write `x in [1, 3]`")
    (bracketed,) = _help_lines(tmp_path, 'claim G0 "x": (0 < r <= 1)\n')
    assert bracketed == chained
    (iff,) = _help_lines(tmp_path, 'claim G0 "x": p iff p iff p\n')
    assert iff == "help: `iff` does not chain: write `(a iff b) iff c`"


def test_a_comparison_with_no_left_side_gets_no_chain_help(tmp_path):
    assert _help_lines(tmp_path, 'claim G0 "x": < 0.5\n') == []
    assert _help_lines(tmp_path, 'context { t: bool }\nclaim G0 "x": r < 0.5\nevidence E1\n'
                                 'evidence E1 "e" { setting { t in {true} } }\n') == []


def test_an_unbracketed_count_on_the_left_is_compared_as_docs_say(tmp_path):
    # docs/language.md 13.6: the body stops at the first comparison, so the count itself is compared.
    case = tmp_path / "count.case"
    case.write_text('case c "Count"\n  version "1"\n  author "A"\nenum C { a, b }\nmeasure rate(C): real in [0, 1]\n'
                    'claim G0 "x": count c: C. rate(c) > 0.2 < 1\n  evidence E1\n'
                    'evidence E1 "e" { expires 2027-01-01 shows forall c: C. rate(c) in [0.5, 0.6] }\n')
    done = warrant("check", "--no-cache", "--as-of", "2026-11-01", case)
    assert "E302 [error] evidence `E1` contradicts claim `G0`" in done.stdout  # two of two counted, not < 1
    case.write_text(case.read_text().replace("< 1\n", "< 3\n"))
    done = warrant("check", "--no-cache", "--as-of", "2026-11-01", case)
    assert "E30" not in done.stdout and ": holds:" in done.stdout


def test_huge_numbers_are_shown_exactly_and_never_through_float(tmp_path):
    # A 1,000-digit literal is allowed (docs/language.md section 16); its margin in --format json,
    # and a reversed range (N207) over it, went through float() and died: a traceback, then X002.
    import json

    from fractions import Fraction

    from checker.semantics.world import show_number

    big = "9" * 1000
    case = tmp_path / "huge.case"
    case.write_text(f'case huge "Huge numbers"\n  version "1"\n  author "A"\nmeasure r: real in [0, {big}]\n'
                    f'claim G0 "x": r < {big}\n  evidence E1\n'
                    f'evidence E1 "e" {{ expires 2027-01-01 shows r <= 0.{"0" * 16}1 }}\n')
    done = warrant("check", "--no-cache", "--as-of", "2026-11-01", "--format", "json", case)
    assert done.returncode == 0, done.stderr
    (margin,) = json.loads(done.stdout)["files"][0]["margins"]
    assert Fraction(margin["absolute"]) == int(big) - Fraction(1, 10 ** 17)
    bound = "9" * 990 + ".5"  # within the 1,000 characters a literal may have
    case.write_text(f'case huge "Huge range"\n  version "1"\n  author "A"\nmeasure r: real in [{bound}, 0]\n'
                    'claim G0 "x": r < 0.5\n')
    done = warrant("check", "--no-cache", case)
    assert done.returncode == 2 and f"N207 [error] the range [{bound}, 0] of measure `r` is empty" in done.stdout
    assert show_number(Fraction(-7, 4)) == "-1.75" and show_number(Fraction(1, 8192)) == "1/8192"
    assert show_number(Fraction(123456789012345675, 10)) == "12345678901234567.5"


def test_a_variable_called_affordance_after_another_is_explained(tmp_path):
    # docs/language.md section 12 said only a variable after an enum-typed one may not be called
    # `affordance`; it is after any variable (the word is the earlier variable's flag), and the
    # error named only `}` or a name as expected.
    case = tmp_path / "aff.case"
    for first in ("ch: bool", "n: int"):
        case.write_text(f'case a "A"\n  version "1"\n  author "A"\ncontext {{ {first}\n  affordance: int }}\n')
        done = warrant("check", "--no-cache", case)
        assert done.returncode == 2 and "5:13: S001 [error] unexpected `:`" in done.stdout
        assert "help: after a variable, `affordance` marks that variable as an affordance" in done.stdout
    case.write_text('case a "A"\n  version "1"\n  author "A"\ncontext { affordance: int\n  ch: bool }\n'
                    'measure r: real in [0, 1]\nclaim G0 "x": r < 0.5\n')
    assert " S001 " not in warrant("check", "--no-cache", case).stdout  # first in its block: a name


def test_a_body_that_starts_with_a_variable_called_informal(tmp_path):
    # docs/language.md section 12: the body may not *start* with it (it said "consist of").
    case = tmp_path / "informal.case"
    text = ('case i "I"\n  version "1"\n  author "A"\ncontext { informal: bool }\nmeasure r: real in [0, 1]\n'
            'claim G0 "x": BODY\n')
    case.write_text(text.replace("BODY", "informal and r < 0.5"))
    assert "6:24: S001 [error] unexpected `and`" in warrant("check", "--no-cache", case).stdout
    case.write_text(text.replace("BODY", "(informal) and r < 0.5"))
    assert " S001 " not in warrant("check", "--no-cache", case).stdout


def test_triggers_on_a_wholly_circular_argument_are_not_idle(tmp_path):
    # With no top claim (G0 and G1 argue for each other: G101) nothing is "the argument", and every
    # trigger read as reopening only claims the argument does not rest on (C104). The circle is the
    # finding. (Not a golden case: a diagram with no top goal cannot make the GSN round trip.)
    case = tmp_path / "circle.case"
    case.write_text('case circle "Triggers on a circular argument"\n  version "1"\n  author "A"\n'
                    'context { model: string }\nmeasure rate: real in [0, 1]\nboundary { model == "m-1" }\n'
                    'claim G0 "Low rate": rate < 0.2\n  by S0\nstrategy S0 "From G1": from G1\n'
                    'claim G1 "Lower rate": rate < 0.1\n  by S1\nstrategy S1 "From G0": from G0\n'
                    'trigger T1 "New model": changed(model) reopens all\n'
                    'trigger T2 "New model, named claims": changed(model) reopens G0, G1\n')
    done = warrant("check", "--no-cache", "--as-of", "2026-11-01", case)
    assert "G101 [error] circular argument" in done.stdout
    assert "C104" not in done.stdout
