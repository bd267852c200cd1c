// The catalogue as Markdown (tools/render/catalog_markdown.h): the analysis it renders is
// sim/search/catalog.h.
// Deterministic text: no timings, so that the committed docs/CATALOG.md can be checked.
#include "tools/render/catalog_markdown.h"

#include <algorithm>
#include <map>

#include "model/policy.h"
#include "sim/search/catalog_detail.h"

namespace syncsim {
namespace {

std::string with_commas(std::uint64_t v) {
  std::string digits = std::to_string(v), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string with_commas(const Count& v) {
  if (v.fits_u64()) return with_commas(v.low_u64());
  std::string digits = v.decimal(), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return "0%";
  const std::uint64_t tenths = (part * 1000 + whole / 2) / whole;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

/// Exact counts can exceed 2^64 (sim/search/explore_count.h): then the ratio is taken in doubles,
/// exact to the printed tenth of a percent.
std::string percent(const Count& part, const Count& whole) {
  constexpr std::uint64_t kExactBelow = UINT64_MAX / 1000;
  if (whole.fits_u64() && whole.low_u64() < kExactBelow)
    return percent(part.low_u64(), whole.low_u64());
  const auto tenths = static_cast<std::uint64_t>(part.approx() * 1000 / whole.approx() + 0.5);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "%";
}

/// "reachability-orphan@c1 reachability-orphan@server" -> "reachability-orphan on c1, server".
std::string render_effect(const std::string& effect) {
  std::map<std::string, std::vector<std::string>> by_kind;
  std::vector<std::string> order;
  for (std::size_t i = 0; i < effect.size();) {
    const std::size_t end = std::min(effect.find(' ', i), effect.size());
    const std::string token = effect.substr(i, end - i);
    i = end + 1;
    const auto at = token.find('@');
    const std::string kind = token.substr(0, at),
                      replica = at == std::string::npos ? "" : token.substr(at + 1);
    if (by_kind.find(kind) == by_kind.end()) order.push_back(kind);
    by_kind[kind].push_back(replica);
  }
  std::string out;
  for (const auto& kind : order) {
    if (!out.empty()) out += "; ";
    out += "`" + kind + "` on ";
    const auto& replicas = by_kind[kind];
    for (std::size_t i = 0; i < replicas.size(); ++i) out += (i > 0 ? ", " : "") + replicas[i];
  }
  return out;
}

std::string pattern_key(const Pattern& p) {
  std::vector<std::string> facts = p.facts;
  std::sort(facts.begin(), facts.end());
  std::string key = p.effect;
  for (const auto& f : facts) key += "\n" + f;
  return key;
}

std::string subject(const Pattern& p) {
  if (p.generic) return "n";
  return p.instances.size() == 1 ? "`" + p.instances.front().note + "`" : "the note";
}

std::string profile_class(const std::string& name) {
  const auto* info = model::find_profile(name);
  return info == nullptr ? "?" : std::string(to_string(info->klass));
}

void render_summary(std::string& md, const std::vector<ProfileCatalog>& cats) {
  md += "## Summary\n\n";
  md +=
      "| profile | class | states | complete executions | failing executions | patterns | "
      "undecided |\n";
  md += "|---|---|---:|---:|---:|---:|---:|\n";
  for (const auto& c : cats) {
    const auto& s = c.search;
    md += "| `" + c.profile + "` | " + profile_class(c.profile) + " | " + with_commas(s.states) +
          " | " + with_commas(s.executions) + " | " + with_commas(s.failing_executions) + " (" +
          percent(s.failing_executions, s.executions) + ") | " + std::to_string(c.patterns.size()) +
          " | " + with_commas(c.undecided) + " |\n";
  }
  md += "\n";
}

void render_pattern(std::string& md, const Pattern& p, std::size_t number,
                    const std::string& diagram) {
  md += "### Pattern " + std::to_string(number) + ": " + subject(p) + " ends " +
        render_effect(p.effect) + "\n\n";
  md += "Holds";
  for (std::size_t i = 0; i < p.instances.size(); ++i)
    md += std::string(i == 0 ? " " : ", ") + "for `" + p.instances[i].note + "` in " +
          with_commas(p.instances[i].executions) + " execution(s)";
  if (p.instances.size() > 1) md += " (" + with_commas(p.executions) + " losses in all)";
  md += "; whenever it holds, the note is lost this way. The facts:\n\n";
  for (const auto& f : p.facts) md += "- " + render_fact(f) + "\n";
  md += "\nShortest example (n = `" + p.example_note + "`, " + std::to_string(p.example.size()) +
        " chosen steps, then the settle phase):\n\n";
  for (std::size_t i = 0; i < p.example.size(); ++i)
    md += std::to_string(i + 1) + ". `" + p.example[i] + "`\n";
  md += "\n" + diagram;
}

/// What no pattern decides, with a shortest example each, so that nothing is hidden.
void render_undecided(std::string& md, const ProfileCatalog& c) {
  for (const auto& u : c.undecided_groups) {
    md += "### Undecided: `" + u.note + "` ends " + render_effect(u.effect) + "\n\n";
    md += with_commas(u.executions) +
          " execution(s) lose it this way where no pattern of this size holds. " +
          "Shortest example (" + std::to_string(u.example.size()) +
          " chosen steps, then the settle phase):\n\n";
    for (std::size_t i = 0; i < u.example.size(); ++i)
      md += std::to_string(i + 1) + ". `" + u.example[i] + "`\n";
    md += "\n";
  }
}

void render_profile(std::string& md, const ProfileCatalog& c, const ExampleDiagram& diagram) {
  const auto* info = model::find_profile(c.profile);
  md += "## `" + c.profile + "` (" + profile_class(c.profile) + ")\n\n";
  if (info != nullptr) md += std::string(info->summary) + ".\n\n";
  const auto& s = c.search;
  if (s.cut_short) md += "**" + s.cut_message + ".**\n\n";
  if (s.failing_executions == 0) {
    md += "No ordering loses or misplaces a note, or breaks another property: all " +
          with_commas(s.executions) + " complete executions (" + with_commas(s.states) +
          " distinct states) end with every property of " + "spec §7 holding" +
          (s.cut_short ? " in the part searched" : ", exhaustively") + ".\n\n";
    return;
  }
  md += with_commas(s.failing_executions) + " of " + with_commas(s.executions) +
        " complete executions (" + percent(s.failing_executions, s.executions) + ") fail. ";
  md += std::to_string(c.patterns.size()) + " pattern(s) decide every loss";
  if (c.undecided > 0)
    md += " except " + with_commas(c.undecided) +
          " (note, execution) pair(s) that no pattern of this size decides";
  md += ".\n\n";
  for (std::size_t i = 0; i < c.patterns.size(); ++i)
    render_pattern(md, c.patterns[i], i + 1, diagram ? diagram(c, c.patterns[i]) : std::string());
  render_undecided(md, c);
}

}  // namespace

std::string render_fact(const std::string& fact) {
  const auto bar = fact.find('|');
  return "`" + fact.substr(0, bar) + "` before `" + fact.substr(bar + 1) + "`";
}

std::string compare_markdown(const std::vector<ProfileCatalog>& cats) {
  std::vector<const Pattern*> patterns;
  std::vector<std::string> keys, found_in;
  for (const auto& c : cats)
    for (const auto& p : c.patterns) {
      const std::string key = pattern_key(p);
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      keys.push_back(key);
      patterns.push_back(&p);
      found_in.push_back(c.profile);
    }
  std::string md = "| # | pattern (facts, then effect) | found under |";
  for (const auto& c : cats) md += " `" + c.profile + "` |";
  md += "\n|---:|---|---|";
  for (std::size_t i = 0; i < cats.size(); ++i) md += "---|";
  md += "\n";
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    const Pattern& p = *patterns[i];
    md += "| " + std::to_string(i + 1) + " | ";
    for (std::size_t f = 0; f < p.facts.size(); ++f)
      md += (f > 0 ? "; " : "") + render_fact(p.facts[f]);
    md += " ⇒ " + subject(p) + " ends " + render_effect(p.effect) + " | `" + found_in[i] + "` |";
    for (const auto& c : cats) {
      const CompareCell cell = compare_pattern(p, c);
      if (!cell.applicable || cell.matching == 0) {
        md += " never happens |";
      } else if (cell.losing == 0) {
        md += " safe (0 of " + with_commas(cell.matching) + ") |";
      } else {
        md +=
            " loses it in " + with_commas(cell.losing) + " of " + with_commas(cell.matching) + " |";
      }
    }
    md += "\n";
  }
  if (patterns.empty())
    md += "| | no profile loses a note | |" + std::string(cats.size() * 2, ' ') + "\n";
  return md;
}

std::string catalog_markdown(const std::vector<ProfileCatalog>& cats, const std::string& title,
                             const std::string& about, const std::string& command,
                             const ExampleDiagram& diagram) {
  std::string md = "# " + title + "\n\n" + about + "\n\n";
  md += "Generated by `" + command +
        "`. Do not edit: a test regenerates this file and fails when it is stale.\n\n";
  md +=
      "How to read it: every ordering of the scenario's actions (the untimed discipline) was run, "
      "then settled and checked (spec §7). An *event* is the first time something happened in an "
      "execution: a workload item ran (`c1 insert n1.2 under root`), a changeset reached the "
      "server or a "
      "device (`n1.2 reached server`, `reinsert.1.1 reached c1`), r2m wrote it to Atlas (`r2m "
      "wrote n1.2`), "
      "a re-insert batch ran (`m2r reinsert 1/1`), the server's acknowledgement reached a device "
      "(`ack n1.2 reached c1`; named only when the exploration has a client reset or a lost "
      "acknowledged write, the outcomes acknowledgements decide), a device was reset (`c1 reset`, "
      "`c1 reset 2`, `c1 reset failed`). A "
      "*pattern* is a smallest set of facts \"A before B\" such that every execution where they "
      "all hold "
      "loses the note that way; \"A before B\" also holds when B never happened (`admin deploy "
      "...` before "
      "`r2m wrote n`: r2m had not written n when the deploy came). `n` stands for any note the "
      "same facts "
      "decide. Counts are complete executions (orderings), exact. The catalogues of every model "
      "section (spec §4-6) and their reference scenarios are listed in "
      "`docs/catalog/README.md`.\n\n";
  render_summary(md, cats);
  if (cats.size() > 1) {
    md +=
        "## Patterns side by side\n\nFor each pattern, under each profile: how many of the "
        "executions "
        "where its facts hold lose the note (any way).\n\n";
    md += compare_markdown(cats) + "\n";
  }
  for (const auto& c : cats) render_profile(md, c, diagram);
  while (md.size() >= 2 && md[md.size() - 1] == '\n' && md[md.size() - 2] == '\n') md.pop_back();
  return md;
}

}  // namespace syncsim
