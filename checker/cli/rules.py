"""`warrant rules` and `warrant explain CODE`: the rule registry, listed and documented."""
from __future__ import annotations

import sys


# The subcommands this module adds, in order, with their one-line help: all that `warrant --help`
# needs, so that it lists them without running add() (checker/cli/__init__.py).
HELP = {
    "explain": "print the documentation of a rule",
    "rules": "list every rule",
}


def add(subcommands) -> None:
    explain = subcommands.add_parser("explain", help=HELP["explain"])
    explain.add_argument("code", metavar="CODE")
    explain.set_defaults(run=run_explain)
    subcommands.add_parser("rules", help=HELP["rules"]).set_defaults(run=run_rules)


def run_rules(args) -> int:
    from ..findings.rules import RULES  # here: `warrant --help` does not read the registry

    for rule in RULES.values():
        print(f"{rule.code}  {rule.severity.value}  {rule.name:28} {rule.summary}")
    return 0


def run_explain(args) -> int:
    from ..findings.rules import RULES

    rule = RULES.get(args.code.upper())
    if rule is None:
        print(f"warrant: no rule {args.code!r}; `warrant rules` lists them", file=sys.stderr)
        return 2
    print(f"{rule.code} {rule.name} ({rule.severity.name.lower()})\n\n{rule.summary}\n\n{rule.doc}")
    if rule.help:
        print(f"\nTypical fix: {rule.help}")
    return 0
