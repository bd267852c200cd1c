// `render --format dot`: each replica's final tree as a Graphviz cluster. Node ids are
// prefixed with the replica (`c1__n1_2`) because the same note lives in every replica.
#include <fmt/format.h>

#include "tools/render/render.h"

namespace syncsim::render {
namespace {

/// Inside a DOT double-quoted string only `"` and `\` are special; line breaks become spaces.
std::string escape_dot(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

std::string node_id(const std::string& replica, const std::string& note) {
  return escape_dot(replica + "/" + note);
}

void append_cluster(std::string& out, const ReplicaTree& t, std::size_t index) {
  out += fmt::format("  subgraph cluster_{} {{\n    label=\"{}: {} notes, {} orphaned\";\n", index,
                     escape_dot(t.name), t.children.size(), t.orphans.size());
  for (const auto& [id, kids] : t.children) {
    const std::string name = model::note_name(id);
    if (t.is_orphan(id)) {
      out += fmt::format(
          "    \"{}\" [label=\"{} (orphan)\", class=\"orphan\", color=red, fontcolor=red, "
          "style=dashed];\n",
          node_id(t.name, name), escape_dot(name));
    } else {
      out += fmt::format("    \"{}\" [label=\"{}\"];\n", node_id(t.name, name), escape_dot(name));
    }
  }
  for (const auto& [id, kids] : t.children)
    for (auto kid : kids)
      out += fmt::format("    \"{}\" -> \"{}\";\n", node_id(t.name, model::note_name(id)),
                         node_id(t.name, model::note_name(kid)));
  for (const auto& [parent, missing] : t.dangling) {
    const std::string target = node_id(t.name, "missing " + model::note_name(missing));
    out += fmt::format(
        "    \"{}\" [label=\"{} (missing)\", shape=box, color=red, fontcolor=red, style=dotted];\n",
        target, escape_dot(model::note_name(missing)));
    out += fmt::format("    \"{}\" -> \"{}\" [color=red, style=dotted, label=\"dangling\"];\n",
                       node_id(t.name, model::note_name(parent)), target);
  }
  out += "  }\n";
}

}  // namespace

std::string render_dot(const Report& r) {
  std::string out = "digraph syncsim {\n";
  out += fmt::format("  label=\"{} (seed {}, profile {}): trees at quiescence\";\n",
                     escape_dot(r.trace_path), r.seed, escape_dot(r.profile));
  out += "  labelloc=t;\n  node [shape=ellipse, fontname=\"Helvetica\"];\n";
  for (std::size_t i = 0; i < r.after.size(); ++i) append_cluster(out, r.after[i], i);
  out += "}\n";
  return out;
}

}  // namespace syncsim::render
