#pragma once
// Changesets and their instructions: the subset of realm-core's sync instruction set that
// spec §3 needs. Values are integers (text is a text id), so the hot path never allocates
// strings.
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "model/ids.h"

namespace syncsim::model {

enum class Op : std::uint8_t {
  CreateObject,
  EraseObject,
  Set,
  ArrayInsert,
  ArrayErase,
  ArrayMove,
  Clear,
  ListUnion,  ///< fix-merge-reinsert only: append `link` if absent; resolved by the server
};

/// Fields of a Note. `Children` is the list; Extra+i are fields added by schema changes.
/// TextUpdated/ChildrenUpdated are the per-field stamps of the manual "track changes by field"
/// strategy (written only by devices that use it).
enum class Field : std::uint8_t {
  Children,
  Text,
  IsRoot,
  Owner,
  LastUpdated,
  TextUpdated,
  ChildrenUpdated,
  Extra = 16
};

struct Instr {
  Op op = Op::CreateObject;
  Field field = Field::Children;
  bool discarded = false;   ///< set by the merge rules; discarded instructions are no-ops
  bool is_default = false;  ///< Set: a default value (loses to any non-default Set)
  NoteId obj = 0;
  std::uint32_t index = 0;   ///< ArrayInsert/ArrayErase index, ArrayMove `from`
  std::uint32_t index2 = 0;  ///< ArrayMove `to`
  std::int64_t value = 0;    ///< Set value, or the link target (a NoteId) for list ops
  NoteId link() const { return static_cast<NoteId>(value); }
};

/// What a changeset is, for stable labels: `n1.4`, `edit:n1.2`, `reinsert.1.2`, ...
struct Tag {
  enum Kind : std::uint8_t {
    Bootstrap,
    Insert,
    Edit,
    Delete,
    Move,
    Reinsert,
    Upgrade,
    Other,
    Reset,
    Migrate
  };
  Kind kind = Other;
  NoteId note = 0;          ///< Insert/Edit/Delete/Move: the note acted on
  std::uint32_t job = 0;    ///< Reinsert: job number (1-based); Reset, Migrate: device number
  std::uint32_t batch = 0;  ///< Reinsert: batch number (1-based); Reset: the device's reset count;
                            ///< Migrate: target schema version
  bool operator==(const Tag&) const = default;
};
std::string tag_name(const Tag& t);

/// A changeset's instructions, stored inline up to 8 (an insert is 7): changesets are copied
/// into every upload, download and reciprocal, and each copy of a heap vector is an
/// allocation, which is what a sanitized fuzzing run spends its time on (fuzz/BENCH_NOTES.md).
using Instrs = boost::container::small_vector<Instr, 8>;

struct Changeset {
  Changeset() = default;
  Changeset(const Changeset&) = default;
  Changeset& operator=(const Changeset&) = default;
  // Boost 1.74 does not declare small_vector<Instr>'s move noexcept, though moving trivially
  // copyable Instrs or stealing a heap buffer cannot throw. Declared here so that vectors of
  // changesets (histories, uploads) move them when they grow instead of copying them.
  Changeset(Changeset&&) noexcept = default;
  Changeset& operator=(Changeset&&) noexcept = default;

  Instrs instrs;
  FileIdent origin = 0;
  std::int64_t origin_ts = 0;  ///< writer's wall clock (ms); translator: server clock at emit
  std::uint64_t last_integrated_version = 0;  ///< newest server version the author had
  std::uint64_t client_version = 0;           ///< author's local version (clients only)
  /// Schema version of the writer's app build (Verdant's relay stores it with each operation,
  /// spec §6); 0 for bootstrap and translator changesets. The Realm model never reads it.
  std::uint32_t schema = 0;
  Tag tag;
};

static_assert(std::is_nothrow_move_constructible_v<Changeset>);

/// Tie-break of spec §3: (origin_timestamp, origin_file_ident), lower first.
inline bool orders_before(const Changeset& a, const Changeset& b) {
  if (a.origin_ts != b.origin_ts) return a.origin_ts < b.origin_ts;
  return a.origin < b.origin;
}

std::string to_string(const Instr& i);
std::string to_string(const Changeset& c);

}  // namespace syncsim::model
