// The state hash of exhaustive search (sim/explore.h): everything in a World that can change
// a future outcome in the untimed discipline, with timestamps reduced to what future
// comparisons can see.
//
// Why timestamps are special: in the untimed discipline `now` is the step count, so the same
// state reached by two paths of different lengths carries different raw timestamps. The model
// only ever *compares* timestamps (merge tie-breaks, Set vs Set, store equality), so a
// timestamp enters the hash as (a) its dense rank among the timestamps present in the state
// and (b) its distance to `now`, clamped at the floor below which every future timestamp
// (`now' + offset`, now' > now) is later anyway. With every clock offset 0, every existing
// timestamp is <= now, so (b) is constant and only the order remains: equal states merge.
// With a drifting clock, future timestamps depend on absolute time: raw values are hashed.
//
// Keep in step with the model: a new field that can change a future outcome must be hashed
// here (explore_test's plain-DFS cross-check catches a missing one on its scenarios).
#include <algorithm>
#include <vector>

#include "sim/explore.h"
#include "sim/prng.h"

namespace syncsim {
namespace {

using model::Changeset;

/// How timestamps are hashed for one world (see the file comment).
struct TimeBasis {
  bool raw = false;         ///< a drifting clock: hash absolute values
  std::int64_t now = 0;
  std::int64_t floor = 0;   ///< distances <= floor are all equivalent
  bool exact_distance = false;  ///< some offset is non-zero: the distance can matter
};

TimeBasis time_basis(const World& w) {
  TimeBasis b;
  b.now = w.now();
  for (const auto& d : w.devices()) {
    if (d.drift_ppm != 0) b.raw = true;
    b.floor = std::min(b.floor, d.clock_offset_ms);
    if (d.clock_offset_ms != 0) b.exact_distance = true;
  }
  return b;
}

/// Pass 1: collects every timestamp of the state.
struct Collect {
  std::vector<std::int64_t>* out;
  void word(std::uint64_t) {}
  void ts(std::int64_t t) { out->push_back(t); }
};

/// Pass 2: mixes words, and timestamps as (rank, clamped distance to now).
struct Mix {
  const std::vector<std::int64_t>* ranks;
  TimeBasis basis;
  std::uint64_t h = 0x243f6a8885a308d3ULL;

