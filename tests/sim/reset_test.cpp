// What the tool must find about client resets (spec §5, §7, §8), over random seeds
// of the corpus/scenarios/reset-*.scn scenarios. The figures asserted here are the ones
// docs/client-reset.md reports; a change of the model that moves them must update both.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "tests/test_support.h"

namespace syncsim {
namespace {

using model::device_note;
using model::NoteId;
using model::tree_note;
using test::load;
using test::resolve_ok;

using NoteSet = std::set<NoteId>;

/// `syncsim replay TRACE --profile P`: the trace's chosen steps under another profile (steps
/// that are not enabled there are skipped), settle regenerated.
test::Finished replay_as(const Scenario& trace, const std::string& profile) {
  const RunPlan r = resolve_ok(trace, trace.seed.value_or(1), profile, trace.discipline);
  World w = make_world(r);
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &trace.steps;
  opt.record = true;
  RunResult res = run_world(w, opt);
  CheckReport rep = check_quiescent(w, res.settled);
  Scenario out = trace_of(r, res);
  return test::Finished{std::move(res), std::move(rep), std::move(out), std::move(w)};
}

/// Notes of a violation signature, over every replica.
NoteSet notes_of(const CheckReport& rep, const std::string& signature) {
  NoteSet out;
  for (const auto& v : rep.violations)
    if (v.signature() == signature) out.insert(v.notes.begin(), v.notes.end());
  return out;
}

NoteSet acked(const World& w) {
  return NoteSet(w.acked_notes().begin(), w.acked_notes().end());
}

/// Lost notes the server had never acknowledged: the unsynced inserts a reset threw away.
NoteSet lost_unacked(const test::Finished& f) {
  const NoteSet ack = acked(f.world);
  NoteSet out;
  for (NoteId n : notes_of(f.report, "intent-lost-note"))
    if (!ack.contains(n)) out.insert(n);
  return out;
}

/// Plain recover on a trace whose second reset came before the first one's writes were
/// acknowledged: realm-core refuses the reset (ClientResetFailed, "giving up on Recover to
/// prevent a cycle"), so that device's sync stops for good. Nothing is discarded: each note
/// the other profile lost is still on a device the liveness violation names.
void expect_recover_stops_sync(const test::Finished& f, const NoteSet& lost, std::uint64_t seed) {
  const auto r = replay_as(f.trace, "recover");
  NoteSet kept;
  for (const auto& v : r.report.violations) {
    if (v.signature() != "liveness-reset-failed") continue;
    for (const Device& dev : r.world.devices())
      if (dev.name == v.replica)
        for (NoteId n : lost)
          if (dev.client.store().contains(n)) kept.insert(n);
  }
  EXPECT_EQ(kept, lost) << "seed " << seed;
}

struct Tally {
  int runs = 0;
  std::map<std::string, int> by_signature;  ///< runs showing each signature
  int violating = 0;
  int count(const std::string& signature) const {
    auto it = by_signature.find(signature);
    return it == by_signature.end() ? 0 : it->second;
  }
};

Tally tally(const Scenario& s, const std::string& profile, std::uint64_t seeds) {
  Tally t;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    const auto f = test::run_once(resolve_ok(s, seed, profile), Strategy::Random, false);
    ++t.runs;
    std::set<std::string> sigs;
    for (const auto& v : f.report.violations) sigs.insert(v.signature());
    for (const auto& sig : sigs) ++t.by_signature[sig];
    if (!sigs.empty()) ++t.violating;
  }
  return t;
}

// (a) discard loses unsynced inserts; the same traces under recover lose none of them.
void discard_vs_recover(const std::string& scenario, std::uint64_t seeds, int& losing) {
  const Scenario s = load(scenario);
  losing = 0;
  for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
    const auto d = test::run_once(resolve_ok(s, seed, "discard"));
    const NoteSet lost = lost_unacked(d);
    if (lost.empty()) continue;
    ++losing;
    const auto r = replay_as(d.trace, "recover");
    EXPECT_EQ(lost_unacked(r), NoteSet{}) << scenario << " seed " << seed;
    const NoteSet lost_r = notes_of(r.report, "intent-lost-note");
    for (NoteId n : lost)
      EXPECT_FALSE(lost_r.contains(n)) << model::note_name(n) << " seed " << seed;
  }
}

