"""`warrant report`: one self-contained HTML page, checked in a real headless Chromium.

The browser tests load the page from disk (a file:// URL), read the rendered DOM
and computed styles, click with real mouse events, and save a screenshot of each
page as a test artefact in $WARRANT_TEST_ARTEFACTS (default: test-artefacts/ at the
repository root). They skip only where Chromium is missing or cannot start
(tests/browser.py); .ci/run installs it.
"""
from __future__ import annotations

import datetime
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.api import check_path
from checker.cli import main
from checker.reporters import argument, html

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "graph_fixtures"
AS_OF = datetime.date(2026, 11, 1)
HOLDS = ROOT / "examples/cyber_inability_by_hand.case"
FAILS = ROOT / "examples/defects/broken_entailment.case"
MODULAR = FIXTURES / "deployment.case"


def artefacts() -> Path:
    folder = Path(os.environ.get("WARRANT_TEST_ARTEFACTS", ROOT / "test-artefacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_report(path: Path, out: Path) -> int:
    return main(["report", str(path), "-o", str(out), "--as-of", AS_OF.isoformat()])


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


class _References(HTMLParser):
    """Every attribute that could make a browser fetch something."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "data", "poster") and value is not None:
                self.found.append((tag, name, value))
        if tag == "link":
            self.found.append((tag, "link", dict(attrs).get("href")))


# ---- the page without a browser ----------------------------------------------------------------------


@pytest.mark.parametrize("path", [HOLDS, FAILS, MODULAR], ids=lambda p: p.stem)
def test_the_page_is_self_contained(path, tmp_path):
    out = tmp_path / "report.html"
    write_report(path, out)
    page = out.read_text("utf-8")
    parser = _References()
    parser.feed(page)
    outside = [ref for ref in parser.found if not ref[2] or not ref[2].startswith("#")]
    assert not outside, outside
    assert "@import" not in page and "url(" not in page
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "ids are unique"
    targets = set(re.findall(r'href="#([^"]+)"', page))
    assert targets <= set(ids), f"links to nowhere: {targets - set(ids)}"


def test_every_finding_links_to_its_source_line_and_nodes(tmp_path):
    out = tmp_path / "report.html"
    assert write_report(FAILS, out) == 1
    page = out.read_text("utf-8")
    report = check_path(str(FAILS), as_of=AS_OF)
    for index, f in enumerate(report.findings, start=1):
        article = page[page.index(f'id="finding-{index}"'):]
        article = article[: article.index("</article>")]
        assert f.code in article and html.e(f.message) in article
        assert f'href="#src-L{f.span.line}"' in article
    l201 = page[page.index('data-code="L201"'):]
    assert '<a href="#node-S0">S0</a>' in l201[: l201.index("</article>")]
    assert 'class="line flagged" id="src-L47"' in page  # the failing strategy's line is marked in the source


def test_the_top_says_verdict_decision_and_residual_risk(tmp_path):
    out = tmp_path / "report.html"
    assert write_report(HOLDS, out) == 0
    page = out.read_text("utf-8")
    assert 'id="verdict" class="banner verdict-holds" data-verdict="holds"' in page
    assert "<code>deploy</code> by Responsible Scaling Officer on 2026-10-15, expires 2027-09-20" in page
    residual = page[page.index('id="residual"'):]
    residual = residual[: residual.index("</dd>")]
    assert all(f'href="#node-{name}"' in residual for name in ("D2", "D3", "D4"))
    assert "met at the worst case of the evidence" in page


def test_the_evidence_register_has_dates_expiry_build_and_margins(tmp_path):
    out = tmp_path / "report.html"
    write_report(HOLDS, out)
    page = out.read_text("utf-8")
    row = page[page.index('<tr id="evidence-E1"'):]
    row = row[: row.index("</tr>")]
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells[3:6] == ["x-2026-05", "2026-09-20", "2027-09-20"]
    assert cells[7].startswith("0.05 to G1")  # solve_rate(vuln_discovery) < 0.15, worst end 0.1
    assert page.count("<tr><td>T") == 5  # five triggers


def test_expired_evidence_is_flagged_in_the_register(tmp_path):
    out = tmp_path / "report.html"
    main(["report", str(HOLDS), "-o", str(out), "--as-of", "2027-10-01"])
    page = out.read_text("utf-8")
    row = page[page.index('<tr id="evidence-E1"'):]
    assert row.startswith('<tr id="evidence-E1" class="bad">') and ">E304</a>" in row[: row.index("</tr>")]


def test_an_unreadable_case_still_gets_a_page_with_its_findings(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert write_report(ROOT / "examples/defects/syntax_error.case", out) == 2
    page = out.read_text("utf-8")
    assert 'data-verdict="unreadable"' in page and 'data-code="S001"' in page
    assert "S001" in capsys.readouterr().err


def test_margins_read_only_what_is_stated():
    report = check_path(str(HOLDS), as_of=AS_OF)
    from checker.reporters.margins import margins

    e5 = margins(report.case, report.case.evidence["E5"])
    assert [(m.claim, m.threshold, str(m.worst), str(m.margin)) for m in e5] == [("G5", "<= 0.05", "3/100", "1/50")]
    # a term under `forall` is matched by the position of its variable and shown by the enum it ranges over
    assert [m.term for m in e5] == ["elicitation_shortfall(each RiskModel)"]


# ---- the page in a real browser --------------------------------------------------------------------------


def verdict_styles(page, node_id: str) -> tuple:
    return tuple(page.evaluate(f"""(() => {{
        const s = getComputedStyle(document.getElementById('node-{node_id}'));
        return [s.borderLeftColor, s.backgroundColor];
    }})()"""))


def visible(page, element_id: str) -> bool:
    return page.evaluate(f"document.getElementById({element_id!r}).checkVisibility()")


@pytest.fixture(scope="module")
def browser():
    from browser import Browser

    with Browser(window=(1280, 1000)) as chromium:
        yield chromium


def test_a_failing_case_in_the_browser(browser, tmp_path):
    out = tmp_path / "broken_entailment.html"
    write_report(FAILS, out)
    page = browser.open(out.as_uri())
    report = check_path(str(FAILS), as_of=AS_OF)
    view = argument.build_view(report)
    # every node of the argument is in the tree once, with its status
    assert page.evaluate("document.querySelectorAll('#argument [data-node]').length") == len(view.nodes) == 20
    shown = page.evaluate("Array.from(document.querySelectorAll('#argument [data-node]'), n => n.dataset.node)")
    assert sorted(shown) == sorted(n.id for n in view.nodes)
    assert page.evaluate("document.getElementById('verdict').dataset.verdict") == "fails"
    # the failing step is highlighted in the failing colours; what rests on it in the undermined ones
    failing = page.evaluate("Array.from(document.querySelectorAll('[data-verdict=failing]'), n => n.dataset.node)")
    assert failing == ["S0"]
    assert verdict_styles(page, "S0") == (rgb(argument.COLOURS["failing"][1]), rgb(argument.COLOURS["failing"][0]))
    assert verdict_styles(page, "G0") == (rgb(argument.COLOURS["undermined"][1]),
                                          rgb(argument.COLOURS["undermined"][0]))
    assert verdict_styles(page, "G1") == (rgb(argument.COLOURS["proved"][1]), rgb(argument.COLOURS["proved"][0]))
    # the counterexample is on the page as data, its failing part marked
    assert page.evaluate("document.querySelectorAll('#finding-1 table.world tr.failing-part').length") >= 1
    # nothing was fetched: the page is whole
    assert page.evaluate("performance.getEntriesByType('resource').length") == 0
    page.screenshot(artefacts() / "report-broken_entailment.png")
    # collapsing: a real click on the top claim's summary hides everything below it, a second shows it again
    assert visible(page, "node-S0")
    page.click("#node-G0 > summary")
    assert page.evaluate("document.getElementById('node-G0').open") is False
    assert not visible(page, "node-S0") and not visible(page, "node-E1")
    page.screenshot(artefacts() / "report-broken_entailment-collapsed.png", full_page=False)
    page.click("#node-G0 > summary")
    assert page.evaluate("document.getElementById('node-G0').open") is True and visible(page, "node-S0")
    # the buttons fold and unfold the whole tree
    page.click("#collapse-all")
    assert page.evaluate("Array.from(document.querySelectorAll('#argument details')).every(d => !d.open)")
    assert not visible(page, "node-E1")
    # a link into the folded tree opens the way to its target
    page.click("#finding-1 .where a[href='#node-S0']")
    page.wait_for("document.getElementById('node-S0').checkVisibility()")
    page.click("#expand-all")
    assert page.evaluate("Array.from(document.querySelectorAll('#argument details')).every(d => d.open)")
    # a finding's location link lands on its source line
    page.click("#finding-1 .where a.source-link")
    page.wait_for("location.hash === '#src-L47'")
    assert page.evaluate("document.querySelector(':target').id") == "src-L47"


def test_a_holding_case_in_the_browser(browser, tmp_path):
    out = tmp_path / "cyber_inability.html"
    write_report(HOLDS, out)
    page = browser.open(out.as_uri())
    assert page.evaluate("document.getElementById('verdict').dataset.verdict") == "holds"
    assert page.evaluate("document.querySelectorAll('#argument [data-node]').length") == 20
    assert page.evaluate("document.querySelectorAll('[data-verdict=failing], [data-verdict=undermined]').length") == 0
    banner = page.evaluate("getComputedStyle(document.getElementById('verdict')).backgroundColor")
    assert banner == rgb(argument.COLOURS["proved"][0])
    page.screenshot(artefacts() / "report-cyber_inability.png")


def test_required_cases_are_modules_in_the_browser(browser, tmp_path):
    out = tmp_path / "deployment.html"
    write_report(MODULAR, out)
    page = browser.open(out.as_uri())
    modules = page.evaluate("Array.from(document.querySelectorAll('#argument details.module'), m => m.dataset.module)")
    assert modules == ["safeguards", "monitoring"]
    assert page.evaluate("document.getElementById('node-monitoring.G0').dataset.verdict") == "failing"
    assert page.evaluate("document.getElementById('node-G0').dataset.verdict") == "undermined"
    page.click("#module-monitoring > summary")
    assert not visible(page, "node-monitoring.G0") and visible(page, "node-safeguards.G0")
    # each required case has its own findings, linked to its own embedded source
    page.click("#finding-monitoring\\.1 .where a.source-link")
    page.wait_for("location.hash === '#src-monitoring.L12'")
    page.screenshot(artefacts() / "report-deployment.png")
