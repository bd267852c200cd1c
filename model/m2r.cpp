#include "model/m2r.h"

#include <algorithm>

#include "model/assert.h"

namespace syncsim::model {

void M2R::start_job(const Atlas& atlas, std::uint64_t server_head, const Policy& p) {
  ReinsertJob job;
  job.id = ++jobs_started_;
  job.base = server_head;
  job.snapshot = atlas.docs();
  for (const auto& [id, d] : atlas.docs()) job.doc_ids.push_back(id);
  const std::size_t n = job.doc_ids.size();
  const std::size_t b = std::max<std::uint32_t>(1, p.reinsert_batch);
  job.batches = static_cast<std::uint32_t>(std::max<std::size_t>(1, (n + b - 1) / b));
  jobs_.push_back(std::move(job));
}

bool M2R::emit_batch(const Atlas& atlas, std::uint64_t head, std::int64_t now_ts, const Policy& p,
                     std::vector<Changeset>& out, Recorder* rec) {
  SYNCSIM_ASSERT(!jobs_.empty(), "a batch needs a running re-insert job");
  ReinsertJob& job = jobs_.front();
  SYNCSIM_ASSERT(job.next_batch >= 1 && job.next_batch <= job.batches,
                 "batches are numbered 1..batches");
  const std::size_t b = std::max<std::uint32_t>(1, p.reinsert_batch);
  const std::size_t first = (job.next_batch - 1) * b;
  const std::size_t last = std::min(job.doc_ids.size(), first + b);
  // drain-then-snapshot reads Atlas now and bases the batch on the head now.
  const Atlas::Map& source = p.drain_before_batch ? atlas.docs() : job.snapshot;
  const bool latest = p.drain_before_batch || p.reinsert_base == ReinsertBase::Latest;
  for (std::size_t k = first; k < last; ++k) {
    auto it = source.find(job.doc_ids[k]);
    if (it == source.end()) continue;  // deleted since the snapshot
    Changeset cs = reinsert_changeset(it->first, it->second, source, p);
    cs.origin = kTranslatorIdent;
    cs.origin_ts = now_ts;
    cs.last_integrated_version = latest ? head : job.base;
    cs.tag = Tag{.kind = Tag::Reinsert, .job = job.id, .batch = job.next_batch};
    if (rec != nullptr && p.reinsert_drops_unresolved)
      record_unresolved(*rec, it->first, it->second, source, cs.tag);
    out.push_back(std::move(cs));
  }
  const bool done = job.next_batch >= job.batches;
  ++job.next_batch;
  if (done) jobs_.erase(jobs_.begin());
  return done;
}

}  // namespace syncsim::model
