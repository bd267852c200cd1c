// Rule-by-rule tests of the operational transform (MODEL §3, docs/ot-rules.md).
//
// Every test builds two concurrent changesets A and B on the same base state, merges them with
// model::merge in BOTH argument orders (the result must not depend on which side is "ours"),
// applies A then B' and B then A' to two copies of the base Store, and asserts the expected
// final state and that both orders converge (TP1). The TransformRealmCore.* tests port cases
// of realm-core's test/test_transform.cpp that pin an outcome for the instructions we model.
#include "model/transform.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/store.h"
#include "tests/model/links.h"

namespace syncsim::model {
namespace {

// ---- builders ---------------------------------------------------------------------------------

constexpr NoteId R = root_of(1);
const NoteId A1 = tree_note(1, 1), A2 = tree_note(1, 2), A3 = tree_note(1, 3);
const NoteId Q = tree_note(1, 4);  // a second parent, initially without children
const NoteId X = device_note(1, 1), Y = device_note(2, 1), Z = device_note(3, 1);

constexpr FileIdent kC1 = kFirstClientIdent, kC2 = kFirstClientIdent + 1;

Instr create(NoteId id) { return Instr{.op = Op::CreateObject, .obj = id}; }
Instr erase_object(NoteId id) { return Instr{.op = Op::EraseObject, .obj = id}; }
Instr set(NoteId id, Field f, std::int64_t v, bool is_default = false) {
  return Instr{.op = Op::Set, .field = f, .is_default = is_default, .obj = id, .value = v};
}
Instr insert(NoteId list, std::uint32_t at, NoteId link) {
  return Instr{.op = Op::ArrayInsert, .obj = list, .index = at, .value = static_cast<std::int64_t>(link)};
}
Instr erase_at(NoteId list, std::uint32_t at) { return Instr{.op = Op::ArrayErase, .obj = list, .index = at}; }
Instr move(NoteId list, std::uint32_t from, std::uint32_t to) {
  return Instr{.op = Op::ArrayMove, .obj = list, .index = from, .index2 = to};
}
Instr clear(NoteId list) { return Instr{.op = Op::Clear, .obj = list}; }
Instr list_union(NoteId list, NoteId link) {
  return Instr{.op = Op::ListUnion, .obj = list, .value = static_cast<std::int64_t>(link)};
}

Changeset cs(FileIdent origin, std::int64_t ts, std::vector<Instr> instrs) {
  Changeset c;
  c.origin = origin;
  c.origin_ts = ts;
  c.instrs.assign(instrs.begin(), instrs.end());
  return c;
}

/// The workload's insert (sim/world_exec.cpp): create + scalar Sets + link into the parent.
std::vector<Instr> insert_note(NoteId note, NoteId parent, std::uint32_t at, std::int64_t text) {
  return {create(note), set(note, Field::Text, text), set(note, Field::IsRoot, 0),
          set(note, Field::Owner, 1), insert(parent, at, note)};
}

/// R -> [a.1, a.2, a.3]; Q exists with no children; every note has text 100+k.
Store base_state() {
  Store s;
  s.apply(cs(kTranslatorIdent, 0,
             {create(R), set(R, Field::IsRoot, 1), create(A1), create(A2), create(A3), create(Q),
              set(A1, Field::Text, 101), set(A2, Field::Text, 102), set(A3, Field::Text, 103),
              insert(R, 0, A1), insert(R, 1, A2), insert(R, 2, A3), insert(R, 3, Q)}));
  return s;
}

std::string dump(const Changeset& c) {
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
Outcome merge_both_ways(const Store& base, const Changeset& a, const Changeset& b) {
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

std::vector<NoteId> raw(const Store& s, NoteId id) {
  const Note* n = s.find(id);
  return n ? test::as_ids(n->children) : std::vector<NoteId>{};
}
std::vector<NoteId> kids(const Store& s, NoteId id) { return s.visible_children(id); }
std::int64_t text(const Store& s, NoteId id) {
  const Note* n = s.find(id);
  return n ? n->text : -1;
}
using Ids = std::vector<NoteId>;

// ---- tie-break ----------------------------------------------------------------------------------

TEST(TransformTieBreak, TimestampFirstThenFileIdent) {
  EXPECT_TRUE(orders_before(cs(kC2, 10, {}), cs(kC1, 11, {})));   // timestamp decides
  EXPECT_FALSE(orders_before(cs(kC1, 11, {}), cs(kC2, 10, {})));
  EXPECT_TRUE(orders_before(cs(kC1, 10, {}), cs(kC2, 10, {})));   // equal: lower ident first
  EXPECT_FALSE(orders_before(cs(kC2, 10, {}), cs(kC1, 10, {})));
  EXPECT_TRUE(orders_before(cs(kTranslatorIdent, 10, {}), cs(kC1, 10, {})));
}

TEST(TransformTieBreak, EqualTimestampLowerFileIdentInsertsFirst) {
  const auto o = merge_both_ways(base_state(), cs(kC2, 50, insert_note(Y, R, 1, 2)),
                                 cs(kC1, 50, insert_note(X, R, 1, 1)));
  EXPECT_EQ(kids(o.ab, R), (Ids{A1, X, Y, A2, A3, Q}));
}

TEST(TransformTieBreak, ClockSkewChangesTheOrder) {
  // The same two writes; c2's clock runs behind, so its insert now goes first.
  const auto o = merge_both_ways(base_state(), cs(kC1, 50, insert_note(X, R, 1, 1)),
                                 cs(kC2, 49, insert_note(Y, R, 1, 2)));
  EXPECT_EQ(kids(o.ab, R), (Ids{A1, Y, X, A2, A3, Q}));
}

// ---- ArrayInsert vs ArrayInsert --------------------------------------------------------------

TEST(TransformArrayInsert, DifferentIndicesShiftPastEachOther) {
  const auto o = merge_both_ways(base_state(), cs(kC1, 10, insert_note(X, R, 1, 1)),
                                 cs(kC2, 20, insert_note(Y, R, 3, 2)));
  EXPECT_EQ(kids(o.ab, R), (Ids{A1, X, A2, A3, Y, Q}));
}

TEST(TransformArrayInsert, EqualIndexLowerTimestampFirst) {
  const auto o = merge_both_ways(base_state(), cs(kC1, 10, insert_note(X, R, 2, 1)),
                                 cs(kC2, 20, insert_note(Y, R, 2, 2)));
  EXPECT_EQ(kids(o.ab, R), (Ids{A1, A2, X, Y, A3, Q}));
}

TEST(TransformArrayInsert, EqualIndexLowerTimestampFirstOtherOrder) {
  const auto o = merge_both_ways(base_state(), cs(kC1, 20, insert_note(X, R, 2, 1)),
                                 cs(kC2, 10, insert_note(Y, R, 2, 2)));
  EXPECT_EQ(kids(o.ab, R), (Ids{A1, A2, Y, X, A3, Q}));
}

TEST(TransformArrayInsert, BothAppendNothingDropped) {
  // The Stashpad pattern: two devices append to root at the same time.
  std::vector<Instr> a = insert_note(X, R, 4, 1);
  a.push_back(set(R, Field::LastUpdated, 10));
  std::vector<Instr> b = insert_note(Y, R, 4, 2);
  b.push_back(set(R, Field::LastUpdated, 20));
  const auto o = merge_both_ways(base_state(), cs(kC1, 10, a), cs(kC2, 20, b));
  EXPECT_EQ(kids(o.ab, R), (Ids{A1, A2, A3, Q, X, Y}));
  EXPECT_EQ(o.ab.find(R)->last_updated, 20);
}

TEST(TransformArrayInsert, SeveralInsertsPerChangeset) {
  std::vector<Instr> a = insert_note(X, R, 0, 1);
  for (const Instr& i : insert_note(Z, R, 5, 3)) a.push_back(i);  // append after X
  const auto o = merge_both_ways(base_state(), cs(kC1, 10, a), cs(kC2, 20, insert_note(Y, R, 2, 2)));
  EXPECT_EQ(kids(o.ab, R), (Ids{X, A1, A2, Y, A3, Q, Z}));
}

// ---- ArrayErase ---------------------------------------------------------------------------------

TEST(TransformArrayErase, EraseBeforeInsertShiftsTheInsert) {
  const auto o = merge_both_ways(base_state(), cs(kC1, 10, {erase_at(R, 0)}),
                                 cs(kC2, 20, insert_note(X, R, 2, 1)));
  EXPECT_EQ(raw(o.ab, R), (Ids{A2, X, A3, Q}));
}

TEST(TransformArrayErase, InsertBeforeEraseShiftsTheErase) {
  const auto o = merge_both_ways(base_state(), cs(kC1, 20, {erase_at(R, 2)}),
                                 cs(kC2, 10, insert_note(X, R, 1, 1)));
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, X, A2, Q}));
}

TEST(TransformArrayErase, InsertAtTheErasedIndexIsKept) {
  const auto o = merge_both_ways(base_state(), cs(kC1, 10, {erase_at(R, 1)}),
                                 cs(kC2, 5, insert_note(X, R, 1, 1)));
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, X, A3, Q}));
}

