// The execution arena (fuzz/arena.h): blocks come from it only inside an execution, a slab is
// rewound only when nothing in it is alive, and under ASan an overflow, a use after free and
// a double free are still caught (planted bugs: these tests fail if the poisoning is lost).
#include "fuzz/arena.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "fuzz/has_asan.h"

namespace syncsim::fuzz {
namespace {

/// A pointer the optimizer knows nothing about: allocations it cannot drop, and a second
/// delete it cannot see as one (the double free below is the point of its test).
template <class T>
T* opaque(T* p) {
  asm volatile("" : "+r"(p) : : "memory");
  return p;
}

TEST(Arena, AnExecutionWhoseBlocksAreAllFreedIsRewound) {
  const ArenaStats before = arena_stats();
  {
    const ExecutionArena arena;
    std::vector<int> v(100, 7);
    std::string s(200, 'x');
    EXPECT_EQ(arena_stats().live, before.live + 2);
    EXPECT_EQ(v[99] + s[199], 7 + 'x');
  }
  const ArenaStats after = arena_stats();
  EXPECT_TRUE(after.enabled);
  EXPECT_EQ(after.live, before.live);
  EXPECT_EQ(after.rewinds, before.rewinds + 1);
  EXPECT_EQ(after.abandoned, before.abandoned);
}

TEST(Arena, OutsideAnExecutionAndForLargeBlocksMallocServes) {
  const ArenaStats before = arena_stats();
  auto outside = std::make_unique<std::vector<int>>(10);
  {
    const ExecutionArena arena;
    std::vector<char> large(std::size_t{1} << 17);
    EXPECT_EQ(arena_stats().live, before.live);
  }
  EXPECT_EQ(arena_stats().live, before.live);
}

TEST(Arena, ABlockThatOutlivesItsExecutionIsNeitherRewoundNorReused) {
  const ArenaStats before = arena_stats();
  std::unique_ptr<std::string> kept;
  {
    const ExecutionArena arena;
    kept = std::make_unique<std::string>(100, 'k');
  }
  EXPECT_EQ(arena_stats().abandoned, before.abandoned + 1);
  for (int i = 0; i < 50; ++i) {
    const ExecutionArena arena;
    std::string overwrite(100, 'o');
    opaque(overwrite.data());
  }
  EXPECT_EQ(*kept, std::string(100, 'k'));
  kept.reset();
  EXPECT_EQ(arena_stats().live, before.live);
  EXPECT_EQ(arena_stats().rewinds, before.rewinds + 50);
}

TEST(ArenaDeathTest, ADoubleFreeAborts) {
  EXPECT_DEATH(
      {
        const ExecutionArena arena;
        int* p = opaque(new int(1));
        int* again = opaque(p);
        delete p;
        delete again;
      },
      "syncsim arena: double free");
}

#ifdef SYNCSIM_HAS_ASAN
TEST(ArenaDeathTest, AnOverflowPastABlockIsReported) {
  EXPECT_DEATH(
      {
        const ExecutionArena arena;
        volatile char* p = opaque(new char[10]);
        p[10] = 1;
      },
      "AddressSanitizer: use-after-poison");
}

TEST(ArenaDeathTest, AUseAfterFreeIsReported) {
  EXPECT_DEATH(
      {
        const ExecutionArena arena;
        std::vector<int> v(4, 1);
        volatile int* old = opaque(v.data());
        v.resize(1000);  // reallocates: the old block is freed and poisoned
        old[0] = 2;
      },
      "AddressSanitizer: use-after-poison");
}
#else
TEST(ArenaDeathTest, AnOverflowPastABlockIsReported) {
  GTEST_SKIP() << "needs AddressSanitizer (the asan preset)";
}
TEST(ArenaDeathTest, AUseAfterFreeIsReported) {
  GTEST_SKIP() << "needs AddressSanitizer (the asan preset)";
}
#endif

}  // namespace
}  // namespace syncsim::fuzz
