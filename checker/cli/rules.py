"""`warrant rules` and `warrant explain CODE`: the rule registry, listed and documented."""
from __future__ import annotations

import sys

from ..findings.rules import RULES


def add(subcommands) -> None:
    explain = subcommands.add_parser("explain", help="print the documentation of a rule")
    explain.add_argument("code", metavar="CODE")
    explain.set_defaults(run=run_explain)
    subcommands.add_parser("rules", help="list every rule").set_defaults(run=run_rules)


def run_rules(args) -> int:
    for rule in RULES.values():
        print(f"{rule.code}  {rule.severity.value}  {rule.name:28} {rule.summary}")
    return 0


def run_explain(args) -> int:
    rule = RULES.get(args.code.upper())
    if rule is None:
        print(f"warrant: no rule {args.code!r}; `warrant rules` lists them", file=sys.stderr)
        return 2
    print(f"{rule.code} {rule.name} ({rule.severity.name.lower()})\n\n{rule.summary}\n\n{rule.doc}")
    if rule.help:
        print(f"\nTypical fix: {rule.help}")
    return 0
