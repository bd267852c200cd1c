// Shrinking (sim/shrink.h) where one pass of one-at-a-time deletion is not enough for a
// 1-minimal result: a later step becomes removable only once an earlier one is gone.
//
// The "violation" is a probe over which inserts ran (their intents): with j = c1's insert,
// i = c2's and k = c3's, it holds iff k ran and (i ran or j did not). Chosen steps [j, i, k]:
// a single last-to-first pass keeps k (needed), keeps i (without i, j alone breaks it),
// removes j; now i is removable too, which only a second pass sees. The 1-minimal result is
// [k] alone.
#include <gtest/gtest.h>

#include "sim/search/shrink.h"
#include "tests/test_support.h"

namespace syncsim {
namespace {

constexpr model::NoteId kJ = model::device_note(1, 1), kI = model::device_note(2, 1),
                        kK = model::device_note(3, 1);

bool ran(const World& w, model::NoteId n) {
  return std::any_of(w.intents().begin(), w.intents().end(),
                     [&](const Intent& in) { return in.note == n; });
}

std::vector<std::string> probe(const World& w, bool) {
  if (ran(w, kK) && (ran(w, kI) || !ran(w, kJ))) return {"test-x"};
  return {};
}

const char* const kScenario = R"(syncsim-trace 1
discipline untimed
profile realm-dev-mode
seed 1
device c1 user u1
device c2 user u1
device c3 user u1
knob disconnects 0
knob partitions 0
workload at 100ms c1 insert n1.1 under root
workload at 100ms c2 insert n2.1 under root
workload at 100ms c3 insert n3.1 under root
step 1 t=1 c1 insert n1.1 under root
step 2 t=2 c2 insert n2.1 under root
step 3 t=3 c3 insert n3.1 under root
)";

std::vector<std::string> labels(const Scenario& trace) {
  std::vector<std::string> out;
  for (const StepLine& s : chosen_steps(trace)) out.push_back(s.label);
  return out;
}

TEST(ShrinkPasses, ALaterStepRemovableOnlyAfterAnEarlierOneIsGoneNeedsASecondPass) {
  auto parsed = parse_scenario(kScenario, "shrink-passes");
  ASSERT_TRUE(std::holds_alternative<Scenario>(parsed)) << std::get<ParseError>(parsed).str();
  const Scenario trace = std::get<Scenario>(parsed);
  const Replayed whole = replay_candidate(trace, probe, "test-x");
  ASSERT_TRUE(whole.hit) << whole.error
                         << (whole.skipped.empty() ? "" : " skipped: " + whole.skipped.front());
  // One last-to-first pass, as sim/shrink.cpp's one_at_a_time makes it.
  std::vector<StepLine> steps = chosen_steps(trace);
  for (std::size_t i = steps.size(); i-- > 0;) {
    std::vector<StepLine> cand = steps;
    cand.erase(cand.begin() + static_cast<std::ptrdiff_t>(i));
    if (replay_candidate(with_steps(trace, cand), probe, "test-x").hit) steps = cand;
  }
  const Scenario one_pass = with_steps(trace, steps);
  EXPECT_EQ(labels(one_pass),
            (std::vector<std::string>{"c2 insert n2.1 under root", "c3 insert n3.1 under root"}));
  const MinimalityReport after_one = check_one_minimal(one_pass, probe, "test-x");
  EXPECT_FALSE(after_one.one_minimal());
  EXPECT_EQ(after_one.removable, std::vector<std::uint64_t>{1});
  // The shrinker reaches the fixed point.
  ShrinkOptions opt;
  opt.signature = "test-x";
  opt.structural = false;
  const ShrinkResult res = shrink_trace(trace, probe, opt);
  ASSERT_EQ(res.error, "");
  EXPECT_EQ(labels(res.trace), std::vector<std::string>{"c3 insert n3.1 under root"});
  EXPECT_TRUE(check_one_minimal(res.trace, probe, "test-x").one_minimal());
}

}  // namespace
}  // namespace syncsim
