"""Running a reporter over an argument of any depth.

The reporters walk the argument recursively (a claim, its strategy, its premises, ...),
one or two Python frames per level, so a long chain of claims (an imported diagram
of a few hundred levels) ran past Python's recursion limit of 1000 and the command
ended in a RecursionError traceback, exit 1. Rendering runs here instead on a thread
of its own with a large stack and a recursion limit to match, so the walk is bounded
only by the size of the input (--max-size).
"""
from __future__ import annotations

import sys
import threading

STACK = 512 * 1024 * 1024  # bytes of address space; pages are used only as deep as the walk goes
FRAMES = 400_000  # well beyond the deepest chain a 16 MiB case can hold


def deep_call(function, *args, **kwargs):
    """function(*args, **kwargs), on a thread whose stack and recursion limit fit a deep argument."""
    if threading.current_thread().name == "warrant-deep":
        return function(*args, **kwargs)  # already on such a thread
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # handed to the caller's thread, to be raised there
            outcome["error"] = error

    previous_stack, previous_limit = threading.stack_size(), sys.getrecursionlimit()
    try:
        threading.stack_size(STACK)
        sys.setrecursionlimit(max(previous_limit, FRAMES))
        worker = threading.Thread(target=run, name="warrant-deep", daemon=True)
        worker.start()
    except (RuntimeError, ValueError, MemoryError):  # no room for such a stack (a tight ulimit -v)
        sys.setrecursionlimit(previous_limit)
        return function(*args, **kwargs)  # as before: an ordinary argument needs no deep stack
    finally:
        threading.stack_size(previous_stack)
    try:
        worker.join()
    finally:
        sys.setrecursionlimit(previous_limit)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
