// Each checker of properties/check.h on hand-built stores (docs/spec.md §7): small replicas
// written note by note, with the exact violations worked out in the test from the tree drawn
// above it, not taken from a run's output.
#include "properties/check.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/hand_store.h"

namespace syncsim {
namespace {

using model::NoteId;
using model::Op;

constexpr NoteId kRoot1 = model::root_of(1);
constexpr NoteId kRoot2 = model::root_of(2);
constexpr NoteId kA = model::tree_note(1, 1);
constexpr NoteId kB = model::tree_note(1, 2);
constexpr NoteId kC = model::tree_note(1, 3);
constexpr NoteId kX = model::tree_note(2, 1);
constexpr NoteId kN = model::device_note(1, 1);
constexpr NoteId kMissing = model::tree_note(1, 9);

using test::mirror;
using test::put;

/// `property-kind@replica:notes`, one per violation, in report order.
std::vector<std::string> found(const CheckReport& rep) {
  std::vector<std::string> out;
  for (const Violation& v : rep.violations)
    out.push_back(v.signature() + "@" + v.replica + ":" + notes_list(v.notes));
  return out;
}

using Lines = std::vector<std::string>;

/// A two-user world: one device per user, the server, Atlas. Tests edit the stores, then
/// check the view.
struct Fixture {
  model::Store c1, c2, server;
  model::Atlas atlas;
  std::vector<model::UserId> users{1, 2};
  std::vector<model::UserId> device_users{1, 2};
  std::vector<Intent> intents;
  std::vector<NoteId> acked, deleted;
  std::vector<UserWrite> writes;
  std::vector<RealmView> devices;
  bool with_atlas = true;

