#pragma once
// Running a world: the chosen-actions phase (a scheduler picks, or a trace is replayed),
// then the deterministic settle phase (faults healed, system actions only, canonical order,
// bounded) to quiescence.
#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <vector>

#include "model/assert.h"
#include "sim/run_plan.h"
#include "sim/scheduler.h"
#include "sim/world.h"

namespace syncsim {

enum class Strategy : std::uint8_t { Random, Pct, Replay, Choices };

struct StepRecord {
  std::int64_t t_ms = 0;
  bool settle = false;
  std::string label;
};

struct RunOptions {
  Strategy strategy = Strategy::Random;
  bool record = false;                            ///< build labels and keep the trace
  const std::vector<StepLine>* replay = nullptr;  ///< Strategy::Replay: the steps to follow
  std::vector<std::uint32_t> choices;             ///< Strategy::Choices
  std::uint64_t until = 0;                        ///< replay: stop after this step (0 = all)
  bool skip_settle = false;  ///< stop after the chosen actions (render --until)
  /// Tests only (`--plant-assertion-at-step`): an assertion fails at this step (1-based; 0 =
  /// never), to prove that a failure reaches the user with its seed, step and replay command.
  std::uint64_t planted_assertion_step = 0;
  /// Called before each step executes (tests, reports). Empty on the hot path.
  std::function<void(const World&, const Action&)> observer;
};

struct RunResult {
  bool settled = true;
  std::uint64_t steps = 0;  ///< chosen-action steps
  std::uint64_t settle_steps = 0;
  std::vector<StepRecord> trace;     ///< when recording
  std::vector<std::string> skipped;  ///< replay: labels that were not enabled
};

/// An assertion (model/assert.h) that failed while a step executed, with what the model cannot
/// know: the run's seed, the step's number (chosen and settle steps counted together, as in a
/// trace) and label, and, when the run was recording, the steps up to and including it.
class StepFailure : public std::exception {
 public:
  StepFailure(model::AssertionFailure failure, std::uint64_t seed, std::uint64_t step,
              std::string label, std::vector<StepRecord> trace);
  const model::AssertionFailure& failure() const { return failure_; }
  std::uint64_t seed() const { return seed_; }
  std::uint64_t step() const { return step_; }
  const std::string& label() const { return label_; }
  const std::vector<StepRecord>& trace() const { return trace_; }
  /// "<assertion> at step N `label` (seed S)"
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  model::AssertionFailure failure_;
  std::uint64_t seed_, step_;
  std::string label_, what_;
  std::vector<StepRecord> trace_;
};

/// Runs `w` to quiescence (or the bounds). Deterministic in (world, options). An assertion
/// failing inside a step leaves as StepFailure.
RunResult run_world(World& w, const RunOptions& opt);

/// Builds the world for a resolved configuration.
World make_world(const RunPlan& r);

/// The trace file of a finished run: the resolved scenario plus its steps.
Scenario trace_of(const RunPlan& r, const RunResult& res);

}  // namespace syncsim
