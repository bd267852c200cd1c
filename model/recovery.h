#pragma once
// Client reset (spec §5): what a client's state becomes when the server tells it to reset,
// under each reset mode. Pure functions: the simulator supplies the backup (pre-reset local
// state), the fresh server state, the unacknowledged local changesets and the app's own
// bookkeeping (LastSynced, the Updates log), and applies the outcome.
#include <cstdint>
#include <string>
#include <vector>

#include "model/changeset.h"
#include "model/explain.h"
#include "model/policy.h"
#include "model/store.h"

namespace syncsim::model {

/// realm-core's timing of "copy the list verbatim" (spec §5).
enum class CopyTiming : std::uint8_t {
  AtEnd,         ///< core <= 13.24.0 (realm-js 11.10): once, after all changesets
  PerChangeset,  ///< core >= 13.24.1: at the end of the triggering changeset, then frozen
};

/// One entry of the `Updates` collection of the "track updates separately" strategy.
struct UpdateRecord {
  NoteId note = 0;
  Field field = Field::Text;
  std::int64_t time = 0;  ///< the writing device's clock
  bool operator==(const UpdateRecord&) const = default;
};

struct ResetInput {
  const Store* backup = nullptr;  ///< the client's final pre-reset local state
  const Store* fresh = nullptr;   ///< the server state downloaded after the reset
  /// Local changesets after the upload position the server last reported, original form,
  /// oldest first (uploaded-but-unacknowledged ones included).
  std::vector<Changeset> unacked;
  ResetMode mode = ResetMode::RecoverOrDiscard;
  bool recovery_allowed = true;  ///< server knob
  /// realm-core's pending-reset record (`reset_precheck_guard` in client_reset.cpp): an
  /// earlier reset failed, or the writes of the previous one are not yet acknowledged.
  /// RecoverOrDiscard is then downgraded to Discard, and Recover fails "to prevent a cycle".
  bool pending_reset = false;
  CopyTiming copy_timing = CopyTiming::AtEnd;
  /// Fields (Field::Extra + i) the new schema has; a replayed Set of any other Extra field
  /// makes recovery fail. Core fields (Text, IsRoot, Owner, LastUpdated, Children) always exist.
  std::vector<Field> schema_extra_fields;
  std::int64_t last_synced = 0;  ///< manual strategies: the LastSynced marker (device clock)
  std::int64_t now_ts = 0;       ///< device clock at reset (timestamps of the writes made)
  const std::vector<UpdateRecord>* updates = nullptr;  ///< manual-updates-log
  /// How whole lists and whole-object upserts are written (default: spec §5 as written).
  WriteStyle write_style = WriteStyle::Overwrite;
  /// Where the reset's losses are recorded (nullptr: not recorded; docs/explain.md).
  Recorder* recorder = nullptr;
};

struct ResetOutcome {
  ResetMode applied = ResetMode::Discard;  ///< the mode actually applied (after downgrades)
  bool failed = false;  ///< recovery failed: the app got an error, the state is unchanged
  std::string reason;   ///< why it failed or was downgraded (for reports)
  /// The client's local state after the reset (equal to *fresh with `writes` applied).
  Store state;
  /// The local writes the reset made on top of the fresh state, in order, to be committed as
  /// new local changesets and uploaded (recovered changes, manual upserts and deletes). Their
  /// origin/versions are left for the client to stamp; `origin_ts` = now_ts.
  std::vector<Changeset> writes;
};

/// Applies the reset mode of `in` (spec §5).
ResetOutcome client_reset(const ResetInput& in);

/// Internals shared by model/recovery*.cpp (declared here so the three files agree; not an
/// API for the simulator).
namespace reset_detail {

/// Builds the reset's writes: every instruction is applied to `state` as it is emitted, so
/// `state` always equals the fresh state with `writes` replayed on it.
struct Writer {
  Store state;
  std::vector<Changeset> writes;
  std::int64_t ts = 0;

  /// Starts a new write transaction (changeset) with the given tag.
  void begin(const Tag& tag = Tag{});
  /// Applies `i` to `state` and appends it to the current changeset.
  void emit(const Instr& i);
  /// Ends the current changeset; an empty one is dropped (realm commits nothing).
  void end();
};

/// The list algorithm behind a whole-list write.
enum class ListDiff : std::uint8_t { ClearAll, PrefixSuffix /*copy_list*/, IndexWise /*assign*/ };

/// Makes the visible children of `obj` equal `want` (every element must exist in w.state).
/// Indices are raw (tombstones included), as sync instructions carry them.
void assign_children(Writer& w, NoteId obj, const std::vector<NoteId>& want, ListDiff diff);

/// A list index erased because its target was removed: (list owner, raw index).
struct ErasedLink {
  NoteId list = 0;
  std::uint32_t index = 0;
};

/// Local deletion of `id` as realm does it (`Obj::remove()`): every list holding a link to it
/// gets an ArrayErase of that link (sync replication's `link_list_nullify`), then EraseObject.
/// Returns the ArrayErases emitted, in order. No-op when `id` is missing.
std::vector<ErasedLink> erase_object_with_links(Writer& w, NoteId id);

/// True when field `f` exists in the new schema (core fields always do).
bool field_in_schema(const ResetInput& in, Field f);

/// Every scalar field of `src` worth copying, in a fixed order: Text, IsRoot, Owner,
/// LastUpdated, then the extra fields present in `src` (stamps, and schema fields the new
/// schema still has).
std::vector<std::pair<Field, std::int64_t>> scalar_fields(const ResetInput& in, const Note& src);

ResetOutcome discard(const ResetInput& in, std::string reason);
ResetOutcome failure(const ResetInput& in, std::string reason);
/// recover: realm-core's RecoverLocalChangesetsHandler. Sets `ok` = false when recovery fails.
ResetOutcome recover(const ResetInput& in, bool& ok, std::string& reason);
ResetOutcome manual_by_object(const ResetInput& in);
ResetOutcome manual_overwrite_backend(const ResetInput& in);
ResetOutcome manual_by_field(const ResetInput& in);
ResetOutcome manual_updates_log(const ResetInput& in);

}  // namespace reset_detail

}  // namespace syncsim::model
