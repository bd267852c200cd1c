#!/usr/bin/env bash
# Every C++ source file is formatted as .clang-format says (clang-format 14, Debian's
# clang-format-14, installed by tools/setup). Usage: format.sh <source-dir>
# Prints each file that differs and the command that fixes it; exits 1 if there is one.
set -uo pipefail
SRC=${1:?usage: format.sh <source-dir>}
cd "$SRC" || exit 2
FORMAT=$(command -v clang-format-14 || true)
[ -n "$FORMAT" ] || { echo "format.sh: clang-format-14 not found (tools/setup installs it)"; exit 1; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files --cached --others --exclude-standard -- '*.cpp' '*.h' '*.hpp' | sort -u >"${TMPDIR:-/tmp}/format.$$"
else
  # .gitignore's generated trees pruned too (node_modules/: the differential harness's npm ci)
  find . \( -path ./build -o -path ./.git -o -name node_modules \) -prune -o \
    -type f \( -name '*.cpp' -o -name '*.h' -o -name '*.hpp' \) -print |
    sed 's|^\./||' | sort >"${TMPDIR:-/tmp}/format.$$"
fi
bad=0
while IFS= read -r f; do
  [ -f "$f" ] || continue
  if ! "$FORMAT" --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "$f: not clang-format clean (fix: clang-format-14 -i $f)"
    bad=1
  fi
done <"${TMPDIR:-/tmp}/format.$$"
rm -f "${TMPDIR:-/tmp}/format.$$"
exit "$bad"
