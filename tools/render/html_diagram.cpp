// The sequence diagram of the HTML report, drawn as inline SVG (no mermaid.js: the page
// must work without network access). Same content as render_mermaid: one row per arrow or
// note, lanes as vertical lifelines.
#include <fmt/format.h>

#include <algorithm>

#include "properties/check.h"
#include "tools/render/html.h"

namespace syncsim::render {
namespace {

constexpr int kLaneGapPx = 130;
constexpr int kLeftPx = 70;
constexpr int kHeaderPx = 44;
constexpr int kRowPx = 24;
constexpr int kCharTenthsPx = 75;  ///< width estimate of one 12px monospace character, in 1/10 px

/// One drawn row: an arrow between two lanes, or a note over one lane.
struct Row {
  int from = 0, to = -1;  ///< lane indices; to < 0: a note
  std::string text;
  std::string css;  ///< "msg", "note", "fact", "orphan-note", "violation-note"
};

int lane_index(const std::vector<std::string>& lanes, const std::string& name) {
  const std::string lane = name == "atlas" ? "Atlas" : name;
  const auto it = std::find(lanes.begin(), lanes.end(), lane);
  return it == lanes.end() ? 0 : static_cast<int>(it - lanes.begin());
}

std::vector<Row> rows_of(const Report& r, const std::vector<std::string>& lanes) {
  std::vector<Row> rows;
  for (const auto& e : r.timeline) {
    const std::string text =
        fmt::format("{} {}: {}", e.settle ? "settle" : "step", e.index, e.message);
    if (e.to.empty()) {
      rows.push_back({lane_index(lanes, e.from), -1, text, "note"});
    } else {
      rows.push_back({lane_index(lanes, e.from), lane_index(lanes, e.to), text, "msg"});
    }
    for (const auto& f : e.facts) rows.push_back({lane_index(lanes, f.lane), -1, f.text, "fact"});
    for (const auto& c : e.changes)
      for (const auto& mark : loss_marks(r, c))
        rows.push_back({lane_index(lanes, c.replica), -1, mark.text,
                        mark.orphan ? "orphan-note" : "violation-note"});
  }
  for (const auto& v : r.violations)
    rows.push_back({lane_index(lanes, v.replica.empty() ? "server" : v.replica), -1,
                    "VIOLATION " + v.description, "violation-note"});
  return rows;
}

int lane_x(int lane) {
  return kLeftPx + lane * kLaneGapPx;
}

int text_px(const std::string& text) {
  return static_cast<int>(text.size()) * kCharTenthsPx / 10;
}

void append_row(std::string& svg, const Row& row, int y) {
  const int x = lane_x(row.from);
  if (row.to < 0) {
    const int w = text_px(row.text) + 12;
    svg += fmt::format(
        "<g class=\"{}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\"/>"
        "<text x=\"{}\" y=\"{}\">{}</text></g>\n",
        row.css, x - 10, y - 14, w, kRowPx - 4, x - 4, y + 1, escape_html(row.text));
    return;
  }
  const int x2 = lane_x(row.to);
  svg += fmt::format(
      "<g class=\"{}\"><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" marker-end=\"url(#arrow)\"/>"
      "<text x=\"{}\" y=\"{}\">{}</text></g>\n",
      row.css, x, y, x2 + (x2 > x ? -4 : 4), y, std::min(x, x2) + 6, y - 4, escape_html(row.text));
}

}  // namespace

std::string html_sequence_svg(const Report& r) {
  const std::vector<std::string> lanes = r.lanes();
  const std::vector<Row> rows = rows_of(r, lanes);
  int width = lane_x(static_cast<int>(lanes.size()) - 1) + 60;
  for (const auto& row : rows)
    width = std::max(
        width, lane_x(std::min(row.from, row.to < 0 ? row.from : row.to)) + text_px(row.text) + 40);
  const int height = kHeaderPx + static_cast<int>(rows.size() + 1) * kRowPx;
  std::string svg = fmt::format(
      "<svg class=\"sequence\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"sequence diagram\">\n",
      width, height, width, height);
  svg +=
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
      "markerHeight=\"7\" "
      "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n";
  for (std::size_t i = 0; i < lanes.size(); ++i) {
    const int x = lane_x(static_cast<int>(i));
    svg += fmt::format(
        "<g class=\"lane\"><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>"
        "<rect x=\"{}\" y=\"6\" width=\"84\" height=\"24\" rx=\"4\"/><text x=\"{}\" "
        "y=\"23\">{}</text></g>\n",
        x, kHeaderPx - 14, x, height - 4, x - 42, x, escape_html(lanes[i]));
  }
  int y = kHeaderPx + kRowPx / 2;
  for (const auto& row : rows) {
    append_row(svg, row, y);
    y += kRowPx;
  }
  return svg + "</svg>\n";
}

}  // namespace syncsim::render
