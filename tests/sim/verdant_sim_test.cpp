// The Verdant scenario (corpus/scenarios/verdant-old-peer.scn, spec §6) over random seeds:
// verdant-prune loses notes that the old-version peer wrote, verdant-migrate-up loses none;
// a missing historical schema is an error (parse time and run time); the Realm machinery
// (Atlas, translators) stays out of Verdant runs. docs/verdant.md quotes these figures.
#include <gtest/gtest.h>

#include <string>

#include "model/ids.h"
#include "sim/search/explore.h"
#include "tests/test_support.h"

namespace syncsim {
namespace {

using test::has;
using test::load;
using test::resolve_ok;
using test::run_once;

constexpr char kScenario[] = "corpus/scenarios/verdant-old-peer.scn";

/// Does the report name a note of device c2 (an old-version peer's note) as lost on c1?
bool lost_old_peer_note(const CheckReport& rep) {
  for (const auto& v : rep.violations)
    if (v.signature() == "intent-lost-note" && v.replica == "c1")
      for (auto n : v.notes)
        if (model::kind_of(n) == model::NoteKind::Device && model::part_a(n) == 2) return true;
  return false;
}

/// Documents on device d that do not validate against its app's schema (spec §6 "invalid").
std::size_t invalid_docs(const World& w, std::size_t d) {
  const auto& c = w.devices()[d].client;
  std::size_t n = 0;
  for (const auto& [id, note] : c.store().notes())
    if (!model::verdant::valid(note, w.migrations(), c.app_schema())) ++n;
  return n;
}

std::string violations(const CheckReport& rep) {
  std::string s;
  for (const auto& v : rep.violations)
    s += v.signature() + "@" + v.replica + "[" + notes_list(v.notes) + "] ";
  return s;
}

TEST(VerdantSim, PruneLosesTheOldPeersNotesOnTheResetClient) {
  const Scenario s = load(kScenario);
  int losing = 0, orphaning = 0;
  constexpr int kSeeds = 200;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    const auto f = run_once(resolve_ok(s, seed, "verdant-prune"), Strategy::Random, false);
    ASSERT_TRUE(f.result.settled) << "seed " << seed;
    if (lost_old_peer_note(f.report)) ++losing;
    if (has(f.report, "reachability-orphan", "c1")) ++orphaning;
    EXPECT_FALSE(has(f.report, "intent-lost-note", "server")) << "the relay keeps every operation";
    EXPECT_GE(f.world.counts().resets, 1u) << "seed " << seed << ": c1 was truant";
    // Between resets prune applies an old peer's operations as they are: n2.11, written after
    // c1's reset, sits invalid in c1's db until the next reset prunes it.
    EXPECT_GE(invalid_docs(f.world, 0), 1u) << "seed " << seed;
  }
  // Figures of docs/verdant.md: every seed loses (c2 keeps writing after c1's migration), and
  // c1's note under c2's n2.2 is orphaned whenever n2.2 reached c1 before that insert.
  EXPECT_EQ(losing, kSeeds);
  EXPECT_GT(orphaning, 0);
  EXPECT_LT(orphaning, kSeeds);
  std::printf("verdant-prune: %d/%d seeds lose old-peer notes, %d orphan c1's note\n", losing,
              kSeeds, orphaning);
}

TEST(VerdantSim, MigrateUpLosesNothingOverThousandsOfSeeds) {
  const Scenario s = load(kScenario);
  for (std::uint64_t seed = 1; seed <= 3000; ++seed) {
    const auto f = run_once(resolve_ok(s, seed, "verdant-migrate-up"), Strategy::Random, false);
    ASSERT_TRUE(f.result.settled) << "seed " << seed;
    ASSERT_FALSE(f.report.violated()) << "seed " << seed << ": " << violations(f.report);
    // Migrated on receipt: c1's db at v2 holds only valid documents, whoever wrote them.
    ASSERT_EQ(invalid_docs(f.world, 0), 0u) << "seed " << seed;
  }
}

TEST(VerdantSim, MigrateUpAlsoHoldsUntimed) {
  const Scenario s = load(kScenario);
  for (std::uint64_t seed = 1; seed <= 500; ++seed) {
    // Untimed: one tick per step, so the 30 s truancy window never elapses; an admin-forced
    // reset is the only reset. Inserts, receipt migration and convergence are still checked.
    const auto f = run_once(resolve_ok(s, seed, "verdant-migrate-up", Discipline::Untimed),
                            Strategy::Random, false);
    ASSERT_FALSE(f.report.violated()) << "seed " << seed << ": " << violations(f.report);
  }
}

TEST(VerdantSim, TheDatasetVersionRuleOfIssue327LosesWhatTheOldPeerWroteDuringTruancy) {
  Scenario s = load(kScenario);
  s.knobs.push_back({"version_scope", 1, 0});
  int losing = 0;
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    const auto f = run_once(resolve_ok(s, seed, "verdant-migrate-up"), Strategy::Random, false);
    if (lost_old_peer_note(f.report)) ++losing;
  }
  EXPECT_EQ(losing, 50);
}

