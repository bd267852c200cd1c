#pragma once
// RapidCheck state-machine glue (issue 5): the commands are the world's actions, each named by
// its stable label; the model is the sim World itself (copied whenever RapidCheck replays a
// sequence from the start); the check runs the deterministic settle phase and the checkers of
// MODEL §7.
//
// Header-only on purpose: properties/*.cpp is also built by the fuzz preset (clang, libc++, no
// RapidCheck), so nothing here may be compiled into syncsim_properties.
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "properties/check.h"
#include "sim/shrink.h"

namespace rc::detail {
// Defined in librapidcheck (src/detail/ReproduceListener.cpp) but not in its installed headers:
// the `reproduce=` value that RC_PARAMS accepts.
std::string reproduceMapToString(const std::unordered_map<std::string, Reproduce>& map);
}  // namespace rc::detail

namespace syncsim::rc_world {

/// The checkers' verdict as distinct signatures, in first-violation order.
inline std::vector<std::string> signatures(const World& w, bool settled) {
  std::vector<std::string> out;
  for (const auto& v : check_quiescent(w, settled).violations)
    if (std::find(out.begin(), out.end(), v.signature()) == out.end()) out.push_back(v.signature());
  return out;
}

/// Labels of the actions enabled in the chosen-actions phase, in the world's listing order.
inline std::vector<std::string> enabled_labels(const World& w) {
  std::vector<Action> acts;
  w.enabled(acts, false, false);
  std::vector<std::string> out;
  out.reserve(acts.size());
  for (const auto& a : acts) out.push_back(w.label(a));
  return out;
}

/// Executes the enabled action called `label`; false when none is.
inline bool execute_label(World& w, const std::string& label) {
  std::vector<Action> acts;
  w.enabled(acts, false, false);
  for (const auto& a : acts)
    if (w.label(a) == label) {
      w.execute(a);
      return true;
    }
  return false;
}

/// Nothing outside the model: the world is the system under test and its own model.
struct Sut {};
using Command = rc::state::Command<World, Sut>;
using Commands = rc::state::Commands<Command>;

/// One world action, by label. Generated from the labels enabled in the current model state;
/// its precondition is that the label is still enabled (RapidCheck's shrinker regenerates a
/// command whose precondition fails). When nothing is enabled the command is `idle` (the
/// sequence has run to the end; settle and the check follow).
class ActionCommand final : public Command {
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
    if (!label_.empty()) execute_label(w, label_);
  }
  void show(std::ostream& os) const override { os << (label_.empty() ? "idle" : label_); }
  const std::string& label() const { return label_; }

 private:
  std::string label_;
};

inline auto commands_gen(const World& initial) {
  return rc::state::gen::commands(initial, rc::state::gen::execOneOfWithArgs<ActionCommand>());
}

/// The chosen steps of a command sequence (idle commands dropped).
inline std::vector<std::string> labels_of(const Commands& cmds) {
  std::vector<std::string> out;
  for (const auto& c : cmds) {
    const auto* a = dynamic_cast<const ActionCommand*>(c.get());
    if (a != nullptr && !a->label().empty()) out.push_back(a->label());
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
  std::string message;                   ///< RapidCheck's printed result
  std::string reproduce;                 ///< RC_PARAMS value reproducing the failure
  std::vector<std::string> failing;      ///< labels of RapidCheck's shrunk counterexample
  std::vector<std::string> signatures;   ///< what that counterexample violates
  int cases = 0;                         ///< successful cases before the failure (or all)
};

/// Silences RapidCheck's at-exit "to reproduce" banner for expected failures.
struct QuietListener final : rc::detail::TestListener {
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

/// Checks `claim` over RapidCheck-generated command sequences from `r`'s initial world (`r`
/// resolved with the untimed discipline). `expect_failure`: no global reproduce banner (the failure is the point).
inline RcOutcome check_claim(const Resolved& r, const Claim& claim, int cases, int max_size,
                             const std::string& id, bool expect_failure) {
  const World initial = make_world(r);
  RcOutcome out;
  const SignatureProbe probe = signatures;
  auto property = [&] {
    const Commands cmds = *commands_gen(initial);
    World w = initial;
    rc::state::applyAll(cmds, w);
    const std::vector<std::string> sigs = settle_and_probe(w, probe);
    const bool bad = claim.forbidden_signature.empty()
                         ? !sigs.empty()
                         : std::find(sigs.begin(), sigs.end(), claim.forbidden_signature) != sigs.end();
    // Shrinking only accepts failing candidates, so the last failing case is the final one.
    if (bad) out.failing = labels_of(cmds), out.signatures = sigs;
    RC_ASSERT(!bad);
  };
  rc::detail::TestMetadata meta;
  meta.id = meta.description = id;
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  params.maxSuccess = cases;
  params.maxSize = max_size;
  QuietListener quiet;
  const auto prop = rc::detail::toProperty(property);
  const rc::detail::TestResult res =
      expect_failure ? rc::detail::checkProperty(prop, meta, params, quiet, {})
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

/// Writes the syncsim trace of a RapidCheck counterexample into `dir`; returns its path.
inline std::string write_counterexample(const Resolved& r, const std::vector<std::string>& labels,
                                        const std::string& signature, const std::string& dir,
                                        const std::string& name) {
  const Replayed rep = trace_from_labels(r, labels, signatures, signature);
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/" + name + ".trace";
  std::ofstream(path, std::ios::binary) << write_scenario(rep.trace);
  return path;
}

}  // namespace syncsim::rc_world
