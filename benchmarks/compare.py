"""Warrant against what users would otherwise run, on the same inputs, in one run.

Run: pip install '.[bench]'; python benchmarks/compare.py [--size 200] [--configs 10000] [--repeat 3]

1. Batch scope against cedarpy (Cedar's Rust evaluator through Python): the
   boundary of examples/cyber_inability.case written as a Cedar policy, the
   same batch of deployment configurations as a JSON-lines file. Warrant runs
   as a whole process (`warrant scope CASE --config batch.jsonl`, its text
   output read back), start-up included; cedarpy authorizes the batch in-process
   (`is_authorized_batch`, the reading of the file included). Two batches:
   random configurations (most outside the boundary, so most lines get a
   finding) and a batch as CI sees it (1% outside).
2. Structure against verocase (an assurance-case validator, structural
   checks only) on the generated case's argument in its LTAC text format:
   verocase loads and validates in-process; Warrant reads the case and runs
   its structural family, and then its full check, in-process.
3. Warrant against a naive Warrant that asks every question on a fresh
   solver, as before the solver rework: the proof phase of the generated case.

A timing counts only when the verdicts agree: per configuration (inside or
not), structurally valid or not, the same findings with the same worlds.
Medians of --repeat runs; ratios are peer time over Warrant's time (above 1:
Warrant is faster).
"""
from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from generate import AS_OF, generated_case  # noqa: E402

CASE = ROOT / "examples" / "cyber_inability.case"

# The boundary of examples/cyber_inability.case, as Cedar says it: a request is allowed
# exactly when the configuration in its context is inside the boundary.
CEDAR_POLICY = """permit(principal, action, resource) when {
  context.model == "x-2026-05" &&
  ["internal", "trusted_api"].contains(context.channel) &&
  !context.tools.contains("shell") &&
  !context.internet &&
  context.max_users <= 5000
};"""


def median_cpu(run, repeat: int) -> float:
    """The median CPU time (user + system) of `run`: this process's and its children's, which a loaded
    machine disturbs far less than wall time."""
    times = []
    for _ in range(repeat):
        before = (time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN))
        run()
        after = (time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN))
        children = (after[1].ru_utime - before[1].ru_utime) + (after[1].ru_stime - before[1].ru_stime)
        times.append(after[0] - before[0] + children)
    return statistics.median(times)


