#include "sim/network.h"

#include <algorithm>

#include "model/assert.h"
#include "sim/prng.h"

namespace syncsim {

void Connection::plan_faults(std::uint64_t seed, int d, const SimConfig& cfg) {
  Prng rng(seed, mix64(fnv1a64("faults"), static_cast<std::uint64_t>(d)));
  const std::int64_t window = std::max<std::int64_t>(1, cfg.fault_window_ms);
  for (std::int64_t i = 0; i < cfg.disconnects; ++i) {
    const std::int64_t at = rng.range(0, window - 1);
    faults.push_back({ActionKind::Disconnect, at, at + rng.range(100, 10000)});
  }
  for (std::int64_t i = 0; i < cfg.partitions; ++i) {
    const std::int64_t at = rng.range(0, window - 1);
    faults.push_back({ActionKind::Partition, at, at + cfg.partition_ms});
  }
  std::sort(faults.begin(), faults.end(),
            [](const PlannedFault& a, const PlannedFault& b) { return a.at_ms < b.at_ms; });
}

void Connection::list_deliveries(int d, std::int64_t now_ms, bool timed,
                                 std::vector<Action>& out) const {
  if (stalled && !timed) return;  // untimed: a stalled link delivers nothing until it heals
  const std::int64_t floor = std::max(now_ms, stalled ? stalled_until : now_ms);
  if (!up.empty())
    out.push_back(Action{ActionKind::DeliverUp, d, std::max(up.front().due, floor), up.front().key,
                         100 + static_cast<std::uint64_t>(d)});
  if (!down.empty())
    out.push_back(Action{ActionKind::DeliverDown, d, std::max(down.front().due, floor),
                         down.front().key, 200 + static_cast<std::uint64_t>(d)});
}

void Connection::list_faults(int d, std::int64_t now_ms, bool timed,
                             std::vector<Action>& out) const {
  const std::uint64_t chain = 400 + static_cast<std::uint64_t>(d);
  if (timed) {
    if (next_fault >= faults.size()) return;
    const PlannedFault& f = faults[next_fault];
    const bool recovering = in_outage || stalled;
    ActionKind k = f.kind;
    if (recovering) k = f.kind == ActionKind::Disconnect ? ActionKind::Reconnect : ActionKind::Heal;
    if (!recovering && f.kind == ActionKind::Disconnect && !online) return;  // already off
    const std::int64_t due = std::max(recovering ? f.until_ms : f.at_ms, now_ms);
    out.push_back(Action{k, d, due, mix64(static_cast<std::uint64_t>(k), f.at_ms), chain});
    return;
  }
  const auto key = [&](ActionKind k) { return mix64(static_cast<std::uint64_t>(k), 1000 + d); };
  if (in_outage)
    out.push_back(Action{ActionKind::Reconnect, d, now_ms, key(ActionKind::Reconnect), chain});
  else if (online && disconnects_left > 0)
    out.push_back(Action{ActionKind::Disconnect, d, now_ms, key(ActionKind::Disconnect), chain});
  if (stalled)
    out.push_back(Action{ActionKind::Heal, d, now_ms, key(ActionKind::Heal), chain});
  else if (partitions_left > 0)
    out.push_back(Action{ActionKind::Partition, d, now_ms, key(ActionKind::Partition), chain});
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

void enqueue(Link& link, Message m, std::int64_t now_ms, std::int64_t delay_ms) {
  std::int64_t due = now_ms + delay_ms;
  if (!link.empty()) due = std::max(due, link.back().due);
  m.due = due;
  link.push_back(std::move(m));
}

Message pop(Link& link) {
  SYNCSIM_ASSERT(!link.empty(), "a delivery takes a message its link holds");
  Message m = std::move(link.front());
  link.erase(link.begin());
  return m;
}

}  // namespace syncsim
