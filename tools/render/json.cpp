// `render --format json`: the Report as one JSON object. Keys are sorted (nlohmann's default
// std::map), so the bytes depend only on the report.
#include <nlohmann/json.hpp>

#include "tools/render/render.h"

namespace syncsim::render {
namespace {

using nlohmann::json;

json names(const std::vector<model::NoteId>& ids) {
  json arr = json::array();
  for (auto id : ids) arr.push_back(model::note_name(id));
  return arr;
}

json event_json(const Event& e) {
  json changes = json::array();
  for (const auto& c : e.changes)
    changes.push_back({{"replica", c.replica},
                       {"added", names(c.added)},
                       {"removed", names(c.removed)},
                       {"orphaned", names(c.orphaned)},
                       {"reattached", names(c.reattached)}});
  json facts = json::array();
  for (const auto& f : e.facts) facts.push_back({{"lane", f.lane}, {"text", f.text}});
  return {{"step", e.index},      {"t_ms", e.t_ms},
          {"settle", e.settle},   {"label", e.label},
          {"from", e.from},       {"to", e.to},
          {"message", e.message}, {"changes", changes},
          {"facts", facts},       {"summary", describe_changes(e)}};
}

json tree_json(const ReplicaTree& t) {
  json children = json::object();
  for (const auto& [id, kids] : t.children) children[model::note_name(id)] = names(kids);
  json dangling = json::array();
  for (const auto& [parent, missing] : t.dangling)
    dangling.push_back(
        {{"parent", model::note_name(parent)}, {"missing", model::note_name(missing)}});
  json out = {{"replica", t.name},
              {"roots", names(t.roots)},
              {"children", children},
              {"orphans", names(t.orphans)},
              {"dangling", dangling}};
  if (!t.hidden.empty()) out["hidden"] = names(t.hidden);  // verdant-5.5 only (D1)
  return out;
}

json trees_json(const std::vector<ReplicaTree>& trees) {
  json arr = json::array();
  for (const auto& t : trees) arr.push_back(tree_json(t));
  return arr;
}

}  // namespace

json chains_json(const std::vector<LossChain>& chains) {
  auto out = json::array();
  for (const LossChain& c : chains) {
    auto links = json::array();
    for (const ChainLink& l : c.links)
      links.push_back({{"step", l.step}, {"replica", l.replica}, {"text", l.text}});
    out.push_back({{"property", c.property},
                   {"kind", c.kind},
                   {"replica", c.replica},
                   {"note", model::note_name(c.note)},
                   {"cause", c.cause ? std::string(model::cause_name(*c.cause)) : std::string()},
                   {"links", links}});
  }
  return out;
}

std::string render_json(const Report& r) {
  json timeline = json::array();
  for (const auto& e : r.timeline) timeline.push_back(event_json(e));
  json violations = json::array();
  for (const auto& v : r.violations)
    violations.push_back({{"property", v.property},
                          {"kind", v.kind},
                          {"replica", v.replica},
                          {"notes", names(v.notes)},
                          {"step", v.step},
                          {"description", v.description}});
  json j = {{"version", r.version},
            {"command", "render"},
            {"trace", r.trace_path},
            {"profile", r.profile},
            {"seed", r.seed},
            {"discipline", r.discipline},
            {"settled", r.settled},
            {"lanes", r.lanes()},
            {"timeline", timeline},
            {"trees", {{"before", trees_json(r.before)}, {"after", trees_json(r.after)}}},
            {"violations", violations},
            {"explain", chains_json(r.chains)},
            {"replay_command", r.replay_command}};
  // Invalid UTF-8 in a trace path must not abort the report: replace it.
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace syncsim::render
