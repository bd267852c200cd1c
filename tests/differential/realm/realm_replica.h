#pragma once
// One Realm replica of the differential driver: an in-memory realm-core DB holding the Note
// class, the translation of syncsim's changesets into realm's sync instructions, and a view of
// the objects that the comparison reads on both sides (docs/differential-realm.md).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/changeset.h"
#include "model/store.h"

namespace realm {
class DB;
class Transaction;
namespace sync {
class Changeset;
}
}  // namespace realm

namespace syncsim::differential {

using model::NoteId;

/// What the comparison reads of one object: the fields syncsim's writers set and the raw
/// `children` list (links to erased objects included: realm keeps them as unresolved links).
struct NoteView {
  std::int64_t text = 0;
  std::int64_t is_root = 0;
  std::int64_t owner = 0;
  std::int64_t last_updated = 0;
  std::vector<NoteId> children;
  bool operator==(const NoteView&) const = default;
};
using ReplicaView = std::map<NoteId, NoteView>;

ReplicaView view_of(const model::Store& store);
/// The first difference between two views, or "" when they are equal.
std::string first_difference(const ReplicaView& model_side, const ReplicaView& realm_side);

/// Size of a note's list before a changeset (prior_size of realm's list instructions).
using ListSize = std::function<std::uint32_t(NoteId)>;
/// The list sizes of a model store (0 for a missing note).
ListSize sizes_of(const model::Store& store);

/// Realm's form of a model changeset: discarded instructions dropped, note ids as integer
/// primary keys of class `Note`, prior sizes computed from `before`. A ListUnion must have
/// been resolved already (throws std::logic_error otherwise).
realm::sync::Changeset to_realm(const model::Changeset& cs, const ListSize& before);
/// Encoded bytes of a realm changeset, and back (the wire and history format).
std::string encode(const realm::sync::Changeset& cs);
realm::sync::Changeset decode(const std::string& bytes);

/// An in-memory realm DB with the Note schema. A case runs in one write transaction that is
/// rolled back at the end, so the DB is created once per replica slot, not once per case.
class RealmReplica {
 public:
  RealmReplica();
  ~RealmReplica();
  RealmReplica(const RealmReplica&) = delete;
  RealmReplica& operator=(const RealmReplica&) = delete;

  void begin_case();
  void end_case();
  /// Applies through realm's InstructionApplier; throws realm's BadChangesetError.
  void apply(const realm::sync::Changeset& cs);
  ReplicaView view() const;

 private:
  std::shared_ptr<realm::DB> db_;
  std::shared_ptr<realm::Transaction> tr_;
};

}  // namespace syncsim::differential
