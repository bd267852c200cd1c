# Sourced by tools/nightly (the Markdown report and --promote); uses its globals (ROOT, STATE, SESSION, BIN_DIR, ...).
# shellcheck shell=bash

# --- report ---------------------------------------------------------------------------------

# "execs seconds cov_first cov_last ft_last crashes" over every libFuzzer run in a log.
fork_stats() {
  awk '
    /^=== / { execs += n; secs += tm; cr += c; n = 0; tm = 0; c = 0 }
    /^#[0-9]+: cov: / {
      sub(/^#/, "", $1); sub(/:$/, "", $1); n = $1
      if (first == "") first = $3
      last = $3; ft = $5
      for (i = 1; i <= NF; i++) {
        if ($i == "time:") { tm = $(i + 1); sub(/s$/, "", tm) }
        if ($i == "oom/timeout/crash:") { split($(i + 1), a, "/"); c = a[1] + a[2] + a[3] }
      }
    }
    END { execs += n; secs += tm; cr += c
          printf "%d %d %s %s %s %d\n", execs, secs, (first == "" ? "-" : first),
                 (last == "" ? "-" : last), (ft == "" ? "-" : ft), cr }' "$1" 2>/dev/null
}

# Does a stored finding still fail the same way? (A fixed bug must not keep the exit code 1.)
still_fails() {  # target profile signature input
  local tmp=$STATE/tmp/verify got
  local -a penv=(SYNCSIM_FINDINGS="$tmp" SYNCSIM_FUZZ_KNOWN= ASAN_OPTIONS=dedup_token_length=3
    UBSAN_OPTIONS=dedup_token_length=3)
  [ "$2" != - ] && penv+=("SYNCSIM_FUZZ_PROFILES=$2")
  rm -rf "$tmp" && mkdir -p "$tmp"
  got=$(env "${penv[@]}" "${ONE_INPUT[@]}" "$BIN_DIR/$1" "$4" 2>&1 | token_of)
  [ "$(safe_sig "$got")" = "$3" ]
}

