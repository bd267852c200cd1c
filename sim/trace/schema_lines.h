#pragma once
// Schemas and schema changes in scenario files (docs/schema-changes.md "Grammar"): the
// `schema server|app N` lines, the typed `deploy` change lists and the old shorthands, their
// canonical text, the file-level checks and what this build's world can run.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/schema.h"
#include "sim/trace/scenario.h"

namespace syncsim {

/// `schema server TYPE PROP...` or `schema app N TYPE PROP...` (tokens, key included).
lex::Err parse_schema_line(const lex::Tokens& t, SchemaLine& out);
/// The arguments of a `deploy` action -> `w` (its shorthand fields or its change list, and
/// `changes` either way: a shorthand names an add-optional/required-property on Note,
/// docs/schema-changes.md "Shorthands vs the docs"). `usage` is the verb's.
lex::Err parse_deploy(const lex::Tokens& args, std::string_view usage, WorkloadLine& w);
/// A field `NAME:TYPE[:required]` (no default) of a deploy shorthand or a migration line.
lex::Err parse_field(std::string_view field, model::Property& out);
/// The shorthand field `NAME:TYPE[:required]` -> add-optional/required-property on Note.
lex::Err parse_shorthand_change(std::string_view field, model::SchemaChange& out);
/// The tokens after `deploy` of a change list (`KIND ARGS..., KIND ARGS...`) -> the changes.
lex::Err parse_change_list(const lex::Tokens& args, std::vector<model::SchemaChange>& out);

/// Canonical text: `text:string`, `owner:int:required`, `children:list<Note>`, `n:int=3`.
std::string property_text(const model::Property& p);
/// Canonical text of a change as a deploy line spells it (`rename-property Note.text body`).
std::string change_text(const model::SchemaChange& c);
/// The changes joined by `, `: a change-list deploy's text and label.
std::string change_list_text(const std::vector<model::SchemaChange>& changes);
/// A deploy line's text after `deploy additive|breaking` (the shorthand's field,
/// `tags:array<string>`) or after `deploy` (the change list's canonical text); "" for a line
/// that is no deploy.
std::string deploy_text(const WorkloadLine& w);
/// `schema server Note text:string ...` / `schema app 2 Note ...`, without the newline.
std::string schema_line_text(const SchemaLine& l);

/// The schema the file declares for the server (`app` 0) or app version `app`: its `schema`
/// lines for that side in file order; model::note_schema() when there are none (app versions
/// without lines have the server's initial schema). Not checked: see check_schemas.
model::Schema declared_schema(const Scenario& s, std::uint32_t app);
/// The deploy lines in the order the world runs them: by time, file order among equal times.
std::vector<const WorkloadLine*> deploys_in_order(const Scenario& s);

/// The file's schema checks, each error at its line: every declared schema is consistent
/// (model::contradiction); when a deploy has a change list no deploy has a time window (the
/// order of the changes is fixed); each deploy's changes apply (model::apply) to the server
/// schema in force; when the file has `schema app` lines, every app version a device or an
/// `upgrade-app` names other than 1 is declared. Returns no message when all hold.
ParseError check_schemas(const Scenario& s);

/// What this build's world runs (docs/schema-changes.md "What the world does"): the server's
/// initial schema as today's Note, app models that add properties to it (devices start on one
/// the server holds), the shorthands, and a change list of one add-optional-property.
/// Anything else is refused at its line ("not modelled yet"), never run as something else.
ParseError check_schemas_modelled(const Scenario& s);
/// The Verdant profiles' part of it: their app versions are the migration chain, so `schema
/// app` lines must be today's Note there.
ParseError check_schemas_modelled_verdant(const Scenario& s);

}  // namespace syncsim
