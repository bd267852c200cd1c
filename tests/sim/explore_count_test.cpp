// Exact execution counts (sim/search/explore_count.h): the arithmetic against values known
// independently of it, the explorer's count of K independent chains of steps against the
// multinomial coefficient, computed here with 128-bit integers, and past 2^64 the path count
// of the state graph (count_paths) on a hand-built graph: the product of chains.
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
  std::string s =
      "syncsim-trace 1\ndiscipline untimed\nprofile realm-h1\nknob disconnects 0\nknob partitions "
      "0\n";
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
  const RunPlan r = test::resolve_ok(std::get<Scenario>(parsed), 1);
  ExploreOptions opt;
  opt.reduction = reduction;
  opt.partial_order = false;
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

/// The state graph of independent chains of lengths `chains`: a state is how far each chain
/// has gone, an edge advances one chain. Nodes are numbered in mixed radix (chain 0 fastest),
/// so every edge goes to a larger number, and node 0 is the start.
StateGraph product_of_chains(const std::vector<unsigned>& chains) {
  StateGraph g;
  std::size_t n = 1;
  for (unsigned k : chains) n *= k + 1;
  g.nodes.resize(n);
  for (std::size_t id = 0; id < n; ++id) {
    g.nodes[id].edge_begin = static_cast<std::uint32_t>(g.edges.size());
    std::size_t stride = 1;
    for (std::size_t c = 0; c < chains.size(); ++c) {
      const std::size_t digit = id / stride % (chains[c] + 1);
      if (digit < chains[c])
        g.edges.push_back(
            {static_cast<std::uint32_t>(id + stride), static_cast<std::uint32_t>(c), 0});
      stride *= chains[c] + 1;
    }
    g.nodes[id].edge_end = static_cast<std::uint32_t>(g.edges.size());
  }
  return g;
}

TEST(CountPaths, ProductOfChainsPastTwoToTheSixtyFour) {
  // Two chains of 36 steps: C(72, 36) ~ 4.4e20 paths to the last state; three of 25:
  // 75! / (25!)^3 ~ 5.3e33. Both past 2^64, both below 2^128 for the reference.
  for (const std::vector<unsigned>& chains :
       {std::vector<unsigned>{36, 36}, std::vector<unsigned>{25, 25, 25}}) {
    const StateGraph g = product_of_chains(chains);
    std::vector<Count> paths;
    ASSERT_TRUE(count_paths(g, paths));
    EXPECT_FALSE(paths.back().fits_u64());
    EXPECT_EQ(paths.back().decimal(), decimal(multinomial(chains)));
  }
  EXPECT_EQ(decimal(multinomial({36, 36})), "442512540276836779204");  // C(72, 36)
}

TEST(CountPaths, ReportsACycle) {
  StateGraph g;
  g.nodes.resize(3);
  g.edges = {{1, 0, 0}, {2, 0, 0}, {1, 0, 0}};  // 0 -> 1 -> 2 -> 1
  g.nodes[0].edge_begin = 0, g.nodes[0].edge_end = 1;
  g.nodes[1].edge_begin = 1, g.nodes[1].edge_end = 2;
  g.nodes[2].edge_begin = 2, g.nodes[2].edge_end = 3;
  std::vector<Count> paths;
  EXPECT_FALSE(count_paths(g, paths));
}

}  // namespace
}  // namespace syncsim
