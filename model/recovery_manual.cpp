// The documented manual client-reset strategies (spec §5; seeds
// realm-{node,react-native}-manual-client-reset-recovery.txt), modelled literally: what the
// app's error callback writes into the freshly downloaded realm, read from the backup realm.
#include <algorithm>
#include <boost/container/flat_set.hpp>
#include <set>

#include "model/recovery.h"

namespace syncsim::model::reset_detail {
namespace {

ResetOutcome manual_outcome(ResetMode mode, Writer& w) {
  ResetOutcome out;
  out.applied = mode;
  out.state = std::move(w.state);
  out.writes = std::move(w.writes);
  return out;
}

Writer start(const ResetInput& in) {
  Writer w;
  w.state = *in.fresh;
  w.ts = in.now_ts;
  return w;
}

/// Writes the scalars of backup object `src` onto `id` (created if missing). Overwrite sets
/// every field; Diff (`UpdateModified`) only those that differ, or all of them for a new object.
void write_scalars(const ResetInput& in, Writer& w, NoteId id, const Note& src) {
  const bool created = !w.state.contains(id);
  if (created) w.emit(Instr{.op = Op::CreateObject, .obj = id});
  const bool diff = in.write_style == WriteStyle::Diff && !created;
  for (const auto& [f, v] : scalar_fields(in, src)) {
    if (diff && get_field(*w.state.find(id), f) == v) continue;
    w.emit(Instr{.op = Op::Set, .field = f, .obj = id, .value = v});
  }
}

ListDiff manual_list_diff(const ResetInput& in) {
  return in.write_style == WriteStyle::Overwrite ? ListDiff::ClearAll : ListDiff::IndexWise;
}

/// The backup's visible children of `id` that exist in the state being written: the app can
/// only link objects that exist (a link to a missing object is never written by the app).
std::vector<NoteId> linkable_children(const ResetInput& in, const Writer& w, NoteId id) {
  std::vector<NoteId> out;
  for (NoteId c : in.backup->visible_children(id))
    if (w.state.contains(c)) out.push_back(c);
  return out;
}

/// The notes a write transaction has upserted: one sorted block, reserved for every note of
/// the backup (a std::set allocated a node per note, in every reset of the manual strategies).
using Upserted = boost::container::flat_set<NoteId>;

Upserted upserted_set(const ResetInput& in) {
  Upserted done;
  done.reserve(in.backup->size());
  return done;
}

/// `realm.create("Node", backupNote, "modified")`. The backup note is a Realm object of
/// another realm, so realm-js unboxes every linked child by creating it with the same policy
/// (js_object_accessor.hpp Unbox<Obj>: an object from another Realm is copied when the
/// policy copies and updates): the child is upserted whole too, recursively. Each object is
/// upserted once per write transaction (`done`); a second upsert would write the same values.
void upsert_whole(const ResetInput& in, Writer& w, NoteId id, Upserted& done) {
  const Note* src = in.backup->find(id);
  if (src == nullptr || !done.insert(id).second) return;
  write_scalars(in, w, id, *src);
  const std::vector<NoteId> kids = in.backup->visible_children(id);
  for (NoteId c : kids) upsert_whole(in, w, c, done);
  assign_children(w, id, linkable_children(in, w, id), manual_list_diff(in));
}

/// Creates the notes the backup has and the fresh state lacks (CreateObject + every scalar),
/// then assigns their lists once all exist, so links between new notes resolve.
void create_from_backup(const ResetInput& in, Writer& w, const std::vector<NoteId>& ids) {
  for (NoteId id : ids) write_scalars(in, w, id, *in.backup->find(id));
  for (NoteId id : ids) assign_children(w, id, linkable_children(in, w, id), manual_list_diff(in));
}

std::int64_t stamp(const Note& n, Field f) {
  return get_field(n, f);
}

/// The object's newest update time under "track changes by field".
std::int64_t newest_stamp(const Note& n) {
  return std::max({stamp(n, Field::TextUpdated), stamp(n, Field::ChildrenUpdated), n.last_updated});
}

}  // namespace

ResetOutcome manual_by_object(const ResetInput& in) {
  Writer w = start(in);
  // Write 1: `unsyncedDogs = oldRealm.objects(...).filtered("lastUpdated > lastSynced")`,
  // each `realm.create(..., dog, "modified")`.
  w.begin();
  Upserted done = upserted_set(in);
  for (const auto& [id, note] : in.backup->notes())
    if (note.last_updated > in.last_synced) upsert_whole(in, w, id, done);
  w.end();
  // Write 2: `syncedDogs = realm.objects(...).filtered("lastUpdated <= lastSynced")`, each
  // deleted when the backup lacks it ("deleted locally"). Another device's note the backup
  // never saw also matches when its writer's clock stamped it <= lastSynced (clock skew).
  w.begin();
  std::vector<NoteId> doomed;
  for (const auto& [id, note] : w.state.notes())
    if (note.last_updated <= in.last_synced && !in.backup->contains(id)) doomed.push_back(id);
  for (NoteId id : doomed) erase_object_with_links(w, id);
  w.end();
  return manual_outcome(ResetMode::ManualByObject, w);
}

ResetOutcome manual_overwrite_backend(const ResetInput& in) {
  // "Upsert all objects from the backup realm into the new realm"; deletions are not
  // recovered, and other devices' writes since the last sync are overwritten.
  Writer w = start(in);
  w.begin();
  Upserted done = upserted_set(in);
  for (const auto& [id, note] : in.backup->notes()) upsert_whole(in, w, id, done);
  w.end();
  return manual_outcome(ResetMode::ManualOverwriteBackend, w);
}

ResetOutcome manual_by_field(const ResetInput& in) {
  Writer w = start(in);
  w.begin();
  // Notes created locally since the last sync: created whole.
  std::vector<NoteId> created;
  for (const auto& [id, note] : in.backup->notes())
    if (!w.state.contains(id) && newest_stamp(note) > in.last_synced) created.push_back(id);
  create_from_backup(in, w, created);
  const std::set<NoteId> is_created(created.begin(), created.end());
  // Each field whose own stamp is newer than the last sync is restored, with its stamp.
  for (const auto& [id, note] : in.backup->notes()) {
    if (is_created.contains(id) || !w.state.contains(id)) continue;
    if (stamp(note, Field::TextUpdated) > in.last_synced) {
      w.emit(Instr{.op = Op::Set, .field = Field::Text, .obj = id, .value = note.text});
      w.emit(Instr{.op = Op::Set,
                   .field = Field::TextUpdated,
                   .obj = id,
                   .value = stamp(note, Field::TextUpdated)});
    }
    if (stamp(note, Field::ChildrenUpdated) > in.last_synced) {
      assign_children(w, id, linkable_children(in, w, id), manual_list_diff(in));
      w.emit(Instr{.op = Op::Set,
                   .field = Field::ChildrenUpdated,
                   .obj = id,
                   .value = stamp(note, Field::ChildrenUpdated)});
    }
  }
  // Deleted locally: as by-object, with the object's newest field stamp.
  std::vector<NoteId> doomed;
  for (const auto& [id, note] : w.state.notes())
    if (newest_stamp(note) <= in.last_synced && !in.backup->contains(id)) doomed.push_back(id);
  for (NoteId id : doomed) erase_object_with_links(w, id);
  w.end();
  return manual_outcome(ResetMode::ManualByField, w);
}

ResetOutcome manual_updates_log(const ResetInput& in) {
  Writer w = start(in);
  std::vector<UpdateRecord> records;
  if (in.updates != nullptr)
    for (const UpdateRecord& r : *in.updates)
      if (r.time > in.last_synced) records.push_back(r);
  w.begin();
  // A record of a note the fresh state lacks but the backup has: created locally.
  std::vector<NoteId> created;
  for (const UpdateRecord& r : records)
    if (!w.state.contains(r.note) && in.backup->contains(r.note) &&
        std::find(created.begin(), created.end(), r.note) == created.end())
      created.push_back(r.note);
  create_from_backup(in, w, created);
  // Re-write each (note, field) with the backup's latest value, in record order. A repeated
  // (note, field) would write the same value again: written once.
  std::set<std::pair<NoteId, Field>> written;
  for (const UpdateRecord& r : records) {
    if (!written.insert({r.note, r.field}).second) continue;
    const Note* src = in.backup->find(r.note);
    if (src == nullptr) {
      erase_object_with_links(w, r.note);  // deleted locally (no-op if already gone)
      continue;
    }
    if (!w.state.contains(r.note) ||
        std::find(created.begin(), created.end(), r.note) != created.end())
      continue;
    if (r.field == Field::Children) {
      assign_children(w, r.note, linkable_children(in, w, r.note), manual_list_diff(in));
    } else if (field_in_schema(in, r.field)) {
      w.emit(
          Instr{.op = Op::Set, .field = r.field, .obj = r.note, .value = get_field(*src, r.field)});
    }
  }
  w.end();
  return manual_outcome(ResetMode::ManualUpdatesLog, w);
}

}  // namespace syncsim::model::reset_detail