  /// Both users' trees: root -> a -> b (u1), root.u2 -> x (u2); every replica equal.
  Fixture() {
    put(server, kRoot1, 1, {kA});
    put(server, kA, 1, {kB});
    put(server, kB, 1);
    put(server, kRoot2, 2, {kX});
    put(server, kX, 2);
    sync_all();
  }
  void sync_all() {
    c1 = server;
    c1.keep_only(1);
    c2 = server;
    c2.keep_only(2);
    atlas = model::Atlas{};
    mirror(server, atlas);
  }
  CheckReport check() {
    devices = {{"c1", &c1, 1}, {"c2", &c2, 2}};
    CheckView v;
    v.devices = devices;
    v.server = &server;
    v.atlas = with_atlas ? &atlas : nullptr;
    v.users = users;
    v.device_users = device_users;
    v.intents = intents;
    v.acked_notes = acked;
    v.deleted_notes = deleted;
    v.user_writes = writes;
    CheckReport rep;
    check_view(v, rep);
    return rep;
  }
};

TEST(Checkers, ConsistentReplicasShowNothing) {
  Fixture f;
  f.intents = {{kA, kRoot1, 0}, {kB, kA, 0}, {kX, kRoot2, 1}};
  f.acked = {kA, kB, kX};
  const CheckReport rep = f.check();
  EXPECT_EQ(found(rep), Lines{});
  // One summary per replica: c1 holds root, a, b; c2 root.u2, x; server and Atlas all five.
  ASSERT_EQ(rep.replicas.size(), 4u);
  EXPECT_EQ(rep.replicas[0].notes, 3u);
  EXPECT_EQ(rep.replicas[1].notes, 2u);
  EXPECT_EQ(rep.replicas[2].notes, 5u);
  EXPECT_EQ(rep.replicas[3].notes, 5u);
  EXPECT_EQ(rep.replicas[3].reachable, 5u);
}

// root -> a -/- b -> c: cutting a's link orphans b and everything under it (c), and nothing else.
TEST(Checkers, OrphansAreTheWholeCutSubtreeOnEveryReplica) {
  Fixture f;
  put(f.server, kC, 1);
  f.server.apply(model::Instr{
      .op = Op::ArrayInsert, .obj = kB, .index = 0, .value = static_cast<std::int64_t>(kC)});
  f.server.apply(model::Instr{.op = Op::ArrayErase, .obj = kA, .index = 0});
  f.sync_all();
  const CheckReport rep = f.check();
  // c1 and the server and Atlas hold u1's notes; c2 does not (and has no orphan).
  EXPECT_EQ(found(rep),
            (Lines{"reachability-orphan@c1:a.2,a.3", "reachability-orphan@server:a.2,a.3",
                   "reachability-orphan@atlas:a.2,a.3"}));
  EXPECT_EQ(rep.replicas[0].reachable, 2u);  // root, a of 4
}

// u2's root links to u1's note a (and u1's root does not): a is reachable, but not from its
// own user's root, which is what the property asks (docs/spec.md §7.1). b under it too.
TEST(Checkers, ANoteReachableOnlyFromAnotherUsersRootIsAnOrphan) {
  Fixture f;
  f.server.apply(model::Instr{.op = Op::ArrayErase, .obj = kRoot1, .index = 0});
  f.server.apply(model::Instr{
      .op = Op::ArrayInsert, .obj = kRoot2, .index = 1, .value = static_cast<std::int64_t>(kA)});
  f.atlas = model::Atlas{};
  mirror(f.server, f.atlas);
  const CheckReport rep = f.check();
  const auto server_orphans = rep.replicas[2].orphans;
  EXPECT_EQ(server_orphans, (std::vector<NoteId>{kA, kB}));
  EXPECT_EQ(atlas_summary(f.atlas, f.users).orphans, (std::vector<NoteId>{kA, kB}));
  // A note without an owner (never written: its Sets were discarded) counts as reached from any
  // root, and a device note's id names no user: reached from u2's root, it is no orphan.
  model::Store st;
  put(st, kRoot2, 2, {kN});
  st.apply(model::Instr{.op = Op::CreateObject, .obj = kN});
  EXPECT_EQ(realm_orphans(st, f.users), std::vector<NoteId>{});
}

// Atlas's children are foreign keys: a key to a missing document is dangling. In Realm the same
// link is a hidden tombstone (docs/spec.md §3), never reported.
TEST(Checkers, DanglingKeysOnlyInAtlas) {
  Fixture f;
  f.server.apply(model::Instr{
      .op = Op::ArrayInsert, .obj = kB, .index = 0, .value = static_cast<std::int64_t>(kMissing)});
  f.sync_all();
  const CheckReport rep = f.check();
  // Atlas mirrors the server, key included: nothing else differs.
  EXPECT_EQ(found(rep), (Lines{"reachability-dangling@atlas:a.9"}));
  EXPECT_EQ(rep.replicas[2].orphans, std::vector<NoteId>{});
}

// a -> b -> a: with the link from the root cut, both are orphans and the replica has a cycle;
// linked from the root, the cycle alone.
TEST(Checkers, CyclesWithAndWithoutOrphans) {
  Fixture f;
  f.server.apply(model::Instr{
      .op = Op::ArrayInsert, .obj = kB, .index = 0, .value = static_cast<std::int64_t>(kA)});
  f.sync_all();
  EXPECT_EQ(found(f.check()),
            (Lines{"acyclic-cycle@c1:", "acyclic-cycle@server:", "acyclic-cycle@atlas:"}));
  f.server.apply(model::Instr{.op = Op::ArrayErase, .obj = kRoot1, .index = 0});
  f.sync_all();
  EXPECT_EQ(found(f.check()), (Lines{"reachability-orphan@c1:a.1,a.2",
                                     "acyclic-cycle@c1:", "reachability-orphan@server:a.1,a.2",
                                     "acyclic-cycle@server:", "reachability-orphan@atlas:a.1,a.2",
                                     "acyclic-cycle@atlas:"}));
}

// Intent: b was inserted under a, x under root.u2, n1.1 under root; n1.1 was then deleted on
// purpose, a.3 never arrived anywhere.
TEST(Checkers, LostAndMisplacedNotesOnTheReplicasThatSubscribe) {
  Fixture f;
  f.intents = {{kB, kA, 0}, {kX, kRoot2, 1}, {kN, kRoot1, 0, true}, {kC, kRoot1, 0}};
  // c1 shows b under the root instead of under a.
  f.c1.apply(model::Instr{.op = Op::ArrayErase, .obj = kA, .index = 0});
  f.c1.apply(model::Instr{
      .op = Op::ArrayInsert, .obj = kRoot1, .index = 1, .value = static_cast<std::int64_t>(kB)});
  // c2 lost x (a u2 note: c1 does not subscribe to it, so only c2 and the server are asked).
  f.c2.apply(model::Instr{.op = Op::EraseObject, .obj = kX});
  const CheckReport rep = f.check();
  // c2 has no orphan (x is gone, not cut); a.3 is u1's, so c2 is not asked about it.
  EXPECT_EQ(found(rep),
            (Lines{"intent-lost-note@c1:a.3", "intent-misplaced@c1:a.2", "intent-lost-note@c2:a2.1",
                   "intent-lost-note@server:a.3", "intent-lost-note@atlas:a.3",
                   "convergence-diverged@c1:", "convergence-diverged@c2:"}));
}

// Durability: the server lost two acknowledged inserts, one of which a user deleted (exempt).
TEST(Checkers, LostAcknowledgedInsertsOnTheServer) {
  Fixture f;
  f.acked = {kA, kB, kN, kC, kN};
  f.deleted = {kN};
  f.server.apply(model::Instr{.op = Op::EraseObject, .obj = kB});
  f.c1 = f.server;
  f.c1.keep_only(1);
  f.atlas = model::Atlas{};
  mirror(f.server, f.atlas);
  // b's link in a is now a hidden tombstone in Realm and a dangling key in Atlas.
  EXPECT_EQ(found(f.check()),
            (Lines{"reachability-dangling@atlas:a.2", "durability-lost-ack@server:a.2,a.3"}));
}

// Convergence: a device equals the server's notes of its user (other users' notes are not its
// business); Atlas equals the server document for document, extra documents included.
TEST(Checkers, DivergenceNamesTheReplicaAndAtlasTheDocuments) {
  Fixture f;
  EXPECT_EQ(found(f.check()), Lines{});
  put(f.c1, kA, 1, {kB}, 7);  // an edit the server does not have
  f.atlas.put(kMissing, model::Doc{0, 1, false, 0, {}});
  model::Doc changed = *f.atlas.find(kB);
  changed.text = 5;
  f.atlas.put(kB, changed);
  EXPECT_EQ(found(f.check()), (Lines{"reachability-orphan@atlas:a.9", "convergence-diverged@c1:",
                                     "convergence-diverged@atlas:a.2,a.9"}));
  // Without Atlas (the Verdant relay) the Atlas checks are off.
  f.with_atlas = false;
  EXPECT_EQ(found(f.check()), (Lines{"convergence-diverged@c1:"}));
}

// Atlas is a replica too: a document missing, or not in its parent's children array.
TEST(Checkers, IntentOnAtlas) {
  Fixture f;
  f.intents = {{kB, kA, 0}, {kX, kRoot2, 1}};
  model::Doc a = *f.atlas.find(kA);
  a.children.clear();
  f.atlas.put(kA, a);  // b is no longer in a's array: misplaced (and an orphan)
  f.atlas = [&] {      // and x's document is gone
    model::Atlas out;
    for (const auto& [id, d] : f.atlas.docs())
      if (id != kX) out.put(id, d);
    return out;
  }();
  EXPECT_EQ(found(f.check()),
            (Lines{"reachability-orphan@atlas:a.2", "reachability-dangling@atlas:a2.1",
                   "intent-lost-note@atlas:a2.1", "intent-misplaced@atlas:a.2",
                   "convergence-diverged@atlas:a.1,a2.1"}));
}

UserWrite edit(NoteId n, std::int64_t text, std::int64_t ts, model::FileIdent origin,
               bool acked = true) {
  return UserWrite{model::Tag::Edit, n, text, 0, ts, origin, 1, acked};
}
UserWrite move(NoteId n, NoteId to, std::int64_t ts, model::FileIdent origin) {
  return UserWrite{model::Tag::Move, n, static_cast<std::int64_t>(to), 0, ts, origin, 1, true};
}
UserWrite erase(NoteId n, std::int64_t ts, model::FileIdent origin) {
  return UserWrite{model::Tag::Delete, n, 0, 0, ts, origin, 1, true};
}

// Edits: the server's text of b is 0 (the fixture's), of x 0.
TEST(Checkers, AnAcknowledgedEditIsLostOnlyIfNoLaterOrWinningWriteReplacedIt) {
  Fixture f;
  f.writes = {edit(kA, 0, 10, 2)};  // a's text is 0 on the server: present
  EXPECT_EQ(found(f.check()), Lines{});
  f.writes = {edit(kA, 5, 10, 2)};  // 5 is not there, and nothing replaced it
  EXPECT_EQ(found(f.check()), (Lines{"durability-lost-edit@server:a.1"}));
  f.writes = {edit(kA, 5, 10, 2, false)};  // never acknowledged: not the server's to keep
  EXPECT_EQ(found(f.check()), Lines{});
  f.writes = {edit(kA, 5, 10, 2), edit(kA, 0, 5, 3)};  // made after it (whatever its clock)
  EXPECT_EQ(found(f.check()), Lines{});
  f.writes = {edit(kA, 0, 20, 3), edit(kA, 5, 10, 2)};  // made before, but wins at a later time
  EXPECT_EQ(found(f.check()), Lines{});
  f.writes = {edit(kA, 0, 10, 3), edit(kA, 5, 10, 2)};  // same time: the higher file ident wins
  EXPECT_EQ(found(f.check()), Lines{});
  f.writes = {edit(kA, 0, 5, 3), edit(kA, 5, 10, 2)};  // made before and earlier: 5 should win
  EXPECT_EQ(found(f.check()), (Lines{"durability-lost-edit@server:a.1"}));
  f.writes = {edit(kA, 5, 10, 2), edit(kB, 5, 20, 2)};  // another note's write replaces nothing
  EXPECT_EQ(found(f.check()), (Lines{"durability-lost-edit@server:a.1,a.2"}));
  f.deleted = {kB};  // a user deleted b: its edits go with it (and b is still there: no matter)
  EXPECT_EQ(found(f.check()), (Lines{"durability-lost-edit@server:a.1"}));
}

// Moves: b is under a on the server; deletes: the server still holds every note.
TEST(Checkers, AcknowledgedMovesAndDeletesAreLostUnlessTheirEffectIsThere) {
  Fixture f;
  f.writes = {move(kB, kA, 10, 2)};
  EXPECT_EQ(found(f.check()), Lines{});
  f.writes = {move(kB, kRoot1, 10, 2)};  // b is not under the root
  EXPECT_EQ(found(f.check()), (Lines{"durability-lost-move@server:a.2"}));
  f.writes = {move(kB, kRoot1, 10, 2), move(kB, kA, 5, 3)};  // moved back afterwards
  EXPECT_EQ(found(f.check()), Lines{});
  f.writes = {move(kB, kRoot1, 10, 2), edit(kB, 0, 20, 3)};  // an edit is another path
  EXPECT_EQ(found(f.check()), (Lines{"durability-lost-move@server:a.2"}));
  f.writes = {move(kB, kRoot1, 10, 2), erase(kB, 20, 3)};  // a delete of b replaces its move
  EXPECT_EQ(found(f.check()), (Lines{"durability-lost-delete@server:a.2"}));
  f.writes = {move(kB, kX, 10, 2)};  // b is not under x
  EXPECT_EQ(found(f.check()), (Lines{"durability-lost-move@server:a.2"}));
  f.deleted = {kX};  // a user deleted x: that delete undid the move into it
  EXPECT_EQ(found(f.check()), Lines{});
  f.deleted = {};
  f.writes = {erase(kX, 10, 2), move(kX, kRoot2, 20, 3)};  // nothing replaces a delete
  EXPECT_EQ(found(f.check()), (Lines{"durability-lost-delete@server:a2.1"}));
  // Once the delete happened (link and object; the user deleted x), neither write is lost:
  // the move went with the note.
  f.server.apply(model::Instr{.op = Op::ArrayErase, .obj = kRoot2, .index = 0});
  f.server.apply(model::Instr{.op = Op::EraseObject, .obj = kX});
  f.sync_all();
  f.deleted = {kX};
  EXPECT_EQ(found(f.check()), Lines{});
}

}  // namespace
}  // namespace syncsim
