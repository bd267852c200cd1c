#!/usr/bin/env bash
# Bad numbers are bad input: every numeric flag, --knob value, and number in a scenario or
# trace file that overflows, is negative, has trailing junk, is empty or is out of range
# exits 2 with one line naming it (scenario and trace: `file:line:`), never a clamp. And an
# assertion failing in a run exits 3 with the seed, the step and the command that replays it.
# usage: numbers.sh <syncsim> <source-dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MINI="$SRC/corpus/scenarios/stashpad-mini.scn"
cd "$T"
# Runs a command that must not fail on its input: exit 0 or 1 (no violation / violation).
expect_ok() { "$@" >"$T/out" 2>"$T/err"; local rc=$?; [ "$rc" -le 1 ] || { cat "$T/err" >&2; fail "$* exited $rc"; }; }

# bad_flag <flag> <value> <message fragment> <command...>: exit 2, one line naming the flag.
bad_flag() {
  local flag=$1 value=$2 want=$3; shift 3
  expect_rc 2 "$@" "$flag" "$value"
  one_line_error
  grep -qF -- "$flag" "$T/err" || { cat "$T/err" >&2; fail "$flag $value: the error does not name the flag"; }
  grep -qF -- "$want" "$T/err" || { cat "$T/err" >&2; fail "$flag $value: no '$want' in the error"; }
}

# The values every numeric flag rejects, whatever its range.
BIG=99999999999999999999999  # > 2^64
for cmd in "run --scenario $MINI --seed" "run --scenario $MINI --runs" "run --scenario $MINI --jobs" \
           "explore --scenario $MINI --max-depth" "explore --scenario $MINI --max-states" \
           "catalog --scenario $MINI --max-states" "catalog --scenario $MINI --max-facts" \
           "compare --scenario $MINI --profiles realm-h1 --max-states" \
           "replay $SRC/corpus/traces/realm-h1-reachability-orphan.trace --until"; do
  read -r -a words <<<"$cmd"
  flag=${words[-1]}
  unset 'words[-1]'
  bad_flag "$flag" "$BIG" "out of range" "$S" "${words[@]}"
  bad_flag "$flag" "-1" "bad integer '-1'" "$S" "${words[@]}"
  bad_flag "$flag" "12abc" "bad integer '12abc'" "$S" "${words[@]}"
  bad_flag "$flag" "" "bad integer ''" "$S" "${words[@]}"
  bad_flag "$flag" "0x10" "bad integer '0x10'" "$S" "${words[@]}"
  bad_flag "$flag" "1e3" "bad integer '1e3'" "$S" "${words[@]}"
done

# The edges of each range: just outside is an error, the edge itself is accepted.
bad_flag --seed 18446744073709551616 "out of range [0, 18446744073709551615]" "$S" run --scenario "$MINI"
expect_ok "$S" run --scenario "$MINI" --seed 18446744073709551615 --out "$T/f"
bad_flag --runs 0 "out of range [1, 1099511627776]" "$S" run --scenario "$MINI"
bad_flag --runs 1099511627777 "out of range [1, 1099511627776]" "$S" run --scenario "$MINI"
bad_flag --jobs 0 "out of range [1, 256]" "$S" run --scenario "$MINI"
bad_flag --jobs 257 "out of range [1, 256]" "$S" run --scenario "$MINI"
bad_flag --jobs 4294967297 "out of range [1, 256]" "$S" run --scenario "$MINI"  # 2^32 + 1: no wrap to 1
bad_flag --max-depth 4294967296 "out of range [0, 4294967295]" "$S" explore --scenario "$MINI"
bad_flag --max-states 4294967296 "out of range [0, 4294967295]" "$S" explore --scenario "$MINI"
bad_flag --max-facts 0 "out of range [1, 4]" "$S" catalog --scenario "$MINI"
bad_flag --max-facts 5 "out of range [1, 4]" "$S" catalog --scenario "$MINI"

# --knob values: the knob table's range, true/false for bool knobs only.
bad_flag --knob "reinsert_batch=$BIG" "reinsert_batch '$BIG' out of range [1, 100000]" "$S" run --scenario "$MINI"
bad_flag --knob "reinsert_batch=0" "out of range [1, 100000]" "$S" run --scenario "$MINI"
bad_flag --knob "reinsert_batch=100001" "out of range [1, 100000]" "$S" run --scenario "$MINI"
bad_flag --knob "reinsert_batch=20x" "bad integer '20x'" "$S" run --scenario "$MINI"
bad_flag --knob "reinsert_batch=" "bad integer ''" "$S" run --scenario "$MINI"
bad_flag --knob "reinsert_batch=true" "bad integer 'true'" "$S" run --scenario "$MINI"
bad_flag --knob "latency_min_ms=-1" "out of range [0, 60000]" "$S" run --scenario "$MINI"
bad_flag --knob "recovery_allowed=2" "out of range [0, 1]" "$S" run --scenario "$MINI"
bad_flag --knob "no_such_knob=1" "unknown knob 'no_such_knob'" "$S" run --scenario "$MINI"
bad_flag --knob "reinsert_batch" "expected name=value" "$S" run --scenario "$MINI"
bad_flag --knob "disconnects=-0x1" "bad integer '-0x1'" "$S" explore --scenario "$MINI"
expect_ok "$S" run --scenario "$MINI" --knob recovery_allowed=false --knob reinsert_batch=100000 --profile fix-merge-reinsert