// A failed recover reset stops the device's sync once, for good: the world still settles (no
// retry at every settle step until the bound, as before model 3), the device keeps its
// recovered move locally, and nothing of it reaches the server.
TEST(ResetRecover, FailedResetStopsTheDevicesSyncOnce) {
  const Scenario t = load("corpus/traces/recover-liveness-reset-failed.trace");
  const auto r = replay_as(t, "recover");
  EXPECT_TRUE(r.result.settled);
  EXPECT_EQ(r.world.counts().failed_resets, 1u);
  EXPECT_EQ(r.world.devices()[0].resets, 2u);  // the first recovered, the second was refused
  ASSERT_FALSE(r.report.violations.empty());
  EXPECT_EQ(r.report.violations.front().signature(), "liveness-reset-failed");
  EXPECT_EQ(r.report.violations.front().replica, "c1");
  const Device& c1 = r.world.devices()[0];
  EXPECT_FALSE(c1.net.online);
  EXPECT_NE(c1.sync_error.find("prevent a cycle"), std::string::npos) << c1.sync_error;
  const auto* a3 = c1.client.store().find(tree_note(1, 3));
  ASSERT_NE(a3, nullptr);
  EXPECT_EQ(std::vector<NoteId>(a3->children.begin(), a3->children.end()),
            std::vector<NoteId>{tree_note(1, 1)});
  // The same trace with recovery disallowed: the first reset already fails, also once.
  Scenario off = t;
  auto knob = std::find_if(off.knobs.begin(), off.knobs.end(),
                           [](const KnobLine& k) { return k.name == "recovery_allowed"; });
  ASSERT_NE(knob, off.knobs.end());
  knob->value = 0;
  const auto d = replay_as(off, "recover");
  EXPECT_TRUE(d.result.settled);
  EXPECT_EQ(d.world.counts().failed_resets, 1u);
  EXPECT_EQ(d.world.devices()[0].resets, 1u);
  EXPECT_EQ(d.report.violations.front().signature(), "liveness-reset-failed");
}

TEST(ResetDiscardVsRecover, BreakingDeployDuringAnOfflineWindow) {
  int losing = 0;
  discard_vs_recover("corpus/scenarios/reset-offline-inserts.scn", 200, losing);
  EXPECT_GT(losing, 0);
  RecordProperty("discard_losing_runs", losing);
}

TEST(ResetDiscardVsRecover, ForcedResetOfOneDevice) {
  int losing = 0;
  discard_vs_recover("corpus/scenarios/reset-admin-reset.scn", 200, losing);
  EXPECT_GT(losing, 0);
  RecordProperty("discard_losing_runs", losing);
}

// The max-offline-time trigger: a reset at reconnect, with no deploy and no new epoch.
TEST(ResetTriggers, MaxOfflineTimeExceededResetsOnReconnect) {
  const Scenario s = load("corpus/scenarios/reset-max-offline.scn");
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const auto d = test::run_once(resolve_ok(s, seed, "discard"));
    EXPECT_EQ(d.world.counts().resets, 1u);
    EXPECT_EQ(d.world.epoch(), 1u);
    EXPECT_EQ(lost_unacked(d), NoteSet{device_note(1, 2)}) << "seed " << seed;
    EXPECT_FALSE(replay_as(d.trace, "recover").report.violated()) << "seed " << seed;
    const auto m = test::run_once(resolve_ok(s, seed, "manual-by-object"));
    EXPECT_EQ(notes_of(m.report, "reachability-orphan"), NoteSet{device_note(2, 1)})
        << "seed " << seed;
  }
}

// recover's copy verbatim drops another device's child under both timings; per-changeset
// copying (core >= 13.24.1) freezes the list and also orphans the device's own later insert.
TEST(ResetRecover, CopyVerbatimOrphansAndPerChangesetCopyOrphansTheLaterInsertToo) {
  Scenario s = load("corpus/scenarios/reset-copy-timing.scn");
  for (std::uint64_t seed = 1; seed <= 50; ++seed)
    EXPECT_EQ(notes_of(test::run_once(resolve_ok(s, seed)).report, "reachability-orphan"),
              NoteSet{device_note(2, 1)})
        << "seed " << seed;
  s.knobs.push_back(KnobLine{"copy_timing", 1, 0});
  for (std::uint64_t seed = 1; seed <= 50; ++seed)
    EXPECT_EQ(notes_of(test::run_once(resolve_ok(s, seed)).report, "reachability-orphan"),
              (NoteSet{device_note(1, 1), device_note(2, 1)}))
        << "seed " << seed;
}

