// Schema lines and typed deploys in scenario files (docs/schema-changes.md "Grammar"): what
// each line parses into, canonical text and round trips, labels, the shorthands' meaning, and
// what a run refuses. Bad input with its line: tests/cli/schema_lint.sh.
#include "sim/trace/schema_lines.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "sim/run_plan.h"
#include "sim/workload.h"
#include "tests/test_support.h"

namespace syncsim {
namespace {

using model::PropertyType;

constexpr std::string_view kHead = "syncsim-trace 1\ndevice c1 user u1\n";

std::string parse_error(const std::string& text) {
  auto r = parse_scenario(text, "t.scn");
  if (const auto* e = std::get_if<ParseError>(&r)) return e->str();
  return "";
}

TEST(SchemaLines, ParseIntoTheModelsSchema) {
  const Scenario s =
      test::parse_text(std::string(kHead) +
                       "schema server Note text:string children:list<Note> "
                       "isRoot:bool:required owner:int:required lastUpdated:date:required\n"
                       "schema server Tag label:string:required=x note:link<Note>\n"
                       "schema app 2 Note text:string\n");
  ASSERT_EQ(s.schemas.size(), 3u);
  EXPECT_EQ(s.schemas[0].app, 0u);
  EXPECT_EQ(s.schemas[2].app, 2u);
  EXPECT_EQ(s.schemas[1].line, 4);
  const model::Schema server = declared_schema(s, 0);
  EXPECT_EQ(server.types[0], model::note_schema().types[0]);  // the same Note, written out
  const model::Property* label = server.find("Tag", "label");
  ASSERT_NE(label, nullptr);
  EXPECT_TRUE(label->required);
  EXPECT_EQ(label->default_value, std::optional<std::string>("x"));
  const model::Property* link = server.find("Tag", "note");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->type, PropertyType::Link);
  EXPECT_EQ(link->link_target, "Note");
  EXPECT_EQ(declared_schema(s, 2).types.size(), 1u);
  EXPECT_EQ(declared_schema(s, 7), server);  // undeclared app versions: the server's schema
}

TEST(SchemaLines, WithoutSchemaLinesTheServerHasTodaysNote) {
  const Scenario s = test::parse_text(std::string(kHead));
  EXPECT_EQ(declared_schema(s, 0), model::note_schema());
  EXPECT_EQ(declared_schema(s, 1), model::note_schema());
}

TEST(SchemaLines, ShorthandsNameAPropertyOfNote) {
  const Scenario s =
      test::parse_text(std::string(kHead) +
                       "workload at 1ms admin deploy additive tags:array<string>\n"
                       "workload at 2ms admin deploy breaking title:string:required\n");
  ASSERT_EQ(s.workload.size(), 2u);
  for (const auto& w : s.workload) {
    EXPECT_FALSE(w.change_list);
    ASSERT_EQ(w.changes.size(), 1u);
  }
  const auto* tags = std::get_if<model::AddProperty>(&s.workload[0].changes[0]);
  ASSERT_NE(tags, nullptr);
  EXPECT_EQ(tags->type, "Note");
  EXPECT_EQ(tags->property.type, PropertyType::StringList);
  EXPECT_EQ(model::kind_of(s.workload[0].changes[0]), model::ChangeKind::AddOptionalProperty);
  EXPECT_EQ(model::kind_of(s.workload[1].changes[0]), model::ChangeKind::AddRequiredProperty);
  EXPECT_TRUE(s.workload[1].breaking);
  EXPECT_EQ(deploy_text(s.workload[1]), "title:string:required");  // written back as it was
}

TEST(SchemaLines, ChangeListsRoundTripInCanonicalSpelling) {
  const std::string body =
      "schema server Note text:string children:list<Note> isRoot:bool:required "
      "owner:int:required lastUpdated:date:required\n"
      "schema server Tag label:string:required note:link<Note>\n"
      "schema app 2 Note text:string=none\n"
      "workload at 1ms admin deploy add-object-type Folder name:string:required, add-default "
      "Note.owner 0\n"
      "workload at 2ms admin deploy add-required-property Note.title:string=untitled, "
      "add-optional-property Note.pinned:bool\n"
      "workload at 3ms admin deploy remove-object-type Folder, remove-property Note.pinned, "
      "rename-object-type Tag Label, rename-property Note.title heading\n"
      "workload at 4ms admin deploy change-property-type Note.owner string, "
      "change-required Note.text required\n";
  const std::string text = write_scenario(test::parse_text(std::string(kHead) + body));
  EXPECT_NE(text.find(body), std::string::npos) << text;
  EXPECT_EQ(write_scenario(test::parse_text(text)), text);
  // Commas may also stand alone; the canonical text puts them at the end of a token.
  const Scenario loose =
      test::parse_text(std::string(kHead) +
                       "workload at 1ms admin deploy remove-property Note.text , "
                       "add-optional-property Note.x:int\n");
  EXPECT_EQ(deploy_text(loose.workload[0]),
            "remove-property Note.text, add-optional-property Note.x:int");
}

TEST(SchemaLines, ChangesApplyInTimeOrderThenFileOrder) {
  const Scenario s =
      test::parse_text(std::string(kHead) +
                       "workload at 5ms admin deploy remove-property Note.x\n"
                       "workload at 1ms admin deploy additive x:string\n"
                       "workload at 5ms admin deploy add-optional-property Note.x:int\n");
  const auto order = deploys_in_order(s);
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order[0]->line, 4);
  EXPECT_EQ(order[1]->line, 3);
  EXPECT_EQ(order[2]->line, 5);
  // The same at equal times in the other file order: adding x twice.
  EXPECT_EQ(parse_error(std::string(kHead) + "workload at 1ms admin deploy additive x:string\n"
                                             "workload at 1ms admin deploy add-optional-property "
                                             "Note.x:int\n"),
            "t.scn:4: add-optional-property Note.x: property 'Note.x' exists");
}

