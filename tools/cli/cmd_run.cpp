// `syncsim run`: N runs from seeds splitmix(S, i); a summary; the first violating run's
// trace written and its replay command printed.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

#include "tools/cli/commands.h"
#include "tools/cli/coverage.h"
#include "tools/cli/run_pool.h"

namespace syncsim::cli {
namespace {

struct Outcome {
  bool violated = false;
  std::vector<std::string> signatures;
  ActionCounts counts;
  std::uint64_t steps = 0;
  CoverageMatch coverage;  ///< with --coverage
};

/// A run whose chosen steps are observed for --coverage. Only chosen steps make events
/// (sim/search/coverage.h), so the chosen phase runs with the observer, then the settle phase
/// alone (a replay of no step), exactly as run_world would run it.
RunResult run_observed(World& w, const RunPlan& r, RunOptions opt, const CoverageMatcher& cov,
                       RunEvents& events) {
  const std::uint64_t planted = opt.planted_assertion_step;
  opt.skip_settle = true;
  opt.observer = [&](const World& now, const Action& a) {
    cov.observe(events, *r.workload, now, a);
  };
  RunResult res = run_world(w, opt);
  static const std::vector<StepLine> kNoSteps;
  RunOptions settle;
  settle.strategy = Strategy::Replay;
  settle.replay = &kNoSteps;
  settle.planted_assertion_step = planted > res.steps ? planted - res.steps : 0;
  const RunResult tail = run_world(w, settle);
  res.settled = tail.settled;
  res.settle_steps = tail.settle_steps;
  return res;
}

Outcome one_run(const Scenario& scn, const Overrides& o, std::uint64_t seed, Strategy strat,
                std::uint64_t planted, const CoverageMatcher* cov) {
  RunPlan r = plan_run_or_die(scn, o, seed);
  World w = make_world(r);
  RunOptions opt;
  opt.strategy = strat;
  opt.planted_assertion_step = planted;
  RunEvents events;
  if (cov != nullptr) events = cov->start();
  const RunResult res = cov != nullptr ? run_observed(w, r, opt, *cov, events) : run_world(w, opt);
  const CheckReport rep = check_quiescent(w, res.settled);
  Outcome out;
  out.violated = rep.violated();
  for (const auto& v : rep.violations)
    if (std::find(out.signatures.begin(), out.signatures.end(), v.signature()) ==
        out.signatures.end())
      out.signatures.push_back(v.signature());
  if (cov != nullptr) out.coverage = cov->match(events, to_outcome(rep, w));
  out.counts = w.counts();
  out.steps = res.steps + res.settle_steps;
  return out;
}

// What `run` reports about all runs: sums and counts, so that memory does not grow with --runs.
struct Tally {
  std::map<std::string, std::uint64_t> by_signature;  ///< runs showing each signature
  std::uint64_t kinds[kActionKinds] = {}, reinserted = 0, steps = 0;
  CoverageTally coverage;

  void add(const Outcome& oc, std::uint64_t run_index) {
    coverage.add(oc.coverage, run_index);
    for (const auto& s : oc.signatures) ++by_signature[s];
    for (int k = 0; k < kActionKinds; ++k) kinds[k] += oc.counts.by_kind[k];
    reinserted += oc.counts.reinsert_changesets;
    steps += oc.steps;
  }
  void merge(const Tally& t) {
    coverage.merge(t.coverage);
    for (const auto& [sig, n] : t.by_signature) by_signature[sig] += n;
    for (int k = 0; k < kActionKinds; ++k) kinds[k] += t.kinds[k];
    reinserted += t.reinserted;
    steps += t.steps;
  }
};

constexpr std::uint64_t kNone = ~std::uint64_t{0};

void lower_to(std::atomic<std::uint64_t>& least, std::uint64_t i) {
  std::uint64_t cur = least.load();
  while (i < cur && !least.compare_exchange_weak(cur, i)) {
  }
}

Strategy parse_strategy(const std::string& s) {
  if (s == "random") return Strategy::Random;
  if (s == "pct") return Strategy::Pct;
  throw BadInput{"--strategy: expected random or pct, got '" + s + "'"};
}

struct Progress {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last = start;
  bool tty = isatty(2) != 0;
  std::mutex mu;
  void tick(std::uint64_t done, std::uint64_t total, std::uint64_t violations) {
    if (!tty) return;
    std::lock_guard<std::mutex> lock(mu);
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::milliseconds(500)) return;
    last = now;
    const double secs = std::chrono::duration<double>(now - start).count();
    fmt::print(stderr, "\r{}/{} runs, {:.0f} runs/s, {} violating, {:.1f}s elapsed", done, total,
               done / secs, violations, secs);
  }
};

/// Runs the failing seed again, recording, and reports the failure with a trace to replay it.
int report_run_failure(const Scenario& scn, const Overrides& o, std::uint64_t seed, Strategy strat,
                       const RunArgs& a) {
  const RunPlan r = plan_run_or_die(scn, o, seed);
  World w = make_world(r);
  RunOptions opt;
  opt.strategy = strat;
  opt.record = true;
  opt.planted_assertion_step = a.planted_assertion_step;
  try {
    run_world(w, opt);
  } catch (const StepFailure& f) {
    return report_step_failure(
        f, replay_command(write_failure_trace(a.out, r, f), a.planted_assertion_step));
  }
  fmt::print(
      stderr,
      "syncsim: internal error: an assertion failed in the run of seed {}, not when recorded\n",
      seed);
  return kExitInternal;
}

}  // namespace

