// Benchmark helper (not built by CMake; commands in fuzz/BENCH_NOTES.md): where
// fuzz_interleaving's heap allocations come from. Counts `operator new` calls per call stack
// (the innermost DEPTH return addresses) over a corpus directory and prints the top stacks
// as raw addresses, to be symbolized with addr2line (the notes show how). A cheap substitute
// for a profiler on machines without perf counters: ASan's cost follows allocation count.
// usage: alloc_sites DIR [TOP [PROFILES]]   (PROFILES as SYNCSIM_FUZZ_PROFILES; default all)
#include <execinfo.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <new>

#include "fuzz/bench/bench_common.h"
#include "fuzz/decode.h"
#include "sim/trace/scenario.h"

namespace {
constexpr int kDepth = 8;
using Stack = std::array<void*, kDepth>;
bool g_on = false;
std::map<Stack, long>* g_sites = nullptr;
long g_total = 0;
}  // namespace

void* operator new(std::size_t n) {
  if (g_on) {
    g_on = false;  // the map's own allocations are not counted
    ++g_total;
    void* buf[kDepth + 1] = {};
    backtrace(buf, kDepth + 1);
    Stack s{};
    std::copy(buf + 1, buf + kDepth + 1, s.begin());  // skip operator new itself
    ++(*g_sites)[s];
    g_on = true;
  }
  return raw_alloc(n);
}

using namespace syncsim;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: alloc_sites DIR [TOP [PROFILES]]\n");
    return 2;
  }
  std::uint64_t top = 30;  // stacks printed
  if (argc > 2) {
    if (const lex::Err e = lex::parse_uint(argv[2], "TOP", 1000000, top)) {
      std::fprintf(stderr, "alloc_sites: %s\n", e->c_str());
      return 2;
    }
  }
  g_sites = new std::map<Stack, long>;
  {
    void* warm[2];
    backtrace(warm, 2);
  }  // loads libgcc before counting starts
  const auto profiles = fuzz::select_profiles(argc > 3 ? argv[3] : "all").profiles;
  const auto inputs = read_corpus(argv[1]);
  for (const auto& in : inputs) {
    g_on = true;
    const auto c = fuzz::decode_interleaving(in.data(), in.size(), profiles);
    const fuzz::Outcome o = fuzz::run_case(c, false);
    g_on = false;
  }
  std::vector<std::pair<long, Stack>> v;
  for (const auto& [s, n] : *g_sites) v.emplace_back(n, s);
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  const double n = static_cast<double>(inputs.size());
  std::printf("%.1f allocations per exec over %zu inputs\n", static_cast<double>(g_total) / n,
              inputs.size());
  for (std::size_t i = 0; i < top && i < v.size(); ++i) {
    std::printf("%.2f", static_cast<double>(v[i].first) / n);
    for (void* p : v[i].second) std::printf(" %p", p);
    std::printf("\n");
  }
}
