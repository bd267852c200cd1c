#include "tools/cli/lint_changes.h"

#include <fmt/format.h>

#include "sim/trace/schema_lines.h"

namespace syncsim::cli {
namespace {

using model::DeployMode;
using model::Side;

// The client-side rule for apps created after 2023-09-13 (docs/schema-changes.md): the coming
// scenario knob's default; older apps change their schema in the UI.
constexpr bool kAppAfter20230913 = true;

nlohmann::json allowed_in(const model::SchemaChange& c, Side side) {
  auto modes = nlohmann::json::array();
  for (const auto& [mode, name] : {std::pair{DeployMode::Development, "development"},
                                   std::pair{DeployMode::Production, "production"}})
    if (model::classify(c, mode, side, kAppAfter20230913).allowed) modes.push_back(name);
  return modes;
}

/// What this build's world does with the change (check_schemas_modelled refuses the rest).
std::string world_action(const WorkloadLine& w, const model::SchemaChange& c) {
  if (!w.change_list) return w.breaking ? "terminate-and-reenable" : "additive";
  const bool one_addition =
      w.changes.size() == 1 && model::kind_of(c) == model::ChangeKind::AddOptionalProperty;
  return one_addition ? "additive" : "not-modelled";
}

nlohmann::json entry(const WorkloadLine& w, const model::SchemaChange& c) {
  // The server side holds in both modes (the page's table); the client side differs per mode.
  const model::Classification server =
      model::classify(c, DeployMode::Production, Side::Server, kAppAfter20230913);
  const auto client_in = [&](DeployMode m) {
    return model::classify(c, m, Side::Client, kAppAfter20230913);
  };
  nlohmann::json client = {
      {"breaking", client_in(DeployMode::Production).breaking},
      {"allowed_in", allowed_in(c, Side::Client)},
      {"procedure",
       {{"development",
         std::string(model::procedure_name(client_in(DeployMode::Development).procedure))},
        {"production",
         std::string(model::procedure_name(client_in(DeployMode::Production).procedure))}}}};
  return {{"line", w.line},
          {"kind", std::string(model::kind_name(model::kind_of(c)))},
          {"target", model::target_of(c)},
          {"breaking", server.breaking},
          {"allowed_in", allowed_in(c, Side::Server)},
          {"procedure", std::string(model::procedure_name(server.procedure))},
          {"reinserts_documents", server.reinserts_documents},
          {"client", std::move(client)},
          {"form", w.change_list ? "change-list" : (w.breaking ? "breaking" : "additive")},
          {"world", world_action(w, c)}};
}

std::string modes_text(const nlohmann::json& modes) {
  std::string s;
  for (const auto& m : modes) s += (s.empty() ? "" : ", ") + m.get<std::string>();
  return s.empty() ? "no mode" : s;
}

}  // namespace

nlohmann::json lint_changes(const Scenario& s) {
  auto out = nlohmann::json::array();
  for (const WorkloadLine* w : deploys_in_order(s))
    for (const auto& c : w->changes) out.push_back(entry(*w, c));
  return out;
}

void print_lint_changes(const std::string& file, const nlohmann::json& changes) {
  for (const auto& c : changes) {
    std::string form =
        c["form"] == "change-list" ? "" : " (shorthand '" + c["form"].get<std::string>() + "')";
    fmt::print(stderr,
               "{}:{}: {} {}{}: server {}, allowed in {}, procedure {}{}; client {}, allowed in "
               "{}; world: {}\n",
               file, c["line"].get<int>(), c["kind"].get<std::string>(),
               c["target"].get<std::string>(), form,
               c["breaking"].get<bool>() ? "breaking" : "non-breaking", modes_text(c["allowed_in"]),
               c["procedure"].get<std::string>(),
               c["reinserts_documents"].get<bool>() ? ", re-inserts documents" : "",
               c["client"]["breaking"].get<bool>() ? "breaking" : "non-breaking",
               modes_text(c["client"]["allowed_in"]), c["world"].get<std::string>());
  }
}

}  // namespace syncsim::cli
