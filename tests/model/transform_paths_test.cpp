// merge() skips pairs of instructions on different objects (by object bucket, and by chains
// of buckets for a big `ours`): it must give exactly what the plain nested loop of realm-core's
// transform gives, pair by pair, with merge_instr. Random changesets on a few objects whose
// buckets collide and differ, of every size around the chaining threshold.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstdint>
#include <ostream>
#include <tuple>
#include <vector>

#include "model/transform.h"

namespace syncsim::model {
namespace {

/// The rule of transform.h without any skipping: every instruction of `theirs` meets every
/// instruction of `ours`, in order, until it is discarded.
void merge_every_pair(Changeset& ours, Changeset& theirs) {
  const bool ours_first = orders_before(ours, theirs);
  for (auto& t : theirs.instrs)
    for (auto& o : ours.instrs) {
      if (t.discarded) break;
      merge_instr(o, t, ours_first);
    }
}

/// Objects: two roots, device notes whose buckets collide (n1.1 and n1.65 share the low six
/// bits) and differ, a tree note.
constexpr NoteId kObjects[] = {root_of(1),         root_of(2),        device_note(1, 1),
                               device_note(1, 65), device_note(2, 1), tree_note(1, 3)};

rc::Gen<Instr> instr_gen() {
  using T = std::tuple<int, int, int, bool, int, int, int>;
  const auto parts =
      rc::gen::tuple(rc::gen::inRange(0, 8), rc::gen::inRange(0, 6), rc::gen::inRange(1, 4),
                     rc::gen::arbitrary<bool>(), rc::gen::inRange(0, 4), rc::gen::inRange(0, 4),
                     rc::gen::inRange(0, 6));
  return rc::gen::map(parts, [](const T& t) {
    Instr i;
    i.op = static_cast<Op>(std::get<0>(t));
    i.obj = kObjects[std::get<1>(t)];
    i.field = static_cast<Field>(std::get<2>(t));
    i.is_default = std::get<3>(t);
    i.index = static_cast<std::uint32_t>(std::get<4>(t));
    i.index2 = static_cast<std::uint32_t>(std::get<5>(t));
    i.value = static_cast<std::int64_t>(kObjects[std::get<6>(t)]);
    return i;
  });
}

Changeset changeset(std::vector<Instr> instrs, std::int64_t ts, FileIdent origin) {
  Changeset c;
  c.instrs.assign(instrs.begin(), instrs.end());
  c.origin_ts = ts;
  c.origin = origin;
  return c;
}

void expect_same(const Changeset& got, const Changeset& want) {
  RC_ASSERT(got.instrs.size() == want.instrs.size());
  for (std::size_t k = 0; k < got.instrs.size(); ++k) {
    const Instr& g = got.instrs[k];
    const Instr& w = want.instrs[k];
    RC_ASSERT(g.discarded == w.discarded);
    RC_ASSERT(g.index == w.index);
    RC_ASSERT(g.index2 == w.index2);
  }
}

RC_GTEST_PROP(TransformPaths, MergeEqualsEveryPairMerged, ()) {
  // Sizes 0..40 on both sides: below, at and above the size from which `ours` is chained.
  const auto ours_instrs =
      *rc::gen::resize(40, rc::gen::container<std::vector<Instr>>(instr_gen()));
  const auto theirs_instrs =
      *rc::gen::resize(40, rc::gen::container<std::vector<Instr>>(instr_gen()));
  const auto ts = *rc::gen::inRange<std::int64_t>(0, 3);
  Changeset ours = changeset(ours_instrs, 1, 2);
  Changeset theirs = changeset(theirs_instrs, ts, 3);
  Changeset ours_want = ours, theirs_want = theirs;
  merge(ours, theirs);
  merge_every_pair(ours_want, theirs_want);
  expect_same(ours, ours_want);
  expect_same(theirs, theirs_want);
}

}  // namespace
}  // namespace syncsim::model
