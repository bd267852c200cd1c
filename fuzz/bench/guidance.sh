#!/usr/bin/env bash
# Benchmark (figures in fuzz/BENCH_NOTES.md "Library internals"): how well coverage guides
# fuzz_interleaving, apart from how fast it runs. For each target (profile, signature) it
# fuzzes that profile alone from an empty corpus, every other known signature of the profile
# accepted (SYNCSIM_FUZZ_KNOWN), until the target signature aborts the run or 60 s pass, and
# prints executions and wall milliseconds to the finding for libFuzzer seeds 1..SEEDS.
# Executions to the finding compare two builds' guidance even on a noisy VM; a run that ends
# on another, unknown signature is marked `(other:SIGNATURE)`, one that finds nothing `(none)`.
# usage: fuzz/bench/guidance.sh BUILD_DIR [CPU] [SEEDS]   (e.g. build/fuzz 1 5)
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=$1 CPU=${2:-1} SEEDS=${3:-5}
W=${SYNCSIM_BENCH_DIR:-/tmp/syncsim-guidance-bench}-$CPU
TARGETS=${SYNCSIM_BENCH_TARGETS:-"fix-drain-then-snapshot:reachability-orphan
discard:reachability-orphan manual-updates-log:reachability-orphan
recover:liveness-reset-failed recover-or-discard:intent-misplaced
recover-or-discard:acyclic-cycle"}
for t in $TARGETS; do
  p=${t%%:*} sig=${t#*:}
  known=$(awk -v p="$p" -v s="$sig" '$1 == p && $2 != s { printf "%s%s:%s", (n++ ? "," : ""), $1, $2 }' \
    "$ROOT/corpus/known-findings")
  list=""
  for seed in $(seq 1 "$SEEDS"); do
    rm -rf "$W" && mkdir -p "$W/corpus" "$W/artifacts"
    start=$(date +%s%N)
    env SYNCSIM_FUZZ_PROFILES="$p" SYNCSIM_FUZZ_KNOWN="$known" SYNCSIM_FINDINGS="$W/findings" \
      taskset -c "$CPU" "$ROOT/$B/fuzz/fuzz_interleaving" -seed="$seed" -max_total_time=60 \
      -print_final_stats=1 -artifact_prefix="$W/artifacts/" "$W/corpus" > "$W/log" 2>&1
    end=$(date +%s%N)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$W/log")
    token=$(grep -o 'DEDUP_TOKEN: [a-z-]*' "$W/log" | head -1 | cut -d' ' -f2)
    if [ -z "$token" ]; then execs="$execs(none)"; elif [ "$token" != "$sig" ]; then execs="$execs(other:$token)"; fi
    list="$list $execs/$(( (end - start) / 1000000 ))ms"
  done
  echo "$B $t:$list"
done
