#!/usr/bin/env bash
# Figures of the extended decoder (fuzz/BENCH_NOTES.md "Extended inputs"). One core (taskset -c 1).
# Needs build/fuzz (cmake --preset fuzz), build/fuzz-plain (same, -DSYNCSIM_FUZZ_SANITIZERS=)
# and, for "before", build/fuzz-plain/fuzz_interleaving_before (the same libraries linked with
# the decoder of cb907b1; see BENCH_NOTES.md).
# usage: fuzz/bench/decoder.sh [runs] [scratch-dir]
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${1:-5}
W=${2:-/tmp/syncsim-decoder-bench}
# Every non-correct profile's usual signatures are "known", so that a 30 s run is not ended
# by the first finding.
K=""
for p in $("$ROOT/build/fuzz/fuzz/fuzz_interleaving" --syncsim-profiles | awk '$2 != "correct" { print $1 }'); do
  for s in reachability-orphan reachability-dangling intent-lost-note intent-misplaced durability-lost-ack \
           convergence-diverged acyclic-cycle migration-missing-schema liveness-not-settled; do
    K="$K${K:+,}$p:$s"
  done
done
OLD=$W/old-seeds
mkdir -p "$OLD" && cp $(ls -d "$ROOT"/corpus/fuzz/fuzz_interleaving/* | grep -v /ext-) "$OLD"/
execs() {  # label binary seeds
  local label=$1 bin=$2 seeds=$3
  rm -rf $W/c $W/a && mkdir -p $W/c $W/a
  /usr/bin/time -f "%U %S %e" -o $W/time env SYNCSIM_FUZZ_KNOWN=$K SYNCSIM_FINDINGS=$W/f \
    taskset -c 1 $bin -seed=1 -max_total_time=30 -print_final_stats=1 -artifact_prefix=$W/a/ \
    $W/c $seeds > $W/log 2>&1
  local n user sys wall
  n=$(sed -n 's/^stat::number_of_executed_units: *//p' $W/log)
  read -r user sys wall < $W/time
  echo "$label: execs=$n wall=${wall}s execs/wall-s=$(awk -v n=$n -v w=$wall 'BEGIN{printf "%d", n/w}') execs/cpu-s=$(awk -v n=$n -v u=$user -v s=$sys 'BEGIN{printf "%d", n/(u+s)}') $(grep -o 'DEDUP_TOKEN: .*' $W/log | head -1)"
}
first() {  # label profile signature known seeds...
  local label=$1 prof=$2 sig=$3 known=$4 i s e ms list=""
  shift 4
  for i in $(seq 1 "$RUNS"); do
    rm -rf $W/c $W/a $W/f && mkdir -p $W/c $W/a
    s=$(date +%s%N)
    env SYNCSIM_FUZZ_PROFILES=$prof SYNCSIM_FUZZ_KNOWN=$known SYNCSIM_FINDINGS=$W/f taskset -c 1 timeout 60 \
      $ROOT/build/fuzz/fuzz/fuzz_interleaving -seed=$i -dict=$ROOT/fuzz/fuzz_interleaving.dict \
      -artifact_prefix=$W/a/ $W/c "$@" > $W/log 2>&1
    e=$(date +%s%N)
    ms=$(( (e - s) / 1000000 ))
    grep -qE "DEDUP_TOKEN: ($sig)\$" $W/log || ms="$ms(none)"
    grep -q "DEDUP_TOKEN: reachability-orphan" $W/log && ms="${ms}o"  # o: found as an orphan
    list="$list $ms"
  done
  echo "$label: ms =$list; median=$(echo $list | tr ' ' '\n' | sed 's/[(o].*//' | sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')"
}
uptime
if [ -x "$ROOT/build/fuzz-plain/fuzz_interleaving_before" ]; then
  execs "plain, before (cb907b1 decoder), old seeds" "$ROOT/build/fuzz-plain/fuzz_interleaving_before" "$OLD"
fi
execs "plain, after, old seeds" "$ROOT/build/fuzz-plain/fuzz/fuzz_interleaving" "$OLD"
execs "plain, after, seeds with extended inputs" "$ROOT/build/fuzz-plain/fuzz/fuzz_interleaving" "$ROOT/corpus/fuzz/fuzz_interleaving"
S=$ROOT/corpus/fuzz/fuzz_interleaving
first "discard intent-lost-note, seed corpus" discard intent-lost-note discard:durability-lost-ack "$S"
first "discard intent-lost-note, seeds without ext-*" discard intent-lost-note discard:durability-lost-ack "$OLD"
first "discard intent-lost-note, empty corpus" discard intent-lost-note discard:durability-lost-ack
# The old-peer loss shows as intent-lost-note (the peer's note gone from the reset client) or,
# when the reset pruned the note's parent and the peer's insert arrives later, as an orphan.
V="intent-lost-note|reachability-orphan"
first "verdant-prune old-peer loss, seed corpus" verdant-prune "$V" "" "$S"
first "verdant-prune old-peer loss, seeds without ext-*" verdant-prune "$V" "" "$OLD"
first "verdant-prune old-peer loss, empty corpus" verdant-prune "$V" ""
uptime
