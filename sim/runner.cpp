#include "sim/runner.h"

#include <algorithm>
#include <memory>

namespace syncsim {
namespace {

/// The step boundary: an assertion failing inside the step leaves with the seed and the step.
void record(World& w, const Action& a, bool settle, RunResult& res, const RunOptions& opt) {
  const bool on = opt.record;
  if (opt.observer) opt.observer(w, a);
  if (on) res.trace.push_back(StepRecord{0, settle, w.label(a)});
  const std::uint64_t step = res.steps + res.settle_steps;
  const std::int64_t before_ms = w.now();
  try {
    SYNCSIM_ASSERT(step != opt.planted_assertion_step, "planted by --plant-assertion-at-step");
    w.execute(a);
    SYNCSIM_ASSERT(w.now() >= before_ms, "the simulated clock went backwards");
  } catch (const model::AssertionFailure& f) {
    if (on) res.trace.back().t_ms = std::max(before_ms, w.now());  // the trace stays replayable
    std::string label = on ? res.trace.back().label : w.label(a);
    throw StepFailure(f, w.seed(), step, std::move(label), std::move(res.trace));
  }
  if (on) res.trace.back().t_ms = w.now();
}

void run_chosen(World& w, Scheduler& s, const RunOptions& opt, RunResult& res,
                std::vector<Action>& enabled) {
  const auto bound = static_cast<std::uint64_t>(w.settings().max_steps);
  while (res.steps < bound) {
    w.enabled(enabled, false);
    if (enabled.empty()) return;
    const std::size_t i = s.pick(enabled, res.steps + 1);
    SYNCSIM_ASSERT(i < enabled.size(), "the scheduler picked outside the enabled actions");
    ++res.steps;
    record(w, enabled[i], false, res, opt);
  }
}

void run_replay(World& w, const RunOptions& opt, RunResult& res, std::vector<Action>& enabled) {
  for (const StepLine& step : *opt.replay) {
    if (step.settle) break;  // settle steps are regenerated, not replayed
    if (opt.until != 0 && step.index > opt.until) break;
    if (const Action* a = find_enabled(w, step.label, false, enabled)) {
      ++res.steps;
      record(w, *a, false, res, opt);
    } else {
      res.skipped.push_back(std::to_string(step.index) + " " + step.label);
    }
  }
}

void run_settle(World& w, const RunOptions& opt, RunResult& res, std::vector<Action>& enabled) {
  w.begin_settle();
  const auto bound = static_cast<std::uint64_t>(w.settings().settle_max_steps);
  for (;;) {
    w.enabled(enabled, true);
    if (enabled.empty()) return;
    if (res.settle_steps >= bound) {
      res.settled = false;
      return;
    }
    ++res.settle_steps;
    record(w, enabled.front(), true, res, opt);  // canonical order: first listed
  }
}

}  // namespace

StepFailure::StepFailure(model::AssertionFailure failure, std::uint64_t seed, std::uint64_t step,
                         std::string label, std::vector<StepRecord> trace)
    : failure_(std::move(failure)),
      seed_(seed),
      step_(step),
      label_(std::move(label)),
      trace_(std::move(trace)) {
  what_ = std::string(failure_.what()) + " at step " + std::to_string(step_) + " '" + label_ +
          "' (seed " + std::to_string(seed_) + ")";
}

World make_world(const RunPlan& r) {
  return World(r.scenario, r.workload, r.settings, r.seed, r.discipline);
}

RunResult run_world(World& w, const RunOptions& opt) {
  RunResult res;
  // One list of enabled actions for both phases, sized once: at most one workload item per
  // script, five actions per device (two deliveries, listener, reconnect or two faults) and
  // the two translators.
  std::vector<Action> enabled;
  enabled.reserve(w.next_items().size() + 5 * w.devices().size() + 2);
  switch (opt.strategy) {
    case Strategy::Replay:
      run_replay(w, opt, res, enabled);
      break;
    case Strategy::Random: {
      RandomScheduler s(w.seed());
      run_chosen(w, s, opt, res, enabled);
      break;
    }
    case Strategy::Pct: {
      PctScheduler s(w.seed(), static_cast<std::uint32_t>(w.settings().pct_depth), 200);
      run_chosen(w, s, opt, res, enabled);
      break;
    }
    case Strategy::Choices: {
      ChoiceScheduler s(opt.choices);
      run_chosen(w, s, opt, res, enabled);
      break;
    }
  }
  if (!opt.skip_settle) run_settle(w, opt, res, enabled);
  return res;
}

Scenario trace_of(const RunPlan& r, const RunResult& res) {
  Scenario s = r.scenario;
  s.steps.clear();
  std::uint64_t i = 0;
  for (const auto& st : res.trace)
    s.steps.push_back(StepLine{++i, st.t_ms, st.settle, st.label, 0});
  return s;
}

}  // namespace syncsim
