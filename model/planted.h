#pragma once
// Planted bugs: deliberately broken behaviours, compiled in only when
// SYNCSIM_PLANTED_BUGS is defined (the planted-bug test binary, tests/properties/planted_test.cpp),
// to prove that the checkers catch them. In every other build SYNCSIM_PLANTED(x) is the
// constant `false` and each hook compiles to nothing.
#ifdef SYNCSIM_PLANTED_BUGS

namespace syncsim::model::planted {

enum class Bug : unsigned char {
  None,
  InsertTieOursFirst,          ///< transform: equal-index inserts, each side puts its own first
  ServerSkipsOneTransform,     ///< server: the first concurrent history entry is not merged
  R2MSkipsFirstInsert,         ///< r2m: a client's first insert never reaches Atlas
  ServerReintegratesReupload,  ///< server: a re-upload after a lost ack is integrated again
  ServerIgnoresSubscription,   ///< server: downloads carry every user's notes (spec §2)
  // Merge rules of docs/spec.md §3, wrong the same way wherever a replica merges:
  SetEarlierWins,             ///< Set vs Set: the earlier (timestamp, file ident) wins
  EraseLosesToConcurrentSet,  ///< EraseObject vs a Set on the object: the erase is discarded
  InsertNotShiftedPastErase,  ///< ArrayInsert after a concurrent ArrayErase keeps its index
  ClearDiscardsNothing,       ///< Clear keeps the concurrent instructions nested under it
  // A client's own writes, wrong before they leave it (so every replica gets the same):
  InsertLosesItsLink,      ///< an insert creates its note but does not link it
  InsertLosesItsCreate,    ///< an insert links its note but does not create it
  MoveStaysPut,            ///< a move links the note back where it was
  MoveLinksBack,           ///< a move also links the old parent under the moved note
  R2MSkipsFirstInsertDoc,  ///< r2m: a client's first insert reaches Atlas's arrays, not its
                           ///< document
  // Liveness and migration (docs/spec.md §5, §6, §7):
  R2MRetranslatesHeadEdit,    ///< r2m: an edit at the head of history never advances r2m's
                              ///< cursor, so r2m writes it again and again (idempotently)
  RecoverGuardAlwaysSet,      ///< Recover takes every reset for a repeat of an unacknowledged one
  ReceiptMissesOldestSchema,  ///< migrate-on-receipt: ops written at the oldest schema the app
                              ///< ships are taken as older than it (`<=` for `<`)
  // Schemas (docs/schema-changes.md):
  FitOverlooksServerProperties,  ///< a client model's properties all read as missing on the server
};

/// The planted bug switched on. Test-only global state: the planted-bug tests set it.
inline Bug active = Bug::None;

}  // namespace syncsim::model::planted

#define SYNCSIM_PLANTED(bug) \
  (::syncsim::model::planted::active == ::syncsim::model::planted::Bug::bug)
#else
#define SYNCSIM_PLANTED(bug) false
#endif
