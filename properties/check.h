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

/// Orphans of one Realm replica: notes of a user not reachable from that user's root.
std::vector<model::NoteId> realm_orphans(const model::Store& st, const std::vector<model::UserId>& users);
/// Orphans and dangling foreign keys of Atlas.
ReplicaSummary atlas_summary(const model::Atlas& atlas, const std::vector<model::UserId>& users);
ReplicaSummary realm_summary(const std::string& name, const model::Store& st,
                             const std::vector<model::UserId>& users);

std::string notes_list(const std::vector<model::NoteId>& notes);

}  // namespace syncsim
