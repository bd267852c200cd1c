#pragma once
// Field-by-field comparison of two parsed scenarios, shared by the format tests and the
// format's round-trip properties: "" when equal, else the first difference.
#include <string>
#include <tuple>
#include <vector>

#include "sim/trace/scenario.h"
#include "sim/trace/schema_lines.h"

namespace syncsim::test {

// ---- helpers ---------------------------------------------------------------------------------

// clang-format off
inline auto key(const DeviceSpec& d) {
  return std::tie(d.name, d.user, d.clock_offset_ms, d.drift_ppm, d.reset_mode, d.app_schema);
}
inline auto key(const TreeSpec& t) { return std::tie(t.user, t.count); }
inline auto key(const KnobLine& k) { return std::tie(k.name, k.value); }
inline auto key(const MigrationLine& m) { return std::tie(m.from, m.field, m.fill); }
inline auto key(const WorkloadLine& w) {  // a copy: the deploy's text is spelled here
  return std::make_tuple(w.at_ms, w.window_ms, w.every_ms, w.count, w.arrival.kind, w.arrival.jitter_pct,
                  w.actor, w.kind, w.note, w.parent, w.breaking, w.change_list,
                  deploy_text(w), w.app_schema, w.target);
}
inline auto key(const StepLine& s) { return std::tie(s.index, s.t_ms, s.settle, s.label); }
// clang-format on

template <typename T>
inline std::string diff_list(const char* name, const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size())
    return std::string(name) + ": " + std::to_string(a.size()) + " vs " + std::to_string(b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    if (key(a[i]) != key(b[i])) return std::string(name) + "[" + std::to_string(i) + "] differs";
  return "";
}

/// The round-trip equality: every field except `line` and `source`. "" when equal, else the
/// first difference (readable in both gtest and RapidCheck failure output).
inline std::string diff(const Scenario& a, const Scenario& b) {
  if (a.format_version != b.format_version) return "format_version";
  if (a.tool_version != b.tool_version) return "tool_version";
  if (a.model_version != b.model_version) return "model_version";
  if (a.seed != b.seed) return "seed";
  if (a.discipline != b.discipline) return "discipline";
  if (a.strategy != b.strategy) return "strategy";
  if (a.profile != b.profile) return "profile";
  if (a.results != b.results) return "results";
  for (std::string d :
       {diff_list("devices", a.devices, b.devices), diff_list("trees", a.trees, b.trees),
        diff_list("knobs", a.knobs, b.knobs), diff_list("migrations", a.migrations, b.migrations),
        diff_list("workload", a.workload, b.workload), diff_list("steps", a.steps, b.steps)})
    if (!d.empty()) return d;
  return "";
}

}  // namespace syncsim::test
