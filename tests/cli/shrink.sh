#!/usr/bin/env bash
# Golden CLI tests of `syncsim shrink`: a failing run's trace shrinks to a 1-minimal
# trace that keeps the signature and replays strictly; one JSON object; --verify; exit 2 on bad
# input (including a trace that violates nothing), with a one-line error.
# usage: shrink.sh <syncsim> <source-dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$T"

# A failing run of the Stashpad scenario (timed, 20 inserts) ...
expect_rc 1 "$S" run --scenario "$SRC/corpus/scenarios/stashpad.scn" --out "$T/f"
TRACE=$(ls "$T"/f/*.trace)
# ... shrinks to the two steps that matter, 1-minimal, same signature, same discipline.
expect_rc 0 "$S" shrink "$TRACE" -o "$T/min.trace" --verify --json
one_json '.command == "shrink" and .version and .signature == "reachability-orphan" and .steps_after == 2 and .steps_before > 20 and .verify.one_minimal == true and (.verify.without_step|length) == 2 and (.replay_command|endswith("replay '"$T"'/min.trace"))'
grep -q "^1-minimal: yes" "$T/err" || fail "--verify does not say 1-minimal"
grep -q "^replay with: .*syncsim replay $T/min.trace\$" "$T/err" || fail "no replay command"
grep -q "^discipline timed" "$T/min.trace" || fail "the shrunk trace left the timed discipline"
[ "$(grep -c '^step ' "$T/min.trace")" -eq 2 ] || fail "the shrunk trace does not have 2 steps"
expect_rc 1 "$S" replay "$T/min.trace" --strict --json
one_json '.violated == true and (.violations|map(.property + "-" + .kind)|index("reachability-orphan")) != null and (.skipped|length) == 0'

# Each single-step deletion makes the signature disappear (replay --json of each variant).
for n in 1 2; do
  awk -v n="$n" '/^step /{k++; if (k==n) next} /^settle /{next} {print}' "$T/min.trace" >"$T/without$n.trace"
  "$S" replay "$T/without$n.trace" --json >"$T/out" 2>/dev/null
  jq -e '(.violations|map(.property + "-" + .kind)|index("reachability-orphan")) == null' "$T/out" >/dev/null ||
    fail "deleting step $n keeps the signature"
done

# Shrinking is deterministic.
expect_rc 0 "$S" shrink "$TRACE" -o "$T/min2.trace"
cmp -s "$T/min.trace" "$T/min2.trace" || fail "two shrinks of one trace differ"

# --signature keeps that signature.
expect_rc 0 "$S" shrink "$TRACE" -o "$T/mis.trace" --signature intent-misplaced --json
one_json '.signature == "intent-misplaced" and .steps_after >= 1'

# Bad input: exit 2, one line.
expect_rc 2 "$S" shrink "$T/missing.trace" -o "$T/x.trace"
one_line_error
expect_rc 2 "$S" shrink "$SRC/corpus/scenarios/stashpad-mini.scn" -o "$T/x.trace"
one_line_error
expect_rc 2 "$S" shrink "$TRACE" -o "$T/x.trace" --signature acyclic-cycle
one_line_error
expect_rc 0 "$S" replay "$TRACE" --profile fix-merge-reinsert --quiet
sed -e 's/^profile realm-h1/profile realm-dev-mode/' "$TRACE" >"$T/clean.trace"
expect_rc 2 "$S" shrink "$T/clean.trace" -o "$T/x.trace"
one_line_error
grep -q "does not violate anything" "$T/err" || fail "no 'does not violate anything' message"
expect_rc 2 "$S" shrink "$TRACE"
one_line_error
echo "shrink CLI tests passed"
