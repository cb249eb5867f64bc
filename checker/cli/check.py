"""`warrant check`: check case files (or directories of them) and report findings.

The project's settings (`[tool.warrant]`, interop/settings.py) give defaults for
the files, the codes shown, what fails the run, the margin and the expiry
warning; the flags override them. A baseline hides findings already known.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from .options import add_as_of, add_format, add_timeout, emit, load_settings

# The subcommands this module adds, in order, with their one-line help: all that `warrant --help`
# needs, so that it lists them without running add() (checker/cli/__init__.py).
HELP = {
    "check": "check case files and report findings",
}


def add(subcommands) -> None:
    check = subcommands.add_parser("check", help=HELP["check"])
    check.add_argument("files", nargs="*", metavar="FILE",
                       help="case files; a directory stands for every *.case file below it, - for standard input, "
                            "REV:path for a file as a git revision holds it (default: `paths` in the settings)")
    add_as_of(check)
    add_format(check, "check")
    add_timeout(check)
    check.add_argument("--fail-on", choices=("error", "warning"), default=None,
                       help="lowest severity that fails the run (default: the settings' fail-on, else error)")
    check.add_argument("--select", type=_codes, default=None, metavar="CODES",
                       help="report only rules whose code starts with one of these (comma-separated: L,E301)")
    check.add_argument("--ignore", type=_codes, default=None, metavar="CODES",
                       help="never report rules whose code starts with one of these (comma-separated)")
    check.add_argument("--min-margin", type=_margin, default=None, metavar="F",
                       help="the least relative threshold margin for L213 and L226, whatever the accept block says (0 < F < 1; default 0.1)")
    check.add_argument("--warn-expiry", type=_days, default=None, metavar="DAYS",
                       help="warn when cited evidence (E309) or the decision (E319) expires within DAYS of --as-of")
    check.add_argument("--baseline", metavar="FILE", default=None,
                       help="report only findings beyond those recorded in FILE (keyed by rule, file and node)")
    check.add_argument("--write-baseline", action="store_true",
                       help="record today's findings in the --baseline FILE first")
    check.add_argument("--settings", metavar="TOML", default=None,
                       help="read settings from this file instead of the nearest warrant.toml or pyproject.toml")
    check.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                       help="run the independent check families in N worker processes (default: 1)")
    check.add_argument("--no-cache", action="store_true",
                       help="check afresh: neither read nor keep results in the user cache directory "
                            "($XDG_CACHE_HOME/warrant)")
    check.add_argument("--dump-smt", metavar="DIR", default=None,
                       help="write every solver query to DIR as a self-contained SMT-LIB 2 file named "
                            "CASE.RULE.NODE.smt2, with Z3's answer in a comment (checks afresh, in one process)")
    check.set_defaults(run=run)


def run(args) -> int:
    from .. import api  # here, not at the top: `warrant --help` loads none of the checker
    from ..findings import policy

    settings, blocked = load_settings(args)
    if blocked is not None:
        return emit(args, [blocked], api.exit_code([blocked]))
    if args.write_baseline and not args.baseline:
        print("warrant: --write-baseline needs --baseline FILE", file=sys.stderr)
        return 2
    settings = _overridden(settings, args)
    arguments = args.files or _settings_paths(settings)
    if not arguments:
        print("warrant: no FILE given, and the settings give no `paths`", file=sys.stderr)
        return 2
    paths = expand(arguments)
    if not paths:
        print("warrant: no .case files in " + ", ".join(arguments), file=sys.stderr)
        return 2
    # Every query must reach the solver in this process to be written: no kept answers, no workers.
    cache, jobs = (None, 1) if args.dump_smt else (_cache(args), args.jobs)
    try:
        dumping = _dumping(args.dump_smt) if args.dump_smt else contextlib.nullcontext()
        with dumping:
            reports = [api.check_path(path, as_of=args.as_of, timeout=args.timeout, settings=settings, cache=cache,
                                      jobs=jobs) for path in paths]
    except OSError as error:  # the dump directory cannot be made or written
        print(f"warrant: cannot write the queries to {args.dump_smt}: {error.strerror or error}", file=sys.stderr)
        return 2
    reports = [policy.select(report, settings.select, settings.ignore) for report in reports]
    if args.baseline:
        reports, blocked = _baselined(reports, args)
        if blocked is not None:
            return emit(args, [blocked], api.exit_code([blocked]))
    code = api.exit_code(reports, fail_on_warning=(settings.fail_on or "error") == "warning")
    return emit(args, reports, code)


def _dumping(directory):
    from ..logic import queries  # Z3 loads here: `--help` and a cached check start without it

    return queries.dumping(directory)


def _cache(args):
    """The user's result cache, unless --no-cache, or the format draws the resolved model (a kept report has none)."""
    from .. import reporters

    if args.no_cache or reporters.reporter(args.format).needs_model:  # that format alone is loaded
        return None
    from ..cache import ResultCache

    return ResultCache.default()


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes from 1 to 64, got {text!r}")
    return int(text)


def _settings_paths(settings) -> list[str]:
    """The settings' `paths`, read from the settings file's folder and shown from the current one."""
    if settings.path is None:
        return list(settings.paths)
    folder = Path(settings.path).parent
    return [os.path.relpath(folder / path) for path in settings.paths]


def _overridden(settings, args):
    """The settings with every flag the command line gives put in their place."""
    import attrs

    flags = {"fail_on": args.fail_on, "select": args.select, "ignore": args.ignore,
             "min_margin": args.min_margin, "warn_expiry": args.warn_expiry}
    return attrs.evolve(settings, **{name: value for name, value in flags.items() if value is not None})


def _baselined(reports, args):
    from .. import api
    from ..findings import policy
    from ..syntax.source import SourceFile

    if args.write_baseline:
        from .options import OutputError

        try:
            policy.write_baseline(reports, args.baseline)
        except OSError as error:  # a directory, a missing folder, a full disk: the run's output failed
            raise OutputError(str(args.baseline), error) from None
    known, problems = policy.read_baseline(args.baseline)
    if known is None:
        return reports, api.Report(SourceFile(args.baseline, ""), tuple(problems))
    return [policy.apply_baseline(report, known) for report in reports], None


def expand(arguments) -> list[str]:
    """Files as given; each directory replaced by the .case files below it, in sorted order."""
    paths = []
    for argument in arguments:
        if Path(argument).is_dir():
            paths.extend(str(p) for p in sorted(Path(argument).rglob("*.case")))
        else:
            paths.append(argument)
    return paths


def _codes(text: str) -> tuple:
    from ..findings.rules import RULES

    codes = tuple(part.strip().upper() for part in text.split(",") if part.strip())
    for code in codes:
        if not any(rule.startswith(code) for rule in RULES):
            raise argparse.ArgumentTypeError(f"`{code}` matches no rule code")
    return codes


def _margin(text: str):
    from fractions import Fraction  # here: it loads the decimal module, which `--help` does not need

    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        value = Fraction(-1)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"expected a number strictly between 0 and 1, got {text!r}")
    return value


def _days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}")
    return int(text)
