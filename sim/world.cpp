#include "sim/world.h"

#include <algorithm>
#include <limits>

#include "sim/prng.h"

namespace syncsim {

using model::NoteId;

bool listener_ready(const Device& dev) {
  return dev.listener_waiting && dev.net.online && dev.client.unacked().empty();
}

World::World(const Scenario& scn, std::shared_ptr<const Workload> workload,
             const RunSettings& settings, std::uint64_t seed, Discipline d)
    : settings_(settings), seed_(seed), discipline_(d), workload_(std::move(workload)) {
  next_item_.assign(workload_->scripts.size(), 0);
  setup_devices(scn);
  reserve(scn);
  setup_initial_tree(scn);
  setup_verdant(scn);
  setup_schemas(scn);
}

void World::setup_devices(const Scenario& scn) {
  devices_.reserve(scn.devices.size());  // one allocation, no Device moved or copied by growth
  for (std::size_t i = 0; i < scn.devices.size(); ++i) {
    const DeviceSpec& spec = scn.devices[i];
    const model::UserId user = spec.user;
    const model::ResetMode mode = spec.reset_mode.value_or(settings_.policy.reset_mode);
    // Built in place: a Device (client, connection) moved into the vector cost a move each.
    Device& dev = devices_.emplace_back(
        spec.name,
        model::Client(model::kFirstClientIdent + static_cast<model::FileIdent>(i), user, mode));
    dev.client.set_app_schema(spec.app_schema);
    dev.net.clock_offset_ms = spec.clock_offset_ms;
    dev.net.drift_ppm = spec.drift_ppm;
    dev.net.disconnects_left = settings_.disconnects;
    dev.net.partitions_left = settings_.partitions;
    if (timed()) dev.net.plan_faults(seed_, static_cast<int>(i), settings_);
    if (std::find(users_.begin(), users_.end(), user) == users_.end()) users_.push_back(user);
  }
  std::sort(users_.begin(), users_.end());
  next_ident_ = model::kFirstClientIdent + static_cast<model::FileIdent>(devices_.size());
}

namespace {
bool is_write(WorkKind k) {
  return k == WorkKind::Insert || k == WorkKind::Edit || k == WorkKind::Delete ||
         k == WorkKind::Move;
}
}  // namespace

void World::reserve(const Scenario& scn) {
  // A fuzzed execution builds and drops a whole World; reserving what the scenario says it
  // will need (its notes, inserts and writes) saves the allocations of growing one element
  // at a time, which is what ASan makes expensive. Later growth (re-inserts) still works.
  std::size_t inserts = 0, writes = 0;
  for (std::size_t s = 1; s < workload_->scripts.size(); ++s)
    for (const WorkItem& w : workload_->scripts[s]) {
      inserts += w.kind == WorkKind::Insert;
      writes += is_write(w.kind);
    }
  std::size_t notes = users_.size() + inserts;
  for (const TreeSpec& t : scn.trees) notes += t.count;
  planned_notes_ = notes;
  planned_writes_ = writes;
  server_.reserve(notes, 1 + writes, devices_.size() + 1);
  translators_.reserve(notes, 1 + writes);
  // Each client's own writes: a second pass over the scripts, which costs less than a
  // vector of counts would (an allocation, under ASan, per fuzzed execution).
  for (std::size_t d = 0; d < devices_.size(); ++d) {
    std::size_t own_writes = 0;
    for (const WorkItem& w : workload_->scripts[d + 1]) own_writes += is_write(w.kind);
    devices_[d].client.reserve(notes, own_writes);
  }
  expected_.reserve(inserts, writes);
}

namespace {

void add_note(model::Changeset& cs, NoteId id, model::UserId owner, bool is_root) {
  using model::Field;
  using model::Instr;
  using model::Op;
  cs.instrs.push_back(Instr{.op = Op::CreateObject, .obj = id});
  cs.instrs.push_back(Instr{.op = Op::Set,
                            .field = Field::Text,
                            .obj = id,
                            .value = static_cast<std::int64_t>(id & 0xffffffff)});
  cs.instrs.push_back(Instr{.op = Op::Set, .field = Field::IsRoot, .obj = id, .value = is_root});
  cs.instrs.push_back(Instr{.op = Op::Set, .field = Field::Owner, .obj = id, .value = owner});
}

}  // namespace

void World::setup_initial_tree(const Scenario& scn) {
  using model::Instr;
  using model::Op;
  model::Changeset cs;
  cs.tag.kind = model::Tag::Bootstrap;
  std::size_t instrs = 4 * users_.size();  // add_note's four, and one insert per tree note
  for (const TreeSpec& t : scn.trees) instrs += 5 * std::size_t{t.count};
  cs.instrs.reserve(instrs);
  for (model::UserId u : users_) add_note(cs, model::root_of(u), u, true);
  for (const TreeSpec& t : scn.trees) {
    const model::UserId u = t.user;
    for (std::uint32_t k = 1; k <= t.count; ++k) {
      // Breadth-first, 20 children per note: a.1..a.20 under root, then a.21..a.40 under a.1...
      // so note k is child (k-1) % 20 of its parent.
      const std::uint32_t p = (k - 1) / 20;
      const NoteId parent = p == 0 ? model::root_of(u) : model::tree_note(u, p);
      const NoteId id = model::tree_note(u, k);
      add_note(cs, id, u, false);
      cs.instrs.push_back(Instr{.op = Op::ArrayInsert,
                                .obj = parent,
                                .index = (k - 1) % 20,
                                .value = static_cast<std::int64_t>(id)});
    }
  }
  // The translators first, so that the changeset moves into the server's history uncopied.
  const std::uint64_t version = server_.head() + 1;
  translators_.bootstrap(cs, version);
  server_.append_bootstrap(std::move(cs));
  SYNCSIM_ASSERT(server_.head() == version, "the bootstrap is the version the translators took");
  for (std::size_t d = 0; d < devices_.size(); ++d) {
    devices_[d].client.bootstrap(server_.store(), server_.head(),
                                 subscription(static_cast<int>(d)));
    devices_[d].net.sent_through = server_.head();
  }
}

std::int64_t World::device_clock(int d) const {
  return devices_[static_cast<std::size_t>(d)].net.clock_ms(now_);
}

void World::list_work(std::vector<Action>& out) const {
  for (std::size_t s = 0; s < next_item_.size(); ++s) {
    const auto& script = workload_->scripts[s];
    if (next_item_[s] >= script.size()) continue;
    const WorkItem& w = script[next_item_[s]];
    out.push_back(
        Action{ActionKind::Work, static_cast<std::int32_t>(s), std::max(w.at_ms, now_), w.key, s});
  }
}

void World::list_device(int d, std::vector<Action>& out, bool settle) const {
  const Device& dev = devices_[static_cast<std::size_t>(d)];
  // Sync stopped for good, or the session is refused until the server schema changes:
  // offline, nothing to retry.
  if (!dev.sync_error.empty() || !dev.session_refused.empty()) return;
  dev.net.list_deliveries(d, now_, timed(), out);
  if (listener_ready(dev))
    out.push_back(Action{ActionKind::Listener, d, now_, mix64(6, 1000 + d),
                         500 + static_cast<std::uint64_t>(d)});
  // A session the server dropped (terminate, forced reset) comes back by itself; in settle
  // every device comes back online.
  if (!dev.net.online && (settle || dev.net.dropped)) {
    out.push_back(Action{ActionKind::Reconnect, d, now_, mix64(5, 1000 + d),
                         400 + static_cast<std::uint64_t>(d)});
    return;
  }
  if (!settle) dev.net.list_faults(d, now_, timed(), out);
}

void World::enabled(std::vector<Action>& out, bool settle, bool earliest_only) const {
  out.clear();
  if (!settle) list_work(out);
  for (std::size_t d = 0; d < devices_.size(); ++d) list_device(static_cast<int>(d), out, settle);
  // The Verdant relay has no translators (spec §6).
  if (!verdant()) translators_.list(server_, settings_, now_, timed(), seed_, out);
  if (discipline_ == Discipline::Untimed || out.empty() || !earliest_only) return;
  std::int64_t earliest = std::numeric_limits<std::int64_t>::max();
  for (const auto& a : out) earliest = std::min(earliest, a.due);
  std::erase_if(out, [&](const Action& a) { return a.due != earliest; });
}

void World::begin_settle() {
  settling_ = true;
  for (auto& dev : devices_) dev.net.end_faults();
}

}  // namespace syncsim
