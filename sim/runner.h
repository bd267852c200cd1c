#pragma once
// Running a world: the chosen-actions phase (a scheduler picks, or a trace is replayed),
// then the deterministic settle phase (faults healed, system actions only, canonical order,
// bounded) to quiescence.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/scheduler.h"
#include "sim/setup.h"
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
  bool record = false;                     ///< build labels and keep the trace
  const std::vector<StepLine>* replay = nullptr;  ///< Strategy::Replay: the steps to follow
  std::vector<std::uint32_t> choices;      ///< Strategy::Choices
  std::uint64_t until = 0;                 ///< replay: stop after this step (0 = all)
  bool skip_settle = false;                ///< stop after the chosen actions (render --until)
  /// Called before each step executes (tests, reports). Empty on the hot path.
  std::function<void(const World&, const Action&)> observer;
};

struct RunResult {
  bool settled = true;
  std::uint64_t steps = 0;         ///< chosen-action steps
  std::uint64_t settle_steps = 0;
  std::vector<StepRecord> trace;   ///< when recording
  std::vector<std::string> skipped;  ///< replay: labels that were not enabled
};

/// Runs `w` to quiescence (or the bounds). Deterministic in (world, options).
RunResult run_world(World& w, const RunOptions& opt);

/// Builds the world for a resolved configuration.
World make_world(const Resolved& r);

/// The trace file of a finished run: the resolved scenario plus its steps.
Scenario trace_of(const Resolved& r, const RunResult& res);

}  // namespace syncsim
