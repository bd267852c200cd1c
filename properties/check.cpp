// The properties of spec §7, checked at quiescence.
#include "properties/check.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace syncsim {

std::string notes_list(const std::vector<model::NoteId>& notes) {
  std::string s;
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (i > 0) s += ',';
    s += model::note_name(notes[i]);
  }
  return s;
}

std::vector<std::string> distinct_signatures(const std::vector<Violation>& violations,
                                             model::NoteId naming) {
  std::vector<std::string> out;
  for (const Violation& v : violations) {
    if (naming != 0 && std::find(v.notes.begin(), v.notes.end(), naming) == v.notes.end()) continue;
    if (std::find(out.begin(), out.end(), v.signature()) == out.end()) out.push_back(v.signature());
  }
  return out;
}

std::vector<std::string> violation_signatures(const World& w, bool settled, model::NoteId naming) {
  return distinct_signatures(check_quiescent(w, settled).violations, naming);
}

namespace {

/// Calls f(name, store, subscription) for every Realm replica: devices (each holds its user's
/// notes, spec §2), then the server (every user's).
template <class F>
void for_each_realm(const CheckView& v, F&& f) {
  for (const RealmView& d : v.devices) f(d.name, *d.store, d.subscription);
  f(std::string_view("server"), *v.server, model::kAllUsers);
}

void check_reachability(const CheckView& v, CheckReport& rep) {
  rep.replicas.reserve(v.devices.size() + 2);
  // Kept across calls (its vectors' capacity): a fuzzing run checks a world per execution,
  // and these buffers were its checks' only allocations when nothing is violated.
  thread_local ReachScratch scratch;
  for_each_realm(v, [&](std::string_view name, const model::Store& store, model::UserId) {
    rep.replicas.push_back(realm_summary(std::string(name), store, v.users, scratch));
    const auto& s = rep.replicas.back();
    if (!s.orphans.empty())
      rep.violations.push_back({"reachability", "orphan", std::string(name), s.orphans, 0, ""});
    if (s.cycle) rep.violations.push_back({"acyclic", "cycle", std::string(name), {}, 0, ""});
    if (store.index_anomalies() > 0)
      rep.violations.push_back(
          {"consistency",
           "index-anomaly",
           std::string(name),
           {},
           0,
           std::to_string(store.index_anomalies()) + " out-of-range list indices"});
  });
  if (v.atlas == nullptr) return;
  rep.replicas.push_back(atlas_summary(*v.atlas, v.users, scratch));
  const auto& a = rep.replicas.back();
  if (!a.orphans.empty())
    rep.violations.push_back({"reachability", "orphan", "atlas", a.orphans, 0, ""});
  if (a.cycle) rep.violations.push_back({"acyclic", "cycle", "atlas", {}, 0, ""});
  if (!a.dangling.empty())
    rep.violations.push_back(
        {"reachability", "dangling", "atlas", a.dangling, 0, "foreign keys to missing documents"});
}

void report_intent(const std::string& replica, std::vector<model::NoteId>& lost,
                   std::vector<model::NoteId>& misplaced, CheckReport& rep) {
  if (!lost.empty())
    rep.violations.push_back({"intent", "lost-note", replica, std::move(lost), 0, ""});
  if (!misplaced.empty())
    rep.violations.push_back({"intent", "misplaced", replica, std::move(misplaced), 0,
                              "not under the parent it was inserted into"});
}

/// Intent (§7.2): every inserted, not deleted note exists under the parent it was put in, on
/// every replica that subscribes to its user.
void check_intent(const CheckView& v, CheckReport& rep) {
  for_each_realm(v, [&](std::string_view name, const model::Store& store, model::UserId sub) {
    std::vector<model::NoteId> lost, misplaced;
    for (const Intent& in : v.intents) {
      if (in.deleted ||
          !model::subscribed(sub, v.device_users[static_cast<std::size_t>(in.device)]))
        continue;
      if (!store.contains(in.note)) {
        lost.push_back(in.note);
        continue;
      }
      // The note exists, so a link to it is visible: search the parent's list in place
      // (no copy: this runs for every intent on every replica after every execution).
      const model::Note* parent = store.find(in.parent);
      const bool under = parent != nullptr &&
                         std::find(parent->children.begin(), parent->children.end(), in.note) !=
                             parent->children.end();
      if (!under) misplaced.push_back(in.note);
    }
    report_intent(std::string(name), lost, misplaced, rep);
  });
  if (v.atlas == nullptr) return;
  // Atlas is a replica too (§7: every replica), and holds every user's documents.
  std::vector<model::NoteId> lost, misplaced;
  for (const Intent& in : v.intents) {
    if (in.deleted) continue;
    if (v.atlas->find(in.note) == nullptr) {
      lost.push_back(in.note);
      continue;
    }
    const model::Doc* parent = v.atlas->find(in.parent);
    if (parent == nullptr || std::find(parent->children.begin(), parent->children.end(), in.note) ==
                                 parent->children.end())
      misplaced.push_back(in.note);
  }
  report_intent("atlas", lost, misplaced, rep);
}

/// Whether another user write to the same path as writes[i] may rightly have replaced it: one
/// made after it (in the run's order, so every write that had seen it), or one concurrent
/// with it that last writer wins puts after it (a later (timestamp, file ident), §3). A
/// note a user deleted takes every edit and move of it along, and every move into it: a
/// user's delete of the destination is the write that undid the move. Nothing replaces a
/// delete.
bool superseded(const CheckView& v, std::size_t i) {
  const UserWrite& w = v.user_writes[i];
  if (w.kind == model::Tag::Delete) return false;
  const auto deleted_by_user = [&](model::NoteId n) {
    return std::binary_search(v.deleted_notes.begin(), v.deleted_notes.end(), n);
  };
  if (deleted_by_user(w.note)) return true;
  if (w.kind == model::Tag::Move && deleted_by_user(static_cast<model::NoteId>(w.value)))
    return true;
  for (std::size_t j = 0; j < v.user_writes.size(); ++j) {
    const UserWrite& o = v.user_writes[j];
    if (j == i || o.note != w.note || (w.kind == model::Tag::Edit) != (o.kind == model::Tag::Edit))
      continue;
    if (j > i || std::tie(o.origin_ts, o.origin) > std::tie(w.origin_ts, w.origin)) return true;
  }
  return false;
}

/// Whether the server shows a write's effect: the text written, the note under its new
/// parent, the note gone.
bool effect_present(const model::Store& server, const UserWrite& w) {
  const model::Note* n = server.find(w.note);
  switch (w.kind) {
    case model::Tag::Edit:
      return n != nullptr && n->text == w.value;
    case model::Tag::Move: {
      const model::Note* parent = server.find(static_cast<model::NoteId>(w.value));
      return n != nullptr && parent != nullptr &&
             std::find(parent->children.begin(), parent->children.end(), w.note) !=
                 parent->children.end();
    }
    default:
      return n == nullptr;
  }
}

/// Acknowledged durability of edits, moves and deletes (§7.3): an acknowledged write whose
/// effect the server lacks at quiescence, though no user write replaced it (last writer wins
/// is not a loss), is lost.
void check_write_durability(const CheckView& v, CheckReport& rep) {
  std::set<model::NoteId> edits, moves, deletes;
  for (std::size_t i = 0; i < v.user_writes.size(); ++i) {
    const UserWrite& w = v.user_writes[i];
    if (!w.acked || effect_present(*v.server, w) || superseded(v, i)) continue;
    (w.kind == model::Tag::Edit   ? edits
     : w.kind == model::Tag::Move ? moves
                                  : deletes)
        .insert(w.note);
  }
  const auto report = [&](const std::set<model::NoteId>& notes, const char* kind,
                          const char* detail) {
    if (!notes.empty())
      rep.violations.push_back({"durability", kind, "server",
                                std::vector<model::NoteId>(notes.begin(), notes.end()), 0, detail});
  };
  report(edits, "lost-edit",
         "acknowledged edits whose text the server lacks, replaced by no user write");
  report(moves, "lost-move", "acknowledged moves whose note the server lacks under its new parent");
  report(deletes, "lost-delete", "acknowledged deletes whose note the server still holds");
}

/// Acknowledged durability (§7.3): every insert the server acknowledged (integrated) exists on
/// the server, unless the scenario deleted the note. World::acked_notes() survives terminate
/// and re-enable: the server's per-client progress does not (new history, new file idents),
/// which is exactly when acknowledged writes r2m had not written to Atlas are lost (spec §5).
void check_durability(const CheckView& v, CheckReport& rep) {
  // A note a user deleted is exempt, an initial-tree note too (a reset may write it back and
  // the user's delete remove it again: not a loss).
  const auto deleted = [&](model::NoteId n) {
    return std::binary_search(v.deleted_notes.begin(), v.deleted_notes.end(), n);
  };
  std::set<model::NoteId> lost;
  for (model::NoteId n : v.acked_notes)
    if (!v.server->contains(n) && !deleted(n)) lost.insert(n);
  if (!lost.empty())
    rep.violations.push_back({"durability", "lost-ack", "server",
                              std::vector<model::NoteId>(lost.begin(), lost.end()), 0,
                              "acknowledged inserts missing from the server"});
  check_write_durability(v, rep);
}

bool same_doc(const model::Note& n, const model::Doc& d) {
  return n.text == d.text && n.owner == d.owner && n.is_root == d.is_root &&
         n.children == d.children;
}

/// Whether `part` holds exactly the notes of `full` that `sub` covers, equal note for note.
bool same_subset(const model::Store& part, const model::Store& full, model::UserId sub) {
  if (sub == model::kAllUsers) return part == full;
  auto p = part.notes().begin();
  for (const auto& [id, n] : full.notes()) {
    if (!model::subscribed(sub, n.owner)) continue;
    if (p == part.notes().end() || p->first != id || !(p->second == n)) return false;
    ++p;
  }
  return p == part.notes().end();
}

/// Convergence (§7.4): every client equals the server's notes of its user; Atlas equals the
/// server.
void check_convergence(const CheckView& v, CheckReport& rep) {
  const model::Store& server = *v.server;
  for (const RealmView& dev : v.devices)
    if (!same_subset(*dev.store, server, dev.subscription))
      rep.violations.push_back(
          {"convergence", "diverged", std::string(dev.name), {}, 0, "differs from the server"});
  if (v.atlas == nullptr) return;
  std::vector<model::NoteId> differ;
  const auto& docs = v.atlas->docs();
  for (const auto& [id, n] : server.notes()) {
    const model::Doc* d = v.atlas->find(id);
    if (d == nullptr || !same_doc(n, *d)) differ.push_back(id);
  }
  for (const auto& [id, d] : docs)
    if (!server.contains(id)) differ.push_back(id);
  if (!differ.empty())
    rep.violations.push_back(
        {"convergence", "diverged", "atlas", differ, 0, "documents differ from the server"});
}

/// Verdant (spec §6): data a client could not migrate because its historical schema is
/// missing is an error for the developer, reported here, never a silent loss.
void check_schema_errors(const World& w, CheckReport& rep) {
  for (const SchemaError& e : w.schema_errors())
    rep.violations.push_back({"migration", "missing-schema",
                              w.devices()[static_cast<std::size_t>(e.device)].name, e.notes, 0,
                              "data older than the oldest schema the app ships (oldest_schema=" +
                                  std::to_string(w.settings().policy.oldest_schema) + ")"});
}

}  // namespace

