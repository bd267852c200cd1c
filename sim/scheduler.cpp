#include "sim/scheduler.h"

#include <algorithm>

namespace syncsim {

PctScheduler::PctScheduler(std::uint64_t seed, std::uint32_t depth, std::uint64_t horizon)
    : seed_(seed), depth_(std::max<std::uint32_t>(1, depth)) {
  Prng rng(seed, fnv1a64("scheduler:pct"));
  for (std::uint32_t i = 1; i < depth_; ++i)
    change_points_.push_back(1 + rng.below(std::max<std::uint64_t>(1, horizon)));
}

std::uint64_t PctScheduler::priority(std::uint64_t chain) {
  auto [it, fresh] = prio_.try_emplace(chain, 0);
  if (fresh) {
    Prng rng(seed_, mix64(fnv1a64("pct:chain"), chain));
    it->second = depth_ + rng.below(1u << 30);
  }
  return it->second;
}

std::size_t PctScheduler::pick(const std::vector<Action>& enabled, std::uint64_t step) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < enabled.size(); ++i)
    if (priority(enabled[i].chain) > priority(enabled[best].chain)) best = i;
  for (std::size_t i = 0; i < change_points_.size(); ++i)
    if (change_points_[i] == step) prio_[enabled[best].chain] = depth_ - 1 - i;
  return best;
}

}  // namespace syncsim
