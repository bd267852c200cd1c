// ArrayMove against the other list instructions, rule by rule, as realm-core v14.14.0 does it
// (src/realm/sync/transform.cpp: DEFINE_MERGE(ArrayMove, ArrayInsert) at line 1895,
// DEFINE_MERGE(ArrayMove, ArrayMove) at 1970, DEFINE_MERGE(ArrayErase, ArrayMove) at 2065).
//
// Every test works out the transformed indices from realm's rule text (in its comments) and
// checks them, then merges in both argument orders and applies both orders to the base state
// (merge_both_ways: argument-order independence, TP1, no index out of range) and checks the
// list. Base list of R: [a.1, a.2, a.3, Q] (indices 0..3). A move (from, to): the element at
// `from` is taken out, then put at `to` of the shorter list, so that it ends up at `to`.
#include <gtest/gtest.h>

#include "model/transform.h"
#include "tests/model/transform_fixture.h"

namespace syncsim::model {
namespace {

using namespace test::ot;  // NOLINT(google-build-using-namespace): the fixture's builders

struct Merged {
  Changeset a;  ///< A transformed past B
  Changeset b;  ///< B transformed past A
};

/// A and B transformed against each other, A as ours (merge_both_ways checks the other order
/// gives the same).
Merged merged(const Changeset& a, const Changeset& b) {
  Merged m{a, b};
  merge(m.a, m.b);
  return m;
}

void expect_move(const Instr& i, std::uint32_t from, std::uint32_t to) {
  EXPECT_EQ(i.op, Op::ArrayMove);
  EXPECT_FALSE(i.discarded) << to_string(i);
  EXPECT_EQ(i.index, from) << to_string(i);
  EXPECT_EQ(i.index2, to) << to_string(i);
}

void expect_index(const Instr& i, std::uint32_t index) {
  EXPECT_FALSE(i.discarded) << to_string(i);
  EXPECT_EQ(i.index, index) << to_string(i);
}

// ---- ArrayMove vs ArrayInsert (transform.cpp:1895) ---------------------------------------------

TEST(TransformArrayMove, InsertBeforeFromShiftsTheMoveAndTakesTheDestinationIntoAccount) {
  // A: move(2 -> 0), a.3 to the front. B: insert X at 1.
  // Removal: insert 1 > from 2? no, so from = 3. Insertion: insert 1 < to 0? no; 1 > 0, so the
  // insert = 2. A' = move(3 -> 0), B' = insert at 2.
  const Changeset a = cs(kC1, 10, {move(R, 2, 0)}), b = cs(kC2, 20, {insert(R, 1, X)});
  const Merged m = merged(a, b);
  expect_move(m.a.instrs[0], 3, 0);
  expect_index(m.b.instrs[0], 2);
  // [a.3, a.1, a.2, Q] + insert X at 2, or [a.1, X, a.2, a.3, Q] + move(3 -> 0).
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A3, A1, X, A2, Q}));
}

TEST(TransformArrayMove, InsertAtFromGoesBeforeTheMovedElement) {
  // A: move(1 -> 3), a.2 to the end. B: insert X at 1, where a.2 is.
  // Removal: insert 1 > from 1? no, so from = 2 (the insert goes before a.2). Insertion:
  // insert 1 < to 3, so to = 4. A' = move(2 -> 4), B' = insert at 1.
  const Changeset a = cs(kC1, 10, {move(R, 1, 3)}), b = cs(kC2, 20, {insert(R, 1, X)});
  const Merged m = merged(a, b);
  expect_move(m.a.instrs[0], 2, 4);
  expect_index(m.b.instrs[0], 1);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, X, A3, Q, A2}));
}

TEST(TransformArrayMove, InsertAfterBothIndicesLeavesTheMove) {
  // A: move(0 -> 1). B: insert X at 3. Removal: 3 > from 0, so the insert = 2. Insertion:
  // 2 > to 1, so the insert = 3. A' = move(0 -> 1) unchanged, B' = insert at 3.
  const Changeset a = cs(kC1, 10, {move(R, 0, 1)}), b = cs(kC2, 20, {insert(R, 3, X)});
  const Merged m = merged(a, b);
  expect_move(m.a.instrs[0], 0, 1);
  expect_index(m.b.instrs[0], 3);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A2, A1, A3, X, Q}));
}

TEST(TransformArrayMove, InsertAtTheDestinationOfAnEarlierMoveGoesFirst) {
  // A (earlier): move(0 -> 2). B (later): insert X at 3. Removal: 3 > 0, so the insert = 2.
  // Insertion: 2 == to 2, a tie; the move's timestamp is lower, so to = 3 (transform.cpp:1920).
  // A' = move(0 -> 3), B' = insert at 2: the later changeset's element X lands before a.1.
  const Changeset a = cs(kC1, 10, {move(R, 0, 2)}), b = cs(kC2, 20, {insert(R, 3, X)});
  const Merged m = merged(a, b);
  expect_move(m.a.instrs[0], 0, 3);
  expect_index(m.b.instrs[0], 2);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A2, A3, X, A1, Q}));
}

