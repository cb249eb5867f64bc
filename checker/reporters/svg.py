"""SVG: the DOT drawing laid out by Graphviz's `dot` program (Debian package graphviz).

The SVG keeps DOT's tooltips (`<title>` and link titles), ids (`node-G0`) and
classes (kind and verdict), and records the SHA-256 of the DOT source it was
drawn from, so a committed picture can be checked against the case it shows.
"""
from __future__ import annotations

import hashlib
import shutil
import subprocess

from . import dot

FORMAT = "svg"
DESCRIPTION = "the DOT drawing as SVG, laid out by Graphviz's dot program (Debian package graphviz)"
COMMANDS = ("graph",)
NEEDS_MODEL = True  # it draws the argument from the resolved model and the required reports

LAYOUT_TIMEOUT = 120  # seconds; a case's graph lays out in well under one


class GraphvizError(RuntimeError):
    """Graphviz is missing or failed: the message says what to do."""


def render(reports, exit_code: int = 0, collapse=()) -> str:
    return layout(dot.render(reports, exit_code, collapse=collapse))


def layout(source: str) -> str:
    """Run `dot -Tsvg` on DOT source; the SVG, marked with the source's hash."""
    program = shutil.which("dot")
    if program is None:
        raise GraphvizError("the svg format needs Graphviz's `dot` program, which is not on PATH; "
                            "install the Debian package graphviz (apt-get install graphviz), "
                            "or use --format dot and lay it out elsewhere")
    try:
        done = subprocess.run([program, "-Tsvg"], input=source.encode("utf-8"), capture_output=True,
                              timeout=LAYOUT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise GraphvizError(f"Graphviz's dot did not finish within {LAYOUT_TIMEOUT} seconds") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
        raise GraphvizError(f"Graphviz's dot failed: {reason}")
    return mark(done.stdout.decode("utf-8"), source)


def source_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


_MARK = "<!-- warrant: drawn from DOT source sha256 {} -->\n"


def mark(svg: str, source: str) -> str:
    """The SVG with a comment naming its DOT source's hash, placed before the <svg> element."""
    at = svg.find("<svg")
    at = at if at >= 0 else 0
    return svg[:at] + _MARK.format(source_hash(source)) + svg[at:]


def marked_hash(svg: str) -> str | None:
    """The DOT source hash an SVG made by this module records, or None."""
    start = svg.find("<!-- warrant: drawn from DOT source sha256 ")
    if start < 0:
        return None
    return svg[start:].split()[7]
