#pragma once
// The network part of the world: each device's connection to the sync server (a websocket of
// two FIFO links), the device's clock, and the faults planned or left for it (disconnects,
// stalls). The world decides what a delivery does to the client and the server; this part
// holds the links and their state, lists the deliveries and faults that are enabled, and
// stamps each message with when it arrives.
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <vector>

#include "model/protocol.h"
#include "sim/action.h"
#include "sim/trace/config.h"

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
  /// Timed discipline: draws device d's faults of the run from `seed` (`cfg`'s counts,
  /// window and stall length), in time order.
  void plan_faults(std::uint64_t seed, int d, const SimConfig& cfg);
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

/// Puts `m` at the back of `link`, arriving `delay_ms` after `now_ms` but never before the
/// message ahead of it (FIFO: one websocket).
void enqueue(Link& link, Message m, std::int64_t now_ms, std::int64_t delay_ms);

/// Takes the message at the head of `link`, which must hold one.
Message pop(Link& link);

}  // namespace syncsim
