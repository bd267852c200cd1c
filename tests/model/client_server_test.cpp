// Client and Server as components (spec §2-3): stamping, uploads, integration by OT against
// concurrent entries only, re-uploads, ListUnion resolution, downloads and acknowledgements,
// and hand-built multi-client scenarios. Flexible sync: flexible_sync_test.cpp; realm-core's
// cases that need a server: client_server_realm_core_test.cpp.
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

// ---- Client -------------------------------------------------------------------------------------

TEST(ClientServer, CommitStampsOriginVersionAndBase) {
  Net net(1, base_tree());
  Client& c = net.clients[0];
  EXPECT_EQ(c.download_cursor(), 1u);
  const Changeset& first = c.commit(append(c, X, R, 10));
  EXPECT_EQ(first.origin, kFirstClientIdent);
  EXPECT_EQ(first.client_version, 1u);
  EXPECT_EQ(first.last_integrated_version, 1u);
  EXPECT_EQ(first.origin_ts, 10);
  const Changeset& second = c.commit(append(c, Y, X, 11));
  EXPECT_EQ(second.client_version, 2u);
  EXPECT_EQ(c.last_version(), 2u);
  EXPECT_EQ(c.unacked().size(), 2u);
  EXPECT_EQ(kids(c.store(), R), (Ids{A1, A2, A3, X}));  // applied locally at once
  EXPECT_EQ(kids(c.store(), X), (Ids{Y}));
}

TEST(ClientServer, TakeUploadSendsEachChangesetOnceUntilDisconnect) {
  Net net(1, base_tree());
  Client& c = net.clients[0];
  EXPECT_FALSE(c.has_unsent());
  c.commit(append(c, X, R, 10));
  EXPECT_TRUE(c.has_unsent());
  UploadMsg m = c.take_upload();
  EXPECT_EQ(m.from, kFirstClientIdent);
  ASSERT_EQ(m.changesets.size(), 1u);
  EXPECT_FALSE(c.has_unsent());
  c.commit(append(c, Y, R, 11));
  m = c.take_upload();
  ASSERT_EQ(m.changesets.size(), 1u);
  EXPECT_EQ(m.changesets[0].client_version, 2u);
  EXPECT_TRUE(c.take_upload().changesets.empty());
  c.on_disconnect();  // nothing acknowledged: both are sent again
  EXPECT_EQ(c.take_upload().changesets.size(), 2u);
}

// ---- Server -------------------------------------------------------------------------------------

TEST(ClientServer, ServerTransformsAgainstConcurrentEntriesOfOtherOrigins) {
  Net net(2, base_tree());
  net.commit(0, append(net.clients[0], X, R, 20));  // both append at index 3, c1 later
  net.commit(1, append(net.clients[1], Y, R, 10));
  net.send(1);
  net.deliver_up(1);
  net.send(0);
  net.deliver_up(0);
  ASSERT_EQ(net.server.head(), 3u);
  const Changeset& integrated = net.server.entry(3).cs;
  EXPECT_EQ(integrated.origin, kFirstClientIdent);
  EXPECT_EQ(integrated.origin_ts, 20);  // original timestamp and origin are kept
  EXPECT_EQ(integrated.instrs[2].index, 4u);
  EXPECT_EQ(kids(net.server.store(), R), (Ids{A1, A2, A3, Y, X}));
  EXPECT_EQ(net.server.integrated_client_version(kFirstClientIdent), 1u);
}

TEST(ClientServer, ServerDoesNotTransformAgainstTheUploadersOwnEntries) {
  Net net(1, base_tree());
  Client& c = net.clients[0];
  c.commit(append(c, X, R, 10));  // index 3
  c.commit(append(c, Y, R, 11));  // index 4, built on the first; same base version
  net.send(0);
  net.deliver_up(0);
  EXPECT_EQ(net.server.entry(3).cs.instrs[2].index, 4u);
  EXPECT_EQ(kids(net.server.store(), R), (Ids{A1, A2, A3, X, Y}));
  EXPECT_EQ(net.server.store().index_anomalies(), 0u);
}

TEST(ClientServer, ServerIgnoresAReuploadOfAnIntegratedVersion) {
  Net net(1, base_tree());
  Client& c = net.clients[0];
  c.commit(append(c, X, R, 10));
  net.send(0);
  net.deliver_up(0);
  c.on_disconnect();  // the acknowledgement was lost
  net.send(0);
  const std::uint64_t head = net.server.head();
  EXPECT_FALSE(net.server.integrate(c.ident(), net.up[0].front().changesets[0]));
  EXPECT_EQ(net.server.head(), head);
  EXPECT_EQ(kids(net.server.store(), R), (Ids{A1, A2, A3, X}));
}

