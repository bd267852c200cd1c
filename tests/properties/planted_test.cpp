// Planted bugs (issue 5): deliberately broken behaviours (model/planted.h), compiled in only
// when SYNCSIM_PLANTED_BUGS is defined. Each one must be caught within a bounded number of
// random runs on a *correct* base profile (which shows nothing on the same runs without it),
// so only the planted bug can cause the violation. This is how we know the checkers check.
#include <gtest/gtest.h>

#include "tests/test_support.h"

#ifndef SYNCSIM_PLANTED_BUGS

TEST(PlantedBugs, NeedThePlantedBuild) {
  GTEST_SKIP() << "built without SYNCSIM_PLANTED_BUGS: the planted-bug tests run in syncsim_planted_tests";
}

#else

#include "model/planted.h"
#include "sim/search/shrink.h"

namespace syncsim {
namespace {

using model::planted::Bug;

/// Switches one planted bug on for a scope.
struct ScopedBug {
  explicit ScopedBug(Bug b) { model::planted::active = b; }
  ~ScopedBug() { model::planted::active = Bug::None; }
  ScopedBug(const ScopedBug&) = delete;
  ScopedBug& operator=(const ScopedBug&) = delete;
};

using Checker = std::vector<Violation> (*)(const World&, bool);

std::vector<Violation> full_checker(const World& w, bool settled) {
  return check_quiescent(w, settled).violations;
}

/// A checker with a blind spot: it ignores Atlas (what a checker that only looked at Realm
/// replicas would see).
std::vector<Violation> atlas_blind_checker(const World& w, bool settled) {
  std::vector<Violation> v = check_quiescent(w, settled).violations;
  std::erase_if(v, [](const Violation& x) { return x.replica == "atlas"; });
  return v;
}

struct Hunt {
  std::uint64_t first_run = 0;  ///< 1-based run that showed the signature; 0 = none
  std::uint64_t violating = 0;  ///< runs with any violation
  Scenario trace;               ///< the first run showing the signature
};

/// Seeds 1..max_runs, random strategy, untimed.
Hunt hunt(const Scenario& s, const std::string& profile, const std::string& signature,
          std::uint64_t max_runs, Checker check = full_checker) {
  Hunt h;
  for (std::uint64_t seed = 1; seed <= max_runs; ++seed) {
    auto f = test::run_once(test::resolve_ok(s, seed, profile, Discipline::Untimed));
    const std::vector<Violation> v = check(f.world, f.result.settled);
    if (!v.empty()) ++h.violating;
    const bool hit = std::any_of(v.begin(), v.end(), [&](const Violation& x) { return x.signature() == signature; });
    if (hit && h.first_run == 0) {
      h.first_run = seed;
      h.trace = f.trace;
    }
  }
  return h;
}

std::vector<std::string> probe(const World& w, bool settled) {
  std::vector<std::string> out;
  for (const auto& v : check_quiescent(w, settled).violations)
    if (std::find(out.begin(), out.end(), v.signature()) == out.end()) out.push_back(v.signature());
  return out;
}

struct Planted {
  Bug bug;
  const char* name;
  const char* scenario;
  const char* profile;  ///< a correct profile: nothing else can cause the violation
  const char* signature;
  std::uint64_t max_runs;
};

class PlantedBug : public ::testing::TestWithParam<Planted> {};

TEST_P(PlantedBug, IsCaughtWithinTheBoundOnACorrectProfile) {
  const Planted& p = GetParam();
  const Scenario s = test::load(p.scenario);
  const Hunt clean = hunt(s, p.profile, p.signature, p.max_runs);
  ASSERT_EQ(clean.violating, 0u) << p.profile << " is not clean on " << p.scenario << " without the bug";
  ScopedBug on(p.bug);
  const Hunt h = hunt(s, p.profile, p.signature, p.max_runs);
  ASSERT_NE(h.first_run, 0u) << p.name << ": not caught in " << p.max_runs << " runs";
  // The catch shrinks like any finding: a small, 1-minimal, replayable witness.
  ShrinkOptions opt;
  opt.signature = p.signature;
  const ShrinkResult res = shrink_trace(h.trace, probe, opt);
  ASSERT_EQ(res.error, "");
  EXPECT_TRUE(check_one_minimal(res.trace, probe, p.signature).one_minimal());
  std::printf("[ figures  ] planted %s: caught at run %llu of %llu (%llu violating); shrunk to %llu steps\n",
              p.name, static_cast<unsigned long long>(h.first_run), static_cast<unsigned long long>(p.max_runs),
              static_cast<unsigned long long>(h.violating),
              static_cast<unsigned long long>(res.stats.steps_after));
}

INSTANTIATE_TEST_SUITE_P(
    Bugs, PlantedBug,
    ::testing::Values(
        Planted{Bug::InsertTieOursFirst, "insert-tie-ours-first", "corpus/scenarios/two-devices-inserts.scn",
                "realm-dev-mode", "convergence-diverged", 2000},
        Planted{Bug::ServerSkipsOneTransform, "server-skips-one-transform",
                "corpus/scenarios/two-devices-inserts.scn", "fix-merge-reinsert", "convergence-diverged", 2000},
        Planted{Bug::R2MSkipsFirstInsert, "r2m-skips-first-insert", "corpus/scenarios/stashpad-mini.scn",
                "realm-dev-mode", "convergence-diverged", 2000},
        Planted{Bug::ServerReintegratesReupload, "server-reintegrates-reupload",
                "corpus/scenarios/two-devices-inserts.scn", "realm-dev-mode", "convergence-diverged", 2000},
        Planted{Bug::ServerIgnoresSubscription, "server-ignores-subscription", "corpus/scenarios/two-users.scn",
                "realm-dev-mode", "convergence-diverged", 200}),
    [](const auto& info) {
      std::string n = info.param.name;
      std::replace(n.begin(), n.end(), '-', '_');
      return n;
    });

// A checker blind spot is itself a planted bug: the r2m bug above is visible only in Atlas,
// so a checker that ignores Atlas misses it on every run where the real checker catches it.
TEST(PlantedChecker, AtlasBlindCheckerMissesWhatTheRealCheckerCatches) {
  const Scenario s = test::load("corpus/scenarios/stashpad-mini.scn");
  ScopedBug on(Bug::R2MSkipsFirstInsert);
  const Hunt real = hunt(s, "realm-dev-mode", "convergence-diverged", 200);
  const Hunt blind = hunt(s, "realm-dev-mode", "convergence-diverged", 200, atlas_blind_checker);
  EXPECT_GT(real.violating, 0u);
  EXPECT_EQ(blind.violating, 0u);
}

}  // namespace
}  // namespace syncsim

#endif  // SYNCSIM_PLANTED_BUGS
