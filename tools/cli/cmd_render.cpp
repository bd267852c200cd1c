// `syncsim render TRACE --format text|mermaid|dot|html|json [-o FILE]`: replays
// the trace as `replay` does, then hands the observed run to a renderer (tools/render/).
#include <filesystem>
#include <fstream>
#include <optional>

#include "tools/cli/commands.h"
#include "tools/render/render.h"

namespace syncsim::cli {
namespace {

render::Report report_of(const std::string& trace_path, const std::string& replay, const RunPlan& r,
                         const ObservedRun& obs) {
  render::Report rep;
  rep.version = envelope("render")["version"].get<std::string>();
  rep.trace_path = trace_path;
  rep.profile = r.profile;
  rep.seed = r.seed;
  rep.discipline = r.discipline == Discipline::Timed ? "timed" : "untimed";
  rep.config = describe_config(r);
  rep.replay_command = replay;
  rep.settled = obs.result.settled;
  for (const auto& v : obs.report.violations)
    rep.violations.push_back(
        {v.property, v.kind, v.replica, v.notes, v.step, describe_violation(v)});
  // The observed trace: settle steps regenerated, skipped steps gone, so every step replays.
  render::collect(r, obs.trace.steps, rep);
  return rep;
}

std::string render_as(const std::string& format, const render::Report& rep,
                      const ObservedRun& obs) {
  if (format == "mermaid") return render::render_mermaid(rep);
  if (format == "dot") return render::render_dot(rep);
  if (format == "json") return render::render_json(rep);
  if (format == "html") return render::render_html(rep);
  // Text: the timeline, then the trees exactly as `replay --print-tree` prints them.
  return render::render_text(rep) + "\ntrees at quiescence:\n" +
         print_trees(*obs.world, obs.report);
}

/// Opens -o FILE before any work, so that an unwritable path is a one-line bad-input error
/// rather than a failure after the replay has printed to stderr. Empty or "-": stdout.
std::optional<std::ofstream> open_output(const std::string& path) {
  if (path.empty() || path == "-") return std::nullopt;
  if (const auto dir = std::filesystem::path(path).parent_path(); !dir.empty()) {
    std::error_code ec;  // a failure shows up as the open failing, just below
    std::filesystem::create_directories(dir, ec);
  }
  std::optional<std::ofstream> f(std::in_place, path, std::ios::binary);
  if (!*f) throw BadInput{"cannot write " + path};
  return f;
}

void write_output(std::optional<std::ofstream>& file, const std::string& path,
                  const std::string& text) {
  if (!file) {
    fmt::print("{}", text);
    return;
  }
  *file << text;
  file->close();
  if (!*file) throw BadInput{"cannot write " + path};
  fmt::print(stderr, "written to {}\n", path);
}

}  // namespace

std::string example_mermaid(const RunPlan& r, const std::vector<std::string>& chosen,
                            const std::string& title) {
  std::vector<StepLine> steps;
  for (const auto& label : chosen) steps.push_back(StepLine{steps.size() + 1, 0, false, label, 0});
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &steps;
  const ObservedRun obs = observe_run(r, opt);
  return render::render_mermaid(report_of(title, "", r, obs));
}

int cmd_render(const RenderArgs& a) {
  std::error_code ec;  // opening -o truncates it: never let it be the trace being read
  if (!a.out.empty() && std::filesystem::equivalent(a.out, a.trace, ec))
    throw BadInput{"-o " + a.out + ": is the trace itself"};
  std::optional<std::ofstream> file = open_output(a.out);
  const Scenario trace = load_or_die(a.trace);
  const RunPlan r = plan_trace_run_or_die(trace, a.trace, a.profile);
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &trace.steps;
  const ObservedRun obs = observe_run(r, opt);
  fmt::print(stderr, "{}\n", describe_config(r));
  for (const auto& s : obs.result.skipped)
    fmt::print(stderr, "skipped (not enabled): step {}\n", s);
  const std::string replay =
      replay_command(a.trace) + (a.profile.empty() ? "" : " --profile " + a.profile);
  render::Report rep = report_of(a.trace, replay, r, obs);
  if (obs.report.violated()) rep.chains = explain_observed(r, obs);
  write_output(file, a.out, render_as(a.json ? "json" : a.format, rep, obs));
  return kExitOk;
}

}  // namespace syncsim::cli
