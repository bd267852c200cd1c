#pragma once
// Shared pieces of the `syncsim` commands: loading input (errors are exit 2), resolving a
// run, reporting violations, and the JSON envelope.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "properties/check.h"
#include "sim/runner.h"
#include "sim/search/explore_count.h"

namespace syncsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitViolation = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternal = 3;

/// Thrown for bad input; main prints the one-line message and exits 2.
struct BadInput {
  std::string message;
};

/// Loads a scenario or trace file; `path` empty means the built-in Stashpad scenario.
Scenario load_or_die(const std::string& path);
/// The built-in Stashpad scenario (same text as corpus/scenarios/stashpad.scn).
std::string_view builtin_stashpad();
Discipline parse_discipline_or_die(const std::string& s);
/// `--knob NAME=VALUE` flags, each value checked against the knob table (lex::parse_knob_value).
std::vector<KnobLine> parse_knob_flags(const std::vector<std::string>& flags);
/// A numeric flag's text through lex::parse_uint: digits only, in [lo, hi]; else BadInput
/// naming the flag.
std::uint64_t parse_flag_number(std::string_view flag, std::string_view text, std::uint64_t lo,
                                std::uint64_t hi);
RunPlan plan_run_or_die(const Scenario& s, const Overrides& o, std::uint64_t seed);
/// Resolves a trace file's own seed, optionally under another profile ("" = the trace's).
RunPlan plan_trace_run_or_die(const Scenario& trace, const std::string& path,
                              const std::string& profile);

/// A fully observed run: trace recorded, violations located, window snapshot taken.
struct ObservedRun {
  RunResult result;
  CheckReport report;
  Scenario trace;
  std::string window;            ///< plain-words state just before the first re-insert batch
  std::shared_ptr<World> world;  ///< the final state
};
ObservedRun observe_run(const RunPlan& r, const RunOptions& base);

/// Writes the trace of a violating run into `dir`; returns its path.
std::string write_trace(const std::string& dir, const RunPlan& r, const ObservedRun& o);
/// Writes an observed run's trace with its `result` lines (the violations) to `path`; returns it.
std::string write_observed(const std::string& path, const ObservedRun& o);
/// Replays the chosen steps `labels` (untimed) through the runner, as `syncsim replay` will,
/// writes the re-recorded trace with its violations to `path`; returns `path`.
std::string write_steps_trace(const std::string& path, const RunPlan& r,
                              const std::vector<std::string>& labels, ObservedRun& obs);
/// Prints a failed assertion with its seed, step label and `replay` (the command that
/// reproduces it; "" if there is none) on stderr; returns kExitInternal.
int report_step_failure(const StepFailure& f, const std::string& replay);
/// Writes the steps of a run that failed an assertion as a trace; returns its path.
std::string write_failure_trace(const std::string& dir, const RunPlan& r, const StepFailure& f);
/// The exact command that replays a trace, with this program's path as invoked.
/// `planted_assertion_step` != 0 adds the tests' --plant-assertion-at-step flag.
std::string replay_command(const std::string& trace_path, std::uint64_t planted_assertion_step = 0);
void set_program_path(const std::string& argv0);

nlohmann::json violations_json(const CheckReport& rep);
nlohmann::json replicas_json(const CheckReport& rep);
std::string describe_violation(const Violation& v);
std::string print_trees(const World& w, const CheckReport& rep);
/// An exact count in JSON: a number up to 2^53 (what every JSON reader holds exactly), above
/// that its decimal digits as a string (README "CLI").
nlohmann::json count_json(const Count& c);
/// Every command's --json object starts with these keys.
nlohmann::json envelope(const std::string& command);

}  // namespace syncsim::cli