def median_time(run, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# ---- 1. batch scope against cedarpy ------------------------------------------------------------


def batch(n: int, share_outside: float | None, seed: int) -> list[dict]:
    """n configurations: random ones (share_outside None), or inside ones with that share moved outside."""
    rng = random.Random(seed)
    channels = ["internal", "trusted_api", "public_api", "open_weights"]
    configs = []
    for i in range(n):
        if share_outside is None:
            config = {"model": rng.choice(["x-2026-05", "x-2026-05", "x-2026-04"]), "channel": rng.choice(channels),
                      "tools": sorted(rng.sample(["browser", "code_exec", "shell"], rng.randint(0, 2))),
                      "internet": rng.random() < 0.2, "max_users": rng.choice([100, 1000, 5000, 5001, 20000])}
        else:
            config = {"model": "x-2026-05", "channel": rng.choice(channels[:2]),
                      "tools": sorted(rng.sample(["browser", "code_exec"], rng.randint(0, 2))), "internet": False,
                      "max_users": rng.choice([100, 1000, 5000])}
            if rng.random() < share_outside:
                config["max_users"] = 6000
        configs.append(config)
    return configs


def warrant_batch(path: Path) -> set[int]:
    """Run `warrant scope` as a process; the line numbers of the configurations it finds outside (or not judged).

    The text output, as a person or a CI log reads it: a table with one row per
    configuration, named `FILE:LINE`, and where it stands (inside, outside,
    incomplete, unreadable).
    """
    done = subprocess.run([sys.executable, "-m", "checker.cli", "scope", str(CASE), "--config", str(path)],
                          capture_output=True, text=True, cwd=ROOT)
    named = re.compile("^" + re.escape(str(path)) + r":(\d+)\s+(?:outside|incomplete|unreadable)\b", re.M)
    return {int(number) for number in named.findall(done.stdout)}


def cedar_batch(path: Path) -> set[int]:
    """cedarpy in-process: the line numbers of the configurations it does not allow."""
    import cedarpy

    lines = path.read_text().splitlines()
    requests = [{"principal": 'User::"ci"', "action": 'Action::"deploy"', "resource": 'Model::"x"',
                 "context": json.loads(line)} for line in lines]
    answers = cedarpy.is_authorized_batch(requests, CEDAR_POLICY, [])
    return {number for number, answer in enumerate(answers, 1) if not answer.allowed}


def compare_batches(n: int, repeat: int, folder: Path) -> list[dict]:
    rows = []
    for label, share in (("random configurations", None), ("as CI sees them (1% outside)", 0.01)):
        path = folder / f"batch-{share}.jsonl"
        path.write_text("".join(json.dumps(config) + "\n" for config in batch(n, share, seed=7)))
        warrant_s, warrant_out = median_time(lambda: warrant_batch(path), repeat)
        cedar_s, cedar_out = median_time(lambda: cedar_batch(path), repeat)
        warrant_cpu, cedar_cpu = median_cpu(lambda: warrant_batch(path), repeat), median_cpu(lambda: cedar_batch(path),
                                                                                           repeat)
        rows.append({"task": f"scope {n:,} configurations, {label}", "peer": "cedarpy (in-process)",
                     "warrant_s": warrant_s, "peer_s": cedar_s, "agree": warrant_out == cedar_out,
                     "note": f"{len(warrant_out):,} outside; CPU {warrant_cpu:.3f} s against {cedar_cpu:.3f} s "
                             f"({cedar_cpu / warrant_cpu:.2f})"})
    return rows


# ---- 2. structure against verocase ----------------------------------------------------------------


def ltac(case) -> str:
    """The argument of a resolved case as LTAC: claims, strategies, assumptions and evidence, from the top claim.

    verocase's LTAC has no defeater node, so the defeaters are left out; a node
    met again is cited (`^ID`), as LTAC cites a node declared elsewhere.
    """
    lines, declared = [], set()

    def node(kind: str, name: str, title: str, depth: int) -> bool:
        cited = name in declared
        declared.add(name)
        text = " ".join(title.replace(":", " -").split())
        lines.append(f"{'  ' * depth}- {kind} {'^' if cited else ''}{name}: {text}")
        return not cited

    def claim(name: str, depth: int) -> None:
        item = case.claims[name]
        if not node("Claim", name, item.title, depth):
            return
        for ref in item.strategies:
            strategy = case.strategies[ref.text]
            if node("Strategy", strategy.name, strategy.title, depth + 1):
                for premise in strategy.premises:
                    claim(premise.text, depth + 2)
                for given in strategy.given:
                    node("Assumption", given.text, case.assumptions[given.text].title, depth + 2)
        for ref in item.evidence:
            node("Evidence", ref.text, case.evidence[ref.text].title, depth + 1)

    claim(next(iter(case.claims)), 0)
    return "\n".join(lines) + "\n"


def compare_structure(n: int, repeat: int) -> list[dict]:
    import verocase

    from checker import api
    from checker.checks import structure
    from checker.checks.context import CheckContext
    from checker.semantics.graph import argument_graph, support_graph

    text = generated_case(n)
    case, _ = api.read_model(text, "generated.case")
    ltac_text = ltac(case)

    def vero():
        checked = verocase.Case()
        checked.load_ltac_string(ltac_text)
        checked.validate_ltac()
        return not checked.had_error

    def warrant_structure():
        with api.no_collection():
            model, _ = api.read_model(text, "generated.case")
            graph = argument_graph(model)
        # The structural rules ask no solver question: no prover is built for them.
        cx = CheckContext(model, graph, support_graph(graph), None, datetime.date.fromisoformat(AS_OF))
        return not [f for f in structure.check_structure(cx) if f.severity.name == "ERROR"]

    def warrant_check():
        return api.check_text(text, "generated.case", as_of=datetime.date.fromisoformat(AS_OF))

    vero_s, vero_ok = median_time(vero, repeat)
    structure_s, structure_ok = median_time(warrant_structure, repeat)
    check_s, report = median_time(warrant_check, repeat)
    nodes = ltac_text.count("\n")
    return [
        {"task": f"structure of {n:,} threats ({nodes:,} LTAC lines)", "peer": "verocase (in-process)",
         "warrant_s": structure_s, "peer_s": vero_s, "agree": vero_ok == structure_ok,
         "note": "Warrant: read the case, structural rules"},
        {"task": f"full check of {n:,} threats", "peer": "verocase (structure only)", "warrant_s": check_s,
         "peer_s": vero_s, "agree": vero_ok == structure_ok,
         "note": f"Warrant also proves every step: {report.verdict}, {len(report.findings)} findings"},
    ]


# ---- 3. naive Warrant -------------------------------------------------------------------------------


def compare_naive(n: int, repeat: int) -> list[dict]:
    from stages import timed_check

    text = generated_case(n)
    as_of = datetime.date.fromisoformat(AS_OF)
    fast_s, fast = median_time(lambda: timed_check(text, "generated.case", as_of), repeat)
    naive_s, naive = median_time(lambda: timed_check(text, "generated.case", as_of, incremental=False), 1)

    def seen(timed):
        return [(f, f.world, f.members) for f in timed.report.findings], timed.report.summary

    return [{"task": f"proofs of {n:,} threats", "peer": "naive Warrant (fresh solver per query)",
             "warrant_s": fast.seconds["proofs"], "peer_s": naive.seconds["proofs"],
             "agree": seen(fast) == seen(naive),
             "note": f"{fast.queries:,} queries against {naive.queries:,}"}]


# ---- the table ------------------------------------------------------------------------------------------


def table(rows: list[dict]) -> str:
    lines = [f"{'task':52} {'peer':40} {'Warrant s':>9} {'peer s':>8} {'ratio':>6}  agree  note"]
    for row in rows:
        ratio = row["peer_s"] / row["warrant_s"] if row["agree"] else float("nan")
        shown = f"{ratio:6.2f}" if row["agree"] else "   n/a"
        lines.append(f"{row['task']:52} {row['peer']:40} {row['warrant_s']:9.3f} {row['peer_s']:8.3f} {shown}  "
                     f"{'yes' if row['agree'] else 'NO ':5}  {row['note']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200, help="threats in the generated case (default 200)")
    parser.add_argument("--configs", type=int, default=10000, help="configurations per batch (default 10,000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("batch", "structure", "naive"), default=None,
                        help="run one comparison (default: all three)")
    args = parser.parse_args(argv)
    rows = []
    if args.only in (None, "batch"):
        with tempfile.TemporaryDirectory() as folder:
            rows += compare_batches(args.configs, args.repeat, Path(folder))
    if args.only in (None, "structure"):
        rows += compare_structure(args.size, args.repeat)
    if args.only in (None, "naive"):
        rows += compare_naive(args.size, args.repeat)
    print(table(rows))
    if not all(row["agree"] for row in rows):
        print("verdicts disagree: the timings of those rows do not count", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
