// Rule-by-rule tests of the client-reset modes (MODEL §5, docs/client-reset.md).
//
// Each test builds a synced base state, the device's unacknowledged local changesets (in the
// workload's shape, sim/world_exec.cpp), the backup (base + those changesets) and the fresh
// server state (base + other devices' writes), runs model::client_reset and checks the
// outcome. Every outcome is also checked for replayability: the fresh state with the reset's
// writes applied must equal the outcome's state, with no out-of-range list index.
#include "model/recovery.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "model/transform.h"
#include "tests/model/links.h"

namespace syncsim::model {
namespace {

constexpr NoteId R = root_of(1);
const NoteId A1 = tree_note(1, 1), A2 = tree_note(1, 2);
const NoteId X = device_note(1, 1), Z = device_note(1, 2);  // this device's new notes
const NoteId Y = device_note(2, 1);                         // another device's note

using Ids = std::vector<NoteId>;

Instr create(NoteId id) {
  return Instr{.op = Op::CreateObject, .obj = id};
}
Instr erase_object(NoteId id) {
  return Instr{.op = Op::EraseObject, .obj = id};
}
Instr set(NoteId id, Field f, std::int64_t v) {
  return Instr{.op = Op::Set, .field = f, .obj = id, .value = v};
}
Instr insert(NoteId list, std::uint32_t at, NoteId link) {
  return Instr{
      .op = Op::ArrayInsert, .obj = list, .index = at, .value = static_cast<std::int64_t>(link)};
}
Instr erase_at(NoteId list, std::uint32_t at) {
  return Instr{.op = Op::ArrayErase, .obj = list, .index = at};
}
Instr move(NoteId list, std::uint32_t from, std::uint32_t to) {
  return Instr{.op = Op::ArrayMove, .obj = list, .index = from, .index2 = to};
}
Instr clear(NoteId list) {
  return Instr{.op = Op::Clear, .obj = list};
}

Changeset cs(std::vector<Instr> instrs, Tag::Kind kind = Tag::Other, NoteId note = 0) {
  Changeset c;
  c.instrs.assign(instrs.begin(), instrs.end());
  c.tag = Tag{.kind = kind, .note = note};
  return c;
}

/// The workload's insert / delete / edit, stamping lastUpdated at device time `ts`.
Changeset insert_cs(NoteId note, NoteId parent, std::uint32_t at, std::int64_t ts) {
  return cs(
      {create(note), set(note, Field::Text, static_cast<std::int64_t>(part_b(note))),
       set(note, Field::IsRoot, 0), set(note, Field::Owner, 1), set(note, Field::LastUpdated, ts),
       insert(parent, at, note), set(parent, Field::LastUpdated, ts)},
      Tag::Insert, note);
}
Changeset delete_cs(NoteId note, NoteId parent, std::uint32_t index, std::int64_t ts) {
  return cs({erase_at(parent, index), erase_object(note), set(parent, Field::LastUpdated, ts)},
            Tag::Delete, note);
}
Changeset edit_cs(NoteId note, std::int64_t text, std::int64_t ts) {
  return cs({set(note, Field::Text, text), set(note, Field::LastUpdated, ts)}, Tag::Edit, note);
}

/// A synced tree: `lists` gives each note's children; every note stamped lastUpdated = 50.
Store tree(const std::vector<std::pair<NoteId, Ids>>& lists) {
  Store s;
  auto add = [&](NoteId id) {
    if (s.contains(id)) return;
    for (const Instr& i : {create(id), set(id, Field::Text, static_cast<std::int64_t>(part_b(id))),
                           set(id, Field::IsRoot, id == R ? 1 : 0), set(id, Field::Owner, 1),
                           set(id, Field::LastUpdated, 50)})
      s.apply(i);
  };
  for (const auto& [id, kids] : lists) {
    add(id);
    for (std::size_t k = 0; k < kids.size(); ++k) {
      add(kids[k]);
      s.apply(insert(id, static_cast<std::uint32_t>(k), kids[k]));
    }
  }
  return s;
}

Store with(Store s, const std::vector<Changeset>& changes) {
  for (const auto& c : changes) s.apply(c);
  return s;
}

/// A reset of one device: backup = base + unacked, fresh = base + `others`.
struct Case {
  Store backup, fresh;
  ResetInput in;
  Case(const Store& base, std::vector<Changeset> unacked, const std::vector<Changeset>& others,
       ResetMode mode)
      : backup(with(base, unacked)), fresh(with(base, others)) {
    in.unacked = std::move(unacked);
    in.mode = mode;
    in.now_ts = 1000;
    in.last_synced = 100;
  }
  Case(const Case& o) : backup(o.backup), fresh(o.fresh), in(o.in) {}
  ResetOutcome run();
};

void expect_replayable(const ResetInput& in, const ResetOutcome& out) {
  if (out.failed) {
    EXPECT_TRUE(out.writes.empty());
    EXPECT_EQ(out.state, *in.backup);
    return;
  }
  Store replay = *in.fresh;
  for (const auto& w : out.writes) {
    EXPECT_FALSE(w.instrs.empty());
    EXPECT_EQ(w.origin_ts, in.now_ts);
    replay.apply(w);
  }
  EXPECT_EQ(replay, out.state);
  EXPECT_EQ(replay.index_anomalies(), in.fresh->index_anomalies());
  EXPECT_EQ(out.state.index_anomalies(), in.fresh->index_anomalies());
}

ResetOutcome Case::run() {
  in.backup = &backup;  // set here: a Case may have been copied
  in.fresh = &fresh;
  ResetOutcome out = client_reset(in);
  expect_replayable(in, out);
  return out;
}

Ids vis(const Store& s, NoteId id) {
  return s.visible_children(id);
}

bool has_op(const std::vector<Changeset>& writes, Op op, NoteId obj) {
  for (const auto& w : writes)
    for (const auto& i : w.instrs)
      if (i.op == op && i.obj == obj) return true;
  return false;
}

std::vector<std::string> strs(const Instrs& v) {
  std::vector<std::string> out;
  for (const auto& i : v) out.push_back(to_string(i));
  return out;
}

bool linked_anywhere(const Store& s, NoteId id) {
  for (const auto& [owner, n] : s.notes())
    if (std::find(n.children.begin(), n.children.end(), id) != n.children.end()) return true;
  return false;
}

// ---- discard -------------------------------------------------------------------------------

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
  EXPECT_EQ(std::vector<std::string>(all.end() - static_cast<std::ptrdiff_t>(last.size()), all.end()), last);
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

/// The Updates log as sim/world_reset.cpp log_updates keeps it: one record per field Set
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
