// `render --format mermaid`: a sequence diagram of the trace. Participants are declared
// up front so the lanes keep their order (devices, server, r2m, m2r, Atlas, admin) even
// when a lane never acts.
#include <fmt/format.h>

#include "properties/check.h"
#include "tools/render/render.h"

namespace syncsim::render {
namespace {

/// Mermaid reads `;` as a statement break and `#...;` as an entity, and a line break ends
/// the message: write those as entity codes so a label cannot change the diagram's shape.
std::string escape_mermaid(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '#':
        out += "#35;";
        break;
      case ';':
        out += "#59;";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// Diagram participants are identifiers; the replica `atlas` is drawn on the `Atlas` lane.
std::string lane_of_replica(const std::string& replica) {
  return replica == "atlas" ? "Atlas" : replica;
}

void append_step(std::string& out, const Report& r, const Event& e) {
  const std::string text =
      escape_mermaid(fmt::format("{} {}: {}", e.settle ? "settle" : "step", e.index, e.message));
  if (e.to.empty()) {
    out += fmt::format("    Note over {}: {}\n", e.from, text);
  } else {
    out += fmt::format("    {}->>{}: {}\n", e.from, e.to, text);
  }
  for (const auto& f : e.facts)
    out += fmt::format("    Note over {}: {}\n", f.lane, escape_mermaid(f.text));
  for (const auto& c : e.changes)
    for (const auto& mark : loss_marks(r, c))
      out += fmt::format("    Note over {}: {}\n", lane_of_replica(c.replica),
                         escape_mermaid(mark.text));
}

}  // namespace

std::string render_mermaid(const Report& r) {
  std::string out = "sequenceDiagram\n";
  out += fmt::format("    %% {} seed {} profile {}\n", escape_mermaid(r.trace_path), r.seed,
                     escape_mermaid(r.profile));
  for (const auto& lane : r.lanes()) out += fmt::format("    participant {}\n", lane);
  for (const auto& e : r.timeline) append_step(out, r, e);
  for (const auto& v : r.violations)
    out += fmt::format("    Note over {}: VIOLATION {}\n",
                       v.replica.empty() ? "server" : lane_of_replica(v.replica),
                       escape_mermaid(v.description));
  return out;
}

}  // namespace syncsim::render
