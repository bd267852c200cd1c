#pragma once
// Shared by the client-reset rule tests (recovery_test.cpp: discard, recover,
// recover-or-discard; recovery_manual_test.cpp: the manual strategies): ids, instruction and
// changeset builders, and `Case`, one device's reset whose every outcome is also checked for
// replayability (the fresh state with the reset's writes applied equals the outcome's state).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/recovery.h"
#include "model/transform.h"
#include "tests/model/links.h"

namespace syncsim::model::recovery_case {

constexpr NoteId R = root_of(1);
const NoteId A1 = tree_note(1, 1), A2 = tree_note(1, 2);
const NoteId X = device_note(1, 1), Z = device_note(1, 2);  // this device's new notes
const NoteId Y = device_note(2, 1);                         // another device's note

using Ids = std::vector<NoteId>;

inline Instr create(NoteId id) {
  return Instr{.op = Op::CreateObject, .obj = id};
}
inline Instr erase_object(NoteId id) {
  return Instr{.op = Op::EraseObject, .obj = id};
}
inline Instr set(NoteId id, Field f, std::int64_t v) {
  return Instr{.op = Op::Set, .field = f, .obj = id, .value = v};
}
inline Instr insert(NoteId list, std::uint32_t at, NoteId link) {
  return Instr{
      .op = Op::ArrayInsert, .obj = list, .index = at, .value = static_cast<std::int64_t>(link)};
}
inline Instr erase_at(NoteId list, std::uint32_t at) {
  return Instr{.op = Op::ArrayErase, .obj = list, .index = at};
}
inline Instr move(NoteId list, std::uint32_t from, std::uint32_t to) {
  return Instr{.op = Op::ArrayMove, .obj = list, .index = from, .index2 = to};
}
inline Instr clear(NoteId list) {
  return Instr{.op = Op::Clear, .obj = list};
}

inline Changeset cs(std::vector<Instr> instrs, Tag::Kind kind = Tag::Other, NoteId note = 0) {
  Changeset c;
  c.instrs.assign(instrs.begin(), instrs.end());
  c.tag = Tag{.kind = kind, .note = note};
  return c;
}

/// The workload's insert / delete / edit, stamping lastUpdated at device time `ts`.
inline Changeset insert_cs(NoteId note, NoteId parent, std::uint32_t at, std::int64_t ts) {
  return cs(
      {create(note), set(note, Field::Text, static_cast<std::int64_t>(part_b(note))),
       set(note, Field::IsRoot, 0), set(note, Field::Owner, 1), set(note, Field::LastUpdated, ts),
       insert(parent, at, note), set(parent, Field::LastUpdated, ts)},
      Tag::Insert, note);
}
inline Changeset delete_cs(NoteId note, NoteId parent, std::uint32_t index, std::int64_t ts) {
  return cs({erase_at(parent, index), erase_object(note), set(parent, Field::LastUpdated, ts)},
            Tag::Delete, note);
}
inline Changeset edit_cs(NoteId note, std::int64_t text, std::int64_t ts) {
  return cs({set(note, Field::Text, text), set(note, Field::LastUpdated, ts)}, Tag::Edit, note);
}

/// A synced tree: `lists` gives each note's children; every note stamped lastUpdated = 50.
inline Store tree(const std::vector<std::pair<NoteId, Ids>>& lists) {
  Store s;
  auto add = [&](NoteId id) {
    if (s.contains(id)) return;
    for (const Instr& i : {create(id), set(id, Field::Text, static_cast<std::int64_t>(part_b(id))),
                           set(id, Field::IsRoot, id == R ? 1 : 0), set(id, Field::Owner, 1),
                           set(id, Field::LastUpdated, 50)})
      s.apply(i);
  };
  for (const auto& [id, kids] : lists) {
    add(id);
    for (std::size_t k = 0; k < kids.size(); ++k) {
      add(kids[k]);
      s.apply(insert(id, static_cast<std::uint32_t>(k), kids[k]));
    }
  }
  return s;
}

inline Store with(Store s, const std::vector<Changeset>& changes) {
  for (const auto& c : changes) s.apply(c);
  return s;
}

/// A reset of one device: backup = base + unacked, fresh = base + `others`.
struct Case {
  Store backup, fresh;
  ResetInput in;
  Case(const Store& base, std::vector<Changeset> unacked, const std::vector<Changeset>& others,
       ResetMode mode)
      : backup(with(base, unacked)), fresh(with(base, others)) {
    in.unacked = std::move(unacked);
    in.mode = mode;
    in.now_ts = 1000;
    in.last_synced = 100;
  }
  Case(const Case& o) : backup(o.backup), fresh(o.fresh), in(o.in) {}
  ResetOutcome run();
};

inline void expect_replayable(const ResetInput& in, const ResetOutcome& out) {
  if (out.failed) {
    EXPECT_TRUE(out.writes.empty());
    EXPECT_EQ(out.state, *in.backup);
    return;
  }
  Store replay = *in.fresh;
  for (const auto& w : out.writes) {
    EXPECT_FALSE(w.instrs.empty());
    EXPECT_EQ(w.origin_ts, in.now_ts);
    replay.apply(w);
  }
  EXPECT_EQ(replay, out.state);
  EXPECT_EQ(replay.index_anomalies(), in.fresh->index_anomalies());
  EXPECT_EQ(out.state.index_anomalies(), in.fresh->index_anomalies());
}

inline ResetOutcome Case::run() {
  in.backup = &backup;  // set here: a Case may have been copied
  in.fresh = &fresh;
  ResetOutcome out = client_reset(in);
  expect_replayable(in, out);
  return out;
}

inline Ids vis(const Store& s, NoteId id) {
  return s.visible_children(id);
}

inline bool has_op(const std::vector<Changeset>& writes, Op op, NoteId obj) {
  for (const auto& w : writes)
    for (const auto& i : w.instrs)
      if (i.op == op && i.obj == obj) return true;
  return false;
}

inline std::vector<std::string> strs(const Instrs& v) {
  std::vector<std::string> out;
  for (const auto& i : v) out.push_back(to_string(i));
  return out;
}

inline bool linked_anywhere(const Store& s, NoteId id) {
  for (const auto& [owner, n] : s.notes())
    if (std::find(n.children.begin(), n.children.end(), id) != n.children.end()) return true;
  return false;
}

// ---- discard -------------------------------------------------------------------------------
}  // namespace syncsim::model::recovery_case
