// realm-core cases that need a server and more than two changesets (test/test_transform.cpp),
// ported to the model's Client and Server (spec §3). Two-changeset cases:
// transform_realm_core_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/client.h"
#include "model/server.h"
#include "tests/model/client_server_fixture.h"

namespace syncsim::model {
namespace {

using namespace test::net;  // NOLINT(google-build-using-namespace): the fixture's builders

// ---- realm-core ports that need a server (test/test_transform.cpp) ------------------------------

Changeset empty_bootstrap() {
  Changeset b = cs(0, {}, Tag{.kind = Tag::Bootstrap});
  b.origin = kTranslatorIdent;
  return b;
}

// test_transform.cpp TEST(Transform_MergeLinkListsWithPrimaryKeys): both clients create the
// same object (pk 123) and append to its list; c1 appends once more later. The list ends
// [1, 2, 2, 3] and the later client's string wins.
TEST(TransformRealmCore, MergeLinkListsWithPrimaryKeys) {
  const NoteId t = tree_note(2, 123), o1 = tree_note(2, 1), o2 = tree_note(2, 2),
               o3 = tree_note(2, 3);
  Net net(2, empty_bootstrap());
  net.commit(0, cs(0, {create(t), set(t, Field::Text, 1), create(o1), insert(t, 0, o1)}));
  net.commit(1, cs(10, {create(t), set(t, Field::Text, 22), create(o2), insert(t, 0, o2),
                        insert(t, 1, o2)}));
  net.commit(0, cs(30, {create(o3), insert(t, 1, o3)}));
  net.settle();
  net.expect_converged();
  EXPECT_EQ(net.server.store().find(t)->text, 22);
  EXPECT_EQ(raw(net.server.store(), t), (Ids{o1, o2, o2, o3}));
}

// test_transform.cpp TEST(Transform_ArrayEraseVsArrayErase): three clients insert at index 0
// and two of them then remove index 0, integrated in the test's exact order. realm-core only
// requires no merge error; here: no index anomaly, convergence, and the two removed elements
// (4abc, 5def) are the ones gone.
TEST(TransformRealmCore, ArrayEraseVsArrayErase) {
  const NoteId h = tree_note(3, 5);
  const NoteId e3abc = tree_note(3, 31), e4abc = tree_note(3, 41), e5abc = tree_note(3, 51),
               e5def = tree_note(3, 52);
  Changeset boot = empty_bootstrap();
  boot.instrs = {create(h)};
  Net net(3, boot);  // c1 = client_3, c2 = client_4, c3 = client_5 (ident order kept)
  const auto integrate_next = [&](std::size_t c) {
    if (net.up[c].empty()) net.send(c);
    net.deliver_up(c);
  };
  net.commit(2, cs(0, {insert(h, 0, e5abc)}));
  net.send(2);
  net.commit(1, cs(0, {insert(h, 0, e4abc)}));
  net.send(1);
  integrate_next(2);
  integrate_next(1);
  net.commit(0, cs(0, {insert(h, 0, e3abc)}));
  net.send(0);
  net.commit(2, cs(0, {insert(h, 0, e5def)}));
  net.send(2);
  integrate_next(0);
  integrate_next(2);
  net.commit(1, cs(0, {erase_at(h, 0)}));
  net.send(1);
  net.commit(2, cs(0, {erase_at(h, 0)}));
  net.send(2);
  integrate_next(1);
  integrate_next(2);
  EXPECT_EQ(net.server.store().index_anomalies(), 0u);
  net.settle();
  net.expect_converged();
  EXPECT_EQ(raw(net.server.store(), h), (Ids{e3abc, e5abc}));
}

// test_transform.cpp TEST(Transform_ArrayInsert_EraseObject): c1's appends of two targets
// reach the server; c2 concurrently removes the first target, then integrates c1's appends.
// realm-core requires no crash; here the link to the erased target stays as a tombstone.
TEST(TransformRealmCore, ArrayInsert_EraseObject) {
  const NoteId source = tree_note(4, 1), k0 = tree_note(4, 10), k1 = tree_note(4, 11);
  Changeset boot = empty_bootstrap();
  boot.instrs = {create(source), create(k0), create(k1)};
  Net net(2, boot);
  net.commit(0, cs(0, {insert(source, 0, k0), insert(source, 1, k1)}));
  net.send(0);
  net.deliver_up(0);
  net.commit(1, cs(0, {erase_object(k0)}));
  net.push_down(1);
  net.deliver_down(1);
  EXPECT_EQ(kids(net.clients[1].store(), source), (Ids{k1}));
  net.settle();
  net.expect_converged();
  EXPECT_EQ(raw(net.server.store(), source), (Ids{k0, k1}));
  EXPECT_EQ(kids(net.server.store(), source), (Ids{k1}));
}

// test_transform.cpp TEST(Transform_CreateEraseCreateSequencePreservesObject), run like its
// Associativity helper: in every order of integration at the server, the later client's
// Erase-Create wins (int == 2), not the side with more EraseObject instructions.
TEST(TransformRealmCore, CreateEraseCreateSequencePreservesObjectInEveryOrder) {
  for (const bool c1_first : {true, false}) {
    SCOPED_TRACE(c1_first);
    Changeset boot = empty_bootstrap();
    boot.instrs = {create(X), set(X, Field::Text, 0)};
    Net net(2, boot);
    net.commit(0, cs(0, {erase_object(X), create(X), set(X, Field::Text, 1), erase_object(X),
                         create(X), set(X, Field::Text, 11)}));
    net.commit(1, cs(1, {erase_object(X), create(X), set(X, Field::Text, 2)}));
    net.send(0);
    net.send(1);
    net.deliver_up(c1_first ? 0 : 1);
    net.deliver_up(c1_first ? 1 : 0);
    net.settle();
    net.expect_converged();
    ASSERT_TRUE(net.server.store().contains(X));
    EXPECT_EQ(net.server.store().find(X)->text, 2);
  }
}

}  // namespace
}  // namespace syncsim::model
