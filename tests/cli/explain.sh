#!/usr/bin/env bash
# `syncsim explain` (docs/explain.md): every loss of every committed trace (corpus/traces,
# corpus/findings, tests/cli/data) has a causal chain that ends in a listed cause, one chain
# per reported (loss, note); chains worked out by hand come out exactly; bad input is exit 2
# with one line.
# usage: explain.sh <syncsim> <source-dir>
set -uo pipefail
. "$(dirname "$0")/lib.sh"
causes='["merge: Clear discards a concurrent ArrayInsert",
 "erase: parent deleted, a concurrent ArrayInsert into it is discarded",
 "merge: EraseObject wins over a concurrent CreateObject",
 "apply: Clear empties a list, links its writer did not re-insert are dropped",
 "erase: parent deleted", "reset: discard drops unacknowledged changeset",
 "reset: recovery does not restore the link", "reset: the manual strategy'"'"'s upserts and deletes drop it",
 "terminate: acknowledged write not yet in Atlas is gone", "translator: reference not resolved",
 "prune: invalid under the client'"'"'s schema",
 "erase: the note is erased while a list still names it",
 "move: concurrent moves make the note its own ancestor",
 "reset: not carried by the incremental reset",
 "read: hidden, invalid at the client'"'"'s schema"]'
losses=0 traces=0
while IFS= read -r trace; do
  traces=$((traces + 1))
  "$S" explain "$trace" --json >"$T/out" 2>"$T/err"
  rc=$?
  [ $rc -le 1 ] || { cat "$T/err" >&2; fail "$trace: explain exited $rc"; }
  one_json '.command == "explain"'
  # One chain per (loss, note) that `replay --json` reports on the same trace.
  "$S" replay "$trace" --quiet --json >"$T/replay" 2>/dev/null
  want=$(jq '[.violations[] | select(.kind | IN("orphan","dangling","lost-note","misplaced","lost-ack")) | .notes | length] | add // 0' "$T/replay")
  got=$(jq '.chains | length' "$T/out")
  [ "$want" -eq "$got" ] || fail "$trace: $got chains for $want reported lost notes"
  jq -e --argjson causes "$causes" \
    '.chains | all(.cause as $c | ($causes | index($c)) != null and (.links[-1].text | startswith($c)))' \
    "$T/out" >/dev/null || { jq -c '.chains[] | select(.cause == "")' "$T/out" | head -3 >&2; fail "$trace: a chain does not end in a listed cause"; }
  losses=$((losses + got))
done < <(find "$SRC/corpus/traces" "$SRC/corpus/findings" "$SRC/tests/cli/data" -name '*.trace' | sort)
[ $traces -ge 80 ] || fail "only $traces committed traces found"
[ $losses -ge 100 ] || fail "only $losses losses explained"

