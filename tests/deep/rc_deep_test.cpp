// Long RapidCheck state-machine runs and shrink sweeps (ctest label `deep`).
#include <gtest/gtest.h>

#include "sim/prng.h"
#include "tests/support/rc_world.h"
#include "tests/test_support.h"

namespace syncsim {
namespace {

RunPlan untimed(const std::string& scenario, const std::string& profile, std::uint64_t seed = 1) {
  return test::resolve_ok(test::load(scenario), seed, profile, Discipline::Untimed);
}

std::string test_id() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return std::string(info->test_suite_name()) + "/" + info->name();
}

struct Correct {
  const char* scenario;
  const char* profile;
  int cases;
  int max_size;
};

class CorrectProfileDeep : public ::testing::TestWithParam<Correct> {};

TEST_P(CorrectProfileDeep, HoldsOverManyCases) {
  const Correct& c = GetParam();
  const RunPlan r = untimed(c.scenario, c.profile);
  const rc_world::RcOutcome out =
      rc_world::check_claim(r, rc_world::Claim{}, rc_world::RcParams{c.cases, c.max_size, {}, true},
                            test_id() + "/" + c.profile, false);
  if (!out.failed) {
    EXPECT_EQ(out.cases, c.cases);
    return;
  }
  std::string where = "(no counterexample recorded)";
  if (!out.failing.empty()) {
    const std::string sig = out.signatures.empty() ? "" : out.signatures.front();
    where = "syncsim replay " +
            rc_world::write_counterexample(r, out.failing, sig,
                                           std::string(SYNCSIM_BINARY_DIR) + "/rc-findings",
                                           std::string(c.profile) + "-" + sig);
  }
  ADD_FAILURE() << c.profile << " on " << c.scenario << " violated after " << out.cases
                << " cases\n"
                << out.message << "\nreproduce: RC_PARAMS=\"reproduce=" << out.reproduce
                << "\"\ntrace: " << where;
}

INSTANTIATE_TEST_SUITE_P(
    Domain, CorrectProfileDeep,
    ::testing::Values(
        Correct{"corpus/scenarios/stashpad-mini.scn", "realm-dev-mode", 20000, 40},
        Correct{"corpus/scenarios/stashpad-mini.scn", "fix-merge-reinsert", 20000, 40},
        Correct{"corpus/scenarios/two-devices-inserts.scn", "realm-dev-mode", 20000, 80},
        Correct{"corpus/scenarios/two-devices-inserts.scn", "fix-merge-reinsert", 20000, 80},
        Correct{"corpus/scenarios/two-devices.scn", "realm-dev-mode", 20000, 120}));

struct Buggy {
  const char* scenario;
  const char* profile;
  const char* signature;
};

class BuggyProfileDeep : public ::testing::TestWithParam<Buggy> {};

// The dangling counterexamples are 9 to 11 steps long: RapidCheck needs hundreds to thousands
// of cases to hit one. Both shrinkers are then measured against the BFS minimum.
TEST_P(BuggyProfileDeep, RapidCheckFindsItAndShrinkReachesTheBfsMinimum) {
  const Buggy& b = GetParam();
  const RunPlan r = untimed(b.scenario, b.profile);
  const rc_world::FoundAndShrunk f =
      rc_world::find_and_shrink(r, b.signature, rc_world::RcParams{30000, 60, {}, true}, test_id());
  ASSERT_TRUE(f.rc.failed) << "RapidCheck found no " << b.signature << " in 30000 cases";
  ASSERT_TRUE(f.rc_trace.hit);
  ASSERT_TRUE(f.bfs.found);
  EXPECT_EQ(f.shrunk.stats.steps_after, f.bfs.depth);
  std::printf(
      "[ figures  ] %s %s: RapidCheck failed at case %d, its shrunk length %zu; syncsim shrink "
      "%llu; BFS %u\n",
      b.profile, b.signature, f.rc.cases + 1, f.rc.failing.size(),
      static_cast<unsigned long long>(f.shrunk.stats.steps_after), f.bfs.depth);
}

INSTANTIATE_TEST_SUITE_P(Corpus, BuggyProfileDeep,
                         ::testing::Values(Buggy{"corpus/scenarios/delete-during-deploy.scn",
                                                 "realm-h1", "reachability-dangling"},
                                           Buggy{"corpus/scenarios/delete-during-deploy.scn",
                                                 "realm-h2", "reachability-dangling"},
                                           Buggy{"corpus/scenarios/delete-during-deploy.scn",
                                                 "realm-reinsert-latest", "reachability-dangling"},
                                           Buggy{"corpus/scenarios/stashpad-app.scn", "realm-h2",
                                                 "reachability-orphan"}));

// The same with positional commands ("run enabled[i]"), whose deletion re-binds later ones.
TEST_P(BuggyProfileDeep, WithIndexCommandsShrinkStillReachesTheBfsMinimum) {
  const Buggy& b = GetParam();
  const RunPlan r = untimed(b.scenario, b.profile);
  const auto f = rc_world::find_and_shrink<rc_world::IndexCommand>(
      r, b.signature, rc_world::RcParams{30000, 60, {}, true}, test_id());
  ASSERT_TRUE(f.rc.failed) << "RapidCheck found no " << b.signature << " in 30000 cases";
  ASSERT_TRUE(f.rc_trace.hit);
  ASSERT_TRUE(f.bfs.found);
  EXPECT_EQ(f.shrunk.stats.steps_after, f.bfs.depth);
  std::printf(
      "[ figures  ] index commands, %s %s: RapidCheck failed at case %d, its shrunk length %zu; "
      "syncsim shrink %llu; BFS %u\n",
      b.profile, b.signature, f.rc.cases + 1, f.rc.failing.size(),
      static_cast<unsigned long long>(f.shrunk.stats.steps_after), f.bfs.depth);
}

// Every failing run of 400 seeds x {random, PCT}, shrunk: always the BFS minimum.
TEST(ShrinkSweep, EveryFailingRunShrinksToTheBfsMinimum) {
  struct Case {
    const char* scenario;
    const char* profile;
    const char* signature;
  };
  const Case cases[] = {
      {"corpus/scenarios/stashpad-mini.scn", "realm-h1", "reachability-orphan"},
      {"corpus/scenarios/stashpad.scn", "realm-h2", "reachability-orphan"},
      {"corpus/scenarios/stashpad-app.scn", "fix-drain-then-snapshot", "reachability-orphan"},
      {"corpus/scenarios/delete-during-deploy.scn", "realm-h1", "reachability-dangling"},
      {"corpus/scenarios/two-devices.scn", "realm-h1", "reachability-orphan"}};
  for (const Case& c : cases) {
    const BfsResult bfs = bfs_shortest(untimed(c.scenario, c.profile), c.signature);
    ASSERT_TRUE(bfs.found) << c.scenario;
    std::uint64_t failing = 0;
    for (Strategy strat : {Strategy::Random, Strategy::Pct})
      for (std::uint64_t seed = 1; seed <= 400; ++seed) {
        const auto f = test::run_once(untimed(c.scenario, c.profile, seed), strat);
        const bool hit =
            std::any_of(f.report.violations.begin(), f.report.violations.end(),
                        [&](const Violation& v) { return v.signature() == c.signature; });
        if (!hit) continue;
        ++failing;
        ShrinkOptions opt;
        opt.signature = c.signature;
        const ShrinkResult res = shrink_trace(f.trace, opt);
        EXPECT_EQ(res.stats.steps_after, bfs.depth)
            << c.scenario << " " << c.profile << " seed " << seed;
      }
    std::printf("[ figures  ] %s %s: %llu failing runs, all shrunk to %u\n", c.scenario, c.profile,
                static_cast<unsigned long long>(failing), bfs.depth);
  }
}

}  // namespace
}  // namespace syncsim
