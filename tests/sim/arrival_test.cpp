// Workload timing as a distribution: windows, arrival processes, their integer arithmetic,
// the swarm's draws, and that a trace records the draws so its replay is exact.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/workload_arrival.h"
#include "tests/sim/scenario_diff.h"
#include "tests/test_support.h"

namespace syncsim {
namespace {

constexpr std::string_view kHead =
    "syncsim-trace 1\n"
    "device c1 user u1\n"
    "device c2 user u1\n";  // a line appended to kHead is line 4

std::string parse_error(const std::string& line) {
  auto r = parse_scenario(std::string(kHead) + line, "t.scn");
  if (auto* e = std::get_if<ParseError>(&r)) return e->str();
  return "no error";
}

/// Item times of device c1's script (index 1) after resolving `text` with `seed`.
std::vector<std::int64_t> c1_times(const std::string& text, std::uint64_t seed) {
  const RunPlan r = test::resolve_ok(test::parse_text(text), seed);
  std::vector<std::int64_t> out;
  for (const WorkItem& w : r.workload->scripts[1]) out.push_back(w.at_ms);
  return out;
}

// ---- integer arithmetic ----------------------------------------------------------------------

TEST(ArrivalMath, Log2IsExactOnPowersOfTwoAndTruncatedElsewhere) {
  for (int k = 0; k < 64; ++k)
    EXPECT_EQ(log2_q16(1ULL << k), static_cast<std::uint32_t>(k) << 16) << k;
  // log2(3) = 1.5849625007...; * 65536 = 103872.3: truncation gives 103872 (or one less).
  EXPECT_GE(log2_q16(3), 103871u);
  EXPECT_LE(log2_q16(3), 103872u);
  // log2(10) = 3.3219280949 -> 217706.4
  EXPECT_GE(log2_q16(10), 217705u);
  EXPECT_LE(log2_q16(10), 217706u);
  EXPECT_EQ(log2_q16(UINT64_MAX) >> 16, 63u);
}

TEST(ArrivalMath, ExponentialGapIsTheInverseCdf) {
  // u + 1 = 2^32: -ln(1) = 0. u + 1 = 2^31: -ln(1/2) = ln 2 -> 693.147 ms of a 1000 ms mean.
  EXPECT_EQ(exponential_gap_ms(1000, UINT32_MAX), 0);
  EXPECT_EQ(exponential_gap_ms(1000, (1u << 31) - 1), 693);
  // u + 1 = 1: 32 ln 2 = 22.18 means, the largest gap (kMaxExponentialGapPeriods bounds it).
  EXPECT_EQ(exponential_gap_ms(1000, 0), 22181);
  EXPECT_LT(exponential_gap_ms(1000000000000, 0), kMaxExponentialGapPeriods * 1000000000000);
  // The mean over an even grid of u is the mean period (1 - 1/e of the mass below it).
  std::int64_t sum = 0, below_mean = 0;
  constexpr std::uint32_t kSteps = 1u << 16;
  for (std::uint32_t i = 0; i < kSteps; ++i) {
    const std::int64_t g = exponential_gap_ms(1000, i * (1u << 16) + (1u << 15));
    sum += g;
    below_mean += g < 1000;
  }
  EXPECT_NEAR(static_cast<double>(sum) / kSteps, 1000.0, 2.0);
  EXPECT_NEAR(static_cast<double>(below_mean) / kSteps, 0.6321, 0.001);
}

// ---- grammar ---------------------------------------------------------------------------------

TEST(ArrivalFormat, WindowsAndArrivalClausesRoundTrip) {
  const Scenario s = test::parse_text(
      std::string(kHead) +
      "workload at 7000..8000ms admin deploy additive tags:array<string>\n"
      "workload every 1000ms from 500..900ms x5 arrival jitter 30% c1 insert n1.* under root\n"
      "workload every 1000ms from 0ms x5 arrival exponential c2 insert n2.* under root\n"
      "workload every 10ms from 0ms x2 arrival swarm c1 insert n3.* under root\n"
      "workload every 10ms from 0ms x2 arrival exact c1 insert n4.* under root\n");
  ASSERT_EQ(s.workload.size(), 5u);
  EXPECT_EQ(s.workload[0].at_ms, 7000);
  EXPECT_EQ(s.workload[0].window_ms, 1000);
  EXPECT_EQ(s.workload[1].at_ms, 500);
  EXPECT_EQ(s.workload[1].window_ms, 400);
  EXPECT_EQ(s.workload[1].arrival.kind, ArrivalKind::Jitter);
  EXPECT_EQ(s.workload[1].arrival.jitter_pct, 30u);
  EXPECT_EQ(s.workload[2].arrival.kind, ArrivalKind::Exponential);
  EXPECT_EQ(s.workload[3].arrival.kind, ArrivalKind::Swarm);
  EXPECT_EQ(s.workload[4].arrival.kind, ArrivalKind::Exact);
  const std::string text = write_scenario(s);
  EXPECT_NE(text.find("workload at 7000..8000ms admin"), std::string::npos) << text;
  EXPECT_NE(text.find("from 500..900ms x5 arrival jitter 30% c1"), std::string::npos) << text;
  EXPECT_NE(text.find("x2 c1 insert n4.*"), std::string::npos) << "exact is written as no clause";
  const Scenario again = test::parse_text(text);
  Scenario stamped = s;  // the writer stamps this build's versions
  stamped.tool_version = again.tool_version;
  stamped.model_version = again.model_version;
  EXPECT_EQ(test::diff(stamped, again), "");
  EXPECT_EQ(write_scenario(again), text);
}

TEST(ArrivalFormat, BadTimingIsAnErrorAtItsLine) {
  const std::pair<std::string, std::string> kBad[] = {
      {"workload at 9..3ms c1 offline\n",
       "t.scn:4: empty window '9..3ms' for workload time: the end is before the start"},
      {"workload at 9..ms c1 offline\n", "t.scn:4: bad window '9..ms'"},
      {"workload at -1..3ms c1 offline\n", "t.scn:4: bad window '-1..3ms'"},
      {"workload at 1..99999999999999999999ms c1 offline\n",
       "t.scn:4: workload time '99999999999999999999' out of range"},
      {"workload at 1..1000000000001ms c1 offline\n",
       "t.scn:4: workload time '1000000000001' out of range"},
      {"workload every 1000ms from 0ms x3 arrival jitter -5% c1 insert n1.* under root\n",
       "t.scn:4: jitter % '-5' out of range [0, 100]"},
      {"workload every 1000ms from 0ms x3 arrival jitter 101% c1 insert n1.* under root\n",
       "t.scn:4: jitter % '101' out of range [0, 100]"},
      {"workload every 1000ms from 0ms x3 arrival jitter 30 c1 insert n1.* under root\n",
       "t.scn:4: bad jitter '30'"},
      {"workload every 1000ms from 0ms x3 arrival jitter\n",
       "t.scn:4: 'arrival jitter' without a percentage"},
      {"workload every 1000ms from 0ms x3 arrival poisson c1 insert n1.* under root\n",
       "t.scn:4: unknown arrival process 'poisson'"},
      {"workload every 1000ms from 0ms x3 arrival exact\n", "t.scn:4: expected 'workload at"},
      {"workload at 10ms arrival exact c1 offline\n",
       "t.scn:4: 'arrival' only on 'workload every' lines"},
      // 10^7 ms * 99999 gaps fits exactly, but an exponential gap can be 23 periods long.
      {"workload every 10000000ms from 0ms x100000 arrival exponential c1 insert n1.* under root\n",
       "t.scn:4: last repetition may come after"},
      {"workload every 10000000ms from 0ms x100000 arrival swarm c1 insert n1.* under root\n",
       "t.scn:4: last repetition may come after"},
      {"workload every 10000000ms from 1..10000001ms x100000 c1 insert n1.* under root\n",
       "t.scn:4: last repetition may come after"},
  };
  for (const auto& [line, message] : kBad)
    EXPECT_EQ(parse_error(line).rfind(message, 0), 0u) << line << parse_error(line);
  // The bound is the worst case of the process, not more: the same line exact is fine.
  test::parse_text(std::string(kHead) +
                   "workload every 10000000ms from 0ms x100000 c1 insert n1.* under root\n");
}

TEST(ArrivalFormat, ModelVersionsThisBuildReplaysDoNotWarn) {
  for (const char* v : {"3", "4", "5"}) {
    std::vector<std::string> warnings;
    parse_scenario(std::string("syncsim-trace 1\nmodel ") + v + "\n", "t", &warnings);
    EXPECT_TRUE(warnings.empty()) << v;
  }
  for (const char* v : {"2", "6", "03", "x"}) {
    std::vector<std::string> warnings;
    parse_scenario(std::string("syncsim-trace 1\nmodel ") + v + "\n", "t", &warnings);
    EXPECT_EQ(warnings.size(), 1u) << v;
  }
}

// ---- item times ------------------------------------------------------------------------------

TEST(ArrivalTimes, ExactIsTheOldMeaning) {
  const auto t = c1_times(
      std::string(kHead) + "workload every 1000ms from 1000ms x4 c1 insert n1.* under root\n", 5);
  EXPECT_EQ(t, (std::vector<std::int64_t>{1000, 2000, 3000, 4000}));
}

TEST(ArrivalTimes, JitterStaysInItsSlotAndNeverReorders) {
  for (const int pct : {0, 30, 100}) {
    const std::string text = std::string(kHead) +
                             "workload every 1000ms from 1000ms x200 arrival jitter " +
                             std::to_string(pct) + "% c1 insert n1.* under root\n";
    bool moved = false;
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      const auto t = c1_times(text, seed);
      ASSERT_EQ(t.size(), 200u);
      EXPECT_EQ(t[0], 1000) << "the first item is at `from`";
      for (std::size_t k = 1; k < t.size(); ++k) {
        const std::int64_t slot = 1000 + 1000 * static_cast<std::int64_t>(k);
        EXPECT_GE(t[k], slot);
        EXPECT_LE(t[k], slot + 10 * pct);
        EXPECT_GE(t[k], t[k - 1]);
        moved |= t[k] != slot;
      }
      // The script keeps the line's order: n1.1, n1.2, ... (labels name the notes).
      const RunPlan r = test::resolve_ok(test::parse_text(text), seed);
      EXPECT_EQ(r.workload->label(r.workload->scripts[1][1]), "c1 insert n1.2 under root");
    }
    EXPECT_EQ(moved, pct > 0) << pct;
  }
}

TEST(ArrivalTimes, ExponentialGapsHaveTheMeanPeriod) {
  const std::string text =
      std::string(kHead) +
      "workload every 1000ms from 0ms x20000 arrival exponential c1 insert n1.* under root\n";
  const auto t = c1_times(text, 3);
  ASSERT_EQ(t.size(), 20000u);
  EXPECT_TRUE(std::is_sorted(t.begin(), t.end()));
  // 19999 gaps of mean 1000 and standard deviation 1000: the sum is within 4 sigma (~0.6 s).
  EXPECT_NEAR(static_cast<double>(t.back()), 19999000.0, 4 * 1000 * 141.4);
  EXPECT_NE(c1_times(text, 4), t) << "another seed, other gaps";
}

TEST(ArrivalTimes, AnItemsTimeDependsOnlyOnItsIdentity) {
  // A shorter line is a prefix; removing another line (c2's) moves nothing of c1's.
  for (const char* process : {"jitter 50%", "exponential"}) {
    const std::string line = std::string("workload every 1000ms from 1000ms x#N arrival ") +
                             process + " c1 insert n1.* under root\n";
    const auto with = [&](const char* n) {
      auto s = line;
      return s.replace(s.find("#N"), 2, n);
    };
    const std::string other =
        "workload every 700ms from 0ms x30 arrival exponential c2 insert n2.* under root\n";
    const auto full = c1_times(std::string(kHead) + with("40") + other, 9);
    const auto alone = c1_times(std::string(kHead) + with("40"), 9);
    auto shorter = c1_times(std::string(kHead) + with("25") + other, 9);
    EXPECT_EQ(full, alone) << process;
    ASSERT_EQ(shorter.size(), 25u);
    EXPECT_TRUE(std::equal(shorter.begin(), shorter.end(), full.begin())) << process;
  }
}

// ---- the swarm's draws and their record in traces --------------------------------------------

TEST(ArrivalSwarm, DrawsEveryProcessAndWindowTimeAndTheTraceRecordsThem) {
  const std::string text =
      std::string(kHead) +
      "workload every 1000ms from 1000ms x30 arrival swarm c1 insert n1.* under root\n"
      "workload at 7000..8000ms admin deploy additive tags:array<string>\n";
  const Scenario s = test::parse_text(text);
  int exact = 0, jitter = 0, exponential = 0;
  std::int64_t lo = 8000, hi = 7000;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const RunPlan r = test::resolve_ok(s, seed);
    const WorkloadLine& inserts = r.scenario.workload[0];
    const WorkloadLine& deploy = r.scenario.workload[1];
    exact += inserts.arrival.kind == ArrivalKind::Exact;
    jitter += inserts.arrival.kind == ArrivalKind::Jitter;
    exponential += inserts.arrival.kind == ArrivalKind::Exponential;
    ASSERT_NE(inserts.arrival.kind, ArrivalKind::Swarm);
    ASSERT_EQ(deploy.window_ms, 0);
    ASSERT_GE(deploy.at_ms, 7000);
    ASSERT_LE(deploy.at_ms, 8000);
    ASSERT_EQ(r.workload->scripts[0][0].at_ms, deploy.at_ms);
    lo = std::min(lo, deploy.at_ms);
    hi = std::max(hi, deploy.at_ms);
    // The trace's text pins the draws: resolved again (any seed would do for the window and
    // the process; the trace's own seed for the gaps) it gives the same items.
    const Scenario trace = test::parse_text(write_scenario(r.scenario));
    const RunPlan again = test::resolve_ok(trace, seed);
    ASSERT_EQ(write_scenario(again.scenario), write_scenario(r.scenario));
    for (std::size_t a = 0; a < r.workload->scripts.size(); ++a)
      for (std::size_t i = 0; i < r.workload->scripts[a].size(); ++i)
        ASSERT_EQ(again.workload->scripts[a][i].at_ms, r.workload->scripts[a][i].at_ms) << seed;
  }
  // 300 draws of 1 in 3: each process at least 70 times (mean 100, sd 8.2).
  EXPECT_GT(exact, 70);
  EXPECT_GT(jitter, 70);
  EXPECT_GT(exponential, 70);
  EXPECT_LT(lo, 7050);
  EXPECT_GT(hi, 7950);
}

TEST(ArrivalSwarm, ARunOfADrawnScenarioReplaysExactly) {
  const Scenario s = test::load("corpus/scenarios/stashpad-sustained.scn");
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto first = test::run_once(test::resolve_ok(s, seed));
    const Scenario t = test::parse_text(write_scenario(first.trace));
    const RunPlan r2 = test::resolve_ok(t, *t.seed);
    World w = make_world(r2);
    RunOptions opt;
    opt.strategy = Strategy::Replay;
    opt.replay = &t.steps;
    opt.record = true;
    const RunResult res = run_world(w, opt);
    EXPECT_TRUE(res.skipped.empty()) << seed;
    EXPECT_EQ(write_scenario(trace_of(r2, res)), write_scenario(first.trace)) << seed;
  }
}

}  // namespace
}  // namespace syncsim
