// libFuzzer target: arbitrary bytes -> parse_scenario. Either a ParseError whose line lies in
// the input, or a scenario whose canonical text is a fixed point:
// write(parse(write(s))) == write(s), with equal trace hashes.
#include <cstdio>

#include "fuzz/report.h"
#include "sim/trace/scenario.h"

namespace {

using namespace syncsim;

/// A ParseError must point into the input (line 0 = the file as a whole).
void check_error_line(std::string_view text, const ParseError& e) {
  std::size_t lines = 1;
  for (char ch : text) lines += ch == '\n' ? 1 : 0;
  const bool outside = e.line < 0 || static_cast<std::size_t>(e.line) > lines;
  if (outside && fuzz::claim_finding("-", "parse-error-line")) {
    std::fprintf(stderr, "parse error at line %d of a %zu-line input: %s\n", e.line, lines,
                 e.str().c_str());
    fuzz::abort_for_signature("parse-error-line");
  }
}

void roundtrip_failed(const std::string& first, const std::string& second, const char* why) {
  if (!fuzz::claim_finding("-", "scenario-roundtrip")) return;
  std::fprintf(
      stderr,
      "scenario round trip failed: %s\n--- write(parse(input)):\n%s--- write(parse(that)):\n%s",
      why, first.c_str(), second.c_str());
  fuzz::abort_for_signature("scenario-roundtrip");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_scenario(text, "input");
  if (const auto* e = std::get_if<ParseError>(&parsed)) {
    check_error_line(text, *e);
    return 0;
  }
  const Scenario& s = std::get<Scenario>(parsed);
  const std::string once = write_scenario(s);
  auto again = parse_scenario(once, "canonical");
  if (const auto* e = std::get_if<ParseError>(&again)) {
    roundtrip_failed(once, e->str() + "\n", "canonical text does not parse");
    return 0;
  }
  const Scenario& s2 = std::get<Scenario>(again);
  const std::string twice = write_scenario(s2);
  if (once != twice) roundtrip_failed(once, twice, "canonical text changed");
  if (trace_hash(s) != trace_hash(s2)) roundtrip_failed(once, twice, "trace hash changed");
  return 0;
}
