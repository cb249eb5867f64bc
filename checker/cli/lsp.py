"""`warrant lsp`: the language server on standard input and output (needs the `lsp` extra, pygls)."""
from __future__ import annotations

import sys

from .options import add_as_of, add_timeout

# The subcommands this module adds, in order, with their one-line help: all that `warrant --help`
# needs, so that it lists them without running add() (checker/cli/__init__.py).
HELP = {
    "lsp": "run the language server for editors on standard input and output",
}


def add(subcommands) -> None:
    lsp = subcommands.add_parser("lsp", help=HELP["lsp"])
    add_as_of(lsp)
    add_timeout(lsp)
    lsp.set_defaults(run=run)


def run(args) -> int:
    """Serve until the editor closes the connection; exit 2 if pygls is not installed."""
    try:
        from ..lsp.server import serve  # only this command needs pygls
    except ImportError as error:
        print(f"warrant: `warrant lsp` needs pygls ({error}); install it with: pip install 'warrant[lsp]'",
              file=sys.stderr)
        return 2
    serve(timeout=args.timeout, as_of=args.as_of)
    return 0
