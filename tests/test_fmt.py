"""`warrant fmt`: the canonical layout loses no token or comment, keeps the meaning, and is idempotent.

Checked over every shipped case file (examples, golden cases, stdlib patterns: every second
one that parses in the default run, the others in `pytest -m slow`), over
generated cases laid out at random with comments scattered between their tokens, and
through the command line.
"""
from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cli import main
from checker.syntax.build import build
from checker.syntax.formatter import format_text, leaves, significant
from checker.syntax.parser import has_header, parse, parse_all_tokens

try:
    from tests import strategies as gen
    from tests.sampling import every
except ImportError:  # tests/ on sys.path rather than the project root
    import strategies as gen
    from sampling import every

REPO = Path(__file__).resolve().parent.parent
CORPUS = sorted([*REPO.glob("examples/**/*.case"), *REPO.glob("tests/**/*.case"), *REPO.glob("stdlib_patterns/*.case")])


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")


def start_of(text: str) -> str:
    return "start" if has_header(text) else "items"


def syntax_tree(text: str):
    """The syntax nodes of a text that parses (spans take no part in their equality)."""
    tree, findings = parse(text, "x.case", start_of(text))
    assert tree is not None, findings
    return build(tree, "x.case")[0]


def comments_of(text: str) -> list[str]:
    """The comments of a case text, found without the parser: `#` outside a string, to the end of the line."""
    found = []
    for line in text.split("\n"):
        in_string, i = False, 0
        while i < len(line):
            char = line[i]
            if in_string and char == "\\":
                i += 2
                continue
            if char == '"':
                in_string = not in_string
            elif char == "#" and not in_string:
                found.append(line[i:].rstrip())
                break
            i += 1
    return found


def assert_formats_faithfully(text: str) -> str:
    """Format `text` and check every promise of the formatter; return the formatted text."""
    result = format_text(text, "x.case")
    assert result.text is not None, [f.message for f in result.findings]
    formatted = result.text
    assert syntax_tree(formatted) == syntax_tree(text), "the formatted case means something else"
    start = start_of(text)
    assert significant(parse_all_tokens(formatted, start)) == significant(parse_all_tokens(text, start))
    assert comments_of(formatted) == comments_of(text), "a comment was lost, added or moved out of order"
    assert format_text(formatted, "x.case").text == formatted, "formatting is not idempotent"
    assert all(line == line.rstrip() for line in formatted.split("\n")), "trailing white space"
    return formatted


# ---- every shipped case ------------------------------------------------------------------


@functools.cache  # asked twice a file when the tests are collected
def parses(path: Path) -> bool:
    text = read(path)
    return parse(text, str(path), start_of(text))[0] is not None


# Every second file in the default run; the others are marked slow (`pytest -m slow tests/test_fmt.py`).
@pytest.mark.parametrize("path", every(2, [p for p in CORPUS if parses(p)]), ids=lambda p: str(p.relative_to(REPO)))
def test_every_case_that_parses_formats_faithfully(path):
    assert_formats_faithfully(read(path))


@pytest.mark.parametrize("path", [p for p in CORPUS if not parses(p)], ids=lambda p: str(p.relative_to(REPO)))
def test_a_case_that_does_not_parse_is_reported_not_formatted(path):
    result = format_text(read(path), str(path))
    assert result.text is None
    assert result.findings and {f.code for f in result.findings} <= {"S001", "S002"}
    assert all(f.span is not None and f.span.line >= 1 for f in result.findings)


def test_the_corpus_has_both_kinds():
    assert sum(map(parses, CORPUS)) > 50 and not all(map(parses, CORPUS))


# ---- the layout itself ---------------------------------------------------------------------

MESSY = '''# leading comment
case  t  "T"   # the title
  author "a"
      version "1"
enum Colour {red,green,blue,}
enum E { x }
context {   # what a deployment fixes
  tools: set<Colour> affordance
  n : int
  internet: bool affordance


  name: string
}
measure score ( Colour ) : real in [ 0,1 ]
boundary { n<=3 tools<={red}
  # a note on the next line
  not   internet  name == "x" }
claim G0 "top": forall c: Colour. score(c) < 0.50 and n >= 0 by S1
evidence E1
strategy S1 "one step" : from G1
claim G1 "a long claim whose formula will not fit on the line of its title, so it breaks": forall c: Colour. score(c) <= 0.25 and score(c) >= 0.0 or internet
evidence E1 "e" { shows forall c: Colour. score(c) in [0, 0.2] setting { internet: false, tools: {red}, }
  date 2026-01-01 expires 2027-01-01 }
trigger T1 "t": changed(tools) reopens all
trigger T2 "u": n > old(n) reopens G0
# the end
'''