void check_view(const CheckView& v, CheckReport& rep) {
  check_reachability(v, rep);
  check_intent(v, rep);
  check_durability(v, rep);
  check_convergence(v, rep);
}

const model::Store& shown_store(const World& w, std::size_t d, model::Store& buf) {
  const Device& dev = w.devices()[d];
  if (!w.verdant() || w.settings().policy.verdant_reset != model::VerdantReset::Release55)
    return dev.client.store();
  buf = model::verdant::visible(dev.client.store(), w.migrations(), dev.client.app_schema());
  return buf;
}

CheckReport check_quiescent(const World& w, bool settled) {
  CheckReport rep;
  if (!settled)
    rep.violations.push_back({"liveness", "not-settled", "", {}, 0, "settle bound reached"});
  for (const Device& dev : w.devices()) {
    if (!dev.sync_error.empty())
      rep.violations.push_back({"liveness", "reset-failed", dev.name, {}, 0, dev.sync_error});
    // Offline for good unless the server schema changes (docs/spec.md §9).
    if (!dev.session_refused.empty())
      rep.violations.push_back(
          {"liveness", "session-refused", dev.name, {}, 0, dev.session_refused});
  }
  // Reused across calls (their capacity): the checks run after every fuzzed execution.
  thread_local std::vector<RealmView> devices;
  thread_local std::vector<model::UserId> device_users;
  thread_local std::vector<model::Store> shown;  // the views shown_store builds
  devices.clear();
  device_users.clear();
  shown.resize(w.devices().size());
  for (std::size_t d = 0; d < w.devices().size(); ++d) {
    const int di = static_cast<int>(d);
    devices.push_back({w.devices()[d].name, &shown_store(w, d, shown[d]), w.subscription(di)});
    device_users.push_back(w.user_of_device(di));
  }
  CheckView v;
  v.devices = devices;
  v.server = &w.server().store();
  v.atlas = w.verdant() ? nullptr : &w.atlas();
  v.users = w.users();
  v.device_users = device_users;
  v.intents = w.intents();
  v.acked_notes = w.acked_notes();
  v.deleted_notes = w.deleted_notes();
  v.user_writes = w.user_writes();
  check_view(v, rep);
  check_schema_errors(w, rep);
  return rep;
}

}  // namespace syncsim
