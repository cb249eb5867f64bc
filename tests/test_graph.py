"""`warrant graph`: GSN shapes, verdict colours, legend, tooltips with counterexamples, modules; DOT, SVG, Mermaid.

The SVG tests run Graphviz's `dot` (Debian package graphviz, installed by .ci/run).
The Mermaid drawings are rendered by Mermaid itself in headless Chromium when
Mermaid's browser bundle is at hand (.ci/run fetches it; see mermaid_js()).
"""
from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checker.api import check_path, check_text
from checker.cli import main
from checker.findings.finding import finding
from checker.reporters import argument, dot, mermaid, svg

try:
    from tests.sampling import every
except ImportError:  # tests/ on sys.path rather than the project root
    from sampling import every

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "graph_fixtures"
AS_OF = datetime.date(2026, 11, 1)
EXAMPLES = sorted((ROOT / "examples").rglob("*.case"))
SVG_NS = {"svg": "http://www.w3.org/2000/svg", "xlink": "http://www.w3.org/1999/xlink"}


def report_of(path) -> object:
    return check_path(str(path), as_of=AS_OF)


def dot_nodes(source: str) -> dict:
    """Node statements of a DOT text: id -> attribute text."""
    return dict(re.findall(r'^\s*"([^"]+)" \[(.*)\];$', source, re.M))


def attribute(attributes: str, name: str) -> str:
    found = re.search(rf'\b{name}="((?:[^"\\]|\\.)*)"', attributes) or re.search(rf"\b{name}=(\w+)", attributes)
    return found.group(1)


def needs_graphviz():
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed (Debian: apt-get install graphviz; .ci/run installs it)")


# ---- verdicts --------------------------------------------------------------------------------------


def test_a_failing_step_fails_its_strategy_and_undermines_the_claim_above():
    report = report_of(ROOT / "examples/defects/broken_entailment.case")
    verdicts = argument.node_verdicts(report.case, report.findings)
    assert verdicts["S0"] == "failing"
    assert verdicts["G0"] == "undermined"
    assert {verdicts[name] for name in ("G1", "G2", "G3", "G4", "G5", "A1", "A2", "E1", "E6")} == {"proved"}
    assert verdicts["D1"] == "proved"  # rebutted by evidence
    assert verdicts["D2"] == "informal"  # accepted by a reason only


def test_the_shipped_example_is_proved_throughout():
    report = report_of(ROOT / "examples/cyber_inability_by_hand.case")
    verdicts = argument.node_verdicts(report.case, report.findings)
    assert {name for name, v in verdicts.items() if v != "proved"} == {"D2", "D3", "D4"}


def test_the_example_on_the_pattern_library_is_drawn_with_its_instance_as_a_module():
    report = report_of(ROOT / "examples/cyber_inability.case")
    verdicts = argument.node_verdicts(report.case, report.findings)
    # Only defeaters answered by a reason alone are not proved: they are accepted, not rebutted.
    assert {name for name, v in verdicts.items() if v != "proved"} == {"cyber.D2", "cyber.D3", "cyber.D4", "D6"}
    view = argument.build_view(report)
    assert [(mod.id, mod.verdict) for mod in view.modules] == [("cyber", "holds")]


def test_conflicting_assumptions_fail_as_a_set():
    report = report_of(ROOT / "examples/defects/conflicting_assumptions.case")
    conflict = next(f for f in report.findings if f.code == "L203")
    verdicts = argument.node_verdicts(report.case, report.findings)
    assert conflict.members and all(verdicts[name] == "failing" for name in conflict.members)


CASE = """case t "T"
  version "1"
  author "A"
measure x: real in [0, 1]
boundary { true }
claim G0 "top": x < 0.5
  by S0
strategy S0 "split": from G1, G2 judged by "A reviewer"
claim G1 "formal leaf": x < 0.4
  evidence E1
claim G2 "informal leaf"
  evidence E2
evidence E1 "eval" { shows x in [0, 0.1] }
evidence E2 "a memo" { }
"""


