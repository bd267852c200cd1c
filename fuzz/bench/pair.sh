#!/usr/bin/env bash
# Benchmark (figures in fuzz/BENCH_NOTES.md): two fuzz_interleaving binaries at once, one per
# core, then swapped, so that both see the same minutes of this VM (whose speed drifts 1.5-2x
# within minutes: sequential runs of two builds compare the VM, not the builds). Prints execs
# per CPU-second of each binary in each round.
#   fixed: fixed.sh's 20,000 inputs, -runs=0, correct profiles (the same work for both)
#   runs:  runs.sh's fuzzing from an empty corpus, all profiles, known findings accepted,
#          RUNS executions (libFuzzer's own inputs; they follow each build's coverage)
#   sustained: fuzzing as a nightly does, for RUNS seconds (default 60): the seed corpus, the
#          dictionary, all profiles; after its first seconds libFuzzer's inputs are long and
#          an execution costs 2-3x a fixed one. Prints libFuzzer's final exec/s (wall clock).
#          SYNCSIM_PAIR_SEEDS=DIR starts from DIR instead of the seeds (e.g. the corpus of an
#          earlier run, as a nightly resumes from its corpus: slower still, longer inputs).
# The first round after a previous call often runs slow for both binaries (seen every time in
# fixed mode on 2026-12-02; likely ext4 charging file creation in the just-emptied corpus
# directories): compare within a round, and repeat the call rather than trust one round.
# usage: fuzz/bench/pair.sh BINARY_A BINARY_B [fixed|runs [RUNS]|sustained [SECONDS]]   (2 cores)
set -eu
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
A=$(realpath "$1") B=$(realpath "$2") MODE=${3:-fixed}
R=${4:-$([ "$MODE" = sustained ] && echo 60 || echo 60000)}
W=${SYNCSIM_BENCH_DIR:-/tmp/syncsim-fixed-bench}
if [ "$MODE" = fixed ] && [ ! -f "$W/inputs/19999" ]; then "$ROOT/fuzz/bench/fixed.sh" >/dev/null; fi
known=$("$ROOT/tools/known-spec")
seeds=${SYNCSIM_PAIR_SEEDS:-$ROOT/corpus/fuzz/fuzz_interleaving}
one() {  # binary core tag -> "tag: N execs/CPU-s" (sustained: "tag: N execs/s")
  local d="$W/pair-$3"
  rm -rf "$d" && mkdir -p "$d/corpus"
  if [ "$MODE" = fixed ]; then
    set -- "$1" "$2" "$3" -runs=0 -seed=1 "$d/corpus" "$W/inputs"; local n=20000 p=correct
  elif [ "$MODE" = runs ]; then
    set -- "$1" "$2" "$3" -runs="$R" -seed=1 -artifact_prefix="$d/" "$d/corpus"; local n=$R p=all
  else
    set -- "$1" "$2" "$3" -max_total_time="$R" -seed=7 -dict="$ROOT/fuzz/fuzz_interleaving.dict" \
      -artifact_prefix="$d/" "$d/corpus" "$seeds"; local n=0 p=all
  fi
  /usr/bin/time -f "%U %S" -o "$d/time" env SYNCSIM_FUZZ_PROFILES=$p SYNCSIM_FUZZ_KNOWN="$known" \
    SYNCSIM_FINDINGS="$d/findings" taskset -c "$2" "$1" "${@:4}" > "$d/log" 2>&1 ||
    { tail -3 "$d/log" >&2; return 1; }
  read -r user sys < "$d/time"
  if [ "$MODE" = sustained ]; then
    grep DONE "$d/log" |
      sed -E "s/.*exec\/s: ([0-9]+).*/$3: \1 execs\/s (wall clock, after ${R} s)/"
    return
  fi
  awk -v u="$user" -v s="$sys" -v n="$n" -v t="$3" 'BEGIN { printf "%s: %d execs/CPU-s\n", t, n / (u + s) }'
}
for round in 1 2; do
  ca=$((round - 1)) cb=$((2 - round))
  echo "round $round ($MODE): A on core $ca, B on core $cb"
  one "$A" "$ca" A & one "$B" "$cb" B & wait
done
