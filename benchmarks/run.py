"""How long `warrant check` takes, stage by stage, and how much memory it needs, as a case grows.

Run: python benchmarks/run.py [--quick] [--sizes 10,200,2000] [--repeat 3] [--jobs 1]

For each size it generates the cyber inability case of benchmarks/generate.py
and checks it in a fresh worker process (so peak memory is that size's own),
`--repeat` times, printing the median of each stage: parse (with each
item's syntax node, built as it is read), resolve (names, types), graph, proofs (every check family), report (text output), the
total wall time, the solver queries asked, the findings and the peak resident
memory. `cpu` is the process's own CPU time, which other load on the machine
disturbs less than wall time does.

`lark` is the yardstick of issue 10's "at most 3x the bare Lark parse": the
same text parsed, in another fresh process, by a plain
`lark.Lark(grammar_text(), parser="lalr", start="start")` (Lark's defaults:
the contextual lexer, a tree built, no positions, no post-lexer, garbage
collection as Python leaves it), built before the clock starts; its wall time
is shown, and `x lark` is the full check's total wall time over it.

`--quick` runs the small sizes only (under a minute on 2 cores); CI runs it as
a report, never as a pass/fail timing.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

FULL_SIZES = (10, 50, 200, 500, 1000, 2000, 5000)
QUICK_SIZES = (10, 50, 200)


def _measure(n: int, jobs: int, queue) -> None:
    """In a fresh process: one timed check of the size-n case, sent back as a dict."""
    import datetime

    from generate import AS_OF, generated_case
    from stages import timed_check

    text = generated_case(n)
    cpu = time.process_time()
    options = {"jobs": jobs} if jobs != 1 else {}
    timed = timed_check(text, f"generated_{n}.case", datetime.date.fromisoformat(AS_OF), **options)
    queue.put({
        "n": n, "bytes": len(text.encode()), "nodes": _nodes(timed.report.case),
        **{stage: seconds for stage, seconds in timed.seconds.items()},
        "total": timed.total, "cpu": time.process_time() - cpu, "queries": timed.queries,
        "findings": len(timed.report.findings), "verdict": timed.report.verdict,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    })


def _measure_lark(n: int, queue) -> None:
    """In a fresh process: the bare Lark parse of the size-n case (wall and CPU seconds), the parser built untimed."""
    import lark

    from checker.syntax.parser import grammar_text
    from generate import generated_case

    text = generated_case(n)
    parser = lark.Lark(grammar_text(), parser="lalr", start="start")
    clock, cpu = time.perf_counter(), time.process_time()
    parser.parse(text)
    queue.put({"lark": time.perf_counter() - clock, "lark_cpu": time.process_time() - cpu})


def _nodes(case) -> int:
    return sum(len(table) for table in (case.claims, case.strategies, case.assumptions, case.evidence, case.defeaters))


def _in_fresh_process(target, *args) -> dict:
    context = multiprocessing.get_context("spawn")  # a clean process: no memory or caches from earlier sizes
    queue = context.Queue()
    worker = context.Process(target=target, args=(*args, queue))
    worker.start()
    row = queue.get()
    worker.join()
    return row


def measure(n: int, jobs: int = 1) -> dict:
    """One check of the size-n case and one bare Lark parse of it, each in its own fresh process."""
    row = _in_fresh_process(_measure, n, jobs)
    row.update(_in_fresh_process(_measure_lark, n))
    return row


def median_row(rows: list[dict]) -> dict:
    merged = dict(rows[0])
    for key, value in rows[0].items():
        if isinstance(value, float):
            merged[key] = statistics.median(row[key] for row in rows)
    return merged


# (row key, title, width, format)
COLUMNS = (("n", "threats", 7, "d"), ("nodes", "nodes", 6, "d"), ("kb", "KB", 6, ".0f"),
           ("parse", "parse", 6, ".2f"), ("resolve", "resolve", 7, ".2f"), ("graph", "graph", 6, ".2f"),
           ("proofs", "proofs", 6, ".2f"), ("report", "report", 6, ".2f"), ("total", "total s", 7, ".2f"),
           ("cpu", "cpu s", 6, ".2f"), ("queries", "queries", 7, "d"), ("findings", "finds", 5, "d"),
           ("rss_mb", "RSS MB", 6, ".0f"), ("lark", "lark", 6, ".2f"), ("x_lark", "x lark", 6, ".1f"))


def header() -> str:
    return " ".join(f"{title:>{width}}" for _, title, width, _ in COLUMNS)


def line(row: dict) -> str:
    values = dict(row, kb=row["bytes"] / 1000, x_lark=row["total"] / row["lark"])
    return " ".join(f"{values[key]:>{width}{spec}}" for key, _, width, spec in COLUMNS)


def table(rows: list[dict]) -> str:
    return "\n".join([header(), *map(line, rows)])


def machine() -> str:
    import os

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {load:.1f} at the start")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (under a minute)")
    parser.add_argument("--sizes", help="comma-separated threat counts (default: 10 to 5,000)")
    parser.add_argument("--repeat", type=int, default=None, help="runs per size; the median is shown")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for the proofs")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else (QUICK_SIZES if args.quick else FULL_SIZES)
    repeat = args.repeat or (1 if args.quick else 3)
    print(f"machine: {machine()}; median of {repeat} run(s) per size; --jobs {args.jobs}")
    print(header(), flush=True)
    rows = []
    for n in sizes:
        rows.append(median_row([measure(n, args.jobs) for _ in range(repeat)]))
        print(line(rows[-1]), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
