#pragma once
// Children lists (model::Links, stored inline) as a std::vector, so that tests can compare
// them with `Ids{a, b}` literals and print them on failure.
#include <vector>

#include "model/store.h"

namespace syncsim::model::test {

inline std::vector<NoteId> as_ids(const Links& l) {
  return {l.begin(), l.end()};
}

}  // namespace syncsim::model::test
