#pragma once
// Planted bugs (issue 5): deliberately broken behaviours, compiled in only when
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
  ServerIgnoresSubscription,   ///< server: downloads carry every user's notes (MODEL §2)
};

/// The planted bug switched on. Test-only global state: the planted-bug tests set it.
inline Bug active = Bug::None;

}  // namespace syncsim::model::planted

#define SYNCSIM_PLANTED(bug) \
  (::syncsim::model::planted::active == ::syncsim::model::planted::Bug::bug)
#else
#define SYNCSIM_PLANTED(bug) false
#endif
