// tools/render: the report of the committed finding trace, escaping, and that every format
// marks the orphans and is a pure function of the report.
#include "tools/render/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace syncsim::render {
namespace {

Report finding_report() {
  std::vector<std::string> warnings;
  auto parsed = load_scenario(
      std::string(SYNCSIM_SOURCE_DIR) + "/corpus/traces/realm-h1-reachability-orphan.trace",
      &warnings);
  EXPECT_TRUE(std::holds_alternative<Scenario>(parsed));
  const Scenario trace = std::get<Scenario>(parsed);
  RunPlan r;
  EXPECT_EQ(plan_run(trace, {}, *trace.seed, r).str(), "");
  Report rep;
  rep.trace_path = "t<&>.trace";
  rep.replay_command = "syncsim replay t<&>.trace";
  collect(r, trace.steps, rep);
  return rep;
}

TEST(Render, CollectSeesTheOrphanAppearAndWhere) {
  const Report rep = finding_report();
  ASSERT_EQ(rep.devices, std::vector<std::string>{"c1"});
  ASSERT_EQ(rep.before.size(), 3u);  // c1, server, atlas
  for (const auto& t : rep.before) EXPECT_TRUE(t.orphans.empty()) << t.name;
  for (const auto& t : rep.after) EXPECT_EQ(t.orphans.size(), 1u) << t.name;
  std::vector<std::string> orphaned_on;
  for (const auto& e : rep.timeline)
    for (const auto& c : e.changes)
      if (!c.orphaned.empty()) orphaned_on.push_back(c.replica);
  EXPECT_EQ(orphaned_on, (std::vector<std::string>{"server", "c1", "atlas"}));
  EXPECT_EQ(rep.timeline.front().from, "admin");
  EXPECT_EQ(rep.timeline.front().to, "server");
}

TEST(Render, EveryFormatMarksTheOrphanAndIsDeterministic) {
  const Report rep = finding_report();
  EXPECT_NE(render_text(rep).find("server: n1.1 orphaned"), std::string::npos);
  EXPECT_NE(render_mermaid(rep).find("LOSS VISIBLE: n1.1 orphaned on c1"), std::string::npos);
  EXPECT_NE(render_dot(rep).find("\"c1/n1.1\" [label=\"n1.1 (orphan)\", class=\"orphan\""),
            std::string::npos);
  const auto json = nlohmann::json::parse(render_json(rep));
  EXPECT_EQ(json["trees"]["after"][0]["orphans"], nlohmann::json::array({"n1.1"}));
  EXPECT_EQ(json["trees"]["before"][0]["orphans"], nlohmann::json::array());
  EXPECT_NE(
      render_html(rep).find(
          "<span class=\"orphan\" title=\"not reachable from its root\">n1.1 (orphan)</span>"),
      std::string::npos);
  EXPECT_EQ(render_html(rep), render_html(finding_report()));
  EXPECT_EQ(render_mermaid(rep), render_mermaid(finding_report()));
}

TEST(Render, TraceTextIsEscaped) {
  const Report rep = finding_report();
  const std::string html = render_html(rep);
  EXPECT_EQ(html.find("t<&>"), std::string::npos);
  EXPECT_NE(html.find("t&lt;&amp;&gt;.trace"), std::string::npos);
  EXPECT_EQ(escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  // The deploy's `array<string>` must not open a tag or entity in Mermaid either.
  const std::string mermaid = render_mermaid(rep);
  EXPECT_NE(mermaid.find("tags:array#lt;string#gt;"), std::string::npos);
  EXPECT_EQ(mermaid.find("t<&>"), std::string::npos);
}

}  // namespace
}  // namespace syncsim::render
