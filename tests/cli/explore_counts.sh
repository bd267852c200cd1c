#!/usr/bin/env bash
# Exact execution counts in `syncsim explore`: past 2^53 a JSON count is a string of decimal
# digits, past 2^64 it is still exact (never saturated). Two devices that go offline and
# then insert 35 notes each are two independent chains of 36 steps: 72!/(36!)^2 orderings,
# computed here with Python's integers, independently of the simulator.
# usage: explore_counts.sh <syncsim> <source-dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$T"

{
  printf 'syncsim-trace 1\ndiscipline untimed\nprofile realm-h1\nknob disconnects 0\nknob partitions 0\n'
  for d in 1 2; do echo "device c$d user u1"; done
  for d in 1 2; do
    echo "workload at 0ms c$d offline"
    echo "workload every 1000ms from 1000ms x35 c$d insert n$d.* under root"
  done
} >chains.scn
want=$(python3 -c 'from math import comb; print(comb(72, 36))')
expect_rc 0 "$S" explore --scenario chains.scn --no-por --json --out "$T/findings"
one_json ".executions == \"$want\" and .executions_exact == true and .failing == 0"
grep -q "complete execution(s), longest" "$T/err" || fail "no summary line"
grep -qF " $want complete execution(s)" "$T/err" || { cat "$T/err" >&2; fail "the text summary does not print the exact count"; }

# Below 2^53 counts stay JSON numbers: chains of 4 steps, 8!/(4!)^2 = 70.
sed 's/ x35 / x3 /' chains.scn >small.scn
expect_rc 0 "$S" explore --scenario small.scn --no-por --json --out "$T/findings"
one_json '.executions == 70'

# The 20-insert Stashpad scenario (untimed): the failing count is no longer a saturated
# 2^64-1, and it is consistent: failing <= executions = the sum over outcomes' signatures.
expect_rc 1 "$S" explore --scenario "$SRC/corpus/scenarios/stashpad.scn" --json --out "$T/findings"
python3 - "$T/out" <<'EOF' || fail "stashpad counts are inconsistent: $(cat "$T/out")"
import json, sys
j = json.load(open(sys.argv[1]))
count = lambda v: int(v) if isinstance(v, str) else v
execs, failing = count(j["executions"]), count(j["failing"])
assert failing != 2**64 - 1 and execs != 2**64 - 1, "saturated"
for key in ("executions", "failing"):  # strings exactly above 2^53
    assert isinstance(j[key], str) == (count(j[key]) > 2**53), key
assert 0 < failing <= execs, (failing, execs)
sig_sum = sum(count(s["executions"]) for s in j["signatures"].values())
assert sig_sum == failing, (sig_sum, failing)  # signatures list the failing outcomes
print("stashpad: executions", execs, "failing", failing)
EOF
echo "explore_counts: ok"
