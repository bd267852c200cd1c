#pragma once
// What `syncsim render` draws: one replayed trace seen as a timeline of lane-to-lane
// events, each replica's tree before (initial state) and after (quiescence), and the
// violations. The CLI fills a Report; the renderers (render.h) only format it, so every
// format shows the same facts and stays byte-identical for the same trace.
#include <cstdint>
#include <string>
#include <vector>

#include "model/ids.h"
#include "properties/explain.h"
#include "sim/runner.h"

namespace syncsim::render {

/// The lanes of the sequence diagram, after the devices c1..cN (spec §2, §7).
inline constexpr const char* kSystemLanes[] = {"server", "r2m", "m2r", "Atlas", "admin"};

/// Notes of one replica that changed reachability or existence in one step.
struct ReplicaChange {
  std::string replica;  ///< c1.., server, atlas
  std::vector<model::NoteId> added, removed, orphaned, reattached;
};

/// A state change the trees do not show, over the lane it concerns ("paused" on r2m).
struct Fact {
  std::string lane, text;
};

/// One step of the trace as the diagram shows it.
struct Event {
  std::uint64_t index = 0;  ///< the trace's step number (1-based, steps then settle)
  std::int64_t t_ms = 0;
  bool settle = false;
  std::string label;                   ///< the stable label, as in the trace
  std::string from;                    ///< lane that acts
  std::string to;                      ///< lane that receives; empty: a note over `from`
  std::string message;                 ///< short text on the arrow or note
  std::vector<ReplicaChange> changes;  ///< notes added/removed/orphaned/re-attached
  std::vector<Fact> facts;  ///< other state changes: r2m "paused", c1 "client reset (discard)"
};

/// A replica's tree: every note with its existing children, the orphans and dangling keys.
struct ReplicaTree {
  std::string name;
  std::vector<model::NoteId> roots;  ///< the users' roots present in this replica
  std::vector<std::pair<model::NoteId, std::vector<model::NoteId>>> children;  ///< by note id
  std::vector<model::NoteId> orphans;  ///< notes not reachable from their user's root
  std::vector<std::pair<model::NoteId, model::NoteId>> dangling;  ///< (parent, missing child)
  /// verdant-5.5: notes the client stores but does not show (invalid at its schema, D1); the
  /// tree above is what it shows (properties/check.h shown_store).
  std::vector<model::NoteId> hidden;
  const std::vector<model::NoteId>* children_of(model::NoteId id) const;
  bool is_orphan(model::NoteId id) const;
};

struct ViolationView {
  std::string property, kind, replica;  ///< signature and where
  std::vector<model::NoteId> notes;
  std::uint64_t step = 0;   ///< when it became visible (0 = not located)
  std::string description;  ///< one line, as `replay` prints it
};

struct Report {
  std::string version;  ///< the tool version every --json object carries
  std::string trace_path, profile, discipline, config, replay_command;
  std::uint64_t seed = 0;
  bool settled = true;
  std::vector<std::string> devices;  ///< lanes c1..cN in device order
  std::vector<Event> timeline;
  std::vector<ReplicaTree> before, after;
  std::vector<ViolationView> violations;
  std::vector<LossChain> chains;  ///< why each note was lost (docs/explain.md); empty when none
  /// Lanes in diagram order: devices, then kSystemLanes.
  std::vector<std::string> lanes() const;
};

/// Replays `steps` (every one enabled: the trace an observed run recorded) from the initial
/// world of `r`, filling devices, timeline, before and after. Throws std::runtime_error when
/// a step is not enabled (the caller passes a recorded trace, so that is an internal error).
void collect(const RunPlan& r, const std::vector<StepLine>& steps, Report& out);

/// Where a loss became visible in one change: notes orphaned there, and notes removed there
/// that a violation names (a lost note or lost acknowledged write). Orphans are marked in the
/// orphan colour, removals in the violation colour.
struct LossMark {
  std::string text;  ///< "LOSS VISIBLE: n1.1 orphaned on c1"
  bool orphan = false;
};
std::vector<LossMark> loss_marks(const Report& r, const ReplicaChange& c);

/// The lane an action acts on, the lane it reaches, and the text on the arrow.
struct LaneMove {
  std::string from, to, message;
};
LaneMove lane_move(const World& w, const Action& a, const std::string& label);

}  // namespace syncsim::render
