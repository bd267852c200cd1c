#pragma once
// Why a note was lost (docs/explain.md): for each lost, orphaned or dangling note the
// checkers report, the causal chain from the write that created and linked it to the step,
// replica and cause (model::Cause) that dropped it. Built by replaying the trace with the
// model's loss events recorded; observes only.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/explain.h"
#include "properties/check.h"
#include "sim/run_plan.h"
#include "sim/trace/scenario.h"

namespace syncsim {

struct ChainLink {
  std::uint64_t step = 0;  ///< trace step (1-based); 0: not tied to one step
  std::string replica;     ///< c1.., server, atlas; "" for the whole run
  std::string text;
};

struct LossChain {
  std::string property, kind, replica;  ///< the violation
  model::NoteId note = 0;
  std::vector<ChainLink> links;  ///< creation first, the dropping cause last
  /// The listed cause the chain ends in; nullopt when no recorded event explains the loss
  /// (a defect of the recording, which the corpus test rejects).
  std::optional<model::Cause> cause;
};

/// The violations explain_losses covers: lost, orphaned, dangling and misplaced notes and
/// lost acknowledged inserts.
bool is_loss(const Violation& v);

/// Replays `steps` (every step of a recorded trace, settle steps included) on a fresh world
/// of `r` with loss recording on, and explains every note of every loss in `report` (the
/// checkers' report of the same run). `only` != 0: that note only.
std::vector<LossChain> explain_losses(const RunPlan& r, const std::vector<StepLine>& steps,
                                      const CheckReport& report, model::NoteId only = 0);

/// Plain-text form, one block per chain.
std::string format_chains(const std::vector<LossChain>& chains);

}  // namespace syncsim
