"""The front end alone (parse, build, resolve) of the generated case: CPU medians and the memory it holds.

Run: python benchmarks/frontend.py [--sizes 200,2000] [--repeat 5]
     WARRANT_PURE_LARK=1 python benchmarks/frontend.py     # without lark-cython

Per size, in this process: the parsers are built first (untimed), then the
front end runs `--repeat` times with garbage collection off, as
`api.front_end_memory` runs it, and the median CPU seconds of each stage are
printed, with the least total. `MB` is what the parse tree, then the built
nodes and the resolved model, hold (tracemalloc, one more run), and `parser`
names the parser that read the case.
"""
from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from generate import generated_case  # noqa: E402

from checker.semantics.resolve import resolve  # noqa: E402
from checker.syntax import parser  # noqa: E402
from checker.syntax.build import build  # noqa: E402


def stages(text: str) -> tuple:
    """CPU seconds of parse, build and resolve, collection off."""
    gc.disable()
    try:
        clock = time.process_time()
        tree, findings = parser.parse(text, "generated.case")
        parsed = time.process_time()
        syntax, built = build(tree, "generated.case")
        made = time.process_time()
        case, resolved = resolve(syntax)
        done = time.process_time()
    finally:
        gc.enable()
    assert case is not None and not findings + built + resolved, "the generated case must resolve"
    return parsed - clock, made - parsed, done - made


def held(text: str) -> tuple:
    """MB held after the parse, the build and the resolve (tracemalloc)."""
    tracemalloc.start()
    try:
        tree, _ = parser.parse(text, "generated.case")
        after_parse = tracemalloc.get_traced_memory()[0]
        syntax, _ = build(tree, "generated.case")
        after_build = tracemalloc.get_traced_memory()[0]
        resolve(syntax)
        after_resolve = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return after_parse / 1e6, after_build / 1e6, after_resolve / 1e6


def main(argv=None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--sizes", default="200,2000", help="comma-separated threat counts")
    options.add_argument("--repeat", type=int, default=5, help="runs per size; medians are shown")
    args = options.parse_args(argv)
    parser._lark()
    fast = getattr(parser, "_fast_lark", lambda: None)  # absent before lark-cython: the script measures older code too
    which = "lark-cython" if fast() is not None else "pure Lark"
    print(f"{'threats':>7} {'parse':>6} {'build':>6} {'resolve':>7} {'total':>6} {'least':>6} "
          f"{'MB tree':>7} {'+nodes':>6} {'+model':>6}  parser")
    for n in (int(size) for size in args.sizes.split(",")):
        text = generated_case(n)
        runs = []
        for _ in range(args.repeat):
            runs.append(stages(text))
            gc.collect()
        parse, made, resolved = (statistics.median(run[i] for run in runs) for i in range(3))
        tree_mb, nodes_mb, model_mb = held(text)
        print(f"{n:>7} {parse:>6.3f} {made:>6.3f} {resolved:>7.3f} {parse + made + resolved:>6.3f} "
              f"{min(map(sum, runs)):>6.3f} {tree_mb:>7.1f} {nodes_mb:>6.1f} {model_mb:>6.1f}  {which}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
