#!/usr/bin/env bash
# Schemas and schema changes in scenarios (docs/schema-changes.md "Grammar", "Lint"): `lint`
# classifies every change kind as the docs' table does; bad schemas and changes exit 2 with
# file:line; a run refuses what the world does not model, and runs what it does.
# usage: schema_lint.sh <syncsim> <source-dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
D="$SRC/tests/cli/data/schema"

# --- Every row of the table. Expected values transcribed from docs/schema-changes.md ("How
# syncsim maps each row": server side in either mode; client side for an app created after
# 2023-09-13, production and development), not from lint's output:
# kind | server breaking | server allowed_in | server procedure | client breaking |
# client allowed_in | client procedure in development | in production
expected='add-object-type|false|development,production|none|false|development|none|server-schema-first
add-default|false|development,production|none|false|development,production|none|none
add-required-property|false|development,production|update-existing-documents|false|development|none|server-schema-first
add-optional-property|false|development,production|none|false|development|none|server-schema-first
remove-object-type|true||terminate-and-reenable|false|development,production|none|none
remove-property|true||terminate-and-reenable|false|development,production|none|none
rename-object-type|true||terminate-and-reenable|true|development|delete-local-realm-and-resync|terminate-and-reenable
rename-property|true||terminate-reenable-and-update-documents|true|development|delete-local-realm-and-resync|terminate-reenable-and-update-documents
change-property-type|true||terminate-reenable-and-update-documents|true|development|delete-local-realm-and-resync|terminate-reenable-and-update-documents
change-required|true||terminate-reenable-and-update-documents|true|development|delete-local-realm-and-resync|terminate-reenable-and-update-documents'
expect_rc 0 "$S" lint --json "$D/every-kind.scn"
one_json '.ok == true and (.changes | length) == 10'
got=$(jq -r '.changes[] | [.kind, .breaking, (.allowed_in | join(",")), .procedure, .client.breaking,
  (.client.allowed_in | join(",")), .client.procedure.development, .client.procedure.production] | join("|")' "$T/out")
[ "$got" = "$expected" ] || { diff <(echo "$expected") <(echo "$got") >&2; fail "classification differs from the docs' table"; }
# Targets and lines as the file names them; the resync rows re-insert.
jq -e '[.changes[].target] == ["Folder", "Note.owner", "Note.title", "Note.pinned", "Folder",
  "Note.pinned", "Tag", "Note.title", "Note.owner", "Note.text"]' "$T/out" >/dev/null || fail "targets"
jq -e '[.changes[].line] == [8,9,10,11,12,13,14,15,16,17]' "$T/out" >/dev/null || fail "lines"
jq -e '[.changes[] | select(.reinserts_documents) | .kind] == ["add-object-type",
  "add-required-property", "add-optional-property"]' "$T/out" >/dev/null || fail "resync rows"
# Alone, an add-optional-property runs as `deploy additive`; the world models no other kind.
jq -e '[.changes[] | .world] == ["not-modelled", "not-modelled", "not-modelled", "additive",
  "not-modelled", "not-modelled", "not-modelled", "not-modelled", "not-modelled", "not-modelled"]' \
  "$T/out" >/dev/null || fail "world"
# The text form (stderr, README "CLI"): the ok line, then one line per change at its file:line.
expect_rc 0 "$S" lint "$D/every-kind.scn"
[ "$(grep -c "every-kind.scn:[0-9]*: " "$T/err")" -eq 10 ] || { cat "$T/err" >&2; fail "lint text: not one line per change"; }
grep -qF "every-kind.scn:17: change-required Note.text: server breaking, allowed in no mode, procedure terminate-reenable-and-update-documents; client breaking, allowed in development; world: not-modelled" "$T/err" ||
  { cat "$T/err" >&2; fail "lint text of change-required"; }
# A run refuses what the world does not model, at the first such line: never silently additive.
expect_rc 2 "$S" run --scenario "$D/every-kind.scn"
one_line_error
grep -qF "every-kind.scn:6: a server schema other than today's Note: not modelled yet" "$T/err" || fail "run: $(cat "$T/err")"

# --- The shorthands keep their meaning; lint says what the docs call them.
expect_rc 0 "$S" lint --json "$SRC/corpus/scenarios/reset-mini.scn"
one_json '.changes == [{"line": .changes[0].line, "kind": "add-required-property", "target": "Note.title",
  "breaking": false, "allowed_in": ["development", "production"], "procedure": "update-existing-documents",
  "reinserts_documents": true, "client": .changes[0].client, "form": "breaking", "world": "terminate-and-reenable"}]'
expect_rc 0 "$S" lint --json "$SRC/corpus/scenarios/stashpad-mini.scn"
one_json '[.changes[] | [.kind, .target, .form, .world]] == [["add-optional-property", "Note.tags", "additive", "additive"]]'

