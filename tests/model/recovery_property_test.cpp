// Property tests of the client-reset modes (spec §5) on random workloads: a random synced
// tree, this device's random unacknowledged writes (some already integrated by the server,
// their acknowledgement lost), another device's random writes with a possibly skewed clock.
// For every mode, write style and copy timing:
//  - the writes replayed on the fresh state give the outcome's state, with valid indices;
//  - the server can integrate them: merged (OT) with a concurrent write of another device,
//    both orders converge with valid indices;
//  - with an unchanged server, recover (copy at end), by-object and by-field give back the
//    backup's tree exactly.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <vector>

#include "model/recovery.h"
#include "model/transform.h"

namespace syncsim::model {
namespace {

/// Decodes a vector of random choices; exhausted choices read as 0 (shrinks toward "first").
class Choices {
 public:
  explicit Choices(const std::vector<int>& v) : v_(v) {}
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next()) % n; }

 private:
  int next() { return pos_ < v_.size() ? v_[pos_++] : 0; }
  const std::vector<int>& v_;
  std::size_t pos_ = 0;
};

Instr set(NoteId id, Field f, std::int64_t v) {
  return Instr{.op = Op::Set, .field = f, .obj = id, .value = v};
}
Instr insert(NoteId list, std::size_t at, NoteId link) {
  return Instr{.op = Op::ArrayInsert,
               .obj = list,
               .index = static_cast<std::uint32_t>(at),
               .value = static_cast<std::int64_t>(link)};
}
Instr erase_at(NoteId list, std::size_t at) {
  return Instr{.op = Op::ArrayErase, .obj = list, .index = static_cast<std::uint32_t>(at)};
}

struct Device {
  std::uint32_t number;
  std::int64_t clock;
  std::uint32_t next = 1;
};

/// One workload write (sim/notes_app.cpp shapes) on `s`, stamped with lastUpdated and the
/// per-field stamps; applied to `s`.
Changeset random_write(Store& s, Device& d, Choices& ch) {
  d.clock += 10;
  const std::int64_t ts = d.clock;
  std::vector<NoteId> ids;
  for (const auto& [id, n] : s.notes()) ids.push_back(id);
  const NoteId note = ids[ch.below(ids.size())];
  NoteId parent = 0;
  std::uint32_t index = 0;
  const bool has_parent = s.find_parent(note, parent, index);
  Changeset c;
  auto& v = c.instrs;
  switch (ch.below(4)) {
    case 1:  // edit
      v = {set(note, Field::Text, s.find(note)->text + 1), set(note, Field::TextUpdated, ts)};
      break;
    case 2:  // delete a leaf
      if (has_parent && s.visible_children(note).empty()) {
        v = {erase_at(parent, index), Instr{.op = Op::EraseObject, .obj = note}};
        break;
      }
      [[fallthrough]];
    case 3: {  // move under another note
      const NoteId to = ids[ch.below(ids.size())];
      if (has_parent && !s.is_descendant(note, to)) {
        std::size_t at = s.find(to)->children.size() - (parent == to ? 1 : 0);
        v = {erase_at(parent, index), insert(to, at, note), set(note, Field::LastUpdated, ts)};
        if (parent != to) v.push_back(set(to, Field::LastUpdated, ts));
        break;
      }
      [[fallthrough]];
    }
    default: {  // insert a new note under `note`
      const NoteId id = device_note(d.number, d.next++);
      v = {Instr{.op = Op::CreateObject, .obj = id},
           set(id, Field::Text, id & 0xff),
           set(id, Field::IsRoot, 0),
           set(id, Field::Owner, 1),
           set(id, Field::TextUpdated, ts),
           insert(note, s.find(note)->children.size(), id)};
      parent = note;
      v.push_back(set(id, Field::LastUpdated, ts));
    }
  }
  for (const Instr& i : Instrs(v)) {
    if (i.op == Op::ArrayInsert || i.op == Op::ArrayErase) {
      v.push_back(set(i.obj, Field::ChildrenUpdated, ts));
      v.push_back(set(i.obj, Field::LastUpdated, ts));
    }
    if (i.op == Op::Set && i.field == Field::Text) v.push_back(set(i.obj, Field::LastUpdated, ts));
  }
  c.origin_ts = ts;
  s.apply(c);
  return c;
}

Store random_tree(Choices& ch) {
  Store s;
  const NoteId root = root_of(1);
  s.apply(Instr{.op = Op::CreateObject, .obj = root});
  s.apply(set(root, Field::IsRoot, 1));
  const std::size_t n = ch.below(5);
  for (std::uint32_t k = 1; k <= n; ++k) {
    const NoteId id = tree_note(1, k);
    std::vector<NoteId> ids;
    for (const auto& [x, note] : s.notes()) ids.push_back(x);
    const NoteId parent = ids[ch.below(ids.size())];
    for (const Instr& i :
         {Instr{.op = Op::CreateObject, .obj = id}, set(id, Field::Text, k),
          set(id, Field::Owner, 1), insert(parent, s.find(parent)->children.size(), id)})
      s.apply(i);
  }
  const Store before =
      s;  // iterate a copy: the loop writes to s (a temporary's notes() would dangle)
  for (const auto& [id, note] : before.notes()) s.apply(set(id, Field::LastUpdated, 50));
  return s;
}

