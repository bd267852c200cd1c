#pragma once
// Minimal failing interleavings (docs/shrinking.md). A failing trace is minimized while the
// *same* violation signature holds: chosen steps are deleted (delta debugging, then one at a
// time to a fixed point), then devices, workload lines, knobs and scenario details are
// simplified, re-running the step deletion after each accepted structural change. Every
// candidate is replayed exactly (Strategy::Replay: steps whose label is not enabled are
// skipped) and an accepted candidate is re-recorded, so the result holds only steps that ran,
// followed by freshly regenerated settle steps. A candidate's signatures are the checkers'
// (properties/check.h), optionally only those of violations that name one note.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/ids.h"
#include "sim/runner.h"

namespace syncsim {

/// One replay of a candidate trace.
struct Replayed {
  bool resolved = false;  ///< false: the candidate scenario does not resolve (rejected)
  std::string error;      ///< why it did not resolve
  bool hit = false;       ///< the wanted signature is among `signatures`
  std::vector<std::string> signatures;
  Scenario trace;           ///< re-recorded: the steps that ran plus regenerated settle steps
  std::uint64_t steps = 0;  ///< chosen steps that ran
  std::vector<std::string> skipped;  ///< chosen steps that were not enabled
};

/// Replays `trace` (its own seed, discipline and profile) and re-records it. `signature`
/// may be empty (then `hit` is false). `naming` != 0: only violations naming that note count.
Replayed replay_candidate(const Scenario& trace, const std::string& signature,
                          model::NoteId naming = 0);

/// The chosen (non-settle) steps of a trace.
std::vector<StepLine> chosen_steps(const Scenario& trace);
/// `trace` with its steps replaced by `steps` (renumbered 1..n, settle steps dropped).
Scenario with_steps(const Scenario& trace, const std::vector<StepLine>& steps);

struct ShrinkOptions {
  std::string signature;     ///< "" = the signature of the trace's first violation
  model::NoteId naming = 0;  ///< != 0: only violations that name this note count
  bool structural = true;    ///< also drop devices, workload, knobs, simplify the scenario
  std::uint64_t max_replays = 500000;  ///< bound on candidate replays (then: best so far)
};

struct ShrinkStats {
  std::uint64_t replays = 0;
  std::uint64_t steps_before = 0;  ///< chosen steps of the input (as replayed)
  std::uint64_t steps_after = 0;
  std::uint64_t structural_changes = 0;
  bool bound_reached = false;
  std::vector<std::string> log;  ///< accepted structural changes, in order
};

struct ShrinkResult {
  std::string error;  ///< non-empty: bad input (does not resolve, does not violate, ...)
  std::string signature;
  Scenario trace;  ///< the shrunk trace, re-recorded (settle steps regenerated)
  ShrinkStats stats;
};

/// Minimizes `trace` while `opt.signature` (or the first violation's) holds. Deterministic.
ShrinkResult shrink_trace(const Scenario& trace, const ShrinkOptions& opt = {});

namespace shrink_detail {
/// The shrinker's last step deletion, over any kind of step: one at a time, last to first,
/// repeated until a whole pass deletes nothing, since a deletion can make a step that an
/// earlier pass kept removable. `attempt(candidate)` returns the steps that then stand (a
/// replay re-records them) when the candidate still fails, std::nullopt otherwise. `stop`
/// (a bound reached) ends the search between attempts.
template <class Step, class Attempt>
void delete_one_at_a_time(std::vector<Step> steps, Attempt&& attempt, const bool& stop) {
  bool changed = true;
  while (changed && !stop) {
    changed = false;
    for (std::size_t i = steps.size(); i-- > 0;) {
      if (stop) return;
      std::vector<Step> cand = steps;
      cand.erase(cand.begin() + static_cast<std::ptrdiff_t>(i));
      std::optional<std::vector<Step>> now = attempt(cand);
      if (!now) continue;
      changed = true;
      steps = std::move(*now);
      i = std::min(i, steps.size());
    }
  }
}
}  // namespace shrink_detail

/// 1-minimality check: the trace is replayed once without each of its chosen steps.
struct MinimalityReport {
  bool reproduces = false;  ///< the trace itself shows the signature
  std::uint64_t steps = 0;  ///< chosen steps checked
  /// Indices (1-based, among chosen steps) whose removal keeps the signature: empty when
  /// the trace is 1-minimal.
  std::vector<std::uint64_t> removable;
  /// Per chosen step: the signatures its removal leaves (for `--verify` output).
  std::vector<std::vector<std::string>> without;
  bool one_minimal() const { return reproduces && removable.empty(); }
};
MinimalityReport check_one_minimal(const Scenario& trace, const std::string& signature,
                                   model::NoteId naming = 0);

/// Breadth-first search for the shortest counterexample (the shrinker's test oracle): the
/// fewest chosen steps after which the deterministic settle phase shows `signature`.
/// Untimed discipline (whatever r.discipline says). States are deduplicated by state_hash
/// (sim/search/explore.h): a state first met at depth d is not expanded again deeper.
struct BfsLimits {
  std::uint32_t max_depth = 16;
  std::uint64_t max_states = 2000000;  ///< expanded states, all depths
  bool dedup = true;                   ///< false: plain tree search (cross-checks the state hash)
};
struct BfsResult {
  bool found = false;
  bool bound_reached = false;       ///< a limit stopped the search before an answer
  std::uint32_t depth = 0;          ///< the minimum number of chosen steps (when found)
  std::vector<std::string> labels;  ///< one shortest sequence of chosen steps
  std::uint64_t states = 0;         ///< distinct states expanded
  std::uint64_t merged = 0;         ///< successors dropped as duplicates
};
BfsResult bfs_shortest(const RunPlan& r, const std::string& signature,
                       const BfsLimits& limits = {});

/// Runs the settle phase on a copy of `w` and returns its violation signatures (first
/// occurrence order): the goal test of the BFS and of the RapidCheck state machine.
std::vector<std::string> signatures_after_settle(const World& w);

/// A trace (untimed) for `r` whose chosen steps are `labels`, re-recorded.
Replayed trace_from_labels(const RunPlan& r, const std::vector<std::string>& labels,
                           const std::string& signature);

}  // namespace syncsim
