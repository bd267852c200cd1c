#pragma once
// The one source of randomness: xoshiro256** seeded through splitmix64.
// Fixed, documented algorithms (https://prng.di.unimi.it/), identical on every compiler and
// standard library. No floating point, no std distributions: ranges use Lemire's
// multiply-shift with rejection so results are exact and unbiased.
#include <cstdint>
#include <string_view>

namespace syncsim {

/// splitmix64 step: the mixing function used for seeding and for keyed sub-streams.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Stateless mix of two words (used for `seed of run i` and keyed draws).
constexpr std::uint64_t mix64(std::uint64_t a, std::uint64_t b) {
  std::uint64_t s = a ^ (b * 0xd6e8feb86659fd93ULL);
  splitmix64(s);
  return splitmix64(s);
}

/// FNV-1a 64 over bytes: the stable hash of labels and trace text.
constexpr std::uint64_t fnv1a64(std::string_view s, std::uint64_t h = 0xcbf29ce484222325ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// 128-bit product for Lemire's method (GCC/Clang extension; silenced for -Wpedantic).
__extension__ typedef unsigned __int128 u128;

class Prng {
 public:
  explicit constexpr Prng(std::uint64_t seed) { reseed(seed); }
  /// A stream keyed by identity: `Prng(seed, hash(label))`. Deleting an unrelated action
  /// never moves this stream's draws.
  constexpr Prng(std::uint64_t seed, std::uint64_t key) { reseed(mix64(seed, key)); }

  constexpr std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform integer in [0, n). n must be > 0.
  constexpr std::uint64_t below(std::uint64_t n) {
    // Lemire 2019, exact rejection.
    u128 m = static_cast<u128>(next()) * n;
    std::uint64_t low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<u128>(next()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

  /// Uniform integer in [lo, hi] (inclusive). Requires lo <= hi.
  constexpr std::int64_t range(std::int64_t lo, std::int64_t hi) {
    const std::uint64_t span = static_cast<std::uint64_t>(hi - lo);
    if (span == UINT64_MAX) return static_cast<std::int64_t>(next());
    return lo + static_cast<std::int64_t>(below(span + 1));
  }

  /// True with probability num/den (integer ratio, TigerBeetle style).
  constexpr bool chance(std::uint64_t num, std::uint64_t den) { return below(den) < num; }

  /// An independent sub-stream; advances this stream by one draw.
  constexpr Prng split() { return Prng(next(), 0x5eed5eed5eed5eedULL); }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  constexpr void reseed(std::uint64_t seed) {
    std::uint64_t sm = seed;
    for (auto& w : s_) w = splitmix64(sm);
  }
  std::uint64_t s_[4]{};
};

/// A delay in [lo, hi] (ms) drawn from `seed` and the action identity `key` (timed
/// discipline). Untimed (`timed` false): 0, as no due time is ever read there (a step is one
/// tick, FIFO order is the links' order); seeding a Prng per step was 2-3 % of a fuzzed run.
inline std::int64_t draw_delay_ms(bool timed, std::uint64_t seed, std::uint64_t key,
                                  std::int64_t lo, std::int64_t hi) {
  if (!timed) return 0;
  if (hi <= lo) return lo;
  Prng rng(seed, key);
  return rng.range(lo, hi);
}

}  // namespace syncsim
