// Atlas and the translators (spec §2, §4): r2m applies server history in order (atomic or,
// under H2, lists before documents), may skip Mongo-origin changesets; m2r snapshots Atlas at
// a production deploy and re-inserts it in batches (base vs latest, Clear vs set-union, H2's
// dropped unresolved refs). The last tests connect m2r to a Server and Clients: the H1
// re-insert orphans a concurrent insert, the merge re-insert does not.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "model/atlas.h"
#include "model/client.h"
#include "model/m2r.h"
#include "model/r2m.h"
#include "tests/model/links.h"

namespace syncsim::model {
namespace {

constexpr NoteId R = root_of(1);
const NoteId A1 = tree_note(1, 1), A2 = tree_note(1, 2), A3 = tree_note(1, 3);
const NoteId X = device_note(1, 1), Y = device_note(1, 2);
using Ids = std::vector<NoteId>;

Instr create(NoteId id) {
  return Instr{.op = Op::CreateObject, .obj = id};
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

Changeset cs(FileIdent origin, std::int64_t ts, std::vector<Instr> instrs) {
  Changeset c;
  c.origin = origin;
  c.origin_ts = ts;
  c.instrs.assign(instrs.begin(), instrs.end());
  return c;
}

/// Server history: v1 root + a.1..a.3, v2 insert X under root, v3 edit a.1, v4 delete a.2.
Server history_server() {
  Server s;
  s.append_bootstrap(
      cs(0, 0,  // origin 0, as sim/world.cpp's bootstrap (not Mongo-origin)
         {create(R), set(R, Field::IsRoot, 1), set(R, Field::Owner, 1), create(A1), create(A2),
          create(A3), insert(R, 0, A1), insert(R, 1, A2), insert(R, 2, A3)}));
  Changeset ins =
      cs(kFirstClientIdent, 10,
         {create(X), set(X, Field::Text, 5), insert(R, 3, X), set(R, Field::LastUpdated, 10)});
  ins.client_version = 1;
  ins.last_integrated_version = 1;
  s.integrate(kFirstClientIdent, ins);
  Changeset edit = cs(kFirstClientIdent, 11, {set(A1, Field::Text, 42)});
  edit.client_version = 2;
  edit.last_integrated_version = 2;
  s.integrate(kFirstClientIdent, edit);
  Changeset del =
      cs(kFirstClientIdent, 12, {erase_at(R, 1), Instr{.op = Op::EraseObject, .obj = A2}});
  del.client_version = 3;
  del.last_integrated_version = 3;
  s.integrate(kFirstClientIdent, del);
  return s;
}

/// The Realm state at `version`, projected onto Atlas documents.
Atlas::Map expected_docs(const Server& s, std::uint64_t version) {
  Store st;
  for (std::uint64_t v = 1; v <= version; ++v) st.apply(s.entry(v).cs);
  Atlas::Map out;
  for (const auto& [id, n] : st.notes())
    out[id] = Doc{.text = n.text,
                  .owner = n.owner,
                  .is_root = n.is_root,
                  .last_updated = n.last_updated,
                  .children = n.children};
  return out;
}

// ---- Atlas and r2m ------------------------------------------------------------------------------

TEST(AtlasR2M, StepAppliesHistoryInOrder) {
  const Server s = history_server();
  Atlas atlas;
  R2M r2m;
  const Policy p;
  ASSERT_EQ(s.head(), 4u);
  for (std::uint64_t v = 1; v <= s.head(); ++v) {
    ASSERT_TRUE(r2m.can_step(s));
    EXPECT_EQ(r2m.next_version(), v);
    EXPECT_EQ(r2m.next_half(p), 0);
    r2m.step(s, atlas, p);
    EXPECT_EQ(r2m.cursor(), v);
    EXPECT_EQ(atlas.docs(), expected_docs(s, v)) << "after v" << v;
  }
  EXPECT_FALSE(r2m.can_step(s));
  EXPECT_FALSE(atlas.docs().contains(A2));
  EXPECT_EQ(atlas.find(A1)->text, 42);
  EXPECT_EQ(test::as_ids(atlas.find(R)->children), (Ids{A1, A3, X}));
}

TEST(AtlasR2M, PausedDoesNotStepAndDrainTranslatesEverything) {
  const Server s = history_server();
  Atlas atlas;
  R2M r2m;
  r2m.set_paused(true);
  EXPECT_FALSE(r2m.can_step(s));
  r2m.set_paused(false);
  r2m.drain(s, atlas, Policy{});
  EXPECT_EQ(r2m.cursor(), s.head());
  EXPECT_EQ(atlas.docs(), expected_docs(s, s.head()));
}

TEST(AtlasR2M, NonAtomicWritesListsBeforeDocsInTwoSteps) {
  const Server s = history_server();
  Atlas atlas;
  for (const auto& i : s.entry(1).cs.instrs) atlas.apply(i);  // bootstrapped as sim/world.cpp does
  R2M r2m;
  r2m.reset_cursor(1);
  Policy p;
  p.r2m_atomic = false;
  EXPECT_EQ(r2m.next_half(p), 1);
  r2m.step(s, atlas, p);  // v2, lists: root refers to X before X's document exists (dangling)
  EXPECT_EQ(r2m.cursor(), 1u);
  EXPECT_EQ(r2m.next_half(p), 2);
  EXPECT_EQ(test::as_ids(atlas.find(R)->children), (Ids{A1, A2, A3, X}));
  EXPECT_EQ(atlas.find(X), nullptr);
  EXPECT_EQ(atlas.find(R)->last_updated, 0);  // a scalar: written with the documents
  r2m.step(s, atlas, p);                      // v2, documents
  EXPECT_EQ(r2m.cursor(), 2u);
  EXPECT_EQ(r2m.next_half(p), 1);
  ASSERT_NE(atlas.find(X), nullptr);
  EXPECT_EQ(atlas.find(X)->text, 5);
  EXPECT_EQ(atlas.find(R)->last_updated, 10);
  r2m.drain(s, atlas, p);  // both halves of every remaining entry
  EXPECT_EQ(r2m.cursor(), s.head());
  EXPECT_EQ(atlas.docs(), expected_docs(s, s.head()));
}

TEST(AtlasR2M, SkipMongoOriginSkipsTranslatorChangesets) {
  for (const bool skip : {false, true}) {
    SCOPED_TRACE(skip);
    Server s = history_server();
    Changeset t = cs(kTranslatorIdent, 20, {set(A1, Field::Text, 7), set(R, Field::Owner, 9)});
    t.last_integrated_version = s.head();
    s.integrate(kTranslatorIdent, t);
    Atlas atlas;
    R2M r2m;
    Policy p;
    p.r2m_skip_mongo_origin = skip;
    r2m.drain(s, atlas, p);
    EXPECT_EQ(r2m.cursor(), s.head());  // skipped entries still advance the cursor
    ASSERT_NE(atlas.find(A1), nullptr);
    EXPECT_EQ(atlas.find(A1)->text, skip ? 42 : 7);
    EXPECT_EQ(atlas.find(R)->owner, skip ? 1u : 9u);
  }
}

TEST(AtlasR2M, ApplyIgnoresDiscardedAndMissingObjectsAndClampsInserts) {
  Atlas atlas;
  atlas.put(R, Doc{});
  Instr discarded = set(R, Field::Text, 3);
  discarded.discarded = true;
  atlas.apply(discarded);
  atlas.apply(set(A1, Field::Text, 3));  // no such document
  atlas.apply(insert(R, 7, X));          // past the end: appended
  atlas.apply(erase_at(R, 5));           // out of range: ignored
  EXPECT_EQ(atlas.find(R)->text, 0);
  EXPECT_EQ(atlas.find(A1), nullptr);
  EXPECT_EQ(test::as_ids(atlas.find(R)->children), (Ids{X}));
}

// ---- m2r re-insert jobs -------------------------------------------------------------------------

/// Atlas with root and `n` children under it (tree notes a.1..a.n).
Atlas atlas_with_children(std::uint32_t n) {
  Atlas atlas;
  Doc root{.owner = 1, .is_root = true, .children = {}};
  for (std::uint32_t k = 1; k <= n; ++k) {
    root.children.push_back(tree_note(1, k));
    atlas.put(tree_note(1, k), Doc{.text = k, .owner = 1, .children = {}});
  }
  atlas.put(R, root);
  return atlas;
}

TEST(AtlasM2R, StartJobSnapshotsAtlasAndTheBase) {
  const Atlas atlas = atlas_with_children(44);  // 45 documents
  M2R m2r;
  m2r.start_job(atlas, 17, Policy{});
  ASSERT_TRUE(m2r.has_job());
  EXPECT_EQ(m2r.jobs_started(), 1u);
  const ReinsertJob& job = m2r.job();
  EXPECT_EQ(job.id, 1u);
  EXPECT_EQ(job.base, 17u);
  EXPECT_EQ(job.batches, 3u);  // 20 + 20 + 5
  EXPECT_EQ(job.doc_ids.size(), 45u);
  EXPECT_TRUE(std::is_sorted(job.doc_ids.begin(), job.doc_ids.end()));
  EXPECT_EQ(job.snapshot, atlas.docs());
  M2R empty;
  empty.start_job(Atlas{}, 3, Policy{});
  EXPECT_EQ(empty.job().batches, 1u);  // an empty job still has one (empty) batch
}

TEST(AtlasM2R, EmitBatchEmitsReinsertBatchDocumentsPerBatch) {
  const Atlas atlas = atlas_with_children(44);
  M2R m2r;
  Policy p;
  m2r.start_job(atlas, 17, p);
  std::vector<std::size_t> sizes;
  for (std::uint32_t batch = 1; batch <= 3; ++batch) {
    std::vector<Changeset> out;
    const bool done = m2r.emit_batch(atlas, 30 + batch, 1000 * batch, p, out);
    EXPECT_EQ(done, batch == 3);
    sizes.push_back(out.size());
    for (const auto& c : out) {
      EXPECT_EQ(c.origin, kTranslatorIdent);
      EXPECT_EQ(c.origin_ts, 1000 * batch);
      EXPECT_EQ(c.last_integrated_version, 17u);  // H1: the snapshot's base, not the head
      EXPECT_EQ(c.tag, (Tag{.kind = Tag::Reinsert, .job = 1, .batch = batch}));
    }
  }
  EXPECT_EQ(sizes, (std::vector<std::size_t>{20, 20, 5}));
  EXPECT_FALSE(m2r.has_job());
}

TEST(AtlasM2R, ReinsertChangesetIsCreateSetsClearThenInserts) {
  const Atlas atlas = atlas_with_children(2);
  M2R m2r;
  Policy p;
  p.reinsert_batch = 5;
  m2r.start_job(atlas, 4, p);
  std::vector<Changeset> out;
  m2r.emit_batch(atlas, 4, 50, p, out);
  ASSERT_EQ(out.size(), 3u);
  const Changeset& root = out.front();  // root sorts first (NoteKind::Root)
  ASSERT_EQ(root.instrs.size(), 7u);
  EXPECT_EQ(root.instrs[0].op, Op::CreateObject);
  EXPECT_EQ(root.instrs[1].field, Field::Text);
  EXPECT_EQ(root.instrs[2].field, Field::IsRoot);
  EXPECT_EQ(root.instrs[2].value, 1);
  EXPECT_EQ(root.instrs[3].field, Field::Owner);
  EXPECT_EQ(root.instrs[4].op, Op::Clear);
  EXPECT_EQ(to_string(root.instrs[5]), to_string(insert(R, 0, A1)));
  EXPECT_EQ(to_string(root.instrs[6]), to_string(insert(R, 1, A2)));
  EXPECT_EQ(out[1].instrs[1].value, 1);  // a.1's text
}

TEST(AtlasM2R, LatestBaseUsesTheHeadAtEmit) {
  const Atlas atlas = atlas_with_children(2);
  M2R m2r;
  Policy p;
  p.reinsert_base = ReinsertBase::Latest;
  m2r.start_job(atlas, 4, p);
  std::vector<Changeset> out;
  m2r.emit_batch(atlas, 9, 50, p, out);
  for (const auto& c : out) EXPECT_EQ(c.last_integrated_version, 9u);
}

TEST(AtlasM2R, SnapshotIgnoresLaterAtlasWritesUnlessDrainBeforeBatch) {
  const Atlas at_deploy = atlas_with_children(2);
  Atlas now = at_deploy;
  Doc root = *now.find(R);
  root.children.push_back(X);
  now.put(R, root);
  now.put(X, Doc{.text = 9, .owner = 1, .children = {}});
  for (const bool drain : {false, true}) {
    SCOPED_TRACE(drain);
    M2R m2r;
    Policy p;
    p.drain_before_batch = drain;
    m2r.start_job(at_deploy, 4, p);
    std::vector<Changeset> out;
    m2r.emit_batch(now, 8, 50, p, out);
    ASSERT_EQ(out.size(), 3u);  // the documents of the deploy-time snapshot only
    EXPECT_EQ(out.front().instrs.size(), drain ? 8u : 7u);  // X's link only when read live
    EXPECT_EQ(out.front().last_integrated_version, drain ? 8u : 4u);
  }
}

TEST(AtlasM2R, DrainBeforeBatchSkipsDocumentsDeletedSinceTheSnapshot) {
  const Atlas at_deploy = atlas_with_children(2);
  Atlas now;
  now.put(R, *at_deploy.find(R));
  now.put(A2, *at_deploy.find(A2));  // a.1 deleted since
  M2R m2r;
  Policy p;
  p.drain_before_batch = true;
  m2r.start_job(at_deploy, 4, p);
  std::vector<Changeset> out;
  m2r.emit_batch(now, 8, 50, p, out);
  ASSERT_EQ(out.size(), 2u);
  for (const auto& c : out) EXPECT_NE(c.instrs[0].obj, A1);
}

TEST(AtlasM2R, MergeUnionEmitsListUnionAndNoClear) {
  const Atlas atlas = atlas_with_children(2);
  M2R m2r;
  Policy p;
  p.reinsert_lists = ReinsertLists::MergeUnion;
  m2r.start_job(atlas, 4, p);
  std::vector<Changeset> out;
  m2r.emit_batch(atlas, 4, 50, p, out);
  const Changeset& root = out.front();
  for (const auto& i : root.instrs) EXPECT_NE(i.op, Op::Clear);
  ASSERT_EQ(root.instrs.size(), 6u);
  EXPECT_EQ(root.instrs[4].op, Op::ListUnion);
  EXPECT_EQ(root.instrs[4].link(), A1);
  EXPECT_EQ(root.instrs[5].op, Op::ListUnion);
  EXPECT_EQ(root.instrs[5].link(), A2);
}

TEST(AtlasM2R, DropsUnresolvedDropsRefsToDocsMissingFromTheSnapshot) {
  // H2: r2m wrote root's array (with X) before X's document; the snapshot caught that moment.
  Atlas atlas = atlas_with_children(2);
  Doc root = *atlas.find(R);
  root.children = {A1, X, A2};
  atlas.put(R, root);
  for (const bool drops : {false, true}) {
    SCOPED_TRACE(drops);
    M2R m2r;
    Policy p;
    p.reinsert_drops_unresolved = drops;
    m2r.start_job(atlas, 4, p);
    std::vector<Changeset> out;
    m2r.emit_batch(atlas, 4, 50, p, out);
    Ids links;
    std::uint32_t expected_index = 0;
    for (const auto& i : out.front().instrs) {
      if (i.op != Op::ArrayInsert) continue;
      EXPECT_EQ(i.index, expected_index++);  // indices stay consecutive after a drop
      links.push_back(i.link());
    }
    EXPECT_EQ(links, drops ? (Ids{A1, A2}) : (Ids{A1, X, A2}));
  }
}

// ---- m2r against the server: H1 orphans, merge re-insert does not ------------------------------

/// A client appends X under root after the deploy's snapshot; the re-insert (based on the
/// snapshot's head) reaches the server after it. Returns the server's root children.
Ids root_after_reinsert(ReinsertLists lists) {
  Server s = history_server();
  Atlas atlas;
  R2M r2m;
  Policy p;
  p.reinsert_lists = lists;
  r2m.drain(s, atlas, p);
  M2R m2r;
  m2r.start_job(atlas, s.head(), p);                                // production deploy at T0
  Client c(kFirstClientIdent + 1, 1, ResetMode::RecoverOrDiscard);  // not the history's author
  c.bootstrap(s.store(), s.head(), kAllUsers);
  Changeset ins = cs(0, 100, {create(Y), set(Y, Field::Text, 1), insert(R, 3, Y)});
  c.commit(std::move(ins));
  for (auto& x : c.take_upload().changesets) s.integrate(c.ident(), x);
  std::vector<Changeset> batch;
  m2r.emit_batch(atlas, s.head(), 200, p, batch);
  for (auto& x : batch) s.integrate(kTranslatorIdent, x);
  c.integrate(s.download_for(c.ident(), kAllUsers, 4));
  EXPECT_TRUE(c.store() == s.store());
  EXPECT_TRUE(s.store().contains(Y));  // the note exists either way
  return s.store().visible_children(R);
}

TEST(AtlasM2R, StaleClearReinsertOrphansAConcurrentInsert) {
  EXPECT_EQ(root_after_reinsert(ReinsertLists::ClearAndInsert), (Ids{A1, A3, X}));
}

TEST(AtlasM2R, MergeReinsertKeepsTheConcurrentInsert) {
  EXPECT_EQ(root_after_reinsert(ReinsertLists::MergeUnion), (Ids{A1, A3, X, Y}));
}

}  // namespace
}  // namespace syncsim::model
