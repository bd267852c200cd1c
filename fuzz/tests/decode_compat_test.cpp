// The extended input format (docs/fuzzing.md "Extended inputs") must not change what an older
// input means: every committed fuzz_interleaving input (the seed corpus and every known
// finding) decodes to exactly the run it decoded to before the extension, under every
// profile selection. decode_compat.txt was written by the decoder of main at cb907b1 (before
// the extension): `<input> <SYNCSIM_FUZZ_PROFILES> <trace_hash of the recorded run>`, one line
// per input and selection (`all`, `correct`, each profile alone).
//
// Regenerate only when the *model* changes a run on purpose (never for a decoder change):
// the hash is trace_hash(finding_trace(run_case(decode(...), true))).
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/decode.h"

namespace syncsim::fuzz {
namespace {

std::vector<std::uint8_t> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

TEST(DecodeCompat, CommittedInputsDecodeToTheRunsTheyDecodedToBeforeTheExtension) {
  const std::string src = SYNCSIM_SOURCE_DIR;
  std::ifstream pins(src + "/fuzz/tests/decode_compat.txt");
  ASSERT_TRUE(pins.good());
  std::string line;
  int checked = 0;
  while (std::getline(pins, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string file, selection, hash;
    ls >> file >> selection >> hash;
    const std::vector<std::uint8_t> bytes = read_bytes(src + "/" + file);
    ASSERT_FALSE(bytes.size() > 1 && (bytes[1] & 0x80) != 0) << file << " uses the extended format";
    const auto sel = select_profiles(selection);
    ASSERT_TRUE(sel.error.empty()) << sel.error;
    const Outcome o = run_case(decode_interleaving(bytes.data(), bytes.size(), sel.profiles), true);
    ASSERT_TRUE(o.error.empty()) << o.error;
    char got[17];
    std::snprintf(got, sizeof got, "%016" PRIx64, trace_hash(finding_trace(o)));
    EXPECT_EQ(got, hash) << file << " under " << selection;
    ++checked;
  }
  EXPECT_GE(checked, 187);
}

}  // namespace
}  // namespace syncsim::fuzz
