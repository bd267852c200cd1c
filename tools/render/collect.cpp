// Builds a Report's timeline and trees by replaying a recorded trace step by step, the way
// cli::observe_run locates violations: before each step the enabled actions are listed and
// the one with the step's label runs; after it, every replica's tree is compared with the
// one before, so each event says what it changed.
#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "properties/check.h"
#include "tools/render/report.h"

namespace syncsim::render {
namespace {

using model::NoteId;

bool contains(const std::vector<NoteId>& sorted, NoteId id) {
  return std::binary_search(sorted.begin(), sorted.end(), id);
}

/// Realm stores and the Atlas collection share the shape `map<id, {children, ...}>`; a
/// child id absent from the map is a hidden tombstone in Realm and a dangling key in Atlas.
template <class Map>
ReplicaTree tree_of(const std::string& name, const Map& m, const std::vector<model::UserId>& users,
                    std::vector<NoteId> orphans, bool keys_can_dangle) {
  ReplicaTree t;
  t.name = name;
  for (auto u : users)
    if (m.contains(model::root_of(u))) t.roots.push_back(model::root_of(u));
  for (const auto& [id, note] : m) {  // flat_map: ascending id, deterministic
    std::vector<NoteId> kids;
    for (NoteId c : note.children) {
      if (m.contains(c)) {
        kids.push_back(c);
      } else if (keys_can_dangle) {
        t.dangling.emplace_back(id, c);
      }
    }
    t.children.emplace_back(id, std::move(kids));
  }
  std::sort(orphans.begin(), orphans.end());
  t.orphans = std::move(orphans);
  return t;
}

std::vector<ReplicaTree> trees_of(const World& w) {
  std::vector<ReplicaTree> out;
  model::Store buf;
  for (std::size_t i = 0; i < w.devices().size(); ++i) {
    // What the client shows, as the checkers read it: under verdant-5.5 a stored note that
    // does not validate at its schema is hidden (D1), and listed as such.
    const auto& d = w.devices()[i];
    const model::Store& shown = shown_store(w, i, buf);
    out.push_back(
        tree_of(d.name, shown.notes(), w.users(), realm_orphans(shown, w.users()), false));
    for (const auto& [id, n] : d.client.store().notes())
      if (!shown.contains(id)) out.back().hidden.push_back(id);
  }
  out.push_back(tree_of("server", w.server().store().notes(), w.users(),
                        realm_orphans(w.server().store(), w.users()), false));
  if (!w.verdant())  // the Verdant relay has no Atlas (spec §6), as --print-tree says
    out.push_back(tree_of("atlas", w.atlas().docs(), w.users(),
                          atlas_summary(w.atlas(), w.users()).orphans, true));
  return out;
}

std::vector<NoteId> note_ids(const ReplicaTree& t) {
  std::vector<NoteId> ids;
  for (const auto& entry : t.children) ids.push_back(entry.first);
  return ids;  // already ascending
}

/// Set differences a \ b of two ascending id lists.
std::vector<NoteId> minus(const std::vector<NoteId>& a, const std::vector<NoteId>& b) {
  std::vector<NoteId> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::vector<ReplicaChange> diff(const std::vector<ReplicaTree>& before,
                                const std::vector<ReplicaTree>& after) {
  std::vector<ReplicaChange> out;
  for (std::size_t i = 0; i < after.size() && i < before.size(); ++i) {
    const auto was = note_ids(before[i]), now = note_ids(after[i]);
    ReplicaChange c;
    c.replica = after[i].name;
    c.added = minus(now, was);
    c.removed = minus(was, now);
    c.orphaned = minus(after[i].orphans, before[i].orphans);
    for (NoteId id : minus(before[i].orphans, after[i].orphans))
      if (contains(now, id)) c.reattached.push_back(id);
    if (!c.added.empty() || !c.removed.empty() || !c.orphaned.empty() || !c.reattached.empty())
      out.push_back(std::move(c));
  }
  return out;
}

/// What a client reset does on device d: the relay's reset behaviour under Verdant (spec §6),
/// the device's reset mode under Realm (spec §5).
std::string reset_behaviour(const World& w, std::size_t d) {
  const auto& p = w.settings().policy;
  if (p.server == model::ServerKind::VerdantRelay) switch (p.verdant_reset) {
      case model::VerdantReset::Prune:
        return "verdant prune";
      case model::VerdantReset::MigrateUp:
        return "verdant migrate-up";
      case model::VerdantReset::Release55:
        return "verdant 5.5 (overwrite, import)";
    }
  return std::string(model::to_string(w.devices()[d].client.reset_mode()));
}

/// What the trees do not show: translator pauses, re-insert jobs, schema, epochs, resets.
struct Machinery {
  bool r2m_paused = false;
  std::uint32_t jobs_started = 0, schema = 0, epoch = 0;
  std::vector<std::uint32_t> resets;

  static Machinery of(const World& w) {
    Machinery m{w.r2m().paused(), w.m2r().jobs_started(), w.schema_version(), w.epoch(), {}};
    for (const auto& d : w.devices()) m.resets.push_back(d.resets);
    return m;
  }
};

std::vector<Fact> machinery_facts(const Machinery& a, const Machinery& b, const World& w) {
  std::vector<Fact> out;
  if (a.schema != b.schema)
    out.push_back({"server", fmt::format("schema v{} installed", b.schema)});
  if (a.epoch != b.epoch)
    out.push_back({"server", fmt::format("sync terminated and re-enabled: epoch {}", b.epoch)});
  if (a.r2m_paused != b.r2m_paused) out.push_back({"r2m", b.r2m_paused ? "paused" : "resumed"});
  if (b.jobs_started > a.jobs_started && w.m2r().has_job()) {
    const auto& job = w.m2r().jobs().back();
    out.push_back(
        {"m2r", fmt::format(
                    "re-insert job {} planned: {} document(s) in {} batch(es), based on server v{}",
                    job.id, job.doc_ids.size(), job.batches, job.base)});
  }
  for (std::size_t d = 0; d < b.resets.size() && d < a.resets.size(); ++d)
    if (b.resets[d] > a.resets[d])
      out.push_back({w.devices()[d].name, fmt::format("client reset ({})", reset_behaviour(w, d))});
  return out;
}

}  // namespace

void collect(const RunPlan& r, const std::vector<StepLine>& steps, Report& out) {
  World w = make_world(r);
  for (const auto& d : w.devices()) out.devices.push_back(d.name);
  out.before = trees_of(w);
  std::vector<ReplicaTree> trees = out.before;
  std::vector<Action> enabled;
  for (const auto& st : steps) {
    if (st.settle) w.begin_settle();
    const Action* it = find_enabled(w, st.label, st.settle, enabled);
    if (it == nullptr)
      throw std::runtime_error(
          fmt::format("render: step {} '{}' is not enabled", st.index, st.label));
    Event e{st.index, st.t_ms, st.settle, st.label, "", "", "", {}, {}};
    const LaneMove move = lane_move(w, *it, st.label);
    e.from = move.from, e.to = move.to, e.message = move.message;
    const Machinery was = Machinery::of(w);
    w.execute(*it);
    std::vector<ReplicaTree> now = trees_of(w);
    e.changes = diff(trees, now);
    e.facts = machinery_facts(was, Machinery::of(w), w);
    trees = std::move(now);
    out.timeline.push_back(std::move(e));
  }
  out.after = std::move(trees);
}

const std::vector<model::NoteId>* ReplicaTree::children_of(model::NoteId id) const {
  const auto it =
      std::lower_bound(children.begin(), children.end(), id,
                       [](const auto& entry, model::NoteId x) { return entry.first < x; });
  return it != children.end() && it->first == id ? &it->second : nullptr;
}

bool ReplicaTree::is_orphan(model::NoteId id) const {
  return contains(orphans, id);
}

std::vector<LossMark> loss_marks(const Report& r, const ReplicaChange& c) {
  std::vector<LossMark> out;
  if (!c.orphaned.empty())
    out.push_back({"LOSS VISIBLE: " + notes_list(c.orphaned) + " orphaned on " + c.replica, true});
  std::vector<NoteId> lost;
  for (NoteId id : c.removed)
    if (std::any_of(r.violations.begin(), r.violations.end(), [&](const ViolationView& v) {
          return std::find(v.notes.begin(), v.notes.end(), id) != v.notes.end();
        }))
      lost.push_back(id);
  if (!lost.empty())
    out.push_back({"LOSS VISIBLE: " + notes_list(lost) + " gone from " + c.replica, false});
  return out;
}

std::vector<std::string> Report::lanes() const {
  std::vector<std::string> out = devices;
  for (const char* lane : kSystemLanes) out.emplace_back(lane);
  return out;
}

}  // namespace syncsim::render
