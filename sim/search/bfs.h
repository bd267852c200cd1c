#pragma once
// The one breadth-first walk over worlds, shared by explore's reduced search
// (sim/search/explore.cpp) and shrink's shortest-counterexample oracle (sim/search/shrink.cpp).
// Level by level from the initial world (state 0); the states of a level are expanded in the
// order they were reached, and new states get consecutive ids in that order. When merging, a
// state met again (equal state_hash, sim/search/explore.h) is not expanded again: it keeps the
// id it was first given, so a state is expanded at the shallowest depth it occurs.
//
// What a visit does is the policy's (static: the calls inline on this hot path):
//   bool level(std::uint32_t depth, const std::vector<BfsEntry>& states);
//       before a non-empty level is expanded; false ends the walk (goal found, bound reached).
//   bool choose(std::uint32_t id, std::uint32_t depth, World& w,
//               const std::vector<Action>& enabled, std::vector<std::uint32_t>& chosen);
//       which of the enabled actions of state `id` to follow (indices into `enabled`, appended
//       to `chosen`); false: none (a leaf or a cut; `w` may then be moved from).
//   void step(const World& parent, const Action& a, std::uint32_t choice);
//       before `a` is executed on a copy of `parent` (labels and tags are taken here).
//   bool admit(std::uint32_t id);
//       a new state is about to be recorded as `id`; false ends the walk without recording it.
//   void reached(std::uint32_t parent, std::uint32_t choice, std::uint32_t id, bool fresh);
//       after each step: `id` is the state reached, `fresh` when it was recorded just now.
//   bool expanded(std::uint32_t id);
//       after the steps of state `id`; false ends the walk.
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/assert.h"
#include "sim/search/explore.h"
#include "sim/world.h"

namespace syncsim {

/// A state waiting in a level of the walk.
struct BfsEntry {
  std::uint32_t id = 0;
  World world;
};

template <class Policy>
class BreadthFirstWalk {
 public:
  /// `merge_equal_states` = false: a tree walk (every path is a state of its own).
  BreadthFirstWalk(Policy& policy, bool merge_equal_states)
      : policy_(policy), merge_(merge_equal_states) {}

  /// Walks from `initial` (state 0) until a hook says stop or no level is left.
  void run(World initial) {
    if (merge_) visited_.emplace(state_hash(initial), 0);
    next_id_ = 1;
    level_.push_back(BfsEntry{0, std::move(initial)});
    for (std::uint32_t depth = 0;; ++depth) {
      if (level_.empty() || !policy_.level(depth, level_)) return;
      for (BfsEntry& e : level_) {
        expand(e.id, depth, e.world);
        if (stop_) return;
      }
      level_.clear();
      std::swap(level_, next_);
    }
  }

  /// States recorded so far (ids 0 .. states() - 1).
  std::uint32_t states() const { return next_id_; }

 private:
  void expand(std::uint32_t id, std::uint32_t depth, World& w) {
    w.enabled(enabled_, false);
    chosen_.clear();
    if (!policy_.choose(id, depth, w, enabled_, chosen_)) return;
    const std::size_t n = chosen_.size();
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t choice = chosen_[k];
      SYNCSIM_ASSERT(choice < enabled_.size(), "a chosen action is one of the enabled ones");
      const Action& a = enabled_[choice];
      policy_.step(w, a, choice);
      World child = k + 1 == n ? std::move(w) : w;  // the last child takes the parent's state
      child.execute(a);
      if (!reach(id, choice, std::move(child))) {
        stop_ = true;
        break;
      }
    }
    if (!policy_.expanded(id)) stop_ = true;
  }

  /// Records `child` unless it merges with a known state; false when the policy refused it.
  bool reach(std::uint32_t parent, std::uint32_t choice, World&& child) {
    std::uint32_t id = next_id_;
    bool fresh = true;
    if (merge_) {
      auto [it, inserted] = visited_.try_emplace(state_hash(child), next_id_);
      id = it->second;
      fresh = inserted;
      if (fresh && !policy_.admit(id)) {
        visited_.erase(it);
        return false;
      }
    } else if (!policy_.admit(id)) {
      return false;
    }
    if (fresh) {
      ++next_id_;
      next_.emplace_back(id, std::move(child));  // one move, no temporary entry
    }
    policy_.reached(parent, choice, id, fresh);
    return true;
  }

  Policy& policy_;
  const bool merge_;
  std::unordered_map<std::uint64_t, std::uint32_t> visited_;  ///< state_hash -> first id
  std::vector<BfsEntry> level_, next_;
  std::vector<Action> enabled_;
  std::vector<std::uint32_t> chosen_;
  std::uint32_t next_id_ = 0;
  bool stop_ = false;
};

}  // namespace syncsim
