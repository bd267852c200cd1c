// Strategies: random and PCT reach every enabled action (no starvation); the choice
// scheduler is the interface exhaustive search and the fuzzers drive.
#include "sim/scheduler.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/test_support.h"

namespace syncsim {
namespace {

std::vector<Action> toy_actions(std::size_t n) {
  std::vector<Action> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(Action{ActionKind::Work, 0, 0, i * 7919, i});
  return v;
}

TEST(Scheduler, RandomReachesEveryEnabledAction) {
  const auto actions = toy_actions(9);
  std::set<std::size_t> picked;
  RandomScheduler s(1);
  for (std::uint64_t step = 1; step <= 500; ++step) picked.insert(s.pick(actions, step));
  EXPECT_EQ(picked.size(), actions.size());
}

TEST(Scheduler, PctRunsTheHighestPriorityChainAndEveryChainLeadsForSomeSeed) {
  const auto actions = toy_actions(6);
  std::set<std::size_t> first_picks;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    PctScheduler s(seed, 3, 50);
    const std::size_t a = s.pick(actions, 1);
    // Without a change point at step 2, the same chain keeps the lead.
    first_picks.insert(a);
  }
  EXPECT_EQ(first_picks.size(), actions.size());
}

TEST(Scheduler, PctChangePointDemotesTheRunningChain) {
  const auto actions = toy_actions(4);
  // Depth 2 with horizon 1: the single change point is at step 1.
  PctScheduler s(5, 2, 1);
  const std::size_t first = s.pick(actions, 1);
  const std::size_t second = s.pick(actions, 2);
  EXPECT_NE(first, second);
}

TEST(Scheduler, PctReachesEveryActionOfAWorld) {
  // Over seeds, PCT runs each device's first insert first at least once.
  const Scenario s = test::load("corpus/scenarios/two-devices.scn");
  std::set<std::string> firsts;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const RunPlan r = test::resolve_ok(s, seed, "", Discipline::Untimed);
    const auto f = test::run_once(r, Strategy::Pct);
    ASSERT_FALSE(f.trace.steps.empty());
    firsts.insert(f.trace.steps.front().label);
  }
  EXPECT_GE(firsts.size(), 3u);  // c1's insert, c2's insert, the admin deploy
}

TEST(Scheduler, ChoiceSchedulerFollowsChoicesModuloAndThenTheFirst) {
  const auto actions = toy_actions(3);
  ChoiceScheduler s({4, 2});
  EXPECT_EQ(s.pick(actions, 1), 1u);
  EXPECT_EQ(s.pick(actions, 2), 2u);
  EXPECT_EQ(s.pick(actions, 3), 0u);
}

TEST(Scheduler, ReplayOfARecordedLabelListReproducesTheRun) {
  const Scenario s = test::load("corpus/scenarios/two-devices.scn");
  const RunPlan r = test::resolve_ok(s, 3, "", Discipline::Untimed);
  const auto first = test::run_once(r, Strategy::Pct);
  World w = make_world(r);
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &first.trace.steps;
  opt.record = true;
  const RunResult res = run_world(w, opt);
  ASSERT_EQ(res.trace.size(), first.trace.steps.size());
  for (std::size_t i = 0; i < res.trace.size(); ++i)
    EXPECT_EQ(res.trace[i].label, first.trace.steps[i].label);
  EXPECT_TRUE(w.server().store() == first.world.server().store());
}

TEST(Scheduler, ReplaySkipsAndReportsALabelThatIsNotEnabled) {
  const Scenario s = test::load("corpus/scenarios/stashpad.scn");
  const RunPlan r = test::resolve_ok(s, 1);
  std::vector<StepLine> steps = {{1, 0, false, "c1 insert n1.99 under root", 0},
                                 {2, 0, false, "c1 insert n1.1 under root", 0}};
  World w = make_world(r);
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &steps;
  const RunResult res = run_world(w, opt);
  ASSERT_EQ(res.skipped.size(), 1u);
  EXPECT_NE(res.skipped.front().find("n1.99"), std::string::npos);
  EXPECT_EQ(res.steps, 1u);
}

}  // namespace
}  // namespace syncsim
