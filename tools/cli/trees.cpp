// `--print-tree`: each replica's tree, orphans marked (the seed tool's "Print nodes").
#include <fmt/format.h>

#include "tools/cli/common.h"

namespace syncsim::cli {
namespace {

template <class Map>
void print_subtree(const Map& m, model::NoteId id, int depth, std::string& out, int budget) {
  if (depth > budget) return;
  auto it = m.find(id);
  if (it == m.end()) return;
  out += fmt::format("{:{}}{}\n", "", 2 * depth + 2, model::note_name(id));
  for (model::NoteId c : it->second.children)
    if (m.contains(c)) print_subtree(m, c, depth + 1, out, budget);
}

template <class Map>
void print_replica(const std::string& name, const Map& m, const ReplicaSummary* s,
                   const std::vector<model::UserId>& users, std::string& out) {
  out += fmt::format("{}: {} notes", name, m.size());
  if (s) out += fmt::format(", {} reachable, {} orphaned", s->reachable, s->orphans.size());
  out += "\n";
  for (auto u : users) print_subtree(m, model::root_of(u), 0, out, 64);
  if (s && !s->orphans.empty()) out += fmt::format("  ORPHANED: {}\n", notes_list(s->orphans));
  if (s && !s->dangling.empty()) out += fmt::format("  DANGLING KEYS: {}\n", notes_list(s->dangling));
}

const ReplicaSummary* summary(const CheckReport& rep, const std::string& name) {
  for (const auto& r : rep.replicas)
    if (r.name == name) return &r;
  return nullptr;
}

}  // namespace

std::string print_trees(const World& w, const CheckReport& rep) {
  std::string out;
  for (const auto& d : w.devices())
    print_replica(d.name, d.client.store().notes(), summary(rep, d.name), w.users(), out);
  print_replica("server", w.server().store().notes(), summary(rep, "server"), w.users(), out);
  if (!w.verdant())  // the Verdant relay has no Atlas (MODEL §6)
    print_replica("atlas", w.atlas().docs(), summary(rep, "atlas"), w.users(), out);
  return out;
}

}  // namespace syncsim::cli
