// Flexible sync (spec §2): each device subscribes to its own user's notes, and downloads
// carry only those. corpus/scenarios/two-users.scn has u1 on c1 and c2 and u2 on c3, and an
// additive deploy whose re-insert batches mix both users' notes.
#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace syncsim {
namespace {

/// Notes of `store` whose owner is not `user`.
std::vector<model::NoteId> foreign_notes(const model::Store& store, model::UserId user) {
  std::vector<model::NoteId> out;
  for (const auto& [id, n] : store.notes())
    if (n.owner != user) out.push_back(id);
  return out;
}

/// Notes of the server owned by `user`.
std::size_t notes_of(const model::Store& store, model::UserId user) {
  std::size_t n = 0;
  for (const auto& [id, note] : store.notes()) n += note.owner == user ? 1 : 0;
  return n;
}

TEST(Subscription, EachDeviceHoldsExactlyItsUsersNotesAndTheCorrectProfileIsClean) {
  const Scenario s = test::load("corpus/scenarios/two-users.scn");
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const auto f = test::run_once(test::resolve_ok(s, seed, "realm-dev-mode"));
    ASSERT_TRUE(f.report.violations.empty())
        << "seed " << seed << ": " << f.report.violations[0].signature();
    const model::Store& server = f.world.server().store();
    ASSERT_GT(notes_of(server, 1), 0u);
    ASSERT_GT(notes_of(server, 2), 0u);
    for (const auto& dev : f.world.devices()) {
      const model::UserId u = dev.client.user();
      EXPECT_EQ(foreign_notes(dev.client.store(), u), std::vector<model::NoteId>{})
          << dev.name << " seed " << seed;
      EXPECT_EQ(dev.client.store().size(), notes_of(server, u)) << dev.name << " seed " << seed;
    }
  }
}

TEST(Subscription, TheStashpadOrphansShowOnEachUsersOwnDevices) {
  const Scenario s = test::load("corpus/scenarios/two-users.scn");
  const auto f = test::run_once(test::resolve_ok(s, 1, "realm-h1"));
  int orphan_reports = 0;
  for (const auto& v : f.report.violations) {
    if (v.signature() == "convergence-diverged") ADD_FAILURE() << "diverged on " << v.replica;
    if (v.signature() != "reachability-orphan" || v.replica.front() != 'c') continue;
    ++orphan_reports;
    const model::UserId u = v.replica == "c3" ? 2 : 1;
    for (model::NoteId n : v.notes) EXPECT_EQ(f.world.server().owner_of(n), u) << v.replica;
  }
  EXPECT_EQ(orphan_reports, 3);  // c1, c2 (u1) and c3 (u2)
}

TEST(Subscription, AWriteIntoAnotherUsersTreeIsRejectedWithItsLine) {
  Scenario s = test::load("corpus/scenarios/two-users.scn");
  WorkloadLine w;
  w.actor = "c3";
  w.kind = WorkKind::Insert;
  w.note = "n3.99";
  w.parent = "a.1";  // u1's tree; c3 is u2's device
  w.line = 99;
  s.workload.push_back(w);
  RunPlan r;
  const ParseError err = plan_run(s, Overrides{}, 1, r);
  EXPECT_EQ(err.line, 99);
  EXPECT_EQ(err.file, s.source);
  EXPECT_EQ(err.message.find("c3 (user u2) cannot write a.1, a note of user u1"), 0u) << err.str();
}

}  // namespace
}  // namespace syncsim
