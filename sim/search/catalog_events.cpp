// Event names and per-note effects (sim/search/catalog_events.h): one definition for the
// catalogue and for the coverage of runs, so a run's events are the catalogue's events.
#include "sim/search/catalog_events.h"

#include <algorithm>

#include "model/ids.h"

namespace syncsim::catalog_events {
namespace {

model::NoteId note_of(const model::Tag& t) {
  switch (t.kind) {
    case model::Tag::Insert:
    case model::Tag::Edit:
    case model::Tag::Delete:
    case model::Tag::Move:
      return t.note;
    default:
      return 0;
  }
}

const Device& device(const World& w, const Action& a) {
  return w.devices()[static_cast<std::size_t>(a.device())];
}

void add(EventNames& out, std::string name, model::NoteId note) {
  if (std::find_if(out.begin(), out.end(), [&](const auto& n) { return n.first == name; }) ==
      out.end())
    out.emplace_back(std::move(name), note);
}

void add_deliver_down(const World& w, const Action& a, bool with_acks, EventNames& out) {
  const auto& msg = device(w, a).net.down.front().down;
  for (const auto& e : msg.entries)
    add(out, model::tag_name(e.cs.tag) + " reached " + device(w, a).name, note_of(e.cs.tag));
  // The acknowledgement decides reset losses: an acknowledged change is never replayed
  // by recovery, and discard keeps only what the server acknowledged (spec §5).
  if (with_acks)
    for (const auto& t : msg.acked)
      add(out, "ack " + model::tag_name(t) + " reached " + device(w, a).name, note_of(t));
}

void add_r2m_step(const World& w, EventNames& out) {
  const auto& t = w.server().entry(w.r2m().next_version()).cs.tag;
  const int half = w.r2m().next_half(w.settings().policy);
  add(out,
      "r2m wrote " + model::tag_name(t) + (half > 0 ? " (" + std::to_string(half) + "/2)" : ""),
      note_of(t));
}

void add_resets_after(const World& w, const Action& a, EventNames& out) {
  World next = w;
  next.execute(a);
  for (std::size_t d = 0; d < w.devices().size(); ++d) {
    const std::uint32_t n = next.devices()[d].resets;
    if (n == w.devices()[d].resets) continue;
    const bool failed = next.counts().failed_resets != w.counts().failed_resets;
    add(out,
        w.devices()[d].name + " reset" + (n > 1 ? " " + std::to_string(n) : "") +
            (failed ? " failed" : ""),
        kResetNote);
  }
}

/// A client reset happens inside a (re)connection, whatever action makes it: a settle
/// reconnect, the workload's `online`, the relay's forced reset. It is what decides most
/// reset losses, so it is an event of its own. Only actions that can connect an offline
/// device are run ahead, on a copy.
void add_resets(const Workload& wl, const World& w, const Action& a, EventNames& out) {
  const bool connects =
      a.kind == ActionKind::Reconnect ||
      (a.kind == ActionKind::Work && wl.scripts[a.script()][w.next_items()[a.script()]].actor >= 0);
  if (!connects) return;
  for (const auto& d : w.devices())
    if (!d.net.online) return add_resets_after(w, a, out);
}

}  // namespace

void name_events(const Workload& wl, const World& w, const Action& a, bool with_acks,
                 EventNames& out) {
  out.clear();
  switch (a.kind) {
    case ActionKind::Work: {
      const std::size_t s = a.script();
      const WorkItem& item = wl.scripts[s][w.next_items()[s]];
      out.emplace_back(std::string(wl.label(item)), item.note);
      break;
    }
    case ActionKind::DeliverUp:
      for (const auto& cs : device(w, a).net.up.front().up.changesets)
        add(out, model::tag_name(cs.tag) + " reached server", note_of(cs.tag));
      break;
    case ActionKind::DeliverDown:
      add_deliver_down(w, a, with_acks, out);
      break;
    case ActionKind::R2MStep:
      add_r2m_step(w, out);
      break;
    default:
      out.emplace_back(w.label(a), 0);
      break;
  }
  add_resets(wl, w, a, out);
}

std::vector<std::pair<std::string, std::string>> effects_of(const Outcome& o) {
  std::vector<std::pair<std::string, std::string>> per_note;  // (note, sig@replica)
  std::size_t i = 0;
  while (i < o.detail.size()) {
    const std::size_t end = std::min(o.detail.find(' ', i), o.detail.size());
    const std::string token = o.detail.substr(i, end - i);
    i = end + 1;
    const auto colon = token.rfind(':');
    if (colon == std::string::npos) continue;
    const std::string what = token.substr(0, colon), notes = token.substr(colon + 1);
    for (std::size_t j = 0; j <= notes.size();) {
      const std::size_t comma = std::min(notes.find(',', j), notes.size());
      per_note.emplace_back(notes.substr(j, comma - j), what);
      j = comma + 1;
    }
  }
  std::sort(per_note.begin(), per_note.end());
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [note, what] : per_note) {
    if (out.empty() || out.back().first != note) {
      out.emplace_back(note, what);
    } else {
      out.back().second += " " + what;
    }
  }
  return out;
}

}  // namespace syncsim::catalog_events
