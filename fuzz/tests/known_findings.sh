#!/usr/bin/env bash
# ctest fuzz.known_findings: every line `PROFILE SIGNATURE FILE` of corpus/known-findings must
# still fail with SIGNATURE when FILE runs under PROFILE alone, must pass under every profile
# of class `correct`, and must write its trace as <sha1-of-FILE>.trace (checked with sha1sum).
# usage: known_findings.sh <fuzz_interleaving_replay> <source-dir> <scratch-dir>
set -u
bin=$1 src=$2 tmp=$3
list="$src/corpus/known-findings"
rm -rf "$tmp" && mkdir -p "$tmp" || exit 1
correct=$("$bin" --syncsim-profiles | awk '$2 == "correct" { print $1 }')
[ -n "$correct" ] || { echo "FAIL: no profile of class correct"; exit 1; }
[ -f "$list" ] || { echo "FAIL: $list missing"; exit 1; }
n=0 failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
while read -r profile signature file _; do
  case "$profile" in '' | '#'*) continue ;; esac
  n=$((n + 1))
  input="$src/$file"
  [ -f "$input" ] || { fail "$file: no such file"; continue; }
  out="$tmp/$n"
  log=$(SYNCSIM_FUZZ_PROFILES="$profile" SYNCSIM_FINDINGS="$out" "$bin" "$input" 2>&1)
  rc=$?
  if [ $rc -eq 0 ]; then
    fail "$file no longer fails under $profile"
  elif ! grep -qx "DEDUP_TOKEN: $signature" <<<"$log"; then
    fail "$file under $profile: expected DEDUP_TOKEN: $signature, got: $(grep DEDUP_TOKEN <<<"$log")"
  else
    sha=$(sha1sum "$input" | cut -d' ' -f1)
    [ -f "$out/$sha.trace" ] || fail "$file: no trace $sha.trace written"
    grep -q "^profile $profile\$" "$out/$sha.trace" 2>/dev/null || fail "$file: trace not under $profile"
    if [ -f "$input.trace" ] && ! cmp -s "$input.trace" "$out/$sha.trace"; then
      echo "note: $file.trace differs from the trace this build writes (model changed?); refresh it from $out/$sha.trace"
    fi
  fi
  for fix in $correct; do
    SYNCSIM_FUZZ_PROFILES="$fix" SYNCSIM_FINDINGS="$out/$fix" "$bin" "$input" >/dev/null 2>&1 ||
      fail "$file fails under the correct profile $fix"
  done
done <"$list"
[ $n -gt 0 ] || fail "$list lists no finding"
echo "$n known finding(s) checked, $failed failure(s)"
[ $failed -eq 0 ]
