#pragma once
// Inputs for the fuzz unit tests that compare two ways of running the same bytes: the
// committed seed corpus, then random plain and extended inputs.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "sim/prng.h"

namespace syncsim::fuzz::testing {

using Bytes = std::vector<std::uint8_t>;

/// corpus/fuzz/fuzz_interleaving, sorted (directory order is not portable), then `random`
/// inputs of 0..`max_size` bytes from Prng(`seed`, `stream`); every input whose index is not a
/// multiple of `plain_every` gets the extended format bit (byte 1, bit 7).
inline std::vector<Bytes> corpus_and_random(int random, std::int64_t max_size, int plain_every,
                                            std::uint64_t seed, std::string_view stream) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(SYNCSIM_SOURCE_DIR) +
                                                           "/corpus/fuzz/fuzz_interleaving"))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Bytes> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  Prng rng(seed, fnv1a64(stream));
  for (int i = 0; i < random; ++i) {
    Bytes b(static_cast<std::size_t>(rng.range(0, max_size)));
    for (auto& x : b) x = static_cast<std::uint8_t>(rng.range(0, 255));
    if (i % plain_every != 0 && b.size() > 1) b[1] |= 0x80;
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace syncsim::fuzz::testing
