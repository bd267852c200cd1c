// From a DecodedInput to a run: the scenario lines a finding's trace needs (to_case), or the
// workload straight from the decoded items (workload_of), which is what every execution runs.
#include <array>
#include <optional>

#include "fuzz/decode.h"
#include "sim/trace/schema_lines.h"

namespace syncsim::fuzz {
namespace {

/// The seed only keys timed draws (latencies, delays, planned faults); under the untimed
/// discipline the choice sequence alone decides the order, so one fixed seed suffices.
constexpr std::uint64_t kSeed = 1;

/// A note as the decoder's lines name it: a root is `root` (the root of the writing device's
/// user, as the decoder always wrote it), every other note by its name. `name` = NoteName(id).
std::string_view line_name(model::NoteId id, const model::NoteName& name) {
  return model::kind_of(id) == model::NoteKind::Root ? std::string_view("root") : name.view();
}

std::string_view actor_name(const Scenario& s, int actor) {
  return actor < 0 ? std::string_view("admin")
                   : std::string_view(s.devices[static_cast<std::size_t>(actor)].name);
}

std::string_view device_name(const Scenario& s, int d) {
  return d < 0 ? std::string_view() : std::string_view(s.devices[static_cast<std::size_t>(d)].name);
}

/// `deploy` is the field a Deploy item adds to Note (DecodedInput::deploys), else null.
WorkloadLine line_of(const Scenario& s, const WorkItem& w, const model::Property* deploy) {
  WorkloadLine l;
  l.at_ms = w.at_ms;
  l.actor = actor_name(s, w.actor);
  l.kind = w.kind;
  if (w.note != 0) l.note = line_name(w.note, model::NoteName(w.note));
  if (w.parent != 0) l.parent = line_name(w.parent, model::NoteName(w.parent));
  l.breaking = w.breaking;
  l.change_list = w.change_list;
  if (deploy != nullptr) l.changes.push_back(model::AddProperty{"Note", *deploy});
  l.app_schema = w.app_schema;
  l.target = device_name(s, w.target);
  return l;
}

/// Runs `o.resolved` (resolved without error) with `choices`, settles, checks.
void run_resolved(const std::vector<std::uint32_t>& choices, bool record, Outcome& o) {
  World w = make_world(o.resolved);
  RunOptions opt;
  opt.strategy = Strategy::Choices;
  opt.record = record;
  opt.choices = choices;
  o.result = run_world(w, opt);
  o.report = check_quiescent(w, o.result.settled);
}

}  // namespace

InterleavingCase to_case(const DecodedInput& in) {
  InterleavingCase c{in.header, in.choices};
  c.scenario.workload.reserve(in.items.size());
  std::size_t deploys = 0;
  for (const WorkItem& w : in.items)
    c.scenario.workload.push_back(
        line_of(in.header, w, w.kind == WorkKind::Deploy ? &in.deploys.at(deploys++) : nullptr));
  return c;
}

std::shared_ptr<const Workload> workload_of(const DecodedInput& in) {
  auto wl = std::make_shared<Workload>();
  const Scenario& s = in.header;
  wl->scripts.assign(s.devices.size() + 1, {});
  std::array<std::size_t, kMaxClients + 1> per_actor{};
  for (const WorkItem& w : in.items) ++per_actor[static_cast<std::size_t>(w.actor + 1)];
  for (std::size_t a = 0; a < wl->scripts.size(); ++a) wl->scripts[a].reserve(per_actor[a]);
  wl->labels.reserve(
      48 * in.items.size());  // the longest label, `admin deploy additive tags:...`, has 40
  std::size_t deploys = 0;
  std::string field;  // a deploy's text (property_text), spelled once per item
  for (const WorkItem& w : in.items) {
    field.clear();
    if (w.kind == WorkKind::Deploy) field = property_text(in.deploys.at(deploys++));
    std::optional<model::NoteName> note, parent;  // named only when there is a note
    if (w.note != 0) note.emplace(w.note);
    if (w.parent != 0) parent.emplace(w.parent);
    const LabelParts label{actor_name(s, w.actor),
                           w.kind,
                           note ? line_name(w.note, *note) : std::string_view(),
                           parent ? line_name(w.parent, *parent) : std::string_view(),
                           w.breaking,
                           field,
                           w.app_schema,
                           device_name(s, w.target),
                           w.change_list};
    append_item(w, label, *wl);
  }
  sort_scripts(*wl);
  return wl;
}

InterleavingCase decode_interleaving(const std::uint8_t* data, std::size_t size,
                                     const std::vector<const model::ProfileInfo*>& profiles) {
  InterleavingCase c;
  decode_interleaving(data, size, profiles, c);
  return c;
}

void decode_interleaving(const std::uint8_t* data, std::size_t size,
                         const std::vector<const model::ProfileInfo*>& profiles,
                         InterleavingCase& c) {
  DecodedInput in;
  decode_input(data, size, profiles, in);
  c = to_case(in);
}

Outcome run_case(const InterleavingCase& c, bool record) {
  Outcome o;
  run_case(c, record, o);
  return o;
}

void run_case(const InterleavingCase& c, bool record, Outcome& o) {
  o.result = RunResult{};
  o.report = CheckReport{};
  o.error = plan_run(c.scenario, Overrides{}, kSeed, o.resolved).str();
  if (o.error.empty()) run_resolved(c.choices, record, o);
}

void run_input(DecodedInput& in, Outcome& o) {
  o.result = RunResult{};
  o.report = CheckReport{};
  // The header is lent to the plan rather than copied into it, and taken back after the run:
  // the plan changed nothing in it but the seed line (the profile and the discipline were
  // already the decoder's), which is put back as it was.
  const std::optional<std::uint64_t> seed = in.header.seed;
  o.error = plan_run(std::move(in.header), workload_of(in), Overrides{}, kSeed, o.resolved).str();
  if (!o.error.empty()) return;  // not moved (plan_run)
  run_resolved(in.choices, false, o);
  in.header = std::move(o.resolved.scenario);
  in.header.seed = seed;
}

Scenario finding_trace(const Outcome& o) {
  Scenario t = trace_of(o.resolved, o.result);
  for (const auto& v : o.report.violations)
    t.results.push_back(v.property + " " + v.kind + " " + (v.replica.empty() ? "-" : v.replica) +
                        " " + (v.notes.empty() ? std::string("-") : notes_list(v.notes)));
  return t;
}

}  // namespace syncsim::fuzz
