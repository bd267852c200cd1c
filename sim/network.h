#pragma once
// The network part of the world: each device's connection to the sync server (a websocket of
// two FIFO links), the device's clock, and the faults planned or left for it (disconnects,
// stalls). The world decides what a delivery does to the client and the server; this part
// holds the links and their state, lists the deliveries and faults that are enabled, and
// stamps each message with when it arrives.
#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <vector>

#include "model/assert.h"
#include "model/protocol.h"
#include "sim/action.h"
#include "sim/prng.h"
#include "sim/trace/knobs.h"

namespace syncsim {

/// A planned timed fault (drawn from the seed at start).
struct PlannedFault {
  ActionKind kind;
  std::int64_t at_ms;
  std::int64_t until_ms;  ///< reconnect / heal time
};

struct Message {
  std::int64_t due = 0;
  std::uint64_t key = 0;
  model::UploadMsg up;
  model::DownloadMsg down;
};

/// One direction of a device's websocket: FIFO, popped at the front. Links rarely hold more
/// than two messages, so those are stored inline: a std::deque allocated two blocks even when
/// empty, and every allocation is a cost under ASan (fuzz/BENCH_NOTES.md).
using Link = boost::container::small_vector<Message, 2>;

/// One device's connection: whether it is online, its links, the faults left for it, and the
/// device's clock (offset and drift from the world's virtual time).
struct Connection {
  bool online = true;
  bool stalled = false;
  std::int64_t stalled_until = 0;
  std::int64_t clock_offset_ms = 0;
  std::int64_t drift_ppm = 0;
  std::int64_t disconnects_left = 0;
  std::int64_t partitions_left = 0;
  Link up, down;
  std::uint64_t sent_through = 0;    ///< server session: history pushed so far
  std::vector<PlannedFault> faults;  ///< timed discipline only, in time order
  std::size_t next_fault = 0;
  bool in_outage = false;  ///< timed: between a planned fault and its recovery
  bool dropped = false;    ///< the server dropped the session: the client reconnects itself
  std::int64_t offline_since = 0;

  /// The device's clock when the world's virtual clock reads `now_ms`.
  std::int64_t clock_ms(std::int64_t now_ms) const {
    return now_ms + clock_offset_ms + now_ms * drift_ppm / 1000000;
  }
  /// Timed discipline: draws device d's faults of the run from `seed` (`settings`'s counts,
  /// window and stall length), in time order.
  void plan_faults(std::uint64_t seed, int d, const RunSettings& settings);
  /// Appends device d's deliveries: the head of each link, unless a stall blocks it.
  void list_deliveries(int d, std::int64_t now_ms, bool timed, std::vector<Action>& out) const;
  /// Appends device d's next fault or recovery: the planned one (timed), else any fault it
  /// has left (untimed).
  void list_faults(int d, std::int64_t now_ms, bool timed, std::vector<Action>& out) const;
  /// A Partition or Heal action (`timed`: a planned one, whose stall ends at its planned time).
  void stall(ActionKind kind, bool timed);
  /// The connection drops: in-flight messages are lost (the protocol resumes from cursors).
  void go_offline(std::int64_t now_ms);
  /// Settle: stalls heal, outages end and no planned fault is left.
  void end_faults();
};

// The two listings run for every device at every step: inline, as a call into another
// translation unit cost +3.7 % instructions per fuzzed execution (BENCHMARKS.md).
inline void Connection::list_deliveries(int d, std::int64_t now_ms, bool timed,
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

inline void Connection::list_faults(int d, std::int64_t now_ms, bool timed,
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

// enqueue and pop are inline and take the message by reference: every upload and download
// passes through them, and an out-of-line call that moved a Message (three vectors) by value
// on the way was measurable in fuzz_interleaving (fuzz/BENCH_NOTES.md "2026-12-07, evening").

/// Puts `m` at the back of `link`, arriving `delay_ms` after `now_ms` but never before the
/// message ahead of it (FIFO: one websocket).
inline void enqueue(Link& link, Message&& m, std::int64_t now_ms, std::int64_t delay_ms) {
  std::int64_t due = now_ms + delay_ms;
  if (!link.empty()) due = std::max(due, link.back().due);
  m.due = due;
  link.push_back(std::move(m));
}

/// Takes the message at the head of `link`, which must hold one.
inline Message pop(Link& link) {
  SYNCSIM_ASSERT(!link.empty(), "a delivery takes a message its link holds");
  Message m = std::move(link.front());
  link.erase(link.begin());
  return m;
}

}  // namespace syncsim
