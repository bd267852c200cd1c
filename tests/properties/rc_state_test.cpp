// RapidCheck state-machine properties: commands are the world's actions by stable
// label, the model is the World, the check is settle + spec §7. Correct profiles must hold in
// their domain; for buggy profiles RapidCheck must find a counterexample, which `syncsim
// shrink` then reduces to the breadth-first minimum.
#include <gtest/gtest.h>

#include "tests/support/rc_world.h"
#include "tests/test_support.h"

namespace syncsim {
namespace {

using rc_world::Claim;
using rc_world::RcOutcome;

RunPlan untimed(const std::string& scenario, const std::string& profile = "",
                std::uint64_t seed = 1) {
  return test::resolve_ok(test::load(scenario), seed, profile, Discipline::Untimed);
}

std::string test_id() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "/" + info->name();
}

/// A correct profile inside its domain: no violation over `cases` RapidCheck cases. On failure:
/// the reproduce string, and the counterexample as a syncsim trace with its replay command.
void expect_holds(const std::string& scenario, const std::string& profile, int cases,
                  int max_size) {
  const RunPlan r = untimed(scenario, profile);
  const std::string id = test_id() + "/" + profile;
  const RcOutcome out =
      rc_world::check_claim(r, Claim{}, rc_world::RcParams{cases, max_size, {}, true}, id, false);
  if (!out.failed) {
    EXPECT_EQ(out.cases, cases);
    return;
  }
  std::string where = "(no counterexample recorded)";
  if (!out.failing.empty()) {
    const std::string sig = out.signatures.empty() ? "" : out.signatures.front();
    where = rc_world::write_counterexample(
        r, out.failing, sig, std::string(SYNCSIM_BINARY_DIR) + "/rc-findings", profile + "-" + sig);
    where = "syncsim replay " + where;
  }
  ADD_FAILURE() << profile << " on " << scenario << " violated after " << out.cases << " cases\n"
                << out.message << "\nreproduce: RC_PARAMS=\"reproduce=" << out.reproduce << "\"\n"
                << "trace: " << where;
}

struct Buggy {
  const char* scenario;
  const char* profile;
  const char* signature;
  int cases;
};

class BuggyProfile : public ::testing::TestWithParam<Buggy> {};

TEST_P(BuggyProfile, RapidCheckFindsItAndShrinkReachesTheBfsMinimum) {
  const Buggy& b = GetParam();
  const RunPlan r = untimed(b.scenario, b.profile);
  const rc_world::FoundAndShrunk f = rc_world::find_and_shrink(
      r, b.signature, rc_world::RcParams{b.cases, 60, {}, true}, test_id());
  ASSERT_TRUE(f.rc.failed) << b.profile << ": RapidCheck found no " << b.signature << " in "
                           << b.cases << " cases";
  ASSERT_FALSE(f.rc.failing.empty());
  // RapidCheck's counterexample, as a syncsim trace, replays to the same signature.
  ASSERT_TRUE(f.rc_trace.hit) << "RapidCheck's counterexample does not replay";
  EXPECT_TRUE(f.rc_trace.skipped.empty());
  ASSERT_EQ(f.shrunk.error, "");
  ASSERT_TRUE(f.bfs.found);
  EXPECT_EQ(f.shrunk.stats.steps_after, f.bfs.depth);
  EXPECT_TRUE(check_one_minimal(f.shrunk.trace, b.signature).one_minimal());
  EXPECT_GE(f.rc.failing.size(), f.bfs.depth);  // nobody beats the oracle
  ::testing::Test::RecordProperty("rapidcheck_shrunk_steps", static_cast<int>(f.rc.failing.size()));
  ::testing::Test::RecordProperty("syncsim_shrunk_steps",
                                  static_cast<int>(f.shrunk.stats.steps_after));
  ::testing::Test::RecordProperty("bfs_minimum", static_cast<int>(f.bfs.depth));
  std::printf(
      "[ figures  ] %s %s: RapidCheck failed at case %d, its shrunk length %zu; syncsim shrink "
      "%llu; BFS %u\n",
      b.profile, b.signature, f.rc.cases + 1, f.rc.failing.size(),
      static_cast<unsigned long long>(f.shrunk.stats.steps_after), f.bfs.depth);
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, BuggyProfile,
    ::testing::Values(
        Buggy{"corpus/scenarios/stashpad-mini.scn", "realm-h1", "reachability-orphan", 1000},
        Buggy{"corpus/scenarios/stashpad-mini-h2.scn", "realm-h2", "reachability-orphan", 1000},
        Buggy{"corpus/scenarios/stashpad-mini-latest.scn", "realm-reinsert-latest",
              "reachability-orphan", 1000},
        Buggy{"corpus/scenarios/stashpad.scn", "realm-h1", "intent-misplaced", 1000},
        // spec §5: discard loses the insert made offline before a breaking deploy's reset.
        Buggy{"corpus/scenarios/reset-mini.scn", "discard", "intent-lost-note", 1000},
        // spec §6: prune drops the old-schema peer's note at the truant client's reset.
        Buggy{"corpus/scenarios/verdant-mini.scn", "verdant-prune", "intent-lost-note", 1000}));
// The 9- to 11-step dangling counterexamples of delete-during-deploy.scn take RapidCheck
// hundreds to thousands of cases: tests/deep/rc_deep_test.cpp.

// The positional encoding ("run enabled[i]"): RapidCheck's shrinker re-binds later commands
// when it deletes one. Whatever RapidCheck ends with, syncsim shrink reaches the minimum.
TEST(IndexCommands, RapidCheckFindsTheOrphanAndShrinkReachesTheBfsMinimum) {
  const RunPlan r = untimed("corpus/scenarios/stashpad-mini.scn", "realm-h1");
  const auto f = rc_world::find_and_shrink<rc_world::IndexCommand>(
      r, "reachability-orphan", rc_world::RcParams{1000, 40, {}, true}, test_id());
  ASSERT_TRUE(f.rc.failed);
  ASSERT_TRUE(f.rc_trace.hit);
  ASSERT_TRUE(f.bfs.found);
  EXPECT_EQ(f.shrunk.stats.steps_after, f.bfs.depth);
  EXPECT_GE(f.rc.failing.size(), f.bfs.depth);
  std::printf(
      "[ figures  ] index commands, realm-h1 orphan: RapidCheck shrunk length %zu; syncsim shrink "
      "%llu; BFS %u\n",
      f.rc.failing.size(), static_cast<unsigned long long>(f.shrunk.stats.steps_after),
      f.bfs.depth);
}

TEST(CorrectProfile, DevModeHoldsOnStashpadMini) {
  expect_holds("corpus/scenarios/stashpad-mini.scn", "realm-dev-mode", 1000, 40);
}

TEST(CorrectProfile, MergeReinsertHoldsOnStashpadMini) {
  expect_holds("corpus/scenarios/stashpad-mini.scn", "fix-merge-reinsert", 1000, 40);
}

TEST(CorrectProfile, DevModeHoldsWithTwoDevicesEditsMovesDeletesAndFaults) {
  expect_holds("corpus/scenarios/two-devices.scn", "realm-dev-mode", 300, 120);
}

TEST(CorrectProfile, MergeReinsertHoldsWithTwoDevicesInsertingConcurrently) {
  expect_holds("corpus/scenarios/two-devices-inserts.scn", "fix-merge-reinsert", 300, 80);
}

TEST(CorrectProfile, VerdantMigrateUpHoldsOnVerdantMini) {
  expect_holds("corpus/scenarios/verdant-mini.scn", "verdant-migrate-up", 1000, 40);
}

// A finding, not a wish: fix-merge-reinsert is marked correct for additive deploys, but a note
// deleted while the re-insert is pending is linked again (the snapshot still lists it), and
// Atlas keeps a foreign key to the missing document. The shortest ordering is 9 steps.
TEST(Finding, MergeReinsertRelinksANoteDeletedDuringTheReinsert) {
  const RunPlan r = untimed("corpus/scenarios/delete-during-deploy.scn", "fix-merge-reinsert");
  const BfsResult bfs = bfs_shortest(r, "reachability-dangling");
  ASSERT_TRUE(bfs.found);
  EXPECT_EQ(bfs.depth, 9u);
  const RunPlan dev = untimed("corpus/scenarios/delete-during-deploy.scn", "realm-dev-mode");
  BfsLimits lim;
  lim.max_depth = 12;
  EXPECT_FALSE(bfs_shortest(dev, "reachability-dangling", lim).found);
}

// A finding, not a wish: an edit the server acknowledged just before an additive deploy is
// overwritten by the re-insert under fix-merge-reinsert as under realm-h1 (edits are outside
// their claimed domain, but inside the client-reset profiles', which re-insert the same way).
// The re-insert copies the note from Atlas before r2m has translated the edit there, and its Set
// of the text is the later write. Two chosen steps are the least: the edit and the deploy are
// workload items (one chosen step each) and settling does the rest; with no re-insert
// (realm-dev-mode) it never happens.
TEST(Finding, MergeReinsertOverwritesAnEditNotYetInAtlas) {
  for (const char* profile : {"realm-h1", "fix-merge-reinsert"}) {
    const RunPlan r = untimed("corpus/scenarios/edit-during-deploy.scn", profile);
    const BfsResult bfs = bfs_shortest(r, "durability-lost-edit");
    ASSERT_TRUE(bfs.found) << profile;
    EXPECT_EQ(bfs.depth, 2u) << profile;
  }
  const RunPlan dev = untimed("corpus/scenarios/edit-during-deploy.scn", "realm-dev-mode");
  EXPECT_FALSE(bfs_shortest(dev, "durability-lost-edit").found);
}

// The failure path of a correct-profile property: the counterexample is written as a syncsim
// trace that `syncsim replay` reproduces.
TEST(RcModel, CounterexampleTraceReplays) {
  const RunPlan r = untimed("corpus/scenarios/stashpad-mini.scn", "realm-h1");
  const RcOutcome out =
      rc_world::check_claim(r, Claim{}, rc_world::RcParams{1000, 40, {}, true}, test_id(), true);
  ASSERT_TRUE(out.failed);
  ASSERT_FALSE(out.signatures.empty());
  EXPECT_FALSE(out.reproduce.empty());
  const std::string path = rc_world::write_counterexample(
      r, out.failing, out.signatures.front(), std::string(SYNCSIM_BINARY_DIR) + "/rc-findings",
      "rc-model-test");
  auto parsed = load_scenario(path);
  ASSERT_TRUE(std::holds_alternative<Scenario>(parsed));
  const Replayed again = replay_candidate(std::get<Scenario>(parsed), out.signatures.front());
  EXPECT_TRUE(again.hit);
  EXPECT_TRUE(again.skipped.empty());
  EXPECT_EQ(again.steps, out.failing.size());
}

TEST(RcModel, CommandsFollowTheEnabledLabels) {
  const RunPlan r = untimed("corpus/scenarios/stashpad-mini.scn");
  const RcOutcome out = rc_world::check_claim(
      r, Claim{"no-such-signature"}, rc_world::RcParams{200, 40, {}, true}, test_id(), true);
  EXPECT_FALSE(out.failed) << out.message;
  EXPECT_EQ(out.cases, 200);
}

}  // namespace
}  // namespace syncsim
