// The built-in scenario `syncsim run` uses without --scenario. A test keeps it identical to
// corpus/scenarios/stashpad.scn.
#include "tools/cli/common.h"

namespace syncsim::cli {

std::string_view builtin_stashpad() {
  return R"(syncsim-trace 1
# The Stashpad reproduction (docs/incidents.md §1):
# one client and its root; "Run test" inserts one note into root every second for 20 s;
# an additive deploy (a new optional array field) in production mode about 7.5 s in;
# re-insert after the default delay in batches of 20; a steady connection, no faults.
discipline timed
profile realm-h1
device c1 user u1
knob reinsert_delay_ms 180000
knob reinsert_batch 20
knob disconnects 0
knob partitions 0
knob latency_min_ms 20
knob latency_max_ms 150
knob r2m_delay_min_ms 5
knob r2m_delay_max_ms 50
workload every 1000ms from 1000ms x20 c1 insert n1.* under root
workload at 7500ms admin deploy additive tags:array<string>
)";
}

}  // namespace syncsim::cli
