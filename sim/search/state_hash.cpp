// The state hash of exhaustive search (sim/search/explore.h): everything in a World that can change
// a future outcome in the untimed discipline, and nothing that cannot, so that equal states
// reached by different orderings merge.
//
// Three reductions, each exact (two states with equal hashes have the same futures):
// 1. Timestamps. In the untimed discipline `now` is the step count, so one state reached by
//    paths of different lengths carries different raw timestamps. The model only *compares*
//    timestamps, so each enters as its dense rank among the timestamps present, plus its
//    distance to `now` clamped at the floor below which every future timestamp
//    (`now' + offset`, now' > now) is later anyway. With every clock offset 0 that distance
//    is constant and only the order remains. A drifting clock hashes raw values.
// 2. Dead history. A server history entry is read only by r2m (past its cursor), by
//    downloads (past a session's or client's cursor) and by the transform of an incoming
//    changeset (past its base). Entries at or below every such position can never be read
//    again: only the head is hashed for them. Likewise the server's per-client reciprocal
//    forms at or below every future upload's base, and integration steps that no future
//    download can ask about.
// 3. Own-entry versions. For client c, server versions v1 < v2 with no entry of another
//    origin in (v1, v2] are interchangeable as c's base or download position: transforms and
//    downloads skip c's own entries. Such versions are hashed as the latest foreign version
//    at or below them, so an acknowledgement arriving before or after a local write no longer
//    splits states. The base of an entry already integrated (history, downloads) is never
//    read again and is not hashed.
// Keep in step with the model: a new field that can change a future outcome must be hashed
// here. explore_test's plain-DFS cross-check (same outcomes, same execution counts) catches
// an unsound reduction on its scenarios.
#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <vector>

#include "sim/prng.h"
#include "sim/search/explore.h"

