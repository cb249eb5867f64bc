"""`warrant scope` and `warrant diff`: a case's boundary and triggers against configurations and targets."""
from __future__ import annotations

import sys

from .. import reporters
from .options import add_format, add_timeout


def add(subcommands) -> None:
    scope = subcommands.add_parser("scope", help="is a configuration, or a target's boundary, inside the case's boundary?")
    scope.add_argument("case", metavar="CASE", help="the case file whose boundary is judged against")
    what = scope.add_mutually_exclusive_group(required=True)
    what.add_argument("--config", metavar="FILE",
                      help="a deployment configuration (.json, .yaml or .yml), or many, one JSON object per line (.jsonl)")
    what.add_argument("--target", metavar="CASE2",
                      help="a case (or a file with only a boundary) whose boundary must be covered")
    add_format(scope, "scope")
    add_timeout(scope)
    scope.set_defaults(run=run_scope)
    diff = subcommands.add_parser("diff",
                                  help="which triggers a configuration change fires, and whether it leaves the boundary")
    diff.add_argument("case", metavar="CASE", help="the case whose boundary and triggers judge the change")
    diff.add_argument("old", metavar="OLD", help="the configuration before the change")
    diff.add_argument("new", metavar="NEW", help="the configuration after the change")
    add_format(diff, "diff")
    diff.set_defaults(run=run_diff)


def run_scope(args) -> int:
    from .. import api

    if args.config is not None:
        report = api.scope_config(args.case, args.config, timeout=args.timeout)
    else:
        report = api.scope_target(args.case, args.target, timeout=args.timeout)
    return _print(args, report)


def run_diff(args) -> int:
    from .. import api

    return _print(args, api.diff_configs(args.case, args.old, args.new))


def _print(args, report) -> int:
    """One report, printed like `check`'s, with the same exit codes."""
    from .. import api

    code = api.exit_code([report])
    sys.stdout.write(reporters.render(args.format, [report], code))
    return code
