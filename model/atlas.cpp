#include "model/atlas.h"

#include <algorithm>

#include "model/assert.h"
#include "model/planted.h"

namespace syncsim::model {

void Atlas::apply(const Instr& i) {
  if (i.discarded) return;
  if (i.op == Op::CreateObject) {
    docs_.get_or_create(i.obj);
    return;
  }
  if (i.op == Op::EraseObject) {
    docs_.erase(i.obj);
    return;
  }
  Doc* found = docs_.find(i.obj);
  if (found == nullptr) return;
  Doc& d = *found;
  auto& a = d.children;
  switch (i.op) {
    case Op::Set:
      if (i.field == Field::Text) d.text = i.value;
      if (i.field == Field::Owner) d.owner = static_cast<UserId>(i.value);
      if (i.field == Field::IsRoot) d.is_root = i.value != 0;
      if (i.field == Field::LastUpdated) d.last_updated = i.value;
      break;
    case Op::ArrayInsert:
      make_room(a);
      a.insert(a.begin() + std::min<std::size_t>(i.index, a.size()), i.link());
      break;
    case Op::ArrayErase:
      if (i.index < a.size()) a.erase(a.begin() + i.index);
      break;
    case Op::ArrayMove:
      if (i.index < a.size() && i.index2 < a.size()) {
        const NoteId v = a[i.index];
        a.erase(a.begin() + i.index);
        a.insert(a.begin() + i.index2, v);
      }
      break;
    case Op::Clear:
      a.clear();
      break;
    case Op::ListUnion:
      if (std::find(a.begin(), a.end(), i.link()) == a.end()) a.push_back(i.link());
      break;
    default:
      break;
  }
}

namespace {
bool is_list_write(const Instr& i) {
  return i.op == Op::ArrayInsert || i.op == Op::ArrayErase || i.op == Op::ArrayMove ||
         i.op == Op::Clear || i.op == Op::ListUnion;
}
void write_part(const Changeset& cs, Atlas& atlas, WritePart part) {
  for (const auto& i : cs.instrs) {
    if (part == WritePart::ListsOnly && !is_list_write(i)) continue;
    if (part == WritePart::DocsOnly && is_list_write(i)) continue;
    atlas.apply(i);
  }
}
}  // namespace

void R2M::step(const Server& s, Atlas& atlas, const Policy& p) {
  SYNCSIM_ASSERT(cursor_ < s.head(), "r2m steps only with a history entry to translate");
  const Changeset& cs = s.entry(cursor_ + 1).cs;
  const bool first_insert = cs.tag.kind == Tag::Insert && cs.client_version == 1;
  const bool skip = (p.r2m_skip_mongo_origin && cs.origin == kTranslatorIdent) ||
                    (SYNCSIM_PLANTED(R2MSkipsFirstInsert) && first_insert);
  const bool no_docs = SYNCSIM_PLANTED(R2MSkipsFirstInsertDoc) && first_insert;
  // Planted: an edit at the head of history is written but r2m's cursor stays on it.
  const bool stuck = SYNCSIM_PLANTED(R2MRetranslatesHeadEdit) && cs.tag.kind == Tag::Edit &&
                     cursor_ + 1 == s.head();
  if (p.r2m_atomic) {
    if (!skip) write_part(cs, atlas, no_docs ? WritePart::ListsOnly : WritePart::All);
    if (!stuck) ++cursor_;
    return;
  }
  // H2: the parent's array is written before the child document.
  if (!half_done_) {
    if (!skip) write_part(cs, atlas, WritePart::ListsOnly);
    half_done_ = true;
    return;
  }
  if (!skip && !no_docs) write_part(cs, atlas, WritePart::DocsOnly);
  half_done_ = false;
  if (!stuck) ++cursor_;
}

void R2M::drain(const Server& s, Atlas& atlas, const Policy& p) {
  while (cursor_ < s.head() || half_done_) step(s, atlas, p);
}

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

Changeset M2R::reinsert_changeset(NoteId id, const Doc& d, const Atlas::Map& source,
                                  const Policy& p) const {
  Changeset cs;
  auto& v = cs.instrs;
  v.push_back(Instr{.op = Op::CreateObject, .obj = id});
  v.push_back(Instr{.op = Op::Set, .field = Field::Text, .obj = id, .value = d.text});
  v.push_back(Instr{.op = Op::Set, .field = Field::IsRoot, .obj = id, .value = d.is_root});
  v.push_back(Instr{.op = Op::Set, .field = Field::Owner, .obj = id, .value = d.owner});
  const bool merge = p.reinsert_lists == ReinsertLists::MergeUnion;
  if (!merge) v.push_back(Instr{.op = Op::Clear, .obj = id});
  std::uint32_t idx = 0;
  for (NoteId child : d.children) {
    // H2: resolving the relationship drops refs to documents that do not exist (yet).
    if (p.reinsert_drops_unresolved && !source.contains(child)) continue;
    const Op op = merge ? Op::ListUnion : Op::ArrayInsert;
    v.push_back(
        Instr{.op = op, .obj = id, .index = idx++, .value = static_cast<std::int64_t>(child)});
  }
  return cs;
}

namespace {
/// H2's dropped references of one re-inserted document, as loss events at the server.
void record_unresolved(Recorder& rec, NoteId id, const Doc& d, const Atlas::Map& source,
                       const Tag& by) {
  rec.replica = kServerReplica;
  for (NoteId child : d.children)
    if (!source.contains(child)) rec.add(loss(Cause::TranslatorUnresolved, child, id, Tag{}, by));
}
}  // namespace

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
