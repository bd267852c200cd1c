// `syncsim explain TRACE [--note N]`: for each lost, orphaned or dangling note of a trace,
// the causal chain from its write to the step, replica and cause that dropped it
// (docs/explain.md).
#include <fmt/format.h>

#include <algorithm>

#include "properties/explain.h"
#include "tools/cli/commands.h"
#include "tools/render/render.h"

namespace syncsim::cli {

std::vector<LossChain> explain_observed(const RunPlan& r, const ObservedRun& obs,
                                        model::NoteId only) {
  return explain_losses(r, obs.trace.steps, obs.report, only);
}

namespace {

/// The note `--note` names; it must be a note some reported loss of the trace names.
model::NoteId note_or_die(const ExplainArgs& a, const CheckReport& rep) {
  model::NoteId n = 0;
  if (!model::parse_note_name(a.note, 1, n))
    throw BadInput{fmt::format("{}: --note {}: not a note name (n1.4, a2, ...)", a.trace, a.note)};
  for (const Violation& v : rep.violations)
    if (is_loss(v) && std::find(v.notes.begin(), v.notes.end(), n) != v.notes.end()) return n;
  throw BadInput{fmt::format("{}: --note {}: no lost, orphaned or dangling note of this trace",
                             a.trace, a.note)};
}

}  // namespace

int cmd_explain(const ExplainArgs& a) {
  const Scenario trace = load_or_die(a.trace);
  const RunPlan r = plan_trace_run_or_die(trace, a.trace, "");
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &trace.steps;
  ObservedRun obs;
  try {
    obs = observe_run(r, opt);
  } catch (const StepFailure& f) {
    return report_step_failure(f, replay_command(a.trace));
  }
  const model::NoteId only = a.note.empty() ? 0 : note_or_die(a, obs.report);
  const auto chains = explain_observed(r, obs, only);
  if (a.json) {
    auto j = envelope("explain");
    j["profile"] = r.profile;
    j["chains"] = render::chains_json(chains);
    fmt::print("{}\n", j.dump());
  } else if (chains.empty()) {
    fmt::print("no lost, orphaned or dangling note in this trace\n");
  } else {
    fmt::print("{}", format_chains(chains));
  }
  return chains.empty() ? kExitOk : kExitViolation;
}

}  // namespace syncsim::cli
