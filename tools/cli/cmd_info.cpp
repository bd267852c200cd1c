// `syncsim lint`, `profiles`, `knobs`.
#include <fmt/format.h>

#include "sim/trace/domain.h"
#include "tools/cli/commands.h"
#include "tools/cli/lint_changes.h"

namespace syncsim::cli {

int cmd_lint(const std::string& file, bool json) {
  const Scenario s = load_or_die(file);
  Overrides o;
  o.classify_only = true;                     // lint reports the schema changes a run would refuse
  plan_run_or_die(s, o, s.seed.value_or(1));  // semantic checks (names, supported features)
  const nlohmann::json changes = lint_changes(s);
  if (json) {
    auto j = envelope("lint");
    j["file"] = file;
    j["ok"] = true;
    j["steps"] = s.steps.size();
    j["trace_hash"] = fmt::format("{:016x}", trace_hash(s));
    j["changes"] = changes;
    fmt::print("{}\n", j.dump());
  } else {
    fmt::print(stderr, "{}: ok ({} device(s), {} workload line(s), {} step(s))\n", file,
               s.devices.size(), s.workload.size(), s.steps.size());
    print_lint_changes(file, changes);
  }
  return kExitOk;
}

int cmd_profiles(bool json, const std::string& for_file) {
  auto arr = nlohmann::json::array();
  model::Domain workload;
  if (!for_file.empty()) workload = workload_domain(load_or_die(for_file));
  for (const auto& p : model::profiles()) {
    if (!for_file.empty() && !p.scope.covers(workload)) continue;
    if (json) {
      arr.push_back({{"name", p.name},
                     {"class", to_string(p.klass)},
                     {"domain", p.domain},
                     {"features", model::feature_names(p.scope)},
                     {"summary", p.summary}});
    } else {
      fmt::print("{:<26} {:<8} {:<40} {}\n", p.name, to_string(p.klass), p.domain, p.summary);
    }
  }
  if (json) {
    auto j = envelope("profiles");
    j["profiles"] = arr;
    if (!for_file.empty()) j["workload_features"] = model::feature_names(workload);
    fmt::print("{}\n", j.dump());
  }
  return kExitOk;
}

int cmd_knobs(bool json) {
  const RunSettings defaults;
  auto arr = nlohmann::json::array();
  for (const auto& k : knobs()) {
    if (json) {
      arr.push_back({{"name", k.name},
                     {"default", k.get(defaults)},
                     {"unit", k.unit},
                     {"min", k.min},
                     {"max", k.max},
                     {"swarm", k.swarm},
                     {"policy", k.policy},
                     {"meaning", k.meaning}});
    } else {
      fmt::print("{:<28} {:>8} {:<6} {}{}{}\n", k.name, k.get(defaults), k.unit, k.meaning,
                 k.swarm ? " [swarm]" : "", k.policy ? " [policy: the profile sets it]" : "");
    }
  }
  if (json) {
    auto j = envelope("knobs");
    j["knobs"] = arr;
    fmt::print("{}\n", j.dump());
  }
  return kExitOk;
}

}  // namespace syncsim::cli
