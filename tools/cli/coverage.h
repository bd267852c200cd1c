#pragma once
// `syncsim run --coverage CATALOG`: loading the catalogue (`syncsim catalog --json` of the same
// scenario), tallying the loss classes the runs hit (memory independent of --runs), reporting.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/search/coverage.h"
#include "sim/trace/scenario.h"

namespace syncsim::cli {

/// What identifies a scenario in a catalogue: FNV-1a 64 of its canonical text, in hex.
std::string scenario_fingerprint(const Scenario& scn);

/// The loss classes of `profile` in the catalogue at `path`; BadInput ("path:line: ..." or
/// "path: ...") when it is not readable JSON, not a catalogue, of another scenario, built with
/// other --knob flags, or has no such profile.
CoverageMatcher load_coverage_or_die(const std::string& path, const Scenario& scn,
                                     const std::vector<std::string>& knobs,
                                     const std::string& profile);

/// Per class: runs that hit it and the lowest run index that did. Sums and minima only.
struct CoverageTally {
  static constexpr std::uint64_t kNever = ~std::uint64_t{0};
  std::vector<std::uint64_t> runs, first_run;
  std::uint64_t unclassified_runs = 0, first_unclassified = kNever;

  CoverageTally() = default;
  explicit CoverageTally(std::size_t classes) : runs(classes, 0), first_run(classes, kNever) {}
  void add(const CoverageMatch& m, std::uint64_t run_index);
  void merge(const CoverageTally& t);
};

void print_coverage(const CoverageMatcher& m, const CoverageTally& t);
nlohmann::json coverage_json(const CoverageMatcher& m, const CoverageTally& t);

}  // namespace syncsim::cli