# Numbers in scenario and trace files: file:line: message, exit 2.
# bad_file <file> <line> <message fragment>
bad_file() {
  expect_rc 2 "$S" lint "$1"
  one_line_error
  grep -qF "$1:$2: " "$T/err" || { cat "$T/err" >&2; fail "$1: no '$1:$2:' location"; }
  grep -qF -- "$3" "$T/err" || { cat "$T/err" >&2; fail "$1: no '$3' in the error"; }
}
line_of() { grep -n "$2" "$1" | head -1 | cut -d: -f1; }
sed "s/^knob reinsert_batch .*/knob reinsert_batch $BIG/" "$MINI" >bad-knob.scn
bad_file bad-knob.scn "$(line_of bad-knob.scn '^knob reinsert_batch')" "out of range [1, 100000]"
sed "s/^knob reinsert_batch .*/knob reinsert_batch 20abc/" "$MINI" >junk-knob.scn
bad_file junk-knob.scn "$(line_of junk-knob.scn '^knob reinsert_batch')" "bad integer '20abc'"
sed "s/^knob reinsert_batch .*/knob reinsert_batch -5/" "$MINI" >neg-knob.scn
bad_file neg-knob.scn "$(line_of neg-knob.scn '^knob reinsert_batch')" "out of range [1, 100000]"
{ cat "$MINI"; echo "seed $BIG"; } >big-seed.scn
bad_file big-seed.scn "$(line_of big-seed.scn '^seed')" "seed '$BIG' out of range"
{ cat "$MINI"; echo "seed -3"; } >neg-seed.scn
bad_file neg-seed.scn "$(line_of neg-seed.scn '^seed')" "bad integer '-3'"
sed "s/ x3 / x$BIG /" "$MINI" >big-repeat.scn
bad_file big-repeat.scn "$(line_of big-repeat.scn 'x9999')" "out of range"
TRACE="$SRC/corpus/traces/realm-h1-reachability-orphan.trace"
sed "0,/^step 1 /s//step $BIG /" "$TRACE" >big-step.trace
bad_file big-step.trace "$(line_of big-step.trace "^step $BIG ")" "out of range"
sed -E "0,/^step 2 t=[0-9]+/s//step 2 t=12x/" "$TRACE" >junk-time.trace
bad_file junk-time.trace "$(line_of junk-time.trace '^step 2 t=12x')" "12x"

# An assertion failing in a run (planted by a tests-only flag): exit 3, the assertion, the
# seed, the step with its label, and the exact command that replays it, which fails alike.
expect_rc 3 "$S" run --scenario "$MINI" --seed 7 --out "$T/findings" --plant-assertion-at-step 4
grep -q '^syncsim: internal error: sim/runner.cpp:[0-9]*: assertion failed: .*planted by --plant-assertion-at-step' "$T/err" ||
  { cat "$T/err" >&2; fail "no assertion line"; }
grep -qE '^  seed [0-9]+, step 4: c1 |^  seed [0-9]+, step 4: ' "$T/err" || { cat "$T/err" >&2; fail "no seed and step"; }
step_line=$(grep '^  seed ' "$T/err")
replay=$(sed -n 's/^  replay with: //p' "$T/err")
[ -n "$replay" ] || { cat "$T/err" >&2; fail "no replay command"; }
case "$replay" in "$S replay $T/findings/"*"-assertion-seed"*".trace --plant-assertion-at-step 4") ;;
  *) fail "unexpected replay command: $replay" ;; esac
read -r -a replay_words <<<"$replay"
expect_rc 3 "${replay_words[@]}"
[ "$(grep '^  seed ' "$T/err")" = "$step_line" ] || { cat "$T/err" >&2; fail "the replay fails elsewhere than the run"; }
grep -qF "replay with: $replay" "$T/err" || fail "the replay does not print its own command"
# The trace ends with the failing step: its label is the one reported.
label=${step_line#*: }
[ "$(grep -E '^(step|settle) ' "${replay_words[2]}" | tail -1 | cut -d' ' -f4-)" = "$label" ] ||
  fail "the trace's last step is not the failing one ($label)"
# Without the planted flag the same trace replays normally.
expect_ok "$S" replay "${replay_words[2]}" --quiet
echo "numbers: ok"
