#!/usr/bin/env bash
# ctest fuzz.cflite_build: runs .clusterfuzzlite/build.sh the way the OSS-Fuzz base image
# runs it (no Docker here): $SRC holding the checkout as $SRC/syncsim, $OUT, $WORK, $CC, $CXX,
# $CXXFLAGS (base-builder's address-sanitizer flags), $LIB_FUZZING_ENGINE, in a clean
# environment. clang-14 stands in for the image's clang; libc++ is used when its headers are
# installed (the image builds with libc++). Then checks $OUT and runs each binary briefly.
# Exit 77 (ctest SKIP_RETURN_CODE) only when clang-14 or its libFuzzer runtime is missing.
# With a replay binary of the normal (g++, libstdc++) build, also checks that every known
# finding gives a byte-identical trace under both builds (no std::hash / sort-tie drift).
# usage: cflite_build.sh <source-dir> <scratch-dir> <shared-work-dir> [<fuzz_interleaving_replay>]
set -u
src=$1 dir=$2 work=$3 replay=${4:-}
targets=(fuzz_interleaving fuzz_trace_parser fuzz_scenario_parser)
if ! command -v clang++-14 >/dev/null; then
  echo "SKIP: clang++-14 is not installed (tools/setup installs it)"
  exit 77
fi
mkdir -p "$dir" "$work" || exit 1
probe='extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }'
if ! clang++-14 -fsanitize=fuzzer -x c++ - -o "$dir/probe" <<<"$probe" 2>/dev/null; then
  echo "SKIP: clang-14's libFuzzer runtime is missing (package libclang-rt-14-dev)"
  exit 77
fi
stdlib="" engine="-fsanitize=fuzzer"
if clang++-14 -stdlib=libc++ -x c++ -fsyntax-only - <<<'#include <vector>' 2>/dev/null; then
  stdlib="-stdlib=libc++"
  # Debian's libFuzzer runtime is built against libstdc++ (OSS-Fuzz's carries a private
  # libc++): link libstdc++ for the engine's own use, as part of the engine.
  engine="-fsanitize=fuzzer -Wl,--push-state,--no-as-needed,-lstdc++,--pop-state"
else
  echo "note: libc++ headers not installed (libc++-14-dev): building against libstdc++"
fi
mkdir -p "$dir/src" && ln -sfn "$src" "$dir/src/syncsim" || exit 1
rm -rf "$dir/out" && mkdir -p "$dir/out" || exit 1
# base-builder: CFLAGS = -O1 -fno-omit-frame-pointer -gline-tables-only
#   -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION + $SANITIZER_FLAGS_address + $COVERAGE_FLAGS.
flags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
flags="$flags -fsanitize=address -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link"
# The shared $WORK may be used by several build trees' ctest runs at once: one at a time.
exec 9>"$work.lock"
flock 9
env -i PATH="$PATH" HOME="${HOME:-/tmp}" \
  SRC="$dir/src" OUT="$dir/out" WORK="$work" \
  CC=clang-14 CXX=clang++-14 CFLAGS="$flags" CXXFLAGS="$flags $stdlib" \
  LIB_FUZZING_ENGINE="$engine" SANITIZER=address FUZZING_ENGINE=libfuzzer \
  FUZZING_LANGUAGE=c++ ARCHITECTURE=x86_64 \
  bash "$src/.clusterfuzzlite/build.sh" >"$dir/build.log" 2>&1
rc=$?
flock -u 9
if [ $rc -ne 0 ]; then
  tail -40 "$dir/build.log"
  echo "FAIL: build.sh exited $rc (log: $dir/build.log)"
  exit 1
fi
failed=0
for t in "${targets[@]}"; do
  [ -x "$dir/out/$t" ] || { echo "FAIL: \$OUT/$t missing"; failed=1; continue; }
  [ -s "$dir/out/$t.dict" ] || { echo "FAIL: \$OUT/$t.dict missing"; failed=1; }
  zip="$dir/out/${t}_seed_corpus.zip"
  count=$(unzip -Z1 "$zip" 2>/dev/null | wc -l)
  [ "$count" -gt 0 ] || { echo "FAIL: $zip missing or empty"; failed=1; continue; }
  seeds="$dir/seeds-$t"
  rm -rf "$seeds" && mkdir -p "$seeds" && unzip -q "$zip" -d "$seeds"
  # A short run over the seeds, with the dictionary, under the correct profiles only (a
  # finding is not what this test is about). A fresh first dir: libFuzzer writes into it.
  rm -rf "$dir/corpus-$t" && mkdir -p "$dir/corpus-$t"
  if ! SYNCSIM_FUZZ_PROFILES=correct SYNCSIM_FINDINGS="$dir/findings" \
      "$dir/out/$t" -runs=300 -seed=1 -dict="$dir/out/$t.dict" -artifact_prefix="$dir/" \
      "$dir/corpus-$t" "$seeds" \
      >"$dir/run-$t.log" 2>&1; then
    tail -20 "$dir/run-$t.log"
    echo "FAIL: $t did not run cleanly over its seeds"
    failed=1
  fi
  echo "ok $t: binary, dict, $count seeds"
done
# Same input, same trace, whichever compiler and standard library built the target.
if [ -n "$replay" ] && [ -x "$dir/out/fuzz_interleaving" ]; then
  n=0
  while read -r profile signature file _; do
    case "$profile" in '' | '#'*) continue ;; esac
    n=$((n + 1))
    for b in cflite replay; do
      bin=$dir/out/fuzz_interleaving
      [ $b = replay ] && bin=$replay
      rm -rf "$dir/det-$b" && mkdir -p "$dir/det-$b"
      { SYNCSIM_FUZZ_KNOWN= SYNCSIM_FUZZ_PROFILES="$profile" SYNCSIM_FINDINGS="$dir/det-$b" \
        "$bin" "$src/$file"; } >/dev/null 2>&1  # aborts: it is a finding
    done
    sha=$(sha1sum "$src/$file" | cut -c1-40)
    if [ ! -f "$dir/det-cflite/$sha.trace" ] || ! cmp -s "$dir/det-cflite/$sha.trace" "$dir/det-replay/$sha.trace"; then
      echo "FAIL: $file: the trace of the ClusterFuzzLite build differs from the g++ build's"
      failed=1
    fi
  done <"$src/corpus/known-findings"
  echo "ok: $n known finding(s) give identical traces ($stdlib vs libstdc++/g++)"
fi
exit $failed
