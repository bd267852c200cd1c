// verdant-5.5 on the differential rows (docs/differential.md, "The rows on store 5.5.0 +
// server 4.2.5"): each test runs one row's scenario file under the profile and pins what the
// real store 5.5.0 + server 4.2.5 showed on that row, as far as the model can express it. The
// reasoning (which rule of the real code gives the row's result) is in each test; the real
// side's evidence is the harness (tests/differential/verdant, expectations-5.5.mjs).
// Latency is pinned to 1 ms and there are no faults, so every seed runs the same steps; three
// seeds are run to show it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/ids.h"
#include "tests/test_support.h"

namespace syncsim {
namespace {

using model::NoteId;
using test::load;
using test::resolve_ok;
using test::run_once;

struct Row {
  std::vector<std::string> signatures;  ///< signature@replica, in report order
  ReplicaSummary shown;                 ///< the row's replica, as the checkers see it
  std::vector<NoteId> hidden;           ///< stored on that replica but not shown (D1)
  std::uint64_t resets = 0;
};

Row run_row(const std::string& scn, const std::string& replica, std::uint64_t seed) {
  const auto f = run_once(
      resolve_ok(load("corpus/scenarios/verdant-diff-" + scn + ".scn"), seed, "verdant-5.5"),
      Strategy::Random, false);
  EXPECT_TRUE(f.result.settled) << scn;
  Row row;
  for (const auto& v : f.report.violations)
    row.signatures.push_back(v.signature() + "@" + v.replica);
  for (const auto& r : f.report.replicas)
    if (r.name == replica) row.shown = r;
  for (std::size_t d = 0; d < f.world.devices().size(); ++d) {
    if (f.world.devices()[d].name != replica) continue;
    model::Store buf;
    const model::Store& shown = shown_store(f.world, d, buf);
    for (const auto& [id, n] : f.world.devices()[d].client.store().notes())
      if (!shown.contains(id)) row.hidden.push_back(id);
  }
  row.resets = f.world.counts().resets;
  return row;
}

using Sigs = std::vector<std::string>;
using Ids = std::vector<NoteId>;
const NoteId kN21 = model::device_note(2, 1);
const NoteId kN22 = model::device_note(2, 2);

/// Runs `scn` over three seeds; every seed must give the same row.
Row same_over_seeds(const std::string& scn, const std::string& replica) {
  const Row first = run_row(scn, replica, 1);
  for (std::uint64_t seed = 2; seed <= 3; ++seed) {
    const Row r = run_row(scn, replica, seed);
    EXPECT_EQ(r.signatures, first.signatures) << scn << " seed " << seed;
    EXPECT_EQ(r.shown.notes, first.shown.notes) << scn << " seed " << seed;
  }
  return first;
}

TEST(Verdant55Rows, ReceiptStoresTheOldPeersNoteAndHidesIt) {
  // Real: c1 (v2) shows root only and stores n2.1; nobody migrates it (live operations are
  // never migrated, D6); c2 and the server show root -> n2.1; not converged.
  const Row r = same_over_seeds("receipt", "c1");
  EXPECT_EQ(r.shown.notes, 1u);
  EXPECT_EQ(r.shown.reachable, 1u);
  EXPECT_EQ(r.hidden, Ids{kN21}) << "hidden, not gone (D1)";
  EXPECT_EQ(r.signatures, (Sigs{"intent-lost-note@c1", "convergence-diverged@c1"}));
  EXPECT_EQ(r.resets, 0u);
}

TEST(Verdant55Rows, TruantOldPeerLosesRootAndMigratesTheRestOrphaned) {
  // Real: c1 is truant (its last message was its upgrade at 1 s); the reset carries only the
  // operations after its acknowledged order (n2.1's creation and push, all v1), not root's
  // creation, and overwrites: c1 imports and migrates them (dataset v1 < 2) and shows n2.1
  // alone, an orphan (D4). The model has no baselines: root's list is not stored either.
  const Row r = same_over_seeds("truant-old-peer", "c1");
  EXPECT_EQ(r.resets, 1u);
  EXPECT_EQ(r.shown.notes, 1u);
  EXPECT_EQ(r.shown.orphans, Ids{kN21});
  EXPECT_TRUE(r.hidden.empty()) << "migrated by the import: it validates";
  EXPECT_EQ(r.signatures,
            (Sigs{"reachability-orphan@c1", "intent-misplaced@c1", "convergence-diverged@c1"}));
}

TEST(Verdant55Rows, ComesBackCannotBringBackTheRootTheResetLost) {
  // Real: c2's upgrade migrates root and n2.1 on c2 and the server; c1 still shows n2.1
  // alone: the lost root never returns, never converges (D4).
  const Row r = same_over_seeds("comes-back", "c1");
  EXPECT_EQ(r.shown.orphans, Ids{kN21});
  EXPECT_EQ(r.signatures,
            (Sigs{"reachability-orphan@c1", "intent-misplaced@c1", "convergence-diverged@c1"}));
}

TEST(Verdant55Rows, UpgradeOfflineIsTruantButUpToDateSoNotReset) {
  // Real: c1 is truant at 122.5 s but had acknowledged the latest server order: "Overriding
  // truant reset", no overwrite; its offline migration is uploaded; all root -> n2.1 (D5).
  const Row r = same_over_seeds("upgrade-offline", "c1");
  EXPECT_EQ(r.resets, 0u);
  EXPECT_EQ(r.shown.notes, 2u);
  EXPECT_EQ(r.shown.reachable, 2u);
  EXPECT_TRUE(r.signatures.empty());
}

TEST(Verdant55Rows, UnsentWritesAreForfeitAndRootIsLost) {
  // Real: c1 truant at 122 s; reset of the same shape (root's creation missing): n1.1,
  // written offline, is stored nowhere; c1 shows n2.1 alone, an orphan (v1 data, no
  // migration needed); server, c2: root -> n2.1.
  const Row r = same_over_seeds("unsent", "c1");
  EXPECT_EQ(r.resets, 1u);
  EXPECT_EQ(r.shown.orphans, Ids{kN21});
  EXPECT_EQ(r.signatures,
            (Sigs{"reachability-orphan@c1", "intent-lost-note@c1", "intent-misplaced@c1",
                  "intent-lost-note@c2", "intent-lost-note@server", "convergence-diverged@c1"}));
}

TEST(Verdant55Rows, ANewReplicaImportsAnAllOldResetAndMigratesItLocally) {
  // Real: c3 (new, v2) gets everything, all v1: imported and migrated up, root -> n2.1 with
  // priority 3 on c3 only (the import's migration is not sent: D6). The model's convergence
  // compares fields, so c3's local-only priority is reported as a divergence: the real data
  // differs the same way (server, c1, c2 have no priority).
  const Row r = same_over_seeds("new-replica", "c3");
  EXPECT_EQ(r.resets, 1u);
  EXPECT_EQ(r.shown.notes, 2u);
  EXPECT_EQ(r.shown.reachable, 2u);
  EXPECT_TRUE(r.hidden.empty());
  EXPECT_EQ(r.signatures, (Sigs{"convergence-diverged@c3"}));
}

TEST(Verdant55Rows, LiveWritesOfAnOldPeerAreHiddenOnTheNewReplica) {
  // Real: n2.2 arrives live, unmigrated: c3 stores it and hides it (D1, D6).
  const Row r = same_over_seeds("new-replica-writes", "c3");
  EXPECT_EQ(r.shown.notes, 2u);
  EXPECT_EQ(r.hidden, Ids{kN22});
  EXPECT_EQ(r.signatures, (Sigs{"intent-lost-note@c3", "convergence-diverged@c3"}));
}

TEST(Verdant55Rows, AMixedResetIsNotMigratedAndTheOldNoteStaysHidden) {
  // Real: the reset holds v1 and v2 operations (c1's migration of root); its newest version
  // is 2, c3's own, so nothing is migrated (D7): c3 shows root only and stores n2.1 hidden.
  // (c1, back at settle, receives n2.1 live at v2 and hides it too: D1.)
  const Row r = same_over_seeds("mixed-reset", "c3");
  EXPECT_EQ(r.resets, 1u);
  EXPECT_EQ(r.shown.notes, 1u);
  EXPECT_EQ(r.hidden, Ids{kN21});
  EXPECT_EQ(r.signatures, (Sigs{"intent-lost-note@c1", "intent-lost-note@c3",
                                "convergence-diverged@c1", "convergence-diverged@c3"}));
}

TEST(Verdant55Rows, SilentOnlineIsTruantByItsLastMessageAndLosesRoot) {
  // Real: c1 sent nothing but heartbeats for 2 min (they do not refresh last-seen, D8); a 1 s
  // outage makes it truant at 122 s; the reset overwrites and c1 shows no root, n2.2 (and
  // n2.1, from a baseline) as orphans. The model has no baselines: n2.1, acknowledged
  // before, is not in the reset and is lost on c1 rather than orphaned.
  const Row r = same_over_seeds("silent-online", "c1");
  EXPECT_EQ(r.resets, 1u);
  EXPECT_EQ(r.shown.orphans, Ids{kN22});
  EXPECT_EQ(r.signatures, (Sigs{"reachability-orphan@c1", "intent-lost-note@c1",
                                "intent-misplaced@c1", "convergence-diverged@c1"}));
}

}  // namespace
}  // namespace syncsim