TEST(TransformArrayErase, SameElementIsErasedOnce) {
  Changeset a = cs(kC1, 10, {erase_at(R, 1)}), b = cs(kC2, 20, {erase_at(R, 1)});
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, A3, Q}));
  merge(a, b);
  EXPECT_TRUE(a.instrs[0].discarded && b.instrs[0].discarded);
}

TEST(TransformArrayErase, DifferentElementsBothErased) {
  const auto o = merge_both_ways(base_state(), cs(kC1, 10, {erase_at(R, 0)}),
                                 cs(kC2, 20, {erase_at(R, 2)}));
  EXPECT_EQ(raw(o.ab, R), (Ids{A2, Q}));
}

TEST(TransformArrayErase, ConcurrentMovesOfOneNoteLeaveItInBothTargets) {
  // Both devices move a.2 out of root (ArrayErase + ArrayInsert): the erase happens once and
  // both inserts survive, so a.2 ends with two parents (allowed by the rules, not a cycle).
  const auto o = merge_both_ways(base_state(), cs(kC1, 10, {erase_at(R, 1), insert(Q, 0, A2)}),
                                 cs(kC2, 20, {erase_at(R, 1), insert(A1, 0, A2)}));
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, A3, Q}));
  EXPECT_EQ(raw(o.ab, Q), (Ids{A2}));
  EXPECT_EQ(raw(o.ab, A1), (Ids{A2}));
}

