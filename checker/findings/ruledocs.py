"""Renders the rule registry as Markdown (docs/rules.md is this output; a test keeps them equal)."""
from __future__ import annotations

import sys

from .rules import RULES, Outcome

_STAGES = {"S": "Syntax and reading", "N": "Names and types", "G": "Structure and argument graph",
           "L": "Logic", "E": "Evidence", "C": "Scope and change control",
           "I": "GSN import (`warrant import-gsn`)", "X": "Solver and internal"}
_EFFECT = {Outcome.UNREADABLE: "input unreadable (exit 2)", Outcome.UNKNOWN: "solver unknown (exit 3)",
           Outcome.REVIEW: "review required (exit 1)"}


def render() -> str:
    lines = ["# Rules", "", "Every finding Warrant reports, by code. `warrant explain CODE` prints one entry.",
             "Severity: E error (exit 1), W warning (exit 0 unless `--fail-on warning`), I information.", ""]
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
