"""The front end alone (parse, build, resolve, graphs) of the generated case: CPU medians and the memory it holds.

Run: python benchmarks/frontend.py [--sizes 200,2000] [--repeat 5]
     WARRANT_PURE_LARK=1 python benchmarks/frontend.py     # without lark-cython

Per size, in this process: the parsers are built first (untimed), then the
front end runs `--repeat` times with garbage collection off, as
`api.no_collection` runs it, and the median CPU seconds of each stage are
printed, with the least total: `read` is the parse with each item built into
its syntax node as it is read (`syntax.build.read`), `resolve` the names and
types, `graph` the argument and support graphs. `MB` is what tracemalloc counts
(one more run): the peak while reading, what the syntax nodes hold, the peak
while resolving, and what the model and its graphs hold once the syntax nodes
are gone (what the proofs start from). `parser` names the parser that read the case.
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

from checker.semantics.graph import argument_graph, support_graph  # noqa: E402
from checker.semantics.resolve import resolve  # noqa: E402
from checker.syntax import parser  # noqa: E402
from checker.syntax.build import read  # noqa: E402


def stages(text: str) -> tuple:
    """CPU seconds of read, resolve and graph, collection off."""
    gc.disable()
    try:
        clock = time.process_time()
        syntax, findings = read(text, "generated.case")
        built = time.process_time()
        case, resolved = resolve(syntax)
        done = time.process_time()
        support_graph(argument_graph(case))
        drawn = time.process_time()
    finally:
        gc.enable()
    assert case is not None and not findings + resolved, "the generated case must resolve"
    return built - clock, done - built, drawn - done


def held(text: str) -> tuple:
    """MB (tracemalloc): peak while reading, held by the nodes, peak while resolving, held by the model and graphs."""
    tracemalloc.start()
    try:
        syntax, _ = read(text, "generated.case")
        nodes, read_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        case, _ = resolve(syntax)
        resolve_peak = tracemalloc.get_traced_memory()[1]
        del syntax
        graph = argument_graph(case)
        support = support_graph(graph)
        model = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert case is not None and graph.number_of_nodes() == support.number_of_nodes()
    return read_peak / 1e6, nodes / 1e6, resolve_peak / 1e6, model / 1e6


def main(argv=None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--sizes", default="200,2000", help="comma-separated threat counts")
    options.add_argument("--repeat", type=int, default=5, help="runs per size; medians are shown")
    args = options.parse_args(argv)
    parser._lark()
    fast = getattr(parser, "_fast_lark", lambda: None)
    which = "lark-cython" if fast() is not None else "pure Lark"
    print(f"{'threats':>7} {'read':>6} {'resolve':>7} {'graph':>6} {'total':>6} {'least':>6} "
          f"{'MB peak':>7} {'nodes':>6} {'peak':>6} {'model':>6}  parser")
    for n in (int(size) for size in args.sizes.split(",")):
        text = generated_case(n)
        runs = []
        for _ in range(args.repeat):
            runs.append(stages(text))
            gc.collect()
        built, resolved, drawn = (statistics.median(run[i] for run in runs) for i in range(3))
        read_peak, nodes, resolve_peak, model = held(text)
        print(f"{n:>7} {built:>6.3f} {resolved:>7.3f} {drawn:>6.3f} {built + resolved + drawn:>6.3f} "
              f"{min(map(sum, runs)):>6.3f} {read_peak:>7.1f} {nodes:>6.1f} {resolve_peak:>6.1f} {model:>6.1f}  {which}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