// ---- Clear --------------------------------------------------------------------------------------

/// A re-insert of root (model/atlas.cpp): Create, Sets, Clear, then the snapshot's links.
Changeset reinsert_root(std::int64_t ts, FileIdent origin = kTranslatorIdent) {
  return cs(origin, ts, {create(R), set(R, Field::IsRoot, 1), clear(R), insert(R, 0, A1),
                         insert(R, 1, A2), insert(R, 2, A3), insert(R, 3, Q)});
}

TEST(TransformClear, DiscardsConcurrentInsertWhateverTheTimestamps) {
  for (const std::int64_t insert_ts : {5, 50}) {  // before and after the Clear's timestamp
    SCOPED_TRACE(insert_ts);
    const auto o = merge_both_ways(base_state(), reinsert_root(20),
                                   cs(kC1, insert_ts, insert_note(X, R, 4, 7)));
    EXPECT_EQ(raw(o.ab, R), (Ids{A1, A2, A3, Q}));
    // The note's CreateObject and Sets are untouched: it survives without a parent.
    ASSERT_TRUE(o.ab.contains(X));
    EXPECT_EQ(text(o.ab, X), 7);
    EXPECT_EQ(o.ab.find(X)->owner, 1u);
  }
}

TEST(TransformClear, DiscardsConcurrentArrayErase) {
  // c1 moves a.1 from root to Q; its ArrayErase under the cleared root is discarded, its
  // ArrayInsert into Q is not: a.1 ends under both.
  const auto o = merge_both_ways(base_state(), reinsert_root(20),
                                 cs(kC1, 50, {erase_at(R, 0), insert(Q, 0, A1)}));
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, A2, A3, Q}));
  EXPECT_EQ(raw(o.ab, Q), (Ids{A1}));
}

