#pragma once
// The scenario's workload expanded into items with stable identities (docs/trace-format.md "Stable
// labels").
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/ids.h"
#include "sim/trace/scenario.h"

namespace syncsim {

struct WorkItem {
  WorkKind kind = WorkKind::Insert;
  int actor = -1;  ///< device index, or -1 for admin
  std::int64_t at_ms = 0;
  model::NoteId note = 0;
  model::NoteId parent = 0;  ///< insert: under; move: to
  bool breaking = false;
  bool change_list = false;  ///< deploy: a change list (the label has no additive/breaking)
  std::uint32_t app_schema = 0;
  /// deploy: its changes are Workload::deploy_changes[deploys - 1]; 0 when the caller built the
  /// item without them (fuzz_interleaving's decoder: its scenarios have no `schema` lines, so
  /// the world does not track schemas, see World::server_schema)
  std::uint32_t deploys = 0;
  int target = -1;             ///< reset: the device index
  std::uint64_t key = 0;       ///< identity hash of the label
  std::uint32_t label_at = 0;  ///< the label (Workload::label) is labels[label_at, +label_size)
  std::uint32_t label_size = 0;
};

/// Per actor (admin first, then devices in order), the actor's items in script order.
struct Workload {
  std::vector<std::vector<WorkItem>> scripts;  ///< [0] = admin, [d+1] = device d
  /// Every item's label, back to back: one buffer instead of a string per item, because
  /// plan_run() runs once per fuzzed execution and labels are read only for traces, the
  /// catalogue and shrinking.
  std::string labels;
  /// Each deploy line's changes (WorkloadLine::changes), once per line, in file order.
  std::vector<std::vector<model::SchemaChange>> deploy_changes;
  /// e.g. `c1 insert n1.4 under root`
  std::string_view label(const WorkItem& w) const {
    return std::string_view(labels).substr(w.label_at, w.label_size);
  }
};

/// Expands `every ... xN` lines and resolves note names. Devices are indexed as declared.
/// Item times follow each line's arrival process, drawn from `seed` keyed by the item
/// (sim/workload_arrival.h); windows and `arrival swarm` must have been drawn before
/// (draw_timing; undrawn, they count as their start and `exact`, enough for a caller that
/// reads labels only). Returns the error of the first bad line (a bad name, an unknown
/// actor); no message on success.
ParseError expand_workload(const Scenario& s, Workload& out, std::uint64_t seed = 0);

/// An item's label as its scenario line names things (`c2 insert n2.1 under root`).
struct LabelParts {
  std::string_view actor;  ///< `admin` or the device's name
  WorkKind kind = WorkKind::Insert;
  std::string_view note, parent;
  bool breaking = false;
  std::string_view field;  ///< deploy: the text of its changes (deploy_text)
  std::uint32_t app_schema = 0;
  std::string_view target;
  bool change_list = false;  ///< deploy: `field` is a change list
};

/// The two steps of expand_workload per item and per workload, for a caller that builds the
/// items itself (fuzz_interleaving's decoder: it knows the note ids, so writing names for
/// expand_workload to parse back would be a quarter of an execution). `out.scripts` must have
/// one script per actor. append_item sets the item's label and key and appends it to its
/// actor's script; sort_scripts puts each script in time order (stable), as the last step.
void append_item(WorkItem item, const LabelParts& label, Workload& out);
void sort_scripts(Workload& out);

/// Device index of "c<N>" in the scenario, or -1.
int device_index(const Scenario& s, std::string_view name);

}  // namespace syncsim
