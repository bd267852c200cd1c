#include "sim/search/explore_count.h"

#include <algorithm>

namespace syncsim {
namespace {
__extension__ typedef unsigned __int128 Wide;  // GCC and Clang; -Wpedantic wants the marker
}  // namespace

void Count::add_wide(const Count& o) {
  if (high_.size() < o.high_.size()) high_.resize(o.high_.size(), 0);
  std::uint64_t carry = low_ > UINT64_MAX - o.low_ ? 1 : 0;
  low_ += o.low_;
  for (std::size_t i = 0; i < high_.size(); ++i) {
    const std::uint64_t b = i < o.high_.size() ? o.high_[i] : 0;
    const std::uint64_t sum = high_[i] + b;
    const std::uint64_t next_carry = (sum < b ? 1 : 0);
    high_[i] = sum + carry;
    carry = next_carry + (high_[i] < carry ? 1 : 0);
  }
  if (carry != 0) high_.push_back(carry);
}

std::strong_ordering operator<=>(const Count& a, const Count& b) {
  if (a.high_.size() != b.high_.size()) return a.high_.size() <=> b.high_.size();
  for (std::size_t i = a.high_.size(); i-- > 0;)
    if (a.high_[i] != b.high_[i]) return a.high_[i] <=> b.high_[i];
  return a.low_ <=> b.low_;
}

std::string Count::decimal() const {
  if (high_.empty()) return std::to_string(low_);
  // Most significant word first; divide the whole number by 10^19 (the largest power of ten
  // in a word) until it is zero, collecting 19-digit groups. 128-bit intermediates keep each
  // step exact.
  std::vector<std::uint64_t> words(high_.rbegin(), high_.rend());
  words.push_back(low_);
  constexpr std::uint64_t kGroup = 10000000000000000000ull;
  std::vector<std::uint64_t> groups;  // least significant first
  while (!words.empty()) {
    Wide rem = 0;
    for (auto& w : words) {
      const Wide cur = (rem << 64) | w;
      w = static_cast<std::uint64_t>(cur / kGroup);
      rem = cur % kGroup;
    }
    groups.push_back(static_cast<std::uint64_t>(rem));
    words.erase(words.begin(),
                std::find_if(words.begin(), words.end(), [](std::uint64_t w) { return w != 0; }));
  }
  std::string out = std::to_string(groups.back());
  for (std::size_t i = groups.size() - 1; i-- > 0;) {
    const std::string digits = std::to_string(groups[i]);
    out += std::string(19 - digits.size(), '0') + digits;
  }
  return out;
}

double Count::approx() const {
  double v = 0;
  for (std::size_t i = high_.size(); i-- > 0;)
    v = v * 18446744073709551616.0 + static_cast<double>(high_[i]);
  return v * 18446744073709551616.0 + static_cast<double>(low_);
}

}  // namespace syncsim