namespace syncsim {
namespace {

using model::Changeset;
using model::FileIdent;

bool is_stamp_field(model::Field f) {
  return f == model::Field::LastUpdated || f == model::Field::TextUpdated ||
         f == model::Field::ChildrenUpdated;
}

/// How timestamps are hashed for one world (reduction 1).
struct TimeBasis {
  bool raw = false;  ///< a drifting clock: hash absolute values
  std::int64_t now = 0;
  std::int64_t floor = 0;       ///< distances <= floor are all equivalent
  bool exact_distance = false;  ///< some offset is non-zero: the distance can matter
};

TimeBasis time_basis(const World& w) {
  TimeBasis b;
  b.now = w.now();
  for (const auto& d : w.devices()) {
    if (d.net.drift_ppm != 0) b.raw = true;
    b.floor = std::min(b.floor, d.net.clock_offset_ms);
    if (d.net.clock_offset_ms != 0) b.exact_distance = true;
  }
  return b;
}

/// The state as a flat list of words. A timestamp takes two slots: its raw value, replaced
/// by its rank once every timestamp is known, and its clamped distance to now.
struct Words {
  std::vector<std::uint64_t> w;
  std::vector<std::uint32_t> stamps;  ///< positions of timestamps in `w`
  void word(std::uint64_t v) { w.push_back(v); }
  void ts(std::int64_t t) {
    stamps.push_back(static_cast<std::uint32_t>(w.size()));
    w.push_back(static_cast<std::uint64_t>(t));
    w.push_back(0);
  }
};

/// Dense rank of t among `sorted` (sorted, deduplicated).
std::uint64_t rank_sorted(const std::vector<std::int64_t>& sorted, std::int64_t t) {
  return static_cast<std::uint64_t>(std::lower_bound(sorted.begin(), sorted.end(), t) -
                                    sorted.begin());
}

/// Reduction 1: each timestamp becomes (dense rank, clamped distance to now).
void reduce_stamps(Words& words, const TimeBasis& basis, std::vector<std::int64_t>& scratch) {
  if (basis.raw || words.stamps.empty()) return;  // raw values, and `now` is hashed
  std::int64_t lo = static_cast<std::int64_t>(words.w[words.stamps.front()]), hi = lo;
  for (auto p : words.stamps) {
    lo = std::min(lo, static_cast<std::int64_t>(words.w[p]));
    hi = std::max(hi, static_cast<std::int64_t>(words.w[p]));
  }
  scratch.clear();
  const bool dense = hi - lo < 4096;  // untimed timestamps are step counts: usually dense
  if (dense) {
    // Counting: mark the values present, then prefix sums give the ranks.
    scratch.assign(static_cast<std::size_t>(hi - lo + 1), 0);
    for (auto p : words.stamps)
      scratch[static_cast<std::size_t>(static_cast<std::int64_t>(words.w[p]) - lo)] = 1;
    std::int64_t next = 0;
    for (auto& x : scratch) x = x != 0 ? next++ : -1;
  } else {
    for (auto p : words.stamps) scratch.push_back(static_cast<std::int64_t>(words.w[p]));
    std::sort(scratch.begin(), scratch.end());
    scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
  }
  for (auto p : words.stamps) {
    const auto t = static_cast<std::int64_t>(words.w[p]);
    words.w[p] = dense ? static_cast<std::uint64_t>(scratch[static_cast<std::size_t>(t - lo)])
                       : rank_sorted(scratch, t);
    if (basis.exact_distance)
      words.w[p + 1] = static_cast<std::uint64_t>(std::max(t - basis.now, basis.floor));
  }
}

constexpr std::uint64_t kP1 = 0x9e3779b185ebca87ULL, kP2 = 0xc2b2ae3d27d4eb4fULL;
constexpr std::uint64_t rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}
constexpr std::uint64_t round(std::uint64_t acc, std::uint64_t v) {
  return rotl(acc + v * kP2, 31) * kP1;
}

/// xxHash64-style: four independent lanes, then an avalanche.
std::uint64_t hash_words(const std::vector<std::uint64_t>& w) {
  std::uint64_t lane[4] = {kP1 + kP2, kP2, 0, 0 - kP1};
  std::size_t i = 0;
  for (; i + 4 <= w.size(); i += 4)
    for (int k = 0; k < 4; ++k) lane[k] = round(lane[k], w[i + static_cast<std::size_t>(k)]);
  std::uint64_t h = rotl(lane[0], 1) + rotl(lane[1], 7) + rotl(lane[2], 12) + rotl(lane[3], 18);
  for (int k = 0; k < 4; ++k) h = (h ^ round(0, lane[k])) * kP1 + 0x85ebca77c2b2ae63ULL;
  h += w.size();
  for (; i < w.size(); ++i) h = rotl(h ^ round(0, w[i]), 27) * kP1 + 0x85ebca77c2b2ae63ULL;
  return splitmix64(h);
}

/// Server versions that can still be read (reductions 2 and 3).
class Liveness {
 public:
  explicit Liveness(const World& w) : s_(w.server()) {
    const auto& p = w.settings().policy;
    translator_floor_ = s_.head();
    if (!p.drain_before_batch && p.reinsert_base == model::ReinsertBase::Snapshot)
      for (const auto& job : w.m2r().jobs())
        translator_floor_ = std::min(translator_floor_, job.base);
    history_floor_ = std::min(translator_floor_, w.r2m().cursor());
    for (const auto& d : w.devices()) {
      const FileIdent c = d.client.ident();
      const std::uint64_t down =
          std::min(canon(c, d.net.sent_through), canon(c, d.client.download_cursor()));
      std::uint64_t up = canon(c, d.client.download_cursor());  // base of any future write
      const std::uint64_t integrated = s_.integrated_client_version(c);
      for (const auto& cs : d.client.unacked())
        if (cs.client_version > integrated) up = std::min(up, canon(c, cs.last_integrated_version));
      clients_.push_back(Client{c, down, up});
      history_floor_ = std::min({history_floor_, down, up});
    }
    // A Verdant reset reads every operation's schema version (the data version, spec §6).
    if (w.verdant()) history_floor_ = 0;
  }

  /// The latest version <= v whose entry did not come from `c` (0 when none).
  std::uint64_t canon(FileIdent c, std::uint64_t v) const {
    while (v > 0 && v <= s_.head() && s_.entry(v).cs.origin == c) --v;
    return v;
  }
  std::uint64_t history_floor() const { return history_floor_; }
  /// Reciprocal forms at or below this are never read again (0: keep all).
  std::uint64_t reciprocal_floor(FileIdent c) const {
    if (c == model::kTranslatorIdent) return translator_floor_;
    for (const auto& k : clients_)
      if (k.ident == c) return k.up;
    return 0;
  }
  /// Integration steps at or below this are asked about only through the last of them.
  std::uint64_t download_floor(FileIdent c) const {
    for (const auto& k : clients_)
      if (k.ident == c) return k.down;
    return 0;
  }

