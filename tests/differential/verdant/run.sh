#!/usr/bin/env bash
# ctest `differential.verdant` (label differential): every row of docs/differential.md on the
# real Verdant (harness.mjs --all --check), then a self-test of the expectations (each row's
# checks must reject the other truancy-race variant of the same row), then the model side
# (model_side.sh); then the same rows on store 5.5.0 + server 4.2.5 built from source
# (harness.mjs --verdant 5.5 --all --check, selftest.mjs --verdant 5.5), which needs
# SYNCSIM_VERDANT_SRC (a clone of a-type/verdant at 51f18252) and setup-5.5.sh's build.
# Usage: run.sh SYNCSIM_BINARY SOURCE_DIR
#
# A missing prerequisite (Node >= 20, node_modules from `npm ci`, SYNCSIM_VERDANT_SRC and the
# 5.5 build) prints "not run: <what>" and exits 77 (ctest's SKIP_RETURN_CODE), after running
# whatever does not need it; with SYNCSIM_DIFFERENTIAL_REQUIRED=1 (set by `tools/test
# differential`) it is a failure instead, exit 1.
set -uo pipefail
syncsim=${1:?usage: run.sh SYNCSIM_BINARY SOURCE_DIR}
src=${2:?usage: run.sh SYNCSIM_BINARY SOURCE_DIR}
# absolute, since the rows run from the harness's directory
src=$(cd "$src" && pwd) || exit 1
case $syncsim in /*) ;; *) syncsim="$PWD/$syncsim" ;; esac
here="$src/tests/differential/verdant"

missing() {
  echo "not run: $1"
  if [ "${SYNCSIM_DIFFERENTIAL_REQUIRED:-0}" = 1 ]; then exit 1; fi
  exit 77
}

command -v node >/dev/null || missing "node (Node.js >= 20) is not on PATH"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || missing "Node.js >= 20 (found $(node --version))"
[ -f "$here/node_modules/@verdant-web/store/package.json" ] ||
  missing "node_modules (run: cd tests/differential/verdant && npm ci)"
# opening a database loads the native module (a bare require does not)
(cd "$here" && node -e 'require("better-sqlite3")(":memory:").close()' 2>/dev/null) ||
  missing "a loadable better-sqlite3 (run npm ci again; it builds the native module)"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$here" || exit 1

# rows VERSION: every row on that Verdant, checked; then the self-test on the recorded rows.
rows() {
  local start=$SECONDS status
  node harness.mjs --verdant "$1" --all --check >"$out/rows-$1.json" 2>"$out/stderr-$1"
  status=$?
  grep -v '^Running migrations' "$out/stderr-$1" >&2
  if [ $status -ne 0 ]; then
    echo "FAIL: the real Verdant $1 differs from the expectations; rows:" >&2
    grep -A12 '"check": \[' "$out/rows-$1.json" >&2
    exit 1
  fi
  echo "harness $1: every row as expected in $((SECONDS - start)) s" >&2
  node selftest.mjs "$out/rows-$1.json" --verdant "$1" || exit 1
}

rows 3.2
bash "$here/model_side.sh" "$syncsim" "$src" || exit 1
missing_55=$(node build55.mjs) || missing "the 5.5 rows: $missing_55"
rows 5.5