TEST(TransformArrayMove, LaterMoveToTheInsertsPositionGoesFirst) {
  // The same writes, the move now later (30 > 20): the tie moves the insert instead, 2 -> 3.
  // A' = move(0 -> 2), B' = insert at 3: the moved a.1 lands before X.
  const Changeset a = cs(kC1, 30, {move(R, 0, 2)}), b = cs(kC2, 20, {insert(R, 3, X)});
  const Merged m = merged(a, b);
  expect_move(m.a.instrs[0], 0, 2);
  expect_index(m.b.instrs[0], 3);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A2, A3, A1, X, Q}));
}

// ---- ArrayMove vs ArrayMove (transform.cpp:1970) -----------------------------------------------

TEST(TransformArrayMove, MovesOfDifferentElementsShiftEachOther) {
  // A: move(0 -> 2). B: move(3 -> 1). Removals: 0 < 3, so B.from = 2. A's insertion vs B's
  // removal: A.to 2 > B.from 2? no, so B.from = 3. A's removal vs B's insertion: A.from 0 <
  // B.to 1, so B.to = 0. Insertions: A.to 2 > B.to 0, so A.to = 3.
  // A' = move(0 -> 3), B' = move(3 -> 0).
  const Changeset a = cs(kC1, 10, {move(R, 0, 2)}), b = cs(kC2, 20, {move(R, 3, 1)});
  const Merged m = merged(a, b);
  expect_move(m.a.instrs[0], 0, 3);
  expect_move(m.b.instrs[0], 3, 0);
  // [a.2, a.3, a.1, Q] + move(3 -> 0), or [a.1, Q, a.2, a.3] + move(0 -> 3).
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{Q, A2, A3, A1}));
}

TEST(TransformArrayMove, MovesOfOneElementLaterWins) {
  // A (earlier): move(1 -> 3). B (later): move(1 -> 0). Same element: A is discarded and B
  // moves it from where A put it, B.from = A.to = 3 (transform.cpp:2004). B' = move(3 -> 0).
  const Changeset a = cs(kC1, 10, {move(R, 1, 3)}), b = cs(kC2, 20, {move(R, 1, 0)});
  const Merged m = merged(a, b);
  EXPECT_TRUE(m.a.instrs[0].discarded);
  expect_move(m.b.instrs[0], 3, 0);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A2, A1, A3, Q}));  // where B put a.2
}

TEST(TransformArrayMove, MovesOfOneElementLaterWinsEitherTimestampOrder) {
  // The same writes with A later (30): B is discarded, A.from = B.to = 0 (transform.cpp:2011).
  const Changeset a = cs(kC1, 30, {move(R, 1, 3)}), b = cs(kC2, 20, {move(R, 1, 0)});
  const Merged m = merged(a, b);
  expect_move(m.a.instrs[0], 0, 3);
  EXPECT_TRUE(m.b.instrs[0].discarded);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, A3, Q, A2}));  // where A put a.2
}

TEST(TransformArrayMove, SameMoveTwiceIsDiscardedOnBothSides) {
  // Both move(1 -> 3): the earlier A is discarded, B.from = A.to = 3 == B.to, so B is
  // discarded too (transform.cpp:2006).
  const Changeset a = cs(kC1, 10, {move(R, 1, 3)}), b = cs(kC2, 20, {move(R, 1, 3)});
  const Merged m = merged(a, b);
  EXPECT_TRUE(m.a.instrs[0].discarded);
  EXPECT_TRUE(m.b.instrs[0].discarded);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, A3, Q, A2}));
}

TEST(TransformArrayMove, MovesToOnePositionPutTheEarlierElementFirst) {
  // A (earlier): move(0 -> 3). B: move(1 -> 3). Removals: 0 < 1, so B.from = 0. A.to 3 > B.from
  // 0, so A.to = 2. A.from 0 < B.to 3, so B.to = 2. Insertions tie at 2 and A is earlier, so
  // B.to = 3 (transform.cpp:2048). A' = move(0 -> 2), B' = move(0 -> 3).
  const Changeset a = cs(kC1, 10, {move(R, 0, 3)}), b = cs(kC2, 20, {move(R, 1, 3)});
  const Merged m = merged(a, b);
  expect_move(m.a.instrs[0], 0, 2);
  expect_move(m.b.instrs[0], 0, 3);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A3, Q, A1, A2}));
}

