#!/usr/bin/env bash
# Benchmark (figures in fuzz/BENCH_NOTES.md "Coverage"): libFuzzer executes the same 20,000
# inputs once (-runs=0 over a fixed corpus: reading, executing, collecting features, adding to
# the corpus), one core, correct profiles. Unlike a timed fuzzing run, every build executes
# the same inputs in the same order (-seed=1 fixes libFuzzer's start-up shuffle), so two
# builds compare on CPU time even on a noisy shared VM.
# The inputs: 20,000 byte strings of 4-120 bytes from Python's random.Random(1) (every byte
# string is a valid fuzz_interleaving input), written once into $W/inputs.
# usage: fuzz/bench/fixed.sh BUILD_DIR...   (e.g. build/fuzz; ASAN_OPTIONS passes through)
set -eu
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
W=${SYNCSIM_BENCH_DIR:-/tmp/syncsim-fixed-bench}
if [ ! -f "$W/inputs/19999" ]; then
  mkdir -p "$W/inputs"
  python3 - "$W/inputs" <<'PY'
import random, sys
r = random.Random(1)
for i in range(20000):
    n = r.randint(4, 120)
    open('%s/%05d' % (sys.argv[1], i), 'wb').write(bytes(r.getrandbits(8) for _ in range(n)))
PY
fi
for b in "$@"; do
  rm -rf "$W/corpus" "$W/findings" && mkdir -p "$W/corpus"
  /usr/bin/time -f "%U %S" -o "$W/time" env SYNCSIM_FUZZ_PROFILES=correct SYNCSIM_FINDINGS="$W/findings" \
    taskset -c 1 "$ROOT/$b/fuzz/fuzz_interleaving" -runs=0 -seed=1 "$W/corpus" "$W/inputs" > "$W/log" 2>&1
  read -r user sys < "$W/time"
  echo "$b: 20000 inputs, $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f CPU-s, %d execs/CPU-s", u + s, 20000 / (u + s) }'), $(grep -o 'cov: [0-9]* ft: [0-9]*' "$W/log" | tail -1)"
done
