#pragma once
// An action of the world: what a scheduler picks. Its kind, who acts, when it is due (timed
// discipline) and its identity key (which keys its random draws and PCT's chains).
#include <cstddef>
#include <cstdint>

#include "model/assert.h"

namespace syncsim {

enum class ActionKind : std::uint8_t {
  Work,         ///< a workload item (user or admin)
  DeliverUp,    ///< head of c->server
  DeliverDown,  ///< head of server->c
  R2MStep,      ///< r2m translates the next history entry (or half of it)
  Reinsert,     ///< m2r emits the next re-insert batch
  Disconnect,   ///< fault: device drops its connection
  Reconnect,    ///< device reconnects (fault recovery, or settle)
  Partition,    ///< fault: the device's link stalls
  Heal,         ///< the stall ends
  Listener,     ///< manual reset strategies: the app's listener writes LastSynced
};
inline constexpr int kActionKinds = 10;
/// A system action: one the settle phase runs (deliveries, translators, the listener).
constexpr bool is_system(ActionKind k) {
  return k == ActionKind::DeliverUp || k == ActionKind::DeliverDown || k == ActionKind::R2MStep ||
         k == ActionKind::Reinsert || k == ActionKind::Listener;
}
/// A delivery, a fault or a listener: an action of one device (the rest are the workload's and
/// the translators').
constexpr bool acts_on_device(ActionKind k) {
  return k != ActionKind::Work && k != ActionKind::R2MStep && k != ActionKind::Reinsert;
}

struct Action {
  ActionKind kind = ActionKind::Work;
  /// Who acts: the workload script of a Work action (0 the admin's, d + 1 device d's:
  /// sim/workload.h), the device of a delivery, fault or listener, 0 for the translators.
  /// Read it through script() or device(), which check the kind.
  std::int32_t actor = 0;
  std::int64_t due = 0;     ///< timed discipline: when it happens
  std::uint64_t key = 0;    ///< identity hash (keys draws; PCT chains)
  std::uint64_t chain = 0;  ///< PCT: the "thread" this action belongs to

  std::size_t script() const {
    SYNCSIM_ASSERT(kind == ActionKind::Work, "only a work action runs a script");
    return static_cast<std::size_t>(actor);
  }
  int device() const {
    SYNCSIM_ASSERT(acts_on_device(kind), "only a delivery, fault or listener has a device");
    return actor;
  }
};

/// Snake-case names of the action kinds, indexed by ActionKind: the one table behind every
/// count the CLI reports (`run --json`, `explore --json`).
inline constexpr const char* kActionKindNames[kActionKinds] = {
    "work",       "deliver_up", "deliver_down", "r2m",  "reinsert",
    "disconnect", "reconnect",  "partition",    "heal", "listener"};

}  // namespace syncsim
