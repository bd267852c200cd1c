#pragma once
// From a scenario (+ command-line overrides) to a resolved run configuration.
// Precedence: command-line flag > scenario file > swarm draw > profile default.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/trace/knobs.h"
#include "sim/trace/scenario.h"
#include "sim/workload.h"

namespace syncsim {

struct Overrides {
  std::optional<std::string> profile;
  std::optional<std::uint64_t> seed;
  std::optional<Discipline> discipline;
  std::vector<KnobLine> knobs;  ///< `--knob name=value`
  /// `syncsim lint`: accept the schema changes this build's world does not run (which
  /// check_schemas_modelled refuses for anything that runs), to classify them.
  bool classify_only = false;
};

struct RunPlan {
  Scenario scenario;  ///< with every knob written out (pinned), profile, seed, discipline
  RunSettings settings;
  std::uint64_t seed = 0;
  Discipline discipline = Discipline::Timed;
  std::string profile;
  std::shared_ptr<const Workload> workload;
  /// Knobs whose value came from the swarm draw. Views of the static knob table: plan_run()
  /// runs once per fuzzed execution, and most knob names are too long for a std::string's
  /// inline buffer.
  std::vector<std::string_view> swarm_drawn;
};

/// Resolves `scn` for one run with `seed`. Returns the error (no message: none), with the
/// scenario's file (`scn.source`) and the line it concerns.
ParseError plan_run(const Scenario& scn, const Overrides& o, std::uint64_t seed, RunPlan& out);
/// The same for a caller that built the workload itself and only runs it (fuzz_interleaving's
/// decoder, see append_item): `scn`'s workload lines are not expanded, `workload` is used
/// instead, and `out.scenario` keeps `scn`'s knob lines (a trace of this would not replay on
/// its own: write traces from plan_run()). The caller answers for the workload agreeing with
/// the lines, and for what plan_run() checks on them (check_migration_chain's `upgrade-app`
/// schemas); fuzz/tests checks the decoder's (same workload, same errors, same runs).
ParseError plan_run(const Scenario& scn, std::shared_ptr<const Workload> workload,
                    const Overrides& o, std::uint64_t seed, RunPlan& out);
/// The same, taking `scn` over rather than copying it into `out.scenario` (fuzz_interleaving:
/// the copy was ~1 % of an execution's instructions). With a `workload`, `scn` is moved once
/// every check has passed; after an error, or without a workload (copied), it is as it was.
ParseError plan_run(Scenario&& scn, std::shared_ptr<const Workload> workload, const Overrides& o,
                    std::uint64_t seed, RunPlan& out);
/// The seed of run i of a multi-run command: splitmix(S, i).
std::uint64_t run_seed(std::uint64_t base, std::uint64_t i);
/// `seed=... profile=... knob=value ...`: the resolved configuration, printed first.
std::string describe_config(const RunPlan& r);

}  // namespace syncsim