target_rows() {
  local t d stats execs secs c0 c1 ft crashes files bytes rate
  for t in $TARGETS; do
    d=$STATE/$t
    read -r execs secs c0 c1 ft crashes <<<"$(fork_stats "$d/logs/explore.log.session")"
    secs=$(spent "explore-$t")
    crashes=$(find "$d/crashes" -type f -newer "$SESSION/plan" 2>/dev/null | wc -l)
    files=$(find "$d/corpus" -type f 2>/dev/null | wc -l)
    bytes=$(find "$d/corpus" -type f -printf '%s\n' 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
    rate=$(awk -v e="$execs" -v s="$secs" 'BEGIN { print (s > 0 ? int(e / s) : 0) }')
    echo "| $t | $secs | $execs | $rate | $c0 → $c1 | $ft | $files ($bytes B) | $crashes |"
  done
}

finding_rows() {
  local info t profile sig sha crash dir status input trace
  NEW_FINDINGS=0
  for info in "$STATE"/findings/*/*/*/finding; do
    [ -f "$info" ] || continue
    read -r t profile sig sha crash <"$info"
    dir=$(dirname "$info")
    input=$dir/$sha
    trace=$dir/$sha.trace
    [ -f "$dir/$sha.shrunk.trace" ] && trace=$dir/$sha.shrunk.trace
    if ! still_fails "$t" "$profile" "$sig" "$input"; then
      status="fixed (no longer fails)"
    elif [ "$t" = fuzz_interleaving ] && is_known "$profile" "$sig"; then
      status=known
    else
      status="**NEW**"
      NEW_FINDINGS=$((NEW_FINDINGS + 1))
    fi
    local repro="\`${profile:+SYNCSIM_FUZZ_PROFILES=$profile }build/fuzz/fuzz/$t ${input#"$ROOT"/}\`"
    [ "$profile" = - ] && repro="\`build/fuzz/fuzz/$t ${input#"$ROOT"/}\`"
    [ -f "$trace" ] && repro="$repro, \`syncsim replay ${trace#"$ROOT"/}\`"
    echo "| $status | $t | $profile | $sig | $(wc -c <"$input") | $repro |"
  done
}

write_report() {
  local out=$STATE/reports/$(date -u +%Y%m%dT%H%M%SZ).md regress
  mkdir -p "$STATE/reports"
  for t in $TARGETS; do  # this session's part of each log
    awk -v since="$(cat "$SESSION/started")" '/^=== / { on = ($2 >= since) } on' \
      "$STATE/$t/logs/explore.log" >"$STATE/$t/logs/explore.log.session" 2>/dev/null
  done
  regress=$(cat "$STATE/fuzz_interleaving/regress.txt" 2>/dev/null || echo "not run")
  local rows
  rows=$(finding_rows)
  bail_if_interrupted  # the rows may be cut short: no report rather than a wrong one
  NEW_FINDINGS=$(grep -c '\*\*NEW\*\*' <<<"$rows")
  {
    echo "# syncsim nightly fuzzing report"
    echo
    echo "- session started $(cat "$SESSION/started"), report written $(date -u +%FT%TZ)"
    echo "- commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with local changes)')"
    echo "- budget ${MINUTES} min per target, -fork=$JOBS on $(nproc) cores; profiles: ${PROFILES:-all}"
    echo "- known findings accepted by fuzz_interleaving: $(known_spec)"
    echo
    echo "## Stashpad check (fuzz_interleaving, empty corpus, every profile, nothing known)"
    echo
    if [ "${regress%% *}" = none ] || [ "$regress" = "not run" ]; then
      echo "No finding ($regress)."
    else
      read -r ms p s <<<"$regress"
      echo "First finding after $ms ms: \`$p\` \`$s\`$(is_known "$p" "$s" && echo ' (known)')."
    fi
    echo
    echo "## Targets (this session)"
    echo
    echo "| target | seconds | execs | execs/s | cov first → last | features | corpus after merge | crash files |"
    echo "|---|---|---|---|---|---|---|---|"
    target_rows
    echo
    echo "## Findings (deduplicated by target, profile and signature; minimized)"
    echo
    echo "| status | target | profile | signature | input bytes | reproduce |"
    echo "|---|---|---|---|---|---|"
    echo "$rows"
    echo
    echo "New: $NEW_FINDINGS. Accept a new fuzz_interleaving finding with \`tools/nightly --promote\`"
    echo "(copies it to corpus/findings/ and lists it in corpus/known-findings); fix the others."
  } >"$out.part"
  bail_if_interrupted
  mv "$out.part" "$out" && cp "$out" "$STATE/report.md.part" && mv "$STATE/report.md.part" "$STATE/report.md"
  log "report: $out"
  grep -E '^\| (\*\*NEW|known|fixed)' "$out" >&2
}

promote_new() {
  local info t profile sig sha crash dir rel
  for info in "$STATE"/findings/fuzz_interleaving/*/*/finding; do
    [ -f "$info" ] || continue
    read -r t profile sig sha crash <"$info"
    is_known "$profile" "$sig" && continue
    dir=$(dirname "$info")
    still_fails "$t" "$profile" "$sig" "$dir/$sha" || continue
    rel=corpus/findings/$profile/$sig/$sha
    mkdir -p "$ROOT/$(dirname "$rel")"
    cp "$dir/$sha" "$ROOT/$rel"
    cp "$dir/$sha.trace" "$ROOT/$rel.trace" 2>/dev/null
    [ -f "$dir/$sha.shrunk.trace" ] && cp "$dir/$sha.shrunk.trace" "$ROOT/$rel.shrunk.trace"
    echo "$profile $sig $rel" >>"$KNOWN_FILE"
    log "promoted $profile $sig -> $rel"
  done
}
