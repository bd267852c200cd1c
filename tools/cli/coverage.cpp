// `syncsim run --coverage CATALOG` (tools/cli/coverage.h).
#include "tools/cli/coverage.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "sim/prng.h"
#include "tools/cli/common.h"

namespace syncsim::cli {
namespace {

using nlohmann::json;

std::string read_or_die(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw BadInput{path + ": cannot read the catalogue"};
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

/// The line (1-based) of byte `offset` (nlohmann counts bytes from 1).
std::size_t line_of(const std::string& text, std::size_t offset) {
  const std::size_t end = std::min(offset == 0 ? 0 : offset - 1, text.size());
  return 1 + static_cast<std::size_t>(
                 std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}

json parse_or_die(const std::string& path) {
  const std::string text = read_or_die(path);
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    if (const auto close = what.find("] "); close != std::string::npos)
      what = what.substr(close + 2);
    throw BadInput{fmt::format("{}:{}: malformed JSON: {}", path, line_of(text, e.byte), what)};
  }
}

/// `j[key]` when it is of the expected kind; else the catalogue is refused.
const json& field(const json& j, const char* key, json::value_t kind, const std::string& path) {
  const bool ok = j.is_object() && j.contains(key) &&
                  (j[key].type() == kind ||
                   (kind == json::value_t::number_unsigned && j[key].is_number_integer()));
  if (!ok)
    throw BadInput{fmt::format(
        "{}: not a `syncsim catalog --json` output: \"{}\" missing or of the wrong type", path,
        key)};
  return j[key];
}

std::vector<std::string> strings_or_die(const json& arr, const char* what,
                                        const std::string& path) {
  std::vector<std::string> out;
  for (const auto& s : arr) {
    if (!s.is_string()) throw BadInput{fmt::format("{}: {}: expected strings", path, what)};
    out.push_back(s.get<std::string>());
  }
  return out;
}

void check_identity(const json& j, const Scenario& scn, const std::vector<std::string>& knobs,
                    const std::string& path) {
  using V = json::value_t;
  if (field(j, "command", V::string, path) != "catalog")
    throw BadInput{path + ": not a `syncsim catalog --json` output (command is not \"catalog\")"};
  const std::string built_from = field(j, "scenario", V::string, path).get<std::string>();
  if (field(j, "scenario_fingerprint", V::string, path) != scenario_fingerprint(scn))
    throw BadInput{
        fmt::format("{}: catalogue of another scenario ({}): rebuild it with `syncsim catalog "
                    "--scenario F --json` for this one",
                    path, built_from)};
  if (strings_or_die(field(j, "knobs", V::array, path), "knobs", path) != knobs)
    throw BadInput{path + ": catalogue built with other --knob flags than this run's"};
}

const json& profile_or_die(const json& j, const std::string& profile, const std::string& path) {
  std::string have;
  for (const auto& p : field(j, "profiles", json::value_t::array, path)) {
    const std::string name = field(p, "profile", json::value_t::string, path).get<std::string>();
    if (name == profile) return p;
    have += (have.empty() ? "" : ", ") + name;
  }
  throw BadInput{fmt::format("{}: catalogue of profile(s) {}, not of this run's profile {}", path,
                             have, profile)};
}

std::vector<LossClass> classes_or_die(const json& prof, const std::string& path) {
  using V = json::value_t;
  std::vector<LossClass> out;
  std::size_t k = 0;
  for (const auto& p : field(prof, "patterns", V::array, path)) {
    ++k;
    const std::string effect = field(p, "effect", V::string, path).get<std::string>();
    for (const auto& inst : field(p, "instances", V::array, path)) {
      LossClass c{k, field(inst, "note", V::string, path).get<std::string>(), effect,
                  strings_or_die(field(inst, "facts", V::array, path), "facts", path)};
      for (const auto& f : c.facts)
        if (f.find('|') == std::string::npos)
          throw BadInput{fmt::format("{}: pattern {}: fact '{}' is not \"A|B\"", path, k, f)};
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::string class_name(const LossClass& c) {
  return fmt::format("pattern {}, n = {}", c.pattern, c.note);
}

json class_json(const LossClass& c) {
  return {{"pattern", c.pattern}, {"note", c.note}, {"effect", c.effect}, {"facts", c.facts}};
}

}  // namespace

std::string scenario_fingerprint(const Scenario& scn) {
  return fmt::format("{:016x}", fnv1a64(write_scenario(scn)));
}

CoverageMatcher load_coverage_or_die(const std::string& path, const Scenario& scn,
                                     const std::vector<std::string>& knobs,
                                     const std::string& profile) {
  const json j = parse_or_die(path);
  check_identity(j, scn, knobs, path);
  const json& prof = profile_or_die(j, profile, path);
  if (field(prof, "cut_short", json::value_t::boolean, path).get<bool>())
    fmt::print(stderr, "{}: the catalogue's search was cut short: its classes may not be all\n",
               path);
  return CoverageMatcher(classes_or_die(prof, path));
}

void CoverageTally::add(const CoverageMatch& m, std::uint64_t run_index) {
  for (std::size_t c : m.hit) {
    ++runs[c];
    first_run[c] = std::min(first_run[c], run_index);
  }
  if (m.unclassified_loss) {
    ++unclassified_runs;
    first_unclassified = std::min(first_unclassified, run_index);
  }
}

void CoverageTally::merge(const CoverageTally& t) {
  for (std::size_t c = 0; c < runs.size(); ++c) {
    runs[c] += t.runs[c];
    first_run[c] = std::min(first_run[c], t.first_run[c]);
  }
  unclassified_runs += t.unclassified_runs;
  first_unclassified = std::min(first_unclassified, t.first_unclassified);
}

namespace {

std::size_t hit_count(const CoverageTally& t) {
  return static_cast<std::size_t>(
      std::count_if(t.runs.begin(), t.runs.end(), [](auto n) { return n > 0; }));
}

/// Runs (from the first) after which every class had been hit; 0 when one never was.
std::uint64_t runs_to_last(const CoverageTally& t) {
  std::uint64_t last = 0;
  for (std::uint64_t f : t.first_run) {
    if (f == CoverageTally::kNever) return 0;
    last = std::max(last, f + 1);
  }
  return last;
}

}  // namespace

void print_coverage(const CoverageMatcher& m, const CoverageTally& t) {
  const auto& classes = m.classes();
  fmt::print(stderr, "coverage: {} of {} loss class(es) hit", hit_count(t), classes.size());
  if (const std::uint64_t n = runs_to_last(t); n > 0) fmt::print(stderr, ", the last by run {}", n);
  fmt::print(stderr, "\n");
  for (std::size_t c = 0; c < classes.size(); ++c) {
    if (t.runs[c] == 0) {
      fmt::print(stderr, "  missed: {} ({})\n", class_name(classes[c]), classes[c].effect);
    } else {
      fmt::print(stderr, "  hit: {} in {} run(s), first by run {}\n", class_name(classes[c]),
                 t.runs[c], t.first_run[c] + 1);
    }
  }
  if (t.unclassified_runs > 0)
    fmt::print(stderr, "  {} run(s) lost a note in a way no class describes (first: run {})\n",
               t.unclassified_runs, t.first_unclassified + 1);
}

json coverage_json(const CoverageMatcher& m, const CoverageTally& t) {
  auto per_class = json::array(), missed = json::array();
  for (std::size_t c = 0; c < m.classes().size(); ++c) {
    json cj = class_json(m.classes()[c]);
    if (t.runs[c] == 0) missed.push_back(cj);
    cj["runs"] = t.runs[c];
    cj["first_run"] = t.runs[c] == 0 ? json(nullptr) : json(t.first_run[c] + 1);
    per_class.push_back(std::move(cj));
  }
  const std::uint64_t last = runs_to_last(t);
  return {{"classes", m.classes().size()},
          {"hit", hit_count(t)},
          {"missed", missed},
          {"per_class", per_class},
          {"runs_to_last", last == 0 ? json(nullptr) : json(last)},
          {"unclassified_runs", t.unclassified_runs}};
}

}  // namespace syncsim::cli
