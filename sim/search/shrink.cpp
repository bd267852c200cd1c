// Shrinking a failing trace to a 1-minimal one with the same violation signature
// (sim/search/shrink.h, docs/shrinking.md).
#include "sim/search/shrink.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "model/assert.h"
#include "properties/check.h"
#include "sim/search/bfs.h"
#include "sim/search/explore.h"
#include "sim/workload.h"

namespace syncsim {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

/// A simpler scenario to try, keeping the current chosen steps.
struct StructuralCandidate {
  std::string description;
  Scenario scenario;
};

bool has_device_of_user(const Scenario& s, model::UserId user) {
  return std::any_of(s.devices.begin(), s.devices.end(),
                     [&](const DeviceSpec& d) { return d.user == user; });
}

void drop_devices(const Scenario& best, std::vector<StructuralCandidate>& out) {
  if (best.devices.size() < 2) return;  // a scenario needs a device
  for (const DeviceSpec& dev : best.devices) {
    Scenario s = best;
    std::erase_if(s.devices, [&](const DeviceSpec& d) { return d.name == dev.name; });
    std::erase_if(s.workload, [&](const WorkloadLine& w) { return w.actor == dev.name; });
    std::erase_if(s.trees, [&](const TreeSpec& t) { return !has_device_of_user(s, t.user); });
    out.push_back({"dropped device " + dev.name, std::move(s)});
  }
}

/// How many items of workload line `i` the chosen steps execute (a prefix of the line: a
/// script runs in order).
std::uint32_t items_used(const Scenario& best, std::size_t i) {
  Scenario one = best;
  one.workload = {best.workload[i]};
  Workload wl;
  if (!expand_workload(one, wl).message.empty()) return best.workload[i].count;
  std::uint32_t used = 0;
  for (const auto& script : wl.scripts)
    for (const WorkItem& item : script)
      for (const StepLine& st : best.steps)
        if (!st.settle && st.label == wl.label(item)) {
          ++used;
          break;
        }
  return used;
}

void drop_workload(const Scenario& best, std::vector<StructuralCandidate>& out) {
  for (std::size_t i = 0; i < best.workload.size(); ++i) {
    const WorkloadLine& w = best.workload[i];
    const std::string what = "workload line " + std::to_string(i + 1) + " (" + w.actor + " " +
                             std::string(to_string(w.kind)) + ")";
    Scenario s = best;
    s.workload.erase(s.workload.begin() + static_cast<std::ptrdiff_t>(i));
    out.push_back({"dropped " + what, std::move(s)});
    if (w.count > 1) {
      const std::uint32_t used = std::max<std::uint32_t>(1, items_used(best, i));
      if (used < w.count) {
        Scenario r = best;
        r.workload[i].count = used;
        out.push_back({"reduced " + what + " to x" + std::to_string(used), std::move(r)});
      }
    }
    if (w.count == 1 && w.every_ms != 0) {
      Scenario r = best;
      r.workload[i].every_ms = 0;  // `every P from T x1` is `at T`, with the note spelled out
      std::string& note = r.workload[i].note;
      if (!note.empty() && note.back() == '*') note = note.substr(0, note.size() - 1) + "1";
      out.push_back({"wrote " + what + " as a single `at`", std::move(r)});
    }
  }
}

void knobs_to_defaults(const Scenario& best, std::vector<StructuralCandidate>& out) {
  const RunSettings defaults{};
  for (std::size_t i = 0; i < best.knobs.size(); ++i) {
    const KnobLine& k = best.knobs[i];
    const KnobInfo* info = find_knob(k.name);
    if (info == nullptr) continue;
    Scenario s = best;
    if (info->policy) {
      // Unpinned, a policy knob takes the profile's value.
      s.knobs.erase(s.knobs.begin() + static_cast<std::ptrdiff_t>(i));
      out.push_back({"unpinned policy knob " + k.name, std::move(s)});
      continue;
    }
    const std::int64_t def = info->get(defaults);
    if (k.value == def) continue;
    s.knobs[i].value = def;
    out.push_back({"knob " + k.name + " back to its default " + std::to_string(def), std::move(s)});
  }
}

void simplify_scenario(const Scenario& best, std::vector<StructuralCandidate>& out) {
  for (std::size_t i = 0; i < best.trees.size(); ++i) {
    Scenario s = best;
    s.trees.erase(s.trees.begin() + static_cast<std::ptrdiff_t>(i));
    out.push_back(
        {"dropped the initial tree of " + lex::user_name(best.trees[i].user), std::move(s)});
    if (best.trees[i].count > 1) {
      Scenario h = best;
      h.trees[i].count /= 2;
      out.push_back(
          {"halved the initial tree of " + lex::user_name(best.trees[i].user), std::move(h)});
    }
  }
  const DeviceSpec plain{};
  for (std::size_t i = 0; i < best.devices.size(); ++i) {
    const DeviceSpec& d = best.devices[i];
    const bool simple = d.clock_offset_ms == plain.clock_offset_ms &&
                        d.drift_ppm == plain.drift_ppm && d.reset_mode == plain.reset_mode &&
                        d.app_schema == plain.app_schema;
    if (simple) continue;
    Scenario s = best;
    s.devices[i].clock_offset_ms = plain.clock_offset_ms;
    s.devices[i].drift_ppm = plain.drift_ppm;
    s.devices[i].reset_mode = plain.reset_mode;
    s.devices[i].app_schema = plain.app_schema;
    out.push_back(
        {"device " + d.name + " back to default clock, reset mode and app", std::move(s)});
  }
}

/// Every structural simplification of `best`, most effective first. Each keeps the steps.
std::vector<StructuralCandidate> structural_candidates(const Scenario& best) {
  std::vector<StructuralCandidate> out;
  drop_devices(best, out);
  drop_workload(best, out);
  knobs_to_defaults(best, out);
  simplify_scenario(best, out);
  return out;
}

/// The search state: the best (shortest, simplest) reproducing trace so far, re-recorded.
class Shrinker {
 public:
  Shrinker(const ShrinkOptions& opt, std::string signature)
      : opt_(opt), signature_(std::move(signature)) {}

