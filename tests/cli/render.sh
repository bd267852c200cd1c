#!/usr/bin/env bash
# Golden CLI tests of `syncsim render` on a committed finding trace: every format
# exits 0 and is byte-identical across runs; Mermaid is a sequence diagram with every lane;
# DOT is a digraph with the orphans red and dashed (and passes `dot -Tsvg` when Graphviz is
# installed); JSON is one object that jq parses; HTML is self-contained and escapes what it
# takes from the trace; bad input exits 2 with one line.
# usage: render.sh <syncsim> <source-dir>
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
TRACE=$SRC/corpus/traces/realm-h1-reachability-orphan.trace
cd "$T"

# Every format exits 0, and the same trace renders to the same bytes.
for f in text mermaid dot json html; do
  expect_rc 0 "$S" render "$TRACE" --format "$f" -o "$T/a.$f"
  expect_rc 0 "$S" render "$TRACE" --format "$f" -o "$T/b.$f"
  cmp -s "$T/a.$f" "$T/b.$f" || fail "--format $f is not deterministic"
done
expect_rc 0 "$S" render "$TRACE" --format mermaid
cmp -s "$T/out" "$T/a.mermaid" || fail "stdout and -o differ"

# JSON: one object with version, timeline, trees before/after and violations.
jq -e '.version and .command == "render" and (.timeline|length) > 0 and (.trees.before|length) == (.trees.after|length)
       and (.violations|map(.property + "-" + .kind)|index("reachability-orphan")) != null
       and .lanes == ["c1","server","r2m","m2r","Atlas","admin"]
       and (.replay_command|endswith("replay '"$TRACE"'"))' "$T/a.json" >/dev/null || fail "JSON content"
