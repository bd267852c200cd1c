#pragma once
// RapidCheck state-machine glue: the commands are the world's actions, each named by
// its stable label; the model is the sim World itself (copied whenever RapidCheck replays a
// sequence from the start); the check runs the deterministic settle phase and the checkers of
// spec §7.
//
// Header-only on purpose: properties/*.cpp is also built by the fuzz preset (clang, libc++, no
// RapidCheck), so nothing here may be compiled into syncsim_properties.
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "properties/check.h"
#include "sim/search/shrink.h"

namespace rc::detail {
// Defined in librapidcheck (src/detail/ReproduceListener.cpp) but not in its installed headers:
// the `reproduce=` value that RC_PARAMS accepts.
std::string reproduceMapToString(const std::unordered_map<std::string, Reproduce>& map);
}  // namespace rc::detail

namespace syncsim::rc_world {

/// Labels of the actions enabled in the chosen-actions phase, in the world's listing order.
inline std::vector<std::string> enabled_labels(const World& w) {
  std::vector<Action> acts;
  w.enabled(acts, false, false);
  std::vector<std::string> out;
  out.reserve(acts.size());
  for (const auto& a : acts) out.push_back(w.label(a));
  return out;
}

/// Nothing outside the model: the world is the system under test and its own model.
struct Sut {};
using Command = rc::state::Command<World, Sut>;
using Commands = rc::state::Commands<Command>;

/// A command that can say which action it stands for in a given state ("" = idle).
class WorldCommand : public Command {
 public:
  virtual std::string label_in(const World& w) const = 0;
};

/// One world action, by label. Generated from the labels enabled in the current model state;
/// its precondition is that the label is still enabled (RapidCheck's shrinker regenerates a
/// command whose precondition fails). When nothing is enabled the command is `idle` (the
/// sequence has run to the end; settle and the check follow).
class ActionCommand final : public WorldCommand {
 public:
  explicit ActionCommand(const World& w) {
    const std::vector<std::string> labels = enabled_labels(w);
    if (!labels.empty()) label_ = *rc::gen::elementOf(labels);
  }
  void checkPreconditions(const World& w) const override {
    const std::vector<std::string> labels = enabled_labels(w);
    if (label_.empty()) {
      RC_PRE(labels.empty());
    } else {
      RC_PRE(std::find(labels.begin(), labels.end(), label_) != labels.end());
    }
  }
  void apply(World& w) const override {
    if (!label_.empty()) {
      std::vector<Action> scratch;
      execute_label(w, label_, false, scratch);
    }
  }
  void show(std::ostream& os) const override { os << (label_.empty() ? "idle" : label_); }
  std::string label_in(const World&) const override { return label_; }

 private:
  std::string label_;
};

/// The positional alternative: "run the i-th enabled action" (how state machines over a
/// message queue are often written). Deleting an earlier command re-binds the later ones to
/// other actions; kept to measure what that does to RapidCheck's shrinking.
class IndexCommand final : public WorldCommand {
 public:
  explicit IndexCommand(const World& w) {
    std::vector<Action> acts;
    w.enabled(acts, false, false);
    std::vector<int> indices(acts.size());
    for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = static_cast<int>(i);
    // elementOf, as ActionCommand: the same distribution; only the encoding differs.
    if (!acts.empty()) index_ = *rc::gen::elementOf(indices);
  }
  void checkPreconditions(const World& w) const override {
    std::vector<Action> acts;
    w.enabled(acts, false, false);
    RC_PRE((index_ < 0) == acts.empty());
  }
  void apply(World& w) const override {
    std::vector<Action> acts;
    w.enabled(acts, false, false);
    if (index_ >= 0 && !acts.empty())
      w.execute(acts[static_cast<std::size_t>(index_) % acts.size()]);
  }
  void show(std::ostream& os) const override { os << "enabled[" << index_ << "]"; }
  std::string label_in(const World& w) const override {
    std::vector<Action> acts;
    w.enabled(acts, false, false);
    if (index_ < 0 || acts.empty()) return "";
    return w.label(acts[static_cast<std::size_t>(index_) % acts.size()]);
  }

