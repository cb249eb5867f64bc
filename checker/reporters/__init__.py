"""Output formats, one module each, found by their `FORMAT` name: the registry is this package.

A reporter module defines FORMAT (the `--format` name), DESCRIPTION (one line for
`--help`), COMMANDS (the commands that offer it: check, scope, diff, export) and
`render(reports, exit_code) -> str`. A reporter that wants to know more about the
run (the command, colour, --quiet) takes a third parameter `options`, a
RenderOptions. Dropping such a module into this package is all it takes to add a
format; modules without FORMAT are helpers. A reporter that reads the resolved
model (`report.case`) or the required reports (`report.required`) says so with
`NEEDS_MODEL = True`: a report from the result cache has neither, so `check`
then checks afresh.
"""
from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from collections.abc import Sequence

import attrs


@attrs.frozen
class RenderOptions:
    """What a reporter may want to know about the run beyond the reports."""

    command: str = "check"  # check, scope or diff: SARIF's automationDetails, for instance
    color: bool = False  # ANSI colour (the text reporter, on a terminal)
    quiet: bool = False  # findings only: no verdict lines, no totals
    totals: bool = False  # a totals line after the verdict lines (several files)
    table: bool = False  # many configurations judged against one case: one row each (the text reporter)


@attrs.frozen
class Reporter:
    name: str
    description: str
    commands: tuple
    render: object  # (reports, exit_code) -> str
    needs_model: bool = False  # reads report.case or report.required, which a cached report lacks


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


def reporter(name: str) -> Reporter:
    """The reporter of one format. A module named as its format is loaded alone (the text reporter of an
    ordinary run needs no other); any other name is looked up in the whole registry."""
    if registry.cache_info().currsize == 0 and name.isidentifier():
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ImportError:
            module = None
        if module is not None and getattr(module, "FORMAT", None) == name:
            return Reporter(name, module.DESCRIPTION, tuple(module.COMMANDS), module.render,
                            bool(getattr(module, "NEEDS_MODEL", False)))
    return registry()[name]


def formats_for(command: str) -> list[str]:
    """The format names a command offers, `text` first (the default)."""
    names = [name for name, reporter in registry().items() if command in reporter.commands]
    return sorted(names, key=lambda name: (name != "text", name))


def render(name: str, reports, exit_code: int, options: RenderOptions | None = None, **extra) -> str:
    """The reports in one format. `options` (the run) reach reporters whose render takes them; `extra`
    are one format's own (the graph formats take `collapse`)."""
    function = reporter(name).render
    accepted = inspect.signature(function).parameters
    kwargs = {key: value for key, value in extra.items() if key in accepted}
    if options is not None and "options" in accepted:
        kwargs["options"] = options
    # A sequence stays as it is: a scope run's (checks.batch.Judged) builds each report only when asked for.
    from .deep import deep_call  # an argument of any depth: reporters walk it recursively

    return deep_call(function, reports if isinstance(reports, Sequence) else list(reports), exit_code, **kwargs)
