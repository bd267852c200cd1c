// Reachability (MODEL §7.1) with Boost.Graph: one vertex per note, one edge per visible link;
// breadth-first search from each user's root. Also finds cycles (§7.5).
// GCC 12 reports a false -Wmaybe-uninitialized inside Boost.Graph's edge iterator.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/depth_first_search.hpp>

#include "properties/check.h"

namespace syncsim {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

/// A replica as a graph: notes in id order, edges only to existing targets.
struct NoteGraph {
  std::vector<model::NoteId> ids;      ///< vertex -> note
  std::vector<model::UserId> owners;   ///< vertex -> owner
  Graph g;
  std::size_t vertex(model::NoteId id) const {
    return static_cast<std::size_t>(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin());
  }
  bool has(model::NoteId id) const {
    auto it = std::lower_bound(ids.begin(), ids.end(), id);
    return it != ids.end() && *it == id;
  }
};

template <class Map, class OwnerFn>
NoteGraph build(const Map& m, OwnerFn owner) {
  NoteGraph ng;
  for (const auto& [id, n] : m) {
    ng.ids.push_back(id);
    ng.owners.push_back(owner(id, n));
  }
  ng.g = Graph(ng.ids.size());
  for (const auto& [id, n] : m)
    for (model::NoteId c : n.children)
      if (ng.has(c)) boost::add_edge(ng.vertex(id), ng.vertex(c), ng.g);
  return ng;
}

/// A note's user: its owner field, or (never written, e.g. Sets discarded) its id's user.
model::UserId owner_or_id(model::NoteId id, model::UserId owner) {
  if (owner != 0) return owner;
  if (model::kind_of(id) == model::NoteKind::Device) return 0;
  return model::part_a(id);
}

std::vector<model::NoteId> unreachable(const NoteGraph& ng, const std::vector<model::UserId>& users) {
  std::vector<bool> reached(ng.ids.size(), false);
  for (model::UserId u : users) {
    if (!ng.has(model::root_of(u))) continue;
    std::vector<boost::default_color_type> color(ng.ids.size());
    auto cmap = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, ng.g));
    boost::breadth_first_visit(ng.g, ng.vertex(model::root_of(u)), boost::color_map(cmap));
    for (std::size_t v = 0; v < color.size(); ++v)
      if (color[v] != boost::white_color && (ng.owners[v] == u || ng.owners[v] == 0)) reached[v] = true;
  }
  std::vector<model::NoteId> out;
  for (std::size_t v = 0; v < ng.ids.size(); ++v)
    if (!reached[v] && model::kind_of(ng.ids[v]) != model::NoteKind::Root) out.push_back(ng.ids[v]);
  return out;
}

struct CycleFinder : boost::default_dfs_visitor {
  bool* found;
  template <class E, class G>
  void back_edge(E, const G&) { *found = true; }
};

}  // namespace

std::vector<model::NoteId> realm_orphans(const model::Store& st, const std::vector<model::UserId>& users) {
  auto ng = build(st.notes(), [](model::NoteId id, const model::Note& n) { return owner_or_id(id, n.owner); });
  return unreachable(ng, users);
}

ReplicaSummary realm_summary(const std::string& name, const model::Store& st,
                             const std::vector<model::UserId>& users) {
  ReplicaSummary r;
  r.name = name;
  r.notes = st.size();
  r.orphans = realm_orphans(st, users);
  r.reachable = r.notes - r.orphans.size();
  return r;
}

ReplicaSummary atlas_summary(const model::Atlas& atlas, const std::vector<model::UserId>& users) {
  ReplicaSummary r;
  r.name = "atlas";
  r.notes = atlas.docs().size();
  auto ng = build(atlas.docs(), [](model::NoteId id, const model::Doc& d) { return owner_or_id(id, d.owner); });
  r.orphans = unreachable(ng, users);
  r.reachable = r.notes - r.orphans.size();
  for (const auto& [id, d] : atlas.docs())
    for (model::NoteId c : d.children)
      if (!atlas.find(c)) r.dangling.push_back(c);
  return r;
}

bool has_cycle(const model::Store& st) {
  auto ng = build(st.notes(), [](model::NoteId, const model::Note& n) { return n.owner; });
  bool found = false;
  CycleFinder vis;
  vis.found = &found;
  std::vector<boost::default_color_type> color(ng.ids.size());
  auto cmap = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, ng.g));
  boost::depth_first_search(ng.g, vis, cmap);
  return found;
}

}  // namespace syncsim
