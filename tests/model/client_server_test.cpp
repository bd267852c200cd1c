// Client and Server as components (MODEL §2-3): stamping, uploads, integration by OT against
// concurrent entries only, re-uploads, ListUnion resolution, downloads and acknowledgements,
// and hand-built multi-client scenarios. The TransformRealmCore.* tests here port realm-core
// cases that need a server and more than two changesets (test/test_transform.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <string>
#include <vector>

#include "model/client.h"
#include "model/server.h"
#include "tests/model/links.h"

namespace syncsim::model {
namespace {

constexpr NoteId R = root_of(1);
const NoteId A1 = tree_note(1, 1), A2 = tree_note(1, 2), A3 = tree_note(1, 3);
const NoteId X = device_note(1, 1), Y = device_note(2, 1), Z = device_note(3, 1);
using Ids = std::vector<NoteId>;

Instr create(NoteId id) { return Instr{.op = Op::CreateObject, .obj = id}; }
Instr erase_object(NoteId id) { return Instr{.op = Op::EraseObject, .obj = id}; }
Instr set(NoteId id, Field f, std::int64_t v) { return Instr{.op = Op::Set, .field = f, .obj = id, .value = v}; }
Instr insert(NoteId list, std::uint32_t at, NoteId link) {
  return Instr{.op = Op::ArrayInsert, .obj = list, .index = at, .value = static_cast<std::int64_t>(link)};
}
Instr erase_at(NoteId list, std::uint32_t at) { return Instr{.op = Op::ArrayErase, .obj = list, .index = at}; }
Instr clear(NoteId list) { return Instr{.op = Op::Clear, .obj = list}; }
Instr list_union(NoteId list, NoteId link) {
  return Instr{.op = Op::ListUnion, .obj = list, .value = static_cast<std::int64_t>(link)};
}

Changeset cs(std::int64_t ts, std::vector<Instr> instrs, Tag tag = {}) {
  Changeset c;
  c.origin_ts = ts;
  c.instrs.assign(instrs.begin(), instrs.end());
  c.tag = tag;
  return c;
}

/// A local insert as the workload writes it, appended at the end of the parent's raw list.
Changeset append(const Client& c, NoteId note, NoteId parent, std::int64_t ts) {
  const auto at = static_cast<std::uint32_t>(c.store().find(parent)->children.size());
  return cs(ts, {create(note), set(note, Field::Text, ts), insert(parent, at, note), set(parent, Field::LastUpdated, ts)},
            Tag{.kind = Tag::Insert, .note = note});
}

/// One server, some clients, FIFO queues per direction (one websocket per client), as in
/// sim/world_exec.cpp but driven by hand.
struct Net {
  Server server;
  std::vector<Client> clients;
  std::vector<std::deque<UploadMsg>> up;
  std::vector<std::deque<DownloadMsg>> down;
  std::vector<std::uint64_t> sent_through;  ///< server head last pushed to each client

