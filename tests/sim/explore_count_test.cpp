// Exact execution counts (sim/explore_count.h): the arithmetic against values known
// independently of it, and the explorer's count of K independent chains of steps against the
// multinomial coefficient, computed here with 128-bit integers (past 2^64: the deep test
// tests/deep/explore_count_deep_test.cpp).
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

TEST(Count, CarriesPastSixtyFourBits) {
  Count c = UINT64_MAX;
  c += 1;
  EXPECT_FALSE(c.fits_u64());
  EXPECT_EQ(c.decimal(), "18446744073709551616");  // 2^64
  Count p = 1;
  for (int i = 0; i < 128; ++i) p += p;
  EXPECT_EQ(p.decimal(), "340282366920938463463374607431768211456");  // 2^128
}

TEST(Count, AgreesWithWideIntegers) {
  // A deterministic walk of sums that cross word boundaries many times.
  Count c;
  U128 v = 0;
  std::uint64_t x = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < 2000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    c += Count(x);
    v += x;
    ASSERT_EQ(c.decimal(), decimal(v)) << i;
  }
  Count doubled = c;
  doubled += c;
  EXPECT_EQ(doubled.decimal(), decimal(v + v));
}

TEST(Count, OrdersByValue) {
  Count big = UINT64_MAX;
  big += 2;
  EXPECT_LT(Count(UINT64_MAX), big);
  EXPECT_GT(big, Count(5));
  EXPECT_EQ(Count(7), Count(3) + Count(4));
  EXPECT_TRUE(Count(std::uint64_t{1} << 53).fits_double_exactly());
  EXPECT_FALSE(Count((std::uint64_t{1} << 53) + 1).fits_double_exactly());
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

TEST(ExploreCount, SmallChainsEnumerateToTheMultinomial) {
  // Plain search enumerates every execution one by one: the scenario really is three
  // independent chains (offline + 2 inserts each), 9! / (3! 3! 3!) = 1680 orderings.
  const std::vector<unsigned> inserts{2, 2, 2};
  const ExploreResult plain = explore_text(offline_chains(inserts), false);
  EXPECT_EQ(plain.executions.decimal(), decimal(multinomial({3, 3, 3})));
  EXPECT_EQ(decimal(multinomial({3, 3, 3})), "1680");
  const ExploreResult states = explore_text(offline_chains(inserts), true);
  EXPECT_EQ(states.executions, plain.executions);
}

}  // namespace
}  // namespace syncsim
