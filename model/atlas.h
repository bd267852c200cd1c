#pragma once
// The Atlas collection and the two translators (spec §2, §4).
//  - Atlas: documents; `children` is an array of foreign keys (a key to a missing document
//    is dangling).
//  - r2m (Realm -> Mongo): applies server history to Atlas in order from its cursor.
//  - m2r (Mongo -> Realm): runs re-insert jobs after a production-mode schema deploy.
#include <cstdint>
#include <optional>
#include <vector>

#include "model/explain.h"
#include "model/note_map.h"
#include "model/policy.h"
#include "model/server.h"

namespace syncsim::model {

struct Doc {
  std::int64_t text = 0;
  UserId owner = 0;
  bool is_root = false;
  std::int64_t last_updated = 0;
  Links children;  ///< foreign keys
  bool operator==(const Doc&) const = default;
};

class Atlas {
 public:
  using Map = NoteMap<Doc>::Map;
  /// Applies one instruction; `docs_only`/`lists_only` split a write for non-atomic r2m.
  void apply(const Instr& i);
  const Map& docs() const { return docs_.map(); }
  const Doc* find(NoteId id) const { return docs_.find(id); }
  void put(NoteId id, Doc d) { docs_.get_or_create(id) = std::move(d); }
  /// Room for `docs` documents (see Store::reserve).
  void reserve(std::size_t docs) { docs_.reserve(docs); }
  bool operator==(const Atlas&) const = default;

 private:
  NoteMap<Doc> docs_;
};

/// Which part of a changeset an r2m step writes (H2 writes parent arrays first).
enum class WritePart : std::uint8_t { All, ListsOnly, DocsOnly };

class R2M {
 public:
  /// Is there a history entry to translate (and r2m not paused)?
  bool can_step(const Server& s) const { return !paused_ && cursor_ < s.head(); }
  /// The server version the next step translates.
  std::uint64_t next_version() const { return cursor_ + 1; }
  /// Translates the next entry (or its next half when writes are non-atomic).
  void step(const Server& s, Atlas& atlas, const Policy& p);
  /// Translates everything (drain-then-snapshot).
  void drain(const Server& s, Atlas& atlas, const Policy& p);
  /// 0 when the next step writes a whole changeset; 1/2 for the halves of a non-atomic write.
  int next_half(const Policy& p) const { return p.r2m_atomic ? 0 : (half_done_ ? 2 : 1); }
  void set_paused(bool v) { paused_ = v; }
  bool paused() const { return paused_; }
  std::uint64_t cursor() const { return cursor_; }
  bool half_done() const { return half_done_; }
  void reset_cursor(std::uint64_t v) {
    cursor_ = v;
    half_done_ = false;
  }
  bool operator==(const R2M&) const = default;

 private:
  std::uint64_t cursor_ = 0;
  bool paused_ = false;
  bool half_done_ = false;
};

/// A re-insert job: the Atlas documents found at deploy time, re-inserted into Realm in
/// batches (spec §4 H1 step 2).
struct ReinsertJob {
  std::uint32_t id = 0;
  std::vector<NoteId> doc_ids;  ///< in Atlas order at snapshot time
  Atlas::Map snapshot;          ///< the documents as read at deploy time
  std::uint64_t base = 0;       ///< server head at deploy time
  std::uint32_t next_batch = 1;
  std::uint32_t batches = 0;
  bool operator==(const ReinsertJob&) const = default;
};

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
  Changeset reinsert_changeset(NoteId id, const Doc& d, const Atlas::Map& source,
                               const Policy& p) const;
  std::vector<ReinsertJob> jobs_;
  std::uint32_t jobs_started_ = 0;
};

}  // namespace syncsim::model
