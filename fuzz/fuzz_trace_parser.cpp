// libFuzzer target: arbitrary bytes -> parse_scenario, and when the text parses and is small
// enough, resolve + replay its steps + settle + check. Violations are not failures here (the
// trace may describe any run); crashes, hangs, leaks and sanitizer reports are.
#include <cstdio>

#include "fuzz/report.h"
#include "properties/check.h"
#include "sim/runner.h"
#include "sim/trace/scenario.h"

namespace {

using namespace syncsim;

// Work bounds: a 4 KiB input can still ask for 100000 notes per line; those only parse.
constexpr std::size_t kMaxDevices = 8;
constexpr std::uint64_t kMaxWorkItems = 256;
constexpr std::uint64_t kMaxTree = 256;
constexpr std::size_t kMaxReplaySteps = 512;
constexpr std::int64_t kSettleBound = 4000;

bool small_enough(const Scenario& s) {
  if (s.devices.size() > kMaxDevices || s.steps.size() > kMaxReplaySteps) return false;
  std::uint64_t items = 0, tree = 0;
  for (const auto& w : s.workload) items += w.count;
  for (const auto& t : s.trees) tree += t.count;
  return items <= kMaxWorkItems && tree <= kMaxTree;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> warnings;
  auto parsed = parse_scenario(text, "input", &warnings);
  if (const auto* e = std::get_if<ParseError>(&parsed)) {
    if (e->line < 0) fuzz::abort_for_signature("parse-error-line");
    return 0;
  }
  const Scenario& s = std::get<Scenario>(parsed);
  if (!small_enough(s)) return 0;
  Overrides o;
  o.knobs.push_back({"max_steps", static_cast<std::int64_t>(kMaxReplaySteps), 0});
  o.knobs.push_back({"settle_max_steps", kSettleBound, 0});
  RunPlan r;
  if (!plan_run(s, o, s.seed.value_or(1), r).message.empty())
    return 0;  // e.g. an unknown actor: an error, not a crash
  World w = make_world(r);
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &s.steps;
  const RunResult res = run_world(w, opt);
  const CheckReport rep = check_quiescent(w, res.settled);
  return rep.violations.size() > 1000000 ? 1 : 0;  // keep the check observable
}