  void start(Scenario best) { best_ = std::move(best); }
  const Scenario& best() const { return best_; }
  ShrinkStats& stats() { return stats_; }

  /// Replays `cand`; when it shows the signature it becomes the best trace.
  bool attempt(const Scenario& cand) {
    if (stats_.replays >= opt_.max_replays) {
      stats_.bound_reached = true;
      return false;
    }
    ++stats_.replays;
    Replayed r = replay_candidate(cand, signature_, opt_.naming);
    if (!r.resolved || !r.hit) return false;
    best_ = std::move(r.trace);
    return true;
  }

  bool attempt_steps(const std::vector<StepLine>& steps) {
    return attempt(with_steps(best_, steps));
  }

  /// Delta debugging (Zeller & Hildebrandt, TSE 2002) over the chosen steps: remove chunks
  /// (complements first: a run needs its prefix), refining the granularity when nothing goes.
  void ddmin() {
    std::size_t n = 2;
    for (;;) {
      const std::vector<StepLine> steps = chosen_steps(best_);
      if (steps.size() < 2 || stats_.bound_reached) return;
      n = std::min(n, steps.size());
      if (remove_one_chunk(steps, n)) {
        n = std::max<std::size_t>(n - 1, 2);
        continue;
      }
      if (n >= steps.size()) return;
      n = std::min(n * 2, steps.size());
    }
  }

  /// One step at a time, last to first, until no single deletion keeps the signature.
  void one_at_a_time() {
    shrink_detail::delete_one_at_a_time(
        chosen_steps(best_),
        [&](const std::vector<StepLine>& cand) -> std::optional<std::vector<StepLine>> {
          if (!attempt_steps(cand)) return std::nullopt;
          return chosen_steps(best_);  // re-recorded: the steps that ran
        },
        stats_.bound_reached);
  }

