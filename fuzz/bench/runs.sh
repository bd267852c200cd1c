#!/usr/bin/env bash
# Benchmark (figures in fuzz/BENCH_NOTES.md "Library internals"): libFuzzer fuzzing as it
# really does, mutating, from an empty corpus, for a fixed number of executions
# (-runs=RUNS -seed=1), one core, CPU time. Unlike fixed.sh, the inputs are libFuzzer's own
# (longer, extended ones included), so it measures what a nightly run gets; they depend on the
# build's coverage, so compare builds over several repeats. Every known finding is accepted
# (SYNCSIM_FUZZ_KNOWN from corpus/known-findings), so a buggy profile does not end the run.
# usage: fuzz/bench/runs.sh BUILD_DIR [PROFILES [RUNS]]   (PROFILES as SYNCSIM_FUZZ_PROFILES:
#        default all)
set -eu
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=$1 P=${2:-all} R=${3:-60000}
W=${SYNCSIM_BENCH_DIR:-/tmp/syncsim-runs-bench}
known=$("$ROOT/tools/known-spec")
rm -rf "$W" && mkdir -p "$W/corpus"
/usr/bin/time -f "%U %S" -o "$W/time" env SYNCSIM_FUZZ_PROFILES="$P" SYNCSIM_FUZZ_KNOWN="$known" \
  SYNCSIM_FINDINGS="$W/findings" taskset -c 1 "$ROOT/$B/fuzz/fuzz_interleaving" -runs="$R" -seed=1 \
  -artifact_prefix="$W/" "$W/corpus" > "$W/log" 2>&1 || { tail -5 "$W/log" >&2; exit 1; }
read -r user sys < "$W/time"
echo "$B $P: $R runs, $(awk -v u="$user" -v s="$sys" -v r="$R" 'BEGIN { printf "%.2f CPU-s, %d execs/CPU-s", u + s, r / (u + s) }'), $(grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*' "$W/log" | tail -1)"