def test_informal_support_makes_the_claim_above_informal_and_solver_doubt_is_unknown():
    # S0 is argued by judgement: without a judge the formal top claim would be paper safety (L215, failing).
    report = check_text(CASE, "t.case", as_of=AS_OF)
    verdicts = argument.node_verdicts(report.case, report.findings)
    assert verdicts["G2"] == "informal" and verdicts["E2"] == "informal"
    assert verdicts["S0"] == "informal" and verdicts["G0"] == "informal"
    assert verdicts["G1"] == "proved"
    # A solver timeout on G1's evidence step: G1 is unknown, and what rests on it undermined.
    doubt = finding("X001", report.case.claims["G1"].span, what="whether the evidence establishes `G1`",
                    reason="timeout")
    verdicts = argument.node_verdicts(report.case, report.findings + (doubt,))
    assert verdicts["G1"] == "unknown" and verdicts["S0"] == "undermined" and verdicts["G0"] == "undermined"


# ---- DOT ---------------------------------------------------------------------------------------------


def test_dot_draws_gsn_shapes_coloured_by_verdict_with_a_legend():
    source = dot.render([report_of(ROOT / "examples/defects/broken_entailment.case")])
    nodes = dot_nodes(source)
    shapes = {name: attribute(nodes[name], "shape") for name in ("G0", "S0", "E1", "A1", "boundary", "D1")}
    assert shapes == {"G0": "box", "S0": "parallelogram", "E1": "circle", "A1": "ellipse",
                      "boundary": "ellipse", "D1": "octagon"}
    for name, verdict in (("S0", "failing"), ("G0", "undermined"), ("G1", "proved"), ("D2", "informal")):
        assert attribute(nodes[name], "fillcolor") == argument.COLOURS[verdict][0]
        assert attribute(nodes[name], "class").split()[1] == verdict
    legend = {name: attribute(attrs, "label") for name, attrs in nodes.items() if name.startswith("legend/")}
    assert sorted(legend.values()) == sorted(argument.VERDICTS)
    # D1 challenges G1: drawn from G1 with the arrow reversed, so the defeater hangs below it.
    assert re.search(r'"G1" -> "D1" \[dir=back, style=dashed, color="#b00020"', source)
    assert '"S0" -> "A1" [arrowhead=empty]' in source and '"S0" -> "G1" [arrowhead=normal]' in source


def test_the_failing_step_carries_its_counterexample_as_tooltip():
    report = report_of(ROOT / "examples/defects/broken_entailment.case")
    l201 = next(f for f in report.findings if f.code == "L201")
    tooltip = attribute(dot_nodes(dot.render([report]))["S0"], "tooltip").replace("\\n", "\n").replace('\\"', '"')
    assert "L201 [error] strategy `S0` does not establish `G0`" in tooltip
    assert all(line in tooltip for line in l201.world.lines())  # the world itself, from the finding's data


def test_an_undeveloped_claim_gets_the_gsn_diamond():
    source = dot.render([report_of(ROOT / "examples/defects/unsupported_claim.case")])
    undeveloped = [name for name in dot_nodes(source) if name.endswith("/undeveloped")]
    assert undeveloped and all(attribute(dot_nodes(source)[n], "shape") == "diamond" for n in undeveloped)


def test_required_cases_are_clusters_and_collapse_to_module_nodes():
    report = report_of(FIXTURES / "deployment.case")
    source = dot.render([report])
    assert 'subgraph "cluster_safeguards"' in source and 'subgraph "cluster_monitoring"' in source
    assert '"G0" -> "monitoring.G0" [style="dashed,bold", label=" requires"]' in source
    nodes = dot_nodes(source)
    assert attribute(nodes["monitoring.G0"], "class") == "claim failing"
    assert attribute(nodes["safeguards.G0"], "class") == "claim proved"
    assert attribute(nodes["G0"], "class") == "claim undermined"  # it rests on a required case that fails
    folded = dot.render([report], collapse=("monitoring",))
    nodes = dot_nodes(folded)
    assert "monitoring.G0" not in nodes and "safeguards.G0" in nodes
    assert attribute(nodes["monitoring"], "shape") == "tab"
    assert attribute(nodes["monitoring"], "class") == "module failing"
    assert '"G0" -> "monitoring" [style="dashed,bold", label=" requires"]' in folded
    everything = dot_nodes(dot.render([report], collapse=("all",)))
    assert {"monitoring", "safeguards"} <= set(everything) and not any("." in n for n in everything)


def test_module_ids_group_by_prefix_ready_for_pattern_instances():
    assert argument.module_of("cyber.G1") == "cyber"
    assert argument.module_of("outer.inner.G1") == "outer.inner"
    assert argument.module_of("G1") == ""