TEST(TransformClear, DiscardsConcurrentListUnionAndMove) {
  Changeset a = reinsert_root(20);
  Changeset b = cs(kC1, 50, {list_union(R, X), move(R, 0, 2)});
  merge(b, a);
  EXPECT_TRUE(b.instrs[0].discarded);
  EXPECT_TRUE(b.instrs[1].discarded);
  for (const auto& i : a.instrs) EXPECT_FALSE(i.discarded);
}

TEST(TransformClear, LeavesOtherListsAndTheParentsFieldsAlone) {
  const auto o = merge_both_ways(
      base_state(), reinsert_root(20),
      cs(kC1, 5, {create(X), insert(Q, 0, X), set(R, Field::Text, 9), set(R, Field::LastUpdated, 5)}));
  EXPECT_EQ(raw(o.ab, Q), (Ids{X}));
  EXPECT_EQ(text(o.ab, R), 9);
  EXPECT_EQ(o.ab.find(R)->last_updated, 5);
}

TEST(TransformClear, ClearVsClearHigherTimestampWins) {
  for (const bool c2_later : {true, false}) {
    SCOPED_TRACE(c2_later);
    Changeset a = cs(kC1, c2_later ? 10 : 30, {clear(R), insert(R, 0, A3)});
    Changeset b = cs(kC2, 20, {clear(R), insert(R, 0, A1), insert(R, 1, A2)});
    const auto o = merge_both_ways(base_state(), a, b);
    // The loser's Clear is discarded and its following inserts fall to the winner's Clear.
    EXPECT_EQ(raw(o.ab, R), c2_later ? (Ids{A1, A2}) : (Ids{A3}));
  }
}

TEST(TransformClear, TwoReinsertsOfTheSameListConverge) {
  const auto o = merge_both_ways(base_state(), reinsert_root(20, kC1), reinsert_root(20, kC2));
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, A2, A3, Q}));
}

// ---- EraseObject --------------------------------------------------------------------------------

/// The workload's delete of leaf a.2 (index 1 in root).
Changeset delete_a2(FileIdent origin, std::int64_t ts) {
  return cs(origin, ts, {erase_at(R, 1), erase_object(A2), set(R, Field::LastUpdated, ts)});
}

TEST(TransformEraseObject, DiscardsConcurrentSetOnTheErasedObject) {
  for (const std::int64_t edit_ts : {5, 50}) {
    SCOPED_TRACE(edit_ts);
    Changeset edit = cs(kC2, edit_ts, {set(A2, Field::Text, 555), set(A2, Field::LastUpdated, edit_ts)});
    const auto o = merge_both_ways(base_state(), delete_a2(kC1, 20), edit);
    EXPECT_FALSE(o.ab.contains(A2));
    Changeset d = delete_a2(kC1, 20);
    merge(edit, d);
    EXPECT_TRUE(edit.instrs[0].discarded && edit.instrs[1].discarded);
  }
}

TEST(TransformEraseObject, OrphansAChildInsertedIntoTheErasedParent) {
  const auto o = merge_both_ways(base_state(), delete_a2(kC1, 20),
                                 cs(kC2, 30, insert_note(X, A2, 0, 1)));
  EXPECT_FALSE(o.ab.contains(A2));
  ASSERT_TRUE(o.ab.contains(X));  // created, in no list: orphaned
  for (const auto& [id, n] : o.ab.notes()) EXPECT_EQ(std::count(n.children.begin(), n.children.end(), X), 0);
}

TEST(TransformEraseObject, BeatsAConcurrentCreateOfIt) {
  for (const std::int64_t create_ts : {5, 50}) {
    SCOPED_TRACE(create_ts);
    const auto o = merge_both_ways(
        base_state(), delete_a2(kC1, 20),
        cs(kC2, create_ts, {create(A2), set(A2, Field::Text, 7), clear(A2), insert(A2, 0, A1)}));
    EXPECT_FALSE(o.ab.contains(A2));
  }
}

TEST(TransformEraseObject, EraseVsEraseOfTheSameObjectErasesOnce) {
  const auto o = merge_both_ways(base_state(), delete_a2(kC1, 10), delete_a2(kC2, 20));
  EXPECT_FALSE(o.ab.contains(A2));
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, A3, Q}));
}

