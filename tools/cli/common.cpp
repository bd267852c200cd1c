#include "tools/cli/common.h"

#include <filesystem>
#include <fstream>

#include "sim/prng.h"

namespace syncsim::cli {

Scenario load_or_die(const std::string& path) {
  std::vector<std::string> warnings;
  auto parsed = path.empty() ? parse_scenario(builtin_stashpad(), "<builtin stashpad>", &warnings)
                             : load_scenario(path, &warnings);
  for (const auto& w : warnings) fmt::print(stderr, "syncsim: warning: {}\n", w);
  if (auto* e = std::get_if<ParseError>(&parsed)) throw BadInput{e->str()};
  return std::get<Scenario>(std::move(parsed));
}

Discipline parse_discipline_or_die(const std::string& s) {
  if (s == "timed") return Discipline::Timed;
  if (s == "untimed") return Discipline::Untimed;
  throw BadInput{"--discipline: expected timed or untimed, got '" + s + "'"};
}

std::vector<KnobLine> parse_knob_flags(const std::vector<std::string>& flags) {
  std::vector<KnobLine> out;
  for (const auto& f : flags) {
    const auto eq = f.find('=');
    if (eq == std::string::npos)
      throw BadInput{"--knob: expected name=value, got " + lex::quote(f)};
    KnobLine k{f.substr(0, eq), 0, 0};
    if (auto e = lex::parse_knob_value(k.name, std::string_view(f).substr(eq + 1), k.value))
      throw BadInput{"--knob " + lex::quote(f) + ": " + *e};
    out.push_back(k);
  }
  return out;
}

std::uint64_t parse_flag_number(std::string_view flag, std::string_view text, std::uint64_t lo,
                                std::uint64_t hi) {
  std::uint64_t v = 0;
  const auto e = lex::parse_uint(text, flag, UINT64_MAX, v);
  const bool digits =
      !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
  if (digits && (e || v < lo || v > hi))  // overflow of 64 bits is out of range too
    throw BadInput{std::string(flag) + " " + lex::quote(text) + " out of range [" +
                   std::to_string(lo) + ", " + std::to_string(hi) + "]"};
  if (e) throw BadInput{*e};
  return v;
}

RunPlan plan_run_or_die(const Scenario& s, const Overrides& o, std::uint64_t seed) {
  RunPlan r;
  if (auto e = plan_run(s, o, seed, r); !e.message.empty()) throw BadInput{e.str()};
  return r;
}

RunPlan plan_trace_run_or_die(const Scenario& trace, const std::string& path,
                              const std::string& profile) {
  if (!trace.seed) throw BadInput{path + ": the trace has no seed line"};
  Overrides o;
  if (!profile.empty()) o.profile = profile;
  return plan_run_or_die(trace, o, *trace.seed);
}

namespace {

std::string window_summary(const World& w) {
  std::string s;
  for (const auto& d : w.devices())
    s += fmt::format("{} has {} notes; ", d.name, d.client.store().size());
  s += fmt::format("server has {}", w.server().store().size());
  if (!w.verdant()) s += fmt::format("; atlas has {}", w.atlas().docs().size());
  return s;
}

/// For each violation of a realm/atlas replica, the last step after which its notes were
/// (and stayed) in violation: when the loss became visible.
struct Locator {
  const World* w = nullptr;
  bool violating(const Violation& v) const {
    if (v.kind != "orphan") return false;
    std::vector<model::NoteId> orphans;
    if (v.replica == "atlas") {
      orphans = atlas_summary(w->atlas(), w->users()).orphans;
    } else if (v.replica == "server") {
      orphans = realm_orphans(w->server().store(), w->users());
    } else {
      model::Store buf;  // the client's shown view, as the checkers read it
      for (std::size_t i = 0; i < w->devices().size(); ++i)
        if (w->devices()[i].name == v.replica)
          orphans = realm_orphans(shown_store(*w, i, buf), w->users());
    }
    for (auto n : v.notes)
      if (std::find(orphans.begin(), orphans.end(), n) != orphans.end()) return true;
    return false;
  }
};

}  // namespace

ObservedRun observe_run(const RunPlan& r, const RunOptions& base) {
  ObservedRun o;
  {
    World w = make_world(r);
    RunOptions opt = base;
    opt.record = true;
    o.result = run_world(w, opt);
    o.report = check_quiescent(w, o.result.settled);
    o.trace = trace_of(r, o.result);
    o.world = std::make_shared<World>(std::move(w));
  }
  // Second pass, step by step, to find when each loss became visible and what the window
  // looked like just before the first re-insert batch.
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &o.trace.steps;
  World w = make_world(r);
  Locator loc{&w};
  std::vector<Action> enabled;
  std::vector<bool> was(o.report.violations.size(), false);
  std::uint64_t step = 0;
  for (const auto& st : o.trace.steps) {
    if (st.settle) w.begin_settle();
    if (const Action* a = find_enabled(w, st.label, st.settle, enabled)) {
      if (a->kind == ActionKind::Reinsert && o.window.empty()) o.window = window_summary(w);
      w.execute(*a);
    }
    ++step;
    for (std::size_t i = 0; i < o.report.violations.size(); ++i) {
      const bool now = loc.violating(o.report.violations[i]);
      if (now && !was[i]) o.report.violations[i].step = step;
      was[i] = now;
    }
  }
  return o;
}

std::string write_observed(const std::string& path, const ObservedRun& o) {
  if (const auto dir = std::filesystem::path(path).parent_path(); !dir.empty())
    std::filesystem::create_directories(dir);
  Scenario t = o.trace;
  for (const auto& x : o.report.violations)
    t.results.push_back(fmt::format("{} {} {} {} step={}", x.property, x.kind,
                                    x.replica.empty() ? "-" : x.replica,
                                    x.notes.empty() ? "-" : notes_list(x.notes), x.step));
  std::ofstream f(path, std::ios::binary);
  f << write_scenario(t);
  if (!f) throw BadInput{"cannot write " + path};
  return path;
}

std::string write_steps_trace(const std::string& path, const RunPlan& r,
                              const std::vector<std::string>& labels, ObservedRun& obs) {
  std::vector<StepLine> steps;
  for (std::size_t i = 0; i < labels.size(); ++i)
    steps.push_back(StepLine{i + 1, 0, false, labels[i], 0});
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &steps;
  obs = observe_run(r, opt);
  return write_observed(path, obs);
}

std::string write_trace(const std::string& dir, const RunPlan& r, const ObservedRun& o) {
  const auto& v = o.report.violations.front();
  return write_observed(fmt::format("{}/{}-{}-seed{}.trace", dir, r.profile, v.signature(), r.seed),
                        o);
}

namespace {
std::string& program_path() {
  static std::string path = "syncsim";
  return path;
}
}  // namespace

void set_program_path(const std::string& argv0) {
  program_path() = argv0;
}

std::string replay_command(const std::string& trace_path, std::uint64_t planted_assertion_step) {
  std::string cmd = program_path() + " replay " + trace_path;
  if (planted_assertion_step != 0)
    cmd += " --plant-assertion-at-step " + std::to_string(planted_assertion_step);
  return cmd;
}

int report_step_failure(const StepFailure& f, const std::string& replay) {
  fmt::print(stderr, "syncsim: internal error: {}\n", f.failure().what());
  fmt::print(stderr, "  seed {}, step {}: {}\n", f.seed(), f.step(), f.label());
  if (!replay.empty()) fmt::print(stderr, "  replay with: {}\n", replay);
  return kExitInternal;
}

std::string write_failure_trace(const std::string& dir, const RunPlan& r, const StepFailure& f) {
  RunResult partial;
  partial.trace = f.trace();
  const std::string path = fmt::format("{}/{}-assertion-seed{}.trace", dir, r.profile, r.seed);
  std::filesystem::create_directories(dir);
  std::ofstream out(path, std::ios::binary);
  out << write_scenario(trace_of(r, partial));
  if (!out) throw BadInput{"cannot write " + path};
  return path;
}

nlohmann::json violations_json(const CheckReport& rep) {
  auto arr = nlohmann::json::array();
  for (const auto& v : rep.violations) {
    auto notes = nlohmann::json::array();
    for (auto n : v.notes) notes.push_back(model::note_name(n));
    arr.push_back({{"property", v.property},
                   {"kind", v.kind},
                   {"replica", v.replica},
                   {"notes", notes},
                   {"step", v.step},
                   {"detail", v.detail}});
  }
  return arr;
}

nlohmann::json replicas_json(const CheckReport& rep) {
  nlohmann::json obj = nlohmann::json::object();
  for (const auto& r : rep.replicas) {
    auto orphans = nlohmann::json::array();
    for (auto n : r.orphans) orphans.push_back(model::note_name(n));
    obj[r.name] = {{"notes", r.notes},
                   {"reachable", r.reachable},
                   {"orphans", orphans},
                   {"dangling", r.dangling.size()}};
  }
  return obj;
}

std::string describe_violation(const Violation& v) {
  std::string s =
      fmt::format("{}/{} on {}", v.property, v.kind, v.replica.empty() ? "-" : v.replica);
  if (!v.notes.empty()) s += fmt::format(": {} note(s) {}", v.notes.size(), notes_list(v.notes));
  if (v.step > 0) s += fmt::format(" (visible from step {})", v.step);
  if (!v.detail.empty()) s += " — " + v.detail;
  return s;
}

nlohmann::json count_json(const Count& c) {
  if (c.fits_double_exactly()) return c.low_u64();
  return c.decimal();
}

nlohmann::json envelope(const std::string& command) {
  return {{"version", "0.1.0"}, {"command", command}};
}

}  // namespace syncsim::cli
