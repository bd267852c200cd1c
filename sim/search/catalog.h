#pragma once
// The catalogue of orderings (`syncsim catalog` and `syncsim compare`): every
// ordering of a bounded scenario (exhaustive search, untimed), grouped into *patterns* a
// person can read.
//
// An execution is seen through its *events*: the first time each observable thing happened
// (a workload item ran, a changeset reached the server or a device, r2m wrote it to Atlas, a
// re-insert batch ran). A *fact* is "event A happened before event B". For each note that
// some ordering loses, and each way it is lost (its *effect*: which properties fail on which
// replicas), a pattern is a smallest set of facts such that every execution in which they
// all hold loses that note that way. Patterns are found over every complete execution
// (state hashing only, so execution counts are exact) and chosen greedily to cover the
// losing executions. A pattern about note n is written with n as a variable when the same
// facts decide the loss of several notes.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/search/explore.h"

namespace syncsim {

struct CatalogOptions {
  std::uint64_t max_states = 2000000;  ///< bound of the exhaustive search
  std::size_t max_facts = 3;           ///< longest pattern searched
};

struct Pattern {
  std::string effect;              ///< e.g. "reachability-orphan@c1 reachability-orphan@server"
  std::vector<std::string> facts;  ///< "A|B": A happened before B; the note written as `n`
  bool generic = false;            ///< the facts mention `n` (a variable over notes)
  struct Instance {
    std::string note;
    Count executions;                ///< executions in which the facts hold (all lose the note)
    std::vector<std::string> facts;  ///< the facts with this note
  };
  std::vector<Instance> instances;   ///< one per note the pattern decides
  Count executions;                  ///< sum over instances (exact at any size)
  std::vector<std::string> example;  ///< chosen steps of a shortest execution where it holds
  std::string example_note;
  std::size_t example_row = 0;  ///< index into ProfileCatalog::rows
};

/// One execution class: the order of its events and what it lost, with its multiplicity.
struct CatalogRow {
  std::vector<std::uint32_t> position;  ///< per event: step (1-based) it first happened; 0 = never
  std::vector<std::pair<std::string, std::string>> effects;  ///< (note, effect), sorted by note
  Count executions;
  std::uint32_t steps = 0;  ///< chosen steps of the shortest such execution
  std::uint32_t entry = 0;  ///< internal: how to rebuild that execution
};

/// Executions losing a note one way that no pattern decides, shown rather than hidden.
struct UndecidedGroup {
  std::string note, effect;
  Count executions;                  ///< of them, not covered by any pattern
  std::size_t example_row = 0;       ///< index into ProfileCatalog::rows: a shortest one
  std::vector<std::string> example;  ///< its chosen steps
};

struct ProfileCatalog {
  std::string profile;
  ExploreResult search;             ///< the exhaustive search (graph dropped)
  std::vector<std::string> events;  ///< event names, by id
  std::vector<CatalogRow> rows;
  std::vector<Pattern> patterns;  ///< by executions, most first
  /// Failing executions, counted once per (note, effect) they lose, that no pattern of
  /// <= max_facts decides (exact).
  Count undecided;
  std::vector<UndecidedGroup> undecided_groups;  ///< per (note, effect), in that order
};

/// Explores `r` exhaustively and builds its catalogue.
ProfileCatalog build_catalog(const RunPlan& r, const CatalogOptions& opt = {});

/// How a pattern found under one profile fares under another: among the executions of `on`
/// where its facts hold (for some note it decides), how many lose that note at all.
struct CompareCell {
  bool applicable = false;  ///< every event of the facts exists under `on`
  Count matching;           ///< executions where the facts hold
  Count losing;             ///< of those, executions that lose the note
};
CompareCell compare_pattern(const Pattern& p, const ProfileCatalog& on);

}  // namespace syncsim