TEST(ClientServer, ListUnionBecomesAnAppendOrIsDiscardedWhenPresent) {
  Net net(0, base_tree());
  Changeset t = cs(5, {list_union(R, A2), create(X), list_union(R, X), list_union(R, X),
                       insert(A1, 0, Y), list_union(A1, Y), list_union(A1, Z)});
  t.origin = kTranslatorIdent;
  t.last_integrated_version = 1;
  ASSERT_TRUE(net.server.integrate(kTranslatorIdent, t));
  const Changeset& h = net.server.entry(2).cs;
  EXPECT_TRUE(h.instrs[0].discarded);  // already in the list
  EXPECT_EQ(h.instrs[2].op, Op::ArrayInsert);
  EXPECT_EQ(h.instrs[2].index, 3u);    // appended at the end of the raw list
  EXPECT_TRUE(h.instrs[3].discarded);  // the same changeset already added it
  EXPECT_TRUE(h.instrs[5].discarded);  // added by an ArrayInsert earlier in the changeset
  EXPECT_EQ(h.instrs[6].op, Op::ArrayInsert);
  EXPECT_EQ(h.instrs[6].index, 1u);
  EXPECT_EQ(raw(net.server.store(), R), (Ids{A1, A2, A3, X}));
  EXPECT_EQ(raw(net.server.store(), A1), (Ids{Y, Z}));
}

TEST(ClientServer, ListUnionIsResolvedAfterTheConcurrentInsertsItMeets) {
  // A client appended X after the re-insert's base: the union of [A1, A2, A3] keeps X.
  Net net(1, base_tree());
  net.commit(0, append(net.clients[0], X, R, 10));
  net.settle();
  Changeset t = cs(20, {create(R), list_union(R, A1), list_union(R, A2), list_union(R, A3)});
  t.origin = kTranslatorIdent;
  t.last_integrated_version = 1;  // based on the snapshot before X
  net.server.integrate(kTranslatorIdent, t);
  net.settle();
  EXPECT_EQ(kids(net.server.store(), R), (Ids{A1, A2, A3, X}));
  net.expect_converged();
}

TEST(ClientServer, DownloadExcludesOwnChangesetsAndReportsProgress) {
  Net net(2, base_tree());
  net.commit(0, append(net.clients[0], X, R, 10));
  net.send(0);
  net.deliver_up(0);
  net.commit(1, append(net.clients[1], Y, R, 20));
  net.send(1);
  net.deliver_up(1);
  const DownloadMsg to_c1 = net.server.download_for(kFirstClientIdent, kAllUsers, 1);
  EXPECT_EQ(to_c1.server_head, 3u);
  EXPECT_EQ(to_c1.progress, 1u);
  ASSERT_EQ(to_c1.entries.size(), 1u);  // only c2's insert
  EXPECT_EQ(to_c1.entries[0].server_version, 3u);
  EXPECT_EQ(to_c1.entries[0].cs.origin, kFirstClientIdent + 1);
  EXPECT_EQ(to_c1.entries[0].last_local_version, 1u);  // c1's v1 was integrated before it
  ASSERT_EQ(to_c1.acked.size(), 1u);
  EXPECT_EQ(to_c1.acked[0], (Tag{.kind = Tag::Insert, .note = X}));
  const DownloadMsg to_c2 = net.server.download_for(kFirstClientIdent + 1, kAllUsers, 1);
  ASSERT_EQ(to_c2.entries.size(), 1u);
  EXPECT_EQ(to_c2.entries[0].server_version, 2u);
  EXPECT_EQ(to_c2.entries[0].last_local_version, 0u);  // c2's v1 came after it: concurrent
  EXPECT_EQ(to_c2.progress, 1u);
}

