#pragma once
// Helpers shared by the tests: loading checked-in scenarios and running them.
#include <gtest/gtest.h>

#include <string>
#include <variant>

#include "properties/check.h"
#include "sim/runner.h"

namespace syncsim::test {

/// The tests run with the whole-state assertions on (model/assert.h), as replay does.
inline const bool kSlowAssertionsOn = [] {
  model::set_slow_assertions(true);
  return true;
}();

inline std::string source_path(const std::string& rel) {
  return std::string(SYNCSIM_SOURCE_DIR) + "/" + rel;
}

inline Scenario load(const std::string& rel) {
  auto parsed = load_scenario(source_path(rel));
  if (auto* e = std::get_if<ParseError>(&parsed)) {
    ADD_FAILURE() << e->str();
    return Scenario{};
  }
  return std::get<Scenario>(std::move(parsed));
}

/// The scenario in `text`, parsed as file `file` (which errors name). A parse error fails the
/// test, with the text, and gives an empty scenario.
inline Scenario parse_text(const std::string& text, const std::string& file = "t.scn") {
  auto parsed = parse_scenario(text, file);
  if (const auto* e = std::get_if<ParseError>(&parsed)) {
    ADD_FAILURE() << e->str() << "\n" << text;
    return Scenario{};
  }
  return std::get<Scenario>(std::move(parsed));
}

inline RunPlan resolve_ok(const Scenario& s, std::uint64_t seed, const std::string& profile = "",
                          std::optional<Discipline> d = std::nullopt) {
  Overrides o;
  if (!profile.empty()) o.profile = profile;
  o.discipline = d;
  RunPlan r;
  const std::string err = plan_run(s, o, seed, r).str();
  EXPECT_EQ(err, "");
  return r;
}

struct Finished {
  RunResult result;
  CheckReport report;
  Scenario trace;
  World world;
};

inline Finished run_once(const RunPlan& r, Strategy strat = Strategy::Random, bool record = true) {
  World w = make_world(r);
  RunOptions opt;
  opt.strategy = strat;
  opt.record = record;
  RunResult res = run_world(w, opt);
  CheckReport rep = check_quiescent(w, res.settled);
  Scenario trace = trace_of(r, res);
  return Finished{std::move(res), std::move(rep), std::move(trace), std::move(w)};
}

inline bool has(const CheckReport& rep, const std::string& signature, const std::string& replica) {
  for (const auto& v : rep.violations)
    if (v.signature() == signature && v.replica == replica) return true;
  return false;
}

}  // namespace syncsim::test