TEST(TransformEraseObject, EraseVsEraseKeepsTheLaterErase) {
  // realm-core DEFINE_MERGE(EraseObject, EraseObject): "We keep the most recent erase". With
  // both discarded, a third concurrent CreateObject (e.g. a re-insert) would meet no erase and
  // resurrect the object; see TransformRealmCore.CreateEraseCreateSequencePreservesObject.
  Changeset a = cs(kC1, 10, {erase_object(A2)}), b = cs(kC2, 20, {erase_object(A2)});
  merge(a, b);
  EXPECT_TRUE(a.instrs[0].discarded);
  EXPECT_FALSE(b.instrs[0].discarded);
}

TEST(TransformEraseObject, LinkToItFromAnotherListIsAHiddenTombstone) {
  // c2 moves a.2 from root to Q while c1 deletes it.
  const auto o = merge_both_ways(base_state(), delete_a2(kC1, 20),
                                 cs(kC2, 30, {erase_at(R, 1), insert(Q, 0, A2)}));
  EXPECT_FALSE(o.ab.contains(A2));
  EXPECT_EQ(raw(o.ab, Q), (Ids{A2}));  // the link is kept...
  EXPECT_TRUE(kids(o.ab, Q).empty());  // ...hidden, never a visible dangling link
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, A3, Q}));
  Store s = o.ab;  // the id is created again: the link reappears
  s.apply(cs(kC1, 40, {create(A2)}));
  EXPECT_EQ(kids(s, Q), (Ids{A2}));
}

TEST(TransformEraseObject, DiscardsListOpsOnTheErasedObjectIncludingMoveAndClear) {
  Changeset a = cs(kC1, 20, {erase_object(Q)});
  Changeset b = cs(kC2, 10, {move(Q, 0, 1), clear(Q), list_union(Q, X), erase_at(Q, 0)});
  merge(a, b);
  for (const auto& i : b.instrs) EXPECT_TRUE(i.discarded) << to_string(i);
  EXPECT_FALSE(a.instrs[0].discarded);
}

// ---- CreateObject, Set ---------------------------------------------------------------------------

TEST(TransformCreateObject, IsIdempotent) {
  const auto o = merge_both_ways(base_state(), cs(kC1, 10, {create(X), set(X, Field::Owner, 1)}),
                                 cs(kC2, 20, {create(X), set(X, Field::Text, 5)}));
  ASSERT_TRUE(o.ab.contains(X));
  EXPECT_EQ(o.ab.find(X)->owner, 1u);
  EXPECT_EQ(text(o.ab, X), 5);
}

TEST(TransformSet, LaterTimestampWins) {
  for (const bool c1_later : {true, false}) {
    SCOPED_TRACE(c1_later);
    const auto o = merge_both_ways(base_state(), cs(kC1, c1_later ? 30 : 10, {set(A1, Field::Text, 1)}),
                                   cs(kC2, 20, {set(A1, Field::Text, 2)}));
    EXPECT_EQ(text(o.ab, A1), c1_later ? 1 : 2);
  }
}

TEST(TransformSet, EqualTimestampHigherFileIdentWins) {
  const auto o = merge_both_ways(base_state(), cs(kC2, 10, {set(A1, Field::Text, 2)}),
                                 cs(kC1, 10, {set(A1, Field::Text, 1)}));
  EXPECT_EQ(text(o.ab, A1), 2);
}

TEST(TransformSet, DefaultSetLosesToNonDefaultWhateverTheTimestamps) {
  for (const std::int64_t default_ts : {5, 50}) {
    SCOPED_TRACE(default_ts);
    const auto o = merge_both_ways(base_state(), cs(kC1, 20, {set(A1, Field::Text, 1)}),
                                   cs(kC2, default_ts, {set(A1, Field::Text, 2, true)}));
    EXPECT_EQ(text(o.ab, A1), 1);
  }
}

TEST(TransformSet, DifferentFieldsOrObjectsDoNotConflict) {
  const auto o = merge_both_ways(base_state(), cs(kC1, 30, {set(A1, Field::Text, 1), set(A2, Field::Text, 7)}),
                                 cs(kC2, 20, {set(A1, Field::LastUpdated, 2), set(A3, Field::Text, 8)}));
  EXPECT_EQ(text(o.ab, A1), 1);
  EXPECT_EQ(o.ab.find(A1)->last_updated, 2);
  EXPECT_EQ(text(o.ab, A2), 7);
  EXPECT_EQ(text(o.ab, A3), 8);
}

