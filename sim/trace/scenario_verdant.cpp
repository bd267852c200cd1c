// Scenario lines of the Verdant profiles (spec §6): `migration M->M+1 add FIELD default V`,
// and the check that the migration chain has no gap (docs/verdant.md, docs/trace-format.md).
#include <algorithm>
#include <climits>

#include "model/verdant.h"
#include "sim/trace/scenario.h"
#include "sim/trace/schema_lines.h"

namespace syncsim {

std::optional<std::string> parse_migration(const std::vector<std::string_view>& t,
                                           MigrationLine& out) {
  constexpr std::string_view kUsage =
      "expected 'migration M->N add NAME:TYPE[:required] default V'";
  if (t.size() != 6 || t[2] != "add" || t[4] != "default") return std::string(kUsage);
  const std::string_view arrow = t[1];
  const std::size_t at = arrow.find("->");
  if (at == std::string_view::npos) return std::string(kUsage);
  std::uint64_t from = 0, to = 0;
  if (auto e = lex::parse_uint(arrow.substr(0, at), "migration source version",
                               model::verdant::kMaxSchema, from))
    return e;
  if (auto e = lex::parse_uint(arrow.substr(at + 2), "migration target version",
                               model::verdant::kMaxSchema, to))
    return e;
  if (from < 1 || to != from + 1)
    return "migration " + lex::quote(arrow) + " must go from vM to vM+1 (M >= 1)";
  if (!lex::is_field_spec(t[3]))
    return "bad field " + lex::quote(t[3]) + " (expected NAME:TYPE or NAME:TYPE:required)";
  if (auto e = parse_field(t[3], out.field)) return e;
  out.from = static_cast<std::uint32_t>(from);
  return lex::parse_int(t[5], "migration default", INT64_MIN + 1, INT64_MAX, out.fill);
}

namespace {

ParseError at(const Scenario& s, int line, std::string message) {
  return ParseError{s.source, line, std::move(message)};
}

std::string no_path(std::uint32_t v, std::uint32_t latest) {
  return "app schema " + std::to_string(v) + " has no migration path from v1 (the chain ends at v" +
         std::to_string(latest) + "; a missing historical schema is an error, see docs/verdant.md)";
}

}  // namespace

ParseError check_migration_chain(const Scenario& s) {
  // Sorted by source version, file order kept for equal ones (so the duplicate is the later).
  std::vector<const MigrationLine*> chain;
  for (const auto& m : s.migrations) chain.push_back(&m);
  std::stable_sort(chain.begin(), chain.end(), [](const MigrationLine* a, const MigrationLine* b) {
    return a->from < b->from;
  });
  std::uint32_t expected = 1;
  for (const MigrationLine* m : chain) {
    if (m->from < expected)
      return at(
          s, m->line,
          "duplicate migration " + std::to_string(m->from) + "->" + std::to_string(m->from + 1));
    if (m->from > expected)
      return at(s, m->line,
                "migration " + std::to_string(m->from) + "->" + std::to_string(m->from + 1) +
                    " but no migration " + std::to_string(expected) + "->" +
                    std::to_string(expected + 1) + ": the chain from v1 has a gap");
    ++expected;
  }
  const std::uint32_t latest = expected;
  for (const auto& d : s.devices)
    if (d.app_schema > latest) return at(s, d.line, no_path(d.app_schema, latest));
  for (const auto& w : s.workload)
    if (w.kind == WorkKind::UpgradeApp && w.app_schema > latest)
      return at(s, w.line, no_path(w.app_schema, latest));
  return ParseError{};
}

}  // namespace syncsim