// recover-or-discard: a reset arriving before the previous reset's writes were acknowledged is
// downgraded to discard and loses the recovered inserts; plain recover refuses that reset and
// stops syncing (realm-core's reset_precheck_guard), keeping them on c1 only.
TEST(ResetRecoverOrDiscard, SecondResetBeforeTheFirstWasAcknowledgedDiscards) {
  const Scenario s = load("corpus/scenarios/reset-double-deploy.scn");
  int losing = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const auto f = test::run_once(resolve_ok(s, seed));
    const NoteSet lost = lost_unacked(f);
    if (lost.empty()) continue;
    ++losing;
    expect_recover_stops_sync(f, lost, seed);
  }
  EXPECT_GT(losing, 30);
  const Tally t = tally(s, "recover", 300);
  EXPECT_GT(t.count("liveness-reset-failed"), 30) << "recover stops c1's sync instead of losing";
}

// The downgrade lasts only while the first reset's writes are unacknowledged (realm-core
// clears its pending-reset record on upload completion): a second reset long after recovers,
// and the offline insert it recovers survives. Before this rule the flag was never cleared.
TEST(ResetRecoverOrDiscard, SecondResetAfterTheFirstWasAcknowledgedRecovers) {
  const Scenario s = load("corpus/scenarios/reset-second-after-ack.scn");
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const auto f = test::run_once(resolve_ok(s, seed));
    EXPECT_EQ(f.world.devices()[0].resets, 2u) << "seed " << seed;
    EXPECT_EQ(f.world.counts().failed_resets, 0u) << "seed " << seed;
    EXPECT_TRUE(f.report.violations.empty())
        << "seed " << seed << ": " << f.report.violations.front().signature();
  }
}

// §7.3 across terminate and re-enable: acknowledged, not yet in Atlas, gone.
TEST(ResetDurability, AcknowledgedInsertR2MHadNotWrittenIsALostAck) {
  const Scenario s = load("corpus/scenarios/reset-lost-ack.scn");
  for (const char* profile : {"recover", "discard", "recover-or-discard"})
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      const auto f = test::run_once(resolve_ok(s, seed, profile));
      EXPECT_EQ(f.world.epoch(), 2u);
      EXPECT_EQ(notes_of(f.report, "durability-lost-ack"), NoteSet{device_note(1, 3)})
          << profile << " seed " << seed;
      EXPECT_EQ(notes_of(f.report, "intent-lost-note"), NoteSet{device_note(1, 3)});
    }
}

TEST(ResetDurability, NoLostAckWhenR2MHasCaughtUp) {
  Scenario s = load("corpus/scenarios/reset-lost-ack.scn");
  for (auto& k : s.knobs)
    if (k.name == "r2m_delay_min_ms" || k.name == "r2m_delay_max_ms") k.value = 5;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const auto f = test::run_once(resolve_ok(s, seed, "recover"));
    EXPECT_FALSE(f.report.violated()) << "seed " << seed;
  }
}

// (b) manual-by-object: a parent upserted whole drops another device's child.
TEST(ResetManualByObject, ParentUpsertedWholeOrphansAnotherDevicesNote) {
  const Scenario s = load("corpus/scenarios/reset-by-object-orphan.scn");
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const auto f = test::run_once(resolve_ok(s, seed));
    for (const char* replica : {"c1", "c2", "server", "atlas"})
      EXPECT_TRUE(test::has(f.report, "reachability-orphan", replica))
          << replica << " seed " << seed;
    EXPECT_EQ(notes_of(f.report, "reachability-orphan"), NoteSet{device_note(2, 1)})
        << "seed " << seed;
    EXPECT_FALSE(replay_as(f.trace, "recover").report.violated()) << "seed " << seed;
  }
}

// (b) manual-by-object: a note deleted because of clock skew.
TEST(ResetManualByObject, ClockSkewDeletesAnotherDevicesNote) {
  Scenario s = load("corpus/scenarios/reset-by-object-skew.scn");
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const auto f = test::run_once(resolve_ok(s, seed));
    EXPECT_EQ(notes_of(f.report, "intent-lost-note"), NoteSet{device_note(2, 1)})
        << "seed " << seed;
  }
  s.devices[0].clock_offset_ms = 0;  // the same run without skew loses nothing
  for (std::uint64_t seed = 1; seed <= 50; ++seed)
    EXPECT_FALSE(test::run_once(resolve_ok(s, seed)).report.violated()) << "seed " << seed;
}

