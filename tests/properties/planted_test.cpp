// Planted bugs: deliberately broken behaviours (model/planted.h), compiled in only when
// SYNCSIM_PLANTED_BUGS is defined. Each one must be caught within a bounded number of random
// runs on a *correct* base profile (which shows nothing on the same runs without it), so only
// the planted bug can cause the violation, and caught by the checker it targets: the test
// asserts the signature (property-kind) it hunts for, and where the bug is wrong the same way
// on every replica, the exact set of signatures the catching run shows (worked out below,
// bug by bug), which never includes convergence: such a bug is invisible to the convergence
// checker, so its catch proves the targeted checker.
#include <gtest/gtest.h>

#include <span>

#include "tests/test_support.h"

#ifndef SYNCSIM_PLANTED_BUGS

TEST(PlantedBugs, NeedThePlantedBuild) {
  GTEST_SKIP()
      << "built without SYNCSIM_PLANTED_BUGS: the planted-bug tests run in syncsim_planted_tests";
}

#else

#include "model/planted.h"
#include "sim/search/catalog.h"
#include "sim/search/shrink.h"

namespace syncsim {
namespace {

using model::planted::Bug;
using Signatures = std::vector<std::string>;

/// Switches one planted bug on for a scope.
struct ScopedBug {
  explicit ScopedBug(Bug b) { model::planted::active = b; }
  ~ScopedBug() { model::planted::active = Bug::None; }
  ScopedBug(const ScopedBug&) = delete;
  ScopedBug& operator=(const ScopedBug&) = delete;
};

using Checker = std::vector<Violation> (*)(const World&, bool);

std::vector<Violation> full_checker(const World& w, bool settled) {
  return check_quiescent(w, settled).violations;
}

/// A checker with a blind spot: it ignores Atlas (what a checker that only looked at Realm
/// replicas would see).
std::vector<Violation> atlas_blind_checker(const World& w, bool settled) {
  std::vector<Violation> v = check_quiescent(w, settled).violations;
  std::erase_if(v, [](const Violation& x) { return x.replica == "atlas"; });
  return v;
}

/// The distinct signatures of a list of violations, sorted.
Signatures signatures_of(const std::vector<Violation>& v) {
  Signatures out = distinct_signatures(v);
  std::sort(out.begin(), out.end());
  return out;
}

struct Hunt {
  std::uint64_t first_run = 0;  ///< 1-based run that showed the signature; 0 = none
  std::uint64_t violating = 0;  ///< runs with any violation
  Scenario trace;               ///< the first run showing the signature
  Signatures shown;             ///< every signature of that run
};

/// Seeds 1..max_runs, random strategy, untimed.
Hunt hunt(const Scenario& s, const std::string& profile, const std::string& signature,
          std::uint64_t max_runs, Checker check = full_checker) {
  Hunt h;
  for (std::uint64_t seed = 1; seed <= max_runs; ++seed) {
    auto f = test::run_once(test::resolve_ok(s, seed, profile, Discipline::Untimed));
    const std::vector<Violation> v = check(f.world, f.result.settled);
    if (!v.empty()) ++h.violating;
    const bool hit = std::any_of(v.begin(), v.end(),
                                 [&](const Violation& x) { return x.signature() == signature; });
    if (hit && h.first_run == 0) {
      h.first_run = seed;
      h.trace = f.trace;
      h.shown = signatures_of(v);
    }
  }
  return h;
}

struct Planted {
  Bug bug;
  const char* name;
  const char* scenario;
  const char* profile;    ///< a correct profile: nothing else can cause the violation
  const char* signature;  ///< what the targeted checker reports
  /// Every signature the catching run shows, when the bug is wrong the same way on every
  /// replica (so the run converges); empty: the bug is one-sided and the run may show more.
  Signatures shows;
  std::uint64_t max_runs;
};

class PlantedBug : public ::testing::TestWithParam<Planted> {};

TEST_P(PlantedBug, IsCaughtByItsCheckerWithinTheBoundOnACorrectProfile) {
  const Planted& p = GetParam();
  const Scenario s = test::load(p.scenario);
  const Hunt clean = hunt(s, p.profile, p.signature, p.max_runs);
  ASSERT_EQ(clean.violating, 0u) << p.profile << " is not clean on " << p.scenario
                                 << " without the bug";
  ScopedBug on(p.bug);
  const Hunt h = hunt(s, p.profile, p.signature, p.max_runs);
  ASSERT_NE(h.first_run, 0u) << p.name << ": not caught in " << p.max_runs << " runs";
  if (!p.shows.empty()) {
    EXPECT_EQ(h.shown, p.shows) << "\n" << write_scenario(h.trace);
  }
  // The catch shrinks like any finding: a small, 1-minimal, replayable witness.
  ShrinkOptions opt;
  opt.signature = p.signature;
  const ShrinkResult res = shrink_trace(h.trace, opt);
  ASSERT_EQ(res.error, "");
  EXPECT_TRUE(check_one_minimal(res.trace, p.signature).one_minimal());
  std::printf(
      "[ figures  ] planted %s: caught at run %llu of %llu (%llu violating); shrunk to %llu "
      "steps\n",
      p.name, static_cast<unsigned long long>(h.first_run),
      static_cast<unsigned long long>(p.max_runs), static_cast<unsigned long long>(h.violating),
      static_cast<unsigned long long>(res.stats.steps_after));
}

/// gtest's name of a planted-bug case: its name with '_' for '-'.
std::string test_name(const ::testing::TestParamInfo<Planted>& info) {
  std::string n = info.param.name;
  std::replace(n.begin(), n.end(), '-', '_');
  return n;
}

// One-sided bugs: a replica that merges or translates differently from the others. Every
// replica's tree is still well formed, so convergence is what sees them.
const Planted kOneSided[] = {
    Planted{Bug::InsertTieOursFirst,
            "insert-tie-ours-first",
            "corpus/scenarios/two-devices-inserts.scn",
            "realm-dev-mode",
            "convergence-diverged",
            {},
            2000},
    Planted{Bug::ServerSkipsOneTransform,
            "server-skips-one-transform",
            "corpus/scenarios/two-devices-inserts.scn",
            "fix-merge-reinsert",
            "convergence-diverged",
            {},
            2000},
    Planted{Bug::ServerReintegratesReupload,
            "server-reintegrates-reupload",
            "corpus/scenarios/two-devices-inserts.scn",
            "realm-dev-mode",
            "convergence-diverged",
            {},
            2000},
    Planted{Bug::ServerIgnoresSubscription,
            "server-ignores-subscription",
            "corpus/scenarios/two-users.scn",
            "realm-dev-mode",
            "convergence-diverged",
            {},
            200},
    // r2m writes a client's first insert to its parent's children array but never writes
    // the note's document: Atlas holds a foreign key to a missing document.
    Planted{Bug::R2MSkipsFirstInsertDoc,
            "r2m-skips-first-insert-doc",
            "corpus/scenarios/stashpad-mini.scn",
            "realm-dev-mode",
            "reachability-dangling",
            {},
            2000},
    // r2m skips a client's first insert altogether: Atlas, a replica too, lacks a note a
    // user inserted (and nothing links to it there: no dangling key).
    Planted{Bug::R2MSkipsFirstInsert,
            "r2m-skips-first-insert",
            "corpus/scenarios/stashpad-mini.scn",
            "realm-dev-mode",
            "intent-lost-note",
            {},
            2000},
    // An erase that loses to a concurrent edit of the erased note: the server, which
    // merged the edit first, keeps the note (its link is erased: an orphan), the deleting
    // device does not. The acknowledged delete's effect is missing from the server.
    Planted{Bug::EraseLosesToConcurrentSet,
            "erase-loses-to-concurrent-set",
            "tests/properties/data/edit-vs-delete.scn",
            "realm-dev-mode",
            "durability-lost-delete",
            {},
            2000}};
INSTANTIATE_TEST_SUITE_P(OneSided, PlantedBug, ::testing::ValuesIn(kOneSided), test_name);

// Bugs wrong the same way on every replica: they converge, so each is visible only to the
// checker it targets. The expected signatures, bug by bug:
const Planted kEveryReplica[] = {
    // Set vs Set picks the earlier (timestamp, file ident) on both sides of every merge: all
    // replicas keep the same, wrong text. The later concurrent edit is acknowledged and
    // gone though nothing replaced it: durability, on the server, and nothing else (the
    // note itself is where it was put).
    Planted{Bug::SetEarlierWins,
            "set-earlier-wins",
            "tests/properties/data/edits.scn",
            "realm-dev-mode",
            "durability-lost-edit",
            {"durability-lost-edit"},
            2000},
    // c1 erases n1.1 (index 0) while c2 appends n2.1 at index 1: merged after the erase,
    // the insert keeps index 1 in a list of 0, on the server and on c1 (which receives the
    // insert as the server transformed it). The list ends [n2.1] everywhere (an
    // out-of-range insert appends), so only the index-anomaly counter sees it.
    Planted{Bug::InsertNotShiftedPastErase,
            "insert-not-shifted-past-erase",
            "tests/properties/data/insert-vs-delete.scn",
            "realm-dev-mode",
            "consistency-index-anomaly",
            {"consistency-index-anomaly"},
            2000},
    // Every insert creates its note unlinked: on every replica, Realm and Atlas, each note
    // is an orphan, and (it exists, not under its parent) misplaced.
    Planted{Bug::InsertLosesItsLink,
            "insert-loses-its-link",
            "corpus/scenarios/two-devices-inserts.scn",
            "realm-dev-mode",
            "reachability-orphan",
            {"intent-misplaced", "reachability-orphan"},
            200},
    // Every insert links a note it never creates: in Realm the link is a hidden tombstone,
    // in Atlas a foreign key to a missing document; the note is lost on every replica, and
    // the server acknowledged its insert.
    Planted{Bug::InsertLosesItsCreate,
            "insert-loses-its-create",
            "corpus/scenarios/two-devices-inserts.scn",
            "realm-dev-mode",
            "intent-lost-note",
            {"durability-lost-ack", "intent-lost-note", "reachability-dangling"},
            200},
    // The same bug hunted by the durability checker: the lost note is an insert the server
    // acknowledged (no write can make that loss alone: the server is a replica, so intent
    // sees every note missing from it).
    Planted{Bug::InsertLosesItsCreate,
            "insert-loses-its-create-acked",
            "corpus/scenarios/two-devices-inserts.scn",
            "realm-dev-mode",
            "durability-lost-ack",
            {"durability-lost-ack", "intent-lost-note", "reachability-dangling"},
            200},
    // The move of n1.1 to n1.2 links it back under the root: misplaced on every replica
    // (its intent follows the move), and the acknowledged move is not on the server.
    Planted{Bug::MoveStaysPut,
            "move-stays-put",
            "tests/properties/data/moves.scn",
            "realm-dev-mode",
            "intent-misplaced",
            {"durability-lost-move", "intent-misplaced"},
            200},
    // The same bug hunted by the durability checker (the move's note is misplaced
    // wherever the acknowledged move is missing, so intent always sees it too).
    Planted{Bug::MoveStaysPut,
            "move-stays-put-acked",
            "tests/properties/data/moves.scn",
            "realm-dev-mode",
            "durability-lost-move",
            {"durability-lost-move", "intent-misplaced"},
            200},
    // The move of n1.1 (under the root) to n1.2 also links the root under n1.1:
    // root -> n1.2 -> n1.1 -> root on every replica; everything stays reachable and in place.
    Planted{Bug::MoveLinksBack,
            "move-links-back",
            "tests/properties/data/moves.scn",
            "realm-dev-mode",
            "acyclic-cycle",
            {"acyclic-cycle"},
            200}};
INSTANTIATE_TEST_SUITE_P(EveryReplica, PlantedBug, ::testing::ValuesIn(kEveryReplica), test_name);

// Liveness and migration checkers: the bug stops progress or raises an error for the
// developer, but every replica ends with the same, right data, so the catching run shows
// exactly the one signature. The expected signatures, bug by bug:
const Planted kLivenessAndMigration[] = {
    // r2m writes the edit at the head of history but stays on it: it writes the same text
    // again at every step, so Atlas is right and every device quiescent, but r2m always
    // has a step to take and the settle phase hits its bound. Caught in every run whose
    // last history entry is c1's edit (its insert comes first on c1).
    Planted{Bug::R2MRetranslatesHeadEdit,
            "r2m-retranslates-head-edit",
            "tests/properties/data/edit-settles.scn",
            "realm-dev-mode",
            "liveness-not-settled",
            {"liveness-not-settled"},
            50},
    // Every Recover reset fails "to prevent a cycle": c1's session stops for good. c1 has
    // written nothing, so the backup it keeps equals the server's state and Atlas's: the
    // stopped session is all there is to see, in every run.
    Planted{Bug::RecoverGuardAlwaysSet,
            "recover-guard-always-set",
            "tests/properties/data/admin-reset.scn",
            "recover",
            "liveness-reset-failed",
            {"liveness-reset-failed"},
            50},
    // c1 (v2) receives c2's v1 insert after its upgrade and reports the note as written at
    // a schema it lacks instead of migrating it. It keeps the note as received, as the
    // server and c2 do (nothing migrated it anywhere), and the relay has no Atlas: the
    // error reported is the only signature. Runs where the insert reaches c1 before its
    // upgrade migrate it with the rest of c1's data and show nothing.
    Planted{Bug::ReceiptMissesOldestSchema,
            "receipt-misses-oldest-schema",
            "tests/properties/data/old-peer-receipt.scn",
            "verdant-migrate-up",
            "migration-missing-schema",
            {"migration-missing-schema"},
            200},
    // The server's properties are overlooked when a client model is checked: c1's app 2
    // (Note + title) reads as adding every property, so production refuses its session even
    // after the deploy of title, for good. Nothing else differs between the replicas.
    Planted{Bug::FitOverlooksServerProperties,
            "fit-overlooks-server-properties",
            "tests/properties/data/app-upgrade-after-deploy.scn",
            "fix-merge-reinsert",
            "liveness-session-refused",
            {"liveness-session-refused"},
            20}};
INSTANTIATE_TEST_SUITE_P(LivenessAndMigration, PlantedBug,
                         ::testing::ValuesIn(kLivenessAndMigration), test_name);

// Every signature the checkers of properties/check.cpp report is the target of a planted bug
// above (the list must grow with the checkers).
TEST(PlantedBugs, EveryCheckerKindIsTheTargetOfAPlantedBug) {
  const Signatures kinds = {"acyclic-cycle",
                            "consistency-index-anomaly",
                            "convergence-diverged",
                            "durability-lost-ack",
                            "durability-lost-delete",
                            "durability-lost-edit",
                            "durability-lost-move",
                            "intent-lost-note",
                            "intent-misplaced",
                            "liveness-not-settled",
                            "liveness-reset-failed",
                            "liveness-session-refused",
                            "migration-missing-schema",
                            "reachability-dangling",
                            "reachability-orphan"};
  Signatures targeted;
  for (std::span<const Planted> list :
       {std::span<const Planted>(kOneSided), std::span<const Planted>(kEveryReplica),
        std::span<const Planted>(kLivenessAndMigration)})
    for (const Planted& p : list) targeted.push_back(p.signature);
  std::sort(targeted.begin(), targeted.end());
  targeted.erase(std::unique(targeted.begin(), targeted.end()), targeted.end());
  EXPECT_EQ(targeted, kinds);
}

/// The outcome classes of an exhaustive catalogue (joined signatures), failing ones only.
Signatures failing_outcomes(const ProfileCatalog& c) {
  Signatures out;
  for (const auto& sc : c.search.signatures)
    if (!sc.signature.empty()) out.push_back(sc.signature);
  return out;
}

// The Clear rule (docs/spec.md §3) has no correct profile to hunt on: the correct profiles
// never write a Clear (fix-merge-reinsert's re-insert unions, realm-dev-mode has none). Its
// oracle is the exhaustive catalogue of realm-h1 on stashpad-mini, whose one pattern *is*
// the Clear rule: the re-insert's Clear discards c1's concurrent insert of n, so n ends
// orphaned (and misplaced) wherever the deploy's snapshot lacked it. A Clear that discards
// nothing keeps that insert instead: the server applies it after the Clear with the index
// it had before (past the end of the cleared list), while c1, which applied its insert
// first, then receives the Clear and loses the link. So the catalogue must change from the
// orphan pattern alone to index anomalies on the server and c1 diverging from it.
TEST(PlantedClear, ClearDiscardsNothingIsSeenByTheCatalogueOfTheReinsertsClear) {
  const RunPlan r =
      test::resolve_ok(test::load("corpus/scenarios/stashpad-mini.scn"), 1, "realm-h1");
  const ProfileCatalog right = build_catalog(r);
  ASSERT_FALSE(right.search.cut_short);
  EXPECT_EQ(failing_outcomes(right), Signatures{"intent-misplaced+reachability-orphan"});
  ASSERT_EQ(right.patterns.size(), 1u);
  Signatures facts = right.patterns.front().facts;
  std::sort(facts.begin(), facts.end());
  EXPECT_EQ(facts, (Signatures{"admin deploy additive tags:array<string>|r2m wrote n",
                               "c1 insert n under root|reinsert.1.1 reached c1"}));
  ScopedBug on(Bug::ClearDiscardsNothing);
  const ProfileCatalog wrong = build_catalog(r);
  ASSERT_FALSE(wrong.search.cut_short);
  // The bug changes what the reachable states hold, not which actions are enabled.
  EXPECT_EQ(wrong.search.states, right.search.states);
  EXPECT_EQ(wrong.search.executions, right.search.executions);
  const Signatures got = failing_outcomes(wrong);
  EXPECT_NE(
      std::find(
          got.begin(), got.end(),
          "consistency-index-anomaly+convergence-diverged+intent-misplaced+reachability-orphan"),
      got.end());
  EXPECT_NE(std::find(got.begin(), got.end(),
                      "convergence-diverged+intent-misplaced+reachability-orphan"),
            got.end());
  bool anomaly_on_server = false;
  for (const auto& p : wrong.patterns)
    anomaly_on_server |= p.effect.find("consistency-index-anomaly@server") != std::string::npos;
  EXPECT_TRUE(anomaly_on_server);
}

// A checker blind spot is itself a planted bug: the r2m bug above is visible only in Atlas,
// so a checker that ignores Atlas misses it on every run where the real checker catches it.
TEST(PlantedChecker, AtlasBlindCheckerMissesWhatTheRealCheckerCatches) {
  const Scenario s = test::load("corpus/scenarios/stashpad-mini.scn");
  ScopedBug on(Bug::R2MSkipsFirstInsert);
  const Hunt real = hunt(s, "realm-dev-mode", "convergence-diverged", 200);
  const Hunt blind = hunt(s, "realm-dev-mode", "convergence-diverged", 200, atlas_blind_checker);
  EXPECT_GT(real.violating, 0u);
  EXPECT_EQ(blind.violating, 0u);
}

}  // namespace
}  // namespace syncsim

#endif  // SYNCSIM_PLANTED_BUGS
