// Every committed trace replays byte-identical on this build: its workload, and each step's
// index, time and label. This is what the `model` version promises for the versions this
// build reads without a warning (docs/trace-format.md "Versioning"): a change that makes an
// old trace run differently must raise kOldestReplayableModel, not slip through.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tests/test_support.h"

namespace syncsim {
namespace {

std::vector<std::string> committed_traces() {
  std::vector<std::string> out;
  for (const char* dir : {"corpus/traces", "corpus/findings", "tests/cli/data"})
    for (const auto& e : std::filesystem::recursive_directory_iterator(test::source_path(dir)))
      if (e.is_regular_file() && e.path().extension() == ".trace") out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

/// The part of a trace that identifies its execution on a given configuration.
std::string execution_text(const Scenario& s) {
  Scenario c;
  c.devices = s.devices;
  c.workload = s.workload;
  c.steps = s.steps;
  return write_scenario(c);
}

TEST(CommittedTraces, ReplayByteIdentical) {
  const auto paths = committed_traces();
  ASSERT_GE(paths.size(), 80u);
  for (const std::string& path : paths) {
    std::vector<std::string> warnings;
    auto parsed = load_scenario(path, &warnings);
    ASSERT_TRUE(std::holds_alternative<Scenario>(parsed)) << std::get<ParseError>(parsed).str();
    EXPECT_TRUE(warnings.empty()) << path << ": " << warnings.front();
    const Scenario t = std::get<Scenario>(std::move(parsed));
    ASSERT_TRUE(t.seed.has_value()) << path;
    const RunPlan r = test::resolve_ok(t, *t.seed);
    World w = make_world(r);
    RunOptions opt;
    opt.strategy = Strategy::Replay;
    opt.replay = &t.steps;
    opt.record = true;
    const RunResult res = run_world(w, opt);
    EXPECT_TRUE(res.skipped.empty()) << path << ": skipped " << res.skipped.front();
    EXPECT_EQ(execution_text(trace_of(r, res)), execution_text(t)) << path;
  }
}

}  // namespace
}  // namespace syncsim