TEST(VerdantSim, AMissingHistoricalSchemaIsAReportedViolation) {
  Scenario s = load(kScenario);
  s.knobs.push_back({"oldest_schema", 2, 0});
  const auto f = run_once(resolve_ok(s, 1, "verdant-migrate-up"));
  EXPECT_TRUE(has(f.report, "migration-missing-schema", "c1")) << violations(f.report);
}

TEST(VerdantSim, AGapInTheMigrationChainIsAParseError) {
  const std::string head = "syncsim-trace 1\nprofile verdant-prune\ndevice c1 user u1\n";
  auto gap = parse_scenario(head +
                                "migration 1->2 add a:int:required default 1\n"
                                "migration 3->4 add b:int:required default 1\n",
                            "gap.scn");
  ASSERT_TRUE(std::holds_alternative<ParseError>(gap));
  EXPECT_EQ(std::get<ParseError>(gap).str(),
            "gap.scn:5: migration 3->4 but no migration 2->3: the chain from v1 has a gap");
  auto beyond = parse_scenario(head +
                                   "migration 1->2 add a:int:required default 1\n"
                                   "workload at 1ms c1 upgrade-app 3\n",
                               "beyond.scn");
  ASSERT_TRUE(std::holds_alternative<ParseError>(beyond));
  EXPECT_EQ(std::get<ParseError>(beyond).line, 5);
  auto bad = parse_scenario(head + "migration 1->3 add a:int:required default 1\n", "bad.scn");
  ASSERT_TRUE(std::holds_alternative<ParseError>(bad));
  EXPECT_EQ(std::get<ParseError>(bad).line, 4);
}

TEST(VerdantSim, AVerdantProfileOnAScenarioWithoutMigrationsIsRefusedAtResolve) {
  auto parsed = parse_scenario("syncsim-trace 1\ndevice c1 user u1 app_schema 2\n", "x.scn");
  ASSERT_TRUE(std::holds_alternative<Scenario>(parsed)) << "no migration lines: Realm semantics";
  Overrides o;
  o.profile = "verdant-migrate-up";
  RunPlan r;
  EXPECT_EQ(plan_run(std::get<Scenario>(parsed), o, 1, r).str(),
            "x.scn:2: app schema 2 has no migration path from v1 (the chain ends at v1; a missing "
            "historical schema is an error, see docs/verdant.md)");
}

TEST(VerdantSim, MigrationLinesRoundTrip) {
  const Scenario s = load(kScenario);
  ASSERT_EQ(s.migrations.size(), 1u);
  EXPECT_EQ(s.migrations[0].field.name, "priority");  // parsed once, written back from this
  EXPECT_EQ(s.migrations[0].field.type, model::PropertyType::Int);
  EXPECT_TRUE(s.migrations[0].field.required);
  const std::string text = write_scenario(s);
  EXPECT_NE(text.find("migration 1->2 add priority:int:required default 3\n"), std::string::npos);
  auto again = parse_scenario(text, "again");
  ASSERT_TRUE(std::holds_alternative<Scenario>(again));
  EXPECT_EQ(write_scenario(std::get<Scenario>(again)), text);
}

