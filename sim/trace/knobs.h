#pragma once
// The resolved configuration of one run: the profile's policies plus every knob.
// Precedence (docs/trace-format.md): command-line flag > scenario file > swarm draw > default.
#include <cstdint>
#include <string_view>
#include <vector>

#include "model/policy.h"

namespace syncsim {

struct RunSettings {
  model::Policy policy;
  std::int64_t reinsert_delay_ms = 180000;  ///< deploy -> first re-insert batch (spec §4)
  std::int64_t reinsert_gap_ms = 2000;      ///< between consecutive re-insert batches
  std::int64_t latency_min_ms = 20;         ///< one-way network latency, drawn per message
  std::int64_t latency_max_ms = 150;
  std::int64_t r2m_delay_min_ms = 5;  ///< history append -> r2m translates it
  std::int64_t r2m_delay_max_ms = 50;
  std::int64_t disconnects = 0;  ///< fault budget: disconnects per device
  std::int64_t partitions = 0;   ///< fault budget: link stalls per device
  std::int64_t partition_ms = 5000;
  std::int64_t fault_window_ms = 30000;  ///< timed faults are drawn inside [0, window)
  std::int64_t recovery_allowed = 1;     ///< server knob: client recovery allowed (spec §5)
  std::int64_t copy_timing =
      0;  ///< recover's list copy: 0 at end (core <= 13.24.0), 1 per changeset
  std::int64_t max_offline_ms = 0;  ///< client max offline time; 0 = unlimited
  std::int64_t pct_depth = 3;
  std::int64_t max_steps = 20000;         ///< bound of the chosen-actions phase
  std::int64_t settle_max_steps = 20000;  ///< bound of the settle phase (then: not-settled)
};

struct KnobInfo {
  std::string_view name;
  std::string_view unit;
  std::string_view meaning;
  std::int64_t min;
  std::int64_t max;
  bool swarm;   ///< drawn by swarm configuration when the scenario does not pin it
  bool policy;  ///< part of a profile's policy bundle (not written into traces unless pinned)
  std::int64_t (*get)(const RunSettings&);
  void (*set)(RunSettings&, std::int64_t);
};

/// Upper bound of the knob table's size (plan_run() keeps pinned knobs in a bitset).
inline constexpr std::size_t kMaxKnobs = 64;

/// The one table of knobs (`syncsim knobs` prints it). Defaults are those of RunSettings{}
/// combined with the profile's policy.
const std::vector<KnobInfo>& knobs();
const KnobInfo* find_knob(std::string_view name);

}  // namespace syncsim
