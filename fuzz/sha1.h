#pragma once
// SHA-1 (FIPS 180-4), only to name finding files after their input the way libFuzzer names
// `crash-<sha1>` artifacts, so a crash file and its syncsim trace share a name. Not for
// security. Written here to keep the fuzz targets free of an OpenSSL dependency.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace syncsim::fuzz {

using Sha1Digest = std::array<std::uint8_t, 20>;

Sha1Digest sha1(const std::uint8_t* data, std::size_t size);
/// 40 lowercase hex digits, as libFuzzer and `sha1sum` print them.
std::string sha1_hex(const std::uint8_t* data, std::size_t size);

}  // namespace syncsim::fuzz
