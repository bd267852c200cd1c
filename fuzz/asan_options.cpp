// ASan's defaults for the fuzz targets (docs/fuzzing.md "Sanitizer options"). ASan reads this
// string first and ASAN_OPTIONS after it, flag by flag: a flag set in ASAN_OPTIONS wins, the
// others keep the values below. OSS-Fuzz's base-runner image, which ClusterFuzzLite runs the
// targets in, sets ASAN_OPTIONS with quarantine_size_mb=10 itself ("these match the settings
// used in ClusterFuzz"); this makes local runs (tools/nightly, tools/fuzz-smoke, by hand), and
// ClusterFuzz jobs that configure no quarantine, fuzz under the same one.
//
// quarantine_size_mb=10 (ASan's default: 256): a freed block stays poisoned until 10 MB of
// later frees have pushed it out, instead of 256 MB. An execution of fuzz_interleaving
// allocates 20-60 KB, so a use-after-free within one execution, or of a pointer kept from one
// of the last ~200 executions, is still caught; what the default would catch on top is a
// pointer used thousands of executions after its block was freed. The large quarantine costs
// time because recycled blocks come back cold, and in short runs every allocation touches
// fresh pages (fuzz/BENCH_NOTES.md).
//
// malloc_context_size (allocation and free stacks in reports) keeps ASan's and ClusterFuzz's
// default of 30 frames: 10 frames measured no faster.
#include "fuzz/has_asan.h"

#ifdef SYNCSIM_HAS_ASAN
extern "C" const char* __asan_default_options();
extern "C" const char* __asan_default_options() {
  return "quarantine_size_mb=10";
}
#endif