TEST(SchemaLines, AChangeListLabelIsItsCanonicalText) {
  const Scenario s = test::parse_text(
      std::string(kHead) +
      "workload at 1ms admin deploy add-optional-property Note.tags:array<string>\n"
      "workload at 2ms admin deploy additive x:string\n");
  Workload wl;
  ASSERT_EQ(expand_workload(s, wl).message, "");
  ASSERT_EQ(wl.scripts[0].size(), 2u);
  EXPECT_EQ(wl.label(wl.scripts[0][0]),
            "admin deploy add-optional-property Note.tags:array<string>");
  EXPECT_EQ(wl.label(wl.scripts[0][1]), "admin deploy additive x:string");
  EXPECT_FALSE(wl.scripts[0][0].breaking);
}

TEST(SchemaLines, ARunRefusesWhatTheWorldDoesNotModel) {
  const auto refusal = [](const std::string& lines) {
    const Scenario s = test::parse_text(std::string(kHead) + lines);
    RunPlan r;
    std::string run = plan_run(s, Overrides{}, 1, r).str();
    Overrides lint;
    lint.classify_only = true;
    EXPECT_EQ(plan_run(s, lint, 1, r).str(), "") << lines;  // lint classifies it
    return run;
  };
  EXPECT_EQ(refusal("workload at 1ms admin deploy add-optional-property Note.tags:array<string>\n"),
            "");
  EXPECT_EQ(refusal("workload at 1ms admin deploy additive x:string:required\n"), "");
  EXPECT_EQ(refusal("schema server Note text:string children:list<Note> isRoot:bool:required "
                    "owner:int:required lastUpdated:date:required\n"),
            "");
  const std::string not_modelled = ": not modelled yet";
  for (const std::string lines :
       {"workload at 1ms admin deploy add-required-property Note.x:string\n",
        "workload at 1ms admin deploy remove-property Note.text\n",
        "workload at 1ms admin deploy add-optional-property Note.a:int, add-optional-property "
        "Note.b:int\n",
        "schema server Note text:string\n", "schema app 2 Note text:string\n"}) {
    const std::string e = refusal(lines);
    EXPECT_EQ(e.rfind("t.scn:3: ", 0), 0u) << e;
    EXPECT_NE(e.find(not_modelled), std::string::npos) << e;
  }
}

}  // namespace
}  // namespace syncsim