int cmd_run(const RunArgs& a) {
  const Scenario scn = load_or_die(a.scenario);
  Overrides o;
  if (!a.profile.empty()) o.profile = a.profile;
  if (!a.discipline.empty()) o.discipline = parse_discipline_or_die(a.discipline);
  o.knobs = parse_knob_flags(a.knobs);
  const Strategy strat = parse_strategy(a.strategy);
  const std::uint64_t base = a.seed.value_or(scn.seed.value_or(1));
  const RunPlan first = plan_run_or_die(scn, o, base);
  std::optional<CoverageMatcher> cov;
  if (!a.coverage.empty())
    cov.emplace(load_coverage_or_die(a.coverage, scn, a.knobs, first.profile));
  fmt::print(stderr, "{}\n", describe_config(first));

  // Memory is independent of the number of runs: each worker folds its outcomes into its own
  // tally as it goes, and only the lowest violating index is kept (it is re-run for the story).
  std::vector<Tally> tallies(std::max(1u, a.jobs));
  for (Tally& t : tallies) t.coverage = CoverageTally(cov ? cov->classes().size() : 0);
  std::atomic<std::uint64_t> done{0}, violating{0}, first_violating{kNone};
  std::atomic<std::uint64_t> first_failure{kNone};  // run index of an assertion failure
  Progress progress;
  for_each_run(static_cast<unsigned>(tallies.size()), a.runs, [&](unsigned w, std::uint64_t i) {
    try {
      const Outcome oc = one_run(scn, o, run_seed(base, i), strat, a.planted_assertion_step,
                                 cov ? &*cov : nullptr);
      tallies[w].add(oc, i);
      if (oc.violated) {
        ++violating;
        lower_to(first_violating, i);
      }
    } catch (const StepFailure&) {
      lower_to(first_failure, i);
      return false;  // stop the other workers too
    }
    progress.tick(++done, a.runs, violating);
    return true;
  });
  if (first_failure != kNone)
    return report_run_failure(scn, o, run_seed(base, first_failure), strat, a);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - progress.start).count();
  if (progress.tty) fmt::print(stderr, "\n");

  Tally total;
  total.coverage = CoverageTally(cov ? cov->classes().size() : 0);
  for (const Tally& t : tallies) total.merge(t);
  const std::uint64_t reported = first_violating == kNone ? 0 : first_violating.load();
  const auto& by_signature = total.by_signature;
  const auto& kinds = total.kinds;
  const std::uint64_t reinserted = total.reinserted, steps = total.steps;
  const RunPlan r = plan_run_or_die(scn, o, run_seed(base, reported));
  RunOptions opt;
  opt.strategy = strat;
  const ObservedRun obs = observe_run(r, opt);
  const bool violated = violating > 0;
  std::string trace_path;
  if (violated) trace_path = write_trace(a.out, r, obs);

  fmt::print(stderr, "{} run(s) in {:.3f}s ({:.0f} runs/s): {} violating\n", a.runs, secs,
             a.runs / std::max(secs, 1e-9), violating.load());
  for (const auto& [sig, n] : by_signature) fmt::print(stderr, "  {} in {} run(s)\n", sig, n);
  print_run_story(r, obs, trace_path, a.print_tree);
  if (cov) print_coverage(*cov, total.coverage);

  if (a.json) {
    auto j = envelope("run");
    j["profile"] = r.profile;
    j["seed"] = base;
    j["reported_seed"] = r.seed;
    j["runs"] = a.runs;
    j["violating_runs"] = violating.load();
    j["violated"] = violated;
    j["violations"] = violations_json(obs.report);
    j["replicas"] = replicas_json(obs.report);
    j["trace"] = trace_path.empty() ? nlohmann::json(nullptr) : nlohmann::json(trace_path);
    j["trace_hash"] = fmt::format("{:016x}", trace_hash(obs.trace));
    j["steps"] = obs.result.steps + obs.result.settle_steps;
    j["total_steps"] = steps;
    j["runs_per_second"] = a.runs / std::max(secs, 1e-9);
    j["signatures"] = by_signature;
    auto counts = nlohmann::json::object();
    for (int k = 0; k < kActionKinds; ++k) counts[kActionKindNames[k]] = kinds[k];
    counts["reinsert_changesets"] = reinserted;
    j["action_counts"] = counts;
    j["config"] = describe_config(r);
    j["window"] = obs.window;
    if (cov) j["coverage"] = coverage_json(*cov, total.coverage);
    fmt::print("{}\n", j.dump());
  }
  return violated ? kExitViolation : kExitOk;
}

}  // namespace syncsim::cli
