#pragma once
// Loss events: where the model drops a link to a note, or a note itself, it can say so as
// data (docs/explain.md). Recording is off unless a Recorder is attached (replay, explain,
// render); the fuzzing path only tests a null pointer.
#include <cstdint>
#include <string_view>
#include <vector>

#include "model/changeset.h"
#include "model/ids.h"

namespace syncsim::model {

/// The closed list of causes. One name table (kCauseNames); docs/explain.md documents each.
enum class Cause : std::uint8_t {
  MergeClear,        ///< merge: Clear discards a concurrent ArrayInsert
  MergeEraseParent,  ///< erase: parent deleted (a concurrent ArrayInsert into its list is
                     ///< discarded)
  MergeEraseCreate,  ///< merge: EraseObject wins over a concurrent CreateObject
  ClearOverwrites,   ///< apply: Clear empties a list holding links its writer did not re-insert
  ParentErased,      ///< erase: parent deleted (applied; the note is left in no list)
  ResetDiscard,      ///< reset: discard drops unacknowledged changeset
  ResetRecover,      ///< reset: recovery does not restore the link
  ResetManual,       ///< reset: the manual strategy's upserts and deletes drop it
  TerminateUntranslated,  ///< terminate: acknowledged write not yet in Atlas is gone
  TranslatorUnresolved,   ///< translator: reference not resolved
  PruneInvalid,           ///< prune: invalid under the client's schema
  ErasedStillLinked,      ///< erase: the note's document is erased while a list still names it
  MovesMakeCycle,         ///< move: concurrent moves make the note its own ancestor
  ResetNotCarried,        ///< verdant-5.5 reset: the client had it, the overwriting
                          ///< incremental reset did not resend it (D4)
  HiddenAtRead,           ///< verdant-5.5 read: stored, invalid at the client's schema (D1)
};
inline constexpr int kCauses = 15;

/// "area: what happened", indexed by Cause.
inline constexpr std::string_view kCauseNames[kCauses] = {
    "merge: Clear discards a concurrent ArrayInsert",
    "erase: parent deleted, a concurrent ArrayInsert into it is discarded",
    "merge: EraseObject wins over a concurrent CreateObject",
    "apply: Clear empties a list, links its writer did not re-insert are dropped",
    "erase: parent deleted",
    "reset: discard drops unacknowledged changeset",
    "reset: recovery does not restore the link",
    "reset: the manual strategy's upserts and deletes drop it",
    "terminate: acknowledged write not yet in Atlas is gone",
    "translator: reference not resolved",
    "prune: invalid under the client's schema",
    "erase: the note is erased while a list still names it",
    "move: concurrent moves make the note its own ancestor",
    "reset: not carried by the incremental reset",
    "read: hidden, invalid at the client's schema",
};
constexpr std::string_view cause_name(Cause c) {
  return kCauseNames[static_cast<int>(c)];
}

/// Which replica an event happened on: a client's file ident, or one of these.
inline constexpr std::uint64_t kServerReplica = ~std::uint64_t{0};
inline constexpr std::uint64_t kAtlasReplica = ~std::uint64_t{0} - 1;

struct LossEvent {
  Cause cause = Cause::MergeClear;
  NoteId note = 0;  ///< the note whose link (or existence) is dropped
  NoteId list = 0;  ///< the list that loses the link (0: the note itself is dropped)
  Tag victim;       ///< the changeset whose write is dropped (Other when none is known)
  Tag by;           ///< the changeset that drops it (Other when none)
  std::uint64_t replica = 0;
  std::uint32_t detail = 0;  ///< PruneInvalid, HiddenAtRead: the schema version
};

/// An event of `cause` dropping `note` from `list` (0: the note itself), written by `by`
/// and dropping `victim`'s write (Other: not known).
inline LossEvent loss(Cause cause, NoteId note, NoteId list, const Tag& victim = Tag{},
                      const Tag& by = Tag{}) {
  LossEvent e;
  e.cause = cause;
  e.note = note;
  e.list = list;
  e.victim = victim;
  e.by = by;
  return e;
}

/// Collects loss events. The owner of a model object points it here and sets `replica`
/// before each call that may drop something.
class Recorder {
 public:
  std::uint64_t replica = 0;
  void add(LossEvent e) {
    e.replica = replica;
    events_.push_back(e);
  }
  const std::vector<LossEvent>& events() const { return events_; }

 private:
  std::vector<LossEvent> events_;
};

class Store;

/// Applies `cs` to `st`; with `rec`, records a ClearOverwrites event for every visible link
/// that a live Clear of `cs` removed and `cs` did not insert again.
void apply_recorded(Store& st, const Changeset& cs, Recorder* rec);

/// A client reset's losses: every link of `backup` (the pre-reset local state) or of `fresh`
/// (the server's copy) that `after` lacks, recorded once with `cause`; the victim is the
/// unacknowledged changeset that linked it, if any.
void record_reset_losses(Recorder& rec, const Store& backup, const Store& fresh, const Store& after,
                         const std::vector<Changeset>& unacked, Cause cause);

}  // namespace syncsim::model
