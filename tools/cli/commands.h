#pragma once
// The `syncsim` subcommands. Each returns the process exit code (README "CLI").
#include <optional>
#include <string>
#include <vector>

#include "properties/explain.h"
#include "tools/cli/common.h"

namespace syncsim::cli {

struct RunArgs {
  std::string scenario, profile, discipline, strategy = "random", out = "findings";
  std::string coverage;  ///< a `syncsim catalog --json` file of the same scenario ("" = none)
  std::optional<std::uint64_t> seed;
  std::uint64_t runs = 1;
  unsigned jobs = 1;
  bool json = false, print_tree = false;
  std::vector<std::string> knobs;
  std::uint64_t planted_assertion_step = 0;  ///< tests only: RunOptions::planted_assertion_step
};

struct ReplayArgs {
  std::string trace, profile;
  std::uint64_t until = 0;
  bool json = false, print_tree = false, strict = false, quiet = false;
  std::uint64_t planted_assertion_step = 0;  ///< tests only: RunOptions::planted_assertion_step
};

struct ExplainArgs {
  std::string trace;
  std::string note;  ///< "": every loss; else the one note (must be named by a loss)
  bool json = false;
};

struct ExploreArgs {
  std::string scenario, profile, out = "findings";
  std::uint64_t max_depth = 0, max_states = 0;
  bool json = false, no_reduction = false, no_por = false;
  std::vector<std::string> knobs;
};

struct ShrinkArgs {
  std::string trace, out, signature;
  std::string note;  ///< "": any violation of the signature; else one that names this note
  bool json = false, verify = false, steps_only = false;
};

int cmd_run(const RunArgs& a);
int cmd_explore(const ExploreArgs& a);

struct CatalogArgs {
  std::string scenario, profile, profiles, out, traces;
  std::uint64_t max_states = 2000000;
  std::size_t max_facts = 3;
  bool json = false;
  std::vector<std::string> knobs;
};

struct CompareArgs {
  std::string scenario, profiles;
  std::uint64_t max_states = 2000000;
  bool json = false;
  std::vector<std::string> knobs;
};

struct RenderArgs {
  std::string trace, profile, out, format = "text";
  bool json = false;  ///< same as --format json
};

int cmd_catalog(const CatalogArgs& a);
int cmd_render(const RenderArgs& a);
/// The Mermaid sequence diagram of an execution given by its chosen steps (a catalogue
/// pattern's example), replayed under `r` and settled.
std::string example_mermaid(const RunPlan& r, const std::vector<std::string>& chosen,
                            const std::string& title);
int cmd_compare(const CompareArgs& a);
int cmd_replay(const ReplayArgs& a);
int cmd_explain(const ExplainArgs& a);
/// The causal chains of an observed run's losses (docs/explain.md); `only` != 0: that note.
std::vector<LossChain> explain_observed(const RunPlan& r, const ObservedRun& obs,
                                        model::NoteId only = 0);
int cmd_shrink(const ShrinkArgs& a);
int cmd_lint(const std::string& file, bool json);
/// `for_file` non-empty: only the profiles whose domain (model::ProfileInfo::scope) covers
/// that scenario's or trace's workload (sim/trace/domain.h).
int cmd_profiles(bool json, const std::string& for_file);
int cmd_knobs(bool json);

/// The plain-words account of one observed run (stderr).
void print_run_story(const RunPlan& r, const ObservedRun& o, const std::string& trace_path,
                     bool print_tree);

}  // namespace syncsim::cli
