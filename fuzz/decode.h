#pragma once
// fuzz_interleaving's input format: bytes -> (scenario, choice sequence). Every byte string
// decodes to a valid run (docs/fuzzing.md "Input format"). Inputs with bit 7 of byte 1 set
// also carry events (breaking deploys, resets, offline windows, edits, deletes, moves, app
// upgrades), generated only inside the selected profile's domain (model::ProfileInfo::scope;
// docs/fuzzing.md "Extended inputs"). Shared by the libFuzzer entry point, the plain replay
// main and the unit tests.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/policy.h"
#include "properties/check.h"
#include "sim/runner.h"
#include "sim/trace/scenario.h"
#include "sim/workload.h"

namespace syncsim::fuzz {

/// Header bounds. Small on purpose: the bugs we look for need a handful of notes, and a
/// small world keeps an execution in the tens of microseconds.
inline constexpr std::uint32_t kMaxClients = 3;
inline constexpr std::uint32_t kMaxInserts = 8;
inline constexpr std::uint32_t kMaxTreeNotes = 3;
inline constexpr std::uint32_t kMaxBatch = 8;
inline constexpr std::uint32_t kMaxFaults = 2;  ///< disconnects and partitions per device
inline constexpr std::uint32_t kMaxEvents = 7;  ///< events of an extended input
/// Choice bytes beyond this are ignored (the run is finite anyway; this bounds the work).
inline constexpr std::size_t kMaxChoices = 1024;
/// Bound of the chosen-actions phase written into the scenario (`knob max_steps`).
inline constexpr std::int64_t kMaxSteps = 4096;

/// The profiles a run may use, in model::profiles() table order.
struct ProfileSelection {
  std::vector<const model::ProfileInfo*> profiles;
  std::string error;  ///< non-empty: the spec was bad
};

/// Parses a SYNCSIM_FUZZ_PROFILES value: comma-separated terms applied left to right, each
/// `all`, a profile class (`buggy`, `correct`, `partial`), or a profile name; `-term` removes
/// it. A spec that starts with a removal starts from all profiles. Empty = all.
ProfileSelection select_profiles(std::string_view spec);

/// (profile, signature) pairs that fuzz_interleaving accepts without aborting, so that a long
/// run keeps exploring a buggy profile for *other* signatures instead of re-finding a known
/// one (docs/fuzzing.md "Nightly strategy").
struct KnownFinding {
  std::string profile;
  std::string signature;
};
struct KnownSelection {
  std::vector<KnownFinding> known;
  std::string error;
};

/// Parses a SYNCSIM_FUZZ_KNOWN value: comma-separated `PROFILE:SIGNATURE`
/// (e.g. `realm-h1:reachability-orphan`). Empty = nothing is known.
KnownSelection parse_known(std::string_view spec);
bool is_known(const std::vector<KnownFinding>& known, std::string_view profile,
              std::string_view signature);

struct InterleavingCase {
  Scenario scenario;  ///< untimed discipline, every knob that matters pinned
  std::vector<std::uint32_t> choices;
};

/// An input as the decoder reads it: the scenario without its workload lines (devices, trees,
/// knobs, migrations, profile), the workload as items with note ids in the order of the lines
/// they stand for (no labels or keys yet), and the choices. fuzz_interleaving runs this
/// directly (run_input); the lines are written only for a finding's trace (to_case).
struct DecodedInput {
  Scenario header;
  std::vector<WorkItem> items;
  /// The field each Deploy item of `items` adds to Note (a shorthand deploy), in item order.
  std::vector<model::Property> deploys;
  std::vector<std::uint32_t> choices;
};

/// Decodes any byte string. `profiles` must be non-empty. The decoded workload lies inside the
/// chosen profile's domain (`workload_domain(scenario)` is covered by its `scope`).
void decode_input(const std::uint8_t* data, std::size_t size,
                  const std::vector<const model::ProfileInfo*>& profiles, DecodedInput& out);
/// The scenario with its workload lines (notes named as a scenario file names them), and the
/// choices.
InterleavingCase to_case(const DecodedInput& in);
/// The workload of `in`: equal, item for item, to expand_workload(to_case(in).scenario)
/// (fuzz/tests: "DirectWorkload").
std::shared_ptr<const Workload> workload_of(const DecodedInput& in);

/// to_case(decode_input(...)).
InterleavingCase decode_interleaving(const std::uint8_t* data, std::size_t size,
                                     const std::vector<const model::ProfileInfo*>& profiles);
/// The same into `out`: it ends up equal to `decode_interleaving(data, size, profiles)`
/// whatever it held before.
void decode_interleaving(const std::uint8_t* data, std::size_t size,
                         const std::vector<const model::ProfileInfo*>& profiles,
                         InterleavingCase& out);

struct Outcome {
  RunPlan resolved;
  RunResult result;
  CheckReport report;
  std::string error;  ///< plan_run() refused the decoded scenario (a decoder bug)
};

/// Runs a decoded case with sim::ChoiceScheduler, settles, checks at quiescence.
/// `record` keeps the labelled trace (only needed to write a finding).
Outcome run_case(const InterleavingCase& c, bool record);
/// The same into `o`. Nothing of an earlier run leaks into the result: `o` ends up as
/// `run_case(c, record)` would return it (tests/fuzz: "reuse").
void run_case(const InterleavingCase& c, bool record, Outcome& o);
/// run_case(to_case(in), false) without writing the workload lines and parsing them back
/// (a fifth of an execution): fuzz_interleaving's path. `o.resolved.scenario` has no workload
/// lines, so a finding's trace comes from run_case, which the target calls to record it.
/// `in.header` is moved into the plan and back (not copied): after a run `o.resolved.scenario`
/// is empty and `in` is as it was (fuzz/tests: "DirectWorkload").
void run_input(DecodedInput& in, Outcome& o);

/// The trace file of a violating run: the resolved scenario, its steps and one `result` line
/// per violation (first = the signature the fuzzer reports).
Scenario finding_trace(const Outcome& o);

}  // namespace syncsim::fuzz
