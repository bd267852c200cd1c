// Recovery (docs/spec.md §5, model/recovery_realm.cpp): a replayed Clear that meets a list
// already marked for a verbatim copy. realm-core >= 13.24.1 copies a marked list at the end of
// the changeset that marked it and then freezes it, so a later changeset's Clear of that list
// (and its inserts) are dropped; core <= 13.24.0 copies once at the end, and the Clear cancels
// the pending copy (RecoveryRecover.ClearCancelsAPendingCopy).
#include <gtest/gtest.h>

#include "model/recovery.h"
#include "tests/model/recovery_case.h"

namespace syncsim::model {
namespace {

using namespace recovery_case;

/// base R[A1, A2]; local: delete A1 (an element recovery did not insert: R is marked for a
/// copy), then create X, Clear R, insert X; another device appended Y (fresh R[A1, A2, Y]).
/// The backup's R is [X].
Case clear_after_mark(CopyTiming timing) {
  Case c(tree({{R, {A1, A2}}}),
         {delete_cs(A1, R, 0, 200), cs({create(X), clear(R), insert(R, 0, X)})},
         {insert_cs(Y, R, 2, 150)}, ResetMode::Recover);
  c.in.copy_timing = timing;
  return c;
}

TEST(RecoveryRecover, ReplayedClearOfAListCopiedAndFrozenIsDropped) {
  Case c = clear_after_mark(CopyTiming::PerChangeset);
  EXPECT_EQ(vis(c.backup, R), (Ids{X}));
  const ResetOutcome out = c.run();
  // The copy after the delete wrote the backup's R minus X (not created yet): empty. The
  // frozen R then takes neither the replayed Clear nor the insert of X: X, A2 and Y exist,
  // linked nowhere.
  EXPECT_EQ(vis(out.state, R), Ids{});
  for (NoteId n : {X, A2, Y}) {
    EXPECT_TRUE(out.state.contains(n)) << note_name(n);
    EXPECT_FALSE(linked_anywhere(out.state, n)) << note_name(n);
  }
  ASSERT_FALSE(out.writes.empty());
  const Changeset& last = out.writes.back();  // the second changeset's replay: X created only
  EXPECT_TRUE(has_op({last}, Op::CreateObject, X));
  EXPECT_FALSE(has_op({last}, Op::Clear, R));
  EXPECT_FALSE(has_op({last}, Op::ArrayInsert, R));
}

TEST(RecoveryRecover, ReplayedClearCancelsTheCopyWhenCopiesWaitForTheEnd) {
  Case c = clear_after_mark(CopyTiming::AtEnd);
  const ResetOutcome out = c.run();
  // The Clear replays on the fresh R (A2 and Y go), X is inserted; no copy follows.
  EXPECT_EQ(vis(out.state, R), (Ids{X}));
  EXPECT_FALSE(linked_anywhere(out.state, Y));
  EXPECT_TRUE(has_op(out.writes, Op::Clear, R));
}

}  // namespace
}  // namespace syncsim::model