# Worked out by hand on corpus/traces/realm-h1-reachability-orphan.trace (docs/explain.md):
# step 3 the server integrates n1.1 (root.children = [n1.1]); step 5 the re-insert batch,
# based on the deploy's server version (step 1, before n1.1), is concurrent with n1.1, so
# the Clear rule (spec §3) discards n1.1's ArrayInsert and the batch's Clear empties
# root.children on the server; c1, whose insert was acknowledged at step 4, has nothing
# concurrent left and applies that Clear at step 6; Atlas gets n1.1 at step 7 and the Clear
# at step 8. Both c1 and the server and Atlas report n1.1 orphaned and misplaced.
expect_rc 1 "$S" explain "$SRC/corpus/traces/realm-h1-reachability-orphan.trace" --note n1.1
created='  step  2 created and linked by `c1 insert n1.1 under root`'
merge='  step  5 server: merge: Clear discards a concurrent ArrayInsert (server, reinsert.1.1 vs n1.1) from root.children'
cause='  cause: merge: Clear discards a concurrent ArrayInsert'
cat >"$T/want" <<WANT
reachability orphan c1 n1.1
$created
  step  6 c1: its link is dropped by \`deliver server->c1 download[reinsert.1.1]\`
  step  6 c1: apply: Clear empties a list, links its writer did not re-insert are dropped (c1, by reinsert.1.1) from root.children
$merge
$cause
reachability orphan server n1.1
$created
$merge
$cause
reachability orphan atlas n1.1
$created
  step  8 atlas: its link is dropped by \`r2m translate [reinsert.1.1]\`
$merge
$cause
intent misplaced c1 n1.1
$created
  step  6 c1: its link is dropped by \`deliver server->c1 download[reinsert.1.1]\`
  step  6 c1: apply: Clear empties a list, links its writer did not re-insert are dropped (c1, by reinsert.1.1) from root.children
$merge
$cause
intent misplaced server n1.1
$created
$merge
$cause
intent misplaced atlas n1.1
$created
  step  8 atlas: its link is dropped by \`r2m translate [reinsert.1.1]\`
$merge
$cause
WANT
diff "$T/want" "$T/out" >&2 || fail "realm-h1-reachability-orphan: chains differ from the hand-worked ones"

# The same chains close `replay`'s report and the HTML report.
h1="$SRC/corpus/traces/realm-h1-reachability-orphan.trace"
expect_rc 1 "$S" replay "$h1" --quiet
grep -qF "$merge" "$T/err" || fail "replay does not print the chains"
expect_rc 0 "$S" render "$h1" --format html -o "$T/r.html"
grep -q '<section id="why">' "$T/r.html" || fail "the HTML report has no 'why' section"
# ... and `render --format json` carries them as data, the same as `explain --json`.
expect_rc 0 "$S" render "$h1" --format json -o "$T/r.json"
"$S" explain "$h1" --json >"$T/e.json" 2>/dev/null
jq -e --slurpfile e "$T/e.json" '.explain == $e[0].chains and (.explain | length) == 6' "$T/r.json" \
  >/dev/null || fail "render --format json: 'explain' differs from explain --json's chains"

# verdant-5.5, worked out by hand (docs/verdant.md "D4"): c1 goes offline, c2 inserts n2.1,
# c1 returns after 121 s, truant; the relay resends only what follows c1's acknowledged
# server order (n2.1's creation and its push onto root's list), and c1's data is replaced by
# it: the root, which c1 had, is not carried, so n2.1 arrives on c1 in no list.
d4="$SRC/corpus/traces/verdant-5.5-reachability-orphan.trace"
expect_rc 1 "$S" explain "$d4"
cat >"$T/want" <<'WANT'
reachability orphan c1 n2.1
  step  2 created and linked by `c2 insert n2.1 under root`
  step  4 c1: the note arrives in no list with `c1 online`
          c1: its parent root is missing here
  step  4 c1: reset: not carried by the incremental reset (c1)
  cause: reset: not carried by the incremental reset
intent misplaced c1 n2.1
  step  2 created and linked by `c2 insert n2.1 under root`
  step  4 c1: the note arrives in no list with `c1 online`
          c1: its parent root is missing here
  step  4 c1: reset: not carried by the incremental reset (c1)
  cause: reset: not carried by the incremental reset
WANT
diff "$T/want" "$T/out" >&2 || fail "verdant-5.5 D4: chains differ from the hand-worked ones"
# D1: c1 upgrades to v2, c2 (v1) inserts n2.1; c1 stores it at step 7 and, reading it at v2
# (no priority), hides it.
expect_rc 1 "$S" explain "$SRC/tests/cli/data/verdant-5.5-hidden-at-read.trace"
cat >"$T/want" <<'WANT'
intent lost-note c1 n2.1
  step  2 created and linked by `c2 insert n2.1 under root`
  step  7 c1: read: hidden, invalid at the client's schema (schema v2, stored by `deliver server->c1 download[n2.1]`)
  cause: read: hidden, invalid at the client's schema
WANT
diff "$T/want" "$T/out" >&2 || fail "verdant-5.5 D1: chains differ from the hand-worked ones"

# Bad input: exit 2, one line.
expect_rc 2 "$S" explain "$SRC/corpus/traces/realm-h1-reachability-orphan.trace" --note n1.9
one_line_error
expect_rc 2 "$S" explain "$SRC/corpus/traces/realm-h1-reachability-orphan.trace" --note bogus
one_line_error
printf 'syncsim-trace 1\nseed x\n' >"$T/bad.trace"
expect_rc 2 "$S" explain "$T/bad.trace"
one_line_error
expect_rc 2 "$S" explain "$T/missing.trace"
one_line_error
echo "ok: $losses losses in $traces traces explained"
