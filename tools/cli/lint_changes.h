#pragma once
// `syncsim lint`'s report of a scenario's schema changes: each deploy's changes in the order
// they apply, classified by model::classify (docs/schema-changes.md "Lint").
#include <nlohmann/json.hpp>

#include "sim/trace/scenario.h"

namespace syncsim::cli {

/// `[{"line", "kind", "target", "breaking", "allowed_in", "procedure", ...}, ...]`.
nlohmann::json lint_changes(const Scenario& s);
/// One line per change on stderr (README "CLI": stdout is for --json), `FILE:LINE: KIND
/// TARGET: ...`, from lint_changes' entries.
void print_lint_changes(const std::string& file, const nlohmann::json& changes);

}  // namespace syncsim::cli
