#!/usr/bin/env bash
# Benchmark (figures in fuzz/BENCH_NOTES.md "execution arena"): instructions per
# fuzz_interleaving execution, counted by callgrind over the first 2,000 of fixed.sh's inputs
# (correct profiles) through the g++ replay main. Unlike CPU time on the shared VM, which
# drifts 1.5-2x within minutes, the count is the same on every run: use it to compare two
# builds of a change to the model or the simulator to a tenth of a percent. It counts the
# uninstrumented code's work; under ASan each memory access costs extra, so a change that
# saves instructions saves about as much or more there.
# With SYNCSIM_INSTR_INPUTS=DIR it runs DIR's inputs instead (e.g. a libFuzzer corpus, whose
# longer inputs cost more) under every profile, the known findings accepted.
# usage: fuzz/bench/instr.sh BUILD_DIR...   (e.g. build/default; needs valgrind)
set -eu
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
W=${SYNCSIM_BENCH_DIR:-/tmp/syncsim-fixed-bench}
IN=${SYNCSIM_INSTR_INPUTS:-}
if [ -n "$IN" ]; then
  what="$(ls "$IN" | wc -l) inputs of $IN, all profiles"
  env=(SYNCSIM_FUZZ_PROFILES=all "SYNCSIM_FUZZ_KNOWN=$("$ROOT/tools/known-spec")"
       "SYNCSIM_FINDINGS=$W/instr-findings")
else
  if [ ! -f "$W/inputs/19999" ]; then
    "$ROOT/fuzz/bench/fixed.sh" >/dev/null  # writes the inputs (no build given: runs nothing)
  fi
  mkdir -p "$W/first2000"
  if [ ! -f "$W/first2000/01999" ]; then
    ls "$W/inputs" | head -2000 | while read -r f; do cp "$W/inputs/$f" "$W/first2000/"; done
  fi
  IN=$W/first2000 what="2,000 fixed inputs, correct profiles"
  env=(SYNCSIM_FUZZ_PROFILES=correct)  # nothing else: getenv's work is counted too
fi
count=$(ls "$IN" | wc -l)
for b in "$@"; do
  env "${env[@]}" valgrind --tool=callgrind \
    --callgrind-out-file="$W/callgrind.out" "$ROOT/$b/fuzz/fuzz_interleaving_replay" "$IN" \
    > /dev/null 2> "$W/callgrind.log"
  n=$(callgrind_annotate --inclusive=yes "$W/callgrind.out" 2>/dev/null |
    awk '/LLVMFuzzerTestOneInput/ { gsub(",", "", $1); print $1; exit }')
  echo "$b: $((n / count)) instructions per execution ($what; callgrind: $W/callgrind.out)"
done
