#include "fuzz/report.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fuzz/sha1.h"

// One function per violation signature (README "Concepts" lists the kinds), outside any
// namespace so that stack traces show short, stable names. The body is a macro rather than
// a shared helper so that the distinct function is the top frame above abort().
#define SYNCSIM_ABORT_FN(name, token)               \
  [[gnu::noinline, noreturn]] void name() {         \
    std::fputs("DEDUP_TOKEN: " token "\n", stderr); \
    std::fflush(stderr);                            \
    std::abort();                                   \
  }

SYNCSIM_ABORT_FN(syncsim_violation_reachability_orphan, "reachability-orphan")
SYNCSIM_ABORT_FN(syncsim_violation_reachability_dangling, "reachability-dangling")
SYNCSIM_ABORT_FN(syncsim_violation_intent_lost_note, "intent-lost-note")
SYNCSIM_ABORT_FN(syncsim_violation_intent_misplaced, "intent-misplaced")
SYNCSIM_ABORT_FN(syncsim_violation_durability_lost_ack, "durability-lost-ack")
SYNCSIM_ABORT_FN(syncsim_violation_convergence_diverged, "convergence-diverged")
SYNCSIM_ABORT_FN(syncsim_violation_acyclic_cycle, "acyclic-cycle")
SYNCSIM_ABORT_FN(syncsim_violation_liveness_not_settled, "liveness-not-settled")
SYNCSIM_ABORT_FN(syncsim_violation_consistency_index_anomaly, "consistency-index-anomaly")
SYNCSIM_ABORT_FN(syncsim_scenario_roundtrip_mismatch, "scenario-roundtrip")
SYNCSIM_ABORT_FN(syncsim_fuzz_decoder_rejected, "fuzz-decoder-rejected")
SYNCSIM_ABORT_FN(syncsim_fuzz_nondeterministic, "fuzz-nondeterministic")
SYNCSIM_ABORT_FN(syncsim_parse_error_without_line, "parse-error-line")

[[gnu::noinline, noreturn]] void syncsim_violation_other(std::string_view signature) {
  std::fprintf(stderr, "DEDUP_TOKEN: %.*s\n", static_cast<int>(signature.size()), signature.data());
  std::fflush(stderr);
  std::abort();
}

namespace syncsim::fuzz {

std::string findings_dir() {
  const char* env = std::getenv("SYNCSIM_FINDINGS");
  return env != nullptr && *env != '\0' ? std::string(env) : std::string("findings");
}

std::string write_finding(const std::uint8_t* data, std::size_t size, const Scenario& trace) {
  const std::string dir = findings_dir();
  const std::string path = dir + "/" + sha1_hex(data, size) + ".trace";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << write_scenario(trace);
  f.close();
  if (!f) {
    std::fprintf(stderr, "syncsim fuzz: warning: cannot write %s\n", path.c_str());
    return {};
  }
  return path;
}

bool claim_finding(std::string_view profile, std::string_view signature) {
  const char* once = std::getenv("SYNCSIM_FUZZ_ONCE");
  if (once == nullptr || std::string_view(once) != "1") return true;
  const std::string dir = findings_dir() + "/seen";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string marker = dir + "/" + std::string(profile) + "--" + std::string(signature);
  std::FILE* f = std::fopen(marker.c_str(), "wx");  // C11 exclusive create: one winner
  if (f == nullptr) return false;
  std::fclose(f);
  return true;
}

void abort_for_signature(std::string_view sig) {
  struct Entry {
    std::string_view signature;
    void (*fn)();
  };
  static constexpr Entry kTable[] = {
      {"reachability-orphan", syncsim_violation_reachability_orphan},
      {"reachability-dangling", syncsim_violation_reachability_dangling},
      {"intent-lost-note", syncsim_violation_intent_lost_note},
      {"intent-misplaced", syncsim_violation_intent_misplaced},
      {"durability-lost-ack", syncsim_violation_durability_lost_ack},
      {"convergence-diverged", syncsim_violation_convergence_diverged},
      {"acyclic-cycle", syncsim_violation_acyclic_cycle},
      {"liveness-not-settled", syncsim_violation_liveness_not_settled},
      {"consistency-index-anomaly", syncsim_violation_consistency_index_anomaly},
      {"scenario-roundtrip", syncsim_scenario_roundtrip_mismatch},
      {"fuzz-decoder-rejected", syncsim_fuzz_decoder_rejected},
      {"fuzz-nondeterministic", syncsim_fuzz_nondeterministic},
      {"parse-error-line", syncsim_parse_error_without_line},
  };
  for (const Entry& e : kTable)
    if (e.signature == sig) e.fn();
  syncsim_violation_other(sig);
}

}  // namespace syncsim::fuzz
