#!/usr/bin/env bash
# Benchmarks of the fuzz targets (figures in fuzz/BENCH_NOTES.md). One core (taskset -c 1).
# Needs build/fuzz (cmake --preset fuzz) and build/fuzz-plain (same, -DSYNCSIM_FUZZ_SANITIZERS=).
# usage: fuzz/bench/run.sh [scratch-dir]
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
K=realm-h1:reachability-orphan,realm-h2:reachability-orphan,realm-reinsert-latest:reachability-orphan,fix-drain-then-snapshot:reachability-orphan
W=${1:-/tmp/syncsim-fuzz-bench}
execs() {  # build target [asan_options]
  local b=$1 t=$2 ao=${3:-}
  rm -rf $W && mkdir -p $W/c $W/a
  local seeds=$ROOT/corpus/fuzz/$t
  /usr/bin/time -f "%U %S %e" -o $W/time env ASAN_OPTIONS=$ao SYNCSIM_FUZZ_KNOWN=$K SYNCSIM_FINDINGS=$W/f \
    taskset -c 1 $ROOT/build/$b/fuzz/$t -seed=1 -max_total_time=30 -print_final_stats=1 \
    -artifact_prefix=$W/a/ $W/c $seeds > $W/log 2>&1
  local n wall user
  n=$(sed -n 's/^stat::number_of_executed_units: *//p' $W/log)
  read -r user sys wall < $W/time
  echo "$b $t ${ao:-default}: execs=$n wall=${wall}s user=${user}s sys=${sys}s execs/wall-s=$(awk -v n=$n -v w=$wall 'BEGIN{printf "%d", n/w}') execs/cpu-s=$(awk -v n=$n -v u=$user -v s=$sys 'BEGIN{printf "%d", n/(u+s)}') libfuzzer-avg=$(sed -n 's/^stat::average_exec_per_sec: *//p' $W/log)"
}
first() {  # label profiles-env with-seeds
  local label=$1 prof=$2 seeds=$3 i s e ms list=""
  for i in 1 2 3 4 5 6 7 8 9 10; do
    rm -rf $W && mkdir -p $W/c $W/a
    s=$(date +%s%N)
    env ${prof:+SYNCSIM_FUZZ_PROFILES=$prof} SYNCSIM_FINDINGS=$W/f taskset -c 1 timeout 600 \
      $ROOT/build/fuzz/fuzz/fuzz_interleaving -seed=$i -artifact_prefix=$W/a/ $W/c $seeds > $W/log 2>&1
    e=$(date +%s%N)
    ms=$(( (e - s) / 1000000 ))
    grep -q "DEDUP_TOKEN: reachability-orphan" $W/log || ms="$ms(no-orphan)"
    list="$list $ms"
  done
  echo "$label: ms =$list; median=$(echo $list | tr ' ' '\n' | sed 's/(.*//' | sort -n | awk '{a[NR]=$1} END{print (a[5]+a[6])/2}')"
}
uptime
for t in fuzz_interleaving fuzz_trace_parser fuzz_scenario_parser; do
  execs fuzz $t
  execs fuzz-plain $t
done
execs fuzz fuzz_interleaving malloc_context_size=0
first "realm-h1 orphan, empty corpus, all profiles" "" ""
first "realm-h1 orphan, seed corpus, all profiles" "" "$ROOT/corpus/fuzz/fuzz_interleaving"
first "fix-drain-then-snapshot orphan, empty corpus, that profile only" fix-drain-then-snapshot ""
first "fix-drain-then-snapshot orphan, seed corpus, that profile only" fix-drain-then-snapshot "$ROOT/corpus/fuzz/fuzz_interleaving"
uptime
