// World: stable labels (docs/trace-format.md "Stable labels"). Built only when a trace,
// a replay or a report needs them: never on the hot path of a plain run.
#include <span>

#include "sim/world.h"

namespace syncsim {
namespace {

/// Changeset tags joined by commas; consecutive equal tags (a re-insert batch) once.
void append_tags(std::string& s, std::span<const model::Tag> tags) {
  bool first = true;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i > 0 && tags[i] == tags[i - 1]) continue;
    if (!first) s += ',';
    s += model::tag_name(tags[i]);
    first = false;
  }
}

std::string upload_label(const Device& dev) {
  std::vector<model::Tag> tags;
  for (const auto& cs : dev.net.up.front().up.changesets) tags.push_back(cs.tag);
  std::string s = "deliver " + dev.name + "->server upload[";
  append_tags(s, tags);
  return s + "]";
}

std::string download_label(const Device& dev) {
  const auto& msg = dev.net.down.front().down;
  std::vector<model::Tag> tags;
  for (const auto& e : msg.entries) tags.push_back(e.cs.tag);
  std::string s = "deliver server->" + dev.name + " download[";
  append_tags(s, tags);
  if (!msg.acked.empty()) {
    s += tags.empty() ? "ack " : " ack ";
    append_tags(s, msg.acked);
  }
  return s + "]";
}

}  // namespace

std::string World::device_label(const Action& act) const {
  const Device& dev = devices_[static_cast<std::size_t>(act.device())];
  std::string verb;
  switch (act.kind) {
    case ActionKind::Disconnect:
      verb = "disconnect";
      break;
    case ActionKind::Reconnect:
      verb = "reconnect";
      break;
    case ActionKind::Partition:
      verb = "partition";
      break;
    case ActionKind::Heal:
      verb = "heal";
      break;
    case ActionKind::Listener:
      return dev.name + " listener mark-synced";
    default:
      break;
  }
  std::string s = dev.name + " " + verb;
  // Timed faults are planned from the seed: their identity is their planned time.
  if (timed() && !settling_ && dev.net.next_fault < dev.net.faults.size()) {
    const PlannedFault& f = dev.net.faults[dev.net.next_fault];
    const bool recovery = act.kind == ActionKind::Reconnect || act.kind == ActionKind::Heal;
    s += " @" + std::to_string(recovery ? f.until_ms : f.at_ms) + "ms";
  }
  return s;
}

std::string World::label(const Action& act) const {
  switch (act.kind) {
    case ActionKind::Work:
      return std::string(
          workload_->label(workload_->scripts[act.script()][next_item_[act.script()]]));
    case ActionKind::DeliverUp:
      return upload_label(devices_[static_cast<std::size_t>(act.device())]);
    case ActionKind::DeliverDown:
      return download_label(devices_[static_cast<std::size_t>(act.device())]);
    case ActionKind::R2MStep:
    case ActionKind::Reinsert:
      return translators_.label(act, server_, settings_.policy);
    default:
      return device_label(act);
  }
}

const Action* find_enabled(const World& w, std::string_view label, bool settle,
                           std::vector<Action>& scratch) {
  w.enabled(scratch, settle, false);
  for (const Action& a : scratch)
    if (w.label(a) == label) return &a;
  return nullptr;
}

bool execute_label(World& w, std::string_view label, bool settle, std::vector<Action>& scratch) {
  const Action* a = find_enabled(w, label, settle, scratch);
  if (a == nullptr) return false;
  w.execute(*a);
  return true;
}

}  // namespace syncsim
