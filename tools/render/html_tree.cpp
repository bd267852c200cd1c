// Trees of the HTML report as nested lists, and the page's stylesheet.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "tools/render/html.h"

namespace syncsim::render {
namespace {

constexpr int kMaxDepth = 64;  ///< bound: a cycle (acyclic violation) must not recurse forever

void append_subtree(std::string& out, const ReplicaTree& t, model::NoteId id, int depth,
                    std::set<model::NoteId>& drawn) {
  const std::string name = escape_html(model::note_name(id));
  if (depth > kMaxDepth || !drawn.insert(id).second) {
    out += fmt::format("<li class=\"cycle\">{} (again: cycle)</li>", name);
    return;
  }
  if (t.is_orphan(id)) {
    out += fmt::format(
        "<li><span class=\"orphan\" title=\"not reachable from its root\">{} (orphan)</span>",
        name);
  } else {
    out += fmt::format("<li><span class=\"note\">{}</span>", name);
  }
  const auto* kids = t.children_of(id);
  if (kids != nullptr && !kids->empty()) {
    out += "<ul>";
    for (auto kid : *kids) append_subtree(out, t, kid, depth + 1, drawn);
    out += "</ul>";
  }
  out += "</li>";
}

/// Orphans that are nobody's child (the tops of the unreachable forest), in id order.
std::vector<model::NoteId> orphan_tops(const ReplicaTree& t) {
  std::set<model::NoteId> has_parent;
  for (const auto& entry : t.children)
    for (auto kid : entry.second) has_parent.insert(kid);
  std::vector<model::NoteId> tops;
  for (auto id : t.orphans)
    if (!has_parent.contains(id)) tops.push_back(id);
  // Orphans that only hang under each other (a cycle) still have to be shown: take the first.
  if (tops.empty() && !t.orphans.empty()) tops.push_back(t.orphans.front());
  return tops;
}

}  // namespace

std::string html_tree(const ReplicaTree& t) {
  std::string out = "<ul class=\"tree\">";
  std::set<model::NoteId> drawn;
  for (auto root : t.roots) append_subtree(out, t, root, 0, drawn);
  out += "</ul>";
  if (!t.orphans.empty()) {
    out += fmt::format(
        "<p class=\"orphans-head\">{} orphaned (no path from the root):</p><ul class=\"tree "
        "orphans\">",
        t.orphans.size());
    for (auto id : orphan_tops(t)) append_subtree(out, t, id, 0, drawn);
    for (auto id : t.orphans)  // any orphan not drawn yet (under a cycle)
      if (!drawn.contains(id)) append_subtree(out, t, id, 0, drawn);
    out += "</ul>";
  }
  if (!t.dangling.empty()) {
    out += "<ul class=\"tree\">";
    for (const auto& [parent, missing] : t.dangling)
      out += fmt::format(
          "<li class=\"dangling\">{} &rarr; {} (missing document: dangling key)</li>",
          escape_html(model::note_name(parent)), escape_html(model::note_name(missing)));
    out += "</ul>";
  }
  if (!t.hidden.empty()) {
    std::string ids;
    for (auto id : t.hidden) ids += (ids.empty() ? "" : ", ") + escape_html(model::note_name(id));
    out += fmt::format(
        "<p class=\"orphans-head\">hidden (stored, invalid at this client's "
        "schema): {}</p>",
        ids);
  }
  return out;
}

std::string_view html_style() {
  return R"(body{font-family:sans-serif;margin:16px;color:#222;background:#fff}
h1{font-size:20px;margin:0 0 6px}h2{font-size:16px;margin:18px 0 6px}
code,.mono,td.label{font-family:monospace}
.config{color:#555;font-size:12px}
.violation{border:2px solid #8a4b00;background:#fff4e0;padding:6px 10px;margin:6px 0}
.ok{border:2px solid #2e7d32;background:#eef8ee;padding:6px 10px}
.replay{display:block;background:#f3f3f3;padding:6px;margin:4px 0;white-space:pre-wrap}
.orphan{color:#fff;background:#e0001b;border:2px dashed #7a0010;padding:0 4px;font-weight:bold}
.dangling{color:#e0001b;font-style:italic}
.cycle{color:#8a4b00}
.replicas{display:flex;flex-wrap:wrap;gap:12px}
.replica{border:1px solid #bbb;padding:6px 10px;min-width:220px}
.replica table td{vertical-align:top;padding:0 12px 0 0}
ul.tree{margin:2px 0;padding-left:18px}
table.timeline{border-collapse:collapse;font-size:12px}
table.timeline td,table.timeline th{border-bottom:1px solid #ddd;padding:2px 6px;text-align:left}
tr.settle td{color:#555}
#diagram{overflow-x:auto}
svg.sequence{font-family:monospace;font-size:12px;border:1px solid #ddd}
svg .lane line{stroke:#999;stroke-dasharray:4 3}
svg .lane rect{fill:#e8eef8;stroke:#557}
svg .lane text{text-anchor:middle;font-weight:bold}
svg .msg line{stroke:#333}
svg marker path{fill:#333}
svg .note rect{fill:#fffbe6;stroke:#b9a640}
svg .fact rect{fill:#eef2ff;stroke:#7a86c0}
svg .orphan-note rect{fill:#e0001b;stroke:#7a0010}
svg .orphan-note text{fill:#fff;font-weight:bold}
svg .violation-note rect{fill:#fff4e0;stroke:#8a4b00}
)";
}

}  // namespace syncsim::render