 private:
  struct Client {
    FileIdent ident;
    std::uint64_t down, up;
  };
  const model::Server& s_;
  std::uint64_t translator_floor_ = 0;
  std::uint64_t history_floor_ = 0;
  boost::container::small_vector<Client, 8> clients_;
};

template <class V>
class Walker {
 public:
  Walker(const World& w, const Liveness& live, V& v) : w_(w), live_(live), v_(v) {}

  void world() {
    v_.word(w_.next_items().size());
    for (auto i : w_.next_items()) v_.word(i);
    // The schema revision is 0 unless the scenario tracks schemas: every other state hashes
    // as it did before schemas were tracked.
    v_.word(w_.schema_version() | std::uint64_t{w_.epoch()} << 32 |
            std::uint64_t{w_.schema_revision()} << 56);
    v_.word(w_.devices().size());
    for (const auto& d : w_.devices()) device(d);
    server();
    docs(w_.atlas().docs());
    translators();
    v_.word(w_.intents().size());
    for (const auto& in : w_.intents()) {
      v_.word(in.note);
      v_.word(in.parent);
      v_.word(static_cast<std::uint64_t>(in.device) | static_cast<std::uint64_t>(in.deleted) << 32);
      v_.word(in.client_version);
    }
    v_.word(w_.acked_notes().size());
    for (auto n : w_.acked_notes()) v_.word(n);
    v_.word(w_.deleted_notes().size());
    for (auto n : w_.deleted_notes()) v_.word(n);
    v_.word(w_.user_writes().size());
    for (const auto& uw : w_.user_writes()) {
      v_.word(uw.note);
      v_.word(static_cast<std::uint64_t>(uw.value));
      v_.word(static_cast<std::uint64_t>(uw.kind) | static_cast<std::uint64_t>(uw.acked) << 8 |
              static_cast<std::uint64_t>(uw.device) << 16);
      v_.ts(uw.origin_ts);
      v_.word(uw.origin | uw.client_version << 32);
    }
    v_.word(w_.schema_errors().size());  // Verdant: reported at quiescence
    for (const auto& e : w_.schema_errors()) {
      v_.word(static_cast<std::uint64_t>(e.device));
      for (auto n : e.notes) v_.word(n);
    }
  }

 private:
  /// `base_of`: whose base this is (canonicalized for that client), or 0 when the base is
  /// never read again (already integrated).
  void changeset(const Changeset& c, FileIdent base_of) {
    v_.word(c.instrs.size());
    for (const auto& i : c.instrs) {
      // One word for op, field, flags and both indices while index2 (ArrayMove only) is small;
      // bit 18 says it follows in a word of its own, so the encoding stays exact.
      const bool small = i.index2 < 4096;
      v_.word(static_cast<std::uint64_t>(i.op) | static_cast<std::uint64_t>(i.field) << 8 |
              static_cast<std::uint64_t>(i.discarded) << 16 |
              static_cast<std::uint64_t>(i.is_default) << 17 |
              static_cast<std::uint64_t>(!small) << 18 | std::uint64_t{small ? i.index2 : 0} << 20 |
              static_cast<std::uint64_t>(i.index) << 32);
      if (!small) v_.word(i.index2);
      v_.word(i.obj);
      if (i.op == model::Op::Set && is_stamp_field(i.field)) {
        v_.ts(i.value);
      } else {
        v_.word(static_cast<std::uint64_t>(i.value));
      }
    }
    v_.word(c.origin);
    v_.ts(c.origin_ts);
    v_.word(base_of == 0 ? 0 : live_.canon(base_of, c.last_integrated_version));
    v_.word(c.client_version);
    if (w_.verdant()) v_.word(c.schema);  // the writer's schema: a Verdant reset reads it
    tag(c.tag);
  }
  void tag(const model::Tag& t) {
    v_.word(static_cast<std::uint64_t>(t.kind) | std::uint64_t{t.job} << 8 |
            std::uint64_t{t.batch} << 36);
    v_.word(t.note);
  }
  void changesets(const std::vector<Changeset>& cs, FileIdent base_of) {
    v_.word(cs.size());
    for (const auto& c : cs) changeset(c, base_of);
  }

