#include "sim/workload_arrival.h"

#include <bit>

#include "sim/prng.h"
#include "sim/trace/schema_lines.h"

namespace syncsim {
namespace {

// Tags that give each kind of timing draw its own stream (mixed into the identity key).
constexpr std::uint64_t kWindowTag = 0x77696e646f77ULL;     // "window"
constexpr std::uint64_t kProcessTag = 0x70726f63657373ULL;  // "process"
constexpr std::uint64_t kGapTag = 0x676170ULL;              // "gap"

/// ln 2 in Q32, rounded: 0.693147180559945... * 2^32 = 2977044471.8.
constexpr std::uint64_t kLn2Q32 = 2977044472ULL;

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

/// The identity of a line for the swarm's draws: its actor and action (as its items' labels
/// name them) and its start, never its position in the file.
std::uint64_t line_key(const WorkloadLine& w) {
  std::uint64_t h = fnv1a64("timing:");
  const std::string field = deploy_text(w);
  for (std::string_view part :
       {std::string_view(w.actor), to_string(w.kind), std::string_view(w.note),
        std::string_view(w.parent), std::string_view(field), std::string_view(w.target)}) {
    h = fnv1a64(part, h);
    h = fnv1a64(" ", h);
  }
  return mix64(mix64(h, w.app_schema), static_cast<std::uint64_t>(w.at_ms));
}

}  // namespace

lex::Err parse_when_ms(std::string_view token, std::string_view what, std::int64_t& at_ms,
                       std::int64_t& window_ms) {
  const std::size_t dots = token.find("..");
  if (dots == std::string_view::npos) {
    window_ms = 0;
    return lex::parse_ms(token, what, 0, at_ms);
  }
  const std::string_view lo = token.substr(0, dots);
  std::string_view hi = token.substr(dots + 2);
  const bool has_ms = hi.size() > 2 && hi.substr(hi.size() - 2) == "ms";
  if (has_ms) hi.remove_suffix(2);
  if (!has_ms || !all_digits(lo) || !all_digits(hi))
    return "bad window " + lex::quote(token) + " for " + std::string(what) +
           " (expected e.g. 7000..8000ms)";
  std::int64_t a = 0, b = 0;
  if (lex::Err e = lex::parse_int(lo, what, 0, kMaxTimeMs, a)) return e;
  if (lex::Err e = lex::parse_int(hi, what, 0, kMaxTimeMs, b)) return e;
  if (b < a)
    return "empty window " + lex::quote(token) + " for " + std::string(what) +
           ": the end is before the start";
  at_ms = a;
  window_ms = b - a;
  return std::nullopt;
}

std::string when_text(std::int64_t at_ms, std::int64_t window_ms) {
  if (window_ms == 0) return std::to_string(at_ms) + "ms";
  return std::to_string(at_ms) + ".." + std::to_string(at_ms + window_ms) + "ms";
}

lex::Err parse_arrival(const lex::Tokens& t, std::size_t& i, Arrival& out) {
  if (i >= t.size() || t[i] != "arrival") return std::nullopt;
  constexpr std::string_view kKnown = " (exact, jitter N%, exponential, swarm)";
  if (i + 1 >= t.size()) return "'arrival' without a process" + std::string(kKnown);
  const std::string_view name = t[i + 1];
  i += 2;
  if (name == "exact") {
    out = {ArrivalKind::Exact, 0};
  } else if (name == "exponential") {
    out = {ArrivalKind::Exponential, 0};
  } else if (name == "swarm") {
    out = {ArrivalKind::Swarm, 0};
  } else if (name == "jitter") {
    if (i >= t.size())
      return std::string("'arrival jitter' without a percentage (e.g. jitter 30%)");
    std::string_view pct = t[i++];
    if (pct.size() < 2 || pct.back() != '%')
      return "bad jitter " + lex::quote(pct) + " (expected a percentage of the period, e.g. 30%)";
    pct.remove_suffix(1);
    std::int64_t v = 0;
    if (lex::Err e = lex::parse_int(pct, "jitter %", 0, 100, v)) return e;
    out = {ArrivalKind::Jitter, static_cast<std::uint32_t>(v)};
  } else {
    return "unknown arrival process " + lex::quote(name) + std::string(kKnown);
  }
  return std::nullopt;
}

std::string arrival_text(const Arrival& a) {
  switch (a.kind) {
    case ArrivalKind::Exact:
      return "";
    case ArrivalKind::Jitter:
      return " arrival jitter " + std::to_string(a.jitter_pct) + "%";
    case ArrivalKind::Exponential:
      return " arrival exponential";
    case ArrivalKind::Swarm:
      return " arrival swarm";
  }
  return "";
}

std::int64_t latest_item_ms(const WorkloadLine& w) {
  const std::int64_t first = w.at_ms + w.window_ms;
  const std::int64_t gaps = static_cast<std::int64_t>(w.count) - 1;
  switch (w.arrival.kind) {
    case ArrivalKind::Exact:
      return first + w.every_ms * gaps;
    case ArrivalKind::Jitter:
      return first + w.every_ms * gaps + w.every_ms * w.arrival.jitter_pct / 100;
    case ArrivalKind::Exponential:
    case ArrivalKind::Swarm:
      break;  // the swarm may draw the exponential process
  }
  return first + kMaxExponentialGapPeriods * w.every_ms * gaps;
}

std::uint32_t log2_q16(std::uint64_t x) {
  const int whole = std::bit_width(x) - 1;
  // The mantissa x / 2^whole in [1, 2) as Q62; each squaring yields one bit of the fraction.
  std::uint64_t m = whole <= 62 ? x << (62 - whole) : x >> (whole - 62);
  std::uint32_t fraction = 0;
  for (int bit = 15; bit >= 0; --bit) {
    m = static_cast<std::uint64_t>((static_cast<u128>(m) * m) >> 62);
    if (m >= (1ULL << 63)) {
      m >>= 1;
      fraction |= 1u << bit;
    }
  }
  return (static_cast<std::uint32_t>(whole) << 16) | fraction;
}

std::int64_t exponential_gap_ms(std::int64_t mean_ms, std::uint32_t u) {
  // -ln((u + 1) / 2^32) = (32 - log2(u + 1)) * ln 2, in [0, 22.2].
  const std::uint64_t neg_log2_q16 = (32ULL << 16) - log2_q16(static_cast<std::uint64_t>(u) + 1);
  const u128 product = static_cast<u128>(mean_ms) * neg_log2_q16 * kLn2Q32;
  return static_cast<std::int64_t>((product + (static_cast<u128>(1) << 47)) >> 48);
}

void draw_timing(std::vector<WorkloadLine>& lines, std::uint64_t seed) {
  for (WorkloadLine& w : lines) {
    if (w.window_ms == 0 && w.arrival.kind != ArrivalKind::Swarm) continue;
    const std::uint64_t key = line_key(w);
    if (w.window_ms > 0) {
      w.at_ms = Prng(seed, mix64(key, kWindowTag)).range(w.at_ms, w.at_ms + w.window_ms);
      w.window_ms = 0;
    }
    if (w.arrival.kind == ArrivalKind::Swarm) {
      Prng rng(seed, mix64(key, kProcessTag));
      switch (rng.below(3)) {
        case 0:
          w.arrival = {ArrivalKind::Exact, 0};
          break;
        case 1:
          w.arrival = {ArrivalKind::Jitter, static_cast<std::uint32_t>(rng.range(1, 100))};
          break;
        default:
          w.arrival = {ArrivalKind::Exponential, 0};
          break;
      }
    }
  }
}

std::int64_t ArrivalClock::next(std::uint32_t k, std::uint64_t item_key) {
  if (k == 0) return last_ms_ = w_.at_ms;
  const std::int64_t period = w_.every_ms;
  switch (w_.arrival.kind) {
    case ArrivalKind::Jitter: {
      const std::int64_t spread = period * w_.arrival.jitter_pct / 100;
      // Offsets lie in [0, spread] with spread <= period: item k+1 never comes before item k.
      return last_ms_ =
                 w_.at_ms + period * k + Prng(seed_, mix64(item_key, kGapTag)).range(0, spread);
    }
    case ArrivalKind::Exponential: {
      const auto u = static_cast<std::uint32_t>(Prng(seed_, mix64(item_key, kGapTag)).next() >> 32);
      return last_ms_ += exponential_gap_ms(period, u);
    }
    case ArrivalKind::Exact:
    case ArrivalKind::Swarm:  // not drawn (a caller that reads labels only): as written
      break;
  }
  return last_ms_ = w_.at_ms + period * k;
}

}  // namespace syncsim
