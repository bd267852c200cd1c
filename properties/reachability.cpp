// Reachability (MODEL §7.1) with Boost.Graph: one vertex per note, one edge per visible link;
// breadth-first search from each user's root. Also finds cycles (§7.5).
// The graph is a compressed_sparse_row_graph built once per replica: two arrays instead of a
// vector per vertex, because these checks run after every simulated execution (fuzzing runs
// them thousands of times a second, under ASan, where each allocation is expensive).
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/depth_first_search.hpp>

#include "properties/check.h"

namespace syncsim {
namespace {

using Graph = boost::compressed_sparse_row_graph<boost::directedS>;
using Vertex = Graph::vertex_descriptor;

/// A replica as a graph. Store and Atlas maps are flat maps sorted by id, so a note's vertex
/// is its position in the map: no id -> vertex table is needed.
struct NoteGraph {
  std::vector<model::UserId> owners;  ///< vertex -> owner
  Graph g;
};

template <class Map>
Vertex vertex_of(const Map& m, typename Map::const_iterator it) {
  return static_cast<Vertex>(it - m.begin());
}

/// Edges only to existing targets. Sources ascend (map order), as edges_are_sorted requires.
template <class Map, class OwnerFn>
NoteGraph build(const Map& m, OwnerFn owner) {
  NoteGraph ng;
  ng.owners.reserve(m.size());
  std::size_t links = 0;
  for (const auto& entry : m) links += entry.second.children.size();
  std::vector<std::pair<Vertex, Vertex>> edges;
  edges.reserve(links);
  for (auto it = m.begin(); it != m.end(); ++it) {
    ng.owners.push_back(owner(it->first, it->second));
    for (model::NoteId c : it->second.children)
      if (auto t = m.find(c); t != m.end()) edges.emplace_back(vertex_of(m, it), vertex_of(m, t));
  }
  ng.g = Graph(boost::edges_are_sorted, edges.begin(), edges.end(), m.size());
  return ng;
}

/// A note's user: its owner field, or (never written, e.g. Sets discarded) its id's user.
model::UserId owner_or_id(model::NoteId id, model::UserId owner) {
  if (owner != 0) return owner;
  if (model::kind_of(id) == model::NoteKind::Device) return 0;
  return model::part_a(id);
}

/// A FIFO over one vector (Boost's default BFS buffer is a std::deque, which allocates in chunks).
class VectorQueue {
 public:
  using value_type = Vertex;
  void push(Vertex v) { items_.push_back(v); }
  void pop() { ++head_; }
  Vertex& top() { return items_[head_]; }
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  void reset() { items_.clear(), head_ = 0; }
  void reserve(std::size_t n) { items_.reserve(n); }

 private:
  std::vector<Vertex> items_;
  std::size_t head_ = 0;
};

template <class Map>
std::vector<model::NoteId> unreachable(const Map& m, const NoteGraph& ng, const std::vector<model::UserId>& users) {
  const std::size_t n = ng.owners.size();
  std::vector<bool> reached(n, false);
  std::vector<boost::default_color_type> color(n);
  VectorQueue queue;
  queue.reserve(n);
  for (model::UserId u : users) {
    const auto root = m.find(model::root_of(u));
    if (root == m.end()) continue;
    std::fill(color.begin(), color.end(), boost::white_color);
    queue.reset();
    auto cmap = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, ng.g));
    boost::breadth_first_visit(ng.g, vertex_of(m, root), boost::buffer(queue).color_map(cmap));
    for (std::size_t v = 0; v < n; ++v)
      if (color[v] != boost::white_color && (ng.owners[v] == u || ng.owners[v] == 0)) reached[v] = true;
  }
  std::vector<model::NoteId> out;
  auto it = m.begin();
  for (std::size_t v = 0; v < n; ++v, ++it)
    if (!reached[v] && model::kind_of(it->first) != model::NoteKind::Root) out.push_back(it->first);
  return out;
}

struct CycleFinder : boost::default_dfs_visitor {
  bool* found;
  template <class E, class G>
  void back_edge(E, const G&) { *found = true; }
};

bool has_cycle(const NoteGraph& ng) {
  bool found = false;
  CycleFinder vis;
  vis.found = &found;
  std::vector<boost::default_color_type> color(ng.owners.size());
  auto cmap = boost::make_iterator_property_map(color.begin(), boost::get(boost::vertex_index, ng.g));
  boost::depth_first_search(ng.g, vis, cmap);
  return found;
}

NoteGraph realm_graph(const model::Store& st) {
  return build(st.notes(), [](model::NoteId id, const model::Note& n) { return owner_or_id(id, n.owner); });
}

}  // namespace

std::vector<model::NoteId> realm_orphans(const model::Store& st, const std::vector<model::UserId>& users) {
  return unreachable(st.notes(), realm_graph(st), users);
}

ReplicaSummary realm_summary(const std::string& name, const model::Store& st,
                             const std::vector<model::UserId>& users) {
  const NoteGraph ng = realm_graph(st);
  ReplicaSummary r;
  r.name = name;
  r.notes = st.size();
  r.orphans = unreachable(st.notes(), ng, users);
  r.reachable = r.notes - r.orphans.size();
  r.cycle = has_cycle(ng);
  return r;
}

ReplicaSummary atlas_summary(const model::Atlas& atlas, const std::vector<model::UserId>& users) {
  ReplicaSummary r;
  r.name = "atlas";
  r.notes = atlas.docs().size();
  const NoteGraph ng =
      build(atlas.docs(), [](model::NoteId id, const model::Doc& d) { return owner_or_id(id, d.owner); });
  r.orphans = unreachable(atlas.docs(), ng, users);
  r.reachable = r.notes - r.orphans.size();
  r.cycle = has_cycle(ng);
  for (const auto& [id, d] : atlas.docs())
    for (model::NoteId c : d.children)
      if (!atlas.find(c)) r.dangling.push_back(c);
  return r;
}

}  // namespace syncsim
