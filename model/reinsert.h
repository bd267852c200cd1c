#pragma once
// The re-insert job (spec §4 H1 step 2): after a production-mode schema deploy, the Atlas
// documents found at deploy time are re-inserted into Realm in batches. This file holds the
// job and the changeset that re-inserts one document; model/m2r.h runs the jobs.
#include <cstdint>
#include <vector>

#include "model/atlas.h"
#include "model/changeset.h"
#include "model/explain.h"
#include "model/policy.h"

namespace syncsim::model {

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

/// The changeset that re-inserts document `id` as `d` reads, its links resolved against
/// `source` (the documents the batch reads).
Changeset reinsert_changeset(NoteId id, const Doc& d, const Atlas::Map& source, const Policy& p);

/// H2's dropped references of one re-inserted document, as loss events at the server.
void record_unresolved(Recorder& rec, NoteId id, const Doc& d, const Atlas::Map& source,
                       const Tag& by);

}  // namespace syncsim::model
