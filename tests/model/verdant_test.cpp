// Rule-by-rule tests of the Verdant model (spec §6, docs/verdant.md): validation against a
// schema version, migrations as data, the version of the relay's data, and the two reset
// behaviours. The relay's data is built from changesets as the simulator's relay stores
// them: each with the schema version of the app build that wrote it.
#include "model/verdant.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace syncsim::model::verdant {
namespace {

constexpr NoteId R = root_of(1);
const NoteId A1 = tree_note(1, 1);
const NoteId N1 = device_note(1, 1);  // written by c1 on v2
const NoteId N2 = device_note(2, 1);  // written by old peer c2 on v1
const NoteId K2 = device_note(2, 2);  // child of N2, written by c1 on v2

using Ids = std::vector<NoteId>;

const Field kPriority = Chain::field_of(2);
const Field kColour = Chain::field_of(3);

Chain two_steps() {
  return Chain({{2, kPriority, true, 3}, {3, kColour, true, 7}});
}

Changeset cs(std::uint32_t schema, std::vector<Instr> instrs) {
  Changeset c;
  c.schema = schema;
  c.instrs.assign(instrs.begin(), instrs.end());
  return c;
}
Instr create(NoteId id) {
  return Instr{.op = Op::CreateObject, .obj = id};
}
Instr set(NoteId id, Field f, std::int64_t v) {
  return Instr{.op = Op::Set, .field = f, .obj = id, .value = v};
}
Instr link(NoteId list, std::uint32_t at, NoteId child) {
  return Instr{
      .op = Op::ArrayInsert, .obj = list, .index = at, .value = static_cast<std::int64_t>(child)};
}

/// The relay's operations: bootstrap (root, a.1), c1's v2 migration of both, c1's v2 note N1
/// under root, old peer c2's v1 note N2 under root, and c1's v2 note K2 under N2.
struct Relay {
  std::vector<Changeset> ops;
  Store store;
  Relay() {
    ops.push_back(cs(0, {create(R), create(A1), link(R, 0, A1)}));
    ops.push_back(cs(2, {set(R, kPriority, 3), set(A1, kPriority, 3)}));
    ops.push_back(cs(2, {create(N1), set(N1, kPriority, 3), link(R, 1, N1)}));
    ops.push_back(cs(1, {create(N2), set(N2, Field::Text, 5), link(R, 2, N2)}));
    ops.push_back(cs(2, {create(K2), set(K2, kPriority, 3), link(N2, 0, K2)}));
    for (const auto& c : ops) store.apply(c);
  }
  std::vector<const Changeset*> ptrs() const {
    std::vector<const Changeset*> p;
    for (const auto& c : ops) p.push_back(&c);
    return p;
  }
  ResetInput input(ResetBehaviour b, const Chain& chain, bool dataset = false) const {
    ResetInput in;
    in.server = &store;
    in.versions = doc_versions(ptrs(), dataset);
    in.app_schema = 2;
    in.chain = &chain;
    in.behaviour = b;
    return in;
  }
};

TEST(VerdantSchema, ANoteIsValidWhenItCarriesEveryRequiredFieldUpToTheVersion) {
  const Chain chain = two_steps();
  Note n;
  EXPECT_TRUE(valid(n, chain, 1));
  EXPECT_FALSE(valid(n, chain, 2));
  set_field(n, kPriority, 0);  // present, even with value 0
  EXPECT_TRUE(valid(n, chain, 2));
  EXPECT_FALSE(valid(n, chain, 3));
  EXPECT_FALSE(valid(n, chain, 4)) << "a schema the chain does not describe validates nothing";
}

TEST(VerdantSchema, AnOptionalFieldNeverInvalidates) {
  const Chain chain({{2, kPriority, false, 3}});
  EXPECT_TRUE(valid(Note{}, chain, 2));
}

TEST(VerdantSchema, MigrationFillsOnlyAbsentFieldsAsDefaults) {
  const Chain chain = two_steps();
  Note n;
  set_field(n, kPriority, 9);
  const auto w = migrate_note(N2, n, chain, 1, 3);
  ASSERT_EQ(w.size(), 1u);  // priority already there: only colour
  EXPECT_EQ(w[0].field, kColour);
  EXPECT_EQ(w[0].value, 7);
  EXPECT_TRUE(w[0].is_default) << "a migration fill loses to a concurrent real write";
  EXPECT_TRUE(migrate_note(N2, n, chain, 3, 3).empty());
}

TEST(VerdantSchema, AnInsertOnV2WritesTheRequiredFields) {
  Instrs v = {create(N1), set(N1, Field::Text, 1)};
  fill_created(v, two_steps(), 2);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[2].field, kPriority);
  EXPECT_EQ(v[2].obj, N1);
}