TEST(ClientServer, ClientTransformsDownloadsPastUnacknowledgedChangesAndDropsAcked) {
  Net net(2, base_tree());
  net.commit(0, append(net.clients[0], X, R, 10));  // integrated first, c2 has not seen it
  net.send(0);
  net.deliver_up(0);
  net.commit(1, append(net.clients[1], Y, R, 5));  // concurrent, earlier timestamp
  net.push_down(1);
  net.deliver_down(1);  // X arrives while Y is local and unacknowledged
  const Client& c2 = net.clients[1];
  EXPECT_EQ(kids(c2.store(), R), (Ids{A1, A2, A3, Y, X}));
  EXPECT_EQ(c2.unacked().size(), 1u);
  EXPECT_EQ(c2.download_cursor(), 2u);
  net.send(1);
  net.deliver_up(1);  // the server puts Y before X too (lower timestamp)
  net.push_down(1);
  net.deliver_down(1);
  EXPECT_TRUE(c2.unacked().empty());  // acknowledged and dropped
  EXPECT_EQ(c2.upload_ack(), 1u);
  EXPECT_TRUE(c2.store() == net.server.store());
}

TEST(ClientServer, ClientSkipsDownloadEntriesItAlreadyIntegrated) {
  Net net(2, base_tree());
  net.commit(0, append(net.clients[0], X, R, 10));
  net.send(0);
  net.deliver_up(0);
  const DownloadMsg m = net.server.download_for(kFirstClientIdent + 1, kAllUsers, 1);
  net.clients[1].integrate(m);
  net.clients[1].integrate(m);  // resent after a reconnect
  EXPECT_EQ(kids(net.clients[1].store(), R), (Ids{A1, A2, A3, X}));
}

// ---- multi-client scenarios ---------------------------------------------------------------------

TEST(ClientServer, TwoClientsInsertIntoTheSameListConcurrentlyAndEndEqual) {
  Net net(2, base_tree());
  net.commit(0, append(net.clients[0], X, R, 10));
  net.commit(1, append(net.clients[1], Y, R, 11));
  net.commit(0, append(net.clients[0], device_note(1, 2), R, 12));
  net.commit(1, append(net.clients[1], device_note(2, 2), Y, 13));  // under its own new note
  net.send(1);
  net.deliver_up(1);
  net.push_down(0);
  net.deliver_down(0);  // c1 sees c2's writes while its own are unsent
  net.send(0);
  net.deliver_up(0);
  net.settle();
  net.expect_converged();
  EXPECT_EQ(kids(net.server.store(), R), (Ids{A1, A2, A3, X, Y, device_note(1, 2)}));
  EXPECT_EQ(kids(net.server.store(), Y), (Ids{device_note(2, 2)}));
}

TEST(ClientServer, ThreeClientsWithInterleavedDeliveriesConverge) {
  Net net(3, base_tree());
  net.commit(0, append(net.clients[0], X, R, 10));
  net.commit(1, append(net.clients[1], Y, A1, 10));
  net.send(0);
  net.deliver_up(0);
  net.push_down(2);
  net.deliver_down(2);
  net.commit(2, append(net.clients[2], Z, X, 12));  // under c1's note, seen via the server
  net.commit(1, cs(13, {erase_at(R, 1), erase_object(A2)}));  // delete leaf a.2
  net.send(2);
  net.send(1);
  net.deliver_up(2);
  net.push_down(0);
  net.deliver_up(1);
  net.deliver_down(0);
  net.settle();
  net.expect_converged();
  EXPECT_EQ(kids(net.server.store(), R), (Ids{A1, A3, X}));
  EXPECT_EQ(kids(net.server.store(), X), (Ids{Z}));
  EXPECT_EQ(kids(net.server.store(), A1), (Ids{Y}));
}

TEST(ClientServer, DoubleDeleteIsNotUndoneByAConcurrentReinsert) {
  // Both devices delete a.2 while a re-insert based on the old snapshot re-creates it: the
  // erase that the server integrated first stays in history and beats the CreateObject.
  Net net(2, base_tree());
  net.commit(0, cs(10, {erase_at(R, 1), erase_object(A2)}));
  net.commit(1, cs(11, {erase_at(R, 1), erase_object(A2)}));
  net.send(0);
  net.deliver_up(0);
  net.send(1);
  net.deliver_up(1);
  Changeset reinsert = cs(20, {create(A2), set(A2, Field::Text, 7), clear(A2)});
  reinsert.origin = kTranslatorIdent;
  reinsert.last_integrated_version = 1;  // the snapshot still had a.2
  net.server.integrate(kTranslatorIdent, reinsert);
  net.settle();
  net.expect_converged();
  EXPECT_FALSE(net.server.store().contains(A2));
}

}  // namespace
}  // namespace syncsim::model
