#include "model/schema.h"

#include <algorithm>
#include <array>
#include <type_traits>
#include <utility>

namespace syncsim::model {
namespace {

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}
std::string dotted(std::string_view type, std::string_view property) {
  return std::string(type) + "." + std::string(property);
}

bool is_link(PropertyType t) {
  return t == PropertyType::Link || t == PropertyType::LinkList;
}
bool is_list(PropertyType t) {
  return t == PropertyType::LinkList || t == PropertyType::StringList;
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Whether `literal` is a value of type `t`: dates are integer milliseconds since the epoch,
/// like every time in syncsim; links and lists have no literal.
bool literal_fits(PropertyType t, std::string_view literal) {
  switch (t) {
    case PropertyType::String:
      return true;
    case PropertyType::Int:
      return is_digits(literal.substr(!literal.empty() && literal.front() == '-' ? 1 : 0));
    case PropertyType::Bool:
      return literal == "true" || literal == "false";
    case PropertyType::Date:
      return is_digits(literal);
    case PropertyType::Link:
    case PropertyType::LinkList:
    case PropertyType::StringList:
      return false;
  }
  return false;
}

std::optional<std::string> property_contradiction(const Schema& s, const ObjectType& t,
                                                  const Property& p) {
  const std::string where = dotted(t.name, p.name);
  if (p.name.empty()) return "object type " + quoted(t.name) + " has a property without a name";
  if (is_link(p.type) && s.find(p.link_target) == nullptr)
    return where + " links to unknown object type " + quoted(p.link_target);
  if (!is_link(p.type) && !p.link_target.empty())
    return where + " is a " + std::string(type_name(p.type)) + " but names a link target";
  // Not on the page: Realm's object models only allow optional to-one links.
  if (p.type == PropertyType::Link && p.required) return where + " is a required to-one link";
  if (!p.default_value) return std::nullopt;
  if (is_link(p.type) || is_list(p.type))
    return where + " is a " + std::string(type_name(p.type)) + " and cannot have a default";
  // The page: "The default field does not have type validation" -- the service would then
  // report documents as missing the property; a scenario saying so contradicts itself.
  if (!literal_fits(p.type, *p.default_value))
    return where + " has default " + quoted(*p.default_value) + ", not of type " +
           std::string(type_name(p.type));
  return std::nullopt;
}

ObjectType* find_type(Schema& s, std::string_view type) {
  return const_cast<ObjectType*>(std::as_const(s).find(type));
}
Property* find_property(Schema& s, std::string_view type, std::string_view property) {
  return const_cast<Property*>(std::as_const(s).find(type, property));
}

std::string unknown_type(std::string_view type) {
  return "unknown object type " + quoted(type);
}
std::string unknown_property(std::string_view type, std::string_view property) {
  return "unknown property " + quoted(dotted(type, property));
}

std::string missing(const Schema& s, std::string_view type, std::string_view property) {
  return s.find(type) == nullptr ? unknown_type(type) : unknown_property(type, property);
}

/// Applies `c` to `s` in place; `s` may be left half-changed on error (apply() works on a copy).
std::optional<std::string> mutate(Schema& s, const AddObjectType& c) {
  if (s.find(c.type.name) != nullptr) return "object type " + quoted(c.type.name) + " exists";
  s.types.push_back(c.type);
  return std::nullopt;
}
std::optional<std::string> mutate(Schema& s, const RemoveObjectType& c) {
  const auto it = std::find_if(s.types.begin(), s.types.end(),
                               [&](const ObjectType& t) { return t.name == c.type; });
  if (it == s.types.end()) return unknown_type(c.type);
  s.types.erase(it);
  return std::nullopt;
}
std::optional<std::string> mutate(Schema& s, const AddProperty& c) {
  ObjectType* t = find_type(s, c.type);
  if (t == nullptr) return unknown_type(c.type);
  if (s.find(c.type, c.property.name) != nullptr)
    return "property " + quoted(dotted(c.type, c.property.name)) + " exists";
  t->properties.push_back(c.property);
  return std::nullopt;
}
std::optional<std::string> mutate(Schema& s, const AddDefault& c) {
  Property* p = find_property(s, c.type, c.property);
  if (p == nullptr) return missing(s, c.type, c.property);
  if (p->default_value) return quoted(dotted(c.type, c.property)) + " already has a default";
  p->default_value = c.value;
  return std::nullopt;
}
std::optional<std::string> mutate(Schema& s, const RemoveProperty& c) {
  ObjectType* t = find_type(s, c.type);
  if (t == nullptr) return unknown_type(c.type);
  const auto it = std::find_if(t->properties.begin(), t->properties.end(),
                               [&](const Property& p) { return p.name == c.property; });
  if (it == t->properties.end()) return unknown_property(c.type, c.property);
  t->properties.erase(it);
  return std::nullopt;
}
std::optional<std::string> mutate(Schema& s, const RenameObjectType& c) {
  ObjectType* t = find_type(s, c.type);
  if (t == nullptr) return unknown_type(c.type);
  if (s.find(c.new_name) != nullptr) return "object type " + quoted(c.new_name) + " exists";
  t->name = c.new_name;
  // Links follow the type: it is the same collection under a new name.
  for (ObjectType& other : s.types)
    for (Property& p : other.properties)
      if (is_link(p.type) && p.link_target == c.type) p.link_target = c.new_name;
  return std::nullopt;
}
std::optional<std::string> mutate(Schema& s, const RenameProperty& c) {
  Property* p = find_property(s, c.type, c.property);
  if (p == nullptr) return missing(s, c.type, c.property);
  if (s.find(c.type, c.new_name) != nullptr)
    return "property " + quoted(dotted(c.type, c.new_name)) + " exists";
  p->name = c.new_name;
  return std::nullopt;
}
std::optional<std::string> mutate(Schema& s, const ChangePropertyType& c) {
  Property* p = find_property(s, c.type, c.property);
  if (p == nullptr) return missing(s, c.type, c.property);
  if (p->type == c.new_type && p->link_target == c.link_target)
    return quoted(dotted(c.type, c.property)) + " is already of type " +
           std::string(type_name(c.new_type));
  p->type = c.new_type;
  p->link_target = c.link_target;
  return std::nullopt;
}
std::optional<std::string> mutate(Schema& s, const ChangeRequired& c) {
  Property* p = find_property(s, c.type, c.property);
  if (p == nullptr) return missing(s, c.type, c.property);
  if (p->required == c.required)
    return quoted(dotted(c.type, c.property)) + " is already " +
           (c.required ? "required" : "optional");
  p->required = c.required;
  return std::nullopt;
}

/// One row of the page's quick-reference table, as the page gives it, plus what its section
/// says about resync and existing documents.
struct Row {
  bool server_breaking;
  bool client_breaking;
  bool reinserts_documents;    ///< the section's "These changes may trigger a resync"
  Procedure server_procedure;  ///< what making it on the server side needs
};

// Indexed by ChangeKind. Transcribed from the table: "Add an object type", "Add a default
// value on a property", "Add a required property", "Add an optional property": Non-breaking /
// Non-breaking; "Remove an object type", "Remove an optional or required property": Breaking /
// Non-breaking; "Change an object type name", "Change a property name": Breaking* / Breaking*
// (the asterisk points to SDK name remapping); "Change property type but keep the name",
// "Change property's status between optional and required": Breaking / Breaking.
constexpr std::array<Row, kChangeKinds> kRows = {{
    {false, false, true, Procedure::None},
    {false, false, false, Procedure::None},
    // "you must update existing documents with the new property or they do not sync"
    {false, false, true, Procedure::UpdateExistingDocuments},
    {false, false, true, Procedure::None},
    {true, false, false, Procedure::TerminateAndReenable},
    {true, false, false, Procedure::TerminateAndReenable},
    {true, true, false, Procedure::TerminateAndReenable},
    // Each of these sections: "you must update existing documents ... or they do not sync".
    {true, true, false, Procedure::TerminateReenableAndUpdateDocuments},
    {true, true, false, Procedure::TerminateReenableAndUpdateDocuments},
    {true, true, false, Procedure::TerminateReenableAndUpdateDocuments},
}};

bool is_addition(ChangeKind k) {
  return k == ChangeKind::AddObjectType || k == ChangeKind::AddRequiredProperty ||
         k == ChangeKind::AddOptionalProperty;
}

Classification classify_client(ChangeKind kind, const Row& row, DeployMode mode,
                               bool app_created_after_2023_09_13) {
  Classification c{row.client_breaking, true, Procedure::None, false};
  const bool development = mode == DeployMode::Development;
  if (row.client_breaking) {
    // sync-settings "Breaking Changes": development-mode apps created after 2023-09-13 may
    // make them from client code (delete the local realm, change the model, reopen, sync).
    // Otherwise: "Development Mode does not automatically update your schema for breaking
    // changes" -- the change is made on the server side, with its procedure.
    if (development && app_created_after_2023_09_13) {
      c.procedure = Procedure::DeleteLocalRealmAndResync;
    } else {
      c.allowed = false;
      c.procedure = row.server_procedure;
    }
    return c;
  }
  if (is_addition(kind)) {
    // Development mode infers the server schema from the client's; production mode refuses a
    // client whose model has what the server lacks (docs/spec.md §9, ProtocolErrorCode 225).
    c.allowed = development;
    c.procedure = development ? Procedure::None : Procedure::ServerSchemaFirst;
    c.reinserts_documents = development && row.reinserts_documents;
  }
  // Removals and defaults: a client model may be a subset of the server's; "removing a
  // property from a client-side object model does not delete the property from the database".
  return c;
}

}  // namespace

std::string_view type_name(PropertyType t) {
  switch (t) {
    case PropertyType::String:
      return "string";
    case PropertyType::Int:
      return "int";
    case PropertyType::Bool:
      return "bool";
    case PropertyType::Date:
      return "date";
    case PropertyType::Link:
      return "link";
    case PropertyType::LinkList:
      return "list";
    case PropertyType::StringList:
      return "array<string>";
  }
  return "?";
}

std::optional<PropertyType> parse_type_name(std::string_view word) {
  for (PropertyType t :
       {PropertyType::String, PropertyType::Int, PropertyType::Bool, PropertyType::Date,
        PropertyType::Link, PropertyType::LinkList, PropertyType::StringList})
    if (type_name(t) == word) return t;
  return std::nullopt;
}

const ObjectType* Schema::find(std::string_view type) const {
  const auto it =
      std::find_if(types.begin(), types.end(), [&](const ObjectType& t) { return t.name == type; });
  return it == types.end() ? nullptr : &*it;
}

const Property* Schema::find(std::string_view type, std::string_view property) const {
  const ObjectType* t = find(type);
  if (t == nullptr) return nullptr;
  const auto it = std::find_if(t->properties.begin(), t->properties.end(),
                               [&](const Property& p) { return p.name == property; });
  return it == t->properties.end() ? nullptr : &*it;
}

Schema note_schema() {
  const auto prop = [](std::string name, PropertyType t, bool required, std::string target) {
    return Property{std::move(name), t, required, std::move(target), std::nullopt};
  };
  return Schema{{ObjectType{
      "Note",
      {prop("text", PropertyType::String, false, ""),
       prop("children", PropertyType::LinkList, false, "Note"),
       prop("isRoot", PropertyType::Bool, true, ""), prop("owner", PropertyType::Int, true, ""),
       prop("lastUpdated", PropertyType::Date, true, "")}}}};
}

std::optional<std::string> contradiction(const Schema& s) {
  for (std::size_t i = 0; i < s.types.size(); ++i) {
    const ObjectType& t = s.types[i];
    if (t.name.empty()) return std::string("an object type has no name");
    if (s.find(t.name) != &t) return "object type " + quoted(t.name) + " is declared twice";
    for (const Property& p : t.properties) {
      if (s.find(t.name, p.name) != &p)
        return "property " + quoted(dotted(t.name, p.name)) + " is declared twice";
      if (auto why = property_contradiction(s, t, p)) return why;
    }
  }
  return std::nullopt;
}

ChangeKind kind_of(const SchemaChange& c) {
  return std::visit(
      [](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, AddObjectType>) return ChangeKind::AddObjectType;
        if constexpr (std::is_same_v<T, RemoveObjectType>) return ChangeKind::RemoveObjectType;
        if constexpr (std::is_same_v<T, AddProperty>)
          return x.property.required ? ChangeKind::AddRequiredProperty
                                     : ChangeKind::AddOptionalProperty;
        if constexpr (std::is_same_v<T, AddDefault>) return ChangeKind::AddDefault;
        if constexpr (std::is_same_v<T, RemoveProperty>) return ChangeKind::RemoveProperty;
        if constexpr (std::is_same_v<T, RenameObjectType>) return ChangeKind::RenameObjectType;
        if constexpr (std::is_same_v<T, RenameProperty>) return ChangeKind::RenameProperty;
        if constexpr (std::is_same_v<T, ChangePropertyType>) return ChangeKind::ChangePropertyType;
        if constexpr (std::is_same_v<T, ChangeRequired>) return ChangeKind::ChangeRequired;
      },
      c);
}

