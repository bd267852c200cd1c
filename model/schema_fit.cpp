// A client's object model against the server schema (docs/spec.md §9, docs/schema-changes.md
// "What the world does"): a subset syncs; production refuses a model with more; development
// mode adds what is missing to the server schema.
#include "model/planted.h"
#include "model/schema.h"

namespace syncsim::model {
namespace {

std::string definition(const Property& p) {
  std::string s(type_name(p.type));
  if (!p.link_target.empty()) s += "<" + p.link_target + ">";
  return s + (p.required ? " required" : " optional");
}

bool same_definition(const Property& a, const Property& b) {
  return a.type == b.type && a.link_target == b.link_target && a.required == b.required;
}

}  // namespace

ClientModelFit fit_client_model(const Schema& client, const Schema& server) {
  ClientModelFit fit;
  for (const ObjectType& type : client.types) {
    const ObjectType* on_server = server.find(type.name);
    if (on_server == nullptr) {
      fit.additions.push_back(AddObjectType{type});
      continue;
    }
    for (const Property& p : type.properties) {
      // Planted: the server's properties of the type are not looked at, so every property
      // of the client model reads as missing there.
      const Property* q =
          SYNCSIM_PLANTED(FitOverlooksServerProperties) ? nullptr : server.find(type.name, p.name);
      if (q == nullptr) {
        fit.additions.push_back(AddProperty{type.name, p});
      } else if (!same_definition(p, *q)) {
        fit.conflict = type.name + "." + p.name + ": " + definition(*q) + " on the server, " +
                       definition(p) + " in the client model";
        return fit;
      }
    }
  }
  return fit;
}

}  // namespace syncsim::model
