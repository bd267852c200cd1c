// `syncsim replay TRACE`: re-run a trace (optionally under another profile) and print its
// timeline. Steps whose label is not enabled are skipped and reported (`--strict`: error).
#include <fmt/format.h>

#include "tools/cli/commands.h"
#include "tools/render/render.h"

namespace syncsim::cli {

int cmd_replay(const ReplayArgs& a) {
  const Scenario trace = load_or_die(a.trace);
  const RunPlan r = plan_trace_run_or_die(trace, a.trace, a.profile);
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &trace.steps;
  opt.until = a.until;
  opt.skip_settle = a.until != 0;
  opt.planted_assertion_step = a.planted_assertion_step;
  model::set_slow_assertions(true);  // a replay is where a failure is studied: every check on
  ObservedRun obs;
  try {
    obs = observe_run(r, opt);
  } catch (const StepFailure& f) {
    return report_step_failure(f, replay_command(a.trace, a.planted_assertion_step));
  }
  if (a.strict && !obs.result.skipped.empty())
    throw BadInput{
        fmt::format("{}: step {} is not enabled (--strict)", a.trace, obs.result.skipped.front())};
  fmt::print(stderr, "{}\n", describe_config(r));
  for (const auto& s : obs.result.skipped)
    fmt::print(stderr, "skipped (not enabled): step {}\n", s);
  if (!a.json && !a.quiet)
    for (const auto& st : obs.trace.steps)
      fmt::print("{} {} t={} {}\n", st.settle ? "settle" : "step", st.index, st.t_ms, st.label);
  print_run_story(r, obs, "", a.print_tree);
  // Why each note was lost (docs/explain.md): the same chains as `syncsim explain`.
  const auto chains = obs.report.violated() ? explain_observed(r, obs) : std::vector<LossChain>{};
  if (!a.json && !chains.empty())
    fmt::print(stderr, "why (syncsim explain):\n{}", format_chains(chains));
  if (a.json) {
    auto j = envelope("replay");
    j["profile"] = r.profile;
    j["seed"] = r.seed;
    j["violated"] = obs.report.violated();
    j["violations"] = violations_json(obs.report);
    j["explain"] = render::chains_json(chains);
    j["replicas"] = replicas_json(obs.report);
    j["skipped"] = obs.result.skipped;
    j["steps"] = obs.result.steps + obs.result.settle_steps;
    j["settled"] = obs.result.settled;
    j["trace_hash"] = fmt::format("{:016x}", trace_hash(obs.trace));
    fmt::print("{}\n", j.dump());
  }
  return obs.report.violated() ? kExitViolation : kExitOk;
}

}  // namespace syncsim::cli
