#!/usr/bin/env bash
# Regression corpus of the client-reset findings: every corpus/traces/*.trace,
# named `<profile>-<signature>.trace`, replays with exit 1 under its own profile, and its
# `--json` names that signature. Where corpus/traces/fixes lists a profile that claims to fix
# the finding, the trace replays under it with exit 0 (no violation at all).
# usage: reset_traces.sh <syncsim> <source-dir>
set -uo pipefail
S=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
failed=0 n=0
fail() { echo "FAIL: $*" >&2; failed=$((failed + 1)); }
# The reset profiles are listed with their domain and class (spec §8).
"$S" profiles --json >"$T/out" 2>/dev/null || fail "profiles --json failed"
for p in discard recover recover-or-discard manual-by-object manual-overwrite-backend manual-by-field manual-updates-log; do
  jq -e --arg p "$p" '.profiles | map(select(.name == $p and (.domain | startswith("breaking deploys")) and (.class | length) > 0)) | length == 1' \
    "$T/out" >/dev/null || fail "profile $p not listed with a breaking-deploy domain and a class"
done
jq -e '.profiles | map(select(.name == "discard" or .name == "manual-by-object") | .class) == ["buggy", "buggy"]' "$T/out" >/dev/null ||
  fail "discard and manual-by-object are not buggy"
shopt -s nullglob
for trace in "$SRC"/corpus/traces/*.trace; do
  n=$((n + 1))
  base=$(basename "$trace" .trace)
  profile=$(awk '$1 == "profile" { print $2; exit }' "$trace")
  [ -n "$profile" ] || { fail "$base: no profile line"; continue; }
  signature=${base#"$profile"-}
  [ "$signature" != "$base" ] || { fail "$base: name does not start with its profile $profile"; continue; }
  "$S" replay "$trace" --strict --json >"$T/out" 2>"$T/err"
  rc=$?
  [ $rc -eq 1 ] || { cat "$T/err" >&2; fail "$base: exit $rc under $profile, want 1"; continue; }
  jq -e --arg sig "$signature" '.violated == true and (.violations | map(.property + "-" + .kind) | index($sig)) != null' \
    "$T/out" >/dev/null || fail "$base: --json does not name $signature"
done
[ $n -gt 0 ] || fail "no trace in corpus/traces"
while read -r file fix _; do
  case "$file" in '' | '#'*) continue ;; esac
  trace="$SRC/corpus/traces/$file"
  [ -f "$trace" ] || { fail "fixes: $file missing"; continue; }
  "$S" replay "$trace" --profile "$fix" --json >"$T/out" 2>"$T/err"
  rc=$?
  [ $rc -eq 0 ] || fail "$file: exit $rc under the fix $fix, want 0: $(jq -c '[.violations[] | .property + "-" + .kind + "@" + .replica]' "$T/out" 2>/dev/null)"
done <"$SRC/corpus/traces/fixes"
# shrink --note keeps the signature on that note: the skew deletion of n2.1 stays (8 steps);
# without it the shrinker slides to n1.1's shorter lost acknowledgement.
SKEW="$SRC/corpus/traces/manual-by-object-intent-lost-note.trace"
"$S" shrink "$SKEW" -o "$T/skew.trace" --signature intent-lost-note --note n2.1 --json >"$T/out" 2>"$T/err" ||
  fail "shrink --note n2.1 failed: $(cat "$T/err")"
jq -e '.steps_after == 8' "$T/out" >/dev/null || fail "shrink --note n2.1 did not keep the 8-step skew ordering"
grep -q '^result intent lost-note server .*n2.1' "$T/skew.trace" || fail "n2.1 is not lost in the --note shrink"
"$S" shrink "$SKEW" -o "$T/any.trace" --signature intent-lost-note --json >"$T/out" 2>/dev/null || fail "shrink failed"
jq -e '.steps_after < 8' "$T/out" >/dev/null || fail "shrink without --note did not find the shorter mechanism"
"$S" shrink "$SKEW" -o "$T/x.trace" --note n9.9 >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "name n9.9" "$T/err" || fail "shrink --note of an unnamed note: $(cat "$T/err")"
"$S" shrink "$SKEW" -o "$T/x.trace" --note bogus >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] || fail "shrink --note bogus: not a one-line exit 2"
echo "$n reset trace(s) replayed, $failed failure(s)"
[ $failed -eq 0 ]
