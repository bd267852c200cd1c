// Heap allocations of the reachability and cycle searches (properties/reachability.cpp), which
// run after every fuzzed execution: once a ReachScratch has searched a replica, searching it
// again allocates nothing but the summary's own lists of violating notes. Counts calls of the
// global operator new, replaced in this binary alone (its own executable, so that the other
// tests keep the sanitizers' checks of new/delete pairs).
#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "properties/check.h"
#include "tests/support/hand_store.h"

namespace {
long g_news = 0;  ///< operator new calls so far (the tests are single-threaded)
}  // namespace

void* operator new(std::size_t bytes) {
  ++g_news;
  if (void* p = std::malloc(bytes == 0 ? 1 : bytes)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t bytes) {
  return operator new(bytes);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

namespace syncsim {
namespace {

using model::NoteId;
using model::Op;

constexpr NoteId kRoot1 = model::root_of(1);
constexpr NoteId kRoot2 = model::root_of(2);
constexpr NoteId kA = model::tree_note(1, 1);
constexpr NoteId kB = model::tree_note(1, 2);
constexpr NoteId kC = model::tree_note(1, 3);
constexpr NoteId kX = model::tree_note(2, 1);
constexpr int kRepeats = 100;

using test::put;

model::Atlas mirror(const model::Store& st) {
  model::Atlas atlas;
  test::mirror(st, atlas);
  return atlas;
}

/// operator new calls made by `f()`.
template <class F>
long news_in(F f) {
  const long before = g_news;
  f();
  return g_news - before;
}

const std::vector<model::UserId> kUsers{1, 2};

// root.u1 -> a -> b, root.u2 -> x: every note reachable, no cycle.
TEST(ReachAllocations, NonePerCheckAfterTheFirstOnAConsistentReplica) {
  model::Store st;
  put(st, kRoot1, 1, {kA});
  put(st, kA, 1, {kB});
  put(st, kB, 1);
  put(st, kRoot2, 2, {kX});
  put(st, kX, 2);
  const model::Atlas atlas = mirror(st);
  ReachScratch scratch;
  ReplicaSummary realm, docs;
  // The first search fills the fresh scratch's buffers: the counter sees those allocations.
  EXPECT_GT(news_in([&] { realm = realm_summary("server", st, kUsers, scratch); }), 0);
  const long repeated = news_in([&] {
    for (int i = 0; i < kRepeats; ++i) {
      realm = realm_summary("server", st, kUsers, scratch);
      docs = atlas_summary(atlas, kUsers, scratch);
    }
  });
  EXPECT_EQ(repeated, 0);
  for (const ReplicaSummary* r : {&realm, &docs}) {
    EXPECT_EQ(r->notes, 5u);
    EXPECT_EQ(r->reachable, 5u);
    EXPECT_EQ(r->orphans, std::vector<NoteId>{});
    EXPECT_FALSE(r->cycle);
  }
}

// root.u1 -> a -> b -> a (a cycle below the root, every note on it reachable), c of u1 linked
// from nowhere (an orphan), root.u2 -> x. Both searches run to their violating ends; the one
// allocation per summary is its orphan list {c}.
TEST(ReachAllocations, OnlyTheOrphanListPerCheckOnAViolatingReplica) {
  model::Store st;
  put(st, kRoot1, 1, {kA});
  put(st, kA, 1, {kB});
  put(st, kB, 1, {kA});
  put(st, kC, 1);
  put(st, kRoot2, 2, {kX});
  put(st, kX, 2);
  const model::Atlas atlas = mirror(st);
  ReachScratch scratch;
  ReplicaSummary realm, docs;
  realm = realm_summary("server", st, kUsers, scratch);
  docs = atlas_summary(atlas, kUsers, scratch);
  const long realm_news = news_in([&] {
    for (int i = 0; i < kRepeats; ++i) realm = realm_summary("server", st, kUsers, scratch);
  });
  const long atlas_news = news_in([&] {
    for (int i = 0; i < kRepeats; ++i) docs = atlas_summary(atlas, kUsers, scratch);
  });
  EXPECT_EQ(realm_news, kRepeats);
  EXPECT_EQ(atlas_news, kRepeats);
  for (const ReplicaSummary* r : {&realm, &docs}) {
    EXPECT_EQ(r->notes, 6u);
    EXPECT_EQ(r->reachable, 5u);
    EXPECT_EQ(r->orphans, std::vector<NoteId>{kC});
    EXPECT_TRUE(r->cycle);
    EXPECT_EQ(r->dangling, std::vector<NoteId>{});
  }
}

}  // namespace
}  // namespace syncsim
