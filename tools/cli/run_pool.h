#pragma once
// The worker pool of `syncsim run --jobs N`: run indices handed out in increasing order to N
// threads (the caller's included).
//
// Why a function of its own: an exception that escapes a std::thread calls std::terminate, so
// bad input met inside a worker (e.g. a scenario that only one drawn seed makes invalid) would
// crash the program instead of exiting 2 with its one-line message. The pool catches whatever a
// run throws, stops handing out runs, joins every thread and rethrows the exception of the
// lowest run index in the caller's thread, where the CLI's handlers turn it into an exit code.
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace syncsim::cli {

/// Calls body(worker, run) for every run in [0, runs) until body returns false or throws;
/// worker is in [0, jobs). Returns normally only if no run threw.
template <class Body>
void for_each_run(unsigned jobs, std::uint64_t runs, Body&& body) {
  std::atomic<std::uint64_t> next{0};
  std::mutex failed_mu;
  std::uint64_t failed_run = ~std::uint64_t{0};
  std::exception_ptr failure;
  auto worker = [&](unsigned w) {
    for (std::uint64_t i; (i = next++) < runs;) {
      bool go_on = false;
      try {
        go_on = body(w, i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failed_mu);
        if (i < failed_run) {
          failed_run = i;
          failure = std::current_exception();
        }
      }
      if (!go_on) next = runs;  // stops the other workers after their current run
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < jobs; ++w) pool.emplace_back(worker, w);
  worker(0);
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace syncsim::cli
