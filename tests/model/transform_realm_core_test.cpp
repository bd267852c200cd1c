// realm-core's own transform cases (test/test_transform.cpp) ported to the model's
// instructions (spec §3, docs/ot-rules.md): each pins an outcome for an instruction we model.
// Builders and the two-way merge check: transform_fixture.h.
#include <gtest/gtest.h>

#include <vector>

#include "model/store.h"
#include "model/transform.h"
#include "tests/model/transform_fixture.h"

namespace syncsim::model {
namespace {

using namespace test::ot;  // NOLINT(google-build-using-namespace): the fixture's builders

// ---- realm-core ports (test/test_transform.cpp) ------------------------------------------------
// Realm tables become notes: an object with a list is a note, list elements are links. Realm's
// `advance_time(n)` becomes a higher origin timestamp. Changesets are merged pairwise here; the
// ports that need a server and a third changeset are in client_server_realm_core_test.cpp.

// test_transform.cpp TEST(Transform_ArrayClearVsArrayClear_TimestampBased): both clients clear
// [1, 2] and insert their own values; the higher timestamp's elements survive: [5, 6].
TEST(TransformRealmCore, ArrayClearVsArrayClear_TimestampBased) {
  const NoteId e[7] = {0,
                       tree_note(9, 1),
                       tree_note(9, 2),
                       tree_note(9, 3),
                       tree_note(9, 4),
                       tree_note(9, 5),
                       tree_note(9, 6)};
  Store base;
  base.apply(cs(kC1, 0, {create(Q), insert(Q, 0, e[1]), insert(Q, 1, e[2])}));
  const auto o =
      merge_both_ways(base, cs(kC1, 0, {clear(Q), insert(Q, 0, e[3]), insert(Q, 1, e[4])}),
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
      Store{},
      cs(kC1, 1, {create(X), set(X, Field::Text, 0, true), set(X, Field::LastUpdated, 42, true)}),
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
  base.apply(
      cs(kC1, 0, {create(A1), set(A1, Field::Text, 123), create(A2), set(A2, Field::Text, 456)}));
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
  const auto o =
      merge_both_ways(Store{}, cs(kC1, 0, {create(X), set(X, Field::Text, 500), erase_object(X)}),
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
  const auto o = merge_both_ways(base,
                                 cs(kC1, 0,
                                    {erase_object(X), create(X), set(X, Field::Text, 1),
                                     erase_object(X), create(X), set(X, Field::Text, 11)}),
                                 cs(kC2, 1, {erase_object(X), create(X), set(X, Field::Text, 2)}));
  ASSERT_TRUE(o.ab.contains(X));
  EXPECT_EQ(text(o.ab, X), 2);
}

}  // namespace
}  // namespace syncsim::model
