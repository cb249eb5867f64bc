"""Renders the rule registry as Markdown (docs/rules.md is this output; a test keeps them equal)."""
from __future__ import annotations

import sys

from .rules import RULES, Outcome

# Where the project and its documentation live, for links in SARIF (informationUri, each rule's helpUri).
# HOME_URL is the distribution's page on the package index. The documentation has no public home yet,
# so rule pages use the placeholder host the project reserves (as docs/output.schema.json's $id does);
# set DOCS_URL to the published docs/ folder when there is one.
HOME_URL = "https://pypi.org/project/warrant-case/"
DOCS_URL = "https://warrant.invalid/docs/"


def anchor(rule) -> str:
    """The anchor of a rule's heading in docs/rules.md (`### L201 `entailment-fails``), as Markdown renderers make it."""
    return f"{rule.code.lower()}-{rule.name}"


def help_uri(rule) -> str:
    return f"{DOCS_URL}rules.md#{anchor(rule)}"


# The failure modes the safety-case literature names, the rules that catch each one, and the defective
# case in examples/failure_modes/ that commits it (its fixed variant is FILE_fixed.case). The first code
# is the one the example is marked with; tests/test_examples.py checks the map against the examples.
FAILURE_MODES = (
    ("paper safety", ("L215", "L208", "L210"), "paper_safety.case"),
    ("stale claims", ("E304", "E305", "E315", "E321", "E309", "E319"), "stale_claims.case"),
    ("evidence gaps", ("E301", "G102"), "evidence_gaps.case"),
    ("evidence gaps (cherry-picking)", ("E310", "G103"), "cherry_picking.case"),
    ("countercase neglect", ("G202", "L216"), "countercase_neglect.case"),
    ("countercase neglect (an answer that answers nothing)", ("L217",), "unanswered_doubt.case"),
    ("reviewer capture", ("G207", "G213"), "reviewer_capture.case"),
    ("security-publication trade-off", ("G208",), "security_publication.case"),
    ("acceptability laundering", ("G211", "L227", "L212"), "acceptability_laundering.case"),
    ("scope substitution", ("E306", "E307", "L206", "L225", "C201", "C206"), "scope_substitution.case"),
    ("argument theater", ("L201", "L208", "L215"), "argument_theater.case"),
    ("threshold gaming", ("L213", "L226"), "threshold_gaming.case"),
    ("residual-risk laundering", ("G111",), "residual_risk_laundering.case"),
)

_STAGES = {"S": "Syntax and reading", "N": "Names and types", "G": "Structure and argument graph",
           "L": "Logic", "P": "Patterns", "E": "Evidence", "C": "Scope and change control",
           "I": "GSN import (`warrant import-gsn`)", "X": "Solver and internal",
           "A": "Accountability: waivers and settings"}
_EFFECT = {Outcome.UNREADABLE: "input unreadable (exit 2)", Outcome.UNKNOWN: "solver unknown (exit 3)",
           Outcome.REVIEW: "review required (exit 1)"}


def render() -> str:
    lines = ["# Rules", "", "Every finding Warrant reports, by code. `warrant explain CODE` prints one entry.",
             "Severity: E error (exit 1), W warning (exit 0 unless `--fail-on warning`), I information.", ""]
    lines += ["## Failure modes", "",
              "The failure modes the safety-case literature names, the rules that catch each, and a defective case",
              "in `examples/failure_modes/` that commits it (its fixed variant, `_fixed.case`, holds).", "",
              "| failure mode | rules | example |", "| --- | --- | --- |"]
    for mode, codes, example in FAILURE_MODES:
        rules = ", ".join(f"[{code}](#{anchor(RULES[code])})" for code in codes)
        lines.append(f"| {mode} | {rules} | `examples/failure_modes/{example}` |")
    lines.append("")
    stage = None
    for rule in RULES.values():
        if rule.code[0] != stage:
            stage = rule.code[0]
            lines += [f"## {stage}: {_STAGES[stage]}", ""]
        effect = _EFFECT.get(rule.outcome, {"E": "error", "W": "warning", "I": "information"}[rule.severity.value])
        lines += [f"### {rule.code} `{rule.name}`", "", f"*{effect}* — {rule.summary}", "",
                  f"Message: `{rule.template}`", "", rule.doc, ""]
        if rule.help:
            lines += [f"Typical fix: {rule.help}", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(render())