TEST(VerdantVersions, EachDocumentHasTheNewestVersionThatWroteIt) {
  const Relay relay;
  const DocVersions v = doc_versions(relay.ptrs(), false);
  EXPECT_EQ(v.of(R), 2u);
  EXPECT_EQ(v.of(N2), 2u) << "c1's v2 insert under N2 wrote to N2's list";
  EXPECT_EQ(v.of(N1), 2u);
  EXPECT_EQ(v.of(device_note(2, 9)), 1u) << "unknown documents are base-schema data";
  Relay only_old;
  only_old.ops.pop_back();  // without K2
  EXPECT_EQ(doc_versions(only_old.ptrs(), false).of(N2), 1u);
  EXPECT_EQ(doc_versions(only_old.ptrs(), true).of(N2), 2u) << "dataset scope: newest of all";
}

TEST(VerdantReset, PruneDropsTheOldPeersNoteAndOrphansItsSubtree) {
  const Relay relay;
  const Chain chain = two_steps();
  const ResetOutcome out = reset(relay.input(ResetBehaviour::Prune, chain));
  EXPECT_EQ(out.pruned, Ids{N2});
  EXPECT_FALSE(out.db.contains(N2));
  EXPECT_TRUE(out.db.contains(K2)) << "the child stays, unreachable";
  EXPECT_EQ(out.db.visible_children(R), (Ids{A1, N1})) << "the link to N2 is gone from view";
  EXPECT_EQ(out.db.find(R)->children.size(), 3u) << "kept as a tombstone: indices stay aligned";
  EXPECT_TRUE(out.writes.empty()) << "prune writes nothing back";
}

TEST(VerdantReset, MigrateUpKeepsEverythingAndWritesTheMigrationBack) {
  Relay relay;
  relay.ops.pop_back();  // N2 written only at v1
  relay.store = Store{};
  for (const auto& c : relay.ops) relay.store.apply(c);
  const Chain chain = two_steps();
  const ResetOutcome out = reset(relay.input(ResetBehaviour::MigrateUp, chain));
  EXPECT_TRUE(out.pruned.empty());
  EXPECT_TRUE(out.missing_schema.empty());
  ASSERT_EQ(out.writes.size(), 1u);
  EXPECT_EQ(out.writes[0].obj, N2);
  EXPECT_EQ(out.writes[0].field, kPriority);
  for (const auto& [id, n] : out.db.notes()) EXPECT_TRUE(valid(n, chain, 2)) << note_name(id);
}

TEST(VerdantReset, TheDatasetRuleOfIssue327SkipsTheOldPeersDocumentsAndPrunesThem) {
  Relay relay;
  relay.ops.pop_back();
  relay.store = Store{};
  for (const auto& c : relay.ops) relay.store.apply(c);
  const Chain chain = two_steps();
  const ResetOutcome out = reset(relay.input(ResetBehaviour::MigrateUp, chain, true));
  EXPECT_EQ(out.pruned, Ids{N2}) << "the newest op is v2, so nothing is migrated";
}

TEST(VerdantReset, AMissingHistoricalSchemaIsReportedNotPruned) {
  Relay relay;
  relay.ops.pop_back();
  relay.store = Store{};
  for (const auto& c : relay.ops) relay.store.apply(c);
  const Chain chain = two_steps();
  ResetInput in = relay.input(ResetBehaviour::MigrateUp, chain);
  in.oldest_schema = 2;  // the app no longer ships schema v1
  const ResetOutcome out = reset(in);
  EXPECT_EQ(out.missing_schema, Ids{N2});
  EXPECT_TRUE(out.pruned.empty()) << "never a silent drop";
  EXPECT_FALSE(out.db.contains(N2));
}

TEST(VerdantReceipt, MigrateUpMigratesWhatAnOldPeerCreated) {
  const Chain chain = two_steps();
  Store db;
  const Changeset old = cs(1, {create(N2), set(N2, Field::Text, 5)});
  db.apply(old);
  Ids missing;
  const auto w = migrate_on_receipt(db, old, 1, 2, 1, chain, missing);
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].obj, N2);
  EXPECT_TRUE(migrate_on_receipt(db, old, 2, 2, 1, chain, missing).empty()) << "same version";
  EXPECT_TRUE(migrate_on_receipt(db, old, 1, 2, 2, chain, missing).empty());
  EXPECT_EQ(missing, Ids{N2}) << "older than the oldest shipped schema: reported";
}

TEST(VerdantReceipt, AnUpgradeMigratesEveryLocalDocument) {
  const Relay relay;
  const auto w = migrate_all(relay.store, two_steps(), 1, 2);
  ASSERT_EQ(w.size(), 1u);  // only N2 lacks priority
  EXPECT_EQ(w[0].obj, N2);
  EXPECT_EQ(migrate_all(relay.store, two_steps(), 2, 3).size(), relay.store.size());
}

// store 5.5.0 (verdant-5.5, docs/differential.md D1, D4, D6, D7).