jq -e '[.trees.before[].orphans[]] | length == 0' "$T/a.json" >/dev/null || fail "orphans before anything ran"
mapfile -t ORPHANS < <(jq -r '[.trees.after[].orphans[]] | unique | .[]' "$T/a.json")
[ ${#ORPHANS[@]} -gt 0 ] || fail "the committed trace orphans nothing"
expect_rc 0 "$S" render "$TRACE" --json
cmp -s "$T/out" "$T/a.json" || fail "--json differs from --format json"

# Text: the timeline, the violation, the trees with orphans marked, the replay command.
grep -q '^timeline (' "$T/a.text" || fail "text: no timeline"
grep -q '^VIOLATION reachability/orphan' "$T/a.text" || fail "text: no violation"
grep -q "^replay with: .*replay $TRACE\$" "$T/a.text" || fail "text: no replay command"
grep -q 'ORPHANED: ' "$T/a.text" || fail "text: trees do not mark the orphans"

# Mermaid: a sequence diagram with every lane, arrows, and the loss marked.
[ "$(head -1 "$T/a.mermaid")" = sequenceDiagram ] || fail "mermaid: does not start with sequenceDiagram"
for lane in c1 server r2m m2r Atlas admin; do
  grep -q "^    participant $lane\$" "$T/a.mermaid" || fail "mermaid: lane $lane missing"
done
grep -q '^    c1->>server: .*upload\[' "$T/a.mermaid" || fail "mermaid: no upload arrow"
grep -q '^    m2r->>server: .*reinsert' "$T/a.mermaid" || fail "mermaid: no re-insert arrow"
grep -q '^    admin->>server: .*deploy' "$T/a.mermaid" || fail "mermaid: no deploy arrow"
for n in "${ORPHANS[@]}"; do
  grep -q "Note over .*: LOSS VISIBLE: .*$n.* orphaned on" "$T/a.mermaid" || fail "mermaid: loss of $n not marked"
done

# DOT: one cluster per replica, orphans red and dashed.
head -1 "$T/a.dot" | grep -q '^digraph ' || fail "dot: not a digraph"
[ "$(grep -c 'subgraph cluster_' "$T/a.dot")" -eq "$(jq '.trees.after|length' "$T/a.json")" ] || fail "dot: one cluster per replica"
for n in "${ORPHANS[@]}"; do
  grep -q "label=\"$n (orphan)\", class=\"orphan\", color=red, fontcolor=red, style=dashed" "$T/a.dot" ||
    fail "dot: orphan $n not marked"
done
if command -v dot >/dev/null; then
  dot -Tsvg "$T/a.dot" >"$T/a.svg" 2>"$T/err" || { cat "$T/err" >&2; fail "dot -Tsvg rejects the graph"; }
else
  echo "note: graphviz not installed, dot -Tsvg not checked" >&2
fi

# HTML: one file, no network (no scripts, no external references), orphans marked.
grep -q '^<!DOCTYPE html>' "$T/a.html" || fail "html: no doctype"
! grep -Eqi '<script|<link|<img|<iframe|https?:|src=' "$T/a.html" || fail "html: refers to something outside the file"
for n in "${ORPHANS[@]}"; do
  grep -q "<span class=\"orphan\"[^>]*>$n (orphan)</span>" "$T/a.html" || fail "html: orphan $n not marked"
done
grep -q '<svg class="sequence"' "$T/a.html" || fail "html: no sequence diagram"
grep -q '<section id="timeline">' "$T/a.html" || fail "html: no timeline"
# Everything taken from the trace is escaped (here: its file name).
cp "$TRACE" "$T/a<b>&\"c'.trace"
expect_rc 0 "$S" render "$T/a<b>&\"c'.trace" --format html
grep -q 'a&lt;b&gt;&amp;&quot;c&#39;.trace' "$T/out" || fail "html: the trace name is not escaped"
! grep -q 'a<b>' "$T/out" || fail "html: raw trace name in the page"
expect_rc 0 "$S" render "$T/a<b>&\"c'.trace" --format dot
! grep -q 'a<b>&"c' "$T/out" || fail "dot: unescaped quote in the trace name"

# docs/CATALOG.md draws every pattern's example as a Mermaid sequence diagram.
[ "$(grep -c '^### Pattern' "$SRC/docs/CATALOG.md")" -eq "$(grep -c '^```mermaid$' "$SRC/docs/CATALOG.md")" ] ||
  fail "docs/CATALOG.md: not one Mermaid diagram per pattern"
grep -A1 '^```mermaid$' "$SRC/docs/CATALOG.md" | grep -q '^sequenceDiagram$' || fail "docs/CATALOG.md: not a sequence diagram"

# Bad input: exit 2, one line (file:line: for a bad trace line).
expect_rc 2 "$S" render "$T/missing.trace" --format text
one_line_error
expect_rc 2 "$S" render "$TRACE" --format svg
one_line_error
printf 'syncsim-trace 1\nseed 1\nbogus line\n' >"$T/bad.trace"
expect_rc 2 "$S" render "$T/bad.trace"
one_line_error
grep -q "bad.trace:3:" "$T/err" || fail "bad trace: no file:line:"
expect_rc 2 "$S" render "$SRC/corpus/scenarios/stashpad-mini.scn"
one_line_error
expect_rc 2 "$S" render "$TRACE" --profile no-such-profile
one_line_error
cp "$TRACE" "$T/self.trace"
expect_rc 2 "$S" render "$T/self.trace" -o "$T/./self.trace"
one_line_error
cmp -s "$TRACE" "$T/self.trace" || fail "render -o overwrote its own trace"
touch "$T/file"
expect_rc 2 "$S" render "$TRACE" --format html -o "$T/file/report.html"
one_line_error
# verdant-5.5: a client's tree is what it shows (shown_store, as the checkers read it), and the
# note it stores but hides (n2.1, v1 data on a v2 client, D1) is listed under `hidden`.
H="$SRC/tests/cli/data/verdant-5.5-hidden-at-read.trace"
expect_rc 0 "$S" render "$H" --format json -o "$T/h.json"
jq -e '.trees.after[0] | .replica == "c1" and .hidden == ["n2.1"] and .children == {"root": []}' \
  "$T/h.json" >/dev/null || fail "verdant-5.5: c1's rendered tree is not its shown view with n2.1 hidden"
jq -e '[.trees.after[1:][] | has("hidden")] | any | not' "$T/h.json" >/dev/null ||
  fail "verdant-5.5: a replica that hides nothing lists hidden notes"
expect_rc 0 "$S" render "$H" --format html -o "$T/h.html"
grep -q 'hidden (stored, invalid at this client' "$T/h.html" || fail "the HTML tree does not mark n2.1 hidden"
echo "render CLI tests passed (orphans: ${ORPHANS[*]})"