CANONICAL = '''# leading comment
case t "T"  # the title
  author "a"
  version "1"

enum Colour { red, green, blue }
enum E      { x }

context {  # what a deployment fixes
  tools: set<Colour> affordance
  n: int
  internet: bool affordance

  name: string
}

measure score(Colour): real in [0, 1]

boundary {
  n <= 3
  tools <= {red}
  # a note on the next line
  not internet
  name == "x"
}

claim G0 "top": forall c: Colour. score(c) < 0.5 and n >= 0
  by S1
  evidence E1

strategy S1 "one step": from G1

claim G1 "a long claim whose formula will not fit on the line of its title, so it breaks":
  forall c: Colour. score(c) <= 0.25 and score(c) >= 0.0 or internet

evidence E1 "e" {
  shows forall c: Colour. score(c) in [0, 0.2]
  setting { internet: false, tools: {red} }
  date 2026-01-01
  expires 2027-01-01
}

trigger T1 "t": changed(tools) reopens all
trigger T2 "u": n > old(n) reopens G0
# the end
'''


def test_the_canonical_layout():
    assert assert_formats_faithfully(MESSY) == CANONICAL


def test_a_formula_too_long_for_its_line_breaks_before_its_operators():
    conjuncts = " and ".join(f"score(c{i}) < 0.{i + 1}" for i in range(12))
    text = f'case t "T"\nenum C {{ {", ".join(f"c{i}" for i in range(12))} }}\nmeasure score(C): real\n' \
           f'assume A "a": {conjuncts}\n'
    formatted = assert_formats_faithfully(text)
    body = formatted.split('assume A "a":\n')[1].splitlines()
    assert body[0] == "  score(c0) < 0.1" and all(line.startswith("    and score(") for line in body[1:12])
    assert max(len(line) for line in formatted.splitlines()) <= 100


def test_a_comment_inside_a_formula_stays_after_its_token():
    text = 'case t "T"\nmeasure m: real\nassume A "a": m > 0 and  # why\n  m < 1\n'
    formatted = assert_formats_faithfully(text)
    assert "and  # why\n" in formatted


def test_a_file_of_bare_items_formats_too():
    assert assert_formats_faithfully("boundary {  n<=3 }\n") == "boundary {\n  n <= 3\n}\n"


# ---- generated cases, laid out at random --------------------------------------------------

