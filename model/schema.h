#pragma once
// A note app's schema as data, the change kinds of Atlas Device Sync's "Update Your Data Model"
// page, and how that page classifies each of them (docs/spec.md §9, docs/schema-changes.md).
//
// Source, pinned: "Update Your Data Model", Atlas App Services documentation,
// https://www.mongodb.com/docs/atlas/app-services/sync/data-model/update-schema/ , as of its
// source mongodb/docs-app-services commit ac11385f (2024-10-16; the quick-reference table and
// the change sections are unchanged since commit 78ef0ee7, 2023-09-15), plus the
// "Development Mode > Breaking Changes" section of sync/configure/sync-settings at the same
// commit for the rule on apps created after 2023-09-13. Where the page is silent the choice is
// marked "not on the page" with its evidence.
//
// Pure: no I/O. Schemas are small (a handful of types), so lookups are linear scans, and every
// container keeps declaration order so that printing a schema is deterministic.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/policy.h"

namespace syncsim::model {

enum class PropertyType : std::uint8_t {
  String,
  Int,
  Bool,
  Date,
  Link,        ///< to-one link to an object type (`link<Note>`)
  LinkList,    ///< ordered list of links (`list<Note>`, Note's `children`)
  StringList,  ///< list of strings: the `tags:array<string>` of the committed shorthands
};

/// The spelling used in scenarios (`string`, `int`, `bool`, `date`, `link`, `list`,
/// `array<string>`); a link's target type is kept apart in Property::link_target.
std::string_view type_name(PropertyType t);
/// Parses a type word as type_name() spells it; nullopt for an unknown type.
std::optional<PropertyType> parse_type_name(std::string_view word);

struct Property {
  std::string name;
  PropertyType type = PropertyType::String;
  bool required = false;
  std::string link_target;                   ///< object type a Link / LinkList points to
  std::optional<std::string> default_value;  ///< literal in the property's type
  bool operator==(const Property&) const = default;
};

struct ObjectType {
  std::string name;
  std::vector<Property> properties;  ///< declaration order
  bool operator==(const ObjectType&) const = default;
};

/// One side's schema: the server-side App Services schema, or one app version's client object
/// model (which may be a subset of the server's, docs/spec.md §9).
struct Schema {
  std::vector<ObjectType> types;  ///< declaration order
  bool operator==(const Schema&) const = default;

