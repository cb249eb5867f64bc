"""`warrant check`: check case files (or directories of them) and report findings."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import reporters
from .options import add_as_of, add_format, add_timeout


def add(subcommands) -> None:
    check = subcommands.add_parser("check", help="check case files and report findings")
    check.add_argument("files", nargs="+", metavar="FILE",
                       help="case files; a directory stands for every *.case file below it")
    add_as_of(check)
    add_format(check, "check")
    add_timeout(check)
    check.add_argument("--fail-on", choices=("error", "warning"), default="error",
                       help="lowest severity that fails the run (default: error)")
    check.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                       help="run the independent check families in N worker processes (default: 1)")
    check.add_argument("--no-cache", action="store_true",
                       help="check afresh: neither read nor keep results in the user cache directory "
                            "($XDG_CACHE_HOME/warrant)")
    check.set_defaults(run=run)


def run(args) -> int:
    from .. import api

    paths = expand(args.files)
    if not paths:
        print("warrant: no .case files in " + ", ".join(args.files), file=sys.stderr)
        return 2
    cache = None
    if not args.no_cache and not reporters.registry()[args.format].needs_model:
        from ..cache import ResultCache

        cache = ResultCache.default()
    reports = [api.check_path(path, as_of=args.as_of, timeout=args.timeout, cache=cache, jobs=args.jobs)
               for path in paths]
    code = api.exit_code(reports, fail_on_warning=args.fail_on == "warning")
    sys.stdout.write(reporters.render(args.format, reports, code))
    return code


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"expected a whole number of processes from 1 to 64, got {text!r}")
    return int(text)


def expand(arguments) -> list[str]:
    """Files as given; each directory replaced by the .case files below it, in sorted order."""
    paths = []
    for argument in arguments:
        if Path(argument).is_dir():
            paths.extend(str(p) for p in sorted(Path(argument).rglob("*.case")))
        else:
            paths.append(argument)
    return paths
