// `syncsim shrink` (issue 5): the result keeps the signature, is 1-minimal, replays exactly,
// stays in its discipline, and on the reference scenarios is as short as the breadth-first
// oracle's shortest counterexample.
#include <gtest/gtest.h>

#include "sim/shrink.h"
#include "tests/test_support.h"

namespace syncsim {
namespace {

std::vector<std::string> probe(const World& w, bool settled) {
  std::vector<std::string> out;
  for (const auto& v : check_quiescent(w, settled).violations)
    if (std::find(out.begin(), out.end(), v.signature()) == out.end()) out.push_back(v.signature());
  return out;
}

bool has_sig(const std::vector<std::string>& sigs, const std::string& s) {
  return std::find(sigs.begin(), sigs.end(), s) != sigs.end();
}

/// The recorded trace of the first run (seeds 1, 2, ...) that shows `signature`.
Scenario failing_trace(const Scenario& s, const std::string& signature, std::uint64_t first_seed = 1,
                       Strategy strat = Strategy::Random, const std::string& profile = "",
                       std::optional<Discipline> d = std::nullopt) {
  for (std::uint64_t seed = first_seed; seed < first_seed + 500; ++seed) {
    auto f = test::run_once(test::resolve_ok(s, seed, profile, d), strat);
    for (const auto& v : f.report.violations)
      if (v.signature() == signature) return f.trace;
  }
  ADD_FAILURE() << "no run shows " << signature;
  return {};
}

/// The properties every shrink result must have.
void expect_good_shrink(const Scenario& input, const ShrinkResult& res, const std::string& sig) {
  ASSERT_EQ(res.error, "");
  EXPECT_EQ(res.signature, sig);
  EXPECT_EQ(res.trace.discipline, input.discipline);
  EXPECT_EQ(res.trace.profile, input.profile);
  EXPECT_LE(res.stats.steps_after, res.stats.steps_before);
  // Replays exactly: every chosen step is enabled, settle steps regenerate identically.
  const Replayed again = replay_candidate(res.trace, probe, sig);
  EXPECT_TRUE(again.hit);
  EXPECT_TRUE(again.skipped.empty());
  EXPECT_EQ(write_scenario(again.trace), write_scenario(res.trace));
  // And it survives the file format.
  auto parsed = parse_scenario(write_scenario(res.trace), "shrunk");
  ASSERT_TRUE(std::holds_alternative<Scenario>(parsed)) << std::get<ParseError>(parsed).str();
  const MinimalityReport m = check_one_minimal(res.trace, probe, sig);
  EXPECT_TRUE(m.one_minimal()) << "removable steps: " << m.removable.size();
}

struct Reference {
  const char* scenario;
  const char* signature;
};

class ReferenceScenario : public ::testing::TestWithParam<Reference> {};

TEST_P(ReferenceScenario, ShrinkReachesTheBfsMinimumFromManySeeds) {
  const Scenario s = test::load(GetParam().scenario);
  const std::string sig = GetParam().signature;
  const Resolved r = test::resolve_ok(s, 1);
  const BfsResult bfs = bfs_shortest(r, probe, sig);
  ASSERT_TRUE(bfs.found);
  ASSERT_FALSE(bfs.bound_reached);
  // The oracle's own answer replays to the signature, and one step fewer never does.
  EXPECT_TRUE(trace_from_labels(r, bfs.labels, probe, sig).hit);
  BfsLimits shorter;
  shorter.max_depth = bfs.depth == 0 ? 0 : bfs.depth - 1;
  EXPECT_FALSE(bfs_shortest(r, probe, sig, shorter).found);
  for (std::uint64_t first : {1, 40, 300}) {
    const Scenario input = failing_trace(s, sig, first);
    const ShrinkResult res = shrink_trace(input, probe);
    expect_good_shrink(input, res, sig);
    EXPECT_EQ(res.stats.steps_after, bfs.depth)
        << "shrunk " << res.stats.steps_before << " -> " << res.stats.steps_after
        << ", BFS minimum " << bfs.depth;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, ReferenceScenario,
    ::testing::Values(Reference{"corpus/scenarios/stashpad-mini.scn", "reachability-orphan"},
                      Reference{"corpus/scenarios/stashpad-mini.scn", "intent-misplaced"},
                      Reference{"corpus/scenarios/stashpad-mini-h2.scn", "reachability-orphan"},
                      Reference{"corpus/scenarios/stashpad-mini-latest.scn", "reachability-orphan"}));

TEST(Bfs, StateHashDedupFindsTheSameMinimumAsPlainTreeSearch) {
  for (const char* scn : {"corpus/scenarios/stashpad-mini.scn", "corpus/scenarios/stashpad-mini-h2.scn",
                          "corpus/scenarios/stashpad-mini-latest.scn"}) {
    const Resolved r = test::resolve_ok(test::load(scn), 1);
    BfsLimits plain;
    plain.dedup = false;
    const BfsResult a = bfs_shortest(r, probe, "reachability-orphan");
    const BfsResult b = bfs_shortest(r, probe, "reachability-orphan", plain);
    ASSERT_TRUE(a.found && b.found) << scn;
    EXPECT_EQ(a.depth, b.depth) << scn;
    EXPECT_LE(a.states, b.states) << scn;
  }
}

TEST(Bfs, CorrectProfileHasNoCounterexampleWithinTheBound) {
  const Resolved r = test::resolve_ok(test::load("corpus/scenarios/stashpad-mini.scn"), 1, "fix-merge-reinsert");
  BfsLimits lim;
  lim.max_depth = 6;
  const BfsResult res = bfs_shortest(r, probe, "reachability-orphan", lim);
  EXPECT_FALSE(res.found);
  EXPECT_GT(res.states, 10u);
}

TEST(Shrink, TimedStashpadTraceStaysTimedAndIsOneMinimal) {
  const Scenario input = failing_trace(test::load("corpus/scenarios/stashpad.scn"), "reachability-orphan");
  ASSERT_EQ(input.discipline, Discipline::Timed);
  const ShrinkResult res = shrink_trace(input, probe);
  expect_good_shrink(input, res, "reachability-orphan");
  EXPECT_LT(res.stats.steps_after, res.stats.steps_before / 4);
}

TEST(Shrink, DropsADeviceAndWorkloadThatTheFailureDoesNotNeed) {
  // Two devices, edits, moves and deletes, faults from the swarm draw; under realm-h1.
  const Scenario two = test::load("corpus/scenarios/two-devices.scn");
  const Scenario input = failing_trace(two, "reachability-orphan", 1, Strategy::Random, "realm-h1",
                                       Discipline::Untimed);
  const ShrinkResult res = shrink_trace(input, probe);
  expect_good_shrink(input, res, "reachability-orphan");
  EXPECT_EQ(res.trace.devices.size(), 1u);
  EXPECT_LE(res.trace.workload.size(), 2u);
  EXPECT_FALSE(res.stats.log.empty());
  const Resolved r = test::resolve_ok(res.trace, *res.trace.seed);
  EXPECT_EQ(r.cfg.disconnects, 0);
  EXPECT_EQ(r.cfg.partitions, 0);
}

TEST(Shrink, StepsOnlyKeepsTheScenario) {
  const Scenario input = failing_trace(test::load("corpus/scenarios/stashpad-mini.scn"), "reachability-orphan");
  ShrinkOptions opt;
  opt.structural = false;
  const ShrinkResult res = shrink_trace(input, probe, opt);
  expect_good_shrink(input, res, "reachability-orphan");
  EXPECT_EQ(res.trace.workload.size(), input.workload.size());
  EXPECT_EQ(res.trace.workload[0].count, input.workload[0].count);
}

TEST(Shrink, KeepsTheRequestedSignatureNotJustAnyViolation) {
  const Scenario input = failing_trace(test::load("corpus/scenarios/stashpad-mini.scn"), "intent-misplaced");
  ShrinkOptions opt;
  opt.signature = "intent-misplaced";
  const ShrinkResult res = shrink_trace(input, probe, opt);
  expect_good_shrink(input, res, "intent-misplaced");
  EXPECT_TRUE(has_sig(replay_candidate(res.trace, probe, "").signatures, "intent-misplaced"));
}

TEST(Shrink, RejectsATraceThatViolatesNothing) {
  const Scenario s = test::load("corpus/scenarios/stashpad-mini.scn");
  auto f = test::run_once(test::resolve_ok(s, 1, "fix-merge-reinsert"));
  ASSERT_FALSE(f.report.violated());
  const ShrinkResult res = shrink_trace(f.trace, probe);
  EXPECT_EQ(res.error, "the trace does not violate anything");
}

TEST(Shrink, RejectsASignatureTheTraceDoesNotShow) {
  const Scenario input = failing_trace(test::load("corpus/scenarios/stashpad-mini.scn"), "reachability-orphan");
  ShrinkOptions opt;
  opt.signature = "acyclic-cycle";
  EXPECT_NE(shrink_trace(input, probe, opt).error.find("does not show"), std::string::npos);
}

TEST(Shrink, IsDeterministic) {
  const Scenario input = failing_trace(test::load("corpus/scenarios/stashpad.scn"), "reachability-orphan", 7);
  const ShrinkResult a = shrink_trace(input, probe);
  const ShrinkResult b = shrink_trace(input, probe);
  EXPECT_EQ(write_scenario(a.trace), write_scenario(b.trace));
  EXPECT_EQ(a.stats.replays, b.stats.replays);
}

TEST(Minimality, ReportsRemovableStepsOfANonMinimalTrace) {
  const Scenario input = failing_trace(test::load("corpus/scenarios/stashpad-mini.scn"), "reachability-orphan");
  const MinimalityReport m = check_one_minimal(input, probe, "reachability-orphan");
  EXPECT_TRUE(m.reproduces);
  EXPECT_FALSE(m.one_minimal());
  EXPECT_FALSE(m.removable.empty());
  EXPECT_EQ(m.without.size(), m.steps);
}

}  // namespace
}  // namespace syncsim
