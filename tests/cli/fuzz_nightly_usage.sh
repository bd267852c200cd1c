#!/usr/bin/env bash
# tools/nightly's command line: --help exits 0, bad arguments exit 2 with a one-line reason
# (before any setup, build or fuzzing happens).
# usage: fuzz_nightly_usage.sh <syncsim> <source-dir>
set -u
nightly=$2/tools/nightly
failed=0
expect() {  # code args...
  local want=$1 out rc
  shift
  out=$("$nightly" "$@" 2>&1 >/dev/null)
  rc=$?
  if [ $rc -ne "$want" ]; then
    echo "FAIL: tools/nightly $* exited $rc, expected $want: $out"
    failed=1
  fi
}
"$nightly" --help | grep -q -- '--minutes M' || { echo "FAIL: --help lacks --minutes"; failed=1; }
expect 0 --help
expect 2 --minutes
expect 2 --minutes soon
expect 2 --jobs 0
expect 2 --targets fuzz_nothing
expect 2 --frobnicate
[ $failed -eq 0 ] && echo "tools/nightly usage ok"
exit $failed
