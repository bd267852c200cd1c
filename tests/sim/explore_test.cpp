// Exhaustive exploration: the reduced searches (state hashing, then partial-order
// reduction on top) find exactly what plain depth-first search of every ordering finds; the
// Stashpad miniature fails under realm-h1 and not under the real fixes; the shortest
// counterexample replays; bounds say when they cut the search short.
#include "sim/search/explore.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "tests/test_support.h"

namespace syncsim {
namespace {

Scenario parse(const std::string& text) {
  return test::parse_text(text, "<explore_test>");
}

const std::string kHeader =
    "syncsim-trace 1\ndiscipline untimed\nknob reinsert_batch 20\nknob partitions 0\n";
const std::string kDeploy = "workload at 2500ms admin deploy additive tags:array<string>\n";

/// Stashpad in miniature with `inserts` inserts (stashpad-mini.scn has 3).
std::string mini(int inserts) {
  return kHeader + "knob disconnects 0\ndevice c1 user u1\nworkload every 1000ms from 1000ms x" +
         std::to_string(inserts) + " c1 insert n1.* under root\n" + kDeploy;
}

enum class Mode { Plain, States, PartialOrder };

ExploreResult run(const RunPlan& r, Mode mode, std::uint64_t max_states = 0,
                  std::uint64_t max_depth = 0) {
  ExploreOptions opt;
  opt.reduction = mode != Mode::Plain;
  opt.partial_order = mode == Mode::PartialOrder;
  opt.max_states = max_states;
  opt.max_depth = max_depth;
  return explore(r, opt);
}

std::vector<Outcome> outcomes(const ExploreResult& res) {
  std::vector<Outcome> out;
  for (const auto& c : res.outcomes) out.push_back(c.outcome);
  return out;
}

std::string describe(const ExploreResult& res) {
  std::string s;
  for (const auto& c : res.outcomes)
    s += "  [" + c.outcome.signature + "] " + c.outcome.detail +
         " states=" + std::to_string(c.states) + " executions=" + c.executions.decimal() + "\n";
  return s;
}

struct CrossCase {
  std::string name;
  std::string text;
  std::string profile;
};

void PrintTo(const CrossCase& c, std::ostream* os) {
  *os << c.name;
}

class ExploreCrossCheck : public ::testing::TestWithParam<CrossCase> {};

TEST_P(ExploreCrossCheck, ReducedSearchesFindWhatPlainSearchFinds) {
  const RunPlan r = test::resolve_ok(parse(GetParam().text), 1, GetParam().profile);
  const ExploreResult plain = run(r, Mode::Plain);
  const ExploreResult states = run(r, Mode::States);
  const ExploreResult por = run(r, Mode::PartialOrder);
  for (const auto* res : {&plain, &states, &por}) {
    ASSERT_FALSE(res->cut_short) << res->cut_message;
    ASSERT_GT(res->terminal_states, 0u);
  }
  // The same final outcomes: violations with their replicas and notes, and the settled state.
  ASSERT_EQ(outcomes(plain), outcomes(states)) << "plain:\n"
                                               << describe(plain) << "states:\n"
                                               << describe(states);
  ASSERT_EQ(outcomes(states), outcomes(por)) << "states:\n"
                                             << describe(states) << "por:\n"
                                             << describe(por);
  // State hashing merges only states with equal futures: every execution is still counted.
  EXPECT_EQ(plain.executions, states.executions);
  EXPECT_EQ(plain.failing_executions, states.failing_executions);
  for (std::size_t i = 0; i < plain.outcomes.size(); ++i)
    EXPECT_EQ(plain.outcomes[i].executions, states.outcomes[i].executions)
        << plain.outcomes[i].outcome.detail;
  // Partial-order reduction keeps every terminal state (and so every outcome).
  EXPECT_EQ(states.terminal_states, por.terminal_states);
  for (std::size_t i = 0; i < states.outcomes.size(); ++i)
    EXPECT_EQ(states.outcomes[i].states, por.outcomes[i].states)
        << states.outcomes[i].outcome.detail;
  EXPECT_TRUE(states.executions_exact);
  EXPECT_LT(states.states, plain.states);
  EXPECT_LE(por.states, states.states);
  EXPECT_LE(por.transitions, states.transitions);
}

std::vector<CrossCase> cross_cases() {
  std::vector<CrossCase> v;
  for (const char* p : {"realm-h1", "realm-h2", "realm-reinsert-latest", "realm-dev-mode",
                        "fix-drain-then-snapshot", "fix-merge-reinsert"})
    v.push_back({std::string("mini2_") + p, mini(2), p});
  const std::string one = kHeader + "knob disconnects 0\ndevice c1 user u1\n";
  const std::string two = kHeader + "knob disconnects 0\ndevice c1 user u1\n";
  v.push_back({"two_devices",
               two + "device c2 user u1\nworkload at 1000ms c1 insert n1.1 under root\n"
                     "workload at 1000ms c2 insert n2.1 under root\n",
               "realm-h1"});
  v.push_back({"clock_skew",
               two + "device c2 user u1 clock_offset_ms 3\n"
                     "workload at 1000ms c1 insert n1.1 under root\n"
                     "workload at 1000ms c2 insert n2.1 under root\n",
               "realm-h1"});
  v.push_back({"delete_under_concurrent_insert",
               two + "device c2 user u1\ntree u1 1\nworkload at 1000ms c1 delete a.1\n"
                     "workload at 1000ms c2 insert n2.1 under a.1\n",
               "realm-h1"});
  v.push_back({"disconnects",
               kHeader +
                   "knob disconnects 1\ndevice c1 user u1\n"
                   "workload at 1000ms c1 insert n1.1 under root\n" +
                   kDeploy,
               "realm-h1"});
  v.push_back({"offline_online",
               one +
                   "workload at 1000ms c1 insert n1.1 under root\n"
                   "workload at 1500ms c1 offline\n"
                   "workload at 1700ms c1 insert n1.2 under root\n"
                   "workload at 2000ms c1 online\n" +
                   kDeploy,
               "realm-h1"});
  for (const char* p : {"realm-h1", "fix-merge-reinsert"}) {
    v.push_back({std::string("delete_") + p,
                 one +
                     "workload at 1000ms c1 insert n1.1 under root\n"
                     "workload at 1400ms c1 delete n1.1\n" +
                     kDeploy,
                 p});
    v.push_back({std::string("edit_") + p,
                 one +
                     "workload at 1000ms c1 insert n1.1 under root\n"
                     "workload at 1100ms c1 edit n1.1\n" +
                     kDeploy,
                 p});
  }
  v.push_back(
      {"move", one + "tree u1 2\nworkload at 1000ms c1 move a.2 to a.1\n" + kDeploy, "realm-h1"});
  return v;
}

INSTANTIATE_TEST_SUITE_P(Explore, ExploreCrossCheck, ::testing::ValuesIn(cross_cases()),
                         [](const auto& info) {
                           std::string name = info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

/// Scenarios too big for plain search: partial-order reduction against state hashing alone.
class ExplorePartialOrder : public ::testing::TestWithParam<CrossCase> {};

TEST_P(ExplorePartialOrder, KeepsEveryTerminalStateAndOutcome) {
  const Scenario s = GetParam().text.rfind("corpus/", 0) == 0 ? test::load(GetParam().text)
                                                              : parse(GetParam().text);
  const RunPlan r = test::resolve_ok(s, 1, GetParam().profile);
  const ExploreResult states = run(r, Mode::States);
  const ExploreResult por = run(r, Mode::PartialOrder);
  ASSERT_FALSE(states.cut_short);
  ASSERT_FALSE(por.cut_short);
  ASSERT_EQ(outcomes(states), outcomes(por)) << "states:\n"
                                             << describe(states) << "por:\n"
                                             << describe(por);
  for (std::size_t i = 0; i < states.outcomes.size(); ++i)
    EXPECT_EQ(states.outcomes[i].states, por.outcomes[i].states)
        << states.outcomes[i].outcome.detail;
  EXPECT_LT(por.states, states.states);
}

std::vector<CrossCase> por_cases() {
  std::vector<CrossCase> v;
  for (const char* p : {"realm-h1", "realm-h2", "realm-reinsert-latest", "realm-dev-mode",
                        "fix-drain-then-snapshot", "fix-merge-reinsert"})
    v.push_back({std::string("stashpad_mini_") + p, "corpus/scenarios/stashpad-mini.scn", p});
  const std::string two = kHeader +
                          "knob disconnects 0\ndevice c1 user u1\ndevice c2 user u1\n"
                          "workload at 1000ms c1 insert n1.1 under root\n"
                          "workload at 1000ms c2 insert n2.1 under root\n" +
                          kDeploy;
  for (const char* p : {"realm-h1", "fix-drain-then-snapshot", "fix-merge-reinsert"})
    v.push_back({std::string("two_devices_deploy_") + p, two, p});
  v.push_back({"delete_during_deploy", "corpus/scenarios/delete-during-deploy.scn", "realm-h1"});
  return v;
}

INSTANTIATE_TEST_SUITE_P(Explore, ExplorePartialOrder, ::testing::ValuesIn(por_cases()),
                         [](const auto& info) {
                           std::string name = info.param.name;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// ---- the Stashpad miniature ---------------------------------------------------------------

/// The notes of the violation `prefix` ("signature@replica:") in an Outcome's detail.
std::vector<std::string> notes_in(const std::string& detail, const std::string& prefix) {
  std::vector<std::string> out;
  const auto at = detail.find(prefix);
  if (at == std::string::npos) return out;
  const auto from = at + prefix.size();
  const std::string list = detail.substr(from, detail.find(' ', from) - from);
  for (std::size_t i = 0; i <= list.size();) {
    const auto comma = std::min(list.find(',', i), list.size());
    out.push_back(list.substr(i, comma - i));
    i = comma + 1;
  }
  return out;
}

RunPlan stashpad_mini(const std::string& profile) {
  return test::resolve_ok(test::load("corpus/scenarios/stashpad-mini.scn"), 1, profile);
}

TEST(ExploreStashpadMini, CorpusFileIsTheMiniatureTheBenchmarksBuild) {
  // bench/explore_bench.cpp builds 2..7-insert miniatures in code; 3 must be the corpus file.
  EXPECT_EQ(trace_hash(stashpad_mini("realm-h1").scenario),
            trace_hash(test::resolve_ok(parse(mini(3)), 1, "realm-h1").scenario));
}

TEST(ExploreStashpadMini, RealmH1OrphansEachInsertInSomeOrderingsButNotAll) {
  const ExploreResult res = run(stashpad_mini("realm-h1"), Mode::PartialOrder);
  ASSERT_FALSE(res.cut_short);
  EXPECT_GT(res.failing_executions, 0u);
  EXPECT_LT(res.failing_states, res.terminal_states)
      << "orderings where r2m translated every insert "
         "before the deploy lose nothing";
  std::set<std::string> orphaned;
  for (const auto& c : res.outcomes) {
    if (!c.outcome.failing()) continue;
    EXPECT_NE(c.outcome.signature.find("reachability-orphan"), std::string::npos)
        << c.outcome.signature;
    for (const auto& note : notes_in(c.outcome.detail, "reachability-orphan@c1:"))
      orphaned.insert(note);
  }
  EXPECT_EQ(orphaned, (std::set<std::string>{"n1.1", "n1.2", "n1.3"}));
}

TEST(ExploreStashpadMini, RealFixesHaveNoFailingOrdering) {
  for (const char* p : {"realm-dev-mode", "fix-merge-reinsert"}) {
    const ExploreResult res = run(stashpad_mini(p), Mode::PartialOrder);
    ASSERT_FALSE(res.cut_short) << p;
    EXPECT_GT(res.terminal_states, 0u) << p;
    EXPECT_EQ(res.failing_executions, 0u) << p << "\n" << describe(res);
    EXPECT_TRUE(res.shortest_trace.empty()) << p;
  }
}

TEST(ExploreStashpadMini, ShortestCounterexampleReplaysToTheSameSignature) {
  const RunPlan r = stashpad_mini("realm-h1");
  for (Mode mode : {Mode::PartialOrder, Mode::States}) {
    const ExploreResult res = run(r, mode);
    ASSERT_FALSE(res.shortest_trace.empty());
    ASSERT_EQ(res.shortest_trace.size(), res.shortest_choices.size());
    EXPECT_LE(res.shortest_trace.size(), res.shortest_complete);
    std::vector<StepLine> steps;
    for (std::size_t i = 0; i < res.shortest_trace.size(); ++i)
      steps.push_back(StepLine{i + 1, 0, false, res.shortest_trace[i], 0});
    World w = make_world(r);
    ASSERT_EQ(w.discipline(), Discipline::Untimed);
    RunOptions opt;
    opt.strategy = Strategy::Replay;
    opt.replay = &steps;
    const RunResult rr = run_world(w, opt);
    EXPECT_TRUE(rr.skipped.empty());
    EXPECT_EQ(rr.steps, steps.size());
    EXPECT_EQ(to_outcome(check_quiescent(w, rr.settled), w).signature, res.shortest_signature);
  }
}

TEST(ExploreStashpadMini, ShortestCounterexampleIsTheShallowestFailingState) {
  // Breadth-first: no state with fewer chosen steps settles into a violation.
  const RunPlan r = stashpad_mini("realm-h1");
  const ExploreResult res = run(r, Mode::States);
  ASSERT_FALSE(res.shortest_choices.empty());
  for (const auto& n : res.graph.nodes) {
    if (n.depth >= res.shortest_choices.size()) break;
    std::vector<std::uint32_t> path;
    for (const auto* m = &n; m != &res.graph.nodes[0]; m = &res.graph.nodes[m->parent])
      path.push_back(m->choice);
    World w = initial_world(r);
    std::vector<Action> acts;
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      w.enabled(acts, false);
      w.execute(acts[*it]);
    }
    EXPECT_FALSE(evaluate_terminal(std::move(w)).failing()) << "depth " << n.depth;
  }
}

TEST(ExploreStashpadMini, ReductionsShrinkTheSearch) {
  const RunPlan r = stashpad_mini("realm-h1");
  const ExploreResult states = run(r, Mode::States);
  const ExploreResult por = run(r, Mode::PartialOrder);
  EXPECT_EQ(outcomes(states), outcomes(por));
  EXPECT_LT(por.states * 2, states.states) << por.states << " vs " << states.states;
  std::uint64_t kinds = 0;
  for (auto k : por.kind_counts) kinds += k;
  EXPECT_EQ(kinds, por.transitions);
  EXPECT_GT(por.kind_counts[static_cast<int>(ActionKind::Reinsert)], 0u);
}

// ---- bounds ------------------------------------------------------------------------------------

TEST(ExploreBounds, MaxStatesCutsShortAndSaysSo) {
  const RunPlan r = stashpad_mini("realm-h1");
  for (Mode mode : {Mode::Plain, Mode::States, Mode::PartialOrder}) {
    const ExploreResult res = run(r, mode, 50);
    EXPECT_TRUE(res.cut_short);
    EXPECT_EQ(res.cut_message, "search cut short by --max-states=50: results are a lower bound");
    EXPECT_LE(res.states, 50u);
  }
  EXPECT_FALSE(run(r, Mode::PartialOrder, 1000000).cut_short);
}

TEST(ExploreBounds, MaxDepthCutsShortAndSaysSo) {
  const RunPlan r = stashpad_mini("realm-h1");
  for (Mode mode : {Mode::Plain, Mode::States, Mode::PartialOrder}) {
    const ExploreResult res = run(r, mode, 0, 4);
    EXPECT_TRUE(res.cut_short);
    EXPECT_EQ(res.cut_message, "search cut short by --max-depth=4: results are a lower bound");
    EXPECT_LE(res.depth, 4u);
    EXPECT_EQ(res.terminal_states, 0u);
  }
  const ExploreResult full = run(r, Mode::PartialOrder);
  EXPECT_FALSE(run(r, Mode::PartialOrder, 0, full.depth).cut_short);
  EXPECT_TRUE(run(r, Mode::PartialOrder, 0, full.depth - 1).cut_short);
}

// ---- the state hash ----------------------------------------------------------------------------

/// Runs `labels` from the initial state.
World after(const RunPlan& r, const std::vector<std::string>& labels) {
  World w = initial_world(r);
  std::vector<Action> acts;
  for (const auto& want : labels) EXPECT_TRUE(execute_label(w, want, false, acts)) << want;
  return w;
}

TEST(ExploreStateHash, AnAckBeforeOrAfterALocalWriteGivesOneState) {
  // The write's base differs (2 vs 1) and so does its timestamp (4 vs 3), but version 2 is
  // c1's own entry and the timestamps are in the same order: the futures are the same.
  const RunPlan r = test::resolve_ok(parse(mini(2)), 1, "realm-h1");
  const World a = after(r, {"c1 insert n1.1 under root", "deliver c1->server upload[n1.1]",
                            "deliver server->c1 download[ack n1.1]", "c1 insert n1.2 under root"});
  const World b = after(r, {"c1 insert n1.1 under root", "deliver c1->server upload[n1.1]",
                            "c1 insert n1.2 under root", "deliver server->c1 download[ack n1.1]"});
  ASSERT_EQ(a.devices()[0].client.unacked().size(), 1u);
  ASSERT_EQ(b.devices()[0].client.unacked().size(), 1u);
  EXPECT_NE(a.devices()[0].client.unacked()[0].last_integrated_version,
            b.devices()[0].client.unacked()[0].last_integrated_version);
  EXPECT_EQ(state_hash(a), state_hash(b));
}

TEST(ExploreStateHash, AForeignEntryBetweenAckAndWriteKeepsStatesApart) {
  // After the deploy's re-insert (a foreign entry) reached c1, a write based on it is not
  // concurrent with the re-insert; one made before is.
  const RunPlan r = test::resolve_ok(parse(mini(2)), 1, "realm-h1");
  const std::vector<std::string> common{"admin deploy additive tags:array<string>",
                                        "m2r reinsert 1/1", "c1 insert n1.1 under root"};
  auto first = common, second = common;
  first.insert(first.end(),
               {"deliver server->c1 download[reinsert.1.1]", "c1 insert n1.2 under root"});
  second.insert(second.end(),
                {"c1 insert n1.2 under root", "deliver server->c1 download[reinsert.1.1]"});
  EXPECT_NE(state_hash(after(r, first)), state_hash(after(r, second)));
}

TEST(ExploreStateHash, DeterministicAndSensitiveToEveryStep) {
  const RunPlan r = test::resolve_ok(parse(mini(2)), 1, "realm-h1");
  World w = initial_world(r);
  EXPECT_EQ(state_hash(w), state_hash(initial_world(r)));
  std::set<std::uint64_t> seen{state_hash(w)};
  std::vector<Action> acts;
  for (int step = 0; step < 40; ++step) {
    w.enabled(acts, false);
    if (acts.empty()) break;
    w.execute(acts.back());
    EXPECT_TRUE(seen.insert(state_hash(w)).second)
        << "step " << step << " left no trace in the hash";
  }
}

}  // namespace
}  // namespace syncsim
