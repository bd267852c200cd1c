// World: executing actions.
#include <algorithm>

#include "model/assert.h"
#include "sim/notes_app.h"
#include "sim/prng.h"
#include "sim/world.h"

namespace syncsim {

using model::Changeset;
using model::Field;
using model::Instr;
using model::NoteId;
using model::Op;

namespace {

std::uint64_t tag_key(const model::Tag& t) {
  return mix64(mix64(t.kind, t.note), (std::uint64_t{t.job} << 32) | t.batch);
}

/// Some of these changesets are a client reset's own writes (recovered or re-applied).
bool holds_reset_writes(const std::vector<model::Changeset>& unacked) {
  return std::any_of(unacked.begin(), unacked.end(),
                     [](const auto& cs) { return cs.tag.kind == model::Tag::Reset; });
}

}  // namespace

void World::execute(const Action& act) {
  if (discipline_ == Discipline::Timed) {
    now_ = std::max(now_, act.due);
  } else {
    ++now_;  // untimed: one logical tick per step; only the order of timestamps matters
  }
  ++counts_.by_kind[static_cast<int>(act.kind)];
  switch (act.kind) {
    case ActionKind::Work: {
      const std::size_t s = act.script();
      SYNCSIM_ASSERT(s < workload_->scripts.size() && next_item_[s] < workload_->scripts[s].size(),
                     "a work action has an item left in its script");
      const WorkItem& w = workload_->scripts[s][next_item_[s]++];
      exec_work(w);
      break;
    }
    case ActionKind::DeliverUp:
      exec_deliver_up(act.device());
      break;
    case ActionKind::DeliverDown:
      exec_deliver_down(act.device());
      break;
    case ActionKind::R2MStep:
      translators_.step_r2m(server_, settings_.policy);
      break;
    case ActionKind::Reinsert:
      counts_.reinsert_changesets += translators_.reinsert(server_, now_, settings_, rec_);
      push_downloads(-1);
      break;
    case ActionKind::Listener: {
      const int d = act.device();
      SYNCSIM_ASSERT(static_cast<std::size_t>(d) < devices_.size(),
                     "a listener of a device that exists");
      Device& dev = devices_[static_cast<std::size_t>(d)];
      dev.last_synced = device_clock(d);
      dev.listener_waiting = false;
      break;
    }
    default:
      exec_fault(act);
      break;
  }
}

void World::exec_fault(const Action& act) {
  const int d = act.device();
  Connection& net = devices_[static_cast<std::size_t>(d)].net;
  const bool planned = timed() && !settling_;
  switch (act.kind) {
    case ActionKind::Disconnect:
      disconnect(d);
      net.in_outage = true;
      --net.disconnects_left;
      break;
    case ActionKind::Reconnect:
      if (!net.online) reconnect(d);
      net.in_outage = false;
      if (planned) ++net.next_fault;
      break;
    default:
      net.stall(act.kind, planned);
      break;
  }
}

void World::exec_work(const WorkItem& w) {
  if (w.actor < 0) {
    // The Verdant relay has no deployed schema and no sync to terminate: the schema lives in
    // the app builds (`upgrade-app`); only a forced reset applies.
    if (verdant() && w.kind != WorkKind::ResetClient) return;
    if (w.kind == WorkKind::TerminateSync) return terminate_and_reenable();
    if (w.kind == WorkKind::ResetClient) {
      devices_[static_cast<std::size_t>(w.target)].reset_pending = true;
      return drop_session(w.target);
    }
    return exec_deploy(w);
  }
  Device& dev = devices_[static_cast<std::size_t>(w.actor)];
  switch (w.kind) {
    case WorkKind::Offline:
      if (dev.net.online) disconnect(w.actor);
      dev.net.in_outage = false;
      break;
    case WorkKind::Online:
      if (!dev.net.online) reconnect(w.actor);
      break;
    case WorkKind::UpgradeApp:
      if (verdant())
        verdant_upgrade(w.actor, w.app_schema);
      else
        upgrade_app(w.actor, w.app_schema);
      break;
    default:
      exec_device_write(w.actor, w);
      break;
  }
}

void World::exec_device_write(int d, const WorkItem& w) {
  const std::int64_t ts = device_clock(d);
  Changeset cs;
  const auto& v = cs.instrs;
  if (!notes_app::user_write(devices_[static_cast<std::size_t>(d)].client.store(), w,
                             user_of_device(d), ts, cs))
    return;
  if (cs.tag.kind == model::Tag::Insert) expected_.inserted(w.note, w.parent, d);
  if (cs.tag.kind == model::Tag::Delete) expected_.deleted(w.note);
  if (cs.tag.kind == model::Tag::Move) expected_.moved(w.note, w.parent);
  cs.origin_ts = ts;
  if (devices_[static_cast<std::size_t>(d)].client.reset_mode() == model::ResetMode::ManualByField)
    notes_app::stamp_fields(cs, ts);
  const bool insert = cs.tag.kind == model::Tag::Insert;
  const model::Tag tag = cs.tag;
  const std::int64_t text = cs.tag.kind == model::Tag::Edit ? v[0].value : 0;
  commit(d, std::move(cs));
  const model::Client& client = devices_[static_cast<std::size_t>(d)].client;
  if (insert) {
    expected_.insert_committed(client.last_version());
    return;
  }
  // Durability of edits, moves and deletes (§7.3): what the write should leave on the server.
  const std::int64_t value =
      tag.kind == model::Tag::Move ? static_cast<std::int64_t>(w.parent) : text;
  expected_.wrote(
      UserWrite{tag.kind, tag.note, value, d, ts, client.ident(), client.last_version()});
}

model::UserId World::user_of_device(int d) const {
  return devices_[static_cast<std::size_t>(d)].client.user();
}

model::UserId World::subscription(int d) const {
  return verdant() ? model::kAllUsers : user_of_device(d);
}

void World::commit(int d, Changeset&& cs) {
  if (verdant()) verdant_write(d, cs);
  log_updates(d, cs);
  devices_[static_cast<std::size_t>(d)].client.commit(std::move(cs));
  if (devices_[static_cast<std::size_t>(d)].net.online) send_upload(d);
  fire_listener(d);
}

void World::exec_deploy(const WorkItem& w) {
  deploy_schema(w);
  ++schema_version_;
  schema_fields_.push_back(
      static_cast<Field>(static_cast<int>(Field::Extra) + static_cast<int>(schema_fields_.size())));
  // Breaking changes need "terminate and re-enable sync" (spec §1, §5).
  if (w.breaking) return terminate_and_reenable();
  if (settings_.policy.deploy_mode == model::DeployMode::Development) return;
  // Production (spec §4 H1): r2m paused, Atlas snapshot + base, re-insert after a delay.
  translators_.start_reinsert(server_.head(), settings_.policy, now_ + settings_.reinsert_delay_ms);
}

void World::exec_deliver_up(int d) {
  Device& dev = devices_[static_cast<std::size_t>(d)];
  Message msg = pop(dev.net.up);
  dev.last_message_ms = now_;
  for (auto& cs : msg.up.changesets) {
    const model::Tag tag = cs.tag;
    // A reset's writes (recovered inserts, manual upserts) create notes too: once the server
    // has integrated them, those notes are acknowledged writes as well (§7.3).
    std::vector<NoteId> created;
    if (tag.kind == model::Tag::Reset)
      for (const auto& i : cs.instrs)
        if (i.op == Op::CreateObject && !i.discarded) created.push_back(i.obj);
    const std::uint64_t version = cs.client_version;
    if (!server_.integrate(dev.client.ident(), std::move(cs))) continue;
    translators_.appended(now_);
    if (tag.kind == model::Tag::Insert) expected_.note_acked(tag.note);
    if (tag.kind == model::Tag::Edit || tag.kind == model::Tag::Move ||
        tag.kind == model::Tag::Delete)
      expected_.write_acked(d, tag, version);
    for (NoteId n : created) expected_.note_acked(n);
  }
  push_downloads(d);
}

void World::exec_deliver_down(int d) {
  Device& dev = devices_[static_cast<std::size_t>(d)];
  Message msg = pop(dev.net.down);
  dev.client.integrate(msg.down);
  if (dev.last_reset_unacked) dev.last_reset_unacked = holds_reset_writes(dev.client.unacked());
  if (verdant()) verdant_receive(d, msg.down);
  if (!msg.down.entries.empty()) {
    // A Verdant client acknowledges the operations it receives; the ack refreshes its
    // last-seen time on the relay (D8). Its latency is not modelled: it counts from now.
    dev.last_message_ms = now_;
    fire_listener(d);
  }
}

void World::push_downloads(int uploader) {
  for (std::size_t e = 0; e < devices_.size(); ++e) {
    Device& dev = devices_[e];
    if (!dev.net.online) continue;
    Message m;
    m.down = server_.download_for(dev.client.ident(), subscription(static_cast<int>(e)),
                                  dev.net.sent_through);
    dev.net.sent_through = server_.head();
    if (m.down.entries.empty() && static_cast<int>(e) != uploader) continue;
    std::uint64_t key = mix64(0xd0, e);
    for (const auto& en : m.down.entries) key = mix64(key, tag_key(en.cs.tag));
    for (const auto& t : m.down.acked) key = mix64(key ^ 0xac, tag_key(t));
    m.key = key;
    enqueue(dev.net.down, std::move(m));
  }
}

void World::send_upload(int d) {
  Device& dev = devices_[static_cast<std::size_t>(d)];
  Message m;
  m.up = dev.client.take_upload();
  if (m.up.changesets.empty()) return;
  std::uint64_t key = mix64(0x0u, static_cast<std::uint64_t>(d));
  for (const auto& cs : m.up.changesets) key = mix64(key, tag_key(cs.tag));
  m.key = key;
  enqueue(dev.net.up, std::move(m));
}

void World::enqueue(Link& link, Message&& m) {
  const std::int64_t latency_ms =
      draw_delay_ms(timed(), seed_, m.key, settings_.latency_min_ms, settings_.latency_max_ms);
  syncsim::enqueue(link, std::move(m), now_, latency_ms);
}

void World::disconnect(int d) {
  Device& dev = devices_[static_cast<std::size_t>(d)];
  dev.net.go_offline(now_);  // in-flight messages are lost; the protocol resumes from cursors
  dev.client.on_disconnect();
}

void World::reconnect(int d) {
  Device& dev = devices_[static_cast<std::size_t>(d)];
  if (!dev.sync_error.empty()) return;  // the app's `online` after a failed reset: still failed
  dev.net.dropped = false;
  // The server checks the client's object model when the session starts (docs/spec.md §9).
  if (!verdant() && !admit_client_model(d)) return;
  if (verdant()) {
    if (verdant_truant(d) || dev.reset_pending) verdant_reset(d);
    dev.last_message_ms = now_;  // its sync request, handled after the truancy is judged
  } else if (settings_.max_offline_ms > 0 &&
             now_ - dev.net.offline_since > settings_.max_offline_ms) {
    dev.reset_pending = true;
  }
  if (dev.reset_pending && !client_reset(d)) {
    // The app got an error; it retries (and the retry is downgraded), unless sync stopped.
    dev.net.dropped = dev.sync_error.empty();
    return;
  }
  dev.net.online = true;
  // The session starts from the client's download cursor (IDENT), and the client re-sends
  // everything the server has not acknowledged.
  Message m;
  m.down = server_.download_for(dev.client.ident(), subscription(d), dev.client.download_cursor());
  dev.net.sent_through = server_.head();
  std::uint64_t key = mix64(0xc0, static_cast<std::uint64_t>(d));
  for (const auto& en : m.down.entries) key = mix64(key, tag_key(en.cs.tag));
  m.key = key;
  enqueue(dev.net.down, std::move(m));
  send_upload(d);
}

}  // namespace syncsim
