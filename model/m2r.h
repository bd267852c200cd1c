#pragma once
// m2r, the Mongo -> Realm translator (spec §4): runs the re-insert jobs (model/reinsert.h) a
// production-mode schema deploy starts, one batch at a time.
#include <cstdint>
#include <vector>

#include "model/atlas.h"
#include "model/changeset.h"
#include "model/explain.h"
#include "model/policy.h"
#include "model/reinsert.h"

namespace syncsim::model {

class M2R {
 public:
  /// Production deploy: snapshot Atlas and record the base (r2m pausing is the caller's).
  void start_job(const Atlas& atlas, std::uint64_t server_head, const Policy& p);
  bool has_job() const { return !jobs_.empty(); }
  const ReinsertJob& job() const { return jobs_.front(); }
  /// Emits the changesets of the next batch of the current job. `head` is the server head
  /// now, `now_ts` the server clock; with drain_before_batch the documents are read from
  /// `atlas` now. Returns true when this was the job's last batch. With `rec`, references
  /// left out because their document does not exist are recorded (docs/explain.md).
  bool emit_batch(const Atlas& atlas, std::uint64_t head, std::int64_t now_ts, const Policy& p,
                  std::vector<Changeset>& out, Recorder* rec = nullptr);
  std::uint32_t jobs_started() const { return jobs_started_; }
  /// Terminate sync: pending re-insert jobs are abandoned.
  void cancel_jobs() { jobs_.clear(); }
  /// Every pending job, current first (state hashing).
  const std::vector<ReinsertJob>& jobs() const { return jobs_; }
  bool operator==(const M2R&) const = default;

 private:
  std::vector<ReinsertJob> jobs_;
  std::uint32_t jobs_started_ = 0;
};

}  // namespace syncsim::model
