#pragma once
// Operational transform (spec §3, after realm-core src/realm/sync/transform.cpp).
//
// `merge(ours, theirs)` transforms two concurrent changesets against each other in place:
// afterwards applying `ours` then `theirs` gives the same state as applying `theirs` then
// `ours` (the reciprocal). Rules that use time break ties by (origin_timestamp,
// origin_file_ident), lower first; the Clear and EraseObject nested rules ignore time.
//
// ArrayMove follows realm-core v14.14.0's rules against ArrayInsert, ArrayErase and ArrayMove
// (transform.cpp's merge_with_move), as well as the Clear/EraseObject rules; no syncsim workload
// emits one yet.
#include <span>

#include "model/changeset.h"
#include "model/explain.h"

namespace syncsim::model {

/// Transforms two concurrent changesets against each other, in place. With `rec`, every
/// link or create either side loses is recorded (docs/explain.md).
void merge(Changeset& ours, Changeset& theirs, Recorder* rec = nullptr);

/// Transforms `incoming` past every changeset of `concurrent` (in order), updating each of
/// them into its reciprocal form (the concurrent change as seen after `incoming`).
void merge_into(std::span<Changeset> concurrent, Changeset& incoming, Recorder* rec = nullptr);

/// The rule for one pair of instructions; `x_first` says whether x's changeset orders first.
void merge_instr(Instr& x, Instr& y, bool x_first);

}  // namespace syncsim::model
