#pragma once
// The formats of `syncsim render` (README "CLI"). Each is a pure function of the
// Report: same report, same bytes.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tools/render/report.h"

namespace syncsim::render {

/// Timeline (step, time, lanes, label, what changed), then the violations and how to replay.
std::string render_text(const Report& r);
/// A Mermaid `sequenceDiagram`: one participant per lane, one arrow or note per step, and a
/// note wherever a note became orphaned (the loss became visible).
std::string render_mermaid(const Report& r);
/// A Graphviz digraph: one cluster per replica holding its final tree; orphans red and
/// dashed, dangling keys as dotted red edges to a missing node.
std::string render_dot(const Report& r);
/// One JSON object (with `version`): timeline, trees before/after, violations, and the
/// losses' causal chains (`explain`, as `syncsim explain --json` gives them).
std::string render_json(const Report& r);
/// The one JSON form of causal chains, shared by `explain`, `replay` and `render`.
nlohmann::json chains_json(const std::vector<LossChain>& chains);
/// One self-contained HTML page (no network access): summary, violation and replay command,
/// the sequence diagram as inline SVG, the timeline, the trees before and after.
std::string render_html(const Report& r);

/// "c1: +n1.2, n1.3 orphaned; atlas: -n1.1" (empty when nothing changed).
std::string describe_changes(const Event& e);
/// "c1->server", or "c1" for a note over one lane.
std::string lanes_of(const Event& e);

/// Text safe inside HTML element content and double-quoted attributes.
std::string escape_html(std::string_view s);

}  // namespace syncsim::render
