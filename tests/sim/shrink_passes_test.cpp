// Shrinking (sim/search/shrink.h) where one pass of one-at-a-time deletion is not enough for a
// 1-minimal result: a later step becomes removable only once an earlier one is gone.
//
// The deletion is tested on its own (shrink_detail::delete_one_at_a_time, the shrinker's last
// step deletion), with a failure decided by which steps remain, so that the case is exact and
// needs no model mechanism: with steps j, i, k the failure holds iff k is there and (i is there
// or j is not). From [j, i, k], a single last-to-first pass keeps k (needed), keeps i (without
// i, j alone masks the failure), removes j; now i is removable too, which only a second pass
// sees. The 1-minimal result is [k] alone. tests/sim/shrink_test.cpp checks the shrinker end to
// end on replayed traces and the checkers' verdicts (1-minimal, as short as the BFS minimum).
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "sim/search/shrink.h"

namespace syncsim {
namespace {

using Steps = std::vector<std::string>;

bool has(const Steps& s, const std::string& step) {
  return std::find(s.begin(), s.end(), step) != s.end();
}

bool fails(const Steps& s) {
  return has(s, "k") && (has(s, "i") || !has(s, "j"));
}

/// The steps removable one at a time from `s` (the failure then still holds).
Steps removable(const Steps& s) {
  Steps out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    Steps cand = s;
    cand.erase(cand.begin() + static_cast<std::ptrdiff_t>(i));
    if (fails(cand)) out.push_back(s[i]);
  }
  return out;
}

TEST(ShrinkPasses, ALaterStepRemovableOnlyAfterAnEarlierOneIsGoneNeedsASecondPass) {
  const Steps start{"j", "i", "k"};
  ASSERT_TRUE(fails(start));
  // One last-to-first pass, as delete_one_at_a_time makes each of its passes.
  Steps one_pass = start;
  for (std::size_t i = one_pass.size(); i-- > 0;) {
    Steps cand = one_pass;
    cand.erase(cand.begin() + static_cast<std::ptrdiff_t>(i));
    if (fails(cand)) one_pass = cand;
  }
  EXPECT_EQ(one_pass, (Steps{"i", "k"}));
  EXPECT_EQ(removable(one_pass), Steps{"i"}) << "one pass is not 1-minimal";
  // The shrinker's deletion reaches the fixed point, attempting each candidate once per pass.
  Steps result = start;
  std::vector<Steps> attempts;
  const bool stop = false;
  shrink_detail::delete_one_at_a_time(
      start,
      [&](const Steps& cand) -> std::optional<Steps> {
        attempts.push_back(cand);
        if (!fails(cand)) return std::nullopt;
        result = cand;
        return cand;
      },
      stop);
  EXPECT_EQ(result, Steps{"k"});
  EXPECT_TRUE(removable(result).empty());
  // Pass 1 over [j, i, k]: -k, -i, -j (accepted); pass 2 over [i, k]: -k, -i (accepted); pass
  // 3 over [k]: -k; then nothing changed.
  EXPECT_EQ(attempts, (std::vector<Steps>{{"j", "i"}, {"j", "k"}, {"i", "k"}, {"i"}, {"k"}, {}}));
}

TEST(ShrinkPasses, ABoundStopsTheDeletionBetweenAttempts) {
  bool stop = false;
  std::size_t attempts = 0;
  shrink_detail::delete_one_at_a_time(
      Steps{"j", "i", "k"},
      [&](const Steps& cand) -> std::optional<Steps> {
        ++attempts;
        stop = true;  // the bound is reached by this attempt
        return cand;
      },
      stop);
  EXPECT_EQ(attempts, 1u);
}

}  // namespace
}  // namespace syncsim
