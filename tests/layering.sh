#!/usr/bin/env bash
# The rooms' rules (README "Layout"), checked on the source tree. Usage: layering.sh <source-dir>
# Prints every offending `file:line: rule: text` and exits 1 if there is one, 0 otherwise.
#  - includes point one way: tools -> fuzz -> search (sim/search/) -> properties -> the kernel
#    and the trace format (the rest of sim/) -> model. The search room calls the checkers; the
#    checkers and the kernel never include the search room, and the kernel never includes the
#    checkers;
#  - the kernel (sim/ except its search room sim/search/) reads no wall clock: time is virtual;
#  - only tools/ and fuzz/ write files (model/, sim/ and properties/ never do);
#  - planted-bug hooks (SYNCSIM_PLANTED) live in model/*.cpp only (the planted build's reuse);
#  - no source file passes 500 lines;
#  - the repo is self-contained: no reference to the private notes it was built from (the
#    shared folder, its spec and design files) or to its own tracker's issue numbers.
#    A third party's issue or pull request may be cited with its repository on the same line.
set -uo pipefail
SRC=${1:?usage: layering.sh <source-dir>}
cd "$SRC" || exit 2
SELF=tests/layering.sh
SELFTEST=tests/layering_selftest.sh
MAX_LINES=500
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# Every file of the checkout that git would track (untracked new files included), or every file
# under the source dir when it is not a git checkout (e.g. an unpacked release).
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files --cached --others --exclude-standard | sort -u >"$T/all"
else
  # .gitignore's generated trees pruned too (node_modules/: the differential harness's npm ci)
  find . \( -path ./build -o -path ./.git -o -path ./findings -o -path ./out -o -name node_modules \) \
    -prune -o -type f -print | sed 's|^\./||' | sort >"$T/all"
fi
# Keep only the files that still exist (a deletion not yet committed is listed by git).
while IFS= read -r f; do [ -f "$f" ] && echo "$f"; done <"$T/all" >"$T/files"

# C++ sources under the given top-level folders.
cxx_under() { grep -E "^($(IFS='|'; echo "$*"))/.*\.(cpp|cc|h|hpp)$" "$T/files"; }