def test_dot_output_is_byte_identical_from_run_to_run():
    path = ROOT / "examples/defects/conflicting_assumptions.case"
    assert dot.render([report_of(path)]) == dot.render([report_of(path)])


# ---- the command, and every example -------------------------------------------------------------------


# Every second example in the default run; the others are marked slow (`pytest -m slow tests/test_graph.py`).
@pytest.mark.parametrize("path", every(2, EXAMPLES), ids=lambda p: str(p.relative_to(ROOT)))
def test_graph_draws_every_example(path, capsys):
    code = main(["graph", str(path), "--format", "dot", "--as-of", AS_OF.isoformat()])
    out, err = capsys.readouterr()
    report = report_of(path)
    assert code == {"holds": 0, "fails": 1, "unreadable": 2, "unknown": 3}[report.verdict]
    if report.case is None:
        assert out == "" and re.search(r": [SN]\d{3} \[error\]", err)  # nothing drawn; the findings say why
        return
    assert set(dot_nodes(out)) >= set(report.case.claims) | set(report.case.strategies) | set(report.case.evidence)
    if shutil.which("dot"):
        done = subprocess.run(["dot", "-Tsvg"], input=out.encode(), capture_output=True, check=False)
        assert done.returncode == 0, done.stderr.decode()


def test_graph_writes_svg_with_ids_classes_and_tooltips(tmp_path):
    needs_graphviz()
    out = tmp_path / "broken.svg"
    code = main(["graph", str(ROOT / "examples/defects/broken_entailment.case"), "--format", "svg",
                 "-o", str(out), "--as-of", AS_OF.isoformat()])
    assert code == 1
    tree = ET.parse(out)
    groups = {g.get("id"): g for g in tree.iter("{http://www.w3.org/2000/svg}g") if g.get("id")}
    s0 = groups["node-S0"]
    assert s0.get("class").split() == ["node", "strategy", "failing"]
    assert s0.find(".//svg:polygon", SVG_NS).get("fill") == argument.COLOURS["failing"][0]
    link = s0.find(".//svg:a", SVG_NS)
    assert "does not establish" in link.get("{http://www.w3.org/1999/xlink}title")
    assert {f"legend-{v}" for v in argument.VERDICTS} <= set(groups)
    assert svg.marked_hash(out.read_text("utf-8")) == svg.source_hash(
        dot.render([report_of(ROOT / "examples/defects/broken_entailment.case")]))


