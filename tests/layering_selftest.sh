#!/usr/bin/env bash
# Proves tests/layering.sh on a scratch tree: one planted violation per rule must be reported
# with its exact file:line and rule, and the look-alikes next to them (a comment, the search
# room's clock and its include of the checkers, the checkers' include of the kernel, a file
# read, a third party's issue, a CSS colour, a planted-bug hook in model/*.cpp) must not be.
# Usage: layering_selftest.sh <path of layering.sh>
set -uo pipefail
CHECK=${1:?usage: layering_selftest.sh <layering.sh>}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
R=$T/tree  # the scratch source tree; the expected and actual reports stay outside it
mkdir -p "$R" && cd "$R" || exit 2
mkdir -p model sim/search properties tools fuzz docs tests

# A clean tree passes.
echo '#include "model/store.h"' >sim/world.cpp
bash "$CHECK" "$R" >"$T/out" 2>"$T/err" || { cat "$T/out" "$T/err" >&2; fail "a clean tree is reported"; }

cat >model/a.h <<'EOF'
#include "model/store.h"
#include "sim/world.h"
inline bool hooked() { return SYNCSIM_PLANTED(InsertLosesItsLink); }
EOF
echo 'bool hooked() { return SYNCSIM_PLANTED(InsertLosesItsLink); }' >model/hooks.cpp
cat >sim/b.cpp <<'EOF'
#include "sim/trace/scenario.h"
#include "properties/check.h"
// steady_clock is not read here: a comment
auto t0 = std::chrono::steady_clock::now();
std::FILE* in = std::fopen(path.c_str(), "rb");
std::FILE* out = std::fopen(path.c_str(), "w");
EOF
cat >sim/search/c.cpp <<'EOF'
auto t0 = std::chrono::steady_clock::now();
#include "sim/world.h"
#include "properties/check.h"
#include "tools/cli/common.h"
EOF
echo '#include "sim/search/explore.h"' >sim/e.h
printf '#include "properties/check.h"\n#include "tools/cli/common.h"\n' >fuzz/f.cpp
cat >properties/d.cpp <<'EOF'
#include "tools/cli/common.h"
std::ofstream(path) << text;
#include "sim/world.h"
#include "sim/search/shrink.h"
EOF
echo '#!/bin/sh' >tools/long
for i in $(seq 2 501); do echo ":" >>tools/long; done
seq 500 >tools/short.sh
cat >docs/e.md <<'EOF'
As spec §3 says.
As MODEL §3 says.
See PRIVATE_DIR/seeds/x.txt.
Written in DESIGN.md.
Fixed in issue 12.
Fixed in #12.
Verdant issue #327 is cited with its repository.
realm-core PR #7112 too.
Not issues: color:#222, &#39;.
EOF
echo '// clean, but listed as a known exception' >properties/rc_world.h
printf '%s\n' '# file|rule|reason' \
  'properties/rc_world.h|writes a file outside tools/ and fuzz/|a stale exception' >tests/layering-exceptions

cat >"$T/want" <<'EOF'
docs/e.md:2: cites MODEL (cite docs/spec.md §N: spec §N): As MODEL §3 says.
docs/e.md:3: refers to the private shared folder or its seeds (cite docs/incidents.md): See PRIVATE_DIR/seeds/x.txt.
docs/e.md:4: cites DESIGN (not in the repo: cite README or docs/): Written in DESIGN.md.
docs/e.md:5: cites an issue number of the project's tracker: Fixed in issue 12.
docs/e.md:6: cites an issue number of the project's tracker: Fixed in #12.
fuzz/f.cpp:2: fuzz/ includes tools/: #include "tools/cli/common.h"
model/a.h:2: model/ includes sim/, properties/, tools/ or fuzz/: #include "sim/world.h"
model/a.h:3: planted-bug hook outside model/*.cpp (the planted build reuses the other objects): inline bool hooked() { return SYNCSIM_PLANTED(InsertLosesItsLink); }
properties/d.cpp:1: properties/ includes tools/, fuzz/ or the search room sim/search/: #include "tools/cli/common.h"
properties/d.cpp:2: writes a file outside tools/ and fuzz/: std::ofstream(path) << text;
properties/d.cpp:4: properties/ includes tools/, fuzz/ or the search room sim/search/: #include "sim/search/shrink.h"
sim/b.cpp:2: the kernel includes properties/ or the search room sim/search/: #include "properties/check.h"
sim/b.cpp:4: the kernel reads the wall clock (time is the scheduler's): auto t0 = std::chrono::steady_clock::now();
sim/b.cpp:6: writes a file outside tools/ and fuzz/: std::FILE* out = std::fopen(path.c_str(), "w");
sim/e.h:1: the kernel includes properties/ or the search room sim/search/: #include "sim/search/explore.h"
sim/search/c.cpp:4: sim/ includes tools/ or fuzz/: #include "tools/cli/common.h"
tests/layering-exceptions: stale exception: properties/rc_world.h no longer matches "writes a file outside tools/ and fuzz/": remove it
tools/long:501: source file passes 500 lines (501)
EOF
# The private folder's name is assembled here so that this file does not name it itself.
private="../$(printf '%s%s' sha red)"
sed -i "s|PRIVATE_DIR|$private|" docs/e.md "$T/want"
bash "$CHECK" "$R" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] || { cat "$T/out" "$T/err" >&2; fail "exit $rc, want 1"; }
diff "$T/want" "$T/out" >&2 || fail "reported violations differ from the planted ones (want vs got above)"
echo "layering_selftest: ok"
