// Canonical writer of scenario and trace files, and the trace hash (docs/trace-format.md).
// One spelling per value and a fixed order of lines, so that equal scenarios give equal text
// and `parse_scenario(write_scenario(s)) == s`.
#include <string>

#include "sim/prng.h"
#include "sim/trace/scenario.h"
#include "sim/trace/schema_lines.h"
#include "sim/workload_arrival.h"

namespace syncsim {
namespace {

std::string ms(std::int64_t v) {
  return std::to_string(v) + "ms";
}

void write_device(std::string& out, const DeviceSpec& d) {
  out += "device " + d.name + " user " + lex::user_name(d.user);
  out += " clock_offset_ms " + std::to_string(d.clock_offset_ms);
  out += " drift_ppm " + std::to_string(d.drift_ppm);
  out += " reset ";
  out += d.reset_mode ? model::to_string(*d.reset_mode) : std::string_view("default");
  out += " app_schema " + std::to_string(d.app_schema) + "\n";
}

void write_workload(std::string& out, const WorkloadLine& w) {
  out += "workload ";
  // `at` means exactly one action; the parser never produces every_ms == 0 with count > 1.
  if (w.every_ms == 0)
    out += "at " + when_text(w.at_ms, w.window_ms);
  else
    out += "every " + ms(w.every_ms) + " from " + when_text(w.at_ms, w.window_ms) + " x" +
           std::to_string(w.count) + arrival_text(w.arrival);
  out += " " + w.actor + " ";
  out += to_string(w.kind);
  switch (w.kind) {
    case WorkKind::Insert:
      out += " " + w.note + " under " + w.parent;
      break;
    case WorkKind::Move:
      out += " " + w.note + " to " + w.parent;
      break;
    case WorkKind::Edit:
    case WorkKind::Delete:
      out += " " + w.note;
      break;
    case WorkKind::Deploy:
      // The canonical text of the changes (schema_lines.h): a parsed line's text as written.
      if (!w.change_list) out += w.breaking ? " breaking" : " additive";
      out += " " + deploy_text(w);
      break;
    case WorkKind::UpgradeApp:
      out += " " + std::to_string(w.app_schema);
      break;
    case WorkKind::Offline:
    case WorkKind::Online:
    case WorkKind::TerminateSync:
      break;
    case WorkKind::ResetClient:
      out += " " + w.target;
      break;
  }
  out += "\n";
}

void write_config(std::string& out, const Scenario& s) {
  if (s.seed) out += "seed " + std::to_string(*s.seed) + "\n";
  if (s.discipline) {
    out += "discipline ";
    out += to_string(*s.discipline);
    out += "\n";
  }
  if (!s.strategy.empty()) out += "strategy " + s.strategy + "\n";
  if (!s.profile.empty()) out += "profile " + s.profile + "\n";
  for (const auto& d : s.devices) write_device(out, d);
  for (const auto& t : s.trees)
    out += "tree " + lex::user_name(t.user) + " " + std::to_string(t.count) + "\n";
  for (const auto& k : s.knobs) out += "knob " + k.name + " " + std::to_string(k.value) + "\n";
  for (const auto& m : s.migrations)
    out += "migration " + std::to_string(m.from) + "->" + std::to_string(m.from + 1) + " add " +
           property_text(m.field) + " default " + std::to_string(m.fill) + "\n";
  for (const auto& l : s.schemas) out += schema_line_text(l) + "\n";
}

// `meta` = the lines that describe the run rather than identify it: the versions of the build
// that wrote the file and the `result` lines. trace_hash leaves them out.
std::string write(const Scenario& s, bool meta) {
  std::string out = "syncsim-trace " + std::to_string(kFormatVersion) + "\n";
  if (meta) {
    out += "syncsim ";
    out += kToolVersion;
    out += "\nmodel ";
    out += kModelVersion;
    out += "\n";
  }
  write_config(out, s);
  for (const auto& w : s.workload) write_workload(out, w);
  for (const auto& st : s.steps) {
    out += st.settle ? "settle " : "step ";
    out += std::to_string(st.index) + " t=" + std::to_string(st.t_ms) + " " + st.label + "\n";
  }
  if (meta)
    for (const auto& r : s.results) out += "result " + r + "\n";
  return out;
}

}  // namespace

std::string write_scenario(const Scenario& s) {
  return write(s, true);
}

std::uint64_t trace_hash(const Scenario& s) {
  return fnv1a64(write(s, false));
}

}  // namespace syncsim
