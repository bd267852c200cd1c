// Reachability (spec §7.1): one vertex per note, one edge per visible link; breadth-first
// search from each user's root. Also finds cycles (§7.5).
//
// These checks run after every simulated execution: fuzzing runs them thousands of times a
// second under ASan, where each heap allocation costs more than the search itself. So the
// graph is a compressed-sparse-row pair of arrays in a ReachScratch that check_quiescent
// reuses for every replica, and the searches are written out here over those arrays (Boost's
// CSR graph, BFS and DFS allocated a handful of vectors per replica, and DFS one stack per
// search root). Results do not depend on the traversal order: a set of reached notes, listed
// in map order, and whether any cycle exists.
#include "properties/check.h"

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

constexpr std::uint8_t kSeen = 1;     ///< reached by the current user's search
constexpr std::uint8_t kReached = 2;  ///< reached by its own user's (or an ownerless note by any)

/// Notes (not roots) that no search from their user's root reaches, in map order.
template <class Map>
std::vector<model::NoteId> unreachable(const Map& m, ReachScratch& s,
                                       std::span<const model::UserId> users) {
  const std::size_t n = s.owners.size();
  s.flags.assign(n, 0);
  for (model::UserId u : users) {
    const auto root = m.find(model::root_of(u));
    if (root == m.end()) continue;
    for (auto& f : s.flags) f &= static_cast<std::uint8_t>(~kSeen);
    s.queue.clear();
    s.queue.push_back(static_cast<std::uint32_t>(root - m.begin()));
    s.flags[s.queue.front()] |= kSeen;
    for (std::size_t head = 0; head < s.queue.size(); ++head) {
      const std::uint32_t v = s.queue[head];
      for (std::uint32_t e = s.first[v]; e < s.first[v + 1]; ++e) {
        const std::uint32_t t = s.target[e];
        if ((s.flags[t] & kSeen) == 0) s.flags[t] |= kSeen, s.queue.push_back(t);
      }
    }
    for (std::size_t v = 0; v < n; ++v)
      if ((s.flags[v] & kSeen) != 0 && (s.owners[v] == u || s.owners[v] == 0))
        s.flags[v] |= kReached;
  }
  std::vector<model::NoteId> out;
  auto it = m.begin();
  for (std::size_t v = 0; v < n; ++v, ++it)
    if ((s.flags[v] & kReached) == 0 && model::kind_of(it->first) != model::NoteKind::Root)
      out.push_back(it->first);
  return out;
}

/// Some note is its own ancestor: Kahn's algorithm cannot remove every vertex.
bool has_cycle(ReachScratch& s) {
  const std::size_t n = s.owners.size();
  s.indegree.assign(n, 0);
  for (std::uint32_t t : s.target) ++s.indegree[t];
  s.queue.clear();
  for (std::uint32_t v = 0; v < n; ++v)
    if (s.indegree[v] == 0) s.queue.push_back(v);
  for (std::size_t head = 0; head < s.queue.size(); ++head) {
    const std::uint32_t v = s.queue[head];
    for (std::uint32_t e = s.first[v]; e < s.first[v + 1]; ++e)
      if (--s.indegree[s.target[e]] == 0) s.queue.push_back(s.target[e]);
  }
  return s.queue.size() != n;
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
