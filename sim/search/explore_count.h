#pragma once
// An exact count of executions. The number of orderings of a scenario grows like a
// multinomial: twenty independent inserts already exceed 2^64, and a saturated or wrapped
// 64-bit counter would report a wrong number. Count is an unsigned integer of any size with
// the few operations the explorer needs (add, compare, decimal). Values below 2^64 take one
// word and no allocation, so the search's hot path pays a compare per addition.
#include <compare>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace syncsim {

class Count {
 public:
  Count() = default;
  Count(std::uint64_t v)
      : low_(v) {}  // NOLINT(google-explicit-constructor): counts mix with literals

  Count& operator+=(const Count& o) {
    if (high_.empty() && o.high_.empty() && low_ <= UINT64_MAX - o.low_) {
      low_ += o.low_;
      return *this;
    }
    add_wide(o);
    return *this;
  }
  friend Count operator+(Count a, const Count& b) { return a += b; }

  /// The value fits in 64 bits.
  bool fits_u64() const { return high_.empty(); }
  /// The value, when fits_u64().
  std::uint64_t low_u64() const { return low_; }
  /// The value fits in a JSON number without loss in every reader (an IEEE double: 2^53).
  bool fits_double_exactly() const { return high_.empty() && low_ <= (std::uint64_t{1} << 53); }
  /// Exact decimal digits.
  std::string decimal() const;
  /// Nearest double (for ratios in reports only).
  double approx() const;

  friend bool operator==(const Count& a, const Count& b) = default;
  friend std::strong_ordering operator<=>(const Count& a, const Count& b);
  friend std::ostream& operator<<(std::ostream& os, const Count& c) { return os << c.decimal(); }

 private:
  void add_wide(const Count& o);

  std::uint64_t low_ = 0;
  std::vector<std::uint64_t>
      high_;  ///< words above low_, least significant first; no zero top word
};

}  // namespace syncsim
