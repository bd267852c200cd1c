#!/usr/bin/env bash
# The syncsim trace of every known fuzz finding (corpus/known-findings, FILE.trace) replays
# with the CLI: a violation (exit 1) under the profile it was found with, none (exit 0) under
# every profile of class `correct` whose domain covers the trace's workload (`syncsim profiles
# --for TRACE`; spec §8: a correct profile claims nothing outside its domain, e.g. a breaking
# deploy under realm-dev-mode).
# usage: fuzz_findings_replay.sh <syncsim> <source-dir>
set -u
syncsim=$1 src=$2
correct=$("$syncsim" profiles | awk '$2 == "correct" { print $1 }')
[ -n "$correct" ] || { echo "FAIL: no correct profile listed"; exit 1; }
n=0 failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
while read -r profile signature file _; do
  case "$profile" in '' | '#'*) continue ;; esac
  trace="$src/$file.trace"
  [ -f "$trace" ] || { fail "$file.trace missing"; continue; }
  n=$((n + 1))
  story=$("$syncsim" replay "$trace" --quiet 2>&1 >/dev/null)
  rc=$?
  [ $rc -eq 1 ] || fail "$trace: exit $rc under its own profile, expected 1"
  # The story lists violations in report order: `VIOLATION property/kind on replica...`.
  first=$(awk '$1 == "VIOLATION" { sub("/", "-", $2); print $2; exit }' <<<"$story")
  [ "$first" = "$signature" ] || fail "$trace: first violation $first, expected $signature"
  grep -q "^profile $profile " <<<"$story" || fail "$trace: not replayed under $profile"
  fixes=$("$syncsim" profiles --for "$trace" | awk '$2 == "correct" { print $1 }')
  [ -n "$fixes" ] || echo "note: $trace: no correct profile's domain covers it (replayed under its own profile only)"
  for fix in $fixes; do
    "$syncsim" replay "$trace" --profile "$fix" --quiet >/dev/null 2>&1
    rc=$?
    [ $rc -eq 0 ] || fail "$trace: exit $rc under $fix, expected 0"
  done
done <"$src/corpus/known-findings"
[ $n -gt 0 ] || fail "no known finding listed"
echo "$n finding trace(s) replayed, $failed failure(s)"
[ $failed -eq 0 ]
