#pragma once
// Invariant checkers (spec §7). They only observe a world; they never change it.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/ids.h"
#include "sim/world.h"

namespace syncsim {

/// A violation's signature is (property, kind); the rest are details (README "Concepts").
struct Violation {
  std::string property;  ///< reachability, intent, durability, convergence, acyclic, liveness
  std::string kind;      ///< orphan, dangling, lost-note, misplaced, lost-ack, lost-edit,
                         ///< lost-move, lost-delete, diverged, cycle, not-settled, index-anomaly
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
  bool cycle = false;  ///< some note is its own ancestor (spec §7.5)
};

struct CheckReport {
  std::vector<Violation> violations;
  std::vector<ReplicaSummary> replicas;
  bool violated() const { return !violations.empty(); }
};

/// What device d shows, which is what every property judges: its client's stored notes, or,
/// under verdant-5.5 (store 5.5.0 validates a document when it is read and hides it when it
/// does not, docs/differential.md D1), those that validate at its app schema. The view is
/// built in `buf` when it differs from the stored notes.
const model::Store& shown_store(const World& w, std::size_t d, model::Store& buf);

/// Every property of spec §7 at quiescence; `settled` false adds the liveness violation.
CheckReport check_quiescent(const World& w, bool settled);

/// The distinct signatures of `violations`, in first-violation order. With `naming` != 0 only
/// the violations that name that note count: one signature can arise from several mechanisms,
/// and a search after it (the shrinker) would otherwise slide to the cheapest of them.
std::vector<std::string> distinct_signatures(const std::vector<Violation>& violations,
                                             model::NoteId naming = 0);
/// distinct_signatures of check_quiescent(w, settled).
std::vector<std::string> violation_signatures(const World& w, bool settled,
                                              model::NoteId naming = 0);

/// One Realm replica as the checkers see it.
struct RealmView {
  std::string_view name;
  const model::Store* store = nullptr;
  model::UserId subscription = model::kAllUsers;  ///< the users whose notes it holds
};

/// What the state properties (reachability, intent, durability, convergence, acyclic) read:
/// the replicas and the users' writes, without the world around them, so that each checker
/// can be tested on hand-built stores with the exact answer worked out (tests/properties/).
struct CheckView {
  std::span<const RealmView> devices;
  const model::Store* server = nullptr;
  const model::Atlas* atlas = nullptr;  ///< nullptr: no Atlas (the Verdant relay, docs/spec.md §6)
  std::span<const model::UserId> users;         ///< ascending
  std::span<const model::UserId> device_users;  ///< device index -> its user
  std::span<const Intent> intents;
  std::span<const model::NoteId> acked_notes;    ///< inserts the server acknowledged
  std::span<const model::NoteId> deleted_notes;  ///< ascending: notes a user deleted
  std::span<const UserWrite> user_writes;        ///< edits, moves, deletes, in the order made
};

/// The state properties of a view, appended to `rep` (violations and replica summaries).
void check_view(const CheckView& v, CheckReport& rep);

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
std::vector<model::NoteId> realm_orphans(const model::Store& st,
                                         std::span<const model::UserId> users);
/// Orphans and dangling foreign keys of Atlas.
ReplicaSummary atlas_summary(const model::Atlas& atlas, std::span<const model::UserId> users);
ReplicaSummary realm_summary(const std::string& name, const model::Store& st,
                             std::span<const model::UserId> users);
/// The same, with the caller's buffers.
ReplicaSummary atlas_summary(const model::Atlas& atlas, std::span<const model::UserId> users,
                             ReachScratch& scratch);
ReplicaSummary realm_summary(const std::string& name, const model::Store& st,
                             std::span<const model::UserId> users, ReachScratch& scratch);

std::string notes_list(const std::vector<model::NoteId>& notes);

}  // namespace syncsim
