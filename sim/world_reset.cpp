// World: terminate and re-enable sync, client resets, and the app bookkeeping the manual
// reset strategies rely on (spec §5).
#include <algorithm>

#include "sim/notes_app.h"
#include "sim/world.h"

namespace syncsim {

using model::Changeset;
using model::Field;
using model::Instr;
using model::Op;

namespace {

/// One bootstrap changeset per Atlas document: the new epoch's history (spec §5).
Changeset document_changeset(model::NoteId id, const model::Doc& d) {
  Changeset cs;
  cs.tag.kind = model::Tag::Bootstrap;
  auto& v = cs.instrs;
  v.push_back(Instr{.op = Op::CreateObject, .obj = id});
  v.push_back(Instr{.op = Op::Set, .field = Field::Text, .obj = id, .value = d.text});
  v.push_back(Instr{.op = Op::Set, .field = Field::IsRoot, .obj = id, .value = d.is_root});
  v.push_back(Instr{.op = Op::Set, .field = Field::Owner, .obj = id, .value = d.owner});
  v.push_back(
      Instr{.op = Op::Set, .field = Field::LastUpdated, .obj = id, .value = d.last_updated});
  std::uint32_t i = 0;
  for (model::NoteId c : d.children)
    v.push_back(Instr{
        .op = Op::ArrayInsert, .obj = id, .index = i++, .value = static_cast<std::int64_t>(c)});
  return cs;
}

}  // namespace

void World::drop_session(int d) {
  Device& dev = devices_[static_cast<std::size_t>(d)];
  if (!dev.net.online) return;
  disconnect(d);
  dev.net.dropped = true;
}

namespace {

/// Terminate and re-enable's losses: every note the server links that Atlas (the new
/// history's source) does not hold under the same parent.
void record_untranslated(model::Recorder& rec, const model::Store& server,
                         const model::Atlas& atlas) {
  rec.replica = model::kServerReplica;
  for (const auto& [id, n] : server.notes())
    for (model::NoteId c : n.children) {
      const model::Doc* parent = atlas.find(id);
      if (!server.contains(c) || (atlas.find(c) != nullptr && parent != nullptr &&
                                  std::find(parent->children.begin(), parent->children.end(), c) !=
                                      parent->children.end()))
        continue;
      rec.add(model::loss(model::Cause::TerminateUntranslated, c, id));
    }
}

}  // namespace

void World::set_recorder(model::Recorder* rec) {
  rec_ = rec;
  server_.set_recorder(rec);
  for (Device& d : devices_) d.client.set_recorder(rec);
}

void World::terminate_and_reenable() {
  // The history is discarded; a new one is built from the Atlas documents. Acknowledged
  // writes r2m had not written to Atlas are gone (durability reports them as lost-ack).
  ++epoch_;
  if (rec_ != nullptr) record_untranslated(*rec_, server_.store(), translators_.atlas());
  server_ = model::Server{};
  server_.set_recorder(rec_);
  // Room as World::reserve made it: one entry per document, then the run's writes.
  const auto& docs = translators_.atlas().docs();
  server_.reserve(std::max(docs.size(), planned_notes_), docs.size() + planned_writes_,
                  devices_.size() + 1);
  for (const auto& [id, doc] : docs) server_.append_bootstrap(document_changeset(id, doc));
  translators_.restart(server_.head(), now_);
  for (std::size_t d = 0; d < devices_.size(); ++d) {
    devices_[d].reset_pending = true;  // every client gets a reset error on its next connection
    drop_session(static_cast<int>(d));
  }
}

bool World::client_reset(int d) {
  Device& dev = devices_[static_cast<std::size_t>(d)];
  const model::Client& old = dev.client;
  // The fresh copy a reset downloads is what the device's subscription covers (spec §2).
  model::Store fresh_state = server_.store();
  fresh_state.keep_only(subscription(d));
  model::ResetInput in;
  in.backup = &old.store();
  in.fresh = &fresh_state;
  in.unacked = old.unacked();
  in.mode = old.reset_mode();
  in.recovery_allowed = settings_.recovery_allowed != 0;
  in.pending_reset = dev.downgrade_next || dev.last_reset_unacked;
  in.copy_timing =
      settings_.copy_timing ? model::CopyTiming::PerChangeset : model::CopyTiming::AtEnd;
  in.schema_extra_fields = schema_fields_;
  in.last_synced = dev.last_synced;
  in.now_ts = device_clock(d);
  in.updates = &dev.updates;
  in.write_style = settings_.policy.reset_write_style;
  in.recorder = rec_;
  if (rec_ != nullptr) rec_->replica = old.ident();
  model::ResetOutcome out = model::client_reset(in);
  ++dev.resets;
  ++counts_.resets;
  if (out.failed) {
    ++counts_.failed_resets;
    dev.downgrade_next = true;  // recover-or-discard: the next reset is downgraded to discard
    // Recover has no fallback: ClientResetFailed stops the session, and a retry fails again
    // (the pending-reset record only clears when the server acknowledges an upload, which
    // needs the session; a disallowed or schema-failing recovery fails the same way).
    if (in.mode == model::ResetMode::Recover) dev.sync_error = std::move(out.reason);
    return false;
  }
  dev.last_reset_unacked = !out.writes.empty();
  for (auto& w : out.writes) {
    w.tag = model::Tag{
        .kind = model::Tag::Reset, .job = static_cast<std::uint32_t>(d + 1), .batch = dev.resets};
    w.origin_ts = in.now_ts;
  }
  // A new file ident; note ids never change. Its state is the subscribed copy made above
  // (the server's state has not changed since) with the reset's writes applied.
  model::Client fresh(next_ident_++, old.user(), old.reset_mode());
  fresh.set_app_schema(old.app_schema());
  fresh.set_recorder(rec_);
  fresh.start_after_reset(std::move(out.state), server_.head(), std::move(out.writes));
  dev.client = std::move(fresh);
  dev.net.sent_through = server_.head();
  dev.reset_pending = false;
  dev.downgrade_next = false;
  dev.updates.clear();
  return true;
}

void World::fire_listener(int d) {
  // realm.objects(...).addListener: fires on every change; it only waits for the upload (and
  // later writes LastSynced) if the session is connected when it fires.
  Device& dev = devices_[static_cast<std::size_t>(d)];
  if (notes_app::has_listener(dev.client.reset_mode()) && dev.net.online)
    dev.listener_waiting = true;
}

void World::log_updates(int d, const Changeset& cs) {
  Device& dev = devices_[static_cast<std::size_t>(d)];
  if (dev.client.reset_mode() != model::ResetMode::ManualUpdatesLog) return;
  notes_app::log_updates(cs, dev.updates);
}

}  // namespace syncsim
