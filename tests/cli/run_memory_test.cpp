// `syncsim run` folds each run into counts as it goes: its peak memory must not grow with
// --runs. Measured on the real binary (fork, exec, wait4's ru_maxrss of the child alone) at
// 10^4 and 10^5 runs of the mini Stashpad scenario, under a profile that violates in most runs
// (signatures, a trace written) and one that violates in none.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

struct Measured {
  long peak_rss_kib = 0;
  int exit_code = -1;
};

Measured run_syncsim(const std::string& profile, std::uint64_t runs) {
  const std::string bin = std::string(SYNCSIM_BINARY_DIR) + "/syncsim";
  std::vector<std::string> args = {
      bin,          "run",
      "--scenario", std::string(SYNCSIM_SOURCE_DIR) + "/corpus/scenarios/stashpad-mini.scn",
      "--profile",  profile,
      "--runs",     std::to_string(runs),
      "--jobs",     "2",
      "--out",      std::string(SYNCSIM_BINARY_DIR) + "/run-memory-findings"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  Measured m;
  int status = 0;
  rusage usage{};
  if (pid < 0 || wait4(pid, &status, 0, &usage) != pid) return m;
  m.peak_rss_kib = usage.ru_maxrss;  // kilobytes on Linux
  if (WIFEXITED(status)) m.exit_code = WEXITSTATUS(status);
  return m;
}

// Growth from 10^4 to 10^5 runs, bytes per extra run. The per-run record this test guards
// against cost 140-300 bytes a run (13-26 MB over the 90,000 extra runs; measured on the old
// code: 6.7 -> 19.3 MB and 8.2 -> 34.2 MB). What stays is noise: allocator arenas and pages the
// two workers touch, the same for any number of runs, and the signature map (one entry per
// signature, not per run): peak RSS 5.2-5.6 MB from 10^4 to 10^7 runs (BENCHMARKS.md "Memory of
// syncsim run"). 1 MiB of slack is 11.7 bytes per extra run: over ten times below the smallest
// per-run record, three times the spread measured.
void expect_flat(const std::string& profile, int want_exit) {
  const Measured small = run_syncsim(profile, 10'000);
  const Measured large = run_syncsim(profile, 100'000);
  ASSERT_EQ(small.exit_code, want_exit) << profile;
  ASSERT_EQ(large.exit_code, want_exit) << profile;
  const long growth_kib = large.peak_rss_kib - small.peak_rss_kib;
  const double bytes_per_run = growth_kib * 1024.0 / 90'000;
  EXPECT_LE(growth_kib, 1024) << profile << ": peak RSS " << small.peak_rss_kib
                              << " KiB at 10^4 runs, " << large.peak_rss_kib << " KiB at 10^5 ("
                              << bytes_per_run << " bytes per run)";
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
TEST(RunMemory, DoesNotGrowWithRuns) {
  GTEST_SKIP() << "ASan's quarantine and shadow memory grow with allocations";
}
#else
TEST(RunMemory, DoesNotGrowWithRunsWhenRunsViolate) {
  expect_flat("realm-h1", 1);
}
TEST(RunMemory, DoesNotGrowWithRunsWhenNoneViolates) {
  expect_flat("fix-merge-reinsert", 0);
}
#endif