# WARRANT_PROPERTY_SCALE=25 runs 1,500 examples of each (as test_properties.py scales its own).
_LAYOUT = settings(max_examples=max(1, int(60 * float(os.environ.get("WARRANT_PROPERTY_SCALE", "1")))),
                   deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def relaid(draw, text: str, with_comments: bool) -> str:
    """The same tokens in another layout: random white space, and (optionally) comments between tokens."""
    tokens = [str(token) for token, _ in leaves(parse_all_tokens(text, start_of(text)))]
    separators = st.sampled_from([" ", "  ", "\n", "\n  ", "\t"])
    if with_comments:
        separators = st.one_of(separators, st.sampled_from([" # a note\n", "\n# own line\n", "\n\n# after a blank\n\n",
                                                             "  #\n", " # 'quoted' \"text\"\n"]))
    out = [draw(st.sampled_from(["", "# first\n"])) if with_comments else ""]
    for token in tokens:
        out += [token, draw(separators)]
    return "".join(out)


@st.composite
def generated_cases(draw) -> str:
    if draw(st.booleans()):
        return draw(gen.arguments()).text()
    return gen.rich_case(draw(st.lists(gen.rich_formulas(), min_size=1, max_size=3)))


@given(st.data())
@_LAYOUT
def test_generated_cases_with_comments_anywhere_format_faithfully(data):
    text = data.draw(generated_cases())
    assert_formats_faithfully(data.draw(relaid(text, with_comments=True)))


@given(st.data())
@_LAYOUT
def test_the_layout_depends_on_the_tokens_alone(data):
    """Without comments or blank lines, any layout of the same tokens formats to the same text."""
    text = data.draw(generated_cases())
    assert format_text(data.draw(relaid(text, with_comments=False))).text == assert_formats_faithfully(text)


# ---- the command line ----------------------------------------------------------------------


def test_fmt_rewrites_a_file_and_check_then_passes(tmp_path, capsys):
    case = tmp_path / "messy.case"
    case.write_text(MESSY, encoding="utf-8")
    assert main(["fmt", "--check", str(case)]) == 1
    assert f"would reformat {case}" in capsys.readouterr().err
    assert case.read_text(encoding="utf-8") == MESSY, "--check wrote the file"
    assert main(["fmt", "--diff", str(case)]) == 0
    diff = capsys.readouterr().out
    assert diff.startswith(f"--- {case}\n+++ {case} (formatted)\n") and "+enum E      { x }" in diff
    assert case.read_text(encoding="utf-8") == MESSY, "--diff wrote the file"
    assert main(["fmt", str(case)]) == 0
    assert case.read_text(encoding="utf-8") == CANONICAL
    assert main(["fmt", "--check", str(tmp_path)]) == 0


def test_fmt_leaves_a_file_with_a_syntax_error_alone_and_reports_it_as_check_does(tmp_path, capsys):
    broken = tmp_path / "broken.case"
    text = 'case t "T"\n\nclaim G0 "x": a ==\n'
    broken.write_text(text, encoding="utf-8")
    assert main(["fmt", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}:3:") and "S001 [error] unexpected end of file" in err
    assert broken.read_text(encoding="utf-8") == text
    assert main(["check", str(broken)]) == 2
    assert err.splitlines()[0] in capsys.readouterr().out


def test_fmt_reads_standard_input_and_writes_standard_output():
    result = subprocess.run([sys.executable, "-m", "checker.cli", "fmt", "-"], input=MESSY.encode(),
                            capture_output=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == CANONICAL


def test_fmt_of_an_unreadable_file_is_s003(tmp_path, capsys):
    assert main(["fmt", str(tmp_path / "missing.case")]) == 2
    assert "S003" in capsys.readouterr().err


# ---- the pattern constructs ------------------------------------------------------------------
# The formatter works from tokens and the tree's shape: patterns, imports, `use`, claim families
# and qualified names came to the grammar after it and format with no layout code of their own.

PATTERN_INPUT = '''case ext "Extended"
  version "1"
  author "A"
import stdlib.inability_via_proxy   import "shared/cyber.case"
pattern over_threats "Per threat" ( T : enum, score: measure(T): real in [0,1], limit: real in [0, 1], doubt: status ) where limit <= 0.5 {
  # one claim per member
  claim G "all" : forall t: T. score(t) < limit by S
  strategy S "s" : from G1
  claim G1 [ t: T ] "one": score(t) < limit
  defeater D "d" against G1 status doubt }
use over_threats( T: Threat,score: solve_rate, limit: 0.2, doubt: ( rebutted by E1, E2 ) ) as cyber
strategy S0 "s" : from cyber.G , cyber.G1[vuln]
'''

PATTERN_OUTPUT = '''case ext "Extended"
  version "1"
  author "A"

import stdlib.inability_via_proxy
import "shared/cyber.case"

pattern over_threats "Per threat" (
  T: enum,
  score: measure(T): real in [0, 1],
  limit: real in [0, 1],
  doubt: status
) where limit <= 0.5 {
  # one claim per member
  claim G "all": forall t: T. score(t) < limit
    by S

  strategy S "s": from G1

  claim G1[t: T] "one": score(t) < limit

  defeater D "d" against G1 status doubt
}

use over_threats(T: Threat, score: solve_rate, limit: 0.2, doubt: (rebutted by E1, E2)) as cyber

strategy S0 "s": from cyber.G, cyber.G1[vuln]
'''


def test_pattern_constructs_format_with_the_default_rules():
    from checker.syntax.formatter import format_text

    formatted = format_text(PATTERN_INPUT, "ext.case")
    assert formatted.findings == ()
    assert formatted.text == PATTERN_OUTPUT
    assert format_text(formatted.text, "ext.case").text == formatted.text
