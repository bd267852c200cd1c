// Rule-by-rule tests of the operational transform (spec §3, docs/ot-rules.md).
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
#include "tests/model/transform_fixture.h"

namespace syncsim::model {
namespace {

using namespace test::ot;  // NOLINT(google-build-using-namespace): the fixture's builders

// ---- tie-break ----------------------------------------------------------------------------------

TEST(TransformTieBreak, TimestampFirstThenFileIdent) {
  EXPECT_TRUE(orders_before(cs(kC2, 10, {}), cs(kC1, 11, {})));  // timestamp decides
  EXPECT_FALSE(orders_before(cs(kC1, 11, {}), cs(kC2, 10, {})));
  EXPECT_TRUE(orders_before(cs(kC1, 10, {}), cs(kC2, 10, {})));  // equal: lower ident first
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
  const auto o =
      merge_both_ways(base_state(), cs(kC1, 10, a), cs(kC2, 20, insert_note(Y, R, 2, 2)));
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
  const auto o =
      merge_both_ways(base_state(), cs(kC1, 10, {erase_at(R, 0)}), cs(kC2, 20, {erase_at(R, 2)}));
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

/// A re-insert of root (model/reinsert.cpp): Create, Sets, Clear, then the snapshot's links.
Changeset reinsert_root(std::int64_t ts, FileIdent origin = kTranslatorIdent) {
  return cs(origin, ts,
            {create(R), set(R, Field::IsRoot, 1), clear(R), insert(R, 0, A1), insert(R, 1, A2),
             insert(R, 2, A3), insert(R, 3, Q)});
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
      cs(kC1, 5,
         {create(X), insert(Q, 0, X), set(R, Field::Text, 9), set(R, Field::LastUpdated, 5)}));
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
    Changeset edit =
        cs(kC2, edit_ts, {set(A2, Field::Text, 555), set(A2, Field::LastUpdated, edit_ts)});
    const auto o = merge_both_ways(base_state(), delete_a2(kC1, 20), edit);
    EXPECT_FALSE(o.ab.contains(A2));
    Changeset d = delete_a2(kC1, 20);
    merge(edit, d);
    EXPECT_TRUE(edit.instrs[0].discarded && edit.instrs[1].discarded);
  }
}

TEST(TransformEraseObject, OrphansAChildInsertedIntoTheErasedParent) {
  const auto o =
      merge_both_ways(base_state(), delete_a2(kC1, 20), cs(kC2, 30, insert_note(X, A2, 0, 1)));
  EXPECT_FALSE(o.ab.contains(A2));
  ASSERT_TRUE(o.ab.contains(X));  // created, in no list: orphaned
  for (const auto& [id, n] : o.ab.notes())
    EXPECT_EQ(std::count(n.children.begin(), n.children.end(), X), 0);
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

// ---- CreateObject, Set
// ---------------------------------------------------------------------------

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
    const auto o =
        merge_both_ways(base_state(), cs(kC1, c1_later ? 30 : 10, {set(A1, Field::Text, 1)}),
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
  const auto o =
      merge_both_ways(base_state(), cs(kC1, 30, {set(A1, Field::Text, 1), set(A2, Field::Text, 7)}),
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
  std::vector<Changeset> local = {cs(kC1, 10, insert_note(X, R, 4, 1)),
                                  cs(kC1, 11, insert_note(Z, R, 5, 3))};
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

}  // namespace
}  // namespace syncsim::model
