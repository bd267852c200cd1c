// Store::find (model::NoteMap, which Atlas uses too) remembers where it found the last note (a
// cache, reset by creates and erases):
// after any sequence of instructions, and any sequence of look-ups, it must return exactly
// the note the map holds under that id, or nothing.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <tuple>
#include <vector>

#include "model/store.h"

namespace syncsim::model {
namespace {

constexpr NoteId kIds[] = {root_of(1),        device_note(1, 1), device_note(1, 2),
                           device_note(2, 1), tree_note(1, 1),   tree_note(2, 7)};

/// (what, which id): 0 create, 1 erase, 2 set a field, 3 look up only.
rc::Gen<std::tuple<int, int>> step_gen() {
  return rc::gen::tuple(rc::gen::inRange(0, 4), rc::gen::inRange(0, 6));
}

void expect_find_matches_the_map(const Store& st, NoteId id) {
  const auto it = st.notes().find(id);
  const Note* want = it == st.notes().end() ? nullptr : &it->second;
  RC_ASSERT(st.find(id) == want);
  RC_ASSERT(st.contains(id) == (want != nullptr));
}

RC_GTEST_PROP(StoreFind, AlwaysReturnsTheMapsNote, ()) {
  const auto steps =
      *rc::gen::resize(60, rc::gen::container<std::vector<std::tuple<int, int>>>(step_gen()));
  Store st;
  std::int64_t text = 0;
  for (const auto& [what, which] : steps) {
    const NoteId id = kIds[which];
    if (what == 0) st.apply(Instr{.op = Op::CreateObject, .obj = id});
    if (what == 1) st.apply(Instr{.op = Op::EraseObject, .obj = id});
    if (what == 2) {
      st.apply(Instr{.op = Op::Set, .field = Field::Text, .obj = id, .value = ++text});
      if (st.contains(id)) RC_ASSERT(st.notes().find(id)->second.text == text);
    }
    expect_find_matches_the_map(st, id);
    // A copy keeps the cache; it must still point into the copy's own notes.
    const Store copy = st;
    for (NoteId other : kIds) expect_find_matches_the_map(copy, other);
    for (NoteId other : kIds) expect_find_matches_the_map(st, other);
  }
}

// A list moved out of leaves storage of capacity 0 behind (boost small_vector steals a heap
// buffer): make_room must still leave room for one link, or Store::apply_list's assertion
// (found by fuzz.DecodeInterleaving after a list outgrew its inline links and was moved).
/// Out of line: inlined into the test, g++ 12 warns about boost's inline-buffer copy in a
/// branch that a heap-allocated source never takes (-Wstringop-overread, a false positive).
[[gnu::noinline]] Links move_out(Links& from) {
  return std::move(from);
}

TEST(MakeRoom, LeavesRoomInAListWhoseStorageWasMovedOut) {
  Links full;
  const auto links =
      static_cast<std::uint32_t>(2 * full.capacity() + 1);  // past inline: on the heap
  for (std::uint32_t k = 1; k <= links; ++k) full.push_back(tree_note(1, k));
  Links taken = move_out(full);
  ASSERT_EQ(taken.size(), links);
  full.clear();  // the moved-from list is valid but unspecified: empty it explicitly
  make_room(full);
  EXPECT_LT(full.size(), full.capacity());
  make_room(taken);
  EXPECT_LT(taken.size(), taken.capacity());
}

}  // namespace
}  // namespace syncsim::model
