#!/usr/bin/env bash
# Golden CLI tests: exit codes, one-line errors, exactly one JSON object, replay round trip.
# usage: cli_basics.sh <syncsim> <source-dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

expect_rc 0 "$S" --help
grep -q "run" "$T/out" || fail "--help does not list run"
expect_rc 0 "$S" run --help

expect_rc 2 "$S" run --bogus-flag
one_line_error
expect_rc 2 "$S" run --runs 0
one_line_error
expect_rc 2 "$S" run --profile no-such-profile
one_line_error
expect_rc 2 "$S" run --knob nope=1
one_line_error
expect_rc 2 "$S" lint "$T/missing.scn"
one_line_error

printf 'syncsim-trace 1\nseed 1\nfrobnicate 3\n' >"$T/bad.scn"
expect_rc 2 "$S" lint "$T/bad.scn"
one_line_error
grep -q "bad.scn:3:" "$T/err" || fail "lint error lacks file:line"

expect_rc 0 "$S" lint "$SRC/corpus/scenarios/stashpad.scn"

# A device writing into another user's tree (spec §2: it syncs only its user's notes) is an
# input error with the workload line, like a syntax error.
cp "$SRC/corpus/scenarios/two-users.scn" "$T/cross.scn"
printf 'workload at 10ms c3 insert n3.99 under a.1\n' >>"$T/cross.scn"
line=$(wc -l <"$T/cross.scn")
expect_rc 2 "$S" run --scenario "$T/cross.scn" --runs 1
one_line_error
grep -q "cross.scn:$line: c3 (user u2) cannot write a.1" "$T/err" || { cat "$T/err" >&2; fail "cross-user write lacks file:line"; }

# run: violation found (exit 1), one JSON object with the required keys.
cd "$T"
expect_rc 1 "$S" run --scenario "$SRC/corpus/scenarios/stashpad.scn" --json --out "$T/findings"
one_json '.version and .seed and .steps and .trace_hash and .violated == true and (.violations|length) > 0 and .replicas.c1.notes == 21 and .replicas.atlas and .runs_per_second'
head -1 "$T/err" | grep -q '^seed=1 ' || fail "seed= is not printed first"
grep -q "replay findings\|replay $T/findings" "$T/err" || fail "no replay command printed"
hash=$(jq -r .trace_hash "$T/out")
trace=$(jq -r .trace "$T/out")
[ -f "$trace" ] || fail "trace $trace not written"

# The built-in scenario is the corpus file.
expect_rc 1 "$S" run --json --out "$T/findings2"
[ "$(jq -r .trace_hash "$T/out")" = "$hash" ] || fail "built-in scenario differs from corpus/scenarios/stashpad.scn"

# replay reproduces the run: same trace hash, same violation.
expect_rc 1 "$S" replay "$trace" --json
one_json '.violated == true and (.skipped|length) == 0'
[ "$(jq -r .trace_hash "$T/out")" = "$hash" ] || fail "replay trace hash differs"
expect_rc 0 "$S" replay "$trace" --profile fix-merge-reinsert --json
one_json '.violated == false'

# --strict: a step that is not enabled is an error (exit 2); without it, skipped and reported.
# The last chosen step is replaced by one that is never enabled; settle still completes the run.
last=$(grep -c '^step ' "$trace")
sed "s/^step $last t=\([0-9]*\) .*/step $last t=\1 c1 insert n1.99 under root/" "$trace" >"$T/skip.trace"
expect_rc 1 "$S" replay "$T/skip.trace" --json
one_json '(.skipped|length) == 1'
expect_rc 2 "$S" replay "$T/skip.trace" --strict
one_line_error

# Fixes run clean over many seeds (exit 0).
expect_rc 0 "$S" run --profile fix-merge-reinsert --runs 500 --json
one_json '.violated == false and .runs == 500'
expect_rc 0 "$S" profiles --json
one_json '(.profiles|length) >= 6'
expect_rc 0 "$S" knobs --json
one_json '(.knobs|length) > 10'
# --print-tree shows a cycle reachable from the root once, marked, instead of going round it
# (the trees are part of the story on stderr).
expect_rc 1 "$S" replay "$SRC/corpus/findings/recover/acyclic-cycle/1b9b17d46246e2da20705f03ef780c37ad44dd1a.trace" --print-tree
grep -q '^        a.3 (cycle)$' "$T/err" || fail "--print-tree does not mark the cycle"
[ "$(wc -l <"$T/err")" -lt 60 ] || fail "--print-tree goes round the cycle"
# A user's move on a replica whose tree holds a cycle ends (the app's descendant check used to
# recurse forever: a crash, exit 139, not 1).
expect_rc 1 "$S" replay "$SRC/tests/cli/data/move-in-cycle.trace" --json
one_json '[.violations[] | .property + "-" + .kind] | index("acyclic-cycle") != null'
# An initial-tree note a user deleted is exempt from durability, like a deleted insert.
expect_rc 0 "$S" replay "$SRC/tests/cli/data/durability-user-deleted-tree-note.trace" --json
one_json '.violated == false'
echo "cli_basics: ok"
