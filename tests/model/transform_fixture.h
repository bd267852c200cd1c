#pragma once
// Builders and the two-way merge check shared by the operational-transform tests
// (transform_test.cpp: the rules one by one; transform_realm_core_test.cpp: realm-core's cases).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "model/store.h"
#include "model/transform.h"
#include "tests/model/links.h"

namespace syncsim::model::test::ot {

inline constexpr NoteId R = root_of(1);
inline const NoteId A1 = tree_note(1, 1), A2 = tree_note(1, 2), A3 = tree_note(1, 3);
inline const NoteId Q = tree_note(1, 4);  // a second parent, initially without children
inline const NoteId X = device_note(1, 1), Y = device_note(2, 1), Z = device_note(3, 1);

inline constexpr FileIdent kC1 = kFirstClientIdent, kC2 = kFirstClientIdent + 1;

inline Instr create(NoteId id) {
  return Instr{.op = Op::CreateObject, .obj = id};
}
inline Instr erase_object(NoteId id) {
  return Instr{.op = Op::EraseObject, .obj = id};
}
inline Instr set(NoteId id, Field f, std::int64_t v, bool is_default = false) {
  return Instr{.op = Op::Set, .field = f, .is_default = is_default, .obj = id, .value = v};
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
inline Instr list_union(NoteId list, NoteId link) {
  return Instr{.op = Op::ListUnion, .obj = list, .value = static_cast<std::int64_t>(link)};
}

inline Changeset cs(FileIdent origin, std::int64_t ts, std::vector<Instr> instrs) {
  Changeset c;
  c.origin = origin;
  c.origin_ts = ts;
  c.instrs.assign(instrs.begin(), instrs.end());
  return c;
}

/// The workload's insert (sim/notes_app.cpp): create + scalar Sets + link into the parent.
inline std::vector<Instr> insert_note(NoteId note, NoteId parent, std::uint32_t at,
                                      std::int64_t text) {
  return {create(note), set(note, Field::Text, text), set(note, Field::IsRoot, 0),
          set(note, Field::Owner, 1), insert(parent, at, note)};
}

/// R -> [a.1, a.2, a.3]; Q exists with no children; every note has text 100+k.
inline Store base_state() {
  Store s;
  s.apply(cs(kTranslatorIdent, 0,
             {create(R), set(R, Field::IsRoot, 1), create(A1), create(A2), create(A3), create(Q),
              set(A1, Field::Text, 101), set(A2, Field::Text, 102), set(A3, Field::Text, 103),
              insert(R, 0, A1), insert(R, 1, A2), insert(R, 2, A3), insert(R, 3, Q)}));
  return s;
}

inline std::string dump(const Changeset& c) {
  std::string s;
  for (const auto& i : c.instrs) s += to_string(i) + "; ";
  return s;
}

struct Outcome {
  Store ab;  ///< base, A, then B transformed past A
  Store ba;  ///< base, B, then A transformed past B
};

/// Merges A and B in both argument orders, checks that the transformed forms agree, applies
/// both orders and checks TP1 (convergence) and that no list index went out of range.
inline Outcome merge_both_ways(const Store& base, const Changeset& a, const Changeset& b) {
  Changeset a1 = a, b1 = b, a2 = a, b2 = b;
  merge(a1, b1);  // A as ours
  merge(b2, a2);  // B as ours
  EXPECT_EQ(dump(a1), dump(a2)) << "A' depends on which side is ours";
  EXPECT_EQ(dump(b1), dump(b2)) << "B' depends on which side is ours";
  Outcome o{base, base};
  o.ab.apply(a);
  o.ab.apply(b1);
  o.ba.apply(b);
  o.ba.apply(a1);
  EXPECT_TRUE(o.ab == o.ba) << "TP1 violated\nA'=" << dump(a1) << "\nB'=" << dump(b1);
  EXPECT_EQ(o.ab.index_anomalies(), 0u);
  EXPECT_EQ(o.ba.index_anomalies(), 0u);
  return o;
}

inline std::vector<NoteId> raw(const Store& s, NoteId id) {
  const Note* n = s.find(id);
  return n ? test::as_ids(n->children) : std::vector<NoteId>{};
}
inline std::vector<NoteId> kids(const Store& s, NoteId id) {
  return s.visible_children(id);
}
inline std::int64_t text(const Store& s, NoteId id) {
  const Note* n = s.find(id);
  return n ? n->text : -1;
}
using Ids = std::vector<NoteId>;

}  // namespace syncsim::model::test::ot
