// The causal chain of every loss (docs/explain.md): the trace is replayed with the model's
// loss events recorded, each reported (replica, note) is followed step by step, and the step
// at which it went wrong is matched with the events recorded at that step.
#include "properties/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>

#include "sim/runner.h"

namespace syncsim {
namespace {

using model::Cause;
using model::NoteId;

/// A note's standing on one replica after a step.
enum class Standing : std::uint8_t {
  Absent,    ///< no such note (and no link to it)
  Linked,    ///< exists and is in a list (under the intended parent, for `misplaced`)
  Unlinked,  ///< exists, in no (intended) list
  Dangling,  ///< Atlas: a foreign key names it, its document is missing
};

/// One (replica, note) to explain and what was seen of it, step by step.
struct Watch {
  std::size_t violation = 0;
  NoteId note = 0;
  std::vector<Standing> seen;          ///< seen[k]: after step k (seen[0]: before the first step)
  std::vector<NoteId> holders;         ///< lists holding it after the previous step
  std::uint64_t lost_holder_step = 0;  ///< step at which a holder list's owner vanished
  std::uint64_t linked_since = 0;      ///< step at which its holders last changed
  NoteId parent = 0;                   ///< the parent the user last put it under (0: none)
  /// hidden[k]: after step k, the client's schema version when the note is stored there but
  /// not shown (verdant-5.5, D1), else 0.
  std::vector<std::uint32_t> hidden;
  std::uint64_t hidden_holder_step = 0;  ///< step at which a holder list's owner was hidden
};

struct Recorded {
  std::uint64_t step = 0;
  std::string replica;
  model::LossEvent event;
};

bool in_list(const model::Links& l, NoteId n) {
  return std::find(l.begin(), l.end(), n) != l.end();
}

/// The lists holding `n` on a Realm replica (visible links: the note exists).
std::vector<NoteId> realm_holders(const model::Store& st, NoteId n) {
  std::vector<NoteId> out;
  if (!st.contains(n)) return out;
  for (const auto& [id, note] : st.notes())
    if (in_list(note.children, n)) out.push_back(id);
  return out;
}

std::vector<NoteId> atlas_holders(const model::Atlas& a, NoteId n) {
  std::vector<NoteId> out;
  for (const auto& [id, d] : a.docs())
    if (in_list(d.children, n)) out.push_back(id);
  return out;
}

/// The notes of `replica` as the checkers read them: a device's shown view (shown_store; under
/// verdant-5.5 what validates at its schema), built in `buf`; the server's stored notes.
const model::Store* realm_of(const World& w, const std::string& replica, model::Store& buf) {
  if (replica == "server") return &w.server().store();
  for (std::size_t d = 0; d < w.devices().size(); ++d)
    if (w.devices()[d].name == replica) return &shown_store(w, d, buf);
  return nullptr;
}

/// The device named `replica`, or nullptr (the server, Atlas).
const Device* device_of(const World& w, const std::string& replica) {
  for (const auto& d : w.devices())
    if (d.name == replica) return &d;
  return nullptr;
}

/// The device's schema version when `n` is stored on `replica` but its shown view lacks it
/// (hidden at read), else 0.
std::uint32_t hidden_schema(const World& w, const std::string& replica, const model::Store& shown,
                            NoteId n) {
  const Device* d = device_of(w, replica);
  if (d == nullptr || !d->client.store().contains(n) || shown.contains(n)) return 0;
  return d->client.app_schema();
}

/// The parent the user last put `n` under (misplaced is judged against it), or 0.
NoteId intended_parent(const World& w, NoteId n) {
  for (const Intent& in : w.intents())
    if (in.note == n) return in.parent;
  return 0;
}

Standing standing(const World& w, const Violation& v, NoteId n, std::vector<NoteId>& holders) {
  const NoteId want = v.kind == "misplaced" ? intended_parent(w, n) : 0;
  const auto judge = [&](bool exists) {
    if (!exists) return holders.empty() ? Standing::Absent : Standing::Dangling;
    if (holders.empty()) return Standing::Unlinked;
    return want == 0 || std::find(holders.begin(), holders.end(), want) != holders.end()
               ? Standing::Linked
               : Standing::Unlinked;
  };
  if (v.replica == "atlas") {
    holders = atlas_holders(w.atlas(), n);
    return judge(w.atlas().find(n) != nullptr);
  }
  model::Store buf;
  const model::Store* st = realm_of(w, v.replica, buf);
  holders = st == nullptr ? std::vector<NoteId>{} : realm_holders(*st, n);
  return judge(st != nullptr && st->contains(n));
}

/// Whether note `n` exists on `replica`.
bool present(const std::shared_ptr<const World>& w, const std::string& replica, NoteId n) {
  if (replica == "atlas") return w->atlas().find(n) != nullptr;
  model::Store buf;
  const model::Store* st = realm_of(*w, replica, buf);
  return st != nullptr && st->contains(n);
}

/// Whether a holder list of the previous step lost its owner object on this replica.
/// `hidden`: one of them is stored but hidden at read there (verdant-5.5).
bool holder_vanished(const World& w, const std::string& replica, const std::vector<NoteId>& before,
                     bool& hidden) {
  hidden = false;
  model::Store buf;
  const model::Store* st = replica == "atlas" ? nullptr : realm_of(w, replica, buf);
  for (NoteId p : before) {
    if (replica == "atlas" ? w.atlas().find(p) == nullptr : (st != nullptr && !st->contains(p))) {
      hidden = st != nullptr && hidden_schema(w, replica, *st, p) != 0;
      return true;
    }
  }
  return false;
}

/// The step at which the watched note entered the standing it ends in (the last change of
/// standing), or 0 when it never changed; `was_linked`: it was linked just before.
std::uint64_t drop_step(const Watch& w, bool& was_linked) {
  was_linked = false;
  if (w.seen.empty()) return 0;
  const Standing end = w.seen.back();
  for (std::size_t k = w.seen.size(); k-- > 1;)
    if (w.seen[k - 1] != w.seen[k] && w.seen[k] == end) {
      was_linked = w.seen[k - 1] == Standing::Linked;
      return k;
    }
  return 0;
}

std::string tag_text(const model::Tag& t) {
  return t.kind == model::Tag::Other ? std::string("?") : model::tag_name(t);
}

/// "cause (replica, by vs victim)" in the words of docs/explain.md.
std::string event_text(const Recorded& r) {
  const model::LossEvent& e = r.event;
  std::string who;
  if (e.by.kind != model::Tag::Other && e.victim.kind != model::Tag::Other)
    who = fmt::format(", {} vs {}", tag_text(e.by), tag_text(e.victim));
  else if (e.by.kind != model::Tag::Other)
    who = ", by " + tag_text(e.by);
  else if (e.victim.kind != model::Tag::Other)
    who = ", drops " + tag_text(e.victim);
  if (e.cause == Cause::PruneInvalid || e.cause == Cause::HiddenAtRead)
    who += fmt::format(", schema v{}", e.detail);
  std::string where = e.list != 0 ? fmt::format(" from {}.children", model::note_name(e.list)) : "";
  return fmt::format("{} ({}{}){}", model::cause_name(e.cause), r.replica, who, where);
}

/// Of two events about one note: the later step; at one step a root cause over a Clear
/// applied (its consequence), then the server's over a client's.
bool preferred(const Recorded& a, const Recorded& b) {
  if (a.step != b.step) return a.step > b.step;
  const bool a_root = a.event.cause != Cause::ClearOverwrites,
             b_root = b.event.cause != Cause::ClearOverwrites;
  if (a_root != b_root) return a_root;
  return a.replica == "server" && b.replica != "server";
}

const Recorded* find_event(const std::vector<Recorded>& events, NoteId n, std::uint64_t step,
                           const std::string* replica, bool root_only) {
  const Recorded* best = nullptr;
  for (const Recorded& r : events) {
    if (r.event.note != n || r.step > step) continue;
    if (replica != nullptr && (r.step != step || r.replica != *replica)) continue;
    if (root_only && r.event.cause == Cause::ClearOverwrites) continue;
    if (best == nullptr || preferred(r, *best)) best = &r;
  }
  return best;
}

struct Replay {
  std::shared_ptr<const World> final_world;  ///< the state after the last step
  std::vector<std::string> labels;           ///< labels[k]: step k's label (k >= 1)
  std::vector<Recorded> events;
  std::vector<Watch> watches;
};

void end_with(LossChain& c, const Recorded& r) {
  c.links.push_back({r.step, r.replica, event_text(r)});
  c.cause = r.event.cause;
}

/// Appends the drop of watch `w` to `c`: the event recorded on its replica at its drop step,
/// or what that step applied there, then the root cause elsewhere when the local one is only
/// a consequence (a Clear applied downstream, a download, an r2m step).
void explain_drop(const Replay& rp, const Watch& w, LossChain& c) {
  bool was_linked = false;
  const std::uint64_t s = drop_step(w, was_linked);
  const std::string label = s < rp.labels.size() ? rp.labels[s] : "";
  const Recorded* local = s == 0 ? nullptr : find_event(rp.events, w.note, s, &c.replica, false);
  if (local != nullptr && local->event.cause != Cause::ClearOverwrites) return end_with(c, *local);
  // Derived at the drop step, not recorded by the model: the parent object vanished there,
  // or the note's own document did while a list still names it.
  const auto derived = [&](Cause cause, const std::string& why) {
    c.links.push_back(
        {s, c.replica, fmt::format("{} ({}`{}`)", model::cause_name(cause), why, label)});
    c.cause = cause;
  };
  // verdant-5.5 (D1): the note, or the parent holding it, is stored there and does not
  // validate at the client's schema, so reading it hides it. A note hidden from its arrival
  // never changed standing (absent from the view throughout): the step it was stored at.
  if (!w.hidden.empty() && w.hidden.back() != 0) {
    std::size_t k = w.hidden.size() - 1;
    while (k > 0 && w.hidden[k - 1] != 0) --k;
    c.links.push_back(
        {k, c.replica,
         fmt::format("{} (schema v{}, stored by `{}`)", model::cause_name(Cause::HiddenAtRead),
                     w.hidden.back(), k < rp.labels.size() ? rp.labels[k] : "")});
    c.cause = Cause::HiddenAtRead;
    return;
  }
  if (s != 0 && w.hidden_holder_step == s)
    return derived(Cause::HiddenAtRead, "its parent, after ");
  if (s != 0 && w.lost_holder_step == s) return derived(Cause::ParentErased, "");
  if (s != 0 && w.seen[s] == Standing::Dangling) return derived(Cause::ErasedStillLinked, "");
  if (s != 0) {
    const char* what = w.seen[s] == Standing::Absent       ? "the note is gone after"
                       : w.seen[s] == Standing::Dangling   ? "its document is missing after"
                       : w.seen[s - 1] == Standing::Absent ? "the note arrives in no list with"
                                                           : "its link is dropped by";
    c.links.push_back({s, c.replica, fmt::format("{} `{}`", what, label)});
  }
  if (local != nullptr) end_with(c, *local);
  // Not linked just before: the write may have been dropped later elsewhere (a reset
  // discarding a pending move), so every step counts.
  const std::uint64_t upto = s == 0 || !was_linked ? ~std::uint64_t{0} : s;
  if (const Recorded* root = find_event(rp.events, w.note, upto, nullptr, true))
    return end_with(c, *root);
  if (local != nullptr) return;
  if (const Recorded* clear = find_event(rp.events, w.note, upto, nullptr, false))
    return end_with(c, *clear);
  // The note itself lost nothing: its parent is missing on this replica (pruned, say).
  if (w.parent != 0 && !present(rp.final_world, c.replica, w.parent))
    if (const Recorded* pe = find_event(rp.events, w.parent, ~std::uint64_t{0}, nullptr, false)) {
      c.links.push_back(
          {0, c.replica, fmt::format("its parent {} is missing here", model::note_name(w.parent))});
      return end_with(c, *pe);
    }
}

std::string replica_name(std::uint64_t id, const std::map<std::uint64_t, std::string>& idents) {
  if (id == model::kServerReplica) return "server";
  if (id == model::kAtlasReplica) return "atlas";
  auto it = idents.find(id);
  return it == idents.end() ? fmt::format("file{}", id) : it->second;
}

void learn_idents(const World& w, std::map<std::uint64_t, std::string>& idents) {
  for (const auto& d : w.devices()) idents.emplace(d.client.ident(), d.name);
}

void observe(const World& w, const CheckReport& report, std::uint64_t step, Watch& watch) {
  const Violation& v = report.violations[watch.violation];
  std::vector<NoteId> holders;
  watch.seen.push_back(standing(w, v, watch.note, holders));
  model::Store buf;
  const model::Store* st = v.replica == "atlas" ? nullptr : realm_of(w, v.replica, buf);
  watch.hidden.push_back(st == nullptr ? 0 : hidden_schema(w, v.replica, *st, watch.note));
  bool hidden_holder = false;
  if (step > 0 && holder_vanished(w, v.replica, watch.holders, hidden_holder)) {
    watch.lost_holder_step = step;
    if (hidden_holder) watch.hidden_holder_step = step;
  }
  if (holders != watch.holders) watch.linked_since = step;
  watch.holders = std::move(holders);
}

/// Every reported (loss, note) is watched, even with `only`: a chain may go through a parent.
Replay replay(const RunPlan& r, const std::vector<StepLine>& steps, const CheckReport& report) {
  Replay rp;
  for (std::size_t i = 0; i < report.violations.size(); ++i)
    if (is_loss(report.violations[i]))
      for (NoteId n : report.violations[i].notes)
        rp.watches.push_back(Watch{i, n, {}, {}, 0, 0, 0, {}, 0});
  model::Recorder rec;
  World w = make_world(r);
  w.set_recorder(&rec);
  std::map<std::uint64_t, std::string> idents;
  learn_idents(w, idents);
  for (auto& watch : rp.watches) observe(w, report, 0, watch);
  rp.labels.emplace_back();
  std::vector<Action> enabled;
  for (const StepLine& st : steps) {
    const std::size_t first = rec.events().size();
    if (st.settle) w.begin_settle();
    if (const Action* a = find_enabled(w, st.label, st.settle, enabled)) w.execute(*a);
    const std::uint64_t step = rp.labels.size();
    rp.labels.push_back(st.label);
    for (std::size_t e = first; e < rec.events().size(); ++e)
      rp.events.push_back({step, replica_name(rec.events()[e].replica, idents), rec.events()[e]});
    learn_idents(w, idents);
    for (auto& watch : rp.watches) observe(w, report, step, watch);
  }
  for (auto& watch : rp.watches) watch.parent = intended_parent(w, watch.note);
  rp.final_world = std::make_shared<const World>(std::move(w));
  return rp;
}

/// The step that first shows the note anywhere it is watched, or its insert's label.
void explain_creation(const Replay& rp, const Watch& w, LossChain& c) {
  for (std::size_t k = 1; k < rp.labels.size(); ++k)
    if (rp.labels[k].find(" insert " + model::note_name(w.note) + " ") != std::string::npos) {
      c.links.push_back({k, "", fmt::format("created and linked by `{}`", rp.labels[k])});
      return;
    }
  c.links.push_back(
      {0, "", "not inserted by a user: part of the initial tree or written by a reset"});
}

/// A note still linked under a parent that is itself unreachable: the parent's chain, or,
/// when following parents comes back to a note already seen, the cycle concurrent moves made.
bool explain_through_parent(const Replay& rp, const Watch& w, LossChain& c,
                            std::vector<NoteId>& seen) {
  if (w.seen.empty() || w.seen.back() != Standing::Linked || w.holders.empty()) return false;
  if (std::find(seen.begin(), seen.end(), w.note) != seen.end()) {
    const std::uint64_t s = w.linked_since;
    c.links.push_back({s, c.replica,
                       fmt::format("{} (`{}`)", model::cause_name(Cause::MovesMakeCycle),
                                   s < rp.labels.size() ? rp.labels[s] : "")});
    c.cause = Cause::MovesMakeCycle;
    return true;
  }
  seen.push_back(w.note);
  const NoteId parent = w.holders.front();
  c.links.push_back(
      {0, c.replica,
       fmt::format("still linked from {}.children, which is not reachable: {}'s chain",
                   model::note_name(parent), model::note_name(parent))});
  for (const Watch& pw : rp.watches)
    if (pw.note == parent && pw.violation == w.violation) {
      if (!explain_through_parent(rp, pw, c, seen)) explain_drop(rp, pw, c);
      return true;
    }
  return true;
}

}  // namespace

bool is_loss(const Violation& v) {
  return v.kind == "orphan" || v.kind == "dangling" || v.kind == "lost-note" ||
         v.kind == "misplaced" || v.kind == "lost-ack";
}

std::vector<LossChain> explain_losses(const RunPlan& r, const std::vector<StepLine>& steps,
                                      const CheckReport& report, NoteId only) {
  const Replay rp = replay(r, steps, report);
  std::vector<LossChain> out;
  for (const Watch& w : rp.watches) {
    if (only != 0 && w.note != only) continue;
    const Violation& v = report.violations[w.violation];
    LossChain c{v.property, v.kind, v.replica, w.note, {}, std::nullopt};
    explain_creation(rp, w, c);
    std::vector<NoteId> seen;
    if (!explain_through_parent(rp, w, c, seen)) explain_drop(rp, w, c);
    out.push_back(std::move(c));
  }
  return out;
}

std::string format_chains(const std::vector<LossChain>& chains) {
  std::string s;
  for (const LossChain& c : chains) {
    s += fmt::format("{} {} {} {}\n", c.property, c.kind, c.replica, model::note_name(c.note));
    for (const ChainLink& l : c.links) {
      const std::string at =
          l.step == 0 ? std::string("       ") : fmt::format("step {:>2}", l.step);
      s += fmt::format("  {} {}{}{}\n", at, l.replica, l.replica.empty() ? "" : ": ", l.text);
    }
    s += fmt::format("  cause: {}\n", c.cause ? model::cause_name(*c.cause) : "NONE RECORDED");
  }
  return s;
}

}  // namespace syncsim