TEST(VerdantSim, ReplayReproducesTheRunExactly) {
  const Scenario s = load(kScenario);
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const char* profile = seed % 2 ? "verdant-prune" : "verdant-migrate-up";
    const auto first = run_once(
        resolve_ok(s, seed, profile, seed % 4 < 2 ? Discipline::Timed : Discipline::Untimed));
    auto parsed = parse_scenario(write_scenario(first.trace), "trace");
    ASSERT_TRUE(std::holds_alternative<Scenario>(parsed));
    const Scenario t = std::get<Scenario>(parsed);
    World w = make_world(resolve_ok(t, *t.seed));
    RunOptions opt;
    opt.strategy = Strategy::Replay;
    opt.replay = &t.steps;
    opt.record = true;
    const RunResult res = run_world(w, opt);
    EXPECT_TRUE(res.skipped.empty()) << "seed " << seed;
    EXPECT_EQ(write_scenario(trace_of(resolve_ok(t, *t.seed), res)), write_scenario(first.trace))
        << "seed " << seed;
  }
}

TEST(VerdantSim, NoTranslatorRunsAndMigrationsAreLabelled) {
  const Scenario s = load(kScenario);
  const auto f = run_once(resolve_ok(s, 3, "verdant-migrate-up"));
  bool upgrade = false, reset = false;
  for (const auto& st : f.trace.steps) {
    EXPECT_EQ(st.label.find("r2m"), std::string::npos) << st.label;
    upgrade = upgrade || st.label.find("migrate.c1.v2") != std::string::npos;
    reset = reset || st.label.find("reset.c1.1") != std::string::npos;
  }
  EXPECT_TRUE(upgrade) << "c1's upgrade migration is uploaded";
  EXPECT_TRUE(reset) << "c1's reset migration is uploaded";
}

/// Every untimed ordering of corpus/scenarios/verdant-mini.scn: c1 upgrades to v2 while old
/// peer c2 inserts n2.1, then the relay forces c1 to reset.
ExploreResult explore_mini(const std::string& profile, bool reduction, bool por) {
  ExploreOptions opt;
  opt.reduction = reduction;
  opt.partial_order = por;
  return explore(resolve_ok(load("corpus/scenarios/verdant-mini.scn"), 1, profile), opt);
}

std::vector<Outcome> outcomes(const ExploreResult& res) {
  std::vector<Outcome> out;
  for (const auto& c : res.outcomes) out.push_back(c.outcome);
  return out;
}

TEST(VerdantExplore, EveryOrderingPruneLosesSomeMigrateUpNone) {
  const ExploreResult prune = explore_mini("verdant-prune", true, true);
  ASSERT_FALSE(prune.cut_short);
  EXPECT_GT(prune.failing_executions, 0u);
  EXPECT_LT(prune.failing_executions, prune.executions) << "n2.1 migrated by c1's upgrade: kept";
  const ExploreResult up = explore_mini("verdant-migrate-up", true, true);
  ASSERT_FALSE(up.cut_short);
  EXPECT_GT(up.executions, 0u);
  EXPECT_EQ(up.failing_executions, 0u);
  std::printf(
      "verdant mini, every ordering: prune %s/%s representative executions fail; migrate-up 0/%s\n",
      prune.failing_executions.decimal().c_str(), prune.executions.decimal().c_str(),
      up.executions.decimal().c_str());
}

TEST(VerdantExplore, ReducedSearchesFindWhatPlainSearchFinds) {
  for (const char* profile : {"verdant-prune", "verdant-migrate-up", "verdant-5.5"}) {
    const ExploreResult plain = explore_mini(profile, false, false);
    const ExploreResult states = explore_mini(profile, true, false);
    const ExploreResult por = explore_mini(profile, true, true);
    EXPECT_EQ(outcomes(plain), outcomes(states)) << profile;
    EXPECT_EQ(outcomes(states), outcomes(por)) << profile;
    EXPECT_EQ(plain.executions, states.executions) << profile;
    EXPECT_EQ(plain.failing_executions, states.failing_executions) << profile;
  }
}

}  // namespace
}  // namespace syncsim
