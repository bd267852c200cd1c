// The regression corpus proves "the fix passes" on the same ordering: every finding's trace
// under corpus/findings/PROFILE/SIGNATURE/ (the fuzzer's trace and its shrunk trace) replays
// with SIGNATURE under PROFILE, and without any violation under every profile of class
// `correct` whose domain covers its workload (docs/spec.md §8). A finding no correct profile
// covers must be listed, with the reason, in corpus/findings/UNCOVERED.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "sim/trace/domain.h"
#include "tests/test_support.h"

namespace syncsim {
namespace {

namespace fs = std::filesystem;

/// Every trace file of the corpus, relative to the source directory, sorted.
std::vector<std::string> finding_traces() {
  std::vector<std::string> out;
  const fs::path root = test::source_path("corpus/findings");
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".trace")
      out.push_back(fs::relative(e.path(), test::source_path("")).string());
  std::sort(out.begin(), out.end());
  return out;
}

/// corpus/findings/UNCOVERED: `FILE reason...` lines ('#' comments), the traces that no
/// correct profile's domain covers.
std::set<std::string> uncovered_listed() {
  std::set<std::string> out;
  std::ifstream in(test::source_path("corpus/findings/UNCOVERED"));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.find(' ');
    EXPECT_NE(space, std::string::npos) << "corpus/findings/UNCOVERED: no reason on: " << line;
    out.insert(line.substr(0, space));
  }
  return out;
}

std::vector<std::string> replay_signatures(const Scenario& trace, const std::string& profile) {
  const RunPlan r = test::resolve_ok(trace, trace.seed.value_or(1), profile);
  World w = make_world(r);
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &trace.steps;
  const RunResult res = run_world(w, opt);
  std::vector<std::string> out;
  for (const auto& v : check_quiescent(w, res.settled).violations)
    out.push_back(v.signature() + "@" + v.replica);
  return out;
}

TEST(Findings, EveryTraceFailsUnderItsProfileAndReplaysCleanUnderEveryCorrectProfileCoveringIt) {
  const std::vector<std::string> traces = finding_traces();
  ASSERT_FALSE(traces.empty());
  const std::set<std::string> listed = uncovered_listed();
  std::set<std::string> uncovered;
  std::size_t shrunk = 0;
  for (const std::string& file : traces) {
    // corpus/findings/PROFILE/SIGNATURE/HASH[.shrunk].trace
    const fs::path p(file);
    const std::string signature = p.parent_path().filename().string();
    const std::string profile = p.parent_path().parent_path().filename().string();
    if (file.ends_with(".shrunk.trace")) ++shrunk;
    const Scenario trace = test::load(file);
    ASSERT_TRUE(trace.seed.has_value()) << file;
    const auto own = replay_signatures(trace, profile);
    EXPECT_TRUE(std::any_of(own.begin(), own.end(),
                            [&](const std::string& s) { return s.starts_with(signature + "@"); }))
        << file << " does not show " << signature << " under " << profile;
    bool covered = false;
    for (const auto& info : model::profiles()) {
      if (info.klass != model::ProfileClass::Correct || !info.scope.covers(workload_domain(trace)))
        continue;
      covered = true;
      const auto fixed = replay_signatures(trace, std::string(info.name));
      EXPECT_EQ(fixed, std::vector<std::string>{}) << file << " under " << info.name;
    }
    if (!covered) uncovered.insert(file);
  }
  EXPECT_EQ(uncovered, listed)
      << "corpus/findings/UNCOVERED must list exactly the traces no correct profile covers";
  std::printf(
      "[ figures  ] %zu finding traces (%zu shrunk) replayed, %zu covered by no correct profile\n",
      traces.size(), shrunk, uncovered.size());
}

}  // namespace
}  // namespace syncsim
