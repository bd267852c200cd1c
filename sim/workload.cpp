#include "sim/workload.h"

#include <algorithm>

#include "sim/prng.h"
#include "sim/trace/schema_lines.h"
#include "sim/workload_arrival.h"

namespace syncsim {

int device_index(const Scenario& s, std::string_view name) {
  for (std::size_t i = 0; i < s.devices.size(); ++i)
    if (s.devices[i].name == name) return static_cast<int>(i);
  return -1;
}

namespace {

/// Upper bound of append_label()'s length for one item of `w` (`field`: its deploy_text).
std::size_t label_bound(const WorkloadLine& w, const std::string& field) {
  return w.actor.size() + w.note.size() + w.parent.size() + field.size() + w.target.size() + 32;
}

/// Appends the item's label to `s` (Workload::labels, reserved up front by label_bound).
void append_label(const LabelParts& w, std::string& s) {
  s.append(w.actor).append(" ");
  switch (w.kind) {
    case WorkKind::Insert:
      s.append("insert ").append(w.note).append(" under ").append(w.parent);
      return;
    case WorkKind::Edit:
      s.append("edit ").append(w.note);
      return;
    case WorkKind::Delete:
      s.append("delete ").append(w.note);
      return;
    case WorkKind::Move:
      s.append("move ").append(w.note).append(" to ").append(w.parent);
      return;
    case WorkKind::Deploy:
      s.append("deploy ");
      if (!w.change_list) s.append(w.breaking ? "breaking " : "additive ");
      s.append(w.field);
      return;
    case WorkKind::UpgradeApp:
      s.append("upgrade-app ").append(std::to_string(w.app_schema));
      return;
    case WorkKind::Offline:
      s.append("offline");
      return;
    case WorkKind::Online:
      s.append("online");
      return;
    case WorkKind::TerminateSync:
      s.append("terminate-sync");
      return;
    case WorkKind::ResetClient:
      s.append("reset ").append(w.target);
      return;
  }
}

ParseError resolve_note_name(const WorkloadLine& w, const std::string& name, model::UserId user,
                             model::NoteId& out) {
  if (!model::parse_note_name(name, user, out)) return {{}, w.line, "bad note name '" + name + "'"};
  return {};
}

/// The user a named note belongs to: roots and initial trees carry it in their id, a device's
/// notes belong to that device's user (0 for a device the scenario does not declare).
model::UserId owner_by_name(const Scenario& s, model::NoteId id) {
  if (model::kind_of(id) != model::NoteKind::Device) return model::part_a(id);
  const std::uint32_t d = model::part_a(id);
  return d >= 1 && d <= s.devices.size() ? s.devices[d - 1].user : 0;
}

/// A device subscribes to its own user's notes (spec §2, flexible sync): it cannot see, so
/// cannot write into, another user's tree. The real server answers such a write with a
/// compensating write; the model has none, so the scenario is rejected instead.
ParseError check_owner(const Scenario& s, const WorkloadLine& w, model::UserId user,
                       model::NoteId id) {
  const model::UserId owner = owner_by_name(s, id);
  if (owner == 0 || owner == user) return {};
  return {{},
          w.line,
          w.actor + " (user u" + std::to_string(user) + ") cannot write " + model::note_name(id) +
              ", a note of user u" + std::to_string(owner) +
              ": a device syncs only its own user's notes"};
}

ParseError expand_line(const Scenario& s, const WorkloadLine& w, std::uint64_t seed,
                       Workload& out) {
  const int actor = w.actor == "admin" ? -1 : device_index(s, w.actor);
  if (w.actor != "admin" && actor < 0) return {{}, w.line, "unknown actor '" + w.actor + "'"};
  const model::UserId user = actor < 0 ? 1 : s.devices[static_cast<std::size_t>(actor)].user;
  ArrivalClock clock(w, seed);
  const std::string field = deploy_text(w);  // spelled once for all the line's items
  if (w.kind == WorkKind::Deploy) out.deploy_changes.push_back(w.changes);
  for (std::uint32_t k = 0; k < w.count; ++k) {
    WorkItem item;
    item.kind = w.kind;
    item.actor = actor;
    std::string note = w.note;
    if (!note.empty() && note.back() == '*')
      note = note.substr(0, note.size() - 1) + std::to_string(k + 1);
    if (!note.empty())
      if (auto e = resolve_note_name(w, note, user, item.note); !e.message.empty()) return e;
    if (!w.parent.empty())
      if (auto e = resolve_note_name(w, w.parent, user, item.parent); !e.message.empty()) return e;
    if (actor >= 0 && k == 0)
      for (model::NoteId id : {item.note, item.parent})
        if (id != 0)
          if (auto e = check_owner(s, w, user, id); !e.message.empty()) return e;
    item.breaking = w.breaking;
    item.change_list = w.change_list;
    item.app_schema = w.app_schema;
    if (w.kind == WorkKind::Deploy)
      item.deploys = static_cast<std::uint32_t>(out.deploy_changes.size());
    if (w.kind == WorkKind::ResetClient) {
      item.target = device_index(s, w.target);
      if (item.target < 0) return {{}, w.line, "unknown device '" + w.target + "'"};
    }
    const LabelParts label{w.actor, w.kind,       note,     w.parent,     w.breaking,
                           field,   w.app_schema, w.target, w.change_list};
    append_item(std::move(item), label, out);
    // The time comes last: a drawn gap is keyed by the item's identity (its label's hash).
    WorkItem& added = out.scripts[static_cast<std::size_t>(actor + 1)].back();
    added.at_ms = clock.next(k, added.key);
  }
  return {};
}

}  // namespace

ParseError expand_workload(const Scenario& s, Workload& out, std::uint64_t seed) {
  out.scripts.assign(s.devices.size() + 1, {});
  // Scripts and labels sized first (one allocation each), as this runs once per fuzzed execution.
  std::size_t label_bytes = 0;
  for (const auto& w : s.workload) label_bytes += w.count * label_bound(w, deploy_text(w));
  out.labels.clear();
  out.deploy_changes.clear();
  out.labels.reserve(label_bytes);
  for (std::size_t i = 0; i < out.scripts.size(); ++i) {
    std::size_t n = 0;
    for (const auto& w : s.workload)
      if ((w.actor == "admin" ? -1 : device_index(s, w.actor)) + 1 == static_cast<int>(i))
        n += w.count;
    out.scripts[i].reserve(n);
  }
  for (const auto& w : s.workload)
    if (auto e = expand_line(s, w, seed, out); !e.message.empty()) return e;
  sort_scripts(out);
  return {};
}

void append_item(WorkItem item, const LabelParts& label, Workload& out) {
  item.label_at = static_cast<std::uint32_t>(out.labels.size());
  append_label(label, out.labels);
  item.label_size = static_cast<std::uint32_t>(out.labels.size()) - item.label_at;
  item.key = fnv1a64(out.label(item));
  out.scripts[static_cast<std::size_t>(item.actor + 1)].push_back(std::move(item));
}

void sort_scripts(Workload& out) {
  // Each actor's script runs in time order; equal times keep file order. A script already in
  // order (the usual case) is left alone: stable_sort would allocate a buffer to do nothing.
  const auto by_time = [](const WorkItem& a, const WorkItem& b) { return a.at_ms < b.at_ms; };
  for (auto& script : out.scripts)
    if (!std::is_sorted(script.begin(), script.end(), by_time))
      std::stable_sort(script.begin(), script.end(), by_time);
}

}  // namespace syncsim
