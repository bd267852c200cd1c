// The catalogue: every pattern implies its effect over every execution class, is
// minimal, and together with `undecided` covers every loss; its example replays to the loss;
// the Stashpad mechanism of spec §4 comes out as the realm-h1 pattern; the real fix has none.
#include "sim/search/catalog.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/test_support.h"
#include "tools/render/catalog_markdown.h"

namespace syncsim {
namespace {

RunPlan mini(const std::string& profile) {
  return test::resolve_ok(test::load("corpus/scenarios/stashpad-mini.scn"), 1, profile);
}

std::uint32_t event(const ProfileCatalog& c, const std::string& name) {
  const auto it = std::find(c.events.begin(), c.events.end(), name);
  EXPECT_NE(it, c.events.end()) << name;
  return static_cast<std::uint32_t>(it - c.events.begin());
}

bool holds(const ProfileCatalog& c, const CatalogRow& row, const std::vector<std::string>& facts,
           std::size_t skip) {
  for (std::size_t i = 0; i < facts.size(); ++i) {
    if (i == skip) continue;
    const auto bar = facts[i].find('|');
    const auto a = row.position[event(c, facts[i].substr(0, bar))];
    const auto b = row.position[event(c, facts[i].substr(bar + 1))];
    if (a == 0 || (b != 0 && a >= b)) return false;  // "A before B": B may never happen
  }
  return true;
}

bool loses(const CatalogRow& row, const std::string& note, const std::string& effect) {
  return std::find(row.effects.begin(), row.effects.end(), std::make_pair(note, effect)) !=
         row.effects.end();
}

/// Checks every pattern of `c` against its rows, independently of the search.
void check_patterns(const ProfileCatalog& c) {
  Count losses, covered;
  for (const auto& row : c.rows)
    for (const auto& loss : row.effects) {
      // (clang 14 cannot capture structured bindings in lambdas)
      const std::string& note = loss.first;
      const std::string& effect = loss.second;
      losses += row.executions;
      const bool by_pattern =
          std::any_of(c.patterns.begin(), c.patterns.end(), [&](const Pattern& p) {
            return p.effect == effect &&
                   std::any_of(p.instances.begin(), p.instances.end(), [&](const auto& in) {
                     return in.note == note && holds(c, row, in.facts, in.facts.size());
                   });
          });
      if (by_pattern) covered += row.executions;
    }
  EXPECT_EQ(covered + c.undecided, losses)
      << c.profile << ": every loss is decided by a pattern or counted undecided";
  for (const auto& p : c.patterns)
    for (const auto& in : p.instances) {
      Count matching;
      for (const auto& row : c.rows) {
        if (!holds(c, row, in.facts, in.facts.size())) continue;
        matching += row.executions;
        EXPECT_TRUE(loses(row, in.note, p.effect))
            << c.profile << ": a pattern for " << in.note << " holds without the loss";
      }
      EXPECT_EQ(matching, in.executions);
      for (std::size_t drop = 0; drop < in.facts.size(); ++drop) {
        const bool still_implies =
            std::all_of(c.rows.begin(), c.rows.end(), [&](const CatalogRow& row) {
              return !holds(c, row, in.facts, drop) || loses(row, in.note, p.effect);
            });
        EXPECT_FALSE(still_implies) << c.profile << ": fact " << in.facts[drop] << " is not needed";
      }
    }
}

/// The example's chosen steps, replayed by the runner (settle regenerated), lose the note.
void check_example(const RunPlan& r, const Pattern& p) {
  std::vector<StepLine> steps;
  for (std::size_t i = 0; i < p.example.size(); ++i)
    steps.push_back(StepLine{i + 1, 0, false, p.example[i], 0});
  World w = make_world(r);
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &steps;
  const RunResult rr = run_world(w, opt);
  EXPECT_TRUE(rr.skipped.empty());
  const Outcome o = to_outcome(check_quiescent(w, rr.settled), w);
  EXPECT_NE(o.detail.find(p.example_note), std::string::npos) << o.detail;
}

TEST(Catalog, RealmH1LosesANoteWhenTheSnapshotLacksItAndTheClientWroteItConcurrently) {
  const RunPlan r = mini("realm-h1");
  const ProfileCatalog c = build_catalog(r);
  ASSERT_FALSE(c.search.cut_short);
  EXPECT_TRUE(c.search.executions_exact);
  check_patterns(c);
  EXPECT_EQ(c.undecided, 0u);
  ASSERT_EQ(c.patterns.size(), 1u);
  const Pattern& p = c.patterns.front();
  EXPECT_TRUE(p.generic);
  EXPECT_NE(p.effect.find("reachability-orphan@c1"), std::string::npos);
  // spec §4: the deploy's snapshot lacks n (r2m had not written it), and the client wrote n
  // before the re-insert reached it (so the re-insert's Clear is concurrent with it).
  std::vector<std::string> facts = p.facts;
  std::sort(facts.begin(), facts.end());
  EXPECT_EQ(facts, (std::vector<std::string>{"admin deploy additive tags:array<string>|r2m wrote n",
                                             "c1 insert n under root|reinsert.1.1 reached c1"}));
  ASSERT_EQ(p.instances.size(), 3u);
  EXPECT_LE(p.example.size(), 3u) << "the settle phase completes a short prefix";
  check_example(r, p);
}

TEST(Catalog, DrainThenSnapshotStillLosesInsertsInFlightDuringTheBatch) {
  const RunPlan r = mini("fix-drain-then-snapshot");
  const ProfileCatalog c = build_catalog(r);
  check_patterns(c);
  ASSERT_FALSE(c.patterns.empty());
  for (const auto& p : c.patterns) {
    check_example(r, p);
    // A batch that ran before n reached the server is what the drain cannot close.
    EXPECT_TRUE(std::any_of(p.facts.begin(), p.facts.end(), [](const std::string& f) {
      return f == "m2r reinsert 1/1|n reached server";
    })) << p.facts.front();
  }
}

TEST(Catalog, RealFixesHaveNoPatternAndThePatternsOfH1AreSafeUnderThem) {
  const ProfileCatalog h1 = build_catalog(mini("realm-h1"));
  for (const char* fix : {"fix-merge-reinsert", "realm-dev-mode"}) {
    const ProfileCatalog c = build_catalog(mini(fix));
    EXPECT_EQ(c.search.failing_executions, 0u) << fix;
    EXPECT_TRUE(c.patterns.empty()) << fix;
    EXPECT_EQ(c.undecided, 0u);
    const CompareCell cell = compare_pattern(h1.patterns.front(), c);
    EXPECT_EQ(cell.losing, 0u) << fix;
    if (std::string(fix) == "fix-merge-reinsert") {
      EXPECT_TRUE(cell.applicable);
      EXPECT_GT(cell.matching, 0u) << "the same orderings happen; they lose nothing";
    }
  }
  const CompareCell self = compare_pattern(h1.patterns.front(), h1);
  EXPECT_EQ(self.losing, self.matching);
  EXPECT_EQ(self.matching, h1.patterns.front().executions);
}

TEST(Catalog, DiscardLosesTheUnacknowledgedNotesOfAResetAndEveryResetLossIsDecided) {
  for (const char* profile : {"discard", "recover", "manual-by-object"}) {
    const RunPlan r = test::resolve_ok(test::load("corpus/scenarios/reset-mini.scn"), 1, profile);
    const ProfileCatalog c = build_catalog(r);
    ASSERT_FALSE(c.search.cut_short) << profile;
    check_patterns(c);
    EXPECT_EQ(c.undecided, 0u) << profile << ": the reset and ack events decide every loss";
    EXPECT_TRUE(c.undecided_groups.empty()) << profile;
    ASSERT_FALSE(c.patterns.empty()) << profile;
    for (const auto& p : c.patterns) check_example(r, p);
  }
  // spec §5: discard keeps only the fresh state, so a note written before the reset that
  // had not reached the server is gone. The pattern names the reset.
  const RunPlan r = test::resolve_ok(test::load("corpus/scenarios/reset-mini.scn"), 1, "discard");
  const ProfileCatalog c = build_catalog(r);
  EXPECT_TRUE(std::any_of(c.patterns.begin(), c.patterns.end(), [](const Pattern& p) {
    return p.generic && std::find(p.facts.begin(), p.facts.end(),
                                  "c1 insert n under root|c1 reset") != p.facts.end();
  }));
}

bool names_an_ack(const ProfileCatalog& c) {
  return std::any_of(c.events.begin(), c.events.end(),
                     [](const std::string& e) { return e.rfind("ack ", 0) == 0; });
}

// Acknowledgements decide reset losses only; without a reset they would multiply the event
// orders ~45x (stashpad-mini) for nothing, so the catalogue names them only where they matter.
TEST(Catalog, AcknowledgementEventsAreNamedOnlyWhenAResetHappens) {
  EXPECT_FALSE(names_an_ack(build_catalog(mini("realm-h1"))));
  const RunPlan r = test::resolve_ok(test::load("corpus/scenarios/reset-mini.scn"), 1, "recover");
  const ProfileCatalog c = build_catalog(r);
  EXPECT_TRUE(names_an_ack(c));
  EXPECT_TRUE(std::any_of(c.patterns.begin(), c.patterns.end(), [](const Pattern& p) {
    return std::any_of(p.facts.begin(), p.facts.end(),
                       [](const std::string& f) { return f.find("ack ") != std::string::npos; });
  })) << "recover's losses are acknowledged writes r2m had not written: an ack fact decides them";
}

TEST(Catalog, UndecidedLossesAreListedWithAShortestExample) {
  const RunPlan r = test::resolve_ok(test::load("corpus/scenarios/reset-mini.scn"), 1, "discard");
  CatalogOptions opt;
  opt.max_facts = 1;  // too few facts for the reset losses: some stay undecided
  const ProfileCatalog c = build_catalog(r, opt);
  check_patterns(c);
  ASSERT_FALSE(c.undecided_groups.empty());
  Count sum;
  for (const auto& u : c.undecided_groups) {
    sum += u.executions;
    EXPECT_FALSE(u.example.empty());
  }
  EXPECT_EQ(sum, c.undecided);
  const std::string md = catalog_markdown({c}, "T", "about", "syncsim catalog x");
  EXPECT_NE(md.find("### Undecided: `" + c.undecided_groups.front().note + "` ends"),
            std::string::npos);
}

TEST(Catalog, MarkdownNamesEveryPatternAndEveryProfile) {
  std::vector<ProfileCatalog> cats;
  for (const char* p : {"realm-h1", "fix-merge-reinsert"}) cats.push_back(build_catalog(mini(p)));
  const std::string md = catalog_markdown(cats, "T", "about", "syncsim catalog x");
  EXPECT_NE(md.find("## `realm-h1` (buggy)"), std::string::npos);
  EXPECT_NE(md.find("## `fix-merge-reinsert` (correct)"), std::string::npos);
  EXPECT_NE(md.find("### Pattern 1: n ends"), std::string::npos);
  EXPECT_NE(md.find("safe (0 of"), std::string::npos);
  EXPECT_NE(md.find("Generated by `syncsim catalog x`"), std::string::npos);
  EXPECT_EQ(md, catalog_markdown(cats, "T", "about", "syncsim catalog x")) << "deterministic";
}

TEST(Catalog, ComparisonCountsPastTwoToTheSixtyFourAreExact) {
  // Three execution classes of 2^64 - 1 executions each where `a` happens before `b`; the
  // note is lost in two of them. Matching: 3 (2^64 - 1) = 55340232221128654845; losing:
  // 2 (2^64 - 1) = 36893488147419103230 (a 64-bit counter would saturate or wrap).
  ProfileCatalog on;
  on.events = {"a", "b"};
  for (int i = 0; i < 3; ++i) {
    CatalogRow row;
    row.position = {1, 2};
    if (i < 2) row.effects = {{"n1", "reachability-orphan@server"}};
    row.executions = UINT64_MAX;
    on.rows.push_back(row);
  }
  Pattern p;
  p.facts = {"a|n"};
  p.instances.push_back(Pattern::Instance{"n1", Count(UINT64_MAX), {"a|b"}});
  const CompareCell cell = compare_pattern(p, on);
  EXPECT_TRUE(cell.applicable);
  EXPECT_EQ(cell.matching.decimal(), "55340232221128654845");
  EXPECT_EQ(cell.losing.decimal(), "36893488147419103230");
}

}  // namespace
}  // namespace syncsim
