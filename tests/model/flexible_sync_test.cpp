// Flexible sync (spec §2): a device subscribes to its own user's notes, and the server's
// downloads and bootstraps carry only those.
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

// ---- Flexible sync: a device downloads its own user's notes (spec §2) -------------------------

const NoteId R1 = root_of(1), R2 = root_of(2);

/// Two users' roots, owners set, as the simulator bootstraps them.
Changeset two_roots() {
  Changeset b = cs(0,
                   {create(R1), set(R1, Field::IsRoot, 1), set(R1, Field::Owner, 1), create(R2),
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
  Changeset batch = cs(30, {clear(R1), insert(R1, 0, X), clear(R2), insert(R2, 0, Y)},
                       Tag{.kind = Tag::Reinsert});
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

}  // namespace
}  // namespace syncsim::model
