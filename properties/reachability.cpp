// Reachability (spec §7.1): one vertex per note, one edge per visible link; breadth-first
// search from each user's root. Also finds cycles (§7.5).
//
// These checks run after every simulated execution: fuzzing runs them thousands of times a
// second under ASan, where each heap allocation costs more than the search itself. So the
// graph is a compressed-sparse-row pair of arrays in a ReachScratch that check_quiescent
// reuses for every replica, and Boost.Graph searches those arrays in place: a graph_traits
// model over them (properties/reach_graph.h), boost::breadth_first_visit with its colours in
// the scratch's `flags` and its FIFO over the scratch's `queue`. Nothing is allocated per
// search once the scratch has grown to the largest replica. Boost's own graph classes and
// breadth_first_search/depth_first_search allocated a handful of vectors per replica, and
// depth_first_visit allocates its stack on every call (a `std::vector` local to it, Boost
// 1.74), so cycles are found by Kahn's algorithm run as a breadth-first visit, not by a
// depth-first search. Results do not depend on the traversal order: a set of reached notes,
// listed in map order, and whether any cycle exists.
#include <boost/concept/assert.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/buffer_concepts.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/iterator/filter_iterator.hpp>

#include "properties/check.h"
#include "properties/reach_graph.h"

namespace syncsim {
namespace {

/// Store and Atlas maps are flat maps sorted by id, so a note's vertex is its position in
/// the map. Edges only to existing targets.
template <class Map, class OwnerFn>
void build(const Map& m, OwnerFn owner, ReachScratch& s) {
  s.first.clear();
  s.target.clear();
  s.owners.clear();
  std::size_t links = 0;
  for (const auto& entry : m) links += entry.second.children.size();
  s.first.reserve(m.size() + 1);
  s.owners.reserve(m.size());
  s.target.reserve(links);
  for (auto it = m.begin(); it != m.end(); ++it) {
    s.first.push_back(static_cast<std::uint32_t>(s.target.size()));
    s.owners.push_back(owner(it->first, it->second));
    for (model::NoteId c : it->second.children)
      if (auto t = m.find(c); t != m.end())
        s.target.push_back(static_cast<std::uint32_t>(t - m.begin()));
  }
  s.first.push_back(static_cast<std::uint32_t>(s.target.size()));
}

/// A note's user: its owner field, or (never written, e.g. Sets discarded) its id's user.
model::UserId owner_or_id(model::NoteId id, model::UserId owner) {
  if (owner != 0) return owner;
  if (model::kind_of(id) == model::NoteKind::Device) return 0;
  return model::part_a(id);
}

/// Marks in `flags` above Boost's colour bits: reached by its own user's search (or, for an
/// ownerless note, by any user's).
constexpr std::uint8_t kReached = 0x8;
static_assert((kReached & ReachColourMap::kBits) == 0);

BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<ReachGraph>));
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<ReachGraph>));
BOOST_CONCEPT_ASSERT((boost::ReadWritePropertyMapConcept<ReachColourMap, std::uint32_t>));
BOOST_CONCEPT_ASSERT((boost::Buffer<ReachQueue>));

/// Notes (not roots) that no search from their user's root reaches, in map order.
template <class Map>
std::vector<model::NoteId> unreachable(const Map& m, ReachScratch& s,
                                       std::span<const model::UserId> users) {
  const std::size_t n = s.owners.size();
  s.flags.assign(n, 0);
  const ReachGraph g{&s};
  const ReachColourMap colour{s.flags.data()};
  for (model::UserId u : users) {
    const auto root = m.find(model::root_of(u));
    if (root == m.end()) continue;
    for (auto& f : s.flags) f &= static_cast<std::uint8_t>(~ReachColourMap::kBits);  // white
    ReachQueue queue(s.queue);
    boost::breadth_first_visit(g, static_cast<std::uint32_t>(root - m.begin()), queue,
                               boost::default_bfs_visitor(), colour);
    for (std::uint32_t v : s.queue)  // every note the search discovered
      if (s.owners[v] == u || s.owners[v] == 0) s.flags[v] |= kReached;
  }
  std::vector<model::NoteId> out;
  auto it = m.begin();
  for (std::size_t v = 0; v < n; ++v, ++it)
    if ((s.flags[v] & kReached) == 0 && model::kind_of(it->first) != model::NoteKind::Root)
      out.push_back(it->first);
  return out;
}