  void shrink_steps() {
    ddmin();
    one_at_a_time();
  }

  /// Tries each structural simplification once; after an accepted one, deletes steps again.
  bool structural_pass() {
    bool any = false;
    for (;;) {
      std::vector<StructuralCandidate> cands = structural_candidates(best_);
      bool accepted = false;
      for (auto& c : cands) {
        // The result is a file: a candidate the parser would reject is no simplification.
        if (std::holds_alternative<ParseError>(
                parse_scenario(write_scenario(c.scenario), "candidate")))
          continue;
        if (!attempt(c.scenario)) continue;
        stats_.log.push_back(c.description);
        ++stats_.structural_changes;
        accepted = any = true;
        shrink_steps();
        break;
      }
      if (!accepted || stats_.bound_reached) return any;
    }
  }

 private:
  bool remove_one_chunk(const std::vector<StepLine>& steps, std::size_t n) {
    const std::size_t size = steps.size();
    for (std::size_t c = 0; c < n; ++c) {
      const std::size_t lo = c * size / n, hi = (c + 1) * size / n;
      std::vector<StepLine> cand(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(lo));
      cand.insert(cand.end(), steps.begin() + static_cast<std::ptrdiff_t>(hi), steps.end());
      if (attempt_steps(cand)) return true;
    }
    return false;
  }

  const ShrinkOptions& opt_;
  std::string signature_;
  Scenario best_;
  ShrinkStats stats_;
};

}  // namespace

std::vector<StepLine> chosen_steps(const Scenario& trace) {
  std::vector<StepLine> out;
  for (const auto& s : trace.steps)
    if (!s.settle) out.push_back(s);
  return out;
}

Scenario with_steps(const Scenario& trace, const std::vector<StepLine>& steps) {
  Scenario s = trace;
  s.steps.clear();
  std::uint64_t i = 0;
  for (const auto& st : steps)
    if (!st.settle) s.steps.push_back(StepLine{++i, st.t_ms, false, st.label, st.line});
  s.results.clear();
  return s;
}

Replayed replay_candidate(const Scenario& trace, const std::string& signature,
                          model::NoteId naming) {
  Replayed out;
  if (!trace.seed) {
    out.error = "the trace has no seed line";
    return out;
  }
  RunPlan r;
  if (auto e = plan_run(trace, Overrides{}, *trace.seed, r); !e.message.empty()) {
    out.error = e.str();
    return out;
  }
  out.resolved = true;
  World w = make_world(r);
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.record = true;
  opt.replay = &trace.steps;
  RunResult res = run_world(w, opt);
  out.signatures = violation_signatures(w, res.settled, naming);
  out.hit = !signature.empty() && contains(out.signatures, signature);
  out.trace = trace_of(r, res);
  out.steps = res.steps;
  out.skipped = std::move(res.skipped);
  return out;
}

ShrinkResult shrink_trace(const Scenario& trace, const ShrinkOptions& opt) {
  ShrinkResult out;
  const Replayed first = replay_candidate(trace, opt.signature, opt.naming);
  if (!first.resolved) {
    out.error = first.error;
    return out;
  }
  if (first.signatures.empty()) {
    out.error = "the trace does not violate anything";
    return out;
  }
  out.signature = opt.signature.empty() ? first.signatures.front() : opt.signature;
  if (!contains(first.signatures, out.signature)) {
    out.error = "the trace does not show signature '" + out.signature + "'";
    return out;
  }
  Shrinker s(opt, out.signature);
  s.start(first.trace);
  s.stats().replays = 1;
  s.stats().steps_before = first.steps;
  s.shrink_steps();
  if (opt.structural) s.structural_pass();
  out.trace = s.best();
  out.stats = s.stats();
  out.stats.steps_after = chosen_steps(out.trace).size();
  return out;
}

