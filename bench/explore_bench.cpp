// Figures: states per second and total time of `explore` on stashpad-mini, and how
// the search grows with the number of inserts (2 to 7). The scenarios are built in code; the
// 3-insert one is corpus/scenarios/stashpad-mini.scn (explore_test checks they are the same).
// Reference: spin 6.5.2 exhausts an equivalent Promela model of stashpad-mini
// (1,727 states) in about 11 ms, and of seven inserts (195,854 states) in about 107 ms.
//
// Run: ./build/<dir>/tests/syncsim_bench --benchmark_filter=Explore
//   BM_Explore            the default search (state hashing + partial-order reduction)
//   BM_ExploreStatesOnly  state hashing only (exact execution counts)
#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

#include "properties/check.h"
#include "sim/search/explore.h"

namespace syncsim {
namespace {

/// stashpad-mini with `inserts` inserts into root (3 = corpus/scenarios/stashpad-mini.scn).
RunPlan mini(int inserts, const std::string& profile = "realm-h1") {
  const std::string text =
      "syncsim-trace 1\ndiscipline untimed\nprofile " + profile +
      "\ndevice c1 user u1\nknob reinsert_batch 20\nknob disconnects 0\nknob partitions 0\n"
      "workload every 1000ms from 1000ms x" +
      std::to_string(inserts) +
      " c1 insert n1.* under root\n"
      "workload at 2500ms admin deploy additive tags:array<string>\n";
  auto parsed = parse_scenario(text, "<explore_bench>");
  if (auto* e = std::get_if<ParseError>(&parsed)) throw std::runtime_error(e->str());
  RunPlan r;
  if (auto e = plan_run(std::get<Scenario>(parsed), Overrides{}, 1, r); !e.message.empty())
    throw std::runtime_error(e.str());
  return r;
}

void run(benchmark::State& state, bool partial_order) {
  const RunPlan r = mini(static_cast<int>(state.range(0)));
  ExploreOptions opt;
  opt.partial_order = partial_order;
  ExploreResult res;
  for (auto _ : state) {
    res = explore(r, opt);
    benchmark::DoNotOptimize(res.states);
  }
  if (res.cut_short || res.failing_executions == 0) state.SkipWithError("unexpected search result");
  state.counters["states"] = static_cast<double>(res.states);
  state.counters["transitions"] = static_cast<double>(res.transitions);
  state.counters["terminal"] = static_cast<double>(res.terminal_states);
  state.counters["states/s"] = benchmark::Counter(static_cast<double>(res.states),
                                                  benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Explore(benchmark::State& state) {
  run(state, true);
}
void BM_ExploreStatesOnly(benchmark::State& state) {
  run(state, false);
}

BENCHMARK(BM_Explore)->ArgName("inserts")->DenseRange(2, 7)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExploreStatesOnly)
    ->ArgName("inserts")
    ->DenseRange(2, 5)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace syncsim