// (c) The three documented alternatives, each in the orderings that separate them.
TEST(ResetManualAlternatives, ListChangedOnBothSidesOrphansUnderEveryManualStrategy) {
  const Scenario s = load("corpus/scenarios/reset-by-object-orphan.scn");
  for (const char* p : {"manual-overwrite-backend", "manual-by-field", "manual-updates-log"}) {
    const Tally t = tally(s, p, 50);
    EXPECT_EQ(t.count("reachability-orphan"), 50) << p;
    EXPECT_EQ(t.count("intent-lost-note"), 0) << p;
  }
}

TEST(ResetManualAlternatives, EditOnlyFieldStrategiesKeepTheOtherDevicesChild) {
  const Scenario s = load("corpus/scenarios/reset-edit-vs-insert.scn");
  for (const char* p : {"manual-by-object", "manual-overwrite-backend"})
    EXPECT_EQ(tally(s, p, 50).count("reachability-orphan"), 50) << p;
  for (const char* p : {"manual-by-field", "manual-updates-log", "recover", "discard"})
    EXPECT_EQ(tally(s, p, 50).violating, 0) << p;
}

TEST(ResetManualAlternatives, SkewDeletesUnderByFieldNotUnderUpdatesLogOrOverwrite) {
  const Scenario s = load("corpus/scenarios/reset-by-object-skew.scn");
  EXPECT_EQ(tally(s, "manual-by-field", 50).count("intent-lost-note"), 50);
  EXPECT_EQ(tally(s, "manual-updates-log", 50).violating, 0);
  // overwrite-backend deletes nothing, but upserts a.1 whole from a backup without n2.1.
  const Tally o = tally(s, "manual-overwrite-backend", 50);
  EXPECT_EQ(o.count("intent-lost-note"), 0);
  EXPECT_EQ(o.count("reachability-orphan"), 50);
}

TEST(ResetManualAlternatives, OverwriteBackendRestoresAnAcknowledgedInsertR2MHadNotWritten) {
  const Scenario s = load("corpus/scenarios/reset-lost-ack.scn");
  EXPECT_EQ(tally(s, "manual-overwrite-backend", 20).violating, 0);
  EXPECT_EQ(tally(s, "manual-by-object", 20).count("durability-lost-ack"), 20);
}

// The reset's own writes are not in the Updates log: a second reset before they are
// acknowledged finds no record of them and loses them (recover refuses that second reset).
TEST(ResetManualAlternatives, UpdatesLogLosesWhatTheFirstResetRestoredWhenASecondComes) {
  const Scenario s = load("corpus/scenarios/reset-double-deploy.scn");
  int losing = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const auto f = test::run_once(resolve_ok(s, seed, "manual-updates-log"));
    const NoteSet lost = lost_unacked(f);
    if (lost.empty()) continue;
    ++losing;
    expect_recover_stops_sync(f, lost, seed);
  }
  EXPECT_GT(losing, 10);
  for (const char* p : {"manual-by-object", "manual-by-field"})  // stamps survive the reset
    for (std::uint64_t seed = 1; seed <= 200; ++seed)
      EXPECT_EQ(lost_unacked(test::run_once(resolve_ok(s, seed, p))), NoteSet{})
          << p << " seed " << seed;
}

// The comparison docs/client-reset.md tabulates: reset-two-devices.scn, seeds 1..200.
TEST(ResetProfiles, TwoDevicesTally) {
  const Scenario s = load("corpus/scenarios/reset-two-devices.scn");
  std::map<std::string, Tally> t;
  for (const auto& p : model::profiles())
    if (p.domain.starts_with("breaking"))
      t[std::string(p.name)] = tally(s, std::string(p.name), 200);
  ASSERT_EQ(t.size(), 7u);
  for (auto& [name, tl] : t) EXPECT_GT(tl.violating, 0) << name << ": every reset profile loses";
  // recover: its lost notes are all lost acknowledgements; its orphans come from copies.
  EXPECT_EQ(t["recover"].count("intent-lost-note"), t["recover"].count("durability-lost-ack"));
  EXPECT_GT(t["recover"].count("reachability-orphan"), 0);
  // discard loses far more notes than recover.
  EXPECT_GT(t["discard"].count("intent-lost-note"), 4 * t["recover"].count("intent-lost-note"));
  // overwrite-backend never deletes a note and never loses an acknowledged insert.
  EXPECT_EQ(t["manual-overwrite-backend"].count("intent-lost-note"), 0);
  EXPECT_EQ(t["manual-overwrite-backend"].count("durability-lost-ack"), 0);
  for (const char* p :
       {"manual-by-object", "manual-overwrite-backend", "manual-by-field", "manual-updates-log"})
    EXPECT_GT(t[p].count("reachability-orphan"), 0) << p;
}

}  // namespace
}  // namespace syncsim