// ---- merge_into ---------------------------------------------------------------------------------

TEST(TransformMergeInto, TransformsPastEachConcurrentChangesetInOrder) {
  // Two local appends, then a remote append based on the same state: it ends up after both
  // local ones only if it has the highest timestamp, and merge_into updates the locals.
  std::vector<Changeset> local = {cs(kC1, 10, insert_note(X, R, 4, 1)), cs(kC1, 11, insert_note(Z, R, 5, 3))};
  Changeset remote = cs(kC2, 5, insert_note(Y, R, 4, 2));
  Store mine = base_state(), theirs = base_state();
  for (const auto& c : local) mine.apply(c);
  theirs.apply(remote);
  Changeset incoming = remote;
  merge_into(local, incoming);
  mine.apply(incoming);
  for (const auto& c : local) theirs.apply(c);  // the reciprocals, as the server would apply them
  EXPECT_TRUE(mine == theirs);
  EXPECT_EQ(kids(mine, R), (Ids{A1, A2, A3, Q, Y, X, Z}));
}

// ---- realm-core ports (test/test_transform.cpp) ------------------------------------------------
// Realm tables become notes: an object with a list is a note, list elements are links. Realm's
// `advance_time(n)` becomes a higher origin timestamp. Changesets are merged pairwise here; the
// ports that need a server and a third changeset are in client_server_test.cpp.

// test_transform.cpp TEST(Transform_ArrayClearVsArrayClear_TimestampBased): both clients clear
// [1, 2] and insert their own values; the higher timestamp's elements survive: [5, 6].
TEST(TransformRealmCore, ArrayClearVsArrayClear_TimestampBased) {
  const NoteId e[7] = {0, tree_note(9, 1), tree_note(9, 2), tree_note(9, 3), tree_note(9, 4),
                       tree_note(9, 5), tree_note(9, 6)};
  Store base;
  base.apply(cs(kC1, 0, {create(Q), insert(Q, 0, e[1]), insert(Q, 1, e[2])}));
  const auto o = merge_both_ways(base, cs(kC1, 0, {clear(Q), insert(Q, 0, e[3]), insert(Q, 1, e[4])}),
                                 cs(kC2, 1, {clear(Q), insert(Q, 0, e[5]), insert(Q, 1, e[6])}));
  EXPECT_EQ(raw(o.ab, Q), (Ids{e[5], e[6]}));
}

// test_transform.cpp TEST(Transform_MergeSetDefault): a later SetDefault does not overwrite Set.
TEST(TransformRealmCore, MergeSetDefault) {
  const auto o = merge_both_ways(Store{}, cs(kC1, 0, {create(X), set(X, Field::Text, 456)}),
                                 cs(kC2, 100, {create(X), set(X, Field::Text, 789, true)}));
  EXPECT_EQ(text(o.ab, X), 456);
}

// test_transform.cpp TEST(Transform_SetNullDefaultVsSetDefault): both Sets are defaults, so
// the later client's values win on both fields.
TEST(TransformRealmCore, SetNullDefaultVsSetDefault) {
  const auto o = merge_both_ways(
      Store{}, cs(kC1, 1, {create(X), set(X, Field::Text, 0, true), set(X, Field::LastUpdated, 42, true)}),
      cs(kC2, 2, {create(X), set(X, Field::Text, -6, true), set(X, Field::LastUpdated, 6, true)}));
  EXPECT_EQ(text(o.ab, X), -6);
  EXPECT_EQ(o.ab.find(X)->last_updated, 6);
}

// test_transform.cpp TEST(Transform_ErrorCase_LinkListDoubleMerge): both clients create the
// same two objects and link them: the list ends with both links (nothing is deduplicated).
TEST(TransformRealmCore, ErrorCase_LinkListDoubleMerge) {
  const auto make = [](FileIdent origin) {
    return cs(origin, 0, {create(Q), create(X), insert(Q, 0, X)});
  };
  const auto o = merge_both_ways(Store{}, make(kC1), make(kC2));
  EXPECT_EQ(raw(o.ab, Q), (Ids{X, X}));
}

