// `syncsim catalog` and `syncsim compare`: the failing orderings of a scenario
// grouped into patterns, per profile (sim/search/catalog.h), as Markdown; and the pattern x profile
// table. docs/CATALOG.md is `catalog`'s output (tests/cli/catalog.sh checks it is current).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/search/catalog.h"
#include "tools/cli/commands.h"
#include "tools/cli/coverage.h"
#include "tools/render/catalog_markdown.h"

namespace syncsim::cli {
namespace {

std::vector<std::string> split_profiles(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream ss(list);
  for (std::string p; std::getline(ss, p, ',');)
    if (!p.empty()) out.push_back(p);
  return out;
}

std::vector<ProfileCatalog> build_all(const Scenario& scn, const std::vector<std::string>& profiles,
                                      const std::vector<std::string>& knobs,
                                      const CatalogOptions& opt, std::vector<RunPlan>& resolved) {
  // All resolved first: bad input fails before any search.
  for (const auto& p : profiles) {
    Overrides o;
    o.profile = p;
    o.discipline = Discipline::Untimed;
    o.knobs = parse_knob_flags(knobs);
    resolved.push_back(plan_run_or_die(scn, o, scn.seed.value_or(1)));
  }
  std::vector<ProfileCatalog> cats;
  for (const RunPlan& r : resolved) {
    const std::string& p = r.profile;
    cats.push_back(build_catalog(r, opt));
    const auto& s = cats.back().search;
    fmt::print(stderr, "{}: {} states, {} executions, {} failing, {} pattern(s){}\n", p, s.states,
               s.executions.decimal(), s.failing_executions.decimal(), cats.back().patterns.size(),
               s.cut_short ? " (" + s.cut_message + ")" : "");
  }
  return cats;
}

/// The scenario's own lines (what was explored), for the document's header.
std::string scenario_block(const Scenario& scn) {
  std::stringstream in(write_scenario(scn));
  std::string out;
  for (std::string line; std::getline(in, line);)
    for (const char* key : {"device ", "tree ", "knob ", "workload "})
      if (line.rfind(key, 0) == 0) out += line + "\n";
  return out;
}

using TracePaths = std::vector<std::vector<std::string>>;  ///< per profile, per pattern

nlohmann::json pattern_json(const Pattern& p, const std::string& trace) {
  auto inst = nlohmann::json::array();
  for (const auto& i : p.instances)
    inst.push_back(
        {{"note", i.note}, {"executions", count_json(i.executions)}, {"facts", i.facts}});
  return {
      {"effect", p.effect},   {"facts", p.facts},
      {"generic", p.generic}, {"executions", count_json(p.executions)},
      {"instances", inst},    {"example_note", p.example_note},
      {"example", p.example}, {"trace", trace.empty() ? nlohmann::json() : nlohmann::json(trace)}};
}

nlohmann::json catalog_json(const ProfileCatalog& c, const std::vector<std::string>& traces) {
  auto pats = nlohmann::json::array();
  for (std::size_t k = 0; k < c.patterns.size(); ++k)
    pats.push_back(pattern_json(c.patterns[k], k < traces.size() ? traces[k] : std::string()));
  const auto& s = c.search;
  return {{"profile", c.profile},
          {"states", s.states},
          {"executions", count_json(s.executions)},
          {"failing", count_json(s.failing_executions)},
          {"cut_short", s.cut_short},
          {"undecided", count_json(c.undecided)},
          {"patterns", pats}};
}

void write_file(const std::string& path, const std::string& text) {
  if (const auto dir = std::filesystem::path(path).parent_path(); !dir.empty())
    std::filesystem::create_directories(dir);
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) throw BadInput{"cannot write " + path};
}

/// Each pattern's example replayed and written as a trace (`--traces DIR`): the catalogue's
/// findings replay like every other finding of the tool.
TracePaths write_example_traces(const std::string& dir, const std::vector<ProfileCatalog>& cats,
                                const std::vector<RunPlan>& resolved) {
  TracePaths out(cats.size());
  for (std::size_t c = 0; c < cats.size(); ++c)
    for (std::size_t k = 0; k < cats[c].patterns.size(); ++k) {
      const Pattern& p = cats[c].patterns[k];
      ObservedRun obs;
      const std::string path = fmt::format("{}/{}-pattern-{}.trace", dir, cats[c].profile, k + 1);
      out[c].push_back(write_steps_trace(path, resolved[c], p.example, obs));
      fmt::print(stderr, "{} pattern {} (n = {}): trace written to {}\nreplay with: {}\n",
                 cats[c].profile, k + 1, p.example_note, path, replay_command(path));
    }
  return out;
}

}  // namespace

