"""Output formats, one module each, found by their `FORMAT` name: the registry is this package.

A reporter module defines FORMAT (the `--format` name), DESCRIPTION (one line for
`--help`), COMMANDS (the commands that offer it: check, scope, diff, export) and
`render(reports, exit_code) -> str`. Dropping such a module into this package
is all it takes to add a format; modules without FORMAT are helpers. A reporter
that reads the resolved model (`report.case`) says so with `NEEDS_MODEL = True`:
a report from the result cache has no model, so `check` then checks afresh.
"""
from __future__ import annotations

import functools
import importlib
import pkgutil

import attrs


@attrs.frozen
class Reporter:
    name: str
    description: str
    commands: tuple
    render: object  # (reports, exit_code) -> str
    needs_model: bool = False


@functools.cache
def registry() -> dict:
    """Every reporter in this package, by format name, in name order."""
    found = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        name = getattr(module, "FORMAT", None)
        if name is not None:
            found[name] = Reporter(name, module.DESCRIPTION, tuple(module.COMMANDS), module.render,
                                   bool(getattr(module, "NEEDS_MODEL", False)))
    return dict(sorted(found.items()))


def formats_for(command: str) -> list[str]:
    """The format names a command offers, `text` first (the default)."""
    names = [name for name, reporter in registry().items() if command in reporter.commands]
    return sorted(names, key=lambda name: (name != "text", name))


def render(name: str, reports, exit_code: int) -> str:
    return registry()[name].render(list(reports), exit_code)
