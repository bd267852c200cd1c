// Benchmark helper (not built by CMake; commands in fuzz/BENCH_NOTES.md): heap allocations per
// fuzz_interleaving execution, by stage, over a corpus directory. Allocation count was what
// AddressSanitizer's cost followed (each malloc records a stack trace and is quarantined)
// until fuzz_interleaving took its blocks from an arena (fuzz/arena.h); it is still the
// cost of a run with SYNCSIM_FUZZ_ARENA=0 and of every other user of the model.
// Two passes: fresh objects per input (as fuzz_interleaving runs), then one case, RunPlan
// and RunOptions reused for every input (what remains of reuse: the checkers' kept buffers).
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
static long g_bytes = 0;
void* operator new(std::size_t n) {
  ++g_allocs;
  g_bytes += static_cast<long>(n);
  return raw_alloc(n);
}

using namespace syncsim;

struct Stages {
  long decode = 0, setup = 0, world = 0, run = 0, check = 0, bytes = 0;
  double steps = 0;
};

/// One execution, by stage. `c`, `r` and `opt` are the caller's: fresh or reused.
void count(const std::vector<std::uint8_t>& in,
           const std::vector<const model::ProfileInfo*>& profiles, fuzz::InterleavingCase& c,
           RunPlan& r, RunOptions& opt, Stages& s) {
  const long b = g_bytes;
  long t = g_allocs;
  fuzz::decode_interleaving(in.data(), in.size(), profiles, c);
  s.decode += g_allocs - t, t = g_allocs;
  plan_run(c.scenario, Overrides{}, 1, r);
  s.setup += g_allocs - t, t = g_allocs;
  World w = make_world(r);
  s.world += g_allocs - t, t = g_allocs;
  opt.strategy = Strategy::Choices;
  opt.choices = c.choices;
  const RunResult res = run_world(w, opt);
  s.run += g_allocs - t, t = g_allocs;
  const CheckReport rep = check_quiescent(w, res.settled);
  s.check += g_allocs - t;
  s.steps += static_cast<double>(res.steps + res.settle_steps);
  s.bytes += g_bytes - b;
}

void print(const char* what, const Stages& s, double n) {
  std::printf(
      "%s: allocations per exec: decode %.0f, resolve %.0f, World %.0f, run %.0f (%.1f steps, "
      "%.1f/step), "
      "check_quiescent %.0f; total %.0f, %.0f bytes\n",
      what, s.decode / n, s.setup / n, s.world / n, s.run / n, s.steps / n, s.run / s.steps,
      s.check / n, (s.decode + s.setup + s.world + s.run + s.check) / n, s.bytes / n);
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const auto profiles = fuzz::select_profiles(argc > 2 ? argv[2] : "all").profiles;
  const auto inputs = read_corpus(argv[1]);
  const double n = static_cast<double>(inputs.size());
  Stages fresh;
  for (const auto& in : inputs) {
    fuzz::InterleavingCase c;
    RunPlan r;
    RunOptions opt;
    count(in, profiles, c, r, opt, fresh);
  }
  print("fresh objects", fresh, n);
  fuzz::InterleavingCase c;
  RunPlan r;
  RunOptions opt;
  Stages warm_up, reused;
  for (const auto& in : inputs) count(in, profiles, c, r, opt, warm_up);
  for (const auto& in : inputs) count(in, profiles, c, r, opt, reused);
  print("reused case, RunPlan, RunOptions", reused, n);
}
