// Figures (docs/shrinking.md "Figures"): time to the first orphan for realm-h1 on
// stashpad-mini (random, PCT, RapidCheck), shrink time and shrunk length / BFS minimum, and
// what the RapidCheck model (a World) costs to copy.
//
// Run: ./build/<dir>/tests/syncsim_bench --benchmark_filter='Orphan|Shrink|WorldCopy|Bfs'
// Repetitions are seeds: each benchmark's `median` row is the median over those seeds.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#ifndef SYNCSIM_SOURCE_DIR
#define SYNCSIM_SOURCE_DIR "."  // run from the source tree when the build does not define it
#endif

#include "properties/check.h"
#include "sim/prng.h"
#include "sim/search/shrink.h"

#ifdef SYNCSIM_BENCH_RAPIDCHECK
#include "tests/support/rc_world.h"
#endif

namespace syncsim {
namespace {

constexpr int kSeeds = 21;  ///< repetitions = base seeds (median over >= 20)

Scenario load(const std::string& rel) {
  auto parsed = load_scenario(std::string(SYNCSIM_SOURCE_DIR) + "/" + rel);
  if (auto* e = std::get_if<ParseError>(&parsed)) throw std::runtime_error(e->str());
  return std::get<Scenario>(std::move(parsed));
}

RunPlan resolved(const Scenario& s, std::uint64_t seed, const std::string& profile = "") {
  Overrides o;
  if (!profile.empty()) o.profile = profile;
  o.discipline = Discipline::Untimed;
  RunPlan r;
  if (auto e = plan_run(s, o, seed, r); !e.message.empty()) throw std::runtime_error(e.str());
  return r;
}

bool shows(const std::vector<std::string>& sigs, const std::string& s) {
  return std::find(sigs.begin(), sigs.end(), s) != sigs.end();
}

/// Repetition k of a benchmark uses base seed 1000 + k (each benchmark counts its own).
std::uint64_t next_base_seed(std::uint64_t& repetition) {
  return 1000 + repetition++;
}

/// Runs from seeds splitmix(base, i) until one orphans; counter `runs` = runs needed.
void OrphanBySyncsim(benchmark::State& state, Strategy strat, std::uint64_t& rep) {
  const Scenario s = load("corpus/scenarios/stashpad-mini.scn");
  const std::uint64_t base = next_base_seed(rep);
  std::uint64_t runs = 0;
  for (auto _ : state) {
    for (std::uint64_t i = 0;; ++i) {
      World w = make_world(resolved(s, run_seed(base, i)));
      RunOptions opt;
      opt.strategy = strat;
      const RunResult res = run_world(w, opt);
      ++runs;
      if (shows(violation_signatures(w, res.settled), "reachability-orphan")) break;
    }
  }
  state.counters["runs"] = static_cast<double>(runs);
}

void BM_TimeToFirstOrphan_Random(benchmark::State& st) {
  static std::uint64_t rep = 0;
  OrphanBySyncsim(st, Strategy::Random, rep);
}
void BM_TimeToFirstOrphan_Pct(benchmark::State& st) {
  static std::uint64_t rep = 0;
  OrphanBySyncsim(st, Strategy::Pct, rep);
}
BENCHMARK(BM_TimeToFirstOrphan_Random)
    ->Iterations(1)
    ->Repetitions(kSeeds)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_TimeToFirstOrphan_Pct)
    ->Iterations(1)
    ->Repetitions(kSeeds)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMicrosecond);

#ifdef SYNCSIM_BENCH_RAPIDCHECK
/// RapidCheck state machine, RapidCheck seed = the repetition's base seed, shrinking off:
/// counter `cases` = cases to the first failing one.
void BM_TimeToFirstOrphan_RapidCheck(benchmark::State& state) {
  static std::uint64_t rep = 0;
  const RunPlan r = resolved(load("corpus/scenarios/stashpad-mini.scn"), 1);
  const rc_world::RcParams params{100000, 40, next_base_seed(rep), false};
  rc_world::RcOutcome out;
  for (auto _ : state)
    out = rc_world::check_claim(r, rc_world::Claim{"reachability-orphan"}, params, "bench", true);
  state.counters["cases"] = out.cases + 1;
}

/// RapidCheck with its own shrinking on the 9-step counterexample: `rc_shrunk` = length of its
/// shrunk counterexample, `syncsim_shrunk` = `syncsim shrink` applied to it, `bfs` = minimum.
template <class Cmd>
void RapidCheckShrink(benchmark::State& state, std::uint64_t& rep) {
  const RunPlan r = resolved(load("corpus/scenarios/delete-during-deploy.scn"), 1, "realm-h1");
  const rc_world::RcParams params{100000, 60, next_base_seed(rep), true};
  rc_world::FoundAndShrunk f;
  for (auto _ : state)
    f = rc_world::find_and_shrink<Cmd>(r, "reachability-dangling", params, "bench");
  state.counters["rc_cases"] = f.rc.cases + 1;
  state.counters["rc_shrunk"] = static_cast<double>(f.rc.failing.size());
  state.counters["syncsim_shrunk"] = static_cast<double>(f.shrunk.stats.steps_after);
  state.counters["bfs"] = f.bfs.depth;
}
void BM_RapidCheckShrink_LabelCommands(benchmark::State& st) {
  static std::uint64_t rep = 0;
  RapidCheckShrink<rc_world::ActionCommand>(st, rep);
}
void BM_RapidCheckShrink_IndexCommands(benchmark::State& st) {
  static std::uint64_t rep = 0;
  RapidCheckShrink<rc_world::IndexCommand>(st, rep);
}
BENCHMARK(BM_RapidCheckShrink_LabelCommands)
    ->Iterations(1)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RapidCheckShrink_IndexCommands)
    ->Iterations(1)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TimeToFirstOrphan_RapidCheck)
    ->Iterations(1)
    ->Repetitions(kSeeds)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMicrosecond);
