// `syncsim explore`: exhaustive search of every ordering of a bounded scenario (untimed
// discipline). Reports states, transitions, complete executions, failing ones by signature,
// and writes the shortest counterexample as a replayable trace.
#include <filesystem>
#include <fstream>
#include <iterator>

#include "sim/search/explore.h"
#include "tools/cli/commands.h"

namespace syncsim::cli {
namespace {

void print_summary(const ExploreResult& res, bool reduction) {
  fmt::print(stderr, "explored {} states, {} transitions in {:.3f}s ({:.0f} states/s){}\n",
             res.states, res.transitions, res.seconds, res.states_per_second(),
             reduction ? "" : " (plain search, no reduction)");
  fmt::print(stderr, "{} terminal state(s), {} complete {}execution(s), longest {} steps\n",
             res.terminal_states, res.executions.decimal(),
             res.executions_exact ? "" : "representative ", res.depth);
  for (const auto& s : res.signatures)
    fmt::print(stderr, "  {}: {} terminal state(s), {} execution(s)\n",
               s.signature.empty() ? "no violation" : s.signature, s.states,
               s.executions.decimal());
  if (res.cut_short) fmt::print(stderr, "{}\n", res.cut_message);
  if (res.failing_executions == 0) {
    fmt::print(stderr, "no ordering violates a property{}\n",
               res.cut_short ? " (in the part searched)" : "");
    return;
  }
  fmt::print(stderr, "{} of {} {}execution(s) fail; the shortest failing one has {} steps\n",
             res.failing_executions.decimal(), res.executions.decimal(),
             res.executions_exact ? "" : "representative ", res.shortest_complete);
  fmt::print(stderr, "shortest counterexample ({}): {} chosen step(s), then the settle phase:\n",
             res.shortest_signature, res.shortest_trace.size());
  for (std::size_t i = 0; i < res.shortest_trace.size(); ++i)
    fmt::print(stderr, "  {:>3} {}\n", i + 1, res.shortest_trace[i]);
}

nlohmann::json result_json(const RunPlan& r, const ExploreResult& res, bool reduction) {
  auto j = envelope("explore");
  j["profile"] = r.profile;
  j["reduction"] = reduction ? (res.executions_exact ? "states" : "states+partial-order") : "none";
  j["states"] = res.states;
  j["transitions"] = res.transitions;
  j["terminal_states"] = res.terminal_states;
  j["executions"] = count_json(res.executions);
  j["executions_exact"] = res.executions_exact;
  j["failing"] = count_json(res.failing_executions);
  j["failing_states"] = res.failing_states;
  j["longest"] = res.depth;
  auto sigs = nlohmann::json::object();
  for (const auto& s : res.signatures)
    if (!s.signature.empty())
      sigs[s.signature] = {{"states", s.states}, {"executions", count_json(s.executions)}};
  j["signatures"] = sigs;
  j["seconds"] = res.seconds;
  j["states_per_second"] = res.states_per_second();
  j["shortest"] = res.shortest_trace.empty() ? nlohmann::json(nullptr)
                                             : nlohmann::json(res.shortest_trace.size());
  j["shortest_signature"] = res.shortest_signature;
  j["shortest_trace"] = res.shortest_trace;
  j["shortest_complete"] = res.shortest_complete;
  j["cut_short"] = res.cut_short;
  j["cut_message"] = res.cut_message;
  auto counts = nlohmann::json::object();
  for (int k = 0; k < kActionKinds; ++k) counts[kActionKindNames[k]] = res.kind_counts[k];
  j["action_counts"] = counts;
  return j;
}

}  // namespace

int cmd_explore(const ExploreArgs& a) {
  const Scenario scn = load_or_die(a.scenario);
  Overrides o;
  if (!a.profile.empty()) o.profile = a.profile;
  o.discipline = Discipline::Untimed;  // every enabled action is a choice
  o.knobs = parse_knob_flags(a.knobs);
  const RunPlan r = plan_run_or_die(scn, o, scn.seed.value_or(1));
  fmt::print(stderr, "{}\n", describe_config(r));
  if (scn.discipline.value_or(Discipline::Timed) == Discipline::Timed)
    fmt::print(stderr, "explore: {} asks for the timed discipline; exploring untimed orderings\n",
               a.scenario);

  ExploreOptions opt;
  opt.reduction = !a.no_reduction;
  opt.partial_order = !a.no_por;
  opt.max_depth = a.max_depth;
  opt.max_states = a.max_states;
  const ExploreResult res = explore(r, opt);
  print_summary(res, opt.reduction);

  auto j = result_json(r, res, opt.reduction);
  j["trace"] = nullptr;
  if (res.failing_executions > 0) {
    ObservedRun obs;
    const std::string sig = res.shortest_signature.substr(0, res.shortest_signature.find('+'));
    const std::string path = write_steps_trace(
        fmt::format("{}/{}-{}-explore.trace", a.out, r.profile, sig), r, res.shortest_trace, obs);
    const Outcome replayed = to_outcome(obs.report, *obs.world);
    if (replayed.signature != res.shortest_signature)
      fmt::print(stderr, "explore: warning: the replayed counterexample ends in {}, not {}\n",
                 replayed.signature, res.shortest_signature);
    fmt::print(stderr, "trace written to {}\nreplay with: {}\n", path, replay_command(path));
    j["trace"] = path;
  }
  if (a.json) fmt::print("{}\n", j.dump());
  return res.failing_executions > 0 ? kExitViolation : kExitOk;
}

}  // namespace syncsim::cli