int cmd_catalog(const CatalogArgs& a) {
  const Scenario scn = load_or_die(a.scenario);
  std::vector<std::string> profiles = split_profiles(a.profiles);
  if (!a.profile.empty()) profiles.insert(profiles.begin(), a.profile);
  if (profiles.empty()) profiles.push_back(scn.profile.empty() ? "realm-h1" : scn.profile);
  CatalogOptions opt;
  opt.max_states = a.max_states;
  opt.max_facts = a.max_facts;
  std::vector<RunPlan> resolved;
  const auto cats = build_all(scn, profiles, a.knobs, opt, resolved);
  const TracePaths traces =
      a.traces.empty() ? TracePaths(cats.size()) : write_example_traces(a.traces, cats, resolved);
  // Each pattern's example as a Mermaid sequence diagram (rendered by GitHub and most
  // Markdown viewers); the example replays under the profile it was found under.
  const ExampleDiagram diagram = [&](const ProfileCatalog& c, const Pattern& p) {
    const auto it = std::find_if(resolved.begin(), resolved.end(),
                                 [&](const RunPlan& r) { return r.profile == c.profile; });
    if (it == resolved.end()) return std::string();
    const std::string title = c.profile + " example, n = " + p.example_note;
    return "```mermaid\n" + example_mermaid(*it, p.example, title) + "```\n\n";
  };
  // The regenerating command, without -o: the text is the same wherever it is written.
  std::string command = "syncsim catalog --scenario " + a.scenario;
  command += profiles.size() == 1 ? " --profile " + profiles.front() : " --profiles " + a.profiles;
  const std::string about = "Scenario `" + a.scenario +
                            "`, explored exhaustively under each profile:\n\n```\n" +
                            scenario_block(scn) + "```";
  const std::string md =
      catalog_markdown(cats, "Catalogue of orderings that lose notes", about, command, diagram);
  if (!a.out.empty()) {
    write_file(a.out, md);
    fmt::print(stderr, "catalogue written to {}\n", a.out);
  } else if (!a.json) {
    fmt::print("{}", md);
  }
  if (a.json) {
    auto j = envelope("catalog");
    auto arr = nlohmann::json::array();
    for (std::size_t c = 0; c < cats.size(); ++c) arr.push_back(catalog_json(cats[c], traces[c]));
    j["scenario"] = a.scenario;
    j["scenario_fingerprint"] = scenario_fingerprint(scn);  // what `run --coverage` checks
    j["knobs"] = a.knobs;
    j["profiles"] = arr;
    fmt::print("{}\n", j.dump());
  }
  return kExitOk;
}

int cmd_compare(const CompareArgs& a) {
  const Scenario scn = load_or_die(a.scenario);
  const std::vector<std::string> profiles = split_profiles(a.profiles);
  if (profiles.empty()) throw BadInput{"--profiles: expected a comma-separated list of profiles"};
  CatalogOptions opt;
  opt.max_states = a.max_states;
  std::vector<RunPlan> resolved;
  const auto cats = build_all(scn, profiles, a.knobs, opt, resolved);
  if (!a.json) {
    fmt::print("{}", compare_markdown(cats));
    return kExitOk;
  }
  auto j = envelope("compare");
  j["scenario"] = a.scenario;
  j["profiles"] = profiles;
  auto rows = nlohmann::json::array();
  for (const auto& c : cats)
    for (const auto& p : c.patterns) {
      auto cells = nlohmann::json::object();
      for (const auto& on : cats) {
        const CompareCell cell = compare_pattern(p, on);
        cells[on.profile] = {{"applicable", cell.applicable},
                             {"matching", count_json(cell.matching)},
                             {"losing", count_json(cell.losing)}};
      }
      rows.push_back(
          {{"found_under", c.profile}, {"effect", p.effect}, {"facts", p.facts}, {"cells", cells}});
    }
  j["patterns"] = rows;
  fmt::print("{}\n", j.dump());
  return kExitOk;
}

}  // namespace syncsim::cli
