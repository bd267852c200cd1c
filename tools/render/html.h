#pragma once
// Pieces of the HTML report (render_html in render.h assembles them).
#include <string>

#include "tools/render/render.h"

namespace syncsim::render {

/// The sequence diagram as one inline <svg> element.
std::string html_sequence_svg(const Report& r);
/// One replica's tree as nested lists: roots first, then the orphans (class="orphan") and
/// dangling keys (class="dangling").
std::string html_tree(const ReplicaTree& t);
/// The page's stylesheet. The orphan colour is used for nothing else, so a screenshot that
/// contains it shows an orphan (tests/cli/render_html.sh).
std::string_view html_style();

}  // namespace syncsim::render
