// `syncsim`: the command line (CLI11). Exit codes: 0 ok / no violation, 1 violation found,
// 2 bad input (one line), 3 internal error. CLI11's own exit codes and its "Run with --help"
// line are overridden.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "tools/cli/commands.h"

namespace {

using namespace syncsim::cli;

// Ranges of the numeric flags (README "CLI"). Runs and jobs bound the work one command asks
// for; the explorer numbers its states and steps with 32 bits.
constexpr std::uint64_t kMaxU64 = UINT64_MAX;
constexpr std::uint64_t kMaxU32 = UINT32_MAX;
constexpr std::uint64_t kMaxRuns = std::uint64_t{1} << 40;
constexpr std::uint64_t kMaxJobs = 256;

/// A numeric flag: CLI11 hands over the text, parse_flag_number (the scenario format's
/// checked parser) converts it, so junk, a sign, overflow or a value outside [lo, hi] is a
/// one-line error, never a silent clamp.
template <class T>
void add_number(CLI::App* c, const std::string& name, T& out, std::uint64_t lo, std::uint64_t hi,
                const std::string& help) {
  c->add_option_function<std::string>(
      name,
      [&out, name, lo, hi](const std::string& text) {
        out = T(parse_flag_number(name, text, lo, hi));
      },
      fmt::format("{} [{}, {}]", help, lo, hi));
}

struct Parsed {
  RunArgs run;
  ReplayArgs replay;
  ExplainArgs explain;
  ShrinkArgs shrink;
  ExploreArgs explore;
  CatalogArgs catalog;
  CompareArgs compare;
  RenderArgs render;
  std::string lint_file;
  std::string profiles_for;  ///< `profiles --for FILE`
  bool json = false;
};

/// Hidden, tests only: fail an assertion at step N, to test what a user sees then (exit 3).
void add_planted_assertion(CLI::App* c, std::uint64_t& step) {
  add_number(c, "--plant-assertion-at-step", step, 1, kMaxU64, "tests only");
  c->get_option("--plant-assertion-at-step")->group("");
}

void add_run(CLI::App& app, Parsed& p) {
  auto* c = app.add_subcommand("run", "N simulated runs; writes the first violating run's trace");
  auto& a = p.run;
  c->add_option("--scenario", a.scenario,
                "scenario file (default: the built-in Stashpad scenario)");
  c->add_option("--profile", a.profile, "profile (see `syncsim profiles`)");
  add_number(c, "--seed", a.seed, 0, kMaxU64, "base seed; run i uses splitmix(S, i)");
  add_number(c, "--runs", a.runs, 1, kMaxRuns, "number of runs");
  add_number(c, "--jobs", a.jobs, 1, kMaxJobs, "parallel worker threads");
  c->add_option("--discipline", a.discipline, "timed | untimed");
  c->add_option("--strategy", a.strategy, "random | pct");
  c->add_option("--out", a.out, "where violating traces are written");
  c->add_option("--knob", a.knobs, "override a knob: name=value (repeatable)");
  c->add_option(
      "--coverage", a.coverage,
      "report the loss classes of this catalogue (`syncsim catalog --json`) the runs hit");
  c->add_flag("--print-tree", a.print_tree, "print each replica's tree, orphans marked");
  c->add_flag("--json", a.json, "print exactly one JSON object on stdout");
  add_planted_assertion(c, a.planted_assertion_step);
}

void add_replay(CLI::App& app, Parsed& p) {
  auto* c = app.add_subcommand("replay", "re-run a trace and print its timeline");
  auto& a = p.replay;
  c->add_option("trace", a.trace, "trace file")->required();
  c->add_option("--profile", a.profile, "replay under another profile");
  add_number(c, "--until", a.until, 0, kMaxU64, "stop after this step (no settle)");
  c->add_flag("--print-tree", a.print_tree, "print each replica's tree, orphans marked");
  c->add_flag("--strict", a.strict, "a step that is not enabled is an error");
  c->add_flag("--quiet", a.quiet, "do not print the timeline");
  c->add_flag("--json", a.json, "print exactly one JSON object on stdout");
  add_planted_assertion(c, a.planted_assertion_step);
}

void add_explore(CLI::App& app, Parsed& p) {
  auto* c =
      app.add_subcommand("explore", "exhaustive search of every ordering (untimed discipline)");
  auto& a = p.explore;
  c->add_option("--scenario", a.scenario, "scenario file (a small one: the search is exhaustive)")
      ->required();
  c->add_option("--profile", a.profile, "profile (see `syncsim profiles`)");
  add_number(c, "--max-depth", a.max_depth, 0, kMaxU32,
             "bound on the chosen steps of an execution (0 = none)");
  add_number(c, "--max-states", a.max_states, 0, kMaxU32,
             "bound on the distinct states (0 = none)");
  c->add_flag("--no-reduction", a.no_reduction,
              "plain depth-first search of every ordering, no visited set");
  c->add_flag("--no-por", a.no_por,
              "state hashing only, no partial-order reduction (exact execution counts)");
  c->add_option("--out", a.out, "where the shortest counterexample's trace is written");
  c->add_option("--knob", a.knobs, "override a knob: name=value (repeatable)");
  c->add_flag("--json", a.json, "print exactly one JSON object on stdout");
}

void add_catalog(CLI::App& app, Parsed& p) {
  auto* c = app.add_subcommand("catalog", "failing orderings grouped into patterns, as Markdown");
  auto& a = p.catalog;
  c->add_option("--scenario", a.scenario, "scenario file (small: the search is exhaustive)")
      ->required();
  c->add_option("--profile", a.profile, "profile (default: the scenario's)");
  c->add_option("--profiles", a.profiles,
                "several profiles, comma-separated (adds the side-by-side table)");
  c->add_option("-o,--out", a.out, "write the Markdown to this file instead of stdout");
  add_number(c, "--max-states", a.max_states, 0, kMaxU32,
             "bound on the distinct states per profile");
  add_number(c, "--max-facts", a.max_facts, 1, 4, "longest pattern searched (facts)");
  c->add_option("--traces", a.traces,
                "write each pattern's example as a replayable trace into this directory");
  c->add_option("--knob", a.knobs, "override a knob: name=value (repeatable)");
  c->add_flag("--json", a.json, "print exactly one JSON object on stdout");
}

void add_compare(CLI::App& app, Parsed& p) {
  auto* c =
      app.add_subcommand("compare", "the same orderings under several profiles: pattern x profile");
  auto& a = p.compare;
  c->add_option("--scenario", a.scenario, "scenario file (small: the search is exhaustive)")
      ->required();
  c->add_option("--profiles", a.profiles, "profiles, comma-separated")->required();
  add_number(c, "--max-states", a.max_states, 0, kMaxU32,
             "bound on the distinct states per profile");
  c->add_option("--knob", a.knobs, "override a knob: name=value (repeatable)");
  c->add_flag("--json", a.json, "print exactly one JSON object on stdout");
}

void add_shrink(CLI::App& app, Parsed& p) {
  auto* c = app.add_subcommand("shrink", "minimize a failing trace while the same signature holds");
  auto& a = p.shrink;
  c->add_option("trace", a.trace, "failing trace")->required();
  c->add_option("-o,--out", a.out, "where the shrunk trace is written")->required();
  c->add_option("--signature", a.signature, "signature to keep (default: the first violation's)");
  c->add_option("--note", a.note,
                "keep the signature on this note (e.g. n2.1): one mechanism among several");
  c->add_flag("--verify", a.verify, "check 1-minimality: replay without each remaining step");
  c->add_flag("--steps-only", a.steps_only, "only delete steps (keep devices, workload, knobs)");
  c->add_flag("--json", a.json, "print exactly one JSON object on stdout");
}

void add_render(CLI::App& app, Parsed& p) {
  auto* c = app.add_subcommand(
      "render", "timeline, sequence diagram, trees with orphans marked, or one-file HTML report");
  auto& a = p.render;
  c->add_option("trace", a.trace, "trace file")->required();
  c->add_option("--format", a.format, "text | mermaid | dot | html | json")
      ->check(CLI::IsMember({"text", "mermaid", "dot", "html", "json"}));
  c->add_option("-o,--out", a.out, "write to this file instead of stdout");
  c->add_option("--profile", a.profile, "replay under another profile");
  c->add_flag("--json", a.json, "same as --format json: exactly one JSON object");
}

void add_explain(CLI::App& app, Parsed& p) {
  auto* c =
      app.add_subcommand("explain", "why each lost, orphaned or dangling note of a trace was lost");
  c->add_option("trace", p.explain.trace, "trace file")->required();
  c->add_option("--note", p.explain.note, "only this note (e.g. n1.4)");
  c->add_flag("--json", p.explain.json, "print exactly one JSON object on stdout");
}

int dispatch(CLI::App& app, Parsed& p) {
  if (app.got_subcommand("run")) return cmd_run(p.run);
  if (app.got_subcommand("replay")) return cmd_replay(p.replay);
  if (app.got_subcommand("explain")) return cmd_explain(p.explain);
  if (app.got_subcommand("shrink")) return cmd_shrink(p.shrink);
  if (app.got_subcommand("explore")) return cmd_explore(p.explore);
  if (app.got_subcommand("catalog")) return cmd_catalog(p.catalog);
  if (app.got_subcommand("compare")) return cmd_compare(p.compare);
  if (app.got_subcommand("render")) return cmd_render(p.render);
  if (app.got_subcommand("lint")) return cmd_lint(p.lint_file, p.json);
  if (app.got_subcommand("profiles")) return cmd_profiles(p.json, p.profiles_for);
  if (app.got_subcommand("knobs")) return cmd_knobs(p.json);
  fmt::print(stderr, "{}", app.help());
  return kExitBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "syncsim: deterministic simulation and fuzz testing of tree sync under schema changes"};
  app.require_subcommand(0, 1);
  Parsed p;
  if (argc > 0) set_program_path(argv[0]);
  add_run(app, p);
  add_replay(app, p);
  add_explain(app, p);
  add_shrink(app, p);
  add_explore(app, p);
  add_catalog(app, p);
  add_compare(app, p);
  add_render(app, p);
  auto* lint = app.add_subcommand("lint", "parse and check a scenario or trace");
  lint->add_option("file", p.lint_file, "scenario or trace")->required();
  lint->add_flag("--json", p.json, "JSON output");
  auto* profiles = app.add_subcommand("profiles", "every profile with its class and domain");
  profiles->add_flag("--json", p.json);
  profiles->add_option("--for", p.profiles_for,
                       "only the profiles whose domain covers this scenario or trace's workload");
  app.add_subcommand("knobs", "every knob with its default, unit and meaning")
      ->add_flag("--json", p.json);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);  // prints the (sub)command's help on stdout, exit 0
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "syncsim: error: {}\n", e.what());
    return kExitBadInput;
  } catch (const BadInput& e) {  // a numeric flag (add_number)
    fmt::print(stderr, "syncsim: error: {}\n", e.message);
    return kExitBadInput;
  }
  try {
    return dispatch(app, p);
  } catch (const BadInput& e) {
    fmt::print(stderr, "syncsim: error: {}\n", e.message);
    return kExitBadInput;
  } catch (const syncsim::StepFailure& e) {  // a command without a trace to replay it from
    return report_step_failure(e, "");
  } catch (const std::exception& e) {
    fmt::print(stderr, "syncsim: internal error: {}\n", e.what());
    return kExitInternal;
  }
}