// test_transform.cpp TEST(Transform_DanglingLinks): c1 removes the link target, c2 concurrently
// adds a second link to it. The target is gone, the visible list is empty, the real list holds
// one tombstone. (Realm removes c1's own link implicitly; here c1's delete erases it
// explicitly, as the workload's delete does.)
TEST(TransformRealmCore, DanglingLinks) {
  Store base;
  base.apply(cs(kC1, 0, {create(Q), create(X), insert(Q, 0, X)}));
  const auto o = merge_both_ways(base, cs(kC1, 0, {erase_at(Q, 0), erase_object(X)}),
                                 cs(kC2, 0, {insert(Q, 1, X)}));
  EXPECT_FALSE(o.ab.contains(X));
  EXPECT_TRUE(kids(o.ab, Q).empty());
  EXPECT_EQ(raw(o.ab, Q).size(), 1u);
}

// test_transform.cpp TEST(Transform_SelectLinkList): both clients append the same target to the
// second object's list; c1 also removes the first object. One object left, its list has 2.
TEST(TransformRealmCore, SelectLinkList) {
  Store base;
  base.apply(cs(kC1, 0, {create(X), create(A1), create(A2)}));
  const auto o = merge_both_ways(base, cs(kC1, 0, {insert(A2, 0, X), erase_object(A1)}),
                                 cs(kC2, 0, {insert(A2, 0, X)}));
  EXPECT_FALSE(o.ab.contains(A1));
  EXPECT_EQ(raw(o.ab, A2).size(), 2u);
}

// test_transform.cpp TEST(Transform_MergeInsertSetAndErase): c1 creates a third object while c2
// removes the first: two objects remain.
TEST(TransformRealmCore, MergeInsertSetAndErase) {
  Store base;
  base.apply(cs(kC1, 0, {create(A1), set(A1, Field::Text, 123), create(A2), set(A2, Field::Text, 456)}));
  const auto o = merge_both_ways(base, cs(kC1, 0, {create(A3), set(A3, Field::Text, 789)}),
                                 cs(kC2, 0, {erase_object(A1)}));
  EXPECT_EQ(o.ab.size(), 2u);
  EXPECT_EQ(text(o.ab, A3), 789);
}

// test_transform.cpp TEST(Transform_InsertRows): independent creates with Sets converge.
TEST(TransformRealmCore, InsertRows) {
  const auto o = merge_both_ways(Store{}, cs(kC1, 0, {create(X), set(X, Field::Text, 123)}),
                                 cs(kC2, 0, {create(Y), set(Y, Field::Text, 456)}));
  EXPECT_EQ(text(o.ab, X), 123);
  EXPECT_EQ(text(o.ab, Y), 456);
}

// test_transform.cpp TEST(Transform_RSYNC_143): Create-Set-Erase vs a later Create of the same
// object: the erase wins, the table ends empty.
TEST(TransformRealmCore, RSYNC_143) {
  const auto o = merge_both_ways(Store{}, cs(kC1, 0, {create(X), set(X, Field::Text, 500), erase_object(X)}),
                                 cs(kC2, 1, {create(X)}));
  EXPECT_EQ(o.ab.size(), 0u);
}

// test_transform.cpp TEST(Transform_CreateEraseCreateSequencePreservesObject): both clients
// erase and re-create the object; the later client's creation is preserved (int == 2), not the
// side with the most EraseObject instructions. Needs EraseObject vs EraseObject to keep the
// later erase (realm-core DEFINE_MERGE(EraseObject, EraseObject)).
TEST(TransformRealmCore, CreateEraseCreateSequencePreservesObject) {
  Store base;
  base.apply(cs(kC1, 0, {create(X), set(X, Field::Text, 0)}));
  const auto o = merge_both_ways(
      base,
      cs(kC1, 0, {erase_object(X), create(X), set(X, Field::Text, 1), erase_object(X), create(X),
                  set(X, Field::Text, 11)}),
      cs(kC2, 1, {erase_object(X), create(X), set(X, Field::Text, 2)}));
  ASSERT_TRUE(o.ab.contains(X));
  EXPECT_EQ(text(o.ab, X), 2);
}

}  // namespace
}  // namespace syncsim::model