TEST(TransformArrayMove, SwapOfOnePairFromBothEndsDiscardsBothMoves) {
  // A: move(1 -> 0) and B: move(0 -> 1) both give [a.2, a.1, a.3, Q]. Removals: 1 > 0, so
  // A.from = 0. A.to 0 > B.from 0? no, so B.from = 1. A.from 0 < B.to 1, so B.to = 0.
  // Insertions tie at 0, A earlier, so B.to = 1. A' = (0 -> 0), B' = (1 -> 1): both moves onto
  // their own position, both discarded (transform.cpp:2056-2061).
  const Changeset a = cs(kC1, 10, {move(R, 1, 0)}), b = cs(kC2, 20, {move(R, 0, 1)});
  const Merged m = merged(a, b);
  EXPECT_TRUE(m.a.instrs[0].discarded);
  EXPECT_TRUE(m.b.instrs[0].discarded);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A2, A1, A3, Q}));
}

// ---- ArrayErase vs ArrayMove (transform.cpp:2065) ----------------------------------------------

TEST(TransformArrayMove, RemovalOfTheMovedElementGoesToItsDestination) {
  // A: move(0 -> 2), a.1 behind a.3. B: erase at 0 (a.1). Same element: the erase goes to the
  // move's destination, 2, and the move is discarded (transform.cpp:2086-2087).
  const Changeset a = cs(kC1, 10, {move(R, 0, 2)}), b = cs(kC2, 20, {erase_at(R, 0)});
  const Merged m = merged(a, b);
  EXPECT_TRUE(m.a.instrs[0].discarded);
  expect_index(m.b.instrs[0], 2);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A2, A3, Q}));
}

TEST(TransformArrayMove, RemovalOfTheMovedElementIgnoresTimestamps) {
  // The same with the erase earlier (5 < 10) and on the first device: the same result.
  const Changeset a = cs(kC2, 10, {move(R, 0, 2)}), b = cs(kC1, 5, {erase_at(R, 0)});
  const Merged m = merged(a, b);
  EXPECT_TRUE(m.a.instrs[0].discarded);
  expect_index(m.b.instrs[0], 2);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A2, A3, Q}));
}

TEST(TransformArrayMove, RemovalBeforeFromAfterTo) {
  // A: move(3 -> 1), Q to index 1. B: erase at 2 (a.3). Removal vs removal: 2 < 3, so
  // A.from = 2. Removal vs insertion: 2 >= to 1, so the erase = 3. A' = move(2 -> 1),
  // B' = erase at 3.
  const Changeset a = cs(kC1, 10, {move(R, 3, 1)}), b = cs(kC2, 20, {erase_at(R, 2)});
  const Merged m = merged(a, b);
  expect_move(m.a.instrs[0], 2, 1);
  expect_index(m.b.instrs[0], 3);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, Q, A2}));
}

TEST(TransformArrayMove, RemovalAfterFromBeforeTo) {
  // A: move(0 -> 3), a.1 to the end. B: erase at 2 (a.3). Removal vs removal: 2 > 0, so the
  // erase = 1. Removal vs insertion: 1 >= to 3? no, so A.to = 2. A' = move(0 -> 2),
  // B' = erase at 1.
  const Changeset a = cs(kC1, 10, {move(R, 0, 3)}), b = cs(kC2, 20, {erase_at(R, 2)});
  const Merged m = merged(a, b);
  expect_move(m.a.instrs[0], 0, 2);
  expect_index(m.b.instrs[0], 1);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A2, Q, A1}));
}

TEST(TransformArrayMove, RemovalThatMakesTheMoveANoOpDiscardsIt) {
  // A: move(1 -> 2), a.2 behind a.3. B: erase at 2 (a.3). Removal vs removal: 2 > 1, so the
  // erase = 1. Removal vs insertion: 1 >= to 2? no, so A.to = 1 == A.from: the move is
  // discarded (transform.cpp:2105-2107). B' = erase at 1.
  const Changeset a = cs(kC1, 10, {move(R, 1, 2)}), b = cs(kC2, 20, {erase_at(R, 2)});
  const Merged m = merged(a, b);
  EXPECT_TRUE(m.a.instrs[0].discarded);
  expect_index(m.b.instrs[0], 1);
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A1, A2, Q}));
}

// ---- the workload's shapes
// -----------------------------------------------------------------------

TEST(TransformArrayMove, DeleteOfAMovedNoteErasesItWhereTheMovePutIt) {
  // The shape of the differential corpus's array-move-vs-delete.case: c1 moves a.1 behind a.2
  // (0 -> 1) while c2 deletes a.1 (ArrayErase 0 + EraseObject). The erase goes to index 1, where
  // a.1 is on c1's side; no tombstone is left.
  const Changeset a = cs(kC1, 10, {move(R, 0, 1)});
  const Changeset b = cs(kC2, 20, {erase_at(R, 0), erase_object(A1)});
  const auto o = merge_both_ways(base_state(), a, b);
  EXPECT_EQ(raw(o.ab, R), (Ids{A2, A3, Q}));
}

}  // namespace
}  // namespace syncsim::model