void log(std::vector<UpdateRecord>& out, const Changeset& c) {
  for (const Instr& i : c.instrs) {
    if (i.op == Op::Set && i.field != Field::LastUpdated)
      out.push_back({i.obj, i.field, c.origin_ts});
    if (i.op == Op::ArrayInsert || i.op == Op::ArrayErase)
      out.push_back({i.obj, Field::Children, c.origin_ts});
  }
}

/// Same notes, same text, same visible lists (tombstones aside). lastUpdated is not compared:
/// by-field restores the per-field stamps, not the object stamp.
bool same_tree(const Store& a, const Store& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [id, n] : a.notes()) {
    const Note* m = b.find(id);
    if (m == nullptr || n.text != m->text || a.visible_children(id) != b.visible_children(id))
      return false;
  }
  return true;
}

struct Situation {
  Store base, backup, fresh;
  std::vector<Changeset> unacked;
  std::vector<UpdateRecord> records;
  Changeset concurrent;  ///< another device's write on the fresh state, concurrent with the reset
};

Situation random_world(Choices& ch, bool server_changed) {
  Situation w;
  w.base = random_tree(ch);
  w.backup = w.base;
  w.fresh = w.base;
  Device me{1, 200};
  const std::size_t local = 1 + ch.below(6);
  for (std::size_t k = 0; k < local; ++k) {
    w.unacked.push_back(random_write(w.backup, me, ch));
    log(w.records, w.unacked.back());
  }
  if (!server_changed) return w;
  const std::size_t integrated = ch.below(local + 1);  // uploaded, acknowledgement lost
  for (std::size_t k = 0; k < integrated; ++k) w.fresh.apply(w.unacked[k]);
  Device other{2, ch.below(2) == 0 ? 110 : 40};  // 40: a clock behind lastSynced
  const std::size_t remote = ch.below(6);
  for (std::size_t k = 0; k < remote; ++k) random_write(w.fresh, other, ch);
  Store scratch = w.fresh;
  w.concurrent = random_write(scratch, other, ch);
  w.concurrent.origin = kFirstClientIdent + 1;
  return w;
}

ResetInput input(const Situation& w, ResetMode mode, WriteStyle style, CopyTiming timing) {
  ResetInput in;
  in.backup = &w.backup;
  in.fresh = &w.fresh;
  in.unacked = w.unacked;
  in.mode = mode;
  in.write_style = style;
  in.copy_timing = timing;
  in.last_synced = 100;
  in.now_ts = 1000;
  in.updates = &w.records;
  return in;
}

const ResetMode kModes[] = {ResetMode::Discard,
                            ResetMode::Recover,
                            ResetMode::RecoverOrDiscard,
                            ResetMode::ManualByObject,
                            ResetMode::ManualOverwriteBackend,
                            ResetMode::ManualByField,
                            ResetMode::ManualUpdatesLog};

void check_integrable(const Situation& w, const ResetOutcome& out) {
  Store replay = w.fresh;
  for (const auto& c : out.writes) replay.apply(c);
  RC_ASSERT(replay == out.state);
  RC_ASSERT(replay.index_anomalies() == 0u);
  std::vector<Changeset> ours = out.writes;
  for (auto& c : ours) c.origin = kFirstClientIdent;
  std::vector<Changeset> ours_t = ours;
  Changeset theirs_t = w.concurrent;
  merge_into(ours_t, theirs_t);
  Store a = replay;
  a.apply(theirs_t);
  Store b = w.fresh;
  b.apply(w.concurrent);
  for (const auto& c : ours_t) b.apply(c);
  RC_ASSERT(a == b);
  RC_ASSERT(a.index_anomalies() + b.index_anomalies() == 0u);
}

RC_GTEST_PROP(RecoveryProperty, WritesReplayAndIntegrateAtTheServer,
              (const std::vector<int>& choices)) {
  Choices ch(choices);
  const Situation w = random_world(ch, true);
  for (ResetMode mode : kModes)
    for (WriteStyle style : {WriteStyle::Overwrite, WriteStyle::Diff})
      for (CopyTiming timing : {CopyTiming::AtEnd, CopyTiming::PerChangeset}) {
        const ResetOutcome out = client_reset(input(w, mode, style, timing));
        RC_ASSERT(!out.failed);
        if (out.applied == ResetMode::Discard) RC_ASSERT(out.state == w.fresh);
        check_integrable(w, out);
      }
}

RC_GTEST_PROP(RecoveryProperty, WithAnUnchangedServerTheBackupComesBack,
              (const std::vector<int>& choices)) {
  Choices ch(choices);
  const Situation w = random_world(ch, false);
  for (ResetMode mode : {ResetMode::Recover, ResetMode::ManualByObject, ResetMode::ManualByField})
    for (WriteStyle style : {WriteStyle::Overwrite, WriteStyle::Diff}) {
      const ResetOutcome out = client_reset(input(w, mode, style, CopyTiming::AtEnd));
      RC_ASSERT(!out.failed);
      RC_ASSERT(same_tree(out.state, w.backup));
    }
}

}  // namespace
}  // namespace syncsim::model
