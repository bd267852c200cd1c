#!/usr/bin/env bash
# tools/demo tells the truth: every figure and verdict it prints matches an independent run of
# the same command (one worker instead of nproc, so the figures also do not depend on the
# parallelism), the story's times and notes match what the scenario file says, and a profile
# is called clean only when all three checks (seed, sustained, exhaustive) find nothing.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$SRC" || fail "no source dir $SRC"
SEED_RUNS=200 SUSTAINED_RUNS=60
SEED=corpus/scenarios/stashpad.scn
SUSTAINED=corpus/scenarios/stashpad-sustained.scn
MINI=corpus/scenarios/stashpad-mini.scn

expect_rc 2 bash tools/demo --syncsim "$S" --seed-runs 0
one_line_error
expect_rc 2 bash tools/demo --syncsim "$S" --runs 5
one_line_error

expect_rc 0 bash tools/demo --syncsim "$S" --seed-runs $SEED_RUNS --sustained-runs $SUSTAINED_RUNS \
  --out "$T/findings"
cp "$T/out" "$T/demo"

# The lines of one profile's block, from its heading to its verdict.
block() { awk -v h="   $1 (" 'index($0, h) == 1 { on = 1 } on { print } on && /verdict:/ { exit }' "$T/demo"; }
# The number before " of " on the block's line starting with label $2.
claimed() { block "$1" | grep "^ *$2" | grep -o '[0-9][0-9]* of [0-9][0-9]*' | head -1; }
independent_runs() { # scenario profile runs -> "V of N" and the signatures
  "$S" run --scenario "$1" --profile "$2" --runs "$3" --jobs 1 --out "$T/indep" --json 2>/dev/null >"$T/run.json"
  jq -r '"\(.violating_runs) of \(.runs)"' "$T/run.json"
}
for p in realm-h1 fix-merge-reinsert realm-dev-mode fix-drain-then-snapshot; do
  [ -n "$(block "$p")" ] || fail "the demo shows no block for $p"
  seed=$(independent_runs $SEED "$p" $SEED_RUNS)
  [ "$(claimed "$p" 'seed scenario:')" = "$seed" ] || fail "$p seed scenario: demo says '$(claimed "$p" 'seed scenario:')', a run says '$seed'"
  seed_sigs=$(jq -r '.signatures | keys | join(", ")' "$T/run.json")
  sust=$(independent_runs $SUSTAINED "$p" $SUSTAINED_RUNS)
  [ "$(claimed "$p" 'sustained scenario:')" = "$sust" ] || fail "$p sustained: demo says '$(claimed "$p" 'sustained scenario:')', a run says '$sust'"
  sust_sigs=$(jq -r '.signatures | keys | join(", ")' "$T/run.json")
  for sigs in "$seed_sigs" "$sust_sigs"; do
    [ -z "$sigs" ] || block "$p" | grep -qF "($sigs)" || fail "$p: the demo does not name the signatures $sigs"
  done
  "$S" explore --scenario $MINI --profile "$p" --out "$T/indep" --json 2>/dev/null >"$T/explore.json"
  expl=$(jq -r '"\(.failing) of \(.executions)"' "$T/explore.json")
  [ "$(claimed "$p" 'exhaustive:')" = "$expl" ] || fail "$p exhaustive: demo says '$(claimed "$p" 'exhaustive:')', explore says '$expl'"
  block "$p" | grep -q "($(jq -r .states "$T/explore.json") states)" || fail "$p: state count differs from explore's"
  # Clean only when all three found nothing (and the search was complete).
  if [ "${seed%% *}" = 0 ] && [ "${sust%% *}" = 0 ] && [ "${expl%% *}" = 0 ] &&
    [ "$(jq -r .cut_short "$T/explore.json")" = false ]; then
    block "$p" | grep -q 'verdict: clean all three ways' || fail "$p is clean all three ways, the demo says otherwise"
  else
    block "$p" | grep -q 'verdict: clean' && fail "$p fails a check, but the demo calls it clean"
    block "$p" | grep -qE 'verdict: (NOT A FIX|fails all three ways)' || fail "$p: no failing verdict"
  fi
done
# The partial fix is never presented as clean: its exhaustive check fails (spec §4).
block fix-drain-then-snapshot | grep -q 'verdict: NOT A FIX' || fail "fix-drain-then-snapshot is not called out as a partial fix"

# The story of seed 1, against the scenario file: the number of inserts (x20), the deploy's
# time (at 7500ms) and the first batch's (deploy + reinsert_delay_ms).
inserts=$(grep -o ' x[0-9]* c1 insert' $SEED | grep -o '[0-9]*')
deploy=$(grep -o 'at [0-9]*ms admin deploy' $SEED | grep -o '[0-9]*')
delay=$(awk '$1 == "knob" && $2 == "reinsert_delay_ms" { print $3 }' $SEED)
grep -q "The client inserted $inserts notes into root" "$T/demo" || fail "the story's insert count is not $inserts"
grep -q "At $deploy ms\$" "$T/demo" || fail "the story's deploy time is not $deploy ms"
grep -q "At $((deploy + delay)) ms ($delay ms after the deploy)" "$T/demo" || fail "the story's first batch is not at $((deploy + delay)) ms"
"$S" run --scenario $SEED --profile realm-h1 --out "$T/indep" --json 2>/dev/null >"$T/h1.json"
for r in c1:'in c1' server:'on the server' atlas:'in Atlas'; do
  orph=$(jq -r ".replicas.${r%%:*}.orphans | join(\",\")" "$T/h1.json")
  [ -n "$orph" ] || fail "realm-h1 seed 1 orphans nothing on ${r%%:*}"
  grep -qxF -- "     orphaned ${r#*:}: $orph" "$T/demo" || fail "the story's orphans ${r#*:} are not the run's ($orph)"
done
# The notes inserted after the deploy, from the run's own trace.
trace=$(jq -r .trace "$T/h1.json")
after=$(awk -v t0="$deploy" '$1 == "step" && $5 == "insert" { t = substr($3, 3) + 0; if (t > t0) print $6 }' "$trace" | paste -sd, -)
grep -qF "inserted after the deploy: $after" "$T/demo" || fail "the story's notes inserted after the deploy are not $after"
if [ "$after" = "$(jq -r '.replicas.c1.orphans | join(",")' "$T/h1.json")" ]; then
  grep -q 'exactly those inserted after the deploy' "$T/demo" || fail "the story misses that the orphans are the notes inserted after the deploy"
else
  grep -q 'NOT exactly the notes inserted after the deploy' "$T/demo" || fail "the story claims orphans = notes inserted after the deploy"
fi
echo "ok"
