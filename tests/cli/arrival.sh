#!/usr/bin/env bash
# Workload timing as a distribution (docs/trace-format.md "Arrival processes and windows"):
# bad windows and arrival clauses are one-line `file:line` errors with exit 2; a run of the
# sustained scenario writes a trace with its drawn timing, which replays exactly.
# usage: arrival.sh <syncsim> <source-dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

head='syncsim-trace 1\ndevice c1 user u1\n'
bad() {  # bad LINE EXPECTED-MESSAGE: the line is line 3 of the file
  printf "$head%s\n" "$1" >"$T/bad.scn"
  expect_rc 2 "$S" lint "$T/bad.scn"
  one_line_error
  grep -qF "bad.scn:3: $2" "$T/err" || { cat "$T/err" >&2; fail "'$1': expected '$2'"; }
}
bad 'workload at 9..3ms admin deploy additive tags:array<string>' "empty window '9..3ms'"
bad 'workload every 1000ms from 0ms x5 arrival jitter -5% c1 insert n1.* under root' "jitter % '-5' out of range"
bad 'workload every 1000ms from 0ms x5 arrival jitter 120% c1 insert n1.* under root' "jitter % '120' out of range"
bad 'workload every 1000ms from 0ms x5 arrival gamma c1 insert n1.* under root' "unknown arrival process 'gamma'"
bad 'workload at 1..99999999999999999999ms c1 offline' "workload time '99999999999999999999' out of range"

expect_rc 0 "$S" lint "$SRC/corpus/scenarios/stashpad-sustained.scn"

# fix-drain-then-snapshot loses a note in timed runs of the sustained scenario, and the trace
# written records the drawn timing (no window, no `arrival swarm` left) and replays.
expect_rc 1 "$S" run --scenario "$SRC/corpus/scenarios/stashpad-sustained.scn" \
  --profile fix-drain-then-snapshot --runs 100 --json --out "$T/f"
one_json '.signatures["reachability-orphan"] > 0'
trace=$(jq -r .trace "$T/out")
! grep -q 'arrival swarm\|\.\.[0-9]*ms' "$trace" || fail "the trace keeps undrawn timing"
grep -q '^workload at [0-9]*ms admin deploy' "$trace" || fail "the deploy's drawn time is not recorded"
expect_rc 1 "$S" replay "$trace" --strict
echo "ok"
