#!/usr/bin/env bash
# Golden CLI tests of `syncsim explore`: exit codes, one JSON object with the
# reported figures, the shortest counterexample written as a trace that replays strictly,
# bounds that say they cut the search short, and one-line errors.
# usage: explore.sh <syncsim> <source-dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
MINI="$SRC/corpus/scenarios/stashpad-mini.scn"
cd "$T"

# realm-h1: violations found (exit 1); the figures; the shortest counterexample.
expect_rc 1 "$S" explore --scenario "$MINI" --json --out "$T/findings"
one_json '.version and .command == "explore" and .profile == "realm-h1" and .states > 0 and .transitions >= .states - 1 and .terminal_states > 0 and .executions > 0 and .failing > 0 and .failing <= .executions and .states_per_second > 0 and .cut_short == false and .shortest > 0 and (.shortest_trace|length) == .shortest and .shortest_complete >= .shortest and .signatures["intent-misplaced+reachability-orphan"].executions > 0 and .action_counts.reinsert > 0'
head -1 "$T/err" | grep -q '^seed=' || fail "the resolved configuration is not printed first"
grep -q "replay with: .*replay $T/findings/" "$T/err" || fail "no replay command printed"
trace=$(jq -r .trace "$T/out")
[ -f "$trace" ] || fail "trace $trace not written"
grep -q '^discipline untimed' "$trace" || fail "the counterexample is not an untimed trace"
[ "$(grep -c '^step ' "$trace")" -eq "$(jq -r .shortest "$T/out")" ] || fail "trace steps differ from .shortest"

# The counterexample replays, strictly, to a violation.
expect_rc 1 "$S" replay "$trace" --strict --json
one_json '.violated == true and (.skipped|length) == 0'

# The real fixes: no failing ordering (exit 0), no trace.
for p in fix-merge-reinsert realm-dev-mode; do
  expect_rc 0 "$S" explore --scenario "$MINI" --profile "$p" --json --out "$T/findings"
  one_json '.failing == 0 and .trace == null and .shortest == null and .terminal_states > 0'
done

# The three searches agree on a smaller scenario; state hashing alone counts every execution.
sed 's/ x3 / x1 /' "$MINI" >"$T/mini1.scn"
expect_rc 1 "$S" explore --scenario "$T/mini1.scn" --no-reduction --json --out "$T/findings"
one_json '.reduction == "none" and .executions_exact == true'
plain_exec=$(jq -r .executions "$T/out"); plain_fail=$(jq -r .failing "$T/out"); plain_term=$(jq -r .terminal_states "$T/out")
expect_rc 1 "$S" explore --scenario "$T/mini1.scn" --no-por --json --out "$T/findings"
one_json ".reduction == \"states\" and .executions == $plain_exec and .failing == $plain_fail and .terminal_states < $plain_term"
states_term=$(jq -r .terminal_states "$T/out")
expect_rc 1 "$S" explore --scenario "$T/mini1.scn" --json --out "$T/findings"
one_json ".reduction == \"states+partial-order\" and .executions_exact == false and .terminal_states == $states_term"

# Bounds: the search is cut short and says so.
expect_rc 0 "$S" explore --scenario "$MINI" --max-states 20 --json --out "$T/findings"
one_json '.cut_short == true and .states <= 20 and .cut_message == "search cut short by --max-states=20: results are a lower bound"'
grep -q "search cut short by --max-states=20" "$T/err" || fail "the bound is not reported on stderr"
expect_rc 0 "$S" explore --scenario "$MINI" --max-depth 3 --out "$T/findings"
grep -q "search cut short by --max-depth=3: results are a lower bound" "$T/err" || fail "no --max-depth message"

# Bad input: exit 2, one line.
expect_rc 2 "$S" explore
one_line_error
expect_rc 2 "$S" explore --scenario "$T/missing.scn"
one_line_error
expect_rc 2 "$S" explore --scenario "$MINI" --profile no-such-profile
one_line_error
expect_rc 2 "$S" explore --scenario "$MINI" --max-states many
one_line_error
echo "explore CLI tests passed"
