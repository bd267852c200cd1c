// Benchmark helper (not built by CMake; commands in fuzz/BENCH_NOTES.md): heap allocations per
// fuzz_interleaving execution, by stage, over a corpus directory. Allocation count is what
// AddressSanitizer's cost follows (each malloc records a stack trace and is quarantined).
// usage: alloc_count DIR [PROFILES]   (PROFILES as SYNCSIM_FUZZ_PROFILES; default all)
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>

#include "fuzz/bench/bench_common.h"
#include "fuzz/decode.h"

static long g_allocs = 0;
void* operator new(std::size_t n) {
  ++g_allocs;
  return raw_alloc(n);
}

using namespace syncsim;

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const auto profiles = fuzz::select_profiles(argc > 2 ? argv[2] : "all").profiles;
  const auto inputs = read_corpus(argv[1]);
  long decode = 0, setup = 0, world = 0, run = 0, check = 0;
  double steps = 0;
  for (const auto& in : inputs) {
    long t = g_allocs;
    const auto c = fuzz::decode_interleaving(in.data(), in.size(), profiles);
    decode += g_allocs - t, t = g_allocs;
    Resolved r;
    resolve(c.scenario, Overrides{}, 1, r);
    setup += g_allocs - t, t = g_allocs;
    World w = make_world(r);
    world += g_allocs - t, t = g_allocs;
    RunOptions opt;
    opt.strategy = Strategy::Choices;
    opt.choices = c.choices;
    const RunResult res = run_world(w, opt);
    run += g_allocs - t, t = g_allocs;
    const CheckReport rep = check_quiescent(w, res.settled);
    check += g_allocs - t;
    steps += static_cast<double>(res.steps + res.settle_steps);
  }
  const double n = static_cast<double>(inputs.size());
  std::printf("allocations per exec: decode %.0f, resolve %.0f, World %.0f, run %.0f (%.1f steps, %.1f/step), "
              "check_quiescent %.0f\n", decode / n, setup / n, world / n, run / n, steps / n, run / steps,
              check / n);
}
