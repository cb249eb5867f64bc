"""The `warrant` command: arguments, output format and exit codes."""
from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from . import api
from .reporters import json as json_reporter
from .reporters import sarif as sarif_reporter
from .reporters import text as text_reporter
from .interop.gsn2x import GsnError, gsn_to_case
from .reporters.markdown import public_summary
from .findings.rules import RULES


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"expected a number of seconds in (0, 3600], got {text!r}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warrant", description="Check AI safety cases written in the Warrant case language.")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check case files and report findings")
    check.add_argument("files", nargs="+", metavar="FILE",
                       help="case files; a directory stands for every *.case file below it")
    check.add_argument("--as-of", type=_date, default=None, metavar="DATE",
                       help="date for expiry checks (default: today)")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                       help="text for people, json for programs, sarif for code-scanning tools")
    check.add_argument("--timeout", type=_seconds, default=api.DEFAULT_TIMEOUT, metavar="SECONDS",
                       help="solver time limit per query (default: %(default)s)")
    check.add_argument("--fail-on", choices=("error", "warning"), default="error",
                       help="lowest severity that fails the run (default: error)")
    _scope_parser(commands)
    _diff_parser(commands)
    explain = commands.add_parser("explain", help="print the documentation of a rule")
    explain.add_argument("code", metavar="CODE")
    commands.add_parser("rules", help="list every rule")
    export = commands.add_parser("export", help="write a public summary of a case (Markdown)")
    export.add_argument("file", metavar="CASE")
    export.add_argument("--public", action="store_true", required=True,
                        help="withhold redacted evidence, naming each reason")
    export.add_argument("-o", "--output", metavar="OUT", help="write here instead of to standard output")
    export.add_argument("--as-of", type=_date, default=None, metavar="DATE")
    export.add_argument("--timeout", type=_seconds, default=api.DEFAULT_TIMEOUT, metavar="SECONDS")
    gsn = commands.add_parser("import-gsn", help="turn a gsn2x YAML diagram into an informal case")
    gsn.add_argument("file", metavar="FILE")
    gsn.add_argument("-o", "--output", metavar="OUT", help="write the case here instead of to standard output")
    return parser


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "explain":
        return _explain(args.code)
    if args.command == "export":
        return _export(args)
    if args.command == "import-gsn":
        return _import_gsn(args.file, args.output)
    if args.command == "rules":
        for rule in RULES.values():
            print(f"{rule.code}  {rule.severity.value}  {rule.name:28} {rule.summary}")
        return 0
    if args.command in ("scope", "diff"):
        return _judge(args)
    paths = _expand(args.files)
    if not paths:
        print("warrant: no .case files in " + ", ".join(args.files), file=sys.stderr)
        return 2
    reports = [api.check_path(path, as_of=args.as_of, timeout=args.timeout) for path in paths]
    code = api.exit_code(reports, fail_on_warning=args.fail_on == "warning")
    if args.format == "json":
        sys.stdout.write(json_reporter.render(reports, code))
    elif args.format == "sarif":
        sys.stdout.write(sarif_reporter.render(reports, code))
    else:
        sys.stdout.write(text_reporter.render(reports))
    return code


def _scope_parser(commands) -> None:
    scope = commands.add_parser("scope", help="is a configuration, or a target's boundary, inside the case's boundary?")
    scope.add_argument("case", metavar="CASE", help="the case file whose boundary is judged against")
    what = scope.add_mutually_exclusive_group(required=True)
    what.add_argument("--config", metavar="FILE", help="a deployment configuration (.json, .yaml or .yml)")
    what.add_argument("--target", metavar="CASE2",
                      help="a case (or a file with only a boundary) whose boundary must be covered")
    scope.add_argument("--format", choices=("text", "json"), default="text")
    scope.add_argument("--timeout", type=_seconds, default=api.DEFAULT_TIMEOUT, metavar="SECONDS",
                       help="solver time limit per query (default: %(default)s)")


def _diff_parser(commands) -> None:
    diff = commands.add_parser("diff",
                               help="which triggers a configuration change fires, and whether it leaves the boundary")
    diff.add_argument("case", metavar="CASE", help="the case whose boundary and triggers judge the change")
    diff.add_argument("old", metavar="OLD", help="the configuration before the change")
    diff.add_argument("new", metavar="NEW", help="the configuration after the change")
    diff.add_argument("--format", choices=("text", "json"), default="text")


def _judge(args) -> int:
    """`scope` and `diff`: one report, printed like `check`'s, with the same exit codes."""
    if args.command == "diff":
        report = api.diff_configs(args.case, args.old, args.new)
    elif args.config is not None:
        report = api.scope_config(args.case, args.config, timeout=args.timeout)
    else:
        report = api.scope_target(args.case, args.target, timeout=args.timeout)
    code = api.exit_code([report])
    if args.format == "json":
        sys.stdout.write(json_reporter.render([report], code))
    else:
        sys.stdout.write(text_reporter.render([report]))
    return code


def _export(args) -> int:
    """Write the public summary; exit with the case's own exit code, so CI can hold back a failing case."""
    report = api.check_path(args.file, as_of=args.as_of, timeout=args.timeout)
    model = None
    if report.source.text:
        model, _ = api.read_model(report.source.text, args.file)
    summary = public_summary(report, model)
    if args.output:
        Path(args.output).write_text(summary, encoding="utf-8")
    else:
        sys.stdout.write(summary)
    return api.exit_code([report])


def _import_gsn(path: str, output: str | None) -> int:
    """Print (or write) the case; warnings and errors go to standard error, located."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{path}: error: cannot read: {getattr(error, 'strerror', None) or error}", file=sys.stderr)
        return 2
    try:
        case_text, warnings = gsn_to_case(text, Path(path).name)
    except GsnError as error:
        where = f"{path}:{error.line}:{error.column}" if error.line else path
        print(f"{where}: error: {error.message}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"{path}: warning: {warning}", file=sys.stderr)
    if output:
        Path(output).write_text(case_text, encoding="utf-8")
    else:
        sys.stdout.write(case_text)
    return 0


def _expand(arguments) -> list[str]:
    """Files as given; each directory replaced by the .case files below it, in sorted order."""
    paths = []
    for argument in arguments:
        if Path(argument).is_dir():
            paths.extend(str(p) for p in sorted(Path(argument).rglob("*.case")))
        else:
            paths.append(argument)
    return paths


def _explain(code: str) -> int:
    rule = RULES.get(code.upper())
    if rule is None:
        print(f"warrant: no rule {code!r}; `warrant rules` lists them", file=sys.stderr)
        return 2
    print(f"{rule.code} {rule.name} ({rule.severity.name.lower()})\n\n{rule.summary}\n\n{rule.doc}")
    if rule.help:
        print(f"\nTypical fix: {rule.help}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
