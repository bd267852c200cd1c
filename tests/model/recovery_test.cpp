// Rule-by-rule tests of the client-reset modes (spec §5, docs/client-reset.md).
//
// Each test builds a synced base state, the device's unacknowledged local changesets (in the
// workload's shape, sim/notes_app.cpp), the backup (base + those changesets) and the fresh
// server state (base + other devices' writes), runs model::client_reset and checks the
// outcome. Every outcome is also checked for replayability: the fresh state with the reset's
// writes applied must equal the outcome's state, with no out-of-range list index.
#include "model/recovery.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/model/recovery_case.h"

namespace syncsim::model {
namespace {

using namespace recovery_case;

TEST(RecoveryDiscard, LosesUnsyncedInserts) {
  Case c(tree({{R, {A1}}}), {insert_cs(X, R, 1, 200)}, {insert_cs(Y, R, 1, 150)},
         ResetMode::Discard);
  const ResetOutcome out = c.run();
  EXPECT_EQ(out.applied, ResetMode::Discard);
  EXPECT_FALSE(out.failed);
  EXPECT_EQ(out.state, c.fresh);
  EXPECT_TRUE(out.writes.empty());
  EXPECT_FALSE(out.state.contains(X));  // the unsynced insert is gone
}

// ---- recover: inserts ----------------------------------------------------------------------

TEST(RecoveryRecover, KeepsEveryUnackedInsertWhenParentExists) {
  Case c(tree({{R, {A1}}}), {insert_cs(X, R, 1, 200), insert_cs(Z, R, 2, 210)},
         {insert_cs(Y, R, 1, 150)}, ResetMode::Recover);
  const ResetOutcome out = c.run();
  EXPECT_EQ(out.applied, ResetMode::Recover);
  EXPECT_FALSE(out.failed);
  // Local indices 1 and 2, clamped to the fresh list's size, untranslated otherwise.
  EXPECT_EQ(vis(out.state, R), (Ids{A1, X, Z, Y}));
  // AtEnd (core <= 13.24.0): the whole recovery is one transaction, uploaded as ONE changeset.
  ASSERT_EQ(out.writes.size(), 1u);
  EXPECT_FALSE(has_op(out.writes, Op::Clear, R));
  // PerChangeset (core >= 13.24.1): one recovered changeset per local one, tags kept.
  c.in.copy_timing = CopyTiming::PerChangeset;
  const ResetOutcome per = c.run();
  EXPECT_EQ(vis(per.state, R), (Ids{A1, X, Z, Y}));
  ASSERT_EQ(per.writes.size(), 2u);
  EXPECT_EQ(per.writes[0].tag, c.in.unacked[0].tag);
}

TEST(RecoveryRecover, InsertIndexIsClampedToTheFreshListSize) {
  Case c(tree({{R, {A1, A2}}}), {insert_cs(X, R, 2, 200)},
         {delete_cs(A2, R, 1, 150), delete_cs(A1, R, 0, 151)}, ResetMode::Recover);
  const ResetOutcome out = c.run();
  EXPECT_EQ(vis(out.state, R), (Ids{X}));
  ASSERT_EQ(out.writes.size(), 1u);
  const auto& instrs = out.writes[0].instrs;
  auto it = std::find_if(instrs.begin(), instrs.end(),
                         [](const Instr& i) { return i.op == Op::ArrayInsert; });
  ASSERT_NE(it, instrs.end());
  EXPECT_EQ(it->index, 0u);
}

TEST(RecoveryRecover, UploadedButUnackedInsertDuplicatesTheEntry) {
  // The server integrated X's insert but the acknowledgement was lost: fresh already has it.
  const Changeset ins = insert_cs(X, R, 1, 200);
  Case c(tree({{R, {A1}}}), {ins}, {ins}, ResetMode::Recover);
  const ResetOutcome out = c.run();
  EXPECT_EQ(test::as_ids(out.state.find(R)->children), (Ids{A1, X, X}));  // not deduplicated
}

TEST(RecoveryRecover, InsertIntoParentMissingInFreshIsDroppedAndOrphansTheNote) {
  Case c(tree({{R, {A1}}}), {insert_cs(X, A1, 0, 200)}, {delete_cs(A1, R, 0, 150)},
         ResetMode::Recover);
  const ResetOutcome out = c.run();
  EXPECT_TRUE(out.state.contains(X));           // CreateObject and Sets are recovered...
  EXPECT_FALSE(linked_anywhere(out.state, X));  // ...but no list holds it
}

TEST(RecoveryRecover, LinkToTargetMissingInFreshIsDropped) {
  // Local: move A1 under A2. Another device deleted A1.
  Case c(tree({{R, {A1, A2}}}), {cs({erase_at(R, 0), insert(A2, 0, A1)}, Tag::Move, A1)},
         {delete_cs(A1, R, 0, 150)}, ResetMode::Recover);
  const ResetOutcome out = c.run();
  EXPECT_FALSE(has_op(out.writes, Op::ArrayInsert, A2));
  EXPECT_TRUE(out.state.find(A2)->children.empty());  // no tombstone either
  EXPECT_EQ(vis(out.state, R), (Ids{A2}));
}

// ---- recover: list copy, Clear ----------------------------------------------------------------

TEST(RecoveryRecover, ReplayedClearWipesAnotherDevicesChild) {
  Case c(tree({{R, {A1}}}), {cs({clear(R), insert(R, 0, A1)})}, {insert_cs(Y, R, 1, 150)},
         ResetMode::Recover);
  const ResetOutcome out = c.run();
  EXPECT_EQ(vis(out.state, R), (Ids{A1}));
  EXPECT_TRUE(out.state.contains(Y));  // Y survives, unreachable
  EXPECT_FALSE(linked_anywhere(out.state, Y));
}

/// base R[A1, A2]; local: delete A1, then insert X; another device inserted Y.
Case copy_case(CopyTiming timing) {
  Case c(tree({{R, {A1, A2}}}), {delete_cs(A1, R, 0, 200), insert_cs(X, R, 1, 210)},
         {insert_cs(Y, R, 2, 150)}, ResetMode::Recover);
  c.in.copy_timing = timing;
  return c;
}

TEST(RecoveryRecover, EraseOfAnElementRecoveryDidNotInsertCopiesTheListAtEnd) {
  Case c = copy_case(CopyTiming::AtEnd);
  const ResetOutcome out = c.run();
  EXPECT_EQ(vis(out.state, R), (Ids{A2, X}));  // the backup's list, verbatim
  EXPECT_TRUE(out.state.contains(Y));          // another device's child is dropped from it
  EXPECT_FALSE(linked_anywhere(out.state, Y));
  EXPECT_TRUE(has_op({out.writes.back()}, Op::Clear, R));
}

TEST(RecoveryRecover, PerChangesetCopyOrphansANoteCreatedByALaterChangeset) {
  Case c = copy_case(CopyTiming::PerChangeset);
  const ResetOutcome out = c.run();
  // Copied after the delete, when X did not exist yet; the list is then frozen.
  EXPECT_EQ(vis(out.state, R), (Ids{A2}));
  EXPECT_TRUE(out.state.contains(X));
  EXPECT_FALSE(linked_anywhere(out.state, X));
  Case at_end = copy_case(CopyTiming::AtEnd);
  EXPECT_NE(out.state, at_end.run().state);
}

TEST(RecoveryRecover, MoveAndElementSetOfUntrackedElementsCopyTheList) {
  const Store base = tree({{R, {A1, A2}}});
  for (const Instr& op : {move(R, 1, 0), set(R, Field::Children, static_cast<std::int64_t>(A2))}) {
    Case c(base, {cs({op})}, {insert_cs(Y, R, 2, 150)}, ResetMode::Recover);
    const ResetOutcome out = c.run();
    EXPECT_EQ(vis(out.state, R), vis(c.backup, R)) << to_string(op);
    EXPECT_TRUE(has_op(out.writes, Op::Clear, R)) << to_string(op);
    EXPECT_FALSE(linked_anywhere(out.state, Y)) << to_string(op);
  }
}

TEST(RecoveryRecover, ListOpsOnElementsRecoveryInsertedAreTranslated) {
  // Fresh R = [Y, A1]: X recovered at 1; Z at 2; Z moved before X; X then deleted.
  Case c(tree({{R, {A1}}}),
         {insert_cs(X, R, 1, 200), insert_cs(Z, R, 2, 210), cs({move(R, 2, 1)}),
          delete_cs(X, R, 2, 230)},
         {cs({create(Y), insert(R, 0, Y)})}, ResetMode::Recover);
  EXPECT_EQ(vis(c.backup, R), (Ids{A1, Z}));
  const ResetOutcome out = c.run();
  EXPECT_EQ(vis(out.state, R), (Ids{Y, Z, A1}));   // untranslated indices: Z lands before A1
  EXPECT_FALSE(has_op(out.writes, Op::Clear, R));  // no copy: Y kept
}

TEST(RecoveryRecover, InsertBeforeARecoveredElementShiftsItsTrackedIndex) {
  // Local: X at 1, then Z at 1 (X moves to local 2), then X erased at local 2.
  Case c(tree({{R, {A1}}}),
         {insert_cs(X, R, 1, 200), insert_cs(Z, R, 1, 210), delete_cs(X, R, 2, 220)},
         {insert_cs(Y, R, 1, 150)}, ResetMode::Recover);
  const ResetOutcome out = c.run();
  EXPECT_EQ(vis(out.state, R), (Ids{A1, Z, Y}));
  EXPECT_FALSE(has_op(out.writes, Op::Clear, R));  // the erase was translated, no copy
}

TEST(RecoveryRecover, ClearCancelsAPendingCopy) {
  // The delete marks R for copy; the later Clear cancels it: the one recovered changeset ends
  // with the replayed Clear and insert, no copy after them.
  Case c(tree({{R, {A1, A2}}}),
         {delete_cs(A1, R, 0, 200), cs({create(X), clear(R), insert(R, 0, X)})}, {},
         ResetMode::Recover);
  const ResetOutcome out = c.run();
  ASSERT_EQ(out.writes.size(), 1u);
  EXPECT_EQ(vis(out.state, R), (Ids{X}));
  const auto all = strs(out.writes.front().instrs);
  const auto last = strs(c.in.unacked.back().instrs);
  ASSERT_GE(all.size(), last.size());
  EXPECT_EQ(
      std::vector<std::string>(all.end() - static_cast<std::ptrdiff_t>(last.size()), all.end()),
      last);
  // Without the Clear the same delete ends in a copy: instructions after the replayed ones.
  Case copied(tree({{R, {A1, A2}}}), {delete_cs(A1, R, 0, 200)}, {}, ResetMode::Recover);
  const ResetOutcome co = copied.run();
  ASSERT_EQ(co.writes.size(), 1u);
  EXPECT_GT(co.writes.front().instrs.size(), copied.in.unacked.front().instrs.size());
}

TEST(RecoveryRecover, ErasedObjectIsUnlinkedFromEveryList) {
  // Another device moved A1 under A2; this device deleted A1.
  Case c(tree({{R, {A1, A2}}}), {delete_cs(A1, R, 0, 200)},
         {cs({erase_at(R, 0), insert(A2, 0, A1)})}, ResetMode::Recover);
  const ResetOutcome out = c.run();
  EXPECT_FALSE(out.state.contains(A1));
  EXPECT_TRUE(out.state.find(A2)->children.empty());  // erased, not left as a tombstone
  EXPECT_TRUE(has_op(out.writes, Op::ArrayErase, A2));
}

TEST(RecoveryRecover, DiffStyleCopyKeepsTheSameListWithoutClear) {
  Case c = copy_case(CopyTiming::AtEnd);
  c.in.write_style = WriteStyle::Diff;
  const ResetOutcome out = c.run();
  EXPECT_EQ(vis(out.state, R), (Ids{A2, X}));
  EXPECT_FALSE(has_op(out.writes, Op::Clear, R));
}

// ---- recover: failure and downgrades ----------------------------------------------------------

const Field kNewField = static_cast<Field>(static_cast<int>(Field::Extra) + 0);

Case extra_field_case(ResetMode mode) {
  return Case(tree({{R, {A1}}}), {insert_cs(X, R, 1, 200), cs({set(A1, kNewField, 5)})}, {}, mode);
}

TEST(RecoveryRecover, SetOfAFieldTheNewSchemaLacksFails) {
  Case c = extra_field_case(ResetMode::Recover);
  const ResetOutcome out = c.run();
  EXPECT_TRUE(out.failed);
  EXPECT_EQ(out.applied, ResetMode::Recover);
  EXPECT_NE(out.reason.find("schema"), std::string::npos);
  c.in.schema_extra_fields = {kNewField};
  const ResetOutcome ok = c.run();
  EXPECT_FALSE(ok.failed);
  EXPECT_EQ(get_field(*ok.state.find(A1), kNewField), 5);
}

TEST(RecoveryRecover, DisallowedByTheServerFails) {
  Case c(tree({{R, {A1}}}), {insert_cs(X, R, 1, 200)}, {}, ResetMode::Recover);
  c.in.recovery_allowed = false;
  const ResetOutcome out = c.run();
  EXPECT_TRUE(out.failed);
  EXPECT_EQ(out.state, c.backup);
}

// realm-core's cycle guard (client_reset.cpp, reset_precheck_guard): Recover on top of an
// unacknowledged or failed reset throws ClientResetFailed instead of replaying again, even
// when the recovery itself would succeed.
TEST(RecoveryRecover, PendingResetFailsInsteadOfRecoveringAgain) {
  Case c(tree({{R, {A1}}}), {insert_cs(X, R, 1, 200)}, {}, ResetMode::Recover);
  ASSERT_FALSE(c.run().failed);
  c.in.pending_reset = true;
  const ResetOutcome out = c.run();
  EXPECT_TRUE(out.failed);
  EXPECT_EQ(out.state, c.backup);
  EXPECT_TRUE(out.writes.empty());
  EXPECT_NE(out.reason.find("prevent a cycle"), std::string::npos) << out.reason;
}

TEST(RecoveryRecoverOrDiscard, FailureLeavesTheBackupAndWritesNothing) {
  Case c = extra_field_case(ResetMode::RecoverOrDiscard);
  const ResetOutcome out = c.run();
  EXPECT_TRUE(out.failed);
  EXPECT_EQ(out.applied, ResetMode::Recover);
  EXPECT_EQ(out.state, c.backup);
  EXPECT_TRUE(out.writes.empty());
}

TEST(RecoveryRecoverOrDiscard, DisallowedOrDowngradedDiscardsAtOnce) {
  for (int variant = 0; variant < 2; ++variant) {
    Case c = extra_field_case(ResetMode::RecoverOrDiscard);  // would fail if attempted
    if (variant == 0)
      c.in.recovery_allowed = false;
    else
      c.in.pending_reset = true;
    const ResetOutcome out = c.run();
    EXPECT_FALSE(out.failed) << variant;
    EXPECT_EQ(out.applied, ResetMode::Discard) << variant;
    EXPECT_FALSE(out.reason.empty()) << variant;
    EXPECT_EQ(out.state, c.fresh) << variant;
  }
  Case ok(tree({{R, {A1}}}), {insert_cs(X, R, 1, 200)}, {}, ResetMode::RecoverOrDiscard);
  const ResetOutcome out = ok.run();
  EXPECT_EQ(out.applied, ResetMode::Recover);
  EXPECT_TRUE(out.state.contains(X));
}

}  // namespace
}  // namespace syncsim::model
