// What a run found, in plain words.
#include <fmt/format.h>

#include "tools/cli/commands.h"

namespace syncsim::cli {

void print_run_story(const RunPlan& r, const ObservedRun& o, const std::string& trace_path,
                     bool print_tree) {
  const auto* prof = model::find_profile(r.profile);
  fmt::print(stderr, "profile {} ({}): {}\n", r.profile, to_string(prof->klass), prof->summary);
  if (!o.window.empty())
    fmt::print(stderr, "just before the first re-insert batch: {}\n", o.window);
  for (const auto& s : o.report.replicas) {
    fmt::print(stderr, "at quiescence {}: {} notes, {} reachable from the root", s.name, s.notes,
               s.reachable);
    if (!s.orphans.empty())
      fmt::print(stderr, ", {} ORPHANED ({})", s.orphans.size(), notes_list(s.orphans));
    fmt::print(stderr, "\n");
  }
  if (o.report.violations.empty()) {
    fmt::print(stderr, "no violation: every note is reachable, replicas converged\n");
  } else {
    for (const auto& v : o.report.violations)
      fmt::print(stderr, "VIOLATION {}\n", describe_violation(v));
  }
  if (!o.result.settled) fmt::print(stderr, "the run did not settle within the bound\n");
  if (print_tree && o.world) fmt::print(stderr, "{}", print_trees(*o.world, o.report));
  if (!trace_path.empty()) {
    fmt::print(stderr, "trace written to {}\n", trace_path);
    fmt::print(stderr, "replay with: {}\n", replay_command(trace_path));
  }
}

}  // namespace syncsim::cli
