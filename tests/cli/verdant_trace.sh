#!/usr/bin/env bash
# The minimized verdant-prune finding (corpus/traces/verdant-prune-intent-lost-note.trace,
# docs/verdant.md) replays: a violation (exit 1) whose signature is in `--json` under its own
# profile, and nothing (exit 0) under verdant-migrate-up. A gap in a migration chain is a
# one-line `file:line:` error with exit 2 (spec §6: a missing historical schema).
# usage: verdant_trace.sh <syncsim> <source-dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
TRACE="$SRC/corpus/traces/verdant-prune-intent-lost-note.trace"
[ -f "$TRACE" ] || fail "$TRACE missing"

expect_rc 1 "$S" replay "$TRACE" --strict --json
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "stdout is not one JSON line"
jq -e '.violated == true and (.violations|map(.property + "-" + .kind)|index("intent-lost-note")) != null and (.skipped|length) == 0' "$T/out" >/dev/null ||
  { cat "$T/out" >&2; fail "no intent-lost-note in the replay's JSON"; }
jq -e '[.violations[]|select(.property + "-" + .kind == "intent-lost-note" and .replica == "c1")]|length == 1' "$T/out" >/dev/null ||
  { cat "$T/out" >&2; fail "the lost note is not on c1"; }

expect_rc 0 "$S" replay "$TRACE" --profile verdant-migrate-up --json
jq -e '.violated == false' "$T/out" >/dev/null || { cat "$T/out" >&2; fail "migrate-up violates"; }

# A missing historical schema: the chain 1->2, 3->4 has a gap.
sed -e 's/^migration 1->2 \(.*\)$/migration 1->2 \1\nmigration 3->4 add colour:int:required default 1/' "$TRACE" >"$T/gap.trace"
expect_rc 2 "$S" lint "$T/gap.trace"
[ "$(wc -l <"$T/err")" -eq 1 ] || { cat "$T/err" >&2; fail "error is not one line"; }
grep -q "$T/gap.trace:[0-9]*: migration 3->4 but no migration 2->3" "$T/err" || { cat "$T/err" >&2; fail "no file:line: gap error"; }
echo "verdant trace CLI tests passed"
