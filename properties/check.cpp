// The properties of MODEL §7, checked at quiescence.
#include <algorithm>
#include <set>

#include "properties/check.h"

namespace syncsim {

std::string notes_list(const std::vector<model::NoteId>& notes) {
  std::string s;
  for (std::size_t i = 0; i < notes.size(); ++i) {
    if (i > 0) s += ',';
    s += model::note_name(notes[i]);
  }
  return s;
}

namespace {

/// Calls f(name, store, subscription) for every Realm replica: devices (each holds its user's
/// notes, MODEL §2), then the server (every user's). A callback rather than a list, so that
/// the checks allocate nothing when nothing is violated.
template <class F>
void for_each_realm(const World& w, F&& f) {
  for (std::size_t d = 0; d < w.devices().size(); ++d)
    f(w.devices()[d].name, w.devices()[d].client.store(), w.subscription(static_cast<int>(d)));
  f(std::string("server"), w.server().store(), model::kAllUsers);
}

void check_reachability(const World& w, CheckReport& rep) {
  rep.replicas.reserve(w.devices().size() + 2);
  // Kept across calls (its vectors' capacity): a fuzzing run checks a world per execution,
  // and these buffers were its checks' only allocations when nothing is violated.
  thread_local ReachScratch scratch;
  for_each_realm(w, [&](const std::string& name, const model::Store& store, model::UserId) {
    rep.replicas.push_back(realm_summary(name, store, w.users(), scratch));
    const auto& s = rep.replicas.back();
    if (!s.orphans.empty())
      rep.violations.push_back({"reachability", "orphan", name, s.orphans, 0, ""});
    if (s.cycle) rep.violations.push_back({"acyclic", "cycle", name, {}, 0, ""});
    if (store.index_anomalies() > 0)
      rep.violations.push_back({"consistency", "index-anomaly", name, {}, 0,
                                std::to_string(store.index_anomalies()) + " out-of-range list indices"});
  });
  if (w.verdant()) return;  // the Verdant relay has no Atlas (MODEL §6)
  rep.replicas.push_back(atlas_summary(w.atlas(), w.users(), scratch));
  const auto& a = rep.replicas.back();
  if (!a.orphans.empty()) rep.violations.push_back({"reachability", "orphan", "atlas", a.orphans, 0, ""});
  if (a.cycle) rep.violations.push_back({"acyclic", "cycle", "atlas", {}, 0, ""});
  if (!a.dangling.empty())
    rep.violations.push_back({"reachability", "dangling", "atlas", a.dangling, 0, "foreign keys to missing documents"});
}

/// Intent (§7.2): every inserted, not deleted note exists under the parent it was put in, on
/// every replica that subscribes to its user.
void check_intent(const World& w, CheckReport& rep) {
  for_each_realm(w, [&](const std::string& name, const model::Store& store, model::UserId sub) {
    std::vector<model::NoteId> lost, misplaced;
    for (const Intent& in : w.intents()) {
      if (in.deleted || !model::subscribed(sub, w.user_of_device(in.device))) continue;
      if (!store.contains(in.note)) {
        lost.push_back(in.note);
        continue;
      }
      // The note exists, so a link to it is visible: search the parent's list in place
      // (no copy: this runs for every intent on every replica after every execution).
      const model::Note* parent = store.find(in.parent);
      const bool under = parent != nullptr && std::find(parent->children.begin(), parent->children.end(),
                                                        in.note) != parent->children.end();
      if (!under) misplaced.push_back(in.note);
    }
    if (!lost.empty()) rep.violations.push_back({"intent", "lost-note", name, lost, 0, ""});
    if (!misplaced.empty())
      rep.violations.push_back({"intent", "misplaced", name, misplaced, 0, "not under the parent it was inserted into"});
  });
}

/// Acknowledged durability (§7.3): every insert the server acknowledged (integrated) exists on
/// the server, unless the scenario deleted the note. World::acked_notes() survives terminate
/// and re-enable: the server's per-client progress does not (new history, new file idents),
/// which is exactly when acknowledged writes r2m had not written to Atlas are lost (MODEL §5).
void check_durability(const World& w, CheckReport& rep) {
  // A note a user deleted is exempt, an initial-tree note too (a reset may write it back and
  // the user's delete remove it again: not a loss).
  const auto deleted = [&](model::NoteId n) {
    return std::binary_search(w.deleted_notes().begin(), w.deleted_notes().end(), n);
  };
  std::set<model::NoteId> lost;
  for (model::NoteId n : w.acked_notes())
    if (!w.server().store().contains(n) && !deleted(n)) lost.insert(n);
  if (!lost.empty())
    rep.violations.push_back(
        {"durability", "lost-ack", "server", std::vector<model::NoteId>(lost.begin(), lost.end()), 0,
         "acknowledged inserts missing from the server"});
}

bool same_doc(const model::Note& n, const model::Doc& d) {
  return n.text == d.text && n.owner == d.owner && n.is_root == d.is_root && n.children == d.children;
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
void check_convergence(const World& w, CheckReport& rep) {
  const model::Store& server = w.server().store();
  for (std::size_t d = 0; d < w.devices().size(); ++d)
    if (!same_subset(w.devices()[d].client.store(), server, w.subscription(static_cast<int>(d))))
      rep.violations.push_back({"convergence", "diverged", w.devices()[d].name, {}, 0, "differs from the server"});
  if (w.verdant()) return;
  std::vector<model::NoteId> differ;
  const auto& docs = w.atlas().docs();
  for (const auto& [id, n] : server.notes()) {
    const model::Doc* d = w.atlas().find(id);
    if (d == nullptr || !same_doc(n, *d)) differ.push_back(id);
  }
  for (const auto& [id, d] : docs)
    if (!server.contains(id)) differ.push_back(id);
  if (!differ.empty())
    rep.violations.push_back({"convergence", "diverged", "atlas", differ, 0, "documents differ from the server"});
}

/// Verdant (MODEL §6): data a client could not migrate because its historical schema is
/// missing is an error for the developer, reported here, never a silent loss.
void check_schema_errors(const World& w, CheckReport& rep) {
  for (const SchemaError& e : w.schema_errors())
    rep.violations.push_back({"migration", "missing-schema", w.devices()[static_cast<std::size_t>(e.device)].name,
                              e.notes, 0,
                              "data older than the oldest schema the app ships (oldest_schema=" +
                                  std::to_string(w.config().policy.oldest_schema) + ")"});
}

}  // namespace

CheckReport check_quiescent(const World& w, bool settled) {
  CheckReport rep;
  if (!settled) rep.violations.push_back({"liveness", "not-settled", "", {}, 0, "settle bound reached"});
  for (const Device& dev : w.devices())
    if (!dev.sync_error.empty())
      rep.violations.push_back({"liveness", "reset-failed", dev.name, {}, 0, dev.sync_error});
  check_reachability(w, rep);
  check_intent(w, rep);
  check_durability(w, rep);
  check_convergence(w, rep);
  check_schema_errors(w, rep);
  return rep;
}

}  // namespace syncsim