  const ObjectType* find(std::string_view type) const;
  const Property* find(std::string_view type, std::string_view property) const;
};

/// The Note of docs/spec.md §1 as a schema: `text` (optional string), `children` (list of links
/// to Note), `isRoot` (bool), `owner` (int) and `lastUpdated` (date, milliseconds), all three
/// required. The server schema and every app version's object model of a scenario without
/// `schema` lines (docs/schema-changes.md "Grammar").
Schema note_schema();

/// Why `s` contradicts itself (a duplicate type or property, an empty name, a link to an
/// unknown type, a required to-one link, a default on a link or list, a default that is not a
/// literal of its property's type), or nullopt when it is consistent.
std::optional<std::string> contradiction(const Schema& s);

// The change kinds: one struct per row of the page's quick-reference table (add a required and
// add an optional property are two rows, one struct with `property.required`).
struct AddObjectType {
  ObjectType type;
};
struct RemoveObjectType {
  std::string type;
};
struct AddProperty {
  std::string type;
  Property property;
};
struct AddDefault {
  std::string type;
  std::string property;
  std::string value;
};
struct RemoveProperty {
  std::string type;
  std::string property;
};
struct RenameObjectType {
  std::string type;
  std::string new_name;
};
struct RenameProperty {
  std::string type;
  std::string property;
  std::string new_name;
};
struct ChangePropertyType {
  std::string type;
  std::string property;
  PropertyType new_type = PropertyType::String;
  std::string link_target;  ///< for a Link / LinkList new_type
};
/// Optional <-> required (one row of the table, both directions).
struct ChangeRequired {
  std::string type;
  std::string property;
  bool required = false;  ///< the new status
};

using SchemaChange =
    std::variant<AddObjectType, RemoveObjectType, AddProperty, AddDefault, RemoveProperty,
                 RenameObjectType, RenameProperty, ChangePropertyType, ChangeRequired>;

/// The rows of the page's quick-reference table, in its order.
enum class ChangeKind : std::uint8_t {
  AddObjectType,
  AddDefault,
  AddRequiredProperty,
  AddOptionalProperty,
  RemoveObjectType,
  RemoveProperty,
  RenameObjectType,
  RenameProperty,
  ChangePropertyType,
  ChangeRequired,
};
inline constexpr int kChangeKinds = 10;

ChangeKind kind_of(const SchemaChange& c);
/// Kebab-case name for lint output and docs (`add-required-property`, ...).
std::string_view kind_name(ChangeKind k);
/// `Type` or `Type.property`: what the change names.
std::string target_of(const SchemaChange& c);

/// Applies `c` to `s`, or says why it does not apply (an unknown type or property, adding one
/// that exists, a rename onto an existing name, a change to what the property already is, or a
/// result that contradicts itself); `s` is unchanged on error.
std::optional<std::string> apply(Schema& s, const SchemaChange& c);

/// The change that undoes `c` applied to `before`: applying `c` then its inverse gives `before`
/// again, up to declaration order (a removed property or type comes back last). nullopt when no
/// row of the table undoes it (adding a default: the page has no "remove a default value"), or
/// when `c` names what `before` lacks.
std::optional<SchemaChange> inverse(const Schema& before, const SchemaChange& c);

/// How a client's object model stands against the server schema in force (docs/spec.md §9): a
/// client model may be a subset of the server's. `additions` are the changes (add-object-type,
/// add-optional/required-property) that would make the server hold everything the client model
/// has; empty when the model is a subset. `conflict` names the first property the two define
/// differently (type, link target or required): a breaking change, which neither production
/// nor development mode takes from a client (for an app created before 2023-09-13).
struct ClientModelFit {
  std::vector<SchemaChange> additions;
  std::string conflict;  ///< `Note.text: string on the server, int in the client model`; "" if none
  bool subset() const { return additions.empty() && conflict.empty(); }
};
ClientModelFit fit_client_model(const Schema& client, const Schema& server);

/// Where a change is made: the App Services schema (UI / Admin API) or a client's object model.
enum class Side : std::uint8_t { Server, Client };

/// What the change needs besides deploying it (names in procedure_name()).
enum class Procedure : std::uint8_t {
  None,                       ///< applies automatically, old clients keep syncing
  UpdateExistingDocuments,    ///< documents lacking a new required property do not sync until set
  ServerSchemaFirst,          ///< production refuses a client model the server lacks: add it there
  DeleteLocalRealmAndResync,  ///< development mode, app created after 2023-09-13
  TerminateAndReenable,       ///< or the partner-collection strategy; clients reset
  TerminateReenableAndUpdateDocuments,  ///< as above, then rewrite existing Atlas documents
};
std::string_view procedure_name(Procedure p);

struct Classification {
  bool breaking = false;  ///< the table's cell for the side
  bool allowed = false;   ///< the service accepts it in that mode without terminating sync
  Procedure procedure = Procedure::None;
  /// The page's "these changes may trigger a resync": the collection's documents are re-read
  /// from Atlas and re-inserted (docs/spec.md §4 models what that does to concurrent writes).
  bool reinserts_documents = false;
  bool operator==(const Classification&) const = default;
};

Classification classify(ChangeKind kind, DeployMode mode, Side side,
                        bool app_created_after_2023_09_13);
inline Classification classify(const SchemaChange& c, DeployMode mode, Side side,
                               bool app_created_after_2023_09_13) {
  return classify(kind_of(c), mode, side, app_created_after_2023_09_13);
}

}  // namespace syncsim::model