#endif

/// Shrinks a failing run of `scenario` (one per repetition: the first failing run from that
/// repetition's base seed); counters: steps before/after and after / BFS minimum (goal 1.0).
void ShrinkBench(benchmark::State& state, const std::string& scenario, const std::string& profile,
                 const std::string& signature, std::uint64_t& rep) {
  const Scenario s = load(scenario);
  const std::uint64_t base = next_base_seed(rep);
  Scenario input;
  for (std::uint64_t i = 0; input.steps.empty() && i < 100000; ++i) {
    const RunPlan r = resolved(s, run_seed(base, i), profile);
    World w = make_world(r);
    RunOptions opt;
    opt.record = true;
    const RunResult res = run_world(w, opt);
    if (shows(violation_signatures(w, res.settled), signature)) input = trace_of(r, res);
  }
  const BfsResult bfs = bfs_shortest(resolved(s, 1, profile), signature);
  ShrinkOptions opt;
  opt.signature = signature;
  ShrinkResult res;
  for (auto _ : state) res = shrink_trace(input, opt);
  state.counters["before"] = static_cast<double>(res.stats.steps_before);
  state.counters["after"] = static_cast<double>(res.stats.steps_after);
  state.counters["replays"] = static_cast<double>(res.stats.replays);
  state.counters["ratio"] = bfs.found ? static_cast<double>(res.stats.steps_after) / bfs.depth : 0;
}

void BM_Shrink_StashpadMini_H1(benchmark::State& st) {
  static std::uint64_t rep = 0;
  ShrinkBench(st, "corpus/scenarios/stashpad-mini.scn", "realm-h1", "reachability-orphan", rep);
}
void BM_Shrink_Stashpad_H1(benchmark::State& st) {
  static std::uint64_t rep = 0;
  ShrinkBench(st, "corpus/scenarios/stashpad.scn", "realm-h1", "reachability-orphan", rep);
}
void BM_Shrink_StashpadApp_H2(benchmark::State& st) {
  static std::uint64_t rep = 0;
  ShrinkBench(st, "corpus/scenarios/stashpad-app.scn", "realm-h2", "reachability-orphan", rep);
}
void BM_Shrink_DeleteDuringDeploy_H1(benchmark::State& st) {
  static std::uint64_t rep = 0;
  ShrinkBench(st, "corpus/scenarios/delete-during-deploy.scn", "realm-h1", "reachability-dangling",
              rep);
}
BENCHMARK(BM_Shrink_StashpadMini_H1)
    ->Iterations(1)
    ->Repetitions(kSeeds)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Shrink_Stashpad_H1)
    ->Iterations(1)
    ->Repetitions(kSeeds)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Shrink_StashpadApp_H2)
    ->Iterations(1)
    ->Repetitions(kSeeds)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Shrink_DeleteDuringDeploy_H1)
    ->Iterations(1)
    ->Repetitions(5)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);

/// The BFS oracle itself.
void BM_Bfs_DeleteDuringDeploy_H2(benchmark::State& state) {
  const RunPlan r = resolved(load("corpus/scenarios/delete-during-deploy.scn"), 1, "realm-h2");
  BfsResult b;
  for (auto _ : state) b = bfs_shortest(r, "reachability-dangling");
  state.counters["depth"] = b.depth;
  state.counters["states"] = static_cast<double>(b.states);
}
BENCHMARK(BM_Bfs_DeleteDuringDeploy_H2)->Unit(benchmark::kMillisecond);

/// The RapidCheck model is the World: RapidCheck copies it at every replay from the start.
void WorldCopy(benchmark::State& state, const std::string& scenario, std::uint64_t steps) {
  const RunPlan r = resolved(load(scenario), 1);
  World w = make_world(r);
  std::vector<Action> acts;
  for (std::uint64_t i = 0; i < steps; ++i) {  // a mid-run state: queues and history filled
    w.enabled(acts, false, false);
    if (acts.empty()) break;
    w.execute(acts.front());
  }
  for (auto _ : state) {
    World copy = w;
    benchmark::DoNotOptimize(copy);
  }
}
void BM_WorldCopy_StashpadMini(benchmark::State& st) {
  WorldCopy(st, "corpus/scenarios/stashpad-mini.scn", 8);
}
void BM_WorldCopy_Stashpad(benchmark::State& st) {
  WorldCopy(st, "corpus/scenarios/stashpad.scn", 40);
}
void BM_WorldCopy_StashpadApp(benchmark::State& st) {
  WorldCopy(st, "corpus/scenarios/stashpad-app.scn", 40);
}
BENCHMARK(BM_WorldCopy_StashpadMini);
BENCHMARK(BM_WorldCopy_Stashpad);
BENCHMARK(BM_WorldCopy_StashpadApp);

}  // namespace
}  // namespace syncsim

BENCHMARK_MAIN();
