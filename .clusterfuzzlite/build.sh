#!/bin/bash -eu
# ClusterFuzzLite/OSS-Fuzz build script: builds every syncsim fuzz target with the image's
# $CXX, $CXXFLAGS and $LIB_FUZZING_ENGINE and copies into $OUT the binaries,
# <target>_seed_corpus.zip and <target>.dict. $SRC/syncsim is the checkout ($SYNCSIM_SRC
# overrides it); $WORK keeps the CMake build tree, so a rebuild is incremental.
# Tested without Docker by fuzz/tests/cflite_build.sh (ctest fuzz.cflite_build).
set -eu
src=${SYNCSIM_SRC:-$SRC/syncsim}
build=$WORK/syncsim-fuzz
targets=(fuzz_interleaving fuzz_trace_parser fuzz_scenario_parser)

# fuzz_interleaving does not abort for the (profile, signature) pairs of corpus/known-findings:
# PR and batch runs report only *new* bugs instead of re-finding the Stashpad orphan on every
# run, and still explore the buggy profiles for other signatures. ctest replays the known
# findings themselves on every build.
known=$(bash "$src/tools/known-spec" "$src/corpus/known-findings")
echo "build.sh: fuzz_interleaving accepts known findings: ${known:-none}"

# No CMAKE_BUILD_TYPE: optimisation and debug info come from $CXXFLAGS alone, as OSS-Fuzz wants.
# SYNCSIM_FUZZ_INSTRUMENT=OFF: $CXXFLAGS already carry the coverage and sanitizer flags.
# --fresh: a tree configured before with another compiler path (the same clang found through
# another PATH, as tools/test's reduced PATH finds it) would make CMake drop its cache and
# configure again without the -D options below (a plain build, no fuzz targets). Objects stay:
# the build is still incremental.
cmake --fresh -S "$src" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE= \
  -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DSYNCSIM_FUZZ=ON -DSYNCSIM_TESTS=OFF -DSYNCSIM_FUZZ_INSTRUMENT=OFF \
  -DSYNCSIM_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" \
  -DSYNCSIM_FUZZ_DEFAULT_KNOWN="$known"
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}"

for t in "${targets[@]}"; do
  cp "$build/fuzz/$t" "$OUT/$t"
  cp "$src/fuzz/$t.dict" "$OUT/$t.dict"
  seeds=("$src/corpus/fuzz/$t")
  if [ "$t" != fuzz_interleaving ]; then seeds+=("$src/corpus/scenarios"); fi
  rm -f "$OUT/${t}_seed_corpus.zip"
  # -j: flat names, as libFuzzer reads the corpus; seed names are unique across these dirs.
  find "${seeds[@]}" -type f -print | zip -q -j "$OUT/${t}_seed_corpus.zip" -@
done
