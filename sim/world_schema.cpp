// Schemas as data in the world (docs/schema-changes.md "What the world does"): the server
// schema in force, each app version's object model, and the session rule of docs/spec.md §9:
// a client model that is a subset of the server schema syncs; one with more is refused in
// production ("schema changes from clients are restricted when developer mode is disabled",
// ProtocolErrorCode=225) and taken into the server schema in development mode; one that
// defines a property differently is a breaking change, refused in both. Tracked only when the
// scenario has `schema` lines; otherwise nothing here runs.
#include <algorithm>

#include "sim/trace/schema_lines.h"
#include "sim/world.h"

namespace syncsim {
namespace {

/// Already in `schema` exactly as `c` would add it: a development-mode client put it there
/// before the admin's deploy of the same addition (which is then nothing new).
bool already_added(const model::Schema& schema, const model::SchemaChange& c) {
  if (const auto* p = std::get_if<model::AddProperty>(&c)) {
    const model::Property* have = schema.find(p->type, p->property.name);
    return have != nullptr && *have == p->property;
  }
  if (const auto* t = std::get_if<model::AddObjectType>(&c)) {
    const model::ObjectType* have = schema.find(t->type.name);
    return have != nullptr && *have == t->type;
  }
  return false;
}

}  // namespace

void World::setup_schemas(const Scenario& scn) {
  if (scn.schemas.empty() || verdant()) return;  // Verdant: the migration chain (spec §6)
  std::vector<std::uint32_t> versions;
  for (const auto& d : scn.devices) versions.push_back(d.app_schema);
  for (const auto& w : scn.workload)
    if (w.kind == WorkKind::UpgradeApp) versions.push_back(w.app_schema);
  for (const auto& l : scn.schemas)
    if (l.app != 0) versions.push_back(l.app);
  std::sort(versions.begin(), versions.end());
  versions.erase(std::unique(versions.begin(), versions.end()), versions.end());
  auto models = std::make_shared<std::vector<AppModel>>();
  for (std::uint32_t v : versions) models->push_back(AppModel{v, declared_schema(scn, v)});
  app_models_ = std::move(models);
  server_schema_ = std::make_shared<const model::Schema>(declared_schema(scn, 0));
}

const model::Schema& World::app_model(std::uint32_t version) const {
  SYNCSIM_ASSERT(app_models_ != nullptr, "app models are tracked");
  const auto it = std::find_if(app_models_->begin(), app_models_->end(),
                               [&](const AppModel& m) { return m.version == version; });
  SYNCSIM_ASSERT(it != app_models_->end(), "setup_schemas took every app version named");
  return it->schema;
}

void World::deploy_schema(const WorkItem& w) {
  if (server_schema_ == nullptr || w.deploys == 0) return;
  SYNCSIM_ASSERT(w.deploys <= workload_->deploy_changes.size(), "a deploy's changes exist");
  const bool development = settings_.policy.deploy_mode == model::DeployMode::Development;
  model::Schema next = *server_schema_;
  for (const auto& c : workload_->deploy_changes[w.deploys - 1]) {
    if (already_added(next, c)) continue;
    if (!model::apply(next, c)) continue;
    // check_schemas applied every deploy to the schema in force when the file was read; only
    // a development-mode client model can have changed it since. The service then rejects
    // the admin's change (e.g. a property a client already added with another type).
    SYNCSIM_ASSERT(development, "a deploy's change applies to the server schema in force");
  }
  server_schema_ = std::make_shared<const model::Schema>(std::move(next));
  ++schema_revision_;
  // A refused app keeps retrying: the server may take its model now (or refuse it anew, for
  // what is still missing or now differs).
  for (std::size_t d = 0; d < devices_.size(); ++d)
    if (!devices_[d].session_refused.empty() && admit_client_model(static_cast<int>(d)))
      devices_[d].net.dropped = true;
}

bool World::admit_client_model(int d) {
  if (server_schema_ == nullptr) return true;
  Device& dev = devices_[static_cast<std::size_t>(d)];
  const model::ClientModelFit fit =
      model::fit_client_model(app_model(dev.client.app_schema()), *server_schema_);
  if (fit.subset()) {
    dev.session_refused.clear();
    return true;
  }
  const bool development = settings_.policy.deploy_mode == model::DeployMode::Development;
  if (development && fit.conflict.empty()) {
    // Development mode infers the server schema from the clients' models: additions only.
    model::Schema next = *server_schema_;
    for (const auto& c : fit.additions)
      if (auto why = model::apply(next, c)) {
        dev.session_refused = "development mode cannot take " + change_text(c) + ": " + *why;
        return false;
      }
    server_schema_ = std::make_shared<const model::Schema>(std::move(next));
    ++schema_revision_;
    dev.session_refused.clear();
    return true;
  }
  dev.session_refused = fit.conflict.empty()
                            ? "the server schema lacks " + change_list_text(fit.additions) +
                                  " (production mode takes no schema change from a client)"
                            : fit.conflict + " (breaking: no mode takes it from a client)";
  return false;
}

void World::upgrade_app(int d, std::uint32_t to) {
  Device& dev = devices_[static_cast<std::size_t>(d)];
  dev.client.set_app_schema(to);
  if (server_schema_ == nullptr) return;
  // The new build opens its realm with the new object model: the session restarts with it.
  if (!dev.session_refused.empty()) {
    if (admit_client_model(d)) dev.net.dropped = true;  // the app's retry may now succeed
    return;
  }
  if (dev.net.online && !admit_client_model(d)) disconnect(d);
}

}  // namespace syncsim
