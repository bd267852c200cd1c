#pragma once
// What the users meant and what the server acknowledged, kept only for the checkers
// (properties/): the kernel records it as the world runs and never reads it back to decide
// anything, so it cannot change a run.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "model/changeset.h"
#include "model/ids.h"

namespace syncsim {

/// What a user meant: note n was inserted under parent p (for the Intent property).
struct Intent {
  model::NoteId note;
  model::NoteId parent;
  int device;
  bool deleted = false;
  std::uint64_t client_version = 0;  ///< the inserting changeset's local version
};

/// A user's edit, move or delete (for acknowledged durability, docs/spec.md §7.3): the path it
/// wrote, the value, and whether the server acknowledged (integrated) it.
struct UserWrite {
  model::Tag::Kind kind = model::Tag::Edit;  ///< Edit, Move or Delete
  model::NoteId note = 0;
  std::int64_t value = 0;  ///< Edit: the text written; Move: the new parent; Delete: 0
  int device = 0;
  std::int64_t origin_ts = 0;   ///< the writer's clock (the Set vs Set tie-break)
  model::FileIdent origin = 0;  ///< the writer's file ident (the tie-break after it)
  std::uint64_t client_version = 0;
  bool acked = false;
};

class Expectations {
 public:
  /// Room for the scenario's `inserts` inserts and `writes` writes (inserts included).
  void reserve(std::size_t inserts, std::size_t writes) {
    intents_.reserve(inserts);
    acked_notes_.reserve(inserts);
    user_writes_.reserve(writes - std::min(writes, inserts));
  }

  /// Device `device` inserted `note` under `parent`; its local version follows on commit.
  void inserted(model::NoteId note, model::NoteId parent, int device) {
    intents_.push_back(Intent{note, parent, device});
  }
  /// The local version of the changeset of the last insert.
  void insert_committed(std::uint64_t client_version) {
    intents_.back().client_version = client_version;
  }
  /// A user deleted `note`: its intent is void and durability exempts it.
  void deleted(model::NoteId note) {
    for (auto& in : intents_)
      if (in.note == note) in.deleted = true;
    if (auto at = std::lower_bound(deleted_notes_.begin(), deleted_notes_.end(), note);
        at == deleted_notes_.end() || *at != note)
      deleted_notes_.insert(at, note);
  }
  /// A user moved `note` under `parent`: that is where it is meant to be now.
  void moved(model::NoteId note, model::NoteId parent) {
    for (auto& in : intents_)
      if (in.note == note) in.parent = parent;
  }
  void wrote(const UserWrite& w) { user_writes_.push_back(w); }

  /// The server integrated an insert of `note`, or a reset's write that created it.
  void note_acked(model::NoteId note) { acked_notes_.push_back(note); }
  /// The server integrated device d's edit, move or delete `tag`.
  void write_acked(int d, const model::Tag& tag, std::uint64_t client_version);

  const std::vector<Intent>& intents() const { return intents_; }
  const std::vector<model::NoteId>& acked_notes() const { return acked_notes_; }
  const std::vector<model::NoteId>& deleted_notes() const { return deleted_notes_; }
  const std::vector<UserWrite>& user_writes() const { return user_writes_; }

 private:
  std::vector<Intent> intents_;
  std::vector<model::NoteId> acked_notes_;
  std::vector<model::NoteId> deleted_notes_;  ///< ascending, unique
  std::vector<UserWrite> user_writes_;
};

}  // namespace syncsim
