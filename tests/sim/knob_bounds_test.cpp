// A delay's two bounds (latency_min_ms/latency_max_ms, r2m_delay_min_ms/r2m_delay_max_ms):
// pinned the wrong way round they are bad input; one pinned bound carries the other along.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "sim/run_plan.h"
#include "tests/test_support.h"

namespace syncsim {
namespace {

Scenario parse(const std::string& knob_lines) {
  const std::string text = "syncsim-trace 1\ndevice c1 user u1\n" + knob_lines +
                           "workload at 0ms c1 insert n1.1 under root\n";
  return test::parse_text(text, "k.scn");
}

std::string plan_error(const std::string& knob_lines, const Overrides& o = {}) {
  RunPlan r;
  return plan_run(parse(knob_lines), o, 1, r).str();
}

TEST(KnobBounds, TwoPinnedBoundsTheWrongWayRoundAreBadInputAtTheLaterLine) {
  EXPECT_EQ(plan_error("knob latency_min_ms 200\nknob latency_max_ms 100\n"),
            "k.scn:4: latency_max_ms 100 is below latency_min_ms 200");
  EXPECT_EQ(plan_error("knob r2m_delay_max_ms 10\nknob r2m_delay_min_ms 40\n"),
            "k.scn:4: r2m_delay_max_ms 10 is below r2m_delay_min_ms 40");
}

TEST(KnobBounds, ACommandLineBoundCrossingTheScenariosIsBadInputToo) {
  Overrides o;
  o.knobs.push_back({"latency_max_ms", 50, 0});
  EXPECT_NE(plan_error("knob latency_min_ms 200\n", o)
                .find("latency_max_ms 50 is below "
                      "latency_min_ms 200"),
            std::string::npos);
}

TEST(KnobBounds, EqualBoundsAreAFixedDelay) {
  EXPECT_EQ(plan_error("knob latency_min_ms 70\nknob latency_max_ms 70\n"), "");
}

// Every seed draws latency_max_ms from [100, 3000] (run_plan.cpp's kSwarm); a pinned minimum
// of 2000 lies above the draw for about two thirds of the seeds, and each must come out with
// the maximum raised to 2000, never below it, and written so into the trace's knob lines.
TEST(KnobBounds, AnUnpinnedBoundFollowsThePinnedOne) {
  const Scenario s = parse("knob latency_min_ms 2000\nknob r2m_delay_max_ms 3\n");
  int raised = 0;
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    const RunPlan r = test::resolve_ok(s, seed);
    EXPECT_EQ(r.settings.latency_min_ms, 2000);
    EXPECT_GE(r.settings.latency_max_ms, 2000) << "seed " << seed;
    if (r.settings.latency_max_ms == 2000) ++raised;
    EXPECT_EQ(r.settings.r2m_delay_max_ms, 3);
    EXPECT_LE(r.settings.r2m_delay_min_ms, 3) << "seed " << seed;
    for (const auto& k : r.scenario.knobs) {
      if (k.name == "latency_max_ms") {
        EXPECT_EQ(k.value, r.settings.latency_max_ms);
      }
    }
  }
  EXPECT_GT(raised, 20) << "the draw should fall below the pinned minimum for many seeds";
}

}  // namespace
}  // namespace syncsim
