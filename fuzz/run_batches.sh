#!/usr/bin/env bash
# Long atheris runs in batches: BATCHES processes of RUNS inputs each, sharing one corpus directory,
# so what one batch learnt (the inputs that reached new code) seeds the next. Batches because the
# process grows by some 16 MB per input while libFuzzer's instrumentation is active (native memory
# held after each check; the same checks without atheris stay flat), so one endless process would
# hit its memory limit; see fuzz/README.md.
#   fuzz/run_batches.sh [BATCHES] [RUNS] [CORPUS]
set -euo pipefail
cd "$(dirname "$0")/.."
batches=${1:-10}
runs=${2:-60}
corpus=${3:-fuzz/corpus}
mkdir -p "$corpus" fuzz/crashes
python=${PYTHON:-python3}
for ((i = 1; i <= batches; i++)); do
  # A slow input (libFuzzer's slow-unit-*, over -report_slow_units seconds) is kept for a look, not a failure:
  # the time limit that fails a run is fuzzlib's, asserted inside the target.
  "$python" fuzz/fuzz_check.py "$corpus" -runs="$runs" -timeout=120 -rss_limit_mb=3072 -report_slow_units=30 \
    -artifact_prefix=fuzz/crashes/ -print_final_stats=1 2>&1 | grep -E "^(stat::number_of_executed_units|==|.*ERROR)" || true
  if compgen -G "fuzz/crashes/crash-*" >/dev/null || compgen -G "fuzz/crashes/oom-*" >/dev/null \
    || compgen -G "fuzz/crashes/timeout-*" >/dev/null; then
    echo "batch $i: a crash was saved in fuzz/crashes/" >&2
    exit 1
  fi
done