  explicit Net(std::size_t n, const Changeset& bootstrap) {
    server.append_bootstrap(bootstrap);
    for (std::size_t i = 0; i < n; ++i) {
      clients.emplace_back(static_cast<FileIdent>(kFirstClientIdent + i), 1, ResetMode::RecoverOrDiscard);
      clients.back().bootstrap(server.store(), server.head(), kAllUsers);
    }
    up.resize(n);
    down.resize(n);
    sent_through.assign(n, server.head());
  }
  void commit(std::size_t c, Changeset x) { clients[c].commit(std::move(x)); }
  void send(std::size_t c) {
    UploadMsg m = clients[c].take_upload();
    if (!m.changesets.empty()) up[c].push_back(std::move(m));
  }
  void deliver_up(std::size_t c) {
    UploadMsg m = std::move(up[c].front());
    up[c].pop_front();
    for (auto& x : m.changesets) server.integrate(m.from, std::move(x));
  }
  void push_down(std::size_t c) {
    down[c].push_back(server.download_for(clients[c].ident(), kAllUsers, sent_through[c]));
    sent_through[c] = server.head();
  }
  void deliver_down(std::size_t c) {
    DownloadMsg m = std::move(down[c].front());
    down[c].pop_front();
    clients[c].integrate(m);
  }
  /// Everything sent, integrated, downloaded and integrated.
  void settle() {
    for (int round = 0; round < 4; ++round) {
      for (std::size_t c = 0; c < clients.size(); ++c) send(c);
      for (std::size_t c = 0; c < clients.size(); ++c)
        while (!up[c].empty()) deliver_up(c);
      for (std::size_t c = 0; c < clients.size(); ++c) push_down(c);
      for (std::size_t c = 0; c < clients.size(); ++c)
        while (!down[c].empty()) deliver_down(c);
    }
  }
  void expect_converged() const {
    EXPECT_EQ(server.store().index_anomalies(), 0u);
    for (const auto& c : clients) {
      EXPECT_TRUE(c.store() == server.store()) << "c" << c.ident() - 1 << " differs from the server";
      EXPECT_EQ(c.store().index_anomalies(), 0u);
      EXPECT_TRUE(c.unacked().empty());
      EXPECT_EQ(c.download_cursor(), server.head());
    }
  }
};

Changeset base_tree() {
  Changeset b = cs(0, {create(R), set(R, Field::IsRoot, 1), create(A1), create(A2), create(A3),
                       insert(R, 0, A1), insert(R, 1, A2), insert(R, 2, A3)},
                   Tag{.kind = Tag::Bootstrap});
  b.origin = kTranslatorIdent;
  return b;
}

Ids kids(const Store& s, NoteId id) { return s.visible_children(id); }
Ids raw(const Store& s, NoteId id) {
  const Note* n = s.find(id);
  return n ? test::as_ids(n->children) : Ids{};
}

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
  Changeset t = cs(5, {list_union(R, A2), create(X), list_union(R, X), list_union(R, X), insert(A1, 0, Y),
                       list_union(A1, Y), list_union(A1, Z)});
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

// ---- Flexible sync: a device downloads its own user's notes (MODEL §2) -------------------------

const NoteId R1 = root_of(1), R2 = root_of(2);

/// Two users' roots, owners set, as the simulator bootstraps them.
Changeset two_roots() {
  Changeset b = cs(0, {create(R1), set(R1, Field::IsRoot, 1), set(R1, Field::Owner, 1), create(R2),
                       set(R2, Field::IsRoot, 1), set(R2, Field::Owner, 2)},
                   Tag{.kind = Tag::Bootstrap});
  b.origin = kTranslatorIdent;
  return b;
}

/// `note` inserted at the end of `parent` by user `owner`'s device.
Changeset owned_insert(const Store& s, NoteId note, NoteId parent, UserId owner, std::int64_t ts) {
  const auto at = static_cast<std::uint32_t>(s.find(parent)->children.size());
  return cs(ts, {create(note), set(note, Field::Owner, owner), insert(parent, at, note)},
            Tag{.kind = Tag::Insert, .note = note});
}

/// X by u1's device (ident 2) under u1's root, Y by u2's device (ident 3) under u2's root.
Server two_users_server() {
  Server s;
  s.append_bootstrap(two_roots());
  Changeset x = owned_insert(s.store(), X, R1, 1, 10);
  x.origin = kFirstClientIdent;
  x.client_version = 1;
  s.integrate(kFirstClientIdent, std::move(x));
  Changeset y = owned_insert(s.store(), Y, R2, 2, 20);
  y.origin = kFirstClientIdent + 1;
  y.client_version = 1;
  s.integrate(kFirstClientIdent + 1, std::move(y));
  return s;
}

TEST(FlexibleSync, DownloadCarriesOnlyTheSubscribedUsersChangesets) {
  const Server s = two_users_server();
  EXPECT_EQ(s.owner_of(X), 1u);
  EXPECT_EQ(s.owner_of(Y), 2u);
  // u2's device (ident 3) does not get u1's insert; subscribed to everything it would.
  EXPECT_TRUE(s.download_for(kFirstClientIdent + 1, 2, 1).entries.empty());
  EXPECT_EQ(s.download_for(kFirstClientIdent + 1, kAllUsers, 1).entries.size(), 1u);
  // u1's device gets nothing of u2's, but its own insert is still acknowledged and the cursor
  // moves to the head.
  const DownloadMsg to_u1 = s.download_for(kFirstClientIdent, 1, 1);
  EXPECT_TRUE(to_u1.entries.empty());
  EXPECT_EQ(to_u1.progress, 1u);
  EXPECT_EQ(to_u1.server_head, 3u);
  ASSERT_EQ(to_u1.acked.size(), 1u);
}

TEST(FlexibleSync, ABatchOverSeveralUsersIsSplitPerInstruction) {
  Server s = two_users_server();
  // A re-insert batch (m2r) rewrites both users' roots in one changeset.
  Changeset batch = cs(30, {clear(R1), insert(R1, 0, X), clear(R2), insert(R2, 0, Y)}, Tag{.kind = Tag::Reinsert});
  batch.origin = kTranslatorIdent;
  s.integrate(kTranslatorIdent, std::move(batch));
  for (UserId u : {1u, 2u}) {
    const DownloadMsg m = s.download_for(kFirstClientIdent + 2, u, 3);  // a third device
    ASSERT_EQ(m.entries.size(), 1u) << "u" << u;
    const Changeset& part = m.entries[0].cs;
    ASSERT_EQ(part.instrs.size(), 2u) << "u" << u;
    for (const Instr& i : part.instrs) EXPECT_EQ(i.obj, root_of(u));
    EXPECT_EQ(part.tag.kind, Tag::Reinsert);
    EXPECT_EQ(part.origin, kTranslatorIdent);
  }
  EXPECT_EQ(s.download_for(kFirstClientIdent + 2, kAllUsers, 3).entries[0].cs.instrs.size(), 4u);
}

TEST(FlexibleSync, AnErasedNoteKeepsItsOwnerSoItsEraseIsFiltered) {
  Server s = two_users_server();
  Changeset del = cs(30, {erase_at(R1, 0), erase_object(X)}, Tag{.kind = Tag::Delete, .note = X});
  del.origin = kFirstClientIdent;
  del.client_version = 2;
  del.last_integrated_version = 3;
  s.integrate(kFirstClientIdent, std::move(del));
  EXPECT_FALSE(s.store().contains(X));
  EXPECT_EQ(s.owner_of(X), 1u);
  EXPECT_TRUE(s.download_for(kFirstClientIdent + 1, 2, 3).entries.empty());
  EXPECT_EQ(s.download_for(kFirstClientIdent + 2, 1, 3).entries.size(), 1u);
}

TEST(FlexibleSync, BootstrapKeepsOnlyTheSubscribedUsersNotes) {
  const Server s = two_users_server();
  Client c(kFirstClientIdent + 2, 2, ResetMode::RecoverOrDiscard);
  c.bootstrap(s.store(), s.head(), 2);
  EXPECT_TRUE(c.store().contains(R2));
  EXPECT_TRUE(c.store().contains(Y));
  EXPECT_FALSE(c.store().contains(R1));
  EXPECT_FALSE(c.store().contains(X));
  Client all(kFirstClientIdent + 3, 2, ResetMode::RecoverOrDiscard);
  all.bootstrap(s.store(), s.head(), kAllUsers);
  EXPECT_TRUE(all.store() == s.store());
}

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
  const NoteId t = tree_note(2, 123), o1 = tree_note(2, 1), o2 = tree_note(2, 2), o3 = tree_note(2, 3);
  Net net(2, empty_bootstrap());
  net.commit(0, cs(0, {create(t), set(t, Field::Text, 1), create(o1), insert(t, 0, o1)}));
  net.commit(1, cs(10, {create(t), set(t, Field::Text, 22), create(o2), insert(t, 0, o2), insert(t, 1, o2)}));
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
  const NoteId e3abc = tree_note(3, 31), e4abc = tree_note(3, 41), e5abc = tree_note(3, 51), e5def = tree_note(3, 52);
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
    net.commit(0, cs(0, {erase_object(X), create(X), set(X, Field::Text, 1), erase_object(X), create(X),
                         set(X, Field::Text, 11)}));
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
