#pragma once
// How the catalogue (sim/search/catalog.h) sees an execution, shared with the runs of
// `syncsim run --coverage` (sim/search/coverage.h) so that both name the same things the same
// way: the events of one transition, and what a checked outcome loses per note.
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "sim/search/explore.h"

namespace syncsim::catalog_events {

/// Marks a client reset event in EventNames (no note has this id).
inline constexpr model::NoteId kResetNote = std::numeric_limits<model::NoteId>::max();

/// (event name, the note it concerns: 0 = none, kResetNote = a client reset), in order, no
/// name twice.
using EventNames = std::vector<std::pair<std::string, model::NoteId>>;

/// The events of executing `a` in `w` (before it executes): the workload item's label; each
/// changeset reaching the server or a device ("n1.2 reached server"), with, when `with_acks`,
/// each acknowledgement reaching a device ("ack n1.2 reached c1"); r2m writing a changeset
/// ("r2m wrote n1.2", "(1/2)" for a half); otherwise the action's label; then any client
/// reset the action makes ("c1 reset", "c1 reset 2", "c1 reset failed").
void name_events(const Workload& wl, const World& w, const Action& a, bool with_acks,
                 EventNames& out);

/// Per note, how an outcome loses it: "sig@replica ..." (sorted); note "-" for violations
/// that name no note. Sorted by note.
std::vector<std::pair<std::string, std::string>> effects_of(const Outcome& o);

}  // namespace syncsim::catalog_events
