// The partial-order reduction's dependency table (sim/explore_por.cpp) against World itself:
// for every pair of enabled actions the table calls independent, executing them in either
// order from the same state reaches the same state (equal state_hash), and neither disables
// the other. States are drawn by random walks (a fixed-seed PRNG) from every reference
// scenario in corpus/scenarios, untimed, as exhaustive search runs them.
#include <gtest/gtest.h>

#include <filesystem>

#include "sim/prng.h"
#include "sim/search/explore.h"
#include "sim/search/explore_por.h"
#include "tests/test_support.h"

namespace syncsim {
namespace {

/// The action of `w` with the same process (kind, actor) as `a`, if enabled.
std::optional<Action> same_action(const World& w, const Action& a) {
  std::vector<Action> acts;
  w.enabled(acts, false);
  for (const Action& b : acts)
    if (b.kind == a.kind && b.actor == a.actor) return b;
  return std::nullopt;
}

struct PairStats {
  std::uint64_t states = 0;
  std::uint64_t pairs = 0;
};

/// Checks every independent pair at `w`, counting them in `pairs`.
void check_state(const World& w, const Workload& wl, const std::string& where,
                 std::uint64_t& pairs) {
  std::vector<Action> acts;
  w.enabled(acts, false);
  for (std::size_t i = 0; i < acts.size(); ++i)
    for (std::size_t j = i + 1; j < acts.size(); ++j) {
      if (!explore_detail::independent(w, wl, acts, acts[i], acts[j])) continue;
      ++pairs;
      World ab = w, ba = w;
      ab.execute(acts[i]);
      const auto b_after_a = same_action(ab, acts[j]);
      ba.execute(acts[j]);
      const auto a_after_b = same_action(ba, acts[i]);
      const std::string what = where + ": " + w.label(acts[i]) + " / " + w.label(acts[j]);
      ASSERT_TRUE(b_after_a.has_value()) << what << ": the first disables the second";
      ASSERT_TRUE(a_after_b.has_value()) << what << ": the second disables the first";
      ab.execute(*b_after_a);
      ba.execute(*a_after_b);
      EXPECT_EQ(state_hash(ab), state_hash(ba)) << what << ": the two orders differ";
    }
}

/// Random walks of the chosen-actions phase from the scenario's initial state.
PairStats walk(const std::string& file, int walks) {
  const RunPlan r = test::resolve_ok(test::load(file), 1, "", Discipline::Untimed);
  PairStats st;
  Prng rng(20261207, fnv1a64(file));
  for (int k = 0; k < walks; ++k) {
    World w = make_world(r);
    std::vector<Action> acts;
    for (int depth = 0; depth < 200; ++depth) {
      ++st.states;
      check_state(w, *r.workload,
                  file + " walk " + std::to_string(k) + " depth " + std::to_string(depth),
                  st.pairs);
      if (::testing::Test::HasFatalFailure()) return st;
      w.enabled(acts, false);
      if (acts.empty()) break;
      w.execute(acts[rng.below(acts.size())]);
    }
  }
  return st;
}

TEST(PorDependency, IndependentActionsCommuteOnEveryReferenceScenario) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(test::source_path("corpus/scenarios")))
    if (e.path().extension() == ".scn")
      files.push_back("corpus/scenarios/" + e.path().filename().string());
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  std::uint64_t total = 0;
  for (const auto& f : files) {
    const PairStats st = walk(f, 20);
    if (HasFatalFailure()) return;
    total += st.pairs;
    std::printf("[ figures  ] %s: %llu states, %llu independent pairs checked\n", f.c_str(),
                static_cast<unsigned long long>(st.states),
                static_cast<unsigned long long>(st.pairs));
  }
  EXPECT_GT(total, 0u) << "no state inside the reduction's fragment: the test checked nothing";
}

}  // namespace
}  // namespace syncsim
