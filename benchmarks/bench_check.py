"""How long `warrant check` takes, and how much memory it needs, as a case grows.

Run: python benchmarks/bench_check.py [--sizes 10,50,200] [--repeat 3]

It generates a synthetic inability case with N threat models: one top claim
quantified over every threat and actor, one strategy with N subclaims, each
subclaim backed by interval evidence, plus N assumptions (proxy validity per
threat) that the conflict search must consider, a defeater, an acceptance
criterion and triggers. The case produces no finding at all, so the figures
measure the full set of queries, not an early exit.
"""
from __future__ import annotations

import argparse
import datetime
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.api import check_text  # noqa: E402


def synthetic_case(n: int) -> str:
    threats = [f"t{i}" for i in range(n)]
    lines = [
        f'case synthetic_{n} "Synthetic inability case with {n} threat models"',
        '  version "1"', '  author "bench"',
        f"enum Threat {{ {', '.join(threats)} }}",
        "enum Actor { novice, expert }",
        "context { model: string  internet: bool affordance  max_users: int }",
        "measure uplift(Threat, Actor): real in [0, 1]",
        "measure solve_rate(Threat): real in [0, 1]",
        'boundary { model == "m-1"  not internet  max_users <= 5000 }',
        'claim G0 "No unacceptable uplift": forall t: Threat, a: Actor. uplift(t, a) < 0.2',
        "  by S0",
        f'strategy S0 "Per threat model": from {", ".join(f"C{i}" for i in range(n))} '
        f'given {", ".join(f"A{i}" for i in range(n))}',
    ]
    for i, threat in enumerate(threats):
        lines += [
            f'assume A{i} "Proxy tasks bound uplift on {threat}": forall a: Actor. uplift({threat}, a) <= solve_rate({threat})',
            f'claim C{i} "Low solve rate on {threat}": solve_rate({threat}) < 0.2',
            f"  evidence E{i}",
            f'evidence E{i} "Eval of {threat}" {{ model "m-1" shows solve_rate({threat}) in [0.01, 0.15] }}',
        ]
    lines += [
        f'defeater D0 "Sandbagging during the evaluations" against {", ".join(["G0"] + [f"C{i}" for i in range(n)])}',
        '  status accepted "elicitation audited by an external evaluator"',
        'party users "People who use the deployment" role user',
        'party public "People outside the deployment whom its use can harm" role third_party',
        'accept { require forall t: Threat. uplift(t, novice) < 0.2  for users, public  authority "Review Board" }',
        'trigger T1 "New model": changed(model) reopens all',
        'trigger T2 "Internet access": internet reopens all',
        'trigger T3 "More users": max_users > 5000 reopens G0',
    ]
    return "\n".join(lines) + "\n"


def measure(n: int, repeat: int) -> dict:
    text = synthetic_case(n)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        report = check_text(text, f"synthetic_{n}.case", as_of=datetime.date(2026, 11, 1))
        times.append(time.perf_counter() - start)
    assert report.verdict == "holds" and not report.findings, [f.code for f in report.findings]
    return {"n": n, "lines": text.count("\n"), "median_s": statistics.median(times), "min_s": min(times)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,50,200")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'threats':>8} {'lines':>6} {'median s':>9} {'min s':>7}")
    for n in (int(s) for s in args.sizes.split(",")):
        row = measure(n, args.repeat)
        print(f"{row['n']:>8} {row['lines']:>6} {row['median_s']:>9.3f} {row['min_s']:>7.3f}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