 private:
  int index_ = -1;
};

template <class Cmd = ActionCommand>
auto commands_gen(const World& initial) {
  return rc::state::gen::commands(initial, rc::state::gen::execOneOfWithArgs<Cmd>());
}

/// The chosen steps a command sequence runs from `initial` (idle commands dropped).
inline std::vector<std::string> labels_of(const World& initial, const Commands& cmds) {
  std::vector<std::string> out;
  World w = initial;
  for (const auto& c : cmds) {
    const auto* wc = dynamic_cast<const WorldCommand*>(c.get());
    if (wc == nullptr) continue;
    std::string l = wc->label_in(w);
    if (!l.empty()) out.push_back(std::move(l));
    c->apply(w);
  }
  return out;
}

/// What the property claims: no violation at all (a correct profile in its domain), or that
/// one signature never appears (a buggy profile: RapidCheck is expected to refute it).
struct Claim {
  std::string forbidden_signature;  ///< "" = every signature is forbidden
};

struct RcOutcome {
  bool failed = false;
  std::string message;                  ///< RapidCheck's printed result
  std::string reproduce;                ///< RC_PARAMS value reproducing the failure
  std::vector<std::string> failing;     ///< labels of RapidCheck's shrunk counterexample
  std::vector<std::string> signatures;  ///< what that counterexample violates
  int cases = 0;                        ///< successful cases before the failure (or all)
};

/// How many cases, how long the command sequences, which seed (default: RC_PARAMS's).
struct RcParams {
  int cases = 1000;
  int max_size = 40;
  std::optional<std::uint64_t> seed;
  bool shrink = true;  ///< false: stop at the first failing case (time-to-failure benchmarks)
};

/// Silences RapidCheck's at-exit "to reproduce" banner for expected failures.
struct QuietListener final : rc::detail::TestListener {
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

/// Checks `claim` over RapidCheck-generated command sequences from `r`'s initial world (`r`
/// resolved with the untimed discipline). `expect_failure`: no global reproduce banner (the failure
/// is the point).
template <class Cmd = ActionCommand>
RcOutcome check_claim(const RunPlan& r, const Claim& claim, const RcParams& rp,
                      const std::string& id, bool expect_failure) {
  const World initial = make_world(r);
  RcOutcome out;
  auto property = [&] {
    const Commands cmds = *commands_gen<Cmd>(initial);
    World w = initial;
    rc::state::applyAll(cmds, w);
    const std::vector<std::string> sigs = signatures_after_settle(w);
    const bool bad =
        claim.forbidden_signature.empty()
            ? !sigs.empty()
            : std::find(sigs.begin(), sigs.end(), claim.forbidden_signature) != sigs.end();
    // Shrinking only accepts failing candidates, so the last failing case is the final one.
    if (bad) out.failing = labels_of(initial, cmds), out.signatures = sigs;
    RC_ASSERT(!bad);
  };
  rc::detail::TestMetadata meta;
  meta.id = meta.description = id;
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  params.maxSuccess = rp.cases;
  params.maxSize = rp.max_size;
  if (rp.seed) params.seed = *rp.seed;
  params.disableShrinking = !rp.shrink;
  QuietListener quiet;
  const auto prop = rc::detail::toProperty(property);
  const rc::detail::TestResult res = expect_failure
                                         ? rc::detail::checkProperty(prop, meta, params, quiet, {})
                                         : rc::detail::checkProperty(prop, meta, params);
  std::ostringstream msg;
  rc::detail::printResultMessage(res, msg);
  out.message = msg.str();
  if (res.template is<rc::detail::SuccessResult>()) {
    out.cases = res.template get<rc::detail::SuccessResult>().numSuccess;
    out.failing.clear();
    return out;
  }
  out.failed = true;
  if (res.template is<rc::detail::FailureResult>()) {
    const auto& f = res.template get<rc::detail::FailureResult>();
    out.cases = f.numSuccess;
    out.reproduce = rc::detail::reproduceMapToString({{id, f.reproduce}});
  }
  return out;
}

/// RapidCheck refutes "`signature` never appears"; its shrunk counterexample becomes a syncsim
/// trace, which `syncsim shrink` minimizes; the BFS oracle gives the true minimum. The three
/// lengths are what the shrink tests compare.
struct FoundAndShrunk {
  RcOutcome rc;
  Replayed rc_trace;  ///< RapidCheck's counterexample, replayed and re-recorded
  ShrinkResult shrunk;
  BfsResult bfs;
};

template <class Cmd = ActionCommand>
FoundAndShrunk find_and_shrink(const RunPlan& r, const std::string& signature, const RcParams& rp,
                               const std::string& id) {
  FoundAndShrunk out;
  out.rc = check_claim<Cmd>(r, Claim{signature}, rp, id, true);
  if (!out.rc.failed || out.rc.failing.empty()) return out;
  out.rc_trace = trace_from_labels(r, out.rc.failing, signature);
  if (!out.rc_trace.hit) return out;
  ShrinkOptions opt;
  opt.signature = signature;
  out.shrunk = shrink_trace(out.rc_trace.trace, opt);
  out.bfs = bfs_shortest(r, signature);
  return out;
}

/// Writes the syncsim trace of a RapidCheck counterexample into `dir`; returns its path.
inline std::string write_counterexample(const RunPlan& r, const std::vector<std::string>& labels,
                                        const std::string& signature, const std::string& dir,
                                        const std::string& name) {
  const Replayed rep = trace_from_labels(r, labels, signature);
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/" + name + ".trace";
  std::ofstream(path, std::ios::binary) << write_scenario(rep.trace);
  return path;
}

}  // namespace syncsim::rc_world
