#pragma once
// The translators between the sync server and the database (spec §3, §4): Atlas, r2m (the
// server's history written into Atlas documents) and m2r (the re-insert job an additive
// deploy starts), with the kernel's bookkeeping of when each history entry was appended (r2m
// runs a delay after it) and when the next re-insert batch is due. A part of the World: the
// world decides when each step runs; this part lists the steps and runs them.
#include <cstdint>
#include <string>
#include <vector>

#include "model/atlas.h"
#include "model/m2r.h"
#include "model/r2m.h"
#include "model/server.h"
#include "sim/action.h"
#include "sim/trace/knobs.h"

namespace syncsim {

class Translators {
 public:
  /// Room for `notes` documents and `versions` history entries.
  void reserve(std::size_t notes, std::size_t versions);
  /// The initial tree `bootstrap`, appended to the server at time 0, is written into Atlas
  /// as it is; r2m starts after it.
  void bootstrap(const model::Changeset& bootstrap, std::uint64_t server_head);
  /// The server appended one history entry at `now_ms` (r2m translates it a delay later).
  void appended(std::int64_t now_ms) { append_ms_.push_back(now_ms); }

  /// Appends r2m's next step and the re-insert job's next batch when they are enabled. `timed`
  /// and `seed` draw r2m's delay (draw_delay_ms).
  void list(const model::Server& server, const RunSettings& settings, std::int64_t now_ms,
            bool timed, std::uint64_t seed, std::vector<Action>& out) const;
  /// The stable label of the R2MStep or Reinsert action `act` (docs/trace-format.md).
  std::string label(const Action& act, const model::Server& server,
                    const model::Policy& policy) const;

  /// r2m translates the next history entry (or half of it).
  void step_r2m(const model::Server& server, const model::Policy& policy) {
    r2m_.step(server, atlas_, policy);
  }
  /// An additive deploy in production (spec §4 H1): r2m paused (when the policy says so), an
  /// Atlas snapshot, the first batch `delay_ms` later.
  void start_reinsert(std::uint64_t server_head, const model::Policy& policy, std::int64_t due_ms);
  /// m2r emits the next re-insert batch into the server; returns how many changesets it
  /// emitted. The next batch is due `gap_ms` later.
  std::uint64_t reinsert(model::Server& server, std::int64_t now_ms, const RunSettings& settings,
                         model::Recorder* rec);
  /// Terminate and re-enable: the new history (head entries, appended `now_ms`) was built
  /// from Atlas; r2m starts after it, unpaused, and every re-insert job is cancelled.
  void restart(std::uint64_t server_head, std::int64_t now_ms);

  const model::Atlas& atlas() const { return atlas_; }
  const model::R2M& r2m() const { return r2m_; }
  const model::M2R& m2r() const { return m2r_; }

 private:
  model::Atlas atlas_;
  model::R2M r2m_;
  model::M2R m2r_;
  std::vector<std::int64_t> append_ms_;  ///< per server version: when it was appended
  std::int64_t reinsert_due_ = 0;
};

}  // namespace syncsim
