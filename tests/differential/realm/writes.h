#pragma once
// The changesets of the actions, built as syncsim's simulator builds them (sim/notes_app.cpp
// for the app's writes, model/reinsert.cpp for the translator's re-insert, model/recovery.cpp for
// the Clear + re-insert of a list).
#include <optional>

#include "model/changeset.h"
#include "model/store.h"
#include "tests/differential/realm/case.h"

namespace syncsim::differential {

/// The user every case's notes belong to.
inline constexpr model::UserId kUser = 1;

/// A device write in the writer's state `st`, or nothing when the app would refuse it.
std::optional<model::Changeset> make_write(const model::Store& st, const Action& a,
                                           std::int64_t ts_ms);
/// The translator's re-insert of `note` as a snapshot holds it (`merge`: ListUnion instead of
/// Clear + ArrayInsert, the fix-merge-reinsert form), or nothing when the snapshot lacks it.
std::optional<model::Changeset> make_reinsert(const model::Store& snapshot, NoteId note,
                                              bool merge);
/// The bootstrap changeset: the root of kUser and the tree of `spec`.
model::Changeset make_bootstrap(const CaseSpec& spec);

}  // namespace syncsim::differential
