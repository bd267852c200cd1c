#pragma once
// Scheduling strategies: which enabled action runs next. The world lists; a scheduler picks.
#include <boost/container/flat_map.hpp>
#include <cstdint>
#include <vector>

#include "sim/prng.h"
#include "sim/world.h"

namespace syncsim {

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  /// Index into `enabled` (non-empty) of the action to run at step `step` (1-based).
  virtual std::size_t pick(const std::vector<Action>& enabled, std::uint64_t step) = 0;
};

/// Uniform choice, from one explicit PRNG stream.
class RandomScheduler final : public Scheduler {
 public:
  explicit RandomScheduler(std::uint64_t seed) : rng_(seed, fnv1a64("scheduler:random")) {}
  std::size_t pick(const std::vector<Action>& enabled, std::uint64_t) override {
    return static_cast<std::size_t>(rng_.below(enabled.size()));
  }

 private:
  Prng rng_;
};

/// Probabilistic Concurrency Testing (Burckhardt et al., ASPLOS 2010), depth d. Each chain
/// (the "thread" an action belongs to: a device's script, a link, a translator) gets a random
/// priority >= d; the highest enabled chain runs. At d-1 change points drawn uniformly in
/// [1, horizon], the running chain's priority drops to d-i (below every initial priority).
class PctScheduler final : public Scheduler {
 public:
  PctScheduler(std::uint64_t seed, std::uint32_t depth, std::uint64_t horizon);
  std::size_t pick(const std::vector<Action>& enabled, std::uint64_t step) override;

 private:
  std::uint64_t priority(std::uint64_t chain);
  std::uint64_t seed_;
  std::uint32_t depth_;
  std::vector<std::uint64_t> change_points_;
  boost::container::flat_map<std::uint64_t, std::uint64_t> prio_;
};

/// Picks by a list of choices (choice i -> enabled[c_i mod n]); past the end, the first
/// enabled action. The interface exhaustive search and the fuzzers drive.
class ChoiceScheduler final : public Scheduler {
 public:
  explicit ChoiceScheduler(std::vector<std::uint32_t> choices) : choices_(std::move(choices)) {}
  std::size_t pick(const std::vector<Action>& enabled, std::uint64_t step) override {
    if (step == 0 || step > choices_.size()) return 0;
    return choices_[step - 1] % enabled.size();
  }

 private:
  std::vector<std::uint32_t> choices_;
};

}  // namespace syncsim
