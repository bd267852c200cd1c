#pragma once
// Workload timing as a distribution (docs/trace-format.md "Arrival processes and windows"):
// the grammar of `at A..Bms` windows and `arrival ...` clauses, the swarm's draw of what a
// scenario leaves open, and the time of each item of a line. Integer arithmetic only: the
// same seed gives the same times on every compiler (no libm, no std distributions).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/trace/scenario.h"

namespace syncsim {

/// `Tms` or a window `A..Bms` (A <= B) -> at_ms = A (or T), window_ms = B - A (or 0).
lex::Err parse_when_ms(std::string_view token, std::string_view what, std::int64_t& at_ms,
                       std::int64_t& window_ms);
/// `Tms` or `A..Bms`, as parse_when_ms reads it.
std::string when_text(std::int64_t at_ms, std::int64_t window_ms);

/// If t[i] is `arrival`, reads `arrival exact|jitter N%|exponential|swarm` into `out` and
/// advances i past it; otherwise leaves both alone.
lex::Err parse_arrival(const lex::Tokens& t, std::size_t& i, Arrival& out);
/// ` arrival jitter 30%` (with the leading space); "" for exact, the meaning of no clause.
std::string arrival_text(const Arrival& a);

/// The largest gap the exponential process can draw, as a multiple of the mean period: the
/// uniform draw has 32 bits, so -ln(u) <= 32 ln 2 < 23.
inline constexpr std::int64_t kMaxExponentialGapPeriods = 23;
/// The latest time an item of `w` can get under its arrival process (kMaxTimeMs at most
/// for a valid line). Bounded factors: no overflow for lines the parser accepts.
std::int64_t latest_item_ms(const WorkloadLine& w);

/// log2(x) in Q16 fixed point (x >= 1), truncated: exact for powers of two.
std::uint32_t log2_q16(std::uint64_t x);
/// An exponential gap of mean `mean_ms` from a uniform 32-bit draw: inverse CDF,
/// round(mean * -ln((u + 1) / 2^32)), with ln from log2_q16.
std::int64_t exponential_gap_ms(std::int64_t mean_ms, std::uint32_t u);

/// Resolves, for one run, what the scenario leaves to the swarm: each window becomes a time
/// and each `arrival swarm` a concrete process, drawn from `seed` keyed by the line's
/// identity (its actor and action), so dropping another line moves nothing.
void draw_timing(std::vector<WorkloadLine>& lines, std::uint64_t seed);

/// Item times of one line. Item 1 is at the line's `at`/`from`; each later item's gap or
/// offset is drawn from Prng(seed, item key), so it depends on that item's identity only.
class ArrivalClock {
 public:
  ArrivalClock(const WorkloadLine& w, std::uint64_t seed) : w_(w), seed_(seed), last_ms_(w.at_ms) {}
  /// Time of item `k` (0-based; called for k = 0, 1, 2, ... in order) whose key is `item_key`.
  std::int64_t next(std::uint32_t k, std::uint64_t item_key);

 private:
  const WorkloadLine& w_;
  std::uint64_t seed_;
  std::int64_t last_ms_;
};

}  // namespace syncsim
