#include "sim/run_plan.h"

#include <algorithm>
#include <array>
#include <bitset>

#include "sim/prng.h"
#include "sim/trace/schema_lines.h"
#include "sim/workload_arrival.h"

namespace syncsim {
namespace {

struct SwarmRange {
  std::string_view knob;
  std::int64_t lo, hi;
  std::uint64_t off_num, off_den;  ///< probability that the knob is switched to 0 (fault off)
};

// Swarm testing (Groce et al. ISSTA'12, TigerBeetle options_swarm): every unpinned knob is
// drawn, and whole kinds of faults are switched off with probability 1/2.
constexpr SwarmRange kSwarm[] = {
    {"reinsert_delay_ms", 0, 240000, 0, 1},
    {"reinsert_gap_ms", 0, 5000, 0, 1},
    {"latency_min_ms", 1, 100, 0, 1},
    {"latency_max_ms", 100, 3000, 0, 1},
    {"r2m_delay_min_ms", 1, 50, 0, 1},
    {"r2m_delay_max_ms", 50, 3000, 0, 1},
    {"disconnects", 1, 3, 1, 2},
    {"partitions", 1, 2, 1, 2},
    {"partition_ms", 100, 20000, 0, 1},
};

/// The knobs the scenario or the command line pins, by index in knobs(), each with the value
/// of its last line. Names are looked up once per line; the passes below test a bit.
struct PinnedKnobs {
  std::bitset<kMaxKnobs> on;
  std::array<std::int64_t, kMaxKnobs> value{};
  std::array<int, kMaxKnobs> line{};  ///< of the scenario's knob line (0: the command line)
};

std::size_t knob_index(const KnobInfo& k) {
  return static_cast<std::size_t>(&k - knobs().data());
}

ParseError collect_pinned(const Scenario& scn, const Overrides& o, PinnedKnobs& pinned) {
  for (const auto* lines : {&scn.knobs, &o.knobs})
    for (const auto& k : *lines) {
      const KnobInfo* info = find_knob(k.name);
      if (info == nullptr) return {{}, k.line, "unknown knob '" + k.name + "'"};
      if (k.value < info->min || k.value > info->max)
        return {{}, k.line, "knob " + k.name + " out of range"};
      pinned.on.set(knob_index(*info));
      pinned.value[knob_index(*info)] = k.value;
      pinned.line[knob_index(*info)] = k.line;
    }
  return {};
}

/// kSwarm's knobs and the keys of their draws, looked up once.
struct SwarmKnob {
  const KnobInfo* info;
  std::size_t index;  ///< in knobs()
  std::uint64_t key;
};

const std::array<SwarmKnob, std::size(kSwarm)>& swarm_knobs() {
  static const auto table = [] {
    std::array<SwarmKnob, std::size(kSwarm)> t{};
    for (std::size_t i = 0; i < t.size(); ++i)
      t[i] = {find_knob(kSwarm[i].knob), knob_index(*find_knob(kSwarm[i].knob)),
              fnv1a64(kSwarm[i].knob, fnv1a64("swarm:"))};
    return t;
  }();
  return table;
}

/// Every swarm knob's draw under `seed`, pinned or not: a function of the seed alone.
struct SwarmDraws {
  std::uint64_t seed = 0;
  bool valid = false;
  std::array<std::int64_t, std::size(kSwarm)> value{};
};

const SwarmDraws& swarm_draws(std::uint64_t seed) {
  // The last seed's draws, kept per thread: fuzz_interleaving plans every execution with the
  // same seed, and the nine draws were ~570 instructions of each. No heap, so nothing
  // outlives an execution's arena (fuzz/arena.h).
  thread_local SwarmDraws last;
  if (last.valid && last.seed == seed) return last;
  for (std::size_t i = 0; i < std::size(kSwarm); ++i) {
    const SwarmRange& r = kSwarm[i];
    Prng rng(seed, swarm_knobs()[i].key);
    std::int64_t v = rng.range(r.lo, r.hi);
    if (r.off_num > 0 && rng.chance(r.off_num, r.off_den)) v = 0;
    last.value[i] = v;
  }
  last.seed = seed;
  last.valid = true;
  return last;
}

void draw_swarm(const PinnedKnobs& pinned, std::uint64_t seed, RunPlan& out) {
  const SwarmDraws& draws = swarm_draws(seed);
  for (std::size_t i = 0; i < std::size(kSwarm); ++i) {
    const SwarmKnob& k = swarm_knobs()[i];
    if (pinned.on[k.index]) continue;
    k.info->set(out.settings, draws.value[i]);
    out.swarm_drawn.emplace_back(kSwarm[i].knob);
  }
}

/// A delay's bounds once pinned values are in: a bound the scenario does not pin follows the
/// one it pins (`knob latency_min_ms 200` alone raises a drawn maximum below 200, and the trace
/// writes the raised value); two pinned bounds the wrong way round are bad input, not clamped.
/// The swarm ranges alone never cross (kSwarm: every minimum <= every maximum).
struct DelayBounds {
  const KnobInfo* lo;
  const KnobInfo* hi;
};

/// The two delays' bound knobs, looked up once (plan_run runs once per fuzzed execution).
const std::array<DelayBounds, 2>& delay_bounds() {
  static const std::array<DelayBounds, 2> table = {
      DelayBounds{find_knob("latency_min_ms"), find_knob("latency_max_ms")},
      DelayBounds{find_knob("r2m_delay_min_ms"), find_knob("r2m_delay_max_ms")}};
  return table;
}

ParseError order_bounds(const PinnedKnobs& pinned, const DelayBounds& bounds, RunPlan& out) {
  const KnobInfo& lo = *bounds.lo;
  const KnobInfo& hi = *bounds.hi;
  const std::int64_t lo_ms = lo.get(out.settings);
  const std::int64_t hi_ms = hi.get(out.settings);
  if (hi_ms >= lo_ms) return {};
  const bool lo_pinned = pinned.on[knob_index(lo)];
  const bool hi_pinned = pinned.on[knob_index(hi)];
  if (lo_pinned && hi_pinned)
    return {{},
            std::max(pinned.line[knob_index(lo)], pinned.line[knob_index(hi)]),
            std::string(hi.name) + " " + std::to_string(hi_ms) + " is below " +
                std::string(lo.name) + " " + std::to_string(lo_ms)};
  if (hi_pinned)
    lo.set(out.settings, hi_ms);
  else
    hi.set(out.settings, lo_ms);
  return {};
}

/// Every knob is written out so the trace replays on its own; policy knobs only when pinned,
/// so that `replay --profile other` runs the other profile's policies.
void write_knobs(const PinnedKnobs& pinned, const RunSettings& settings,
                 std::vector<KnobLine>& lines) {
  const std::vector<KnobInfo>& table = knobs();
  lines.clear();
  lines.reserve(table.size());
  for (std::size_t i = 0; i < table.size(); ++i)
    if (!table[i].policy || pinned.on[i])
      lines.push_back(KnobLine{std::string(table[i].name), table[i].get(settings), 0});
}

ParseError check_supported(const Scenario& scn) {
  for (const auto& d : scn.devices)
    if (d.user == 0) return {{}, d.line, "bad user name"};
  if (scn.devices.empty()) return {{}, 0, "the scenario declares no device"};
  return {};
}

/// plan_run() without the file name: its errors name the scenario line, plan_run() adds the file.
/// `workload` null: expanded from the scenario's lines. `owned` (null, or `&scn` given up by the
/// caller) is moved into `out.scenario` instead of a copy when `workload` is given.
ParseError resolve_lines(const Scenario& scn, Scenario* owned,
                         std::shared_ptr<const Workload> workload, const Overrides& o,
                         std::uint64_t seed, RunPlan& out) {
  if (auto e = check_supported(scn); !e.message.empty()) return e;
  if (!o.classify_only)
    if (auto e = check_schemas_modelled(scn); !e.message.empty()) return e;
  out.profile = o.profile.value_or(scn.profile.empty() ? "realm-h1" : scn.profile);
  const auto* prof = model::find_profile(out.profile);
  if (prof == nullptr)
    return {{}, 0, "unknown profile '" + out.profile + "' (see `syncsim profiles`)"};
  if (!o.classify_only && prof->policy.server == model::ServerKind::VerdantRelay)
    if (auto e = check_schemas_modelled_verdant(scn); !e.message.empty()) return e;
  out.settings = RunSettings{};
  out.settings.policy = prof->policy;
  out.seed = seed;
  out.discipline = o.discipline.value_or(scn.discipline.value_or(Discipline::Timed));
  out.swarm_drawn.clear();
  out.swarm_drawn.reserve(std::size(kSwarm));
  PinnedKnobs pinned;
  if (ParseError e = collect_pinned(scn, o, pinned); !e.message.empty()) return e;
  draw_swarm(pinned, seed, out);
  // Then the pinned values (each knob is a field of its own: the order of the sets is free).
  const std::vector<KnobInfo>& table = knobs();
  for (std::size_t i = 0; i < table.size(); ++i)
    if (pinned.on[i]) table[i].set(out.settings, pinned.value[i]);
  for (const DelayBounds& bounds : delay_bounds())
    if (ParseError e = order_bounds(pinned, bounds, out); !e.message.empty()) return e;
  // Verdant: a gap in the migration chain is an error for the developer (spec §6), also when
  // the profile was chosen on the command line for a scenario without `migration` lines.
  if (out.settings.policy.server == model::ServerKind::VerdantRelay)
    if (ParseError e = check_migration_chain(scn); !e.message.empty()) return e;
  const bool caller_workload = workload != nullptr;
  // Moved only when no error can follow (expanding the lines can fail); `scn` is not read
  // from here on.
  if (owned != nullptr && caller_workload)
    out.scenario = std::move(*owned);
  else
    out.scenario = scn;
  // Windows and unpinned arrival processes are drawn like swarm knobs, and written into the
  // trace's workload lines as drawn, so that the trace replays on its own.
  draw_timing(out.scenario.workload, seed);
  if (!caller_workload) {
    auto wl = std::make_shared<Workload>();
    if (auto e = expand_workload(out.scenario, *wl, seed); !e.message.empty()) return e;
    workload = std::move(wl);
  }
  out.workload = std::move(workload);
  out.scenario.seed = seed;
  out.scenario.discipline = out.discipline;
  out.scenario.profile = out.profile;
  out.scenario.steps.clear();
  out.scenario.results.clear();
  // Only a trace reads the knob lines; a caller that expanded the workload itself runs, and
  // writes no trace from this (see plan_run() in sim/run_plan.h).
  if (!caller_workload) write_knobs(pinned, out.settings, out.scenario.knobs);
  return {};
}

}  // namespace

std::uint64_t run_seed(std::uint64_t base, std::uint64_t i) {
  if (i == 0) return base;
  return mix64(base, i);
}

ParseError plan_run(const Scenario& scn, const Overrides& o, std::uint64_t seed, RunPlan& out) {
  return plan_run(scn, nullptr, o, seed, out);
}

ParseError plan_run(const Scenario& scn, std::shared_ptr<const Workload> workload,
                    const Overrides& o, std::uint64_t seed, RunPlan& out) {
  ParseError e = resolve_lines(scn, nullptr, std::move(workload), o, seed, out);
  if (!e.message.empty()) e.file = scn.source;
  return e;
}

ParseError plan_run(Scenario&& scn, std::shared_ptr<const Workload> workload, const Overrides& o,
                    std::uint64_t seed, RunPlan& out) {
  ParseError e = resolve_lines(scn, &scn, std::move(workload), o, seed, out);
  if (!e.message.empty()) e.file = scn.source;  // after an error `scn` is as it was
  return e;
}

std::string describe_config(const RunPlan& r) {
  std::string s = "seed=" + std::to_string(r.seed) + " profile=" + r.profile +
                  " discipline=" + std::string(to_string(r.discipline));
  for (const auto& k : knobs()) {
    s += " " + std::string(k.name) + "=" + std::to_string(k.get(r.settings));
    if (std::find(r.swarm_drawn.begin(), r.swarm_drawn.end(), k.name) != r.swarm_drawn.end())
      s += "(swarm)";
  }
  return s;
}

}  // namespace syncsim
