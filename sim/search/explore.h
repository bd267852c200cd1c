#pragma once
// Exhaustive exploration of every ordering of a bounded scenario, in the untimed discipline
// (README "Concepts"). Every enabled action, system ones included, is a choice; a
// state where nothing is enabled is terminal: its settle phase runs (devices a workload took
// offline come back) and the properties of spec §7 are checked there.
//
// Three searches:
//  - reduced (default): breadth-first over states, with a visited set of state hashes
//    (sim/search/state_hash.cpp), so equal states reached by different orderings are expanded once,
//    and partial-order reduction (sim/search/explore_por.cpp), so that orderings of independent
//    actions are not all tried. Every terminal state, hence every outcome, is still found;
//    complete executions are counted as paths through the reduced graph (representatives).
//  - states only (`partial_order = false`): every ordering is a path of the state graph, so
//    complete executions are counted exactly (paths to each terminal state).
//  - plain: depth-first over every ordering, no visited set: the reference the reduced
//    searches are cross-checked against on small scenarios.
// Both reduced searches keep the state graph. The shortest counterexample is the shallowest
// state (breadth-first order) from which the runner's settle phase ends in a violation: its
// chosen steps are a trace that `syncsim replay` reproduces (settle steps are regenerated).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "properties/check.h"
#include "sim/run_plan.h"
#include "sim/search/explore_count.h"
#include "sim/world.h"

namespace syncsim {

/// Hash of everything in `w` that can change a future outcome in the untimed discipline:
/// every store, unacknowledged changesets, cursors, link queues (message contents),
/// translator and re-insert job state, workload progress and intents. Timestamps enter only
/// through their relative order (see sim/search/state_hash.cpp), so equal states reached by
/// different paths hash equal.
std::uint64_t state_hash(const World& w);

/// What the checkers say about a terminal state after its settle phase.
struct Outcome {
  std::string signature;  ///< distinct violation signatures, sorted, joined by '+'; "" = none
  std::string detail;     ///< every violation as "signature@replica:notes", sorted, joined by ' '
  std::uint64_t final_hash = 0;  ///< state_hash of the settled world
  bool failing() const { return !signature.empty(); }
  bool operator<(const Outcome& o) const;
  bool operator==(const Outcome& o) const = default;
};

/// The Outcome of a checked settled world.
Outcome to_outcome(const CheckReport& rep, const World& settled_world);

struct ExploreOptions {
  bool reduction = true;  ///< false: plain depth-first search of every ordering
  /// With `reduction`: also partial-order reduction (sim/search/explore_por.cpp). Outcomes and
  /// terminal states stay exact; executions are then representative ones, not all of them.
  bool partial_order = true;
  std::uint64_t max_depth = 0;   ///< chosen steps per execution; 0 = unbounded
  std::uint64_t max_states = 0;  ///< distinct states (plain: search nodes); 0 = unbounded
  /// Optional: called before each transition of the reduced search; its value is kept as the
  /// edge's `tag` (the catalogue names the action's events this way). Off the hot path.
  std::function<std::uint32_t(const World&, const Action&)> edge_tag;
};

/// Terminal states with one outcome.
struct OutcomeClass {
  Outcome outcome;
  std::uint64_t states = 0;            ///< distinct terminal states (plain search: executions)
  Count executions;                    ///< complete executions ending here (exact at any size)
  std::uint32_t shortest = 0;          ///< chosen steps of the shortest such execution
  std::vector<std::uint32_t> example;  ///< its choices (index into each step's enabled list)
};

/// Per signature ("" = no violation): terminal states and executions.
struct SignatureCount {
  std::string signature;
  std::uint64_t states = 0;
  Count executions;
};

/// The state graph of a reduced search (state 0 is the initial state). Kept for the
/// catalogue, which reasons over orderings without enumerating them.
struct StateGraph {
  struct Node {
    std::uint32_t parent = 0;  ///< BFS tree: first predecessor found
    std::uint32_t choice = 0;  ///< index of the action from the parent, in its enabled list
    std::uint32_t depth = 0;
    std::uint32_t edge_begin = 0, edge_end = 0;  ///< into `edges`; empty when not expanded
    std::int32_t outcome = -1;                   ///< terminal: index into ExploreResult::outcomes
  };
  struct Edge {
    std::uint32_t to = 0;
    std::uint32_t choice = 0;  ///< index of the action in the source's enabled list
    std::uint32_t tag = 0;     ///< ExploreOptions::edge_tag's value (0 without it)
  };
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

/// Paths from state 0 to every state of `g` (its edges, in any node order), exactly: at a
/// terminal state, the complete executions that end there. Counted in a topological order;
/// returns false when some state lies on a cycle, whose counts are then incomplete.
bool count_paths(const StateGraph& g, std::vector<Count>& paths);

struct ExploreResult {
  std::uint64_t states = 0;       ///< distinct states (plain search: nodes visited)
  std::uint64_t transitions = 0;  ///< actions executed
  std::uint64_t terminal_states = 0;
  Count executions;              ///< complete executions (paths from the initial state), exact
  bool executions_exact = true;  ///< false under partial-order reduction (representatives)
  std::uint64_t failing_states = 0;
  Count failing_executions;
  std::uint32_t depth = 0;                       ///< longest execution seen (chosen steps)
  std::uint64_t kind_counts[kActionKinds] = {};  ///< transitions by ActionKind
  std::vector<OutcomeClass> outcomes;            ///< sorted by Outcome
  std::vector<SignatureCount> signatures;        ///< sorted by signature
  /// The shortest counterexample: chosen steps (indices into each step's enabled list) after
  /// which the settle phase ends in a violation. Empty when nothing fails. Plain search: the
  /// shortest failing complete execution.
  std::vector<std::uint32_t> shortest_choices;
  std::vector<std::string> shortest_trace;  ///< its labels
  std::string shortest_signature;
  std::uint32_t shortest_complete = 0;  ///< chosen steps of the shortest failing complete execution
  bool cut_short = false;
  std::string cut_message;  ///< "search cut short by --max-states=N: results are a lower bound"
  double seconds = 0;
  double states_per_second() const {
    return seconds > 0 ? static_cast<double>(states) / seconds : 0;
  }
  StateGraph graph;  ///< reduced search only
};

/// Explores every ordering of `r`'s scenario in the untimed discipline (whatever
/// r.discipline says). Deterministic in (r, opt), except `seconds`.
ExploreResult explore(const RunPlan& r, const ExploreOptions& opt);

/// The untimed world of `r` in its initial state.
World initial_world(const RunPlan& r);

/// Runs the runner's settle phase from `w` (any state: pending workload items are then never
/// executed, as after a replayed trace) and checks the result (properties/check.h).
Outcome evaluate_terminal(World w);

namespace explore_detail {
/// Indices into `enabled` of a persistent (stubborn) set of the state: all of them when the
/// state is outside the fragment the reduction covers (sim/search/explore_por.cpp).
void persistent_set(const World& w, const Workload& wl, const std::vector<Action>& enabled,
                    std::vector<std::uint32_t>& out);
}  // namespace explore_detail

/// The labels of the chosen steps `choices` (indices into each step's enabled list).
std::vector<std::string> labels_of(const RunPlan& r, const std::vector<std::uint32_t>& choices);

}  // namespace syncsim
