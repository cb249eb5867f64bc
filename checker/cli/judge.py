"""`warrant scope` and `warrant diff`: a case's boundary and triggers against configurations and targets."""
from __future__ import annotations

import sys

from .options import add_format, add_timeout, emit

# The subcommands this module adds, in order, with their one-line help: all that `warrant --help`
# needs, so that it lists them without running add() (checker/cli/__init__.py).
HELP = {
    "scope": "is a configuration, or a target's boundary, inside the case's boundary?",
    "diff": "which triggers a configuration change fires and whether it leaves the boundary; "
            "with --case, whether a new version of a case is weaker than the old",
}


def add(subcommands) -> None:
    scope = subcommands.add_parser("scope", help=HELP["scope"])
    scope.add_argument("case", metavar="CASE", help="the case file whose boundary is judged against")
    what = scope.add_mutually_exclusive_group(required=True)
    what.add_argument("--config", metavar="FILE", nargs="+",
                      help="deployment configurations: .json, .yaml or .yml files, directories of them, "
                           ".jsonl batches (one configuration per line), - for standard input, REV:path")
    what.add_argument("--target", metavar="CASE2",
                      help="a case (or a file with only a boundary) whose boundary must be covered")
    _add_map(scope)
    add_format(scope, "scope")
    add_timeout(scope)
    scope.add_argument("--no-cache", action="store_true",
                       help="read the case afresh: neither read nor keep its resolved model in the user cache "
                            "directory ($XDG_CACHE_HOME/warrant)")
    scope.set_defaults(run=run_scope)
    diff = subcommands.add_parser(
        "diff", usage="%(prog)s CASE OLD NEW [--map MAPFILE] ... | %(prog)s --case OLD.case NEW.case ...",
        help=HELP["diff"])
    diff.add_argument("files", nargs="+", metavar="FILE",
                      help="CASE OLD NEW: the case, and the configuration before and after the change; with --case, "
                           "OLD.case NEW.case. Each may be a file or REV:path")
    diff.add_argument("--case", action="store_true", dest="versions",
                      help="compare two versions of a case: claims, thresholds, acceptance and boundary")
    _add_map(diff)
    add_format(diff, "diff")
    add_timeout(diff)
    diff.set_defaults(run=run_diff, parser=diff)


def _add_map(parser) -> None:
    parser.add_argument("--map", metavar="MAPFILE", default=None,
                        help="YAML binding each context variable to a path in the configuration files "
                             "(Helm values, Terraform JSON, Kubernetes manifests, any YAML or JSON)")


def run_scope(args) -> int:
    from .. import api  # here, not at the top: `warrant --help` loads none of the checker

    if args.target is not None:
        return _print(args, [api.scope_target(args.case, args.target, timeout=args.timeout)])
    progress = Progress(sys.stderr)
    progress = progress if progress.shown and not args.quiet else None  # off a terminal it would show nothing
    # A sequence of reports built as a format asks for them: a table of a batch needs few (checks/batch.py).
    reports = api.judge_configs(args.case, args.config, map_path=args.map, progress=progress, cache=_cache(args))
    if progress is not None:
        progress.finish()
    if not reports:  # an empty directory or batch judges nothing, and nothing is never a pass
        print("warrant: no configurations in " + ", ".join(args.config), file=sys.stderr)
        return 2
    table = len(reports) > 1 or any(report.label for report in reports)
    return emit(args, reports, reports.exit_code(), table=table)


def _cache(args):
    """The user's cache, where the case's resolved model is kept, unless --no-cache."""
    if args.no_cache:
        return None
    from ..cache import ResultCache

    return ResultCache.default()


def run_diff(args) -> int:
    from .. import api

    if args.versions:
        if len(args.files) != 2 or args.map is not None:
            args.parser.error("--case takes two case files, OLD.case NEW.case, and no --map")
        return _print(args, [api.diff_cases(*args.files, timeout=args.timeout)])
    if len(args.files) != 3:
        args.parser.error("expected CASE OLD NEW (or --case OLD.case NEW.case)")
    case, old, new = args.files
    return _print(args, [api.diff_configs(case, old, new, map_path=args.map)])


def _print(args, reports, table: bool = False) -> int:
    """Printed like `check`'s reports, with the same exit codes; several configurations as a table."""
    from .. import api

    return emit(args, reports, api.exit_code(reports), table=table)


class Progress:
    """`[12/300] deploy/x.yaml` on one line of a terminal's standard error, rewritten as configurations are judged.

    Nothing is written when the stream is not a terminal, so logs and pipes stay clean.
    """

    def __init__(self, stream):
        self.stream = stream
        self.shown = bool(getattr(stream, "isatty", lambda: False)())
        self.written = False

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.shown or total < 2:
            return
        self.stream.write(f"\r\x1b[K[{done}/{total}] {name}")
        self.stream.flush()
        self.written = True

    def finish(self) -> None:
        if self.written:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
