# Sourced by tools/nightly (triage of new crashes); uses its globals (ROOT, STATE, SESSION, BIN_DIR, ...).
# shellcheck shell=bash

# --- triage: identify, dedup by (profile, signature), minimize, store with a trace ---------

# Directory-safe signature (sanitizer DEDUP tokens are stack frames).
safe_sig() { printf '%s' "$1" | tr -c 'A-Za-z0-9._-' '_' | cut -c1-100; }
token_of() { sed -n 's/^DEDUP_TOKEN: //p' | head -1; }
trace_profile() { awk '$1 == "profile" { print $2; exit }' "$1"; }
trace_signature() { awk '$1 == "result" { print $2 "-" $3; exit }' "$1"; }

# Prints "profile signature" of a crash input: from the trace fuzz_interleaving wrote for it,
# or by running it again (sanitizer reports, timeouts, the parser targets).
identify_crash() {  # target file
  local t=$1 f=$2 name sha trace tmp=$STATE/tmp/identify out sig profile=-
  name=$(basename "$f")
  sha=${name#*-}
  trace=$STATE/$t/traces/$sha.trace
  if [ "$t" = fuzz_interleaving ] && [ -f "$trace" ]; then
    echo "$(trace_profile "$trace") $(trace_signature "$trace")"
    return
  fi
  rm -rf "$tmp" && mkdir -p "$tmp"
  out=$(env SYNCSIM_FINDINGS="$tmp" SYNCSIM_FUZZ_KNOWN= ${PROFILES:+SYNCSIM_FUZZ_PROFILES=$PROFILES} \
    ASAN_OPTIONS=dedup_token_length=3 UBSAN_OPTIONS=dedup_token_length=3:print_stacktrace=1 \
    "${ONE_INPUT[@]}" "$BIN_DIR/$t" "$f" 2>&1)
  sig=$(token_of <<<"$out")
  [ -n "$sig" ] || sig=${name%%-*}  # timeout, oom, leak, slow-unit: libFuzzer's artifact kind
  if [ -f "$tmp/$sha.trace" ]; then profile=$(trace_profile "$tmp/$sha.trace"); fi
  echo "$profile $(safe_sig "$sig")"
}

# Optional: `syncsim shrink` (when the CLI has it) makes the trace 1-minimal.
shrink_trace() {  # trace
  local cli
  for cli in "$ROOT/build/default/syncsim" "$(command -v syncsim 2>/dev/null)"; do
    [ -x "$cli" ] || continue
    "$cli" --help 2>&1 | grep -qE '^ +shrink( |$)' || continue
    "$cli" shrink "$1" -o "${1%.trace}.shrunk.trace" >/dev/null 2>&1 ||
      log "syncsim shrink failed on $1 (kept the unshrunk trace)"
    return
  done
}

# Minimizes a crash with libFuzzer (-minimize_crash keeps the DEDUP_TOKEN) under the crash's
# own profile alone, re-runs the result to write its trace, stores both under $dest.
minimize_into() {  # target profile signature crash-file dest
  local t=$1 profile=$2 sig=$3 f=$4 dest=$5 tmp=$STATE/tmp/minimize sha got
  rm -rf "$tmp" && mkdir -p "$tmp/traces" "$tmp/final" "$tmp/store"
  local -a penv=(SYNCSIM_FUZZ_KNOWN= ASAN_OPTIONS=dedup_token_length=3
    UBSAN_OPTIONS=dedup_token_length=3:print_stacktrace=1)
  if [ "$profile" != - ]; then penv+=("SYNCSIM_FUZZ_PROFILES=$profile")
  elif [ -n "$PROFILES" ]; then penv+=("SYNCSIM_FUZZ_PROFILES=$PROFILES"); fi
  run_waited env "${penv[@]}" SYNCSIM_FINDINGS="$tmp/traces" "$BIN_DIR/$t" -minimize_crash=1 \
    -max_total_time=$MIN_SECONDS -timeout=20 -exact_artifact_path="$tmp/min" "$f" \
    >"$tmp/minimize.log" 2>&1
  bail_if_interrupted
  [ -f "$tmp/min" ] || cp "$f" "$tmp/min"
  got=$(env "${penv[@]}" SYNCSIM_FINDINGS="$tmp/final" "${ONE_INPUT[@]}" "$BIN_DIR/$t" "$tmp/min" 2>&1 | token_of)
  bail_if_interrupted
  if [ "$(safe_sig "$got")" != "$sig" ]; then  # minimization drifted: keep the original
    cp "$f" "$tmp/min"
    rm -rf "$tmp/final" && mkdir -p "$tmp/final"
    env "${penv[@]}" SYNCSIM_FINDINGS="$tmp/final" "${ONE_INPUT[@]}" "$BIN_DIR/$t" "$tmp/min" >/dev/null 2>&1
    bail_if_interrupted
  fi
  sha=$(sha1sum "$tmp/min" | cut -c1-40)
  cp "$tmp/min" "$tmp/store/$sha"
  if [ -f "$tmp/final/$sha.trace" ]; then
    cp "$tmp/final/$sha.trace" "$tmp/store/$sha.trace"
    shrink_trace "$tmp/store/$sha.trace"
  fi
  printf '%s %s %s %s %s\n' "$t" "$profile" "$sig" "$sha" "$(basename "$f")" >"$tmp/store/finding"
  mkdir -p "$(dirname "$dest")" && mv "$tmp/store" "$dest"
  log "stored $t $profile $sig: $(wc -c <"$dest/$sha") bytes (from $(wc -c <"$f"))"
}

triage_target() {
  local t=$1 d=$STATE/$1 f name id profile sig dest
  for f in "$d"/crashes/*; do
    [ -f "$f" ] || continue
    name=$(basename "$f")
    [ -e "$d/triaged/$name" ] && continue
    id=$(identify_crash "$t" "$f")
    bail_if_interrupted  # a Ctrl-C cut the identification short: do not mark it triaged
    profile=${id%% *} sig=${id#* }
    dest=$STATE/findings/$t/$profile/$sig
    if [ ! -d "$dest" ]; then minimize_into "$t" "$profile" "$sig" "$f" "$dest"; fi
    echo "$profile $sig" >"$d/triaged/$name"
    bail_if_interrupted
  done
}
