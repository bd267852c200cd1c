#pragma once
// The notes app's own behaviour, as its code runs on a device (docs/spec.md §1, §5): the
// changesets a user's insert, edit, delete and move write, the per-field stamps of "track
// changes by field", the Updates log of "manual updates log" and which reset strategies run
// the app's listener. Functions of one replica's state: the world decides when they run,
// what the changesets' clock reads and where they go.
#include <cstdint>
#include <vector>

#include "model/changeset.h"
#include "model/recovery.h"
#include "model/store.h"
#include "sim/workload.h"

namespace syncsim::notes_app {

/// The changeset the app writes for the user's insert, edit, delete or move `w` on replica
/// `st` at device time `ts`, inserting as `owner`, written into the empty `cs`. False when
/// the app refuses it (a missing note or parent, a delete of a note with children, a move
/// under itself, a work item that is no write): then `cs` is to be dropped.
bool user_write(const model::Store& st, const WorkItem& w, model::UserId owner, std::int64_t ts,
                model::Changeset& cs);

/// "Track changes by field": every written field gets its own last-updated stamp.
void stamp_fields(model::Changeset& cs, std::int64_t ts);

/// "Manual updates log": appends to the Updates collection what a local write changed.
void log_updates(const model::Changeset& cs, std::vector<model::UpdateRecord>& updates);

/// The manual reset strategies register a listener that writes LastSynced.
bool has_listener(model::ResetMode mode);

}  // namespace syncsim::notes_app
