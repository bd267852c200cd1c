#include "model/server.h"

#include <algorithm>

#include "model/assert.h"
#include "model/planted.h"
#include "model/transform.h"

namespace syncsim::model {

std::uint64_t Server::integrated_client_version(FileIdent c) const {
  auto it = clients_.find(c);
  return it == clients_.end() ? 0 : it->second.integrated;
}

std::uint64_t Server::progress_at(const ClientProgress& p, std::uint64_t version) const {
  // Last integration of this client at or before `version`.
  auto it = std::upper_bound(p.steps.begin(), p.steps.end(), version,
                             [](std::uint64_t v, const auto& s) { return v < s.first; });
  return it == p.steps.begin() ? 0 : std::prev(it)->second;
}

void Server::transform_incoming(FileIdent from, ClientProgress& p, Changeset& cs) {
  if (rec_ != nullptr) rec_->replica = kServerReplica;
  // Reciprocals at or below the upload's base are no longer needed: bases only grow.
  p.reciprocal.erase(p.reciprocal.begin(), p.reciprocal.upper_bound(cs.last_integrated_version));
  for (std::uint64_t v = cs.last_integrated_version + 1; v <= head(); ++v) {
    const Changeset& h = entry(v).cs;
    if (h.origin == from) continue;  // the author had already built on its own changes
    if (SYNCSIM_PLANTED(ServerSkipsOneTransform) && v == cs.last_integrated_version + 1) continue;
    auto [it, fresh] = p.reciprocal.try_emplace(v);
    if (fresh) it->second = h;
    merge(it->second, cs, rec_);
  }
}

void Server::resolve_list_unions(Changeset& cs) const {
  // fix-merge-reinsert: a set-union is applied by inserting only the absent elements. The
  // server resolves it against its current state into plain ArrayInserts, so every replica
  // downloads concrete instructions.
  for (auto& i : cs.instrs) {
    if (i.op != Op::ListUnion || i.discarded) continue;
    const Note* n = store_.find(i.obj);
    Links list = n ? n->children : Links{};
    for (const auto& j : cs.instrs) {
      if (&j == &i) break;
      if (j.obj == i.obj && !j.discarded && j.op == Op::ArrayInsert) list.push_back(j.link());
    }
    if (std::find(list.begin(), list.end(), i.link()) != list.end()) {
      i.discarded = true;
    } else {
      i.op = Op::ArrayInsert;
      i.index = static_cast<std::uint32_t>(list.size());
    }
  }
}

bool Server::integrate(FileIdent from, Changeset cs) {
  ClientProgress& p = clients_[from];
  if (from != kTranslatorIdent) {
    if (cs.client_version <= p.integrated && !SYNCSIM_PLANTED(ServerReintegratesReupload))
      return false;  // re-upload after lost ack
    p.integrated = std::max(p.integrated, cs.client_version);
  }
  learn_owners(cs);
  transform_incoming(from, p, cs);
  resolve_list_unions(cs);
  append(std::move(cs));
  SYNCSIM_ASSERT(
      p.steps.empty() || (p.steps.back().first < head() && p.steps.back().second <= p.integrated),
      "integration steps in server-version order, client versions never going back");
  if (from != kTranslatorIdent) p.steps.emplace_back(head(), p.integrated);
  return true;
}

void Server::append_bootstrap(Changeset cs) {
  learn_owners(cs);
  append(std::move(cs));
}

void Server::append(Changeset&& cs) {
  if (rec_ != nullptr) rec_->replica = kServerReplica;
  apply_recorded(store_, cs, rec_);
  const UserId owner = owner_of_entry(cs);
  HistoryEntry& e = history_.emplace_back();
  e.cs = std::move(cs);
  e.owner = owner;
}

void Server::learn_owners(const Changeset& cs) {
  // Every write that creates a note sets its owner in the same changeset (insert, re-insert,
  // recovery, upsert), so the server knows a note's user before any instruction names it.
  for (const auto& i : cs.instrs)
    if (i.op == Op::Set && i.field == Field::Owner)
      owners_.try_emplace(i.obj, static_cast<UserId>(i.value));
}

UserId Server::owner_of(NoteId id) const {
  auto it = owners_.find(id);
  return it == owners_.end() ? kUnknownOwner : it->second;
}

UserId Server::owner_of_entry(const Changeset& cs) const {
  UserId owner = kUnknownOwner;
  for (std::size_t k = 0; k < cs.instrs.size(); ++k) {
    // Consecutive instructions mostly name the same object: look each object up once.
    if (k > 0 && cs.instrs[k].obj == cs.instrs[k - 1].obj) continue;
    const UserId o = owner_of(cs.instrs[k].obj);
    if (k == 0)
      owner = o;
    else if (o != owner)
      return kSeveralOwners;
  }
  return owner;
}

void Server::add_visible(DownloadMsg& msg, const HistoryEntry& h, UserId subscription,
                         std::uint64_t version, std::uint64_t progress) const {
  if (h.owner != kSeveralOwners || subscription == kAllUsers) {
    if (subscribed(subscription, h.owner))
      msg.entries.push_back(DownloadEntry{h.cs, version, progress});
    return;
  }
  // A batch over several users' notes (an m2r re-insert): the device gets its own user's part.
  DownloadEntry e{h.cs, version, progress};
  auto& v = e.cs.instrs;
  v.erase(
      std::remove_if(v.begin(), v.end(),
                     [&](const Instr& i) { return !subscribed(subscription, owner_of(i.obj)); }),
      v.end());
  if (!e.cs.instrs.empty()) msg.entries.push_back(std::move(e));
}

DownloadMsg Server::download_for(FileIdent to, UserId subscription,
                                 std::uint64_t from_version) const {
  if (SYNCSIM_PLANTED(ServerIgnoresSubscription)) subscription = kAllUsers;
  DownloadMsg msg;
  msg.server_head = head();
  auto it = clients_.find(to);
  static const ClientProgress kNone;
  const ClientProgress& p = it == clients_.end() ? kNone : it->second;
  msg.progress = p.integrated;
  // Sized first: one allocation per list instead of one per doubling (a download is built
  // for every online device after every integration).
  std::size_t own = 0;
  for (std::uint64_t v = from_version + 1; v <= head(); ++v)
    own += entry(v).cs.origin == to ? 1 : 0;
  msg.acked.reserve(own);
  msg.entries.reserve(head() - std::min(from_version, head()) - own);
  for (std::uint64_t v = from_version + 1; v <= head(); ++v) {
    const Changeset& cs = entry(v).cs;
    if (cs.origin == to) {
      msg.acked.push_back(cs.tag);
      continue;
    }
    add_visible(msg, entry(v), subscription, v, progress_at(p, v));
  }
  return msg;
}

}  // namespace syncsim::model
