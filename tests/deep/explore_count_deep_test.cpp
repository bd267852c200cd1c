// Exact execution counts past 2^64 (sim/explore_count.h): the explorer's count of two
// independent chains of 36 steps against the binomial coefficient, computed here with 128-bit
// integers. Deep: the search takes minutes on the shared VM.
#include "sim/search/explore_count.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/search/explore.h"
#include "tests/test_support.h"

namespace syncsim {
namespace {

__extension__ typedef unsigned __int128 U128;

std::string decimal(U128 v) {
  if (v == 0) return "0";
  std::string s;
  for (; v != 0; v /= 10) s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
  return s;
}

/// n! / (k_1! k_2! ...): the interleavings of chains of lengths k_i, as a product of
/// binomials, each built by the exact recurrence C(n, j) = C(n, j-1) (n-j+1) / j.
U128 multinomial(const std::vector<unsigned>& chains) {
  U128 result = 1;
  unsigned n = 0;
  for (unsigned k : chains) {
    n += k;
    U128 binomial = 1;
    for (unsigned j = 1; j <= k; ++j) binomial = binomial * (n - j + 1) / j;
    result *= binomial;
  }
  return result;
}

/// Devices that go offline first and then insert: no message leaves them, so the only enabled
/// actions are the next item of each device's script, and the executions are the
/// interleavings of the chains.
std::string offline_chains(const std::vector<unsigned>& inserts) {
  std::string s = "syncsim-trace 1\ndiscipline untimed\nprofile realm-h1\nknob disconnects 0\nknob partitions 0\n";
  for (std::size_t d = 1; d <= inserts.size(); ++d)
    s += "device c" + std::to_string(d) + " user u1\n";
  for (std::size_t d = 1; d <= inserts.size(); ++d) {
    const std::string dev = "c" + std::to_string(d);
    s += "workload at 0ms " + dev + " offline\n";
    s += "workload every 1000ms from 1000ms x" + std::to_string(inserts[d - 1]) + " " + dev +
         " insert n" + std::to_string(d) + ".* under root\n";
  }
  return s;
}

ExploreResult explore_text(const std::string& text, bool reduction) {
  auto parsed = parse_scenario(text, "<explore_count_test>");
  EXPECT_TRUE(std::holds_alternative<Scenario>(parsed)) << std::get<ParseError>(parsed).str();
  const Resolved r = test::resolve_ok(std::get<Scenario>(parsed), 1);
  ExploreOptions opt;
  opt.reduction = reduction;
  opt.partial_order = false;
  opt.check = [](const World& w, bool settled) {
    return to_outcome(check_quiescent(w, settled), w);
  };
  return explore(r, opt);
}

TEST(ExploreCount, ChainsPastTwoToTheSixtyFourAreExact) {
  // Two chains of 36 steps: 72! / (36!)^2 ~ 4.4e20 orderings, over 2^64; 37^2 states.
  const std::vector<unsigned> inserts{35, 35};
  const ExploreResult res = explore_text(offline_chains(inserts), true);
  ASSERT_FALSE(res.cut_short) << res.cut_message;
  EXPECT_FALSE(res.executions.fits_u64());
  EXPECT_EQ(res.executions.decimal(), decimal(multinomial({36, 36})));
  EXPECT_LE(res.failing_executions, res.executions);
}

}  // namespace
}  // namespace syncsim