# --- A change list of one add-optional-property runs, as `deploy additive` (another label):
# exhaustive exploration finds the same number of executions and violating ones as for
# stashpad-mini, whose deploy is the shorthand.
cd "$T"
"$S" explore --scenario "$SRC/corpus/scenarios/stashpad-mini.scn" --json >"$T/short.json" 2>"$T/err"
[ $? -le 1 ] || fail "explore stashpad-mini: $(cat "$T/err")"
"$S" explore --scenario "$D/additive-list.scn" --json >"$T/list.json" 2>"$T/err"
[ $? -le 1 ] || fail "explore additive-list: $(cat "$T/err")"
for f in short list; do jq -c '[.states, .executions, .failing, (.signatures | keys)]' "$T/$f.json" >"$T/$f.counts" || fail "explore JSON"; done
cmp -s "$T/short.counts" "$T/list.counts" || fail "explore counts differ: $(cat "$T/short.counts") vs $(cat "$T/list.counts")"
expect_rc 0 "$S" lint --json "$D/additive-list.scn"
one_json '[.changes[] | .world] == ["additive"]'

# --- An app version ahead of the server (docs/schema-changes.md "What the world does"): in
# production c1's session is refused from its upgrade on and its insert stays on c1; the
# finding names the reason and replays; development mode takes title into the server schema.
expect_rc 1 "$S" run --scenario "$D/app-ahead.scn" --seed 7
grep -qF "VIOLATION liveness/session-refused on c1 — the server schema lacks add-optional-property Note.title:string (production mode takes no schema change from a client)" "$T/err" ||
  { cat "$T/err" >&2; fail "app-ahead: no session-refused on c1"; }
grep -qF "VIOLATION intent/lost-note on server: 1 note(s) n1.1" "$T/err" || fail "app-ahead: n1.1 not lost"
expect_rc 1 "$S" replay "$T/findings/fix-merge-reinsert-liveness-session-refused-seed7.trace"
expect_rc 0 "$S" run --scenario "$D/app-ahead.scn" --profile realm-dev-mode --runs 50

# --- Bad input: exit 2, one line, file:line and the reason.
bad() {  # bad <line> <message fragment> <scenario lines after the device line...>
  local line=$1 want=$2; shift 2
  { printf 'syncsim-trace 1\ndevice c1 user u1\n'; printf '%s\n' "$@"; } >"$T/bad.scn"
  expect_rc 2 "$S" lint "$T/bad.scn"
  one_line_error
  grep -qF "bad.scn:$line: $want" "$T/err" || { cat "$T/err" >&2; fail "want 'bad.scn:$line: $want'"; }
}
bad 3 "unknown type 'float' (string, int, bool, date, array<string>, link<T>, list<T>)" \
  "workload at 1ms admin deploy add-optional-property Note.x:float"
bad 3 "unknown type 'float'" "schema server Note x:float"
bad 3 "unknown type 'float'" "workload at 1ms admin deploy additive x:float"
bad 3 "remove-property Note.nope: unknown property 'Note.nope'" \
  "workload at 1ms admin deploy remove-property Note.nope"
# Changes apply in time order, not file order.
bad 3 "remove-property Note.x: unknown property 'Note.x'" \
  "workload at 1ms admin deploy remove-property Note.x" "workload at 5ms admin deploy additive x:string"
printf 'syncsim-trace 1\ndevice c1 user u1\nworkload at 5ms admin deploy remove-property Note.x\nworkload at 1ms admin deploy additive x:string\n' >"$T/order.scn"
expect_rc 0 "$S" lint --json "$T/order.scn"
one_json '[.changes[] | .kind] == ["add-optional-property", "remove-property"]'

bad 3 "add-optional-property Note.text: property 'Note.text' exists" \
  "workload at 1ms admin deploy add-optional-property Note.text:string"
bad 3 "schema contradicts itself: Note.children links to unknown object type 'Missing'" \
  "schema server Note children:list<Missing>"
bad 4 "schema contradicts itself: object type 'Note' is declared twice" \
  "schema server Note text:string" "schema server Note body:string"
bad 3 "schema contradicts itself: Note.n has default 'x', not of type int" "schema app 2 Note n:int=x"
bad 3 "change-required Note.owner: 'Note.owner' is already required" \
  "workload at 1ms admin deploy change-required Note.owner required"
bad 3 "expected 'rename-property TYPE.NAME NEW_NAME'" "workload at 1ms admin deploy rename-property Note.text"
bad 3 "expected 'deploy CHANGE[, CHANGE...] (or the shorthands" "workload at 1ms admin deploy frobnicate Note"
grep -qF "got unknown schema change 'frobnicate' (add-object-type, add-default, " "$T/err" || fail "frobnicate: $(cat "$T/err")"
bad 3 "unknown schema change 'frobnicate' (add-object-type" \
  "workload at 1ms admin deploy remove-property Note.text, frobnicate Note"
bad 3 "empty change in the list" "workload at 1ms admin deploy remove-property Note.text,"
bad 3 "bad property 'x:string:required' (expected NAME:TYPE[=DEFAULT]: the change kind says whether it is required)" \
  "workload at 1ms admin deploy add-optional-property Note.x:string:required"
bad 3 "expected 'required' or 'optional', got 'maybe'" "workload at 1ms admin deploy change-required Note.text maybe"
bad 4 "app version 2 has no 'schema app 2' line" "schema app 3 Note text:string" "workload at 1ms c1 upgrade-app 2"
bad 4 "a deploy with a time window in a file with a change-list deploy" \
  "workload at 1ms admin deploy remove-property Note.text" "workload at 1..9ms admin deploy additive x:string"
