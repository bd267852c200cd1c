// Every committed trace replays byte-identical on this build: its workload, and each step's
// index, time and label. This is what the `model` version promises for the versions this
// build reads without a warning (docs/trace-format.md "Versioning"): a change that makes an
// old trace run differently must raise kOldestReplayableModel, not slip through.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
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

/// Found under model 2, when a recovery was several changesets (one r2m translation each);
/// model 3 made it one (docs/trace-format.md "Versioning"), so these replay with the same
/// results and fewer steps: their extra `r2m translate [reset.*]` steps are not enabled.
const char* const kRecordedBeforeModel3[] = {
    "recover-or-discard/acyclic-cycle/7bb83615d516b74ab6d6b5195728f27020055a66.trace",
    "recover-or-discard/intent-misplaced/24e68da0e6225992deb5d7606fc065677a70b7ea.trace",
    "recover-or-discard/reachability-orphan/6652d7231063716b65cc1a7ecb6abf04dfdb8b5e.trace",
    "recover/acyclic-cycle/1b9b17d46246e2da20705f03ef780c37ad44dd1a.trace",
    "recover/intent-misplaced/22d0c1c5bfa7adacca995c1af6f9a16ecddce63c.trace",
    "recover/reachability-dangling/84b927af06692a2d9396118fbf65d5d0d3c6859d.trace",
    "recover/reachability-orphan/25065ce11297885cee1ad8ab8a025b09b54b1ef7.trace",
    "recover-or-discard/reachability-orphan/6652d7231063716b65cc1a7ecb6abf04dfdb8b5e.shrunk.trace",
    "recover/reachability-orphan/25065ce11297885cee1ad8ab8a025b09b54b1ef7.shrunk.trace",
    "corpus/traces/recover-reachability-orphan.trace",
};

/// The steps' labels (settle ones marked), without the r2m translations of recoveries.
std::vector<std::string> labels_but_recovery_translations(const Scenario& s) {
  std::vector<std::string> out;
  for (const StepLine& st : s.steps)
    if (st.label.rfind("r2m translate [reset.", 0) != 0)
      out.push_back((st.settle ? "settle " : "") + st.label);
  return out;
}

bool recorded_before_model3(const std::string& path) {
  for (const char* name : kRecordedBeforeModel3)
    if (path.size() >= std::strlen(name) &&
        path.compare(path.size() - std::strlen(name), std::string::npos, name) == 0)
      return true;
  return false;
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
    const Resolved r = test::resolve_ok(t, *t.seed);
    World w = make_world(r);
    RunOptions opt;
    opt.strategy = Strategy::Replay;
    opt.replay = &t.steps;
    opt.record = true;
    const RunResult res = run_world(w, opt);
    if (recorded_before_model3(path)) {
      const Scenario again = trace_of(r, res);
      ASSERT_NE(execution_text(again), execution_text(t))
          << path << " replays exactly now: take it off the list";
      for (const std::string& skipped : res.skipped)  // "INDEX LABEL"
        EXPECT_EQ(skipped.find(" r2m translate [reset."), skipped.find(' '))
            << path << ": " << skipped;
      EXPECT_EQ(labels_but_recovery_translations(again), labels_but_recovery_translations(t))
          << path;
      continue;
    }
    EXPECT_TRUE(res.skipped.empty()) << path << ": skipped " << res.skipped.front();
    EXPECT_EQ(execution_text(trace_of(r, res)), execution_text(t)) << path;
  }
}

}  // namespace
}  // namespace syncsim
