#!/usr/bin/env bash
# Golden CLI tests of `syncsim run --coverage CATALOG` (docs/coverage.md): the loss classes of
# an exhaustive catalogue that a set of runs hit and miss, and refused catalogues.
# usage: coverage.sh <syncsim> <source-dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SRC"
MINI=corpus/scenarios/stashpad-mini.scn

# realm-h1 on stashpad-mini: one pattern deciding n1.1, n1.2 and n1.3 (docs/CATALOG.md), so
# three classes, and no loss left undecided.
expect_rc 0 "$S" catalog --scenario "$MINI" --profile realm-h1 --json
cp "$T/out" "$T/h1.json"
jq -e '.profiles[0].undecided == 0 and ([.profiles[0].patterns[].instances[]] | length) == 3' "$T/h1.json" >/dev/null ||
  fail "realm-h1's catalogue is not one pattern over three notes"

# Untimed runs are executions of the catalogue's own state graph (same knobs, every ordering
# possible), so every losing run hits a class (none is unclassified), and each class holds in
# about half of all orderings (555,961 to 779,580 of 1,106,132): 200 runs hit all three.
expect_rc 1 "$S" run --scenario "$MINI" --profile realm-h1 --discipline untimed --runs 200 --coverage "$T/h1.json" --json
one_json '.coverage.classes == 3 and .coverage.hit == 3 and .coverage.missed == [] and .coverage.unclassified_runs == 0'
one_json '([.coverage.per_class[].note] | sort) == ["n1.1", "n1.2", "n1.3"] and ([.coverage.per_class[].pattern] | unique) == [1]'
# A run losing a note hits that note's class; every violating run loses some note this way.
one_json '([.coverage.per_class[].runs] | max) <= .violating_runs and ([.coverage.per_class[].runs] | add) >= .violating_runs'
one_json '.coverage.runs_to_last == ([.coverage.per_class[].first_run] | max)'
grep -q '^coverage: 3 of 3 loss class(es) hit, the last by run ' "$T/err" || fail "no coverage summary on stderr"
grep -q '^  hit: pattern 1, n = n1.2 in [0-9]* run(s), first by run ' "$T/err" || fail "no per-class line"
# The same runs, the same report, whatever the number of workers (minima and sums).
jq -c .coverage "$T/out" >"$T/one"
expect_rc 1 "$S" run --scenario "$MINI" --profile realm-h1 --discipline untimed --runs 200 --jobs 2 --coverage "$T/h1.json" --json
jq -c .coverage "$T/out" | diff - "$T/one" >/dev/null || fail "--jobs 2 changed the coverage report"

# Timed, with fast links (latency <= 100 ms, r2m delay <= 50 ms) and the file's exact times:
# n1.1 and n1.2 are inserted at 1000 and 2000 ms and are in Atlas by 1150 and 2150 ms, before
# the deploy at 2500 ms, so the fact "the deploy came before r2m wrote n" never holds for them:
# their classes are reachable untimed, never timed. n1.3 is inserted at 3000 ms, after the
# deploy, and the re-insert reaches c1 after it unless the drawn re-insert delay (0-240 s) is
# under 500 ms: its class is hit in nearly every run.
FAST=(--knob latency_min_ms=1 --knob latency_max_ms=100 --knob r2m_delay_min_ms=1 --knob r2m_delay_max_ms=50)
expect_rc 0 "$S" catalog --scenario "$MINI" --profile realm-h1 "${FAST[@]}" --json
cp "$T/out" "$T/fast.json"
expect_rc 1 "$S" run --scenario "$MINI" --profile realm-h1 --discipline timed --runs 300 "${FAST[@]}" --coverage "$T/fast.json" --json
one_json '.coverage.classes == 3 and .coverage.hit == 1 and ([.coverage.missed[].note] | sort) == ["n1.1", "n1.2"]'
one_json '[.coverage.per_class[] | select(.note != "n1.3") | .runs] == [0, 0] and .coverage.runs_to_last == null'
one_json '[.coverage.per_class[] | select(.note == "n1.3") | .runs][0] > 250'
grep -q '^  missed: pattern 1, n = n1.1 (' "$T/err" || fail "the missed class is not reported"
# ... while untimed runs under the same knobs reach it.
expect_rc 1 "$S" run --scenario "$MINI" --profile realm-h1 --discipline untimed --runs 200 "${FAST[@]}" --coverage "$T/fast.json" --json
one_json '.coverage.hit == 3'

# A correct profile's catalogue has no class: nothing to hit, nothing missed.
expect_rc 0 "$S" catalog --scenario "$MINI" --profile fix-merge-reinsert --json
cp "$T/out" "$T/merge.json"
expect_rc 0 "$S" run --scenario "$MINI" --profile fix-merge-reinsert --runs 20 --coverage "$T/merge.json" --json
one_json '.coverage.classes == 0 and .coverage.hit == 0 and .coverage.missed == [] and .coverage.unclassified_runs == 0'

# Refused catalogues: exit 2, one line naming the file.
printf '{"command": "catalog",\n "profiles": [x]}\n' >"$T/bad.json"
expect_rc 2 "$S" run --scenario "$MINI" --profile realm-h1 --coverage "$T/bad.json"
one_line_error
grep -q "$T/bad.json:2: malformed JSON" "$T/err" || fail "malformed JSON: $(cat "$T/err")"
expect_rc 2 "$S" run --scenario "$MINI" --profile realm-h1 --coverage "$T/missing.json"
one_line_error
grep -q "$T/missing.json: cannot read" "$T/err" || fail "missing file: $(cat "$T/err")"
expect_rc 2 "$S" run --scenario corpus/scenarios/stashpad.scn --profile realm-h1 --coverage "$T/h1.json"
one_line_error
grep -q "$T/h1.json: catalogue of another scenario ($MINI)" "$T/err" || fail "wrong scenario: $(cat "$T/err")"
expect_rc 2 "$S" run --scenario "$MINI" --profile realm-h2 --coverage "$T/h1.json"
one_line_error
grep -q "$T/h1.json: catalogue of profile(s) realm-h1, not of this run's profile realm-h2" "$T/err" || fail "wrong profile: $(cat "$T/err")"
expect_rc 2 "$S" run --scenario "$MINI" --profile realm-h1 --coverage "$T/fast.json"
one_line_error
grep -q "other --knob flags" "$T/err" || fail "other knobs: $(cat "$T/err")"
expect_rc 1 "$S" run --scenario "$MINI" --profile realm-h1 --json
cp "$T/out" "$T/run.json"
expect_rc 2 "$S" run --scenario "$MINI" --profile realm-h1 --coverage "$T/run.json"
one_line_error
grep -q "not a \`syncsim catalog --json\` output" "$T/err" || fail "not a catalogue: $(cat "$T/err")"
jq -c '.profiles[0].patterns[0].instances[0].facts = ["no bar"]' "$T/h1.json" >"$T/nobar.json"
expect_rc 2 "$S" run --scenario "$MINI" --profile realm-h1 --coverage "$T/nobar.json"
one_line_error
grep -q "pattern 1: fact 'no bar' is not \"A|B\"" "$T/err" || fail "bad fact: $(cat "$T/err")"
echo ok
