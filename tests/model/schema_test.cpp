// A schema as data and the Device Sync change table (docs/schema-changes.md). The expected
// classifications are written from the page "Update Your Data Model" (mongodb/docs-app-services
// ac11385f, 2024-10-16) and its "Development Mode > Breaking Changes" section, not from
// model/schema.cpp's table: each row below quotes the page's cells.
#include "model/schema.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace syncsim::model {
namespace {

using K = ChangeKind;
constexpr bool kAfter = true;  // app created after 2023-09-13
constexpr Side kServer = Side::Server;
constexpr Side kClient = Side::Client;
constexpr DeployMode kProd = DeployMode::Production;
constexpr DeployMode kDev = DeployMode::Development;

Property prop(std::string name, PropertyType t, bool required, std::string target = "") {
  return Property{std::move(name), t, required, std::move(target), std::nullopt};
}

/// The Note of docs/spec.md §1, plus a Tag type for the object-type rows.
Schema note_schema() {
  ObjectType note{"Note",
                  {prop("text", PropertyType::String, false),
                   prop("children", PropertyType::LinkList, false, "Note"),
                   prop("isRoot", PropertyType::Bool, true), prop("owner", PropertyType::Int, true),
                   prop("lastUpdated", PropertyType::Date, true)}};
  ObjectType tag{
      "Tag",
      {prop("label", PropertyType::String, true), prop("note", PropertyType::Link, false, "Note")}};
  return Schema{{note, tag}};
}

/// Declaration order does not matter to what a schema says.
Schema sorted(Schema s) {
  std::sort(s.types.begin(), s.types.end(),
            [](const ObjectType& a, const ObjectType& b) { return a.name < b.name; });
  for (ObjectType& t : s.types)
    std::sort(t.properties.begin(), t.properties.end(),
              [](const Property& a, const Property& b) { return a.name < b.name; });
  return s;
}

// ---- The quick-reference table, cell by cell -------------------------------------------

struct TableRow {
  ChangeKind kind;
  const char* page_row;  // "Type of Change" as the page words it
  const char* server;    // the page's "Server-Side Schema" cell
  const char* client;    // the page's "Client-Side Object Model" cell
};

constexpr TableRow kPageTable[] = {
    {K::AddObjectType, "Add an object type", "Non-breaking", "Non-breaking"},
    {K::AddDefault, "Add a default value on a property", "Non-breaking", "Non-breaking"},
    {K::AddRequiredProperty, "Add a required property", "Non-breaking", "Non-breaking"},
    {K::AddOptionalProperty, "Add an optional property", "Non-breaking", "Non-breaking"},
    {K::RemoveObjectType, "Remove an object type", "Breaking", "Non-breaking"},
    {K::RemoveProperty, "Remove an optional or required property", "Breaking", "Non-breaking"},
    {K::RenameObjectType, "Change an object type name", "Breaking*", "Breaking*"},
    {K::RenameProperty, "Change a property name", "Breaking*", "Breaking*"},
    {K::ChangePropertyType, "Change property type but keep the name", "Breaking", "Breaking"},
    {K::ChangeRequired, "Change property's status between optional and required", "Breaking",
     "Breaking"},
};

bool cell_breaking(const char* cell) {
  return std::string(cell).rfind("Breaking", 0) == 0;
}

TEST(SchemaTable, EveryRowOfThePageIsAChangeKind) {
  EXPECT_EQ(std::size(kPageTable), static_cast<std::size_t>(kChangeKinds));
  for (int k = 0; k < kChangeKinds; ++k) EXPECT_EQ(static_cast<int>(kPageTable[k].kind), k);
}

// The table's cell holds in either mode and for apps of either date: the 2023-09-13 rule
// changes what development mode *allows*, not what is breaking.
TEST(SchemaTable, BreakingIsThePagesCellForEachSideModeAndDate) {
  for (const TableRow& row : kPageTable)
    for (DeployMode mode : {kProd, kDev})
      for (bool after : {false, true}) {
        SCOPED_TRACE(row.page_row);
        EXPECT_EQ(classify(row.kind, mode, kServer, after).breaking, cell_breaking(row.server));
        EXPECT_EQ(classify(row.kind, mode, kClient, after).breaking, cell_breaking(row.client));
      }
}

// ---- Procedures, from each change's section of the page ---------------------------------

struct Expect {
  ChangeKind kind;
  bool allowed;
  Procedure procedure;
};

void expect_all(DeployMode mode, Side side, bool after, const std::vector<Expect>& rows) {
  for (const Expect& e : rows) {
    SCOPED_TRACE(std::string(kind_name(e.kind)));
    const Classification c = classify(e.kind, mode, side, after);
    EXPECT_EQ(c.allowed, e.allowed);
    EXPECT_EQ(c.procedure, e.procedure) << procedure_name(c.procedure);
  }
}

// Server side, either mode: breaking changes need terminate + re-enable (or the partner
// collection); the rename-property, type and status sections add "you must update existing
// documents ... or they do not sync"; the add-required section says the same of additions.
const std::vector<Expect> kServerSide = {
    {K::AddObjectType, true, Procedure::None},
    {K::AddDefault, true, Procedure::None},
    {K::AddRequiredProperty, true, Procedure::UpdateExistingDocuments},
    {K::AddOptionalProperty, true, Procedure::None},
    {K::RemoveObjectType, false, Procedure::TerminateAndReenable},
    {K::RemoveProperty, false, Procedure::TerminateAndReenable},
    {K::RenameObjectType, false, Procedure::TerminateAndReenable},
    {K::RenameProperty, false, Procedure::TerminateReenableAndUpdateDocuments},
    {K::ChangePropertyType, false, Procedure::TerminateReenableAndUpdateDocuments},
    {K::ChangeRequired, false, Procedure::TerminateReenableAndUpdateDocuments},
};

TEST(SchemaProcedure, ServerSideInEitherMode) {
  for (DeployMode mode : {kProd, kDev})
    for (bool after : {false, true}) expect_all(mode, kServer, after, kServerSide);
}

// Production refuses a client model with what the server lacks (session error 225); a model
// that is a subset of the server's is fine; breaking changes go through the server side.
TEST(SchemaProcedure, ClientSideInProduction) {
  const std::vector<Expect> rows = {
      {K::AddObjectType, false, Procedure::ServerSchemaFirst},
      {K::AddDefault, true, Procedure::None},
      {K::AddRequiredProperty, false, Procedure::ServerSchemaFirst},
      {K::AddOptionalProperty, false, Procedure::ServerSchemaFirst},
      {K::RemoveObjectType, true, Procedure::None},
      {K::RemoveProperty, true, Procedure::None},
      {K::RenameObjectType, false, Procedure::TerminateAndReenable},
      {K::RenameProperty, false, Procedure::TerminateReenableAndUpdateDocuments},
      {K::ChangePropertyType, false, Procedure::TerminateReenableAndUpdateDocuments},
      {K::ChangeRequired, false, Procedure::TerminateReenableAndUpdateDocuments},
  };
  for (bool after : {false, true}) expect_all(kProd, kClient, after, rows);
}

// Development mode infers the server schema from clients' additions; breaking changes from
// client code only for apps created after 2023-09-13 ("Delete your local realm ... Change
// your local object model ... Open a realm ... Run your client app").
TEST(SchemaProcedure, ClientSideInDevelopmentByAppDate) {
  const std::vector<Expect> common = {
      {K::AddObjectType, true, Procedure::None},
      {K::AddDefault, true, Procedure::None},
      {K::AddRequiredProperty, true, Procedure::None},
      {K::AddOptionalProperty, true, Procedure::None},
      {K::RemoveObjectType, true, Procedure::None},
      {K::RemoveProperty, true, Procedure::None},
  };
  expect_all(kDev, kClient, kAfter, common);
  expect_all(kDev, kClient, !kAfter, common);
  for (ChangeKind k :
       {K::RenameObjectType, K::RenameProperty, K::ChangePropertyType, K::ChangeRequired}) {
    EXPECT_EQ(classify(k, kDev, kClient, kAfter),
              (Classification{true, true, Procedure::DeleteLocalRealmAndResync, false}));
    const Classification before = classify(k, kDev, kClient, !kAfter);
    EXPECT_FALSE(before.allowed);
    EXPECT_EQ(before.procedure, classify(k, kProd, kServer, !kAfter).procedure);
  }
}

// "These changes may trigger a resync" (add an object type, add an optional property) and
// "App Services iterates through those documents and re-inserts them" (add a required one).
TEST(SchemaProcedure, ResyncOnlyForTheAdditionsThePageNames) {
  for (const TableRow& row : kPageTable) {
    const bool resync = row.kind == K::AddObjectType || row.kind == K::AddRequiredProperty ||
                        row.kind == K::AddOptionalProperty;
    EXPECT_EQ(classify(row.kind, kProd, kServer, false).reinserts_documents, resync)
        << row.page_row;
  }
}

// Today's shorthand `deploy breaking NAME:string:required` adds a required property, a change
// the page calls non-breaking on both sides (docs/schema-changes.md "Shorthands").
TEST(SchemaTable, TheBreakingShorthandsChangeIsNonBreakingOnThePage) {
  const SchemaChange shorthand = AddProperty{"Note", prop("b1", PropertyType::String, true)};
  EXPECT_EQ(kind_of(shorthand), K::AddRequiredProperty);
  EXPECT_FALSE(classify(shorthand, kProd, kServer, false).breaking);
}

// ---- Changes as data: kinds, targets, apply, inverse -------------------------------------

std::vector<SchemaChange> one_change_of_each_kind() {
  return {
      AddObjectType{ObjectType{"Folder", {prop("name", PropertyType::String, true)}}},
      AddDefault{"Note", "owner", "0"},
      AddProperty{"Note", prop("title", PropertyType::String, true)},
      AddProperty{"Note", prop("pinned", PropertyType::Bool, false)},
      RemoveObjectType{"Tag"},
      RemoveProperty{"Note", "text"},
      RenameObjectType{"Note", "Page"},
      RenameProperty{"Note", "text", "body"},
      ChangePropertyType{"Note", "owner", PropertyType::String, ""},
      ChangeRequired{"Note", "text", true},
  };
}

TEST(SchemaChangeData, KindsFollowTheTableOrder) {
  const auto changes = one_change_of_each_kind();
  for (std::size_t i = 0; i < changes.size(); ++i)
    EXPECT_EQ(kind_of(changes[i]), static_cast<ChangeKind>(i)) << target_of(changes[i]);
  EXPECT_EQ(target_of(changes[2]), "Note.title");
  EXPECT_EQ(target_of(changes[4]), "Tag");
  EXPECT_EQ(kind_name(K::AddRequiredProperty), "add-required-property");
}

TEST(SchemaChangeData, EachKindAppliesToTheNoteSchema) {
  for (const SchemaChange& c : one_change_of_each_kind()) {
    Schema s = note_schema();
    EXPECT_EQ(apply(s, c), std::nullopt) << target_of(c);
    EXPECT_NE(s, note_schema()) << target_of(c);
  }
}

TEST(SchemaChangeData, RenamingATypeCarriesTheLinksToIt) {
  Schema s = note_schema();
  ASSERT_EQ(apply(s, RenameObjectType{"Note", "Page"}), std::nullopt);
  EXPECT_EQ(s.find("Page", "children")->link_target, "Page");
  EXPECT_EQ(s.find("Tag", "note")->link_target, "Page");
  EXPECT_EQ(s.find("Note"), nullptr);
}

TEST(SchemaChangeData, InverseUndoesEveryKindButAddDefault) {
  for (const SchemaChange& c : one_change_of_each_kind()) {
    const Schema before = note_schema();
    Schema s = before;
    ASSERT_EQ(apply(s, c), std::nullopt) << target_of(c);
    const auto undo = inverse(before, c);
    if (kind_of(c) == K::AddDefault) {
      EXPECT_EQ(undo, std::nullopt);  // the page has no "remove a default value"
      continue;
    }
    ASSERT_TRUE(undo.has_value()) << target_of(c);
    ASSERT_EQ(apply(s, *undo), std::nullopt) << target_of(c);
    EXPECT_EQ(sorted(s), sorted(before)) << target_of(c);
  }
}

TEST(SchemaChangeData, InverseOfAChangeThatDoesNotApplyIsNone) {
  EXPECT_EQ(inverse(note_schema(), RemoveProperty{"Note", "nope"}), std::nullopt);
  EXPECT_EQ(inverse(note_schema(), RemoveObjectType{"Nope"}), std::nullopt);
}

struct BadChange {
  SchemaChange change;
  std::string error;
};

TEST(SchemaChangeData, ChangesThatDoNotApplyAreRefusedAndLeaveTheSchemaAlone) {
  const std::vector<BadChange> cases = {
      {RemoveProperty{"Note", "nope"}, "unknown property 'Note.nope'"},
      {RemoveProperty{"Nope", "text"}, "unknown object type 'Nope'"},
      {AddProperty{"Note", prop("text", PropertyType::String, false)},
       "property 'Note.text' exists"},
      {AddProperty{"Nope", prop("x", PropertyType::Int, false)}, "unknown object type 'Nope'"},
      {AddObjectType{ObjectType{"Tag", {}}}, "object type 'Tag' exists"},
      {RemoveObjectType{"Nope"}, "unknown object type 'Nope'"},
      {RenameObjectType{"Tag", "Note"}, "object type 'Note' exists"},
      {RenameProperty{"Note", "text", "owner"}, "property 'Note.owner' exists"},
      {ChangeRequired{"Note", "isRoot", true}, "'Note.isRoot' is already required"},
      {ChangePropertyType{"Note", "owner", PropertyType::Int, ""},
       "'Note.owner' is already of type int"},
      {AddDefault{"Note", "nope", "1"}, "unknown property 'Note.nope'"},
      // Removing the type that Tag.note links to leaves a link to nothing.
      {RemoveObjectType{"Note"},
       "remove-object-type Note: Tag.note links to unknown object type 'Note'"},
      {AddDefault{"Note", "owner", "seven"},
       "add-default Note.owner: Note.owner has default 'seven', not of type int"},
      {ChangePropertyType{"Note", "owner", PropertyType::Link, "Tag"},
       "change-property-type Note.owner: Note.owner is a required to-one link"},
  };
  for (const BadChange& b : cases) {
    Schema s = note_schema();
    EXPECT_EQ(apply(s, b.change), b.error) << target_of(b.change);
    EXPECT_EQ(s, note_schema()) << target_of(b.change);
  }
}

TEST(SchemaChangeData, AddingADefaultTwiceIsRefused) {
  Schema s = note_schema();
  ASSERT_EQ(apply(s, AddDefault{"Note", "owner", "0"}), std::nullopt);
  EXPECT_EQ(s.find("Note", "owner")->default_value, "0");
  EXPECT_EQ(apply(s, AddDefault{"Note", "owner", "1"}), "'Note.owner' already has a default");
}

// ---- Schemas that contradict themselves ---------------------------------------------------

TEST(SchemaContradiction, TheNoteSchemaIsConsistent) {
  EXPECT_EQ(contradiction(note_schema()), std::nullopt);
  EXPECT_EQ(contradiction(Schema{}), std::nullopt);
}

struct BadSchema {
  const char* what;
  Schema schema;
  std::string error;
};

TEST(SchemaContradiction, EachKindOfContradictionIsNamed) {
  Property with_default = prop("owner", PropertyType::Int, true);
  with_default.default_value = "x1";
  Property list_default = prop("children", PropertyType::LinkList, false, "Note");
  list_default.default_value = "[]";
  const std::vector<BadSchema> cases = {
      {"twice", Schema{{ObjectType{"Note", {}}, ObjectType{"Note", {}}}},
       "object type 'Note' is declared twice"},
      {"property twice",
       Schema{{ObjectType{
           "Note", {prop("a", PropertyType::Int, false), prop("a", PropertyType::Bool, false)}}}},
       "property 'Note.a' is declared twice"},
      {"no name", Schema{{ObjectType{"", {}}}}, "an object type has no name"},
      {"dangling link",
       Schema{{ObjectType{"Note", {prop("parent", PropertyType::Link, false, "Folder")}}}},
       "Note.parent links to unknown object type 'Folder'"},
      {"required link",
       Schema{{ObjectType{"Note", {prop("parent", PropertyType::Link, true, "Note")}}}},
       "Note.parent is a required to-one link"},
      {"target on scalar",
       Schema{{ObjectType{"Note", {prop("text", PropertyType::String, false, "Note")}}}},
       "Note.text is a string but names a link target"},
      {"bad default", Schema{{ObjectType{"Note", {with_default}}}},
       "Note.owner has default 'x1', not of type int"},
      {"list default", Schema{{ObjectType{"Note", {list_default}}}},
       "Note.children is a list and cannot have a default"},
  };
  for (const BadSchema& b : cases) EXPECT_EQ(contradiction(b.schema), b.error) << b.what;
}

TEST(SchemaTypes, NamesRoundTripAndUnknownWordsAreRefused) {
  for (PropertyType t :
       {PropertyType::String, PropertyType::Int, PropertyType::Bool, PropertyType::Date,
        PropertyType::Link, PropertyType::LinkList, PropertyType::StringList})
    EXPECT_EQ(parse_type_name(type_name(t)), t);
  EXPECT_EQ(parse_type_name("float"), std::nullopt);
  EXPECT_EQ(parse_type_name("array"), std::nullopt);
}

}  // namespace
}  // namespace syncsim::model
