// `--print-tree`: each replica's tree, orphans marked (the seed tool's "Print nodes").
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "tools/cli/common.h"

namespace syncsim::cli {
namespace {

/// `path` holds the notes above `id`: a note met again on its own path is a cycle (the
/// acyclic property's finding), printed once with a mark instead of around and around.
template <class Map>
void print_subtree(const Map& m, model::NoteId id, std::vector<model::NoteId>& path,
                   std::string& out) {
  auto it = m.find(id);
  if (it == m.end()) return;
  const bool cycle = std::find(path.begin(), path.end(), id) != path.end();
  out += fmt::format("{:{}}{}{}\n", "", 2 * path.size() + 2, model::note_name(id),
                     cycle ? " (cycle)" : "");
  if (cycle) return;
  path.push_back(id);
  for (model::NoteId c : it->second.children)
    if (m.contains(c)) print_subtree(m, c, path, out);
  path.pop_back();
}

template <class Map>
void print_replica(const std::string& name, const Map& m, const ReplicaSummary* s,
                   const std::vector<model::UserId>& users, std::string& out) {
  out += fmt::format("{}: {} notes", name, m.size());
  if (s) out += fmt::format(", {} reachable, {} orphaned", s->reachable, s->orphans.size());
  out += "\n";
  std::vector<model::NoteId> path;
  for (auto u : users) print_subtree(m, model::root_of(u), path, out);
  if (s && !s->orphans.empty()) out += fmt::format("  ORPHANED: {}\n", notes_list(s->orphans));
  if (s && !s->dangling.empty())
    out += fmt::format("  DANGLING KEYS: {}\n", notes_list(s->dangling));
}

const ReplicaSummary* summary(const CheckReport& rep, const std::string& name) {
  for (const auto& r : rep.replicas)
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace

std::string print_trees(const World& w, const CheckReport& rep) {
  std::string out;
  model::Store buf;
  for (std::size_t i = 0; i < w.devices().size(); ++i) {
    const Device& d = w.devices()[i];
    const model::Store& shown = shown_store(w, i, buf);
    print_replica(d.name, shown.notes(), summary(rep, d.name), w.users(), out);
    // verdant-5.5: what the client stores but does not show (it does not validate at the
    // client's schema: docs/differential.md D1), so that "hidden, not gone" can be read.
    std::vector<model::NoteId> hidden;
    for (const auto& [id, n] : d.client.store().notes())
      if (!shown.contains(id)) hidden.push_back(id);
    if (!hidden.empty()) out += fmt::format("  HIDDEN (stored, invalid): {}\n", notes_list(hidden));
  }
  print_replica("server", w.server().store().notes(), summary(rep, "server"), w.users(), out);
  if (!w.verdant())  // the Verdant relay has no Atlas (spec §6)
    print_replica("atlas", w.atlas().docs(), summary(rep, "atlas"), w.users(), out);
  return out;
}

}  // namespace syncsim::cli