std::string_view kind_name(ChangeKind k) {
  constexpr std::array<std::string_view, kChangeKinds> kNames = {
      "add-object-type",      "add-default",     "add-required-property", "add-optional-property",
      "remove-object-type",   "remove-property", "rename-object-type",    "rename-property",
      "change-property-type", "change-required"};
  return kNames[static_cast<std::size_t>(k)];
}

std::string target_of(const SchemaChange& c) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, AddObjectType>) {
          return x.type.name;
        } else if constexpr (std::is_same_v<T, AddProperty>) {
          return dotted(x.type, x.property.name);
        } else if constexpr (std::is_same_v<T, RemoveObjectType> ||
                             std::is_same_v<T, RenameObjectType>) {
          return x.type;
        } else {
          return dotted(x.type, x.property);
        }
      },
      c);
}

std::optional<std::string> apply(Schema& s, const SchemaChange& c) {
  Schema next = s;
  if (auto why = std::visit([&](const auto& x) { return mutate(next, x); }, c)) return why;
  if (auto why = contradiction(next))
    return std::string(kind_name(kind_of(c))) + " " + target_of(c) + ": " + *why;
  s = std::move(next);
  return std::nullopt;
}

std::optional<SchemaChange> inverse(const Schema& before, const SchemaChange& c) {
  return std::visit(
      [&](const auto& x) -> std::optional<SchemaChange> {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, AddObjectType>) return RemoveObjectType{x.type.name};
        if constexpr (std::is_same_v<T, RemoveObjectType>) {
          const ObjectType* t = before.find(x.type);
          if (t == nullptr) return std::nullopt;
          return AddObjectType{*t};
        }
        if constexpr (std::is_same_v<T, AddProperty>)
          return RemoveProperty{x.type, x.property.name};
        if constexpr (std::is_same_v<T, AddDefault>) return std::nullopt;
        if constexpr (std::is_same_v<T, RemoveProperty>) {
          const Property* p = before.find(x.type, x.property);
          if (p == nullptr) return std::nullopt;
          return AddProperty{x.type, *p};
        }
        if constexpr (std::is_same_v<T, RenameObjectType>)
          return RenameObjectType{x.new_name, x.type};
        if constexpr (std::is_same_v<T, RenameProperty>)
          return RenameProperty{x.type, x.new_name, x.property};
        if constexpr (std::is_same_v<T, ChangePropertyType>) {
          const Property* p = before.find(x.type, x.property);
          if (p == nullptr) return std::nullopt;
          return ChangePropertyType{x.type, x.property, p->type, p->link_target};
        }
        if constexpr (std::is_same_v<T, ChangeRequired>)
          return ChangeRequired{x.type, x.property, !x.required};
      },
      c);
}

std::string_view procedure_name(Procedure p) {
  switch (p) {
    case Procedure::None:
      return "none";
    case Procedure::UpdateExistingDocuments:
      return "update-existing-documents";
    case Procedure::ServerSchemaFirst:
      return "server-schema-first";
    case Procedure::DeleteLocalRealmAndResync:
      return "delete-local-realm-and-resync";
    case Procedure::TerminateAndReenable:
      return "terminate-and-reenable";
    case Procedure::TerminateReenableAndUpdateDocuments:
      return "terminate-reenable-and-update-documents";
  }
  return "?";
}

Classification classify(ChangeKind kind, DeployMode mode, Side side,
                        bool app_created_after_2023_09_13) {
  const Row& row = kRows[static_cast<std::size_t>(kind)];
  if (side == Side::Client) return classify_client(kind, row, mode, app_created_after_2023_09_13);
  // Server side: the page's table holds in both modes; a breaking change is made in the UI and
  // needs terminate-and-re-enable (or the partner collection), so sync does not accept it as is.
  return Classification{row.server_breaking, !row.server_breaking, row.server_procedure,
                        row.reinserts_documents};
}

}  // namespace syncsim::model