/// Kahn's algorithm as a breadth-first search: every vertex starts gray (waiting), the search
/// starts from the vertices without in-edges, and a vertex turns white (discoverable) when the
/// search examines the last of its in-edges, so that it is discovered once every parent has
/// been. A vertex on a cycle, or below one, is never discovered.
struct KahnVisitor : boost::default_bfs_visitor {
  std::uint32_t* indegree;
  ReachColourMap colour;
  void examine_edge(ReachEdge e, const ReachGraph& g) const {
    const std::uint32_t t = target(e, g);
    if (--indegree[t] == 0) put(colour, t, boost::white_color);
  }
};

struct NoInEdges {
  const std::uint32_t* indegree = nullptr;
  bool operator()(std::uint32_t v) const { return indegree[v] == 0; }
};

/// Some note is its own ancestor: the search above cannot discover every vertex.
bool has_cycle(ReachScratch& s) {
  const std::size_t n = s.owners.size();
  s.indegree.assign(n, 0);
  for (std::uint32_t t : s.target) ++s.indegree[t];
  const ReachGraph g{&s};
  const ReachColourMap colour{s.flags.data()};
  for (std::uint32_t v = 0; v < n; ++v) put(colour, v, boost::gray_color);
  const auto [first, last] = vertices(g);
  const NoInEdges sources{s.indegree.data()};
  ReachQueue queue(s.queue);
  boost::breadth_first_visit(g, boost::make_filter_iterator(sources, first, last),
                             boost::make_filter_iterator(sources, last, last), queue,
                             KahnVisitor{{}, s.indegree.data(), colour}, colour);
  return queue.pushed() != n;
}

void build_realm(const model::Store& st, ReachScratch& s) {
  build(
      st.notes(), [](model::NoteId id, const model::Note& n) { return owner_or_id(id, n.owner); },
      s);
}

}  // namespace

std::vector<model::NoteId> realm_orphans(const model::Store& st,
                                         std::span<const model::UserId> users) {
  ReachScratch s;
  build_realm(st, s);
  return unreachable(st.notes(), s, users);
}

ReplicaSummary realm_summary(const std::string& name, const model::Store& st,
                             std::span<const model::UserId> users) {
  ReachScratch s;
  return realm_summary(name, st, users, s);
}

ReplicaSummary realm_summary(const std::string& name, const model::Store& st,
                             std::span<const model::UserId> users, ReachScratch& s) {
  build_realm(st, s);
  ReplicaSummary r;
  r.name = name;
  r.notes = st.size();
  r.orphans = unreachable(st.notes(), s, users);
  r.reachable = r.notes - r.orphans.size();
  r.cycle = has_cycle(s);
  return r;
}

ReplicaSummary atlas_summary(const model::Atlas& atlas, std::span<const model::UserId> users) {
  ReachScratch s;
  return atlas_summary(atlas, users, s);
}

ReplicaSummary atlas_summary(const model::Atlas& atlas, std::span<const model::UserId> users,
                             ReachScratch& s) {
  ReplicaSummary r;
  r.name = "atlas";
  r.notes = atlas.docs().size();
  build(
      atlas.docs(), [](model::NoteId id, const model::Doc& d) { return owner_or_id(id, d.owner); },
      s);
  r.orphans = unreachable(atlas.docs(), s, users);
  r.reachable = r.notes - r.orphans.size();
  r.cycle = has_cycle(s);
  for (const auto& [id, d] : atlas.docs())
    for (model::NoteId c : d.children)
      if (!atlas.find(c)) r.dangling.push_back(c);
  return r;
}

}  // namespace syncsim
