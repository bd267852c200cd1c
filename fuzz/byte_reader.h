#pragma once
// A tiny consumer of fuzzer bytes, in the spirit of libFuzzer's FuzzedDataProvider but
// header-only, standard-library-agnostic (libc++ and libstdc++ give identical results) and
// usable by the plain g++ replay build. Reading past the end yields 0, so that *every* byte
// string decodes to some value: a short input is a valid run with default header fields.
#include <cstddef>
#include <cstdint>

namespace syncsim::fuzz {

class ByteReader {
 public:
  ByteReader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  /// The next byte, or 0 once the input is exhausted.
  std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }

  /// A value in [lo, hi] from one byte (hi - lo < 256). Modulo bias is irrelevant here:
  /// the fuzzer picks bytes on purpose, it does not sample them.
  std::uint32_t in_range(std::uint32_t lo, std::uint32_t hi) { return lo + byte() % (hi - lo + 1); }

  std::size_t remaining() const { return pos_ < size_ ? size_ - pos_ : 0; }
  const std::uint8_t* rest() const { return data_ + (pos_ < size_ ? pos_ : size_); }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

}  // namespace syncsim::fuzz
