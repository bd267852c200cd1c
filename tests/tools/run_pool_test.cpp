// tools/cli/run_pool.h: every run exactly once, and an exception thrown on a worker thread
// reaches the caller (it would otherwise terminate the program: `run --jobs N` on bad input).
#include "tools/cli/run_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace syncsim::cli {
namespace {

TEST(RunPool, RunsEveryIndexExactlyOnce) {
  for (unsigned jobs : {1u, 2u, 5u}) {
    std::vector<std::atomic<int>> seen(1000);
    for_each_run(jobs, seen.size(), [&](unsigned w, std::uint64_t i) {
      EXPECT_LT(w, jobs);
      ++seen[i];
      return true;
    });
    for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i].load(), 1) << "run " << i;
  }
}

TEST(RunPool, FalseStopsTheHandOut) {
  std::atomic<std::uint64_t> calls{0};
  for_each_run(1, 100, [&](unsigned, std::uint64_t i) {
    ++calls;
    return i < 9;  // run 9 says stop: runs 0..9 ran, 10 calls in all on one thread
  });
  EXPECT_EQ(calls.load(), 10u);
}

// Worker 0 (the caller's thread) holds its run until worker 1 has thrown, so the exception is
// certainly thrown on the other thread.
TEST(RunPool, AnExceptionOnAWorkerThreadReachesTheCaller) {
  std::atomic<bool> thrown{false};
  const auto caller = std::this_thread::get_id();
  try {
    for_each_run(2, 1000, [&](unsigned w, std::uint64_t i) {
      if (w == 1) {
        EXPECT_NE(std::this_thread::get_id(), caller);
        thrown = true;
        throw std::runtime_error("bad input met in run " + std::to_string(i));
      }
      while (!thrown) std::this_thread::yield();
      return true;
    });
    FAIL() << "no exception reached the caller";
  } catch (const std::runtime_error& e) {
    // Run 0 or 1, depending on which thread took run 0 first.
    EXPECT_EQ(std::string(e.what()).rfind("bad input met in run ", 0), 0u) << e.what();
  }
}

TEST(RunPool, TheLowestFailingRunIsRethrown) {
  // One thread, so runs go in order: run 3 throws and stops the hand-out; 7 is never reached.
  std::vector<std::uint64_t> ran;
  try {
    for_each_run(1, 10, [&](unsigned, std::uint64_t i) {
      ran.push_back(i);
      if (i == 3 || i == 7) throw std::runtime_error("run " + std::to_string(i));
      return true;
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "run 3");
  }
  EXPECT_EQ(ran, (std::vector<std::uint64_t>{0, 1, 2, 3}));
}

}  // namespace
}  // namespace syncsim::cli
