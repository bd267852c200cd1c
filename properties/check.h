#pragma once
// Invariant checkers (MODEL §7). They only observe a world; they never change it.
#include <cstdint>
#include <string>
#include <vector>

#include "model/ids.h"
#include "sim/world.h"

namespace syncsim {

/// A violation's signature is (property, kind); the rest are details (DESIGN "Violations").
struct Violation {
  std::string property;  ///< reachability, intent, durability, convergence, acyclic, liveness
  std::string kind;      ///< orphan, dangling, lost-note, misplaced, lost-ack, diverged, cycle, not-settled, index-anomaly
  std::string replica;   ///< c1.., server, atlas
  std::vector<model::NoteId> notes;
  std::uint64_t step = 0;  ///< step at which it became visible (0 = not located)
  std::string detail;
  std::string signature() const { return property + "-" + kind; }
};

struct ReplicaSummary {
  std::string name;
  std::size_t notes = 0;
  std::size_t reachable = 0;
  std::vector<model::NoteId> orphans;
  std::vector<model::NoteId> dangling;
  bool cycle = false;  ///< some note is its own ancestor (MODEL §7.5)
};

struct CheckReport {
  std::vector<Violation> violations;
  std::vector<ReplicaSummary> replicas;
  bool violated() const { return !violations.empty(); }
};

/// Every property of MODEL §7 at quiescence; `settled` false adds the liveness violation.
CheckReport check_quiescent(const World& w, bool settled);

/// Buffers of the reachability and cycle searches, reused from one replica to the next so
/// that checking a world allocates them once (the checks run after every fuzzed execution).
struct ReachScratch {
  std::vector<std::uint32_t> first;   ///< vertex -> its first edge in `target` (CSR rows)
  std::vector<std::uint32_t> target;  ///< edges' target vertices
  std::vector<model::UserId> owners;  ///< vertex -> owner
  std::vector<std::uint8_t> flags;    ///< per-vertex search marks
  std::vector<std::uint32_t> indegree;
  std::vector<std::uint32_t> queue;
};

/// Orphans of one Realm replica: notes of a user not reachable from that user's root.
std::vector<model::NoteId> realm_orphans(const model::Store& st, const std::vector<model::UserId>& users);
/// Orphans and dangling foreign keys of Atlas.
ReplicaSummary atlas_summary(const model::Atlas& atlas, const std::vector<model::UserId>& users);
ReplicaSummary realm_summary(const std::string& name, const model::Store& st,
                             const std::vector<model::UserId>& users);
/// The same, with the caller's buffers.
ReplicaSummary atlas_summary(const model::Atlas& atlas, const std::vector<model::UserId>& users,
                             ReachScratch& scratch);
ReplicaSummary realm_summary(const std::string& name, const model::Store& st,
                             const std::vector<model::UserId>& users, ReachScratch& scratch);

std::string notes_list(const std::vector<model::NoteId>& notes);

}  // namespace syncsim
