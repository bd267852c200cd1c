// `syncsim shrink TRACE -o OUT`: minimize a failing trace while the same violation signature
// holds (sim/search/shrink.h, docs/shrinking.md). Exit 0 done, 2 bad input (including a trace that
// violates nothing), 3 when `--verify` finds the result not 1-minimal (a shrinker bug).
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>

#include "sim/search/shrink.h"
#include "tools/cli/commands.h"

namespace syncsim::cli {
namespace {

/// Writes the shrunk trace with its `result` lines (as `run` writes them).
void write_shrunk(const std::string& path, const Scenario& shrunk) {
  const RunPlan r = plan_run_or_die(shrunk, Overrides{}, *shrunk.seed);
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &shrunk.steps;
  write_observed(path, observe_run(r, opt));
}

nlohmann::json verify_json(const MinimalityReport& m, const std::vector<StepLine>& steps) {
  auto arr = nlohmann::json::array();
  for (std::size_t i = 0; i < m.without.size(); ++i)
    arr.push_back({{"step", i + 1}, {"label", steps[i].label}, {"signatures", m.without[i]}});
  return {{"one_minimal", m.one_minimal()},
          {"reproduces", m.reproduces},
          {"removable", m.removable},
          {"without_step", arr}};
}

void print_verify(const MinimalityReport& m, const std::vector<StepLine>& steps,
                  const std::string& sig) {
  for (std::size_t i = 0; i < m.without.size(); ++i) {
    const bool kept =
        std::find(m.without[i].begin(), m.without[i].end(), sig) != m.without[i].end();
    fmt::print(
        stderr, "  without step {} ({}): {} -> {}\n", i + 1, steps[i].label,
        m.without[i].empty() ? "no violation" : fmt::format("{}", fmt::join(m.without[i], ",")),
        kept ? "STILL FAILS (not 1-minimal)" : "signature gone");
  }
  fmt::print(stderr, "1-minimal: {}\n", m.one_minimal() ? "yes" : "NO");
}

}  // namespace

int cmd_shrink(const ShrinkArgs& a) {
  const Scenario trace = load_or_die(a.trace);
  const RunPlan input = plan_trace_run_or_die(trace, a.trace, "");
  if (trace.steps.empty())
    throw BadInput{a.trace + ": the file has no steps (a scenario, not a trace)"};
  model::NoteId note = 0;
  if (!a.note.empty() && (!model::parse_note_name(a.note, 1, note) || note == model::root_of(1)))
    throw BadInput{"--note: bad note name '" + a.note + "'"};
  // One signature can arise from several mechanisms (a note deleted by a reset, or lost as an
  // unwritten acknowledged insert): --note keeps the shrinker on the one that loses that note.
  ShrinkOptions opt;
  opt.signature = a.signature;
  opt.naming = note;
  opt.structural = !a.steps_only;
  const auto start = std::chrono::steady_clock::now();
  const ShrinkResult res = shrink_trace(trace, opt);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!res.error.empty())
    throw BadInput{a.trace + ": " + res.error +
                   (note != 0 ? " (counting only violations that name " + a.note + ")" : "")};
  // After the input checks, so that bad input stays a one-line error.
  fmt::print(stderr, "{}\n", describe_config(input));
  write_shrunk(a.out, res.trace);
  const auto steps = chosen_steps(res.trace);
  fmt::print(stderr, "signature {}: {} -> {} chosen steps ({} replays, {:.3f}s)\n", res.signature,
             res.stats.steps_before, res.stats.steps_after, res.stats.replays, secs);
  for (const auto& l : res.stats.log) fmt::print(stderr, "  {}\n", l);
  for (const auto& st : steps) fmt::print(stderr, "step {} {}\n", st.index, st.label);
  std::optional<MinimalityReport> ver;
  if (a.verify) {
    ver = check_one_minimal(res.trace, res.signature, note);
    print_verify(*ver, steps, res.signature);
  }
  fmt::print(stderr, "shrunk trace written to {}\nreplay with: {}\n", a.out, replay_command(a.out));
  if (a.json) {
    auto j = envelope("shrink");
    j["signature"] = res.signature;
    j["steps_before"] = res.stats.steps_before;
    j["steps_after"] = res.stats.steps_after;
    j["replays"] = res.stats.replays;
    j["seconds"] = secs;
    j["bound_reached"] = res.stats.bound_reached;
    j["structural"] = res.stats.log;
    j["out"] = a.out;
    j["replay_command"] = replay_command(a.out);
    j["trace_hash"] = fmt::format("{:016x}", trace_hash(res.trace));
    if (ver) j["verify"] = verify_json(*ver, steps);
    fmt::print("{}\n", j.dump());
  }
  return ver && !ver->one_minimal() ? kExitInternal : kExitOk;
}

}  // namespace syncsim::cli
