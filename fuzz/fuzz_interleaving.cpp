// libFuzzer target: bytes -> scenario header + choice sequence (fuzz/decode.h), run under the
// untimed discipline with sim::ChoiceScheduler, settled, checked at quiescence. A violation
// writes `<sha1>.trace` into $SYNCSIM_FINDINGS and aborts with `DEDUP_TOKEN: <signature>`.
//
// SYNCSIM_FUZZ_PROFILES (comma list, see select_profiles) limits the profiles the profile
// byte picks from; SYNCSIM_FUZZ_KNOWN (`profile:signature,...`) lists findings that do not
// abort, so that long runs look for new bugs instead of re-finding known ones.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "fuzz/arena.h"
#include "fuzz/decode.h"
#include "fuzz/report.h"

#ifndef SYNCSIM_FUZZ_DEFAULT_PROFILES
#define SYNCSIM_FUZZ_DEFAULT_PROFILES "all"
#endif
#ifndef SYNCSIM_FUZZ_DEFAULT_KNOWN
#define SYNCSIM_FUZZ_DEFAULT_KNOWN ""
#endif

namespace {

using namespace syncsim;

const std::vector<const model::ProfileInfo*>& selected_profiles() {
  static const fuzz::ProfileSelection sel = [] {
    const char* env = std::getenv("SYNCSIM_FUZZ_PROFILES");
    auto s = fuzz::select_profiles(env != nullptr ? env : SYNCSIM_FUZZ_DEFAULT_PROFILES);
    if (!s.error.empty()) {
      std::fprintf(stderr, "fuzz_interleaving: %s\n", s.error.c_str());
      std::exit(2);
    }
    return s;
  }();
  return sel.profiles;
}

const std::vector<fuzz::KnownFinding>& known_findings() {
  static const fuzz::KnownSelection sel = [] {
    const char* env = std::getenv("SYNCSIM_FUZZ_KNOWN");
    auto s = fuzz::parse_known(env != nullptr ? env : SYNCSIM_FUZZ_DEFAULT_KNOWN);
    if (!s.error.empty()) {
      std::fprintf(stderr, "fuzz_interleaving: %s\n", s.error.c_str());
      std::exit(2);
    }
    return s;
  }();
  return sel.known;
}

/// `--syncsim-profiles` (libFuzzer ignores flags that start with `--`): every profile, its
/// class and whether this run selects it; tools/nightly reads it.
void print_profiles() {
  const auto& sel = selected_profiles();
  for (const auto& p : model::profiles()) {
    bool on = false;
    for (const auto* q : sel) on = on || q == &p;
    std::printf("%.*s %.*s %s\n", static_cast<int>(p.name.size()), p.name.data(),
                static_cast<int>(model::to_string(p.klass).size()),
                model::to_string(p.klass).data(), on ? "selected" : "-");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  for (int i = 1; i < *argc; ++i)
    if (std::strcmp((*argv)[i], "--syncsim-profiles") == 0) {
      print_profiles();
      std::exit(0);
    }
  selected_profiles();  // a bad SYNCSIM_FUZZ_PROFILES or _KNOWN fails before fuzzing starts
  known_findings();
  return 0;
}

namespace {

/// Aborts on a violation that is new to this run (writing its trace first); returns otherwise.
void report_if_new(const std::uint8_t* data, std::size_t size, const fuzz::DecodedInput& in,
                   const fuzz::Outcome& fast) {
  if (!fast.error.empty()) {
    std::fprintf(stderr, "fuzz_interleaving: plan_run() rejected a decoded scenario: %s\n%s",
                 fast.error.c_str(), write_scenario(fuzz::to_case(in).scenario).c_str());
    fuzz::abort_for_signature("fuzz-decoder-rejected");
  }
  if (!fast.report.violated()) return;
  const std::string signature = fast.report.violations.front().signature();
  if (fuzz::is_known(known_findings(), fast.resolved.profile, signature)) return;
  if (!fuzz::claim_finding(fast.resolved.profile, signature)) return;
  // Only violating runs pay for the scenario's lines and the labelled steps: run again from
  // the lines, with the trace recorded. A different result would mean the direct workload
  // (fuzz::workload_of) and the lines disagree, or the run is not deterministic.
  const fuzz::Outcome rec = fuzz::run_case(fuzz::to_case(in), true);
  if (!rec.report.violated() || rec.report.violations.front().signature() != signature) {
    std::fprintf(stderr, "fuzz_interleaving: the recording run differs from the first run\n");
    fuzz::abort_for_signature("fuzz-nondeterministic");
  }
  const std::string path = fuzz::write_finding(data, size, fuzz::finding_trace(rec));
  std::fprintf(stderr, "syncsim: %s under profile %s (%zu violation(s)); trace: %s\n",
               signature.c_str(), rec.resolved.profile.c_str(), rec.report.violations.size(),
               path.c_str());
  if (!path.empty())
    std::fprintf(stderr, "syncsim: reproduce with: syncsim replay %s\n", path.c_str());
  fuzz::abort_for_signature(signature);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Declared first, destroyed last: everything the execution allocates comes from the arena
  // (fuzz/arena.h) and is freed before the arena's scope ends, so its slab is rewound.
  const fuzz::ExecutionArena arena;
  fuzz::DecodedInput in;
  fuzz::Outcome fast;
  fuzz::decode_input(data, size, selected_profiles(), in);
  fuzz::run_input(in, fast);
  report_if_new(data, size, in, fast);
  return 0;
}
