#pragma once
// The catalogue as Markdown (docs/CATALOG.md, docs/catalog/): rendering only; the analysis
// (patterns, compare_pattern) lives in sim/search/catalog.h.
#include <functional>
#include <string>
#include <vector>

#include "sim/search/catalog.h"

namespace syncsim {

/// Markdown placed after a pattern's example, e.g. its sequence diagram. Supplied by the
/// caller (the CLI draws it as a sequence diagram).
using ExampleDiagram = std::function<std::string(const ProfileCatalog&, const Pattern&)>;

/// Markdown: a summary table, the pattern x profile table (when several), then each
/// profile's patterns with their facts, counts and one example (followed by `diagram`'s
/// text when given). `command` is quoted as the way to regenerate the document;
/// `title`/`about` head it.
std::string catalog_markdown(const std::vector<ProfileCatalog>& cats, const std::string& title,
                             const std::string& about, const std::string& command,
                             const ExampleDiagram& diagram = {});

/// The pattern x profile table, Markdown.
std::string compare_markdown(const std::vector<ProfileCatalog>& cats);

/// "A|B" -> "`A` before `B`".
std::string render_fact(const std::string& fact);

}  // namespace syncsim
