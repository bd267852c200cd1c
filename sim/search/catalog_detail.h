#pragma once
// Internals shared by sim/catalog*.cpp (not an API).
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "sim/search/catalog.h"

namespace syncsim::catalog_detail {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// Executions reaching `node` with the event order `prefix`: how many, and the last step of
/// a shortest one (`pred` entry, `choice` from it).
struct Entry {
  std::uint32_t node = 0;
  std::uint32_t prefix = 0;
  Count count;  ///< exact: event orders multiply past 2^64
  std::uint32_t depth = kNone;
  std::uint32_t pred = kNone;
  std::uint32_t choice = 0;
};

struct Flow {
  std::vector<Entry> entries;
  std::vector<std::uint32_t> terminal;                ///< entries at terminal states
  std::vector<std::vector<std::uint32_t>> positions;  ///< per terminal entry: event positions
};

/// The fact "a before b" in an execution with event positions `pos`: a happened, and b had
/// not happened by then (b may never happen: "the deploy came before r2m wrote n" holds when
/// r2m never wrote n, which is how a terminate loses an acknowledged write).
inline bool before(const std::vector<std::uint32_t>& pos, std::size_t a, std::size_t b) {
  const std::uint32_t pa = a < pos.size() ? pos[a] : 0, pb = b < pos.size() ? pos[b] : 0;
  return pa != 0 && (pb == 0 || pa < pb);
}

Flow flow(const StateGraph& g,
          const std::function<const std::vector<std::uint32_t>&(std::uint32_t)>& events_of,
          std::size_t events);
std::vector<std::uint32_t> example_choices(const Flow& f, std::uint32_t entry);

/// Fills cat.patterns and cat.undecided from cat.rows (sim/search/catalog_patterns.cpp).
/// `notes`: per event, the note it concerns (0 = none); `resets`: per event, whether it is a
/// client reset (preferred over an equivalent fact).
void find_patterns(ProfileCatalog& cat, const std::vector<model::NoteId>& notes,
                   const std::vector<bool>& resets, const CatalogOptions& opt);

}  // namespace syncsim::catalog_detail
