#include "model/verdant.h"

#include <algorithm>

#include "model/planted.h"

namespace syncsim::model::verdant {
namespace {

bool has_field(const Note& n, Field f) {
  const auto key = static_cast<std::uint8_t>(f);
  return std::any_of(n.extra.begin(), n.extra.end(),
                     [&](const auto& kv) { return kv.first == key; });
}

/// Version 0 is a bootstrap changeset: the initial synced tree, written at the base schema.
std::uint32_t effective(std::uint32_t schema) {
  return schema == 0 ? 1 : schema;
}

/// Objects a changeset writes (not discarded), in id order, each once.
std::vector<NoteId> touched(const Changeset& cs) {
  std::vector<NoteId> ids;
  for (const auto& i : cs.instrs)
    if (!i.discarded) ids.push_back(i.obj);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace

const Migration* Chain::to(std::uint32_t to) const {
  if (to < 2 || to - 2 >= steps_.size()) return nullptr;
  return &steps_[to - 2];
}

bool valid(const Note& n, const Chain& chain, std::uint32_t v) {
  for (std::uint32_t k = 2; k <= v; ++k) {
    const Migration* m = chain.to(k);
    if (m == nullptr) return false;  // a schema the chain does not describe: nothing validates
    if (m->required && !has_field(n, m->field)) return false;
  }
  return true;
}

Store visible(const Store& db, const Chain& chain, std::uint32_t v) {
  Store shown = db;
  std::vector<NoteId> hidden;
  for (const auto& [id, n] : db.notes())
    if (!valid(n, chain, v)) hidden.push_back(id);
  for (NoteId id : hidden) shown.apply(Instr{.op = Op::EraseObject, .obj = id});
  return shown;
}

Instrs migrate_note(NoteId id, const Note& n, const Chain& chain, std::uint32_t from,
                    std::uint32_t to) {
  Instrs out;
  for (std::uint32_t k = from + 1; k <= to; ++k) {
    const Migration* m = chain.to(k);
    if (m == nullptr || has_field(n, m->field)) continue;
    out.push_back(
        Instr{.op = Op::Set, .field = m->field, .is_default = true, .obj = id, .value = m->fill});
  }
  return out;
}

std::uint32_t DocVersions::of(NoteId id) const {
  auto it = std::lower_bound(by_doc.begin(), by_doc.end(), std::make_pair(id, std::uint32_t{0}));
  return it != by_doc.end() && it->first == id ? it->second : 1;
}

DocVersions doc_versions(const std::vector<const Changeset*>& ops, bool dataset) {
  boost::container::flat_map<NoteId, std::uint32_t> v;
  std::uint32_t latest = 1;
  for (const Changeset* cs : ops) {
    const std::uint32_t s = effective(cs->schema);
    latest = std::max(latest, s);
    for (NoteId id : touched(*cs)) {
      auto [it, fresh] = v.try_emplace(id, s);
      if (!fresh) it->second = std::max(it->second, s);
    }
  }
  DocVersions out;
  for (const auto& [id, s] : v) out.by_doc.emplace_back(id, dataset ? latest : s);
  return out;
}

namespace {

/// Drops every document of `db` that does not validate at `v` (prune). Links to them stay
/// as hidden tombstones (spec §3), so they vanish from every list and their subtrees become
/// unreachable, while list indices still agree with the relay's for later operations.
std::vector<NoteId> prune_invalid(Store& db, const Chain& chain, std::uint32_t v) {
  std::vector<NoteId> dropped;
  for (const auto& [id, n] : db.notes())
    if (!valid(n, chain, v)) dropped.push_back(id);
  for (NoteId id : dropped) db.apply(Instr{.op = Op::EraseObject, .obj = id});
  return dropped;
}

}  // namespace

namespace {

/// D4: the overwriting reset replaces the client's data by what it carries, so whatever the
/// client held and the reset did not resend is gone on that client: a note (list 0), and a
/// link to a note that survives (its parent not carried, or its list's push not resent), which
/// leaves that note in no list.
void record_not_carried(Recorder& rec, const Store& local, const Store& after) {
  for (const auto& [id, n] : local.notes()) {
    const Note* kept = after.find(id);
    if (kept == nullptr) rec.add(loss(Cause::ResetNotCarried, id, 0));
    for (NoteId c : n.children)
      if (after.contains(c) &&
          (kept == nullptr ||
           std::find(kept->children.begin(), kept->children.end(), c) == kept->children.end()))
        rec.add(loss(Cause::ResetNotCarried, c, id));
  }
}

/// store 5.5.0's reset (`Client.addData` with `overwriteLocalData`): the client's data is
/// replaced by what the relay sent; when that data is older than the client's schema the
/// import flow opens it at its version and migrates it up (`importPersistence`), in the
/// client's db only: the import's migration is never sent (docs/differential.md D6, D7).
/// Nothing is pruned: what does not validate stays stored and hidden (visible(), D1).
ResetOutcome import_reset(const ResetInput& in) {
  ResetOutcome out;
  for (const Changeset* cs : *in.ops)
    for (const Instr& i : cs->instrs)
      if (!i.discarded) out.db.apply(i);
  Instrs local;
  for (const auto& [id, n] : out.db.notes()) {
    const std::uint32_t vm = in.versions.of(id);
    if (vm >= in.app_schema) continue;
    if (vm < in.oldest_schema) {
      out.missing_schema.push_back(id);
      continue;
    }
    auto w = migrate_note(id, n, *in.chain, vm, in.app_schema);
    local.insert(local.end(), w.begin(), w.end());
  }
  for (NoteId id : out.missing_schema) out.db.apply(Instr{.op = Op::EraseObject, .obj = id});
  for (const auto& w : local) out.db.apply(w);
  if (in.recorder != nullptr && in.local != nullptr)
    record_not_carried(*in.recorder, *in.local, out.db);
  return out;
}

}  // namespace

ResetOutcome reset(const ResetInput& in) {
  if (in.behaviour == ResetBehaviour::Import) return import_reset(in);
  ResetOutcome out;
  out.db = *in.server;
  const std::uint32_t vn = in.app_schema;
  if (in.behaviour == ResetBehaviour::MigrateUp) {
    // Materialize each document at the version its data was written at, migrate it up to vN
    // (in memory), then write: the writes are committed and synced back.
    for (const auto& [id, n] : out.db.notes()) {
      const std::uint32_t vm = in.versions.of(id);
      if (vm >= vn) continue;
      if (vm < in.oldest_schema) {
        out.missing_schema.push_back(id);
        continue;
      }
      auto w = migrate_note(id, n, *in.chain, vm, vn);
      out.writes.insert(out.writes.end(), w.begin(), w.end());
    }
    for (NoteId id : out.missing_schema) out.db.apply(Instr{.op = Op::EraseObject, .obj = id});
    for (const auto& w : out.writes) out.db.apply(w);
  }
  // Verdant validates what it is about to write to the queryable db at vN; whatever still
  // does not validate (under prune: every document older peers wrote) is dropped.
  out.pruned = prune_invalid(out.db, *in.chain, vn);
  if (in.recorder != nullptr)
    for (NoteId id : out.pruned) {
      LossEvent e = loss(Cause::PruneInvalid, id, 0);
      e.detail = vn;
      in.recorder->add(e);
    }
  return out;
}

Instrs migrate_on_receipt(const Store& db, const Changeset& incoming, std::uint32_t writer_schema,
                          std::uint32_t app_schema, std::uint32_t oldest_schema, const Chain& chain,
                          std::vector<NoteId>& missing_schema) {
  Instrs out;
  const std::uint32_t vm = effective(writer_schema);
  if (vm >= app_schema) return out;
  for (NoteId id : touched(incoming)) {
    const Note* n = db.find(id);
    if (n == nullptr || valid(*n, chain, app_schema)) continue;
    if (vm < oldest_schema || (SYNCSIM_PLANTED(ReceiptMissesOldestSchema) && vm == oldest_schema)) {
      missing_schema.push_back(id);
      continue;
    }
    auto w = migrate_note(id, *n, chain, vm, app_schema);
    out.insert(out.end(), w.begin(), w.end());
  }
  return out;
}

Instrs migrate_all(const Store& db, const Chain& chain, std::uint32_t from, std::uint32_t to) {
  Instrs out;
  for (const auto& [id, n] : db.notes()) {
    auto w = migrate_note(id, n, chain, from, to);
    out.insert(out.end(), w.begin(), w.end());
  }
  return out;
}

void fill_created(Instrs& instrs, const Chain& chain, std::uint32_t v) {
  Instrs fills;
  for (const auto& i : instrs) {
    if (i.op != Op::CreateObject) continue;
    for (std::uint32_t k = 2; k <= v; ++k)
      if (const Migration* m = chain.to(k); m != nullptr && m->required)
        fills.push_back(Instr{.op = Op::Set, .field = m->field, .obj = i.obj, .value = m->fill});
  }
  instrs.insert(instrs.end(), fills.begin(), fills.end());
}

}  // namespace syncsim::model::verdant