MinimalityReport check_one_minimal(const Scenario& trace, const std::string& signature,
                                   model::NoteId naming) {
  MinimalityReport rep;
  rep.reproduces = replay_candidate(trace, signature, naming).hit;
  const std::vector<StepLine> steps = chosen_steps(trace);
  rep.steps = steps.size();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    std::vector<StepLine> cand = steps;
    cand.erase(cand.begin() + static_cast<std::ptrdiff_t>(i));
    Replayed r = replay_candidate(with_steps(trace, cand), signature, naming);
    if (r.hit) rep.removable.push_back(i + 1);
    rep.without.push_back(std::move(r.signatures));
  }
  return rep;
}

std::vector<std::string> signatures_after_settle(const World& w) {
  static const std::vector<StepLine> kNoSteps;
  World settled = w;
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &kNoSteps;
  const RunResult res = run_world(settled, opt);
  return violation_signatures(settled, res.settled);
}

Replayed trace_from_labels(const RunPlan& r, const std::vector<std::string>& labels,
                           const std::string& signature) {
  Scenario t = r.scenario;
  t.steps.clear();
  for (const auto& l : labels) {
    const std::uint64_t i = t.steps.size() + 1;
    t.steps.push_back(StepLine{i, static_cast<std::int64_t>(i), false, l, 0});
  }
  return replay_candidate(t, signature);
}

namespace {

/// bfs_shortest's visits of the breadth-first walk (sim/search/bfs.h). The goal test is
/// "settle, then the signature", made on a whole level before it is expanded. States are
/// merged by state_hash (sim/search/explore.h), which keeps everything a future outcome
/// depends on, so a state first met at depth d never needs expanding again at a greater depth.
class ShortestFailing {
 public:
  ShortestFailing(const std::string& signature, const BfsLimits& limits, BfsResult& out)
      : signature_(signature), limits_(limits), out_(out) {}

  bool level(std::uint32_t depth, const std::vector<BfsEntry>& states) {
    for (const BfsEntry& e : states) {
      if (!contains(signatures_after_settle(e.world), signature_)) continue;
      out_.found = true;
      out_.depth = depth;
      out_.labels = path_to(e.id);
      return false;
    }
    if (depth < limits_.max_depth) return true;
    out_.bound_reached = true;
    return false;
  }

  bool choose(std::uint32_t, std::uint32_t, World&, const std::vector<Action>& enabled,
              std::vector<std::uint32_t>& chosen) {
    ++out_.states;
    for (std::size_t i = 0; i < enabled.size(); ++i)
      chosen.push_back(static_cast<std::uint32_t>(i));
    return true;
  }

  void step(const World& w, const Action& a, std::uint32_t) { label_ = w.label(a); }

  bool admit(std::uint32_t) { return true; }

  void reached(std::uint32_t parent, std::uint32_t, std::uint32_t id, bool fresh) {
    if (!fresh) {
      ++out_.merged;
      return;
    }
    SYNCSIM_ASSERT(id == nodes_.size(), "the walk numbers states as the tree does");
    nodes_.push_back(Node{parent, std::move(label_)});
  }

  bool expanded(std::uint32_t) {
    if (out_.states < limits_.max_states) return true;
    out_.bound_reached = true;
    return false;
  }

 private:
  /// How a state was first reached (labels are rebuilt from the parent chain).
  struct Node {
    std::uint32_t parent = 0;
    std::string label;
  };

  std::vector<std::string> path_to(std::uint32_t id) const {
    std::vector<std::string> labels;
    for (; id != 0; id = nodes_[id].parent) labels.push_back(nodes_[id].label);
    std::reverse(labels.begin(), labels.end());
    return labels;
  }

  const std::string& signature_;
  const BfsLimits& limits_;
  BfsResult& out_;
  std::vector<Node> nodes_{1};  ///< state 0: the initial state
  std::string label_;           ///< label of the step being taken
};

}  // namespace

BfsResult bfs_shortest(const RunPlan& r, const std::string& signature, const BfsLimits& limits) {
  BfsResult out;
  ShortestFailing visits(signature, limits, out);
  BreadthFirstWalk<ShortestFailing>(visits, limits.dedup).run(initial_world(r));
  return out;
}

}  // namespace syncsim