  void store(const model::Store& st) {
    v_.word(st.size());
    v_.word(st.index_anomalies());
    for (const auto& [id, n] : st.notes()) {
      v_.word(id);
      v_.word(static_cast<std::uint64_t>(n.text));
      v_.word(n.owner | static_cast<std::uint64_t>(n.is_root) << 32);
      v_.ts(n.last_updated);
      v_.word(n.children.size());
      for (auto c : n.children) v_.word(c);
      v_.word(n.extra.size());
      for (const auto& [f, x] : n.extra) {
        v_.word(f);
        if (is_stamp_field(static_cast<model::Field>(f))) {
          v_.ts(x);
        } else {
          v_.word(static_cast<std::uint64_t>(x));
        }
      }
    }
  }

  void docs(const model::Atlas::Map& docs) {
    v_.word(docs.size());
    for (const auto& [id, d] : docs) {
      v_.word(id);
      v_.word(static_cast<std::uint64_t>(d.text));
      v_.word(d.owner | static_cast<std::uint64_t>(d.is_root) << 32);
      v_.ts(d.last_updated);
      v_.word(d.children.size());
      for (auto c : d.children) v_.word(c);
    }
  }

  void message(const Message& m, FileIdent c) {
    changesets(m.up.changesets, c);
    const auto& d = m.down;
    v_.word(d.entries.size());
    for (const auto& e : d.entries) {
      changeset(e.cs, 0);
      v_.word(e.server_version);
      v_.word(e.last_local_version);
    }
    v_.word(live_.canon(c, d.server_head));
    v_.word(d.progress);
    v_.word(d.acked.size());
    for (const auto& t : d.acked) tag(t);
  }

  void device(const Device& d) {
    const model::Client& c = d.client;
    const FileIdent id = c.ident();
    v_.word(static_cast<std::uint64_t>(d.net.online) |
            static_cast<std::uint64_t>(d.net.stalled) << 1 |
            static_cast<std::uint64_t>(d.net.in_outage) << 2 |
            static_cast<std::uint64_t>(d.net.dropped) << 3 |
            static_cast<std::uint64_t>(d.reset_pending) << 4 |
            static_cast<std::uint64_t>(d.downgrade_next) << 5 |
            static_cast<std::uint64_t>(d.last_reset_unacked) << 6 |
            static_cast<std::uint64_t>(d.listener_waiting) << 7 |
            static_cast<std::uint64_t>(!d.sync_error.empty()) << 8 |
            static_cast<std::uint64_t>(!d.session_refused.empty()) << 9 |
            std::uint64_t{d.resets} << 32);
    v_.word(static_cast<std::uint64_t>(d.net.stalled_until));
    v_.word(static_cast<std::uint64_t>(d.net.disconnects_left));
    v_.word(static_cast<std::uint64_t>(d.net.partitions_left));
    v_.word(live_.canon(id, d.net.sent_through));
    v_.word(d.net.next_fault);
    offline_time(d);
    v_.ts(d.last_synced);
    v_.word(d.updates.size());
    for (const auto& u : d.updates) {
      v_.word(u.note | std::uint64_t{static_cast<std::uint8_t>(u.field)} << 56);
      v_.ts(u.time);
    }
    v_.word(id | std::uint64_t{c.user()} << 32);
    v_.word(static_cast<std::uint64_t>(c.reset_mode()) | std::uint64_t{c.app_schema()} << 8);
    v_.word(c.last_version());
    v_.word(c.sent_through());
    v_.word(c.upload_ack());
    v_.word(live_.canon(id, c.download_cursor()));
    store(c.store());
    changesets(c.unacked(), id);
    changesets(c.reciprocal(), id);
    v_.word(d.net.up.size());
    for (const auto& m : d.net.up) message(m, id);
    v_.word(d.net.down.size());
    for (const auto& m : d.net.down) message(m, id);
  }

