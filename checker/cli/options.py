"""Option types and options several commands share."""
from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from .. import reporters
from ..logic import DEFAULT_TIMEOUT


def date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"expected a number of seconds in (0, 3600], got {text!r}")
    return value


def add_format(parser, command: str) -> None:
    """`--format`, its choices those reporters that offer this command (reporters/)."""
    names = reporters.formats_for(command)
    described = "; ".join(f"{name}: {reporters.registry()[name].description}" for name in names)
    parser.add_argument("--format", choices=names, default="text", help=described.replace("%", "%%"))


def add_timeout(parser) -> None:
    parser.add_argument("--timeout", type=seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help="solver time limit per query (default: %(default)s)")


def add_as_of(parser) -> None:
    parser.add_argument("--as-of", type=date, default=None, metavar="DATE",
                        help="date for expiry checks (default: today)")


def write(text: str, output: str | None) -> None:
    """To the file named by -o, or to standard output."""
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