# scan RULE STRIP REGEX FILE...: prints `file:line: RULE: text` for every line matching the Perl
# REGEX. STRIP=1 drops `//` comments first (code rules); STRIP=0 scans whole lines.
scan() {
  local rule=$1 strip=$2 re=$3
  shift 3
  [ $# -eq 0 ] && return 0
  RULE=$rule STRIP=$strip RE=$re perl -ne '
    BEGIN { $re = qr/$ENV{RE}/ }
    my $l = $_; chomp $l; my $code = $l;
    $code =~ s{//.*$}{} if $ENV{STRIP};
    print "$ARGV:$.: $ENV{RULE}: $l\n" if $code =~ $re;
    close ARGV if eof;' "$@" >>"$T/found"
}
: >"$T/found"

inc='^\s*#\s*include\s*[<"]'
mapfile -t model < <(cxx_under model)
mapfile -t sim < <(cxx_under sim)
mapfile -t props < <(cxx_under properties)
mapfile -t kernel < <(cxx_under sim | grep -v '^sim/search/')
mapfile -t fuzz < <(cxx_under fuzz)
scan "model/ includes sim/, properties/, tools/ or fuzz/" 0 "$inc(sim|properties|tools|fuzz)/" "${model[@]}"
scan "sim/ includes tools/ or fuzz/" 0 "$inc(tools|fuzz)/" "${sim[@]}"
scan "the kernel includes properties/ or the search room sim/search/" 0 \
  "$inc(properties|sim/search)/" "${kernel[@]}"
scan "properties/ includes tools/, fuzz/ or the search room sim/search/" 0 \
  "$inc(tools|fuzz|sim/search)/" "${props[@]}"
scan "fuzz/ includes tools/" 0 "${inc}tools/" "${fuzz[@]}"

clock='\b(system_clock|steady_clock|high_resolution_clock|clock_gettime|gettimeofday)\b'
clock+='|(?<![\w.>:])(std::|::)?time\s*\('
scan "the kernel reads the wall clock (time is the scheduler's)" 1 "$clock" "${kernel[@]}"

writes='(?<!\w)(std::)?o?fstream\b|\bfreopen\b|\bfopen\s*\([^;]*"[^"]*[wa+][^"]*"'
writes+='|\bO_(WRONLY|RDWR|CREAT|TRUNC|APPEND)\b|\bcreate_director(y|ies)\b'
writes+='|\bfilesystem::(rename|remove|remove_all|copy|copy_file|resize_file)\b'
scan "writes a file outside tools/ and fuzz/" 1 "$writes" "${model[@]}" "${sim[@]}" "${props[@]}"

# The planted-bug build reuses the kernel's, checkers' and search's objects (tests/CMakeLists.txt):
# only model/*.cpp may depend on SYNCSIM_PLANTED_BUGS, never a header or another room.
mapfile -t not_model_cpp < <(cxx_under model sim properties tools fuzz bench |
  grep -v -x -e 'model/planted.h' | grep -v -E '^model/[^/]*\.cpp$')
scan "planted-bug hook outside model/*.cpp (the planted build reuses the other objects)" 1 \
  '\bSYNCSIM_PLANTED(_BUGS)?\b|model/planted\.h' "${not_model_cpp[@]}"

# Source files: C++ and scripts (by extension, or an extension-less file starting with `#!`).
grep -E '^(model|sim|properties|tools|fuzz|tests|bench)/' "$T/files" | while IFS= read -r f; do
  case $f in
    *.cpp | *.cc | *.h | *.hpp | *.sh | *.py) echo "$f" ;;
    */*.*) ;;
    *) [ "$(head -c2 "$f")" = '#!' ] && echo "$f" ;;
  esac
done | xargs -r wc -l | awk -v max=$MAX_LINES '$2 != "total" && $1 > max {
  printf "%s:%d: source file passes %d lines (%d)\n", $2, $1, max, $1 }' >>"$T/found"

# References, in every text file except this script, its self-test and the renamer (they name
# the patterns).
mapfile -t text < <(grep -v -x -e "$SELF" -e "$SELFTEST" "$T/files" | xargs -r -d '\n' grep -Il '')
scan "refers to the private shared folder or its seeds (cite docs/incidents.md)" 0 \
  '\.\./shared\b|\bshared/(seeds|MODEL|DESIGN)|\bseeds/[\w.-]+\.(txt|md)\b' "${text[@]}"
scan "cites MODEL (cite docs/spec.md §N: spec §N)" 0 '\bMODEL\b' "${text[@]}"
scan "cites DESIGN (not in the repo: cite README or docs/)" 0 '\bDESIGN\b' "${text[@]}"
third_party='verdant|realm-core|realm-js|realm-swift|realm-kotlin|docs-realm|a-type/|mongodb/'
third_party+='|stashpad/|github\.com/'
scan "cites an issue number of the project's tracker" 0 \
  "(?i)^(?!.*($third_party)).*(\\bissues? #?\\d|\\bpull request #?\\d|\\bPR #\\d|(^|[\\s(\\[,;])#\\d+\\b)" \
  "${text[@]}"

# Known exceptions live in tests/layering-exceptions of the checked tree (file|rule|reason, one
# per line; # starts a comment); one that no longer matches anything is an error so the list
# cannot rot. An exception whose file no longer exists (moved) is ignored.
EXCEPTIONS=tests/layering-exceptions
grep -v -e '^#' -e '^$' "$EXCEPTIONS" 2>/dev/null >"$T/exceptions"
while IFS='|' read -r file rule reason; do
  [ -f "$file" ] || continue
  if grep -qF "$file:" "$T/found" && grep -F "$file:" "$T/found" | grep -qF ": $rule"; then
    grep -vF -e "$file:" "$T/found" >"$T/keep"
    grep -F "$file:" "$T/found" | grep -vF ": $rule" >>"$T/keep"
    mv "$T/keep" "$T/found"
    echo "layering: known exception: $file: $rule ($reason)" >&2
  else
    echo "$EXCEPTIONS: stale exception: $file no longer matches \"$rule\": remove it" >>"$T/found"
  fi
done <"$T/exceptions"

if [ -s "$T/found" ]; then
  sort -t: -k1,1 -k2,2n "$T/found"
  echo "layering: $(wc -l <"$T/found") violation(s)" >&2
  exit 1
fi
echo "layering: ok ($(wc -l <"$T/files") files)"
