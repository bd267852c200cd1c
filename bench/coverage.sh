#!/usr/bin/env bash
# Loss-class coverage of every buggy and partial profile on its reference scenario
# (BENCHMARKS.md "Loss-class coverage"): per discipline and strategy, the classes of the
# exhaustive catalogue hit by N runs, and the runs needed to hit the last one.
# usage: bench/coverage.sh <syncsim> [runs=10000]   (prints a Markdown table on stdout)
set -uo pipefail
S=$1
RUNS=${2:-10000}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cases=(
  "corpus/scenarios/stashpad-mini.scn realm-h1 realm-h2 realm-reinsert-latest fix-drain-then-snapshot"
  "corpus/scenarios/reset-mini.scn discard recover recover-or-discard manual-by-object manual-overwrite-backend manual-by-field manual-updates-log"
  "corpus/scenarios/verdant-mini.scn verdant-prune"
)
cell() {  # classes hit, the run that hit the last one (or what was missed), unclassified runs
  jq -r '.coverage | "\(.hit) of \(.classes)" +
    (if .classes == 0 then "" elif .runs_to_last != null then " (last by run \(.runs_to_last))"
     else " (missed: " + ([.missed[] | "\(.pattern)/\(.note)"] | join(", ")) + ")" end) +
    (if .unclassified_runs > 0 then "; \(.unclassified_runs) unclassified" else "" end)' "$1"
}
echo "| scenario | profile | classes | untimed random | untimed PCT | timed random | timed PCT |"
echo "|---|---|---:|---|---|---|---|"
for c in "${cases[@]}"; do
  read -r scn profiles <<<"$c"
  for p in $profiles; do
    "$S" catalog --scenario "$scn" --profile "$p" --json >"$T/cat.json" 2>/dev/null || { echo "catalog $scn $p failed" >&2; exit 2; }
    row="| \`$(basename "$scn")\` | \`$p\` | $(jq '[.profiles[0].patterns[].instances[]] | length' "$T/cat.json") |"
    for d in untimed timed; do
      for st in random pct; do
        "$S" run --scenario "$scn" --profile "$p" --discipline "$d" --strategy "$st" --runs "$RUNS" \
          --coverage "$T/cat.json" --json --out "$T/findings" >"$T/run.json" 2>/dev/null
        [ $? -le 1 ] || { echo "run $scn $p $d $st failed" >&2; exit 2; }
        row+=" $(cell "$T/run.json") |"
      done
    done
    echo "$row"
  done
done
