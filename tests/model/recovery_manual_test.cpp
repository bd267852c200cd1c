// Rule-by-rule tests of the manual client-reset strategies (spec §5, docs/client-reset.md):
// by object, overwrite backend, by field, updates log, and how their whole-list writes merge
// at the server. Same method as recovery_test.cpp (tests/model/recovery_case.h).
#include <gtest/gtest.h>

#include <vector>

#include "tests/model/recovery_case.h"

namespace syncsim::model {
namespace {

using namespace recovery_case;

// ---- manual: track changes by object -----------------------------------------------------------
// lastSynced = 100; the base is stamped 50; this device writes at 200+, another device at 150
// (or 80 when its clock runs behind).
TEST(RecoveryManualByObject, ParentCopiedWholeDropsAnotherDevicesChild) {
  for (WriteStyle style : {WriteStyle::Overwrite, WriteStyle::Diff}) {
    Case c(tree({{R, {A1}}}), {insert_cs(X, R, 1, 200)}, {insert_cs(Y, R, 1, 150)},
           ResetMode::ManualByObject);
    c.in.write_style = style;
    const ResetOutcome out = c.run();
    EXPECT_EQ(out.applied, ResetMode::ManualByObject);
    EXPECT_EQ(vis(out.state, R), (Ids{A1, X}));   // R upserted whole from the backup
    EXPECT_TRUE(out.state.contains(Y));           // Y (lastUpdated 150 > 100) is not deleted...
    EXPECT_FALSE(linked_anywhere(out.state, Y));  // ...but orphaned
    EXPECT_EQ(has_op(out.writes, Op::Clear, R), style == WriteStyle::Overwrite);
  }
}

TEST(RecoveryManualByObject, ClockSkewDeletesAnotherDevicesNote) {
  // Y was written by a device whose clock runs behind: lastUpdated 80 <= lastSynced 100, and
  // this device's backup never saw Y, so the "deleted locally" query matches it.
  Case c(tree({{R, {A1}}}), {edit_cs(A1, 7, 200)}, {insert_cs(Y, R, 1, 80)},
         ResetMode::ManualByObject);
  const ResetOutcome out = c.run();
  EXPECT_FALSE(out.state.contains(Y));
  EXPECT_EQ(vis(out.state, R), (Ids{A1}));
  ASSERT_EQ(out.writes.size(), 2u);  // the upserts, then the deletes
  EXPECT_EQ(strs(out.writes[1].instrs), strs({erase_at(R, 1), erase_object(Y)}));
  // The same write with a correct clock (150) is kept.
  Case ok(tree({{R, {A1}}}), {edit_cs(A1, 7, 200)}, {insert_cs(Y, R, 1, 150)},
          ResetMode::ManualByObject);
  EXPECT_EQ(vis(ok.run().state, R), (Ids{A1, Y}));
}

TEST(RecoveryManualByObject, NestedUpsertRevertsAndResurrectsChildren) {
  // realm-js upserts the linked backup children with the parent: A2's newer text (another
  // device's edit) is reverted and A1, deleted by another device, comes back.
  Case c(tree({{R, {A1, A2}}}), {insert_cs(X, R, 2, 200)},
         {edit_cs(A2, 99, 150), delete_cs(A1, R, 0, 150)}, ResetMode::ManualByObject);
  const ResetOutcome out = c.run();
  EXPECT_EQ(vis(out.state, R), (Ids{A1, A2, X}));
  EXPECT_EQ(out.state.find(A2)->text, static_cast<std::int64_t>(part_b(A2)));
}

TEST(RecoveryManualByObject, OverwriteSetsEveryScalarDiffOnlyTheChangedOnes) {
  for (WriteStyle style : {WriteStyle::Overwrite, WriteStyle::Diff}) {
    Case c(tree({{R, {A1}}}), {edit_cs(A1, 7, 200)}, {}, ResetMode::ManualByObject);
    c.in.write_style = style;
    const ResetOutcome out = c.run();
    ASSERT_EQ(out.writes.size(), 1u);
    std::vector<Field> fields;
    for (const Instr& i : out.writes[0].instrs)
      if (i.op == Op::Set && i.obj == A1) fields.push_back(i.field);
    if (style == WriteStyle::Overwrite) {
      EXPECT_EQ(fields,
                (std::vector<Field>{Field::Text, Field::IsRoot, Field::Owner, Field::LastUpdated}));
    } else {
      EXPECT_EQ(fields, (std::vector<Field>{Field::Text, Field::LastUpdated}));  // UpdateModified
    }
  }
}

TEST(RecoveryManualByObject, LocalDeleteIsRecovered) {
  Case c(tree({{R, {A1, A2}}}), {delete_cs(A1, R, 0, 200)}, {}, ResetMode::ManualByObject);
  const ResetOutcome out = c.run();
  EXPECT_FALSE(out.state.contains(A1));
  EXPECT_EQ(vis(out.state, R), (Ids{A2}));
}

// ---- manual: overwrite backend, by field, updates log -------------------------------------------

TEST(RecoveryManualOverwriteBackend, UpsertsEveryBackupObjectAndDeletesNothing) {
  Case c(tree({{R, {A1, A2}}}), {delete_cs(A1, R, 0, 200)},
         {insert_cs(Y, R, 2, 150), edit_cs(A2, 99, 150)}, ResetMode::ManualOverwriteBackend);
  const ResetOutcome out = c.run();
  EXPECT_EQ(vis(out.state, R), (Ids{A2}));
  EXPECT_EQ(out.state.find(A2)->text,
            static_cast<std::int64_t>(part_b(A2)));  // other device's edit lost
  EXPECT_TRUE(out.state.contains(A1));               // the local delete is not recovered...
  EXPECT_TRUE(out.state.contains(Y));
  EXPECT_FALSE(linked_anywhere(out.state, Y));  // ...and Y is orphaned
  EXPECT_FALSE(has_op(out.writes, Op::EraseObject, A1));
}

/// Adds the per-field stamps the "track changes by field" app writes with each change.
Changeset stamped(Changeset c, std::int64_t ts) {
  std::vector<Instr> extra;
  for (const Instr& i : c.instrs) {
    if (i.op == Op::Set && i.field == Field::Text)
      extra.push_back(set(i.obj, Field::TextUpdated, ts));
    if (i.op == Op::ArrayInsert || i.op == Op::ArrayErase)
      extra.push_back(set(i.obj, Field::ChildrenUpdated, ts));
  }
  c.instrs.insert(c.instrs.end(), extra.begin(), extra.end());
  return c;
}

TEST(RecoveryManualByField, RestoresOnlyFieldsChangedSinceTheLastSync) {
  // This device edited R's text; another device added Y to R's children.
  Case c(tree({{R, {A1}}}), {stamped(edit_cs(R, 7, 200), 200)},
         {stamped(insert_cs(Y, R, 1, 150), 150)}, ResetMode::ManualByField);
  const ResetOutcome out = c.run();
  EXPECT_EQ(out.state.find(R)->text, 7);
  EXPECT_EQ(vis(out.state, R), (Ids{A1, Y}));  // children not overwritten
  c.in.mode = ResetMode::ManualByObject;       // the whole-object upsert drops Y
  EXPECT_EQ(vis(c.run().state, R), (Ids{A1}));
}

TEST(RecoveryManualByField, ListChangedOnBothSidesIsRestoredWhole) {
  Case c(tree({{R, {A1}}}), {stamped(insert_cs(X, R, 1, 200), 200)},
         {stamped(insert_cs(Y, R, 1, 150), 150)}, ResetMode::ManualByField);
  const ResetOutcome out = c.run();
  EXPECT_EQ(vis(out.state, R), (Ids{A1, X}));   // X created locally is restored...
  EXPECT_FALSE(linked_anywhere(out.state, Y));  // ...and Y orphaned
  EXPECT_EQ(get_field(*out.state.find(X), Field::TextUpdated), 200);
}

/// The Updates log as sim/notes_app.cpp log_updates keeps it: one record per field Set
/// (not lastUpdated) and per list change.
void log(std::vector<UpdateRecord>& out, const Changeset& c, std::int64_t ts) {
  for (const Instr& i : c.instrs) {
    if (i.op == Op::Set && i.field != Field::LastUpdated) out.push_back({i.obj, i.field, ts});
    if (i.op == Op::ArrayInsert || i.op == Op::ArrayErase)
      out.push_back({i.obj, Field::Children, ts});
  }
}

TEST(RecoveryManualUpdatesLog, ReWritesRecordedFieldsFromTheBackup) {
  const std::vector<std::pair<Changeset, std::int64_t>> local = {{insert_cs(X, R, 2, 200), 200},
                                                                 {edit_cs(A2, 7, 210), 210},
                                                                 {edit_cs(A1, 8, 205), 205},
                                                                 {delete_cs(A1, R, 0, 220), 220}};
  std::vector<Changeset> unacked;
  std::vector<UpdateRecord> records = {{A2, Field::Text, 80}};  // before the last sync: ignored
  for (const auto& [c, ts] : local) {
    unacked.push_back(c);
    log(records, c, ts);
  }
  Case c(tree({{R, {A1, A2}}}), unacked, {insert_cs(Y, R, 2, 150), edit_cs(A2, 99, 150)},
         ResetMode::ManualUpdatesLog);
  c.in.updates = &records;
  const ResetOutcome out = c.run();
  EXPECT_EQ(vis(out.state, R), (Ids{A2, X}));  // the recorded list re-written whole: Y orphaned
  EXPECT_FALSE(linked_anywhere(out.state, Y));
  EXPECT_EQ(out.state.find(A2)->text, 7);  // the local edit wins
  EXPECT_FALSE(out.state.contains(A1));    // a record of a note the backup lacks: deleted
  EXPECT_EQ(out.state.find(X)->owner, 1u);
  const std::vector<UpdateRecord> old = {{A2, Field::Text, 80}};
  c.in.updates = &old;
  EXPECT_TRUE(c.run().writes.empty());
}

// ---- the server integrates the writes (OT) ------------------------------------------------------

/// Merges the reset's writes with another device's concurrent changeset both ways, checks
/// that both orders converge, and returns the converged state.
Store merged(const Store& fresh, std::vector<Changeset> writes, Changeset theirs) {
  for (auto& w : writes) w.origin = kFirstClientIdent;
  theirs.origin = kFirstClientIdent + 1;
  theirs.origin_ts = 300;
  std::vector<Changeset> writes_t = writes;
  Changeset theirs_t = theirs;
  merge_into(writes_t, theirs_t);
  Store a = with(fresh, writes);
  a.apply(theirs_t);
  Store b = fresh;
  b.apply(theirs);
  for (const auto& w : writes_t) b.apply(w);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.index_anomalies() + b.index_anomalies(), 0u);
  return a;
}

TEST(RecoveryWrites, UpsertClearDiscardsAConcurrentInsertAtTheServerButDiffDoesNot) {
  for (WriteStyle style : {WriteStyle::Overwrite, WriteStyle::Diff}) {
    Case c(tree({{R, {A1}}}), {insert_cs(X, R, 1, 200)}, {}, ResetMode::ManualByObject);
    c.in.write_style = style;
    const ResetOutcome out = c.run();
    const Store server = merged(c.fresh, out.writes, insert_cs(Y, R, 1, 300));
    EXPECT_TRUE(server.contains(Y));
    EXPECT_EQ(linked_anywhere(server, Y), style == WriteStyle::Diff);
  }
}

}  // namespace
}  // namespace syncsim::model