  void word(std::uint64_t v) {
    const u128 r = static_cast<u128>(h ^ 0xa0761d6478bd642fULL) * (v ^ 0xe7037ed1a0b428dbULL);
    h = static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
  }
  void ts(std::int64_t t) {
    if (basis.raw) return word(static_cast<std::uint64_t>(t));
    const auto rank = std::lower_bound(ranks->begin(), ranks->end(), t) - ranks->begin();
    word(static_cast<std::uint64_t>(rank));
    if (basis.exact_distance) word(static_cast<std::uint64_t>(std::max(t - basis.now, basis.floor)));
  }
};

template <class V>
void walk_changeset(const Changeset& c, V& v) {
  v.word(c.instrs.size());
  for (const auto& i : c.instrs) {
    v.word(static_cast<std::uint64_t>(i.op) | static_cast<std::uint64_t>(i.field) << 8 |
           static_cast<std::uint64_t>(i.discarded) << 16 | static_cast<std::uint64_t>(i.is_default) << 17 |
           static_cast<std::uint64_t>(i.index) << 32);
    v.word(i.obj);
    v.word(i.index2);
    if (i.op == model::Op::Set && i.field == model::Field::LastUpdated) {
      v.ts(i.value);
    } else {
      v.word(static_cast<std::uint64_t>(i.value));
    }
  }
  v.word(c.origin);
  v.ts(c.origin_ts);
  v.word(c.last_integrated_version);
  v.word(c.client_version);
  v.word(static_cast<std::uint64_t>(c.tag.kind) | std::uint64_t{c.tag.job} << 8 |
         std::uint64_t{c.tag.batch} << 36);
  v.word(c.tag.note);
}

template <class V>
void walk_changesets(const std::vector<Changeset>& cs, V& v) {
  v.word(cs.size());
  for (const auto& c : cs) walk_changeset(c, v);
}

template <class V>
void walk_store(const model::Store& st, V& v) {
  v.word(st.size());
  v.word(st.index_anomalies());
  for (const auto& [id, n] : st.notes()) {
    v.word(id);
    v.word(static_cast<std::uint64_t>(n.text));
    v.word(n.owner | static_cast<std::uint64_t>(n.is_root) << 32);
    v.ts(n.last_updated);
    v.word(n.children.size());
    for (auto c : n.children) v.word(c);
    v.word(n.extra.size());
    for (const auto& [f, x] : n.extra) {
      v.word(f);
      v.word(static_cast<std::uint64_t>(x));
    }
  }
}

template <class V>
void walk_docs(const model::Atlas::Map& docs, V& v) {
  v.word(docs.size());
  for (const auto& [id, d] : docs) {
    v.word(id);
    v.word(static_cast<std::uint64_t>(d.text));
    v.word(d.owner | static_cast<std::uint64_t>(d.is_root) << 32);
    v.ts(d.last_updated);
    v.word(d.children.size());
    for (auto c : d.children) v.word(c);
  }
}

template <class V>
void walk_message(const Message& m, V& v) {
  v.word(m.up.from);
  walk_changesets(m.up.changesets, v);
  const auto& d = m.down;
  v.word(d.entries.size());
  for (const auto& e : d.entries) {
    walk_changeset(e.cs, v);
    v.word(e.server_version);
    v.word(e.last_local_version);
  }
  v.word(d.server_head);
  v.word(d.progress);
  v.word(d.acked.size());
  for (const auto& t : d.acked) {
    v.word(static_cast<std::uint64_t>(t.kind) | std::uint64_t{t.job} << 8 | std::uint64_t{t.batch} << 36);
    v.word(t.note);
  }
}

template <class V>
void walk_device(const Device& d, V& v) {
  v.word(static_cast<std::uint64_t>(d.online) | static_cast<std::uint64_t>(d.stalled) << 1 |
         static_cast<std::uint64_t>(d.in_outage) << 2);
  v.word(static_cast<std::uint64_t>(d.stalled_until));
  v.word(static_cast<std::uint64_t>(d.disconnects_left));
  v.word(static_cast<std::uint64_t>(d.partitions_left));
  v.word(d.sent_through);
  v.word(d.next_fault);
  const model::Client& c = d.client;
  v.word(c.ident());
  v.word(static_cast<std::uint64_t>(c.reset_mode()));
  v.word(c.app_schema());
  v.word(c.last_version());
  v.word(c.sent_through());
  v.word(c.upload_ack());
  v.word(c.download_cursor());
  walk_store(c.store(), v);
  walk_changesets(c.unacked(), v);
  walk_changesets(c.reciprocal(), v);
  v.word(d.up.size());
  for (const auto& m : d.up) walk_message(m, v);
  v.word(d.down.size());
  for (const auto& m : d.down) walk_message(m, v);
}

template <class V>
void walk_server(const model::Server& s, V& v) {
  walk_store(s.store(), v);
  v.word(s.head());
  for (std::uint64_t ver = 1; ver <= s.head(); ++ver) walk_changeset(s.entry(ver).cs, v);
  s.for_each_progress([&](model::FileIdent ident, std::uint64_t integrated, const auto& steps,
                          const auto& reciprocal) {
    v.word(ident);
    v.word(integrated);
    v.word(steps.size());
    for (const auto& [sv, cv] : steps) {
      v.word(sv);
      v.word(cv);
    }
    v.word(reciprocal.size());
    for (const auto& [ver, cs] : reciprocal) {
      v.word(ver);
      walk_changeset(cs, v);
    }
  });
}

template <class V>
void walk_translators(const World& w, V& v) {
  const model::R2M& r = w.r2m();
  v.word(r.cursor() | static_cast<std::uint64_t>(r.paused()) << 62 |
         static_cast<std::uint64_t>(r.half_done()) << 63);
  const model::M2R& m = w.m2r();
  v.word(m.jobs_started());
  v.word(m.jobs().size());
  for (const auto& job : m.jobs()) {
    v.word(job.id);
    v.word(job.base);
    v.word(job.next_batch | std::uint64_t{job.batches} << 32);
    v.word(job.doc_ids.size());
    for (auto id : job.doc_ids) v.word(id);
    walk_docs(job.snapshot, v);
  }
}

template <class V>
void walk_world(const World& w, V& v) {
  v.word(w.next_items().size());
  for (auto i : w.next_items()) v.word(i);
  v.word(w.schema_version());
  v.word(w.devices().size());
  for (const auto& d : w.devices()) walk_device(d, v);
  walk_server(w.server(), v);
  walk_docs(w.atlas().docs(), v);
  walk_translators(w, v);
  v.word(w.intents().size());
  for (const auto& in : w.intents()) {
    v.word(in.note);
    v.word(in.parent);
    v.word(static_cast<std::uint64_t>(in.device) | static_cast<std::uint64_t>(in.deleted) << 32);
    v.word(in.client_version);
  }
}

}  // namespace

std::uint64_t state_hash(const World& w) {
  // Per-thread scratch: the hot path of exploration must not allocate per call.
  thread_local std::vector<std::int64_t> stamps;
  stamps.clear();
  const TimeBasis basis = time_basis(w);
  if (!basis.raw) {
    Collect c{&stamps};
    walk_world(w, c);
    std::sort(stamps.begin(), stamps.end());
    stamps.erase(std::unique(stamps.begin(), stamps.end()), stamps.end());
  }
  Mix m{&stamps, basis};
  walk_world(w, m);
  if (basis.raw) m.word(static_cast<std::uint64_t>(w.now()));
  std::uint64_t h = m.h;
  return splitmix64(h);
}

}  // namespace syncsim
