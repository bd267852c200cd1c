// `render --format html`: one self-contained page. No script, no external stylesheet, font
// or image: everything is inline, so the report opens offline and shows the same thing
// wherever it is copied. Everything taken from the trace is escaped.
#include "tools/render/html.h"

#include <fmt/format.h>

#include "properties/check.h"

namespace syncsim::render {
namespace {

std::string orphan_chips(const Report& r) {
  std::string out;
  for (const auto& t : r.after)
    for (auto id : t.orphans)
      out += fmt::format(" <span class=\"orphan\">{}: {}</span>", escape_html(t.name),
                         escape_html(model::note_name(id)));
  return out;
}

std::string summary_section(const Report& r) {
  std::string out = "<section id=\"summary\">";
  if (r.violations.empty())
    out += "<p class=\"ok\">No violation: every note is reachable, replicas converged.</p>";
  for (const auto& v : r.violations)
    out += fmt::format("<p class=\"violation\" data-signature=\"{}-{}\"><b>VIOLATION</b> {}</p>",
                       escape_html(v.property), escape_html(v.kind), escape_html(v.description));
  if (!r.settled) out += "<p class=\"violation\">The run did not settle within the bound.</p>";
  const std::string chips = orphan_chips(r);
  if (!chips.empty()) out += "<p id=\"orphans\">Orphaned at quiescence:" + chips + "</p>";
  out += "<p>Replay exactly with:</p><code class=\"replay\">" + escape_html(r.replay_command) +
         "</code>";
  return out + "</section>\n";
}

std::string change_cell(const Event& e) {
  std::string out;
  for (const auto& c : e.changes) {
    out += "<div>" + escape_html(c.replica) + ":";
    for (auto id : c.added) out += " +" + escape_html(model::note_name(id));
    for (auto id : c.removed) out += " -" + escape_html(model::note_name(id));
    for (auto id : c.orphaned)
      out += " <span class=\"orphan\">" + escape_html(model::note_name(id)) + " orphaned</span>";
    for (auto id : c.reattached) out += " " + escape_html(model::note_name(id)) + " re-attached";
    out += "</div>";
  }
  for (const auto& f : e.facts) out += "<div>" + escape_html(f.lane + ": " + f.text) + "</div>";
  return out;
}

std::string timeline_section(const Report& r) {
  std::string out =
      "<section id=\"timeline\"><h2>Timeline</h2><table class=\"timeline\">"
      "<tr><th>step</th><th>time</th><th>lanes</th><th>label</th><th>what changed</th></tr>\n";
  for (const auto& e : r.timeline)
    out += fmt::format(
        "<tr class=\"{}\"><td>{} {}</td><td>t={}</td><td>{}</td><td "
        "class=\"label\">{}</td><td>{}</td></tr>\n",
        e.settle ? "settle" : "step", e.settle ? "settle" : "step", e.index, e.t_ms,
        escape_html(lanes_of(e)), escape_html(e.label), change_cell(e));
  return out + "</table></section>\n";
}

std::string trees_section(const Report& r) {
  std::string out =
      "<section id=\"trees\"><h2>Trees per replica: before (initial) and after (quiescence)</h2>"
      "<div class=\"replicas\">\n";
  for (std::size_t i = 0; i < r.after.size(); ++i) {
    const ReplicaTree& after = r.after[i];
    out += fmt::format(
        "<div class=\"replica\" "
        "id=\"replica-{}\"><h3>{}</h3><table><tr><th>before</th><th>after</th></tr><tr><td>",
        escape_html(after.name), escape_html(after.name));
    if (i < r.before.size()) out += html_tree(r.before[i]);
    out += "</td><td>" + html_tree(after) + "</td></tr></table></div>\n";
  }
  return out + "</div></section>\n";
}

}  // namespace

std::string escape_html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_html(const Report& r) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  out += "<title>syncsim: " + escape_html(r.trace_path) + "</title>\n<style>\n";
  out += html_style();
  out += "</style></head>\n<body>\n";
  out += "<h1>syncsim report: " + escape_html(r.trace_path) + "</h1>\n";
  out += "<p class=\"config\">" + escape_html(r.config) + "</p>\n";
  out += summary_section(r);
  if (!r.chains.empty())
    out += "<section id=\"why\"><h2>Why each note was lost</h2><pre>" +
           escape_html(format_chains(r.chains)) + "</pre></section>\n";
  out +=
      "<section id=\"diagram\"><h2>Sequence diagram</h2>\n" + html_sequence_svg(r) + "</section>\n";
  out += trees_section(r);
  out += timeline_section(r);
  return out + "</body></html>\n";
}

}  // namespace syncsim::render
