// The PRNG is part of the trace format: its outputs are pinned here against an independent
// reference implementation (Python, in the comment), so a change is caught on any compiler.
#include "sim/prng.h"

#include <gtest/gtest.h>

#include <set>

namespace syncsim {
namespace {

TEST(Prng, Splitmix64MatchesReference) {
  // Reference: Vigna's splitmix64.c from state 0.
  std::uint64_t s = 0;
  EXPECT_EQ(splitmix64(s), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(splitmix64(s), 0x6e789e6aa1b965f4ULL);
  EXPECT_EQ(splitmix64(s), 0x06c45d188009454fULL);
}

TEST(Prng, Xoshiro256StarStarMatchesReference) {
  // Reference: xoshiro256** seeded by four splitmix64 outputs from 42 (Python model).
  Prng p(42);
  EXPECT_EQ(p.next(), 0x15780b2e0c2ec716ULL);
  EXPECT_EQ(p.next(), 0x6104d9866d113a7eULL);
  EXPECT_EQ(p.next(), 0xae17533239e499a1ULL);
}

TEST(Prng, BelowStaysInRangeAndCoversIt) {
  Prng p(7);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 10000; ++i) {
    const auto v = p.below(13);
    ASSERT_LT(v, 13u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 13u);
}

TEST(Prng, RangeIsInclusiveAndHandlesNegatives) {
  Prng p(9);
  std::set<std::int64_t> seen;
  for (int i = 0; i < 5000; ++i) {
    const auto v = p.range(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(p.range(5, 5), 5);
}

TEST(Prng, ChanceIsAnIntegerRatio) {
  Prng p(11);
  int hits = 0;
  for (int i = 0; i < 100000; ++i) hits += p.chance(1, 4) ? 1 : 0;
  EXPECT_NEAR(hits, 25000, 1000);
  EXPECT_FALSE(Prng(1).chance(0, 5));
  EXPECT_TRUE(Prng(1).chance(5, 5));
}

TEST(Prng, KeyedStreamsAreIndependentOfOrder) {
  // Prng(seed, key) depends only on (seed, key): the basis of identity-keyed draws.
  Prng a(5, fnv1a64("deliver c1->server upload[n1.4]"));
  Prng unrelated(5, fnv1a64("c1 insert n1.3 under root"));
  (void)unrelated.next();
  Prng b(5, fnv1a64("deliver c1->server upload[n1.4]"));
  EXPECT_EQ(a.next(), b.next());
  EXPECT_NE(Prng(5, 1).next(), Prng(5, 2).next());
  EXPECT_NE(Prng(5, 1).next(), Prng(6, 1).next());
}

TEST(Prng, SplitGivesADifferentStream) {
  Prng p(3);
  Prng q = p.split();
  EXPECT_NE(p.next(), q.next());
}

TEST(Prng, Fnv1aMatchesReference) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
}

}  // namespace
}  // namespace syncsim
