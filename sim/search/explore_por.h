#pragma once
// The partial-order reduction's dependency table (sim/explore_por.cpp), exposed so that a test
// can check it against World: two actions it calls independent must commute.
#include "sim/world.h"

namespace syncsim::explore_detail {

/// Whether the reduction treats enabled actions `a` and `b` of `w` as independent: the state
/// is inside the fragment the table covers, they belong to different processes, and neither
/// process is listed as dependent with the other's.
bool independent(const World& w, const Workload& wl, const std::vector<Action>& enabled,
                 const Action& a, const Action& b);

}  // namespace syncsim::explore_detail
