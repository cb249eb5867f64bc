"""The median CPU time (user + system) and wall time of a command over N runs.

Run: python benchmarks/cputime.py N COMMAND...
     python benchmarks/cputime.py 9 warrant scope examples/cyber_inability.case --config examples/deploy/trusted_api.yaml

On a shared machine the wall time of a short command varies twofold with the
load; its CPU time much less. The command's output is thrown away.
"""
from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time


def measure(runs: int, command: list[str]) -> tuple[list[float], list[float]]:
    cpus, walls = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return cpus, walls


def main(argv: list[str]) -> int:
    if len(argv) < 2 or not argv[0].isdigit() or int(argv[0]) < 1:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    cpus, walls = measure(int(argv[0]), argv[1:])
    print(f"cpu median {statistics.median(cpus):.3f} s (min {min(cpus):.3f}), "
          f"wall median {statistics.median(walls):.3f} s (min {min(walls):.3f}), {len(cpus)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
