// File-level checks of a scenario's schemas and schema changes (docs/schema-changes.md
// "Grammar", "What the world does"), each error at the line it concerns.
#include <algorithm>
#include <set>

#include "sim/trace/schema_lines.h"

namespace syncsim {
namespace {

ParseError at(const Scenario& s, int line, std::string message) {
  return ParseError{s.source, line, std::move(message)};
}

std::vector<const SchemaLine*> lines_of(const Scenario& s, std::uint32_t app) {
  std::vector<const SchemaLine*> out;
  for (const auto& l : s.schemas)
    if (l.app == app) out.push_back(&l);
  return out;
}

/// The first line of `lines` at which their schema contradicts itself. Types declared on later
/// lines count as declared (empty) so that a link may point forward; a type declared twice is
/// found at its second line.
ParseError first_contradiction(const Scenario& s, const std::vector<const SchemaLine*>& lines) {
  model::Schema whole;
  for (const SchemaLine* l : lines) whole.types.push_back(l->type);
  if (!model::contradiction(whole)) return {};
  for (std::size_t k = 0; k < lines.size(); ++k) {
    model::Schema prefix;
    for (std::size_t i = 0; i <= k; ++i) prefix.types.push_back(lines[i]->type);
    for (std::size_t i = k + 1; i < lines.size(); ++i)
      if (prefix.find(lines[i]->type.name) == nullptr)
        prefix.types.push_back(model::ObjectType{lines[i]->type.name, {}});
    if (auto why = model::contradiction(prefix))
      return at(s, lines[k]->line, "schema contradicts itself: " + *why);
  }
  return at(s, lines.front()->line, "schema contradicts itself: " + *model::contradiction(whole));
}

std::set<std::uint32_t> declared_apps(const Scenario& s) {
  std::set<std::uint32_t> apps;
  for (const auto& l : s.schemas)
    if (l.app != 0) apps.insert(l.app);
  return apps;
}

ParseError check_declared(const Scenario& s) {
  if (auto e = first_contradiction(s, lines_of(s, 0)); !e.message.empty()) return e;
  for (std::uint32_t app : declared_apps(s))
    if (auto e = first_contradiction(s, lines_of(s, app)); !e.message.empty()) return e;
  return {};
}

/// Changes apply in time order; a window would let each run draw another order.
ParseError check_fixed_order(const Scenario& s) {
  const bool any_list = std::any_of(
      s.workload.begin(), s.workload.end(),
      [](const WorkloadLine& w) { return w.kind == WorkKind::Deploy && w.change_list; });
  if (!any_list) return {};
  for (const auto& w : s.workload)
    if (w.kind == WorkKind::Deploy && w.window_ms != 0)
      return at(s, w.line,
                "a deploy with a time window in a file with a change-list deploy: the order of "
                "the schema changes must be fixed (give each deploy one time)");
  return {};
}

bool too_big(const model::Schema& schema) {
  std::size_t properties = 0;
  for (const auto& t : schema.types) properties += t.properties.size();
  return schema.types.size() > kMaxSchemaTypes || properties > kMaxSchemaProperties;
}

ParseError check_deploys(const Scenario& s) {
  model::Schema in_force = declared_schema(s, 0);
  for (const WorkloadLine* w : deploys_in_order(s)) {
    for (const auto& c : w->changes) {
      auto why = model::apply(in_force, c);
      if (!why && too_big(in_force))
        why = "the schema would exceed " + std::to_string(kMaxSchemaTypes) + " object types or " +
              std::to_string(kMaxSchemaProperties) + " properties (the format's bounds)";
      if (!why) continue;
      const std::string prefix =
          std::string(model::kind_name(model::kind_of(c))) + " " + model::target_of(c) + ": ";
      return at(s, w->line, why->rfind(prefix, 0) == 0 ? *why : prefix + *why);
    }
  }
  return {};
}

std::string undeclared_app(std::uint32_t app) {
  return "app version " + std::to_string(app) + " has no 'schema app " + std::to_string(app) +
         "' line (a file with 'schema app' lines declares every version it names but 1)";
}

ParseError check_app_references(const Scenario& s) {
  const std::set<std::uint32_t> apps = declared_apps(s);
  if (apps.empty()) return {};
  const auto known = [&](std::uint32_t app) { return app == 1 || apps.count(app) != 0; };
  for (const auto& d : s.devices)
    if (!known(d.app_schema)) return at(s, d.line, undeclared_app(d.app_schema));
  for (const auto& w : s.workload)
    if (w.kind == WorkKind::UpgradeApp && !known(w.app_schema))
      return at(s, w.line, undeclared_app(w.app_schema));
  return {};
}

std::string not_modelled(const std::string& what) {
  return what +
         ": not modelled yet, this build's world runs today's Note schema, app models that "
         "add properties to it, and additive deploys only (docs/schema-changes.md \"What the "
         "world does\"); `syncsim lint` classifies it";
}

/// `model` is today's Note with properties appended (what the world runs as an app's model).
bool extends_note(const model::Schema& model, const model::Schema& note) {
  if (model.types.size() != 1 || model.types[0].name != note.types[0].name) return false;
  const auto& have = model.types[0].properties;
  const auto& base = note.types[0].properties;
  return have.size() >= base.size() && std::equal(base.begin(), base.end(), have.begin());
}

/// Runs once per fuzzed execution (resolve): no schema built for a file without `schema` lines.
ParseError check_declared_modelled(const Scenario& s) {
  if (s.schemas.empty()) return {};
  const model::Schema note = model::note_schema();
  // A server schema other than note_schema() has lines of its own (declared_schema).
  if (declared_schema(s, 0) != note)
    return at(s, lines_of(s, 0).front()->line,
              not_modelled("a server schema other than today's Note"));
  for (std::uint32_t app : declared_apps(s))
    if (!extends_note(declared_schema(s, app), note))
      return at(s, lines_of(s, app).front()->line,
                not_modelled("app " + std::to_string(app) +
                             "'s object model, other than today's Note with properties added"));
  // The world starts every device synced: an app version whose model the initial server
  // schema does not hold would have been refused before the run began.
  for (const auto& d : s.devices)
    if (declared_schema(s, d.app_schema) != note)
      return at(s, d.line,
                not_modelled("a device that starts on app " + std::to_string(d.app_schema) +
                             ", whose model has more than the server schema (start it on an "
                             "earlier version and `upgrade-app`)"));
  return {};
}

}  // namespace

model::Schema declared_schema(const Scenario& s, std::uint32_t app) {
  std::vector<const SchemaLine*> lines = lines_of(s, app);
  if (lines.empty() && app != 0) return declared_schema(s, 0);
  if (lines.empty()) return model::note_schema();
  model::Schema schema;
  for (const SchemaLine* l : lines) schema.types.push_back(l->type);
  return schema;
}

std::vector<const WorkloadLine*> deploys_in_order(const Scenario& s) {
  std::vector<const WorkloadLine*> out;
  for (const auto& w : s.workload)
    if (w.kind == WorkKind::Deploy) out.push_back(&w);
  std::stable_sort(out.begin(), out.end(), [](const WorkloadLine* a, const WorkloadLine* b) {
    return a->at_ms < b->at_ms;
  });
  return out;
}

ParseError check_schemas(const Scenario& s) {
  for (auto* check : {check_declared, check_fixed_order, check_deploys, check_app_references})
    if (ParseError e = check(s); !e.message.empty()) return e;
  return {};
}

ParseError check_schemas_modelled_verdant(const Scenario& s) {
  if (s.schemas.empty()) return {};
  for (std::uint32_t app : declared_apps(s))
    if (declared_schema(s, app) != model::note_schema())
      return at(s, lines_of(s, app).front()->line,
                not_modelled("under the Verdant profiles, app " + std::to_string(app) +
                             "'s schema other than today's Note (their app versions are the "
                             "`migration` chain, docs/verdant.md)"));
  return {};
}

ParseError check_schemas_modelled(const Scenario& s) {
  if (ParseError e = check_declared_modelled(s); !e.message.empty()) return e;
  for (const auto& w : s.workload) {
    if (w.kind != WorkKind::Deploy || !w.change_list) continue;
    // One add-optional-property is the shorthand `deploy additive` under another label.
    if (w.changes.size() == 1 &&
        model::kind_of(w.changes[0]) == model::ChangeKind::AddOptionalProperty)
      continue;
    const std::string what =
        w.changes.size() == 1 ? change_text(w.changes[0]) : "a deploy of several changes";
    return at(s, w.line, not_modelled("deploy " + what));
  }
  return {};
}

}  // namespace syncsim
