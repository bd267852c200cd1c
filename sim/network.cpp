#include "sim/network.h"

#include <algorithm>

#include "model/assert.h"
#include "sim/prng.h"

namespace syncsim {

void Connection::plan_faults(std::uint64_t seed, int d, const RunSettings& settings) {
  Prng rng(seed, mix64(fnv1a64("faults"), static_cast<std::uint64_t>(d)));
  const std::int64_t window = std::max<std::int64_t>(1, settings.fault_window_ms);
  for (std::int64_t i = 0; i < settings.disconnects; ++i) {
    const std::int64_t at = rng.range(0, window - 1);
    faults.push_back({ActionKind::Disconnect, at, at + rng.range(100, 10000)});
  }
  for (std::int64_t i = 0; i < settings.partitions; ++i) {
    const std::int64_t at = rng.range(0, window - 1);
    faults.push_back({ActionKind::Partition, at, at + settings.partition_ms});
  }
  std::sort(faults.begin(), faults.end(),
            [](const PlannedFault& a, const PlannedFault& b) { return a.at_ms < b.at_ms; });
}

void Connection::stall(ActionKind kind, bool timed) {
  if (kind == ActionKind::Partition) {
    stalled = true;
    stalled_until = timed ? faults[next_fault].until_ms : 0;
    --partitions_left;
    return;
  }
  SYNCSIM_ASSERT(kind == ActionKind::Heal, "a stall starts or heals");
  stalled = false;
  stalled_until = 0;
  if (timed) ++next_fault;
}

void Connection::go_offline(std::int64_t now_ms) {
  online = false;
  offline_since = now_ms;
  up.clear();
  down.clear();
}

void Connection::end_faults() {
  stalled = false;
  stalled_until = 0;
  in_outage = false;
  next_fault = faults.size();
}

}  // namespace syncsim
