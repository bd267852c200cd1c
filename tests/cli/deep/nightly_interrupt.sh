#!/usr/bin/env bash
# tools/nightly's promise (docs/fuzzing.md "Nightly"): Ctrl-C stops it within seconds, loses no
# corpus or finding, and rerunning resumes. Ctrl-C is SIGINT to the nightly's process group,
# sent once in the middle of a fuzzing job and once (in the resumed run) during the merge; a
# third run must resume and finish the session with a report that lists every finding.
# The nightly is started as a script starts a job (`setsid ... &`), so it inherits SIGINT
# ignored (the case the nightly must repair itself). Builds the fuzz preset: label deep.
# usage: nightly_interrupt.sh <source-dir>
set -uo pipefail
SRC=$1
T=$(mktemp -d)
STATE=$T/state
D=$STATE/fuzz_interleaving
ARGS=(--minutes 0.5 --jobs 1 --targets fuzz_interleaving --no-setup --state "$STATE")
# A stop takes well under 2 s on an idle machine (see the runs' "stopped after" lines); the
# bound leaves room for a loaded one. Not stopping runs on for the rest of the 30 s budget.
STOP_BOUND_MS=8000
NIGHTLY=
cleanup() {
  [ -n "$NIGHTLY" ] && kill -KILL -- -"$NIGHTLY" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

start_nightly() {  # run number
  setsid "$SRC/tools/nightly" "${ARGS[@]}" >"$T/run$1.log" 2>&1 &
  NIGHTLY=$!  # not a group leader before setsid, so setsid does not fork: pid = group id
}
# Waits (at most 300 s) until file $1 has a line matching the extended regex $2.
wait_for_line() {
  local i
  for ((i = 0; i < 1500; i++)); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    kill -0 "$NIGHTLY" 2>/dev/null || { cat "$T"/run*.log >&2; fail "the nightly ended before '$2' appeared in $1"; }
    sleep 0.2
  done
  fail "no '$2' in $1 after 300 s"
}
# Processes still working on this test's state (the fuzzer and its jobs), after a grace second.
leftovers() {
  local f i n
  for ((i = 0; i < 10; i++)); do
    n=0
    for f in /proc/[0-9]*/cmdline; do
      [[ "$({ tr '\0' ' ' <"$f"; } 2>/dev/null)" == *"$STATE"* ]] && n=$((n + 1))  # may be gone
    done
    [ "$n" -eq 0 ] && return 0
    sleep 0.2
  done
  echo "$n"
}
# Sends Ctrl-C to the group and checks the nightly stops in time with exit 130, and alone.
interrupt() {  # run number
  local t0 rc ms
  t0=$(date +%s%N)
  kill -INT -- -"$NIGHTLY"
  wait "$NIGHTLY"
  rc=$?
  ms=$((($(date +%s%N) - t0) / 1000000))
  NIGHTLY=
  echo "run $1: stopped after $ms ms with exit $rc"
  [ "$rc" -eq 130 ] || { cat "$T/run$1.log" >&2; fail "run $1: exit $rc after Ctrl-C, want 130"; }
  [ "$ms" -le $STOP_BOUND_MS ] || fail "run $1: took $ms ms to stop (bound $STOP_BOUND_MS ms)"
  [ -z "$(leftovers)" ] || fail "run $1: processes on $STATE still run after the nightly ended"
  grep -q 'interrupted: corpus, crashes and findings are kept' "$T/run$1.log" || fail "run $1: no interruption message"
}
# Checksums of the stored findings and the names of the corpus files.
snapshot() {  # name
  (cd "$STATE" && find findings -type f -print0 2>/dev/null | sort -z | xargs -0r sha1sum) >"$T/$1.findings"
  (cd "$D/corpus" && find . -type f | sort) >"$T/$1.corpus"
}
findings_intact() {  # snapshot name, run number
  (cd "$STATE" && sha1sum --quiet -c "$T/$1.findings") || fail "run $2: a stored finding changed or vanished"
}
corpus_kept() {  # snapshot name, run number: every corpus file of the snapshot is still there
  local missing
  missing=$(cd "$D/corpus" 2>/dev/null && find . -type f | sort | comm -23 "$T/$1.corpus" -)
  [ -d "$D/corpus" ] && [ -z "$missing" ] || fail "run $2: corpus files lost: $(head -3 <<<"$missing")"
}

# Run 1: Ctrl-C in the middle of the fuzzing job (libFuzzer -fork under timeout).
start_nightly 1
wait_for_line "$D/logs/explore.log" '^#[0-9]+: cov:'
sleep 2
snapshot before1
interrupt 1
findings_intact before1 1
corpus_kept before1 1
[ -s "$T/before1.corpus" ] || fail "run 1: the corpus was empty before the interruption"
[ ! -f "$STATE/session/complete" ] && [ ! -f "$STATE/session/explore-fuzz_interleaving.done" ] ||
  fail "run 1: the interrupted session is marked done"
spent=$(cat "$STATE/session/explore-fuzz_interleaving.spent" 2>/dev/null || echo 0)
[ "$spent" -ge 1 ] && [ "$spent" -lt 30 ] || fail "run 1: explore time used recorded as '$spent' s"

# Run 2: resumes the session with what is left of the budget; Ctrl-C during the merge.
start_nightly 2
wait_for_line "$T/run2.log" 'explore-fuzz_interleaving: [0-9]+s of the [0-9]+s left'
grep -q 'resuming the interrupted session' "$T/run2.log" || fail "run 2 did not resume the session"
grep -qE "explore-fuzz_interleaving: [0-9]+s of the $((30 - spent))s left" "$T/run2.log" ||
  { cat "$T/run2.log" >&2; fail "run 2 did not resume the fuzzing step with $((30 - spent)) s left"; }
wait_for_line "$D/logs/merge.log" 'MERGE-OUTER: [0-9]+ files'
snapshot before2
interrupt 2
findings_intact before2 2
cmp -s "$T/before2.corpus" <(cd "$D/corpus" && find . -type f | sort) ||
  fail "run 2: the interrupted merge changed the corpus"
[ ! -f "$STATE/session/merge-fuzz_interleaving.done" ] || fail "run 2: the interrupted merge is marked done"
[ ! -e "$STATE/report.md" ] || fail "run 2: a report was written by an interrupted session"

# Run 3: resumes with the merge and finishes: report, merged corpus, every finding kept.
start_nightly 3
wait "$NIGHTLY"
rc=$?
NIGHTLY=
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || { cat "$T/run3.log" >&2; fail "run 3 exited $rc"; }
grep -q 'resuming the interrupted session' "$T/run3.log" || fail "run 3 did not resume"
! grep -q 'explore-fuzz_interleaving: ' "$T/run3.log" || fail "run 3 fuzzed again instead of resuming at the merge"
[ -f "$STATE/session/complete" ] && [ -f "$STATE/session/merge-fuzz_interleaving.done" ] || fail "run 3: session not complete"
findings_intact before2 3
[ -n "$(ls -A "$D/corpus")" ] || fail "run 3: empty corpus after the merge"
[ -f "$STATE/report.md" ] || fail "run 3: no report"
! find "$STATE" -name '*.part' | grep -q . || fail "run 3: a partial report is left over"
for info in "$STATE"/findings/*/*/*/finding; do
  [ -f "$info" ] || continue
  read -r _ profile sig sha _ <"$info"
  grep -qF "| $profile | $sig |" "$STATE/report.md" || fail "run 3: the report lacks the finding $profile $sig"
done
grep -q '^| fuzz_interleaving | ' "$STATE/report.md" || fail "run 3: the report lacks the target's row"
echo "nightly_interrupt: ok ($(find "$STATE/findings" -name finding | wc -l) findings, $(ls "$D/corpus" | wc -l) corpus files)"
