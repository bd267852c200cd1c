#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium loads the one-file report of
# a committed finding trace, the rendered DOM shows every orphan marked, and a screenshot is
# the right size, not blank, and contains the orphan colour. A copy of the page with the orphan
# marking removed must fail the same screenshot check (so the test cannot pass vacuously).
# Skips (exit 77, SKIP_RETURN_CODE in tests/CMakeLists.txt) only when chromium is missing.
# usage: render_html.sh <syncsim> <source-dir>
set -uo pipefail
S=$1
SRC=$2
TRACE=$SRC/corpus/traces/realm-h1-reachability-orphan.trace
ORPHAN_RGB=e0001b  # .orphan in tools/render/html_tree.cpp; used for nothing else
W=1024
H=768
fail() { echo "FAIL: $*" >&2; exit 1; }
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "SKIP: render_html.sh needs headless Chromium, which is not installed" >&2
  echo "SKIP: install it with: SYNCSIM_WITH_BROWSER=1 tools/setup   (Debian package 'chromium')" >&2
  exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"

browser() {  # a private profile per run: other engineers' browsers must not interfere
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$T/profile" "$@" 2>>"$T/chromium.log"
}
screenshot_shows_orphans() {  # <html file> <png file>
  rm -f "$2"
  browser --window-size=$W,$H --screenshot="$2" "file://$1" >/dev/null
  [ -s "$2" ] || { tail -5 "$T/chromium.log" >&2; fail "chromium wrote no screenshot of $1"; }
  python3 "$SRC/tests/cli/png_check.py" "$2" $W $H $ORPHAN_RGB 200
}

"$S" render "$TRACE" --format html -o "$T/report.html" 2>"$T/err" || { cat "$T/err" >&2; fail "render --format html"; }
"$S" render "$TRACE" --format json -o "$T/report.json" 2>/dev/null || fail "render --format json"
mapfile -t ORPHANS < <(jq -r '[.trees.after[].orphans[]] | unique | .[]' "$T/report.json")
[ ${#ORPHANS[@]} -gt 0 ] || fail "the trace orphans nothing: wrong trace"

# The rendered DOM (after parsing, as the browser sees it) marks every orphan.
browser --dump-dom "file://$T/report.html" >"$T/dom.html"
grep -q '<section id="trees">' "$T/dom.html" || { tail -5 "$T/chromium.log" >&2; fail "chromium did not render the page"; }
for n in "${ORPHANS[@]}"; do
  grep -q "<span class=\"orphan\"[^>]*>$n (orphan)</span>" "$T/dom.html" || fail "orphan $n is not marked in the trees"
  grep -q "<span class=\"orphan\">[a-z0-9]*: $n</span>" "$T/dom.html" || fail "orphan $n is not in the summary"
done
grep -q 'class="violation"' "$T/dom.html" || fail "no violation shown"
grep -q "replay $TRACE" "$T/dom.html" || fail "no replay command"
grep -q '<svg class="sequence"' "$T/dom.html" || fail "no sequence diagram"
for lane in c1 server r2m m2r Atlas admin; do
  grep -q "<text[^>]*>$lane</text>" "$T/dom.html" || fail "lane $lane missing from the diagram"
done

# The screenshot: right size, not blank, the orphan colour visible above the fold.
screenshot_shows_orphans "$T/report.html" "$T/shot.png" || fail "screenshot check failed"

# Control: without the orphan marking the same check must fail.
sed -e 's/class="orphan"/class="note"/g' -e 's/class="orphan-note"/class="note"/g' "$T/report.html" >"$T/unmarked.html"
if screenshot_shows_orphans "$T/unmarked.html" "$T/unmarked.png" >"$T/control.out" ||
   ! grep -q "the orphan marking is not shown" "$T/control.out"; then
  cat "$T/control.out" >&2
  fail "control: without the orphan marking the screenshot check must fail on the colour"
fi
echo "render_html tests passed (orphans: ${ORPHANS[*]})"