TEST(Verdant55, AClientShowsOnlyWhatValidatesAndKeepsTheRestStored) {
  const Relay relay;
  const Chain chain = two_steps();
  const Store shown = visible(relay.store, chain, 2);
  // N2 was written at v1 only (no priority): hidden at v2; its child K2 is valid but, under
  // a hidden parent, unreachable in the view. The stored data is untouched.
  EXPECT_FALSE(shown.contains(N2));
  EXPECT_TRUE(shown.contains(K2));
  EXPECT_EQ(shown.visible_children(R), (Ids{A1, N1}));
  EXPECT_TRUE(relay.store.contains(N2));
  EXPECT_EQ(visible(relay.store, chain, 1), relay.store) << "at v1 everything validates";
  Store later = relay.store;
  later.apply(set(N2, kPriority, 3));  // a newer peer's migration arrives
  EXPECT_TRUE(visible(later, chain, 2).contains(N2)) << "hidden data shows again (D2)";
}

/// Server 4.2.5's reset of a client on app schema 2 (ResetBehaviour::Import): `ops` with
/// their versions by the dataset rule (D7). `ops` and `chain` must outlive the input.
ResetInput import_reset(const std::vector<const Changeset*>& ops, const Chain& chain) {
  ResetInput in;
  in.ops = &ops;
  in.versions = doc_versions(ops, true);
  in.app_schema = 2;
  in.chain = &chain;
  in.behaviour = ResetBehaviour::Import;
  return in;
}

TEST(Verdant55, AResetReplaysOnlyWhatItCarriesAndReplacesTheClientsData) {
  const Relay relay;
  const Chain chain = two_steps();
  // What server 4.2.5 sends a truant replica that had acknowledged the first three entries:
  // N2's creation (v1) and K2's (v2), not root's creation (bootstrap).
  std::vector<const Changeset*> after{&relay.ops[3], &relay.ops[4]};
  ResetInput in = import_reset(after, chain);
  const ResetOutcome out = reset(in);
  EXPECT_FALSE(out.db.contains(R)) << "root's creation was not in the reset: lost (D4)";
  EXPECT_TRUE(out.db.contains(N2));
  EXPECT_TRUE(out.db.contains(K2));
  EXPECT_TRUE(out.writes.empty()) << "nothing is written back (D6)";
  EXPECT_TRUE(out.pruned.empty()) << "nothing is pruned (D1)";
  // The dataset's newest version is K2's v2, the client's own: nothing is migrated (D7), and
  // N2 stays stored without priority, hidden at v2.
  EXPECT_FALSE(valid(*out.db.find(N2), chain, 2));
}

TEST(Verdant55, AResetRecordsWhatTheClientHadAndItDidNotCarry) {
  const Relay relay;
  const Chain chain = two_steps();
  // The client had acknowledged the first four entries (root, a.1, N1, N2 under root); the
  // reset carries N2's creation and K2's only.
  Store local;
  for (std::size_t k = 0; k < 4; ++k) local.apply(relay.ops[k]);
  std::vector<const Changeset*> after{&relay.ops[3], &relay.ops[4]};
  ResetInput in = import_reset(after, chain);
  const Store unrecorded = reset(in).db;
  Recorder rec;
  in.recorder = &rec;
  in.local = &local;
  EXPECT_EQ(reset(in).db, unrecorded) << "recording does not change the outcome";
  std::vector<std::pair<NoteId, NoteId>> got;  // (note, list)
  for (const LossEvent& e : rec.events()) {
    EXPECT_EQ(e.cause, Cause::ResetNotCarried);
    got.emplace_back(e.note, e.list);
  }
  std::sort(got.begin(), got.end());
  // root, a.1 and N1 are gone; N2 survives, but not root's list that held it (an orphan); K2
  // was not the client's.
  std::vector<std::pair<NoteId, NoteId>> want{{R, 0}, {A1, 0}, {N1, 0}, {N2, R}};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(got, want);
}

TEST(Verdant55, AnAllOldResetIsMigratedInTheClientsDbOnly) {
  const Relay relay;
  const Chain chain = two_steps();
  std::vector<const Changeset*> all_old{&relay.ops[0], &relay.ops[3]};  // bootstrap, N2: v1
  ResetInput in = import_reset(all_old, chain);
  const ResetOutcome out = reset(in);
  EXPECT_TRUE(out.writes.empty()) << "the import's migration is not sent";
  for (const auto& [id, n] : out.db.notes()) EXPECT_TRUE(valid(n, chain, 2)) << note_name(id);
  EXPECT_EQ(out.db.visible_children(R), (Ids{A1, N2}));
  in.oldest_schema = 2;  // the app no longer ships v1: reported, as under migrate-up
  EXPECT_EQ(reset(in).missing_schema, (Ids{R, N2, A1})) << "in id order";
}

}  // namespace
}  // namespace syncsim::model::verdant