  /// Offline time is compared with max_offline_ms (a step count in the untimed discipline):
  /// only its distance to now matters, and only up to the threshold.
  void offline_time(const Device& d) {
    const std::int64_t limit =
        w_.verdant() ? w_.settings().policy.truancy_ms : w_.settings().max_offline_ms;
    if (limit <= 0) return;
    // verdant-5.5 (D8): truancy counts from the last message the relay handled from the
    // device, online or not (a silent online device becomes truant at its next reconnect).
    // That age is read only by a reconnect: once none can come (online, no fault or workload
    // item left) it is not state, and leaving it out keeps the settled states that differ
    // only in when a delivery was stamped equal (partial-order reduction reorders those).
    if (w_.verdant() && w_.settings().policy.verdant_reset == model::VerdantReset::Release55) {
      const bool may_reconnect = !d.net.online || d.net.dropped || d.net.in_outage ||
                                 d.reset_pending || d.net.disconnects_left > 0 ||
                                 d.net.next_fault < d.net.faults.size() || work_left();
      if (may_reconnect)
        v_.word(static_cast<std::uint64_t>(
            std::clamp<std::int64_t>(w_.now() - d.last_message_ms, -1, limit + 1)));
      return;
    }
    if (d.net.online) return;
    v_.word(static_cast<std::uint64_t>(
        std::clamp<std::int64_t>(w_.now() - d.net.offline_since, -1, limit + 1)));
  }

  void server() {
    const model::Server& s = w_.server();
    store(s.store());
    v_.word(s.head());
    const std::uint64_t floor = live_.history_floor();
    v_.word(floor);
    for (std::uint64_t ver = floor + 1; ver <= s.head(); ++ver) changeset(s.entry(ver).cs, 0);
    s.for_each_progress(
        [&](FileIdent ident, std::uint64_t integrated, const auto& steps, const auto& reciprocal) {
          v_.word(ident);
          v_.word(integrated);
          const std::uint64_t down = live_.download_floor(ident);
          std::uint64_t before = 0;  // the answer for versions just past `down`
          for (const auto& [sv, cv] : steps) {
            if (sv <= down) {
              before = cv;
              continue;
            }
            v_.word(sv);
            v_.word(cv);
          }
          v_.word(before);
          const std::uint64_t up = live_.reciprocal_floor(ident);
          for (const auto& [ver, cs] : reciprocal) {
            if (ver <= up) continue;
            v_.word(ver);
            changeset(cs, 0);
          }
        });
  }

  void translators() {
    const model::R2M& r = w_.r2m();
    v_.word(r.cursor() | static_cast<std::uint64_t>(r.paused()) << 62 |
            static_cast<std::uint64_t>(r.half_done()) << 63);
    const model::M2R& m = w_.m2r();
    v_.word(m.jobs_started());
    v_.word(m.jobs().size());
    for (const auto& job : m.jobs()) {
      v_.word(job.id);
      v_.word(job.base);
      v_.word(job.next_batch | std::uint64_t{job.batches} << 32);
      v_.word(job.doc_ids.size());
      for (auto id : job.doc_ids) v_.word(id);
      docs(job.snapshot);
    }
  }

  /// Some workload item is left (it may take a device offline and back): computed once.
  bool work_left() {
    if (work_left_ < 0) {
      thread_local std::vector<Action> acts;
      acts.clear();
      w_.enabled(acts, false, false);
      work_left_ = std::any_of(acts.begin(), acts.end(),
                               [](const Action& a) { return a.kind == ActionKind::Work; });
    }
    return work_left_ > 0;
  }

  const World& w_;
  const Liveness& live_;
  V& v_;
  int work_left_ = -1;
};

}  // namespace

std::uint64_t state_hash(const World& w) {
  // Per-thread scratch: the hot path of exploration must not allocate per call.
  thread_local Words words;
  thread_local std::vector<std::int64_t> scratch;
  words.w.clear();
  words.stamps.clear();
  const TimeBasis basis = time_basis(w);
  const Liveness live(w);
  Walker<Words>(w, live, words).world();
  reduce_stamps(words, basis, scratch);
  if (basis.raw) words.word(static_cast<std::uint64_t>(w.now()));
  return hash_words(words.w);
}

}  // namespace syncsim