def test_svg_without_graphviz_says_which_package_to_install(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no `dot` anywhere
    code = main(["graph", str(ROOT / "examples/cyber_inability.case"), "--format", "svg", "--as-of", "2026-11-01"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "graphviz" in err and "apt-get install graphviz" in err


def test_collapsing_an_unknown_module_is_an_argument_error(capsys):
    code = main(["graph", str(FIXTURES / "deployment.case"), "--collapse", "nosuch", "--as-of", "2026-11-01"])
    assert code == 2 and "no such module" in capsys.readouterr().err


# ---- Mermaid ------------------------------------------------------------------------------------------


def test_mermaid_uses_gsn_shapes_classes_and_subgraphs():
    text = mermaid.render([report_of(FIXTURES / "deployment.case")])
    assert text.splitlines()[1] == "flowchart TB"
    assert re.search(r'^  G0\["<b>G0</b>.*"\]:::undermined$', text, re.M)
    assert re.search(r'^  E1\(\("<b>E1</b>.*"\)\):::proved$', text, re.M)
    assert re.search(r'^  D1\{\{"<b>D1</b>.*"\}\}:::informal$', text, re.M)
    assert 'subgraph module_monitoring["module monitoring: Misuse is detected within a day (fails)"]' in text
    assert "    monitoring_G0 --- monitoring_G0_undeveloped" in text
    assert "  G0 == requires ==> monitoring_G0" in text
    assert all(f"classDef {v} fill:{argument.COLOURS[v][0]}" in text for v in argument.VERDICTS)


def test_mermaid_labels_cannot_break_out_of_their_quotes():
    assert mermaid.text('a "quoted" <b> #1 & `x`') == "a &quot;quoted&quot; &lt;b&gt; &num;1 &amp; &grave;x&grave;"


def test_mermaid_keeps_the_counterexample_beside_the_failing_node():
    report = report_of(ROOT / "examples/defects/broken_entailment.case")
    l201 = next(f for f in report.findings if f.code == "L201")
    text = mermaid.render([report])
    block = text[text.index("  S0[/"):]
    assert all(f"%%     {line}" in block for line in l201.world.lines())


def mermaid_js() -> Path | None:
    """Mermaid's browser bundle: $WARRANT_MERMAID_JS, or where .ci/run unpacks `npm pack mermaid@11`."""
    candidates = [os.environ.get("WARRANT_MERMAID_JS"), ROOT / ".ci/cache/package/dist/mermaid.min.js"]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


@pytest.mark.parametrize("name", ["examples/defects/broken_entailment.case", "tests/graph_fixtures/deployment.case"])
def test_mermaid_renders_in_mermaid_itself(name, tmp_path):
    from browser import Browser

    bundle = mermaid_js()
    if bundle is None:
        pytest.skip("Mermaid's bundle is not here: .ci/run unpacks `npm pack mermaid@11` into .ci/cache")
    text = mermaid.render([report_of(ROOT / name)])
    page = tmp_path / "mermaid.html"
    # GitHub renders with securityLevel strict; so does this page.
    page.write_text(f"""<!DOCTYPE html><html><body><div id="out"></div>
<script src="{bundle.as_uri()}"></script>
<script>
mermaid.initialize({{startOnLoad: false, securityLevel: "strict"}});
window.outcome = mermaid.render("graph", {json.dumps(text)}).then(
  function (r) {{ document.getElementById("out").innerHTML = r.svg; return "ok"; }},
  function (error) {{ return "error: " + error.message; }});
</script></body></html>""", "utf-8")
    with Browser() as browser:
        view = browser.open(page.as_uri())
        assert view.evaluate("window.outcome") == "ok"
        drawn = view.evaluate("document.querySelectorAll('#out g.node').length")
        expected = len(argument.build_view(report_of(ROOT / name)).nodes)
        assert drawn >= expected  # every node, plus legend swatches and undeveloped marks
        view.screenshot(tmp_path / "mermaid.png")


# ---- the README's picture ------------------------------------------------------------------------------

README_COMMAND = ("warrant graph examples/cyber_inability.case --format svg --as-of 2026-11-01 "
                  "-o docs/images/cyber_inability.svg")
PICTURE = ROOT / "docs/images/cyber_inability.svg"


def test_the_readme_shows_the_example_graph_and_the_command_that_draws_it():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "](docs/images/cyber_inability.svg)" in readme
    assert README_COMMAND in readme


def test_the_readme_picture_is_current(tmp_path):
    """Drawn from the DOT the example gives today; byte for byte when this machine's Graphviz drew it."""
    committed = PICTURE.read_text("utf-8")
    report = check_path(str(ROOT / "examples/cyber_inability.case"), as_of=datetime.date(2026, 11, 1))
    assert svg.marked_hash(committed) == svg.source_hash(dot.render([report])), (
        f"docs/images/cyber_inability.svg is out of date; regenerate it with: {README_COMMAND}")
    needs_graphviz()
    version = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False).stderr.strip()
    drawn_by = re.search(r"Generated by graphviz version (\S+)", committed).group(1)
    if drawn_by not in version:
        return  # another Graphviz lays the same DOT out a little differently: the hash above is what matters
    argv = README_COMMAND.split()[1:]
    argv[argv.index("-o") + 1] = str(tmp_path / "fresh.svg")
    argv[1] = str(ROOT / argv[1])
    assert main(argv) == 0
    assert (tmp_path / "fresh.svg").read_text("utf-8") == committed


def test_dotted_names_are_grouped_into_modules_by_their_prefix():
    """How a pattern's instances (`cyber.G1`) are drawn: the prefix is a module, a cluster, a foldable unit."""
    import attrs

    report = report_of(ROOT / "examples/cyber_inability_by_hand.case")
    case = report.case
    renamed = {name: (f"cyber.{name}" if name in ("G1", "G2") else name) for name in case.claims}
    claims = {renamed[name]: attrs.evolve(claim, name=renamed[name]) for name, claim in case.claims.items()}
    instance = attrs.evolve(report, case=attrs.evolve(case, claims=claims), findings=())
    view = argument.build_view(instance)
    assert [(mod.id, mod.parent, mod.verdict) for mod in view.modules] == [("cyber", "", "holds")]
    assert view.node("cyber.G1").module == "cyber" and view.node("G3").module == ""
    source = dot.digraph(view)
    assert 'subgraph "cluster_cyber"' in source
    assert '"cyber"' in dot.render([instance], collapse=("cyber",))
