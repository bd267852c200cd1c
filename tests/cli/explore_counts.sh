#!/usr/bin/env bash
# Exact execution counts in `syncsim explore`: below 2^53 a JSON count is a number, past 2^53 a
# string of decimal digits, past 2^64 still exact (never saturated), and the text summary prints
# the same digits. Deep: the 20-insert Stashpad search is large (16 inserts: 332,825 states,
# 10 s of CPU, 400 MB; 20 inserts: more, not timed to the end on the shared VM).
# (Past 2^64 against an independent value: the path count on a hand-built graph,
# tests/sim/explore_count_test.cpp. Two offline chains cannot go that far here: every
# interleaving is its own state, BENCHMARKS.md "Why explore looked slow".)
# usage: explore_counts.sh <syncsim> <source-dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$T"

# Two devices offline, then 3 inserts each: two independent chains of 4 steps, 8!/(4!)^2
# orderings, computed here with Python's integers, independently of the simulator.
{
  printf 'syncsim-trace 1\ndiscipline untimed\nprofile realm-h1\nknob disconnects 0\nknob partitions 0\n'
  for d in 1 2; do echo "device c$d user u1"; done
  for d in 1 2; do
    echo "workload at 0ms c$d offline"
    echo "workload every 1000ms from 1000ms x3 c$d insert n$d.* under root"
  done
} >chains.scn
want=$(python3 -c 'from math import comb; print(comb(8, 4))')
expect_rc 0 "$S" explore --scenario chains.scn --no-por --json --out "$T/findings"
one_json ".executions == $want and .executions_exact == true and .failing == 0"
grep -qF " $want complete execution(s)" "$T/err" || { cat "$T/err" >&2; fail "the text summary does not print the count"; }

# The 20-insert Stashpad scenario (untimed): the failing count is past 2^64 (it was a
# saturated 2^64-1), a JSON string, printed with the same digits in the text, and consistent:
# failing <= executions, failing = the sum over the failing signatures.
expect_rc 1 "$S" explore --scenario "$SRC/corpus/scenarios/stashpad.scn" --json --out "$T/findings"
python3 - "$T/out" "$T/err" <<'PY' || fail "stashpad counts are wrong: $(cat "$T/out")"
import json, sys
j = json.load(open(sys.argv[1]))
err = open(sys.argv[2]).read()
count = lambda v: int(v) if isinstance(v, str) else v
execs, failing = count(j["executions"]), count(j["failing"])
assert failing > 2**64, ("not past 2^64", failing)
for key in ("executions", "failing"):  # strings exactly above 2^53
    assert isinstance(j[key], str) == (count(j[key]) > 2**53), key
assert 0 < failing <= execs, (failing, execs)
sig_sum = sum(count(s["executions"]) for s in j["signatures"].values())
assert sig_sum == failing, (sig_sum, failing)  # signatures list the failing outcomes
assert f"{failing} of {execs} representative execution(s) fail" in err, "text summary"
print("stashpad: states", j["states"], "executions", execs, "failing", failing)
PY
echo "explore_counts: ok"
