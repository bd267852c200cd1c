// `render --format text`: the timeline as aligned columns, then the violations.
#include <fmt/format.h>

#include <algorithm>

#include "properties/check.h"
#include "tools/render/render.h"

namespace syncsim::render {
namespace {

void append_list(std::string& s, const char* prefix, const std::vector<model::NoteId>& ids,
                 const char* suffix) {
  for (auto id : ids) {
    if (!s.empty() && s.back() != ' ') s += ", ";
    s += prefix + model::note_name(id) + suffix;
  }
}

std::string step_word(const Event& e) {
  return fmt::format("{} {}", e.settle ? "settle" : "step", e.index);
}

}  // namespace

std::string describe_changes(const Event& e) {
  std::string out;
  for (const auto& c : e.changes) {
    if (!out.empty()) out += "; ";
    std::string s = c.replica + ": ";
    append_list(s, "+", c.added, "");
    append_list(s, "-", c.removed, "");
    append_list(s, "", c.orphaned, " orphaned");
    append_list(s, "", c.reattached, " re-attached");
    out += s;
  }
  for (const auto& f : e.facts) out += (out.empty() ? "" : "; ") + f.lane + ": " + f.text;
  return out;
}

std::string lanes_of(const Event& e) {
  return e.to.empty() ? e.from : e.from + "->" + e.to;
}

std::string render_text(const Report& r) {
  std::size_t step_w = 4, lane_w = 4, label_w = 5;
  for (const auto& e : r.timeline) {
    step_w = std::max(step_w, step_word(e).size());
    lane_w = std::max(lane_w, lanes_of(e).size());
    label_w = std::max(label_w, e.label.size());
  }
  std::string out = fmt::format("trace {}\n{}\n\ntimeline ({} steps):\n", r.trace_path, r.config,
                                r.timeline.size());
  // Time as the trace writes it (`t=`): milliseconds when timed, logical ticks when untimed.
  out += fmt::format("{:<{}}  {:<10}  {:<{}}  {:<{}}  {}\n", "step", step_w, "time", "lane", lane_w,
                     "label", label_w, "what changed");
  for (const auto& e : r.timeline)
    out += fmt::format("{:<{}}  {:<10}  {:<{}}  {:<{}}  {}\n", step_word(e), step_w,
                       fmt::format("t={}", e.t_ms), lanes_of(e), lane_w, e.label, label_w,
                       describe_changes(e));
  if (!r.settled) out += "the run did not settle within the bound\n";
  out += "\n";
  if (r.violations.empty()) out += "no violation: every note is reachable, replicas converged\n";
  for (const auto& v : r.violations) out += "VIOLATION " + v.description + "\n";
  out += "replay with: " + r.replay_command + "\n";
  return out;
}

}  // namespace syncsim::render
