#pragma once
// Internals shared by sim/catalog*.cpp (not an API).
#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "sim/catalog.h"

namespace syncsim::catalog_detail {

inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

/// Executions reaching `node` with the event order `prefix`: how many, and the last step of
/// a shortest one (`pred` entry, `choice` from it).
struct Entry {
  std::uint32_t node = 0;
  std::uint32_t prefix = 0;
  std::uint64_t count = 0;
  std::uint32_t depth = kNone;
  std::uint32_t pred = kNone;
  std::uint32_t choice = 0;
};

struct Flow {
  std::vector<Entry> entries;
  std::vector<std::uint32_t> terminal;               ///< entries at terminal states
  std::vector<std::vector<std::uint32_t>> positions; ///< per terminal entry: event positions
};

Flow flow(const StateGraph& g, const std::function<const std::vector<std::uint32_t>&(std::uint32_t)>& events_of,
          std::size_t events);
std::vector<std::uint32_t> example_choices(const Flow& f, std::uint32_t entry);

/// Fills cat.patterns and cat.undecided from cat.rows (sim/catalog_patterns.cpp).
/// `notes`: per event, the note it concerns (0 = none).
void find_patterns(ProfileCatalog& cat, const std::vector<model::NoteId>& notes, const CatalogOptions& opt);

}  // namespace syncsim::catalog_detail
