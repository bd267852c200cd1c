// Benchmark driver (not built by CMake; commands in fuzz/BENCH_NOTES.md): the cost of
// fuzz_interleaving's LLVMFuzzerTestOneInput alone, without libFuzzer's own work, over every
// input of a corpus directory, repeated. Link it against an instrumented build's objects and
// libclang_rt.fuzzer_no_main (for the coverage callbacks).
// Like libFuzzer, it counts mallocs and frees during each execution (sanitizer malloc hooks)
// and runs an input a second time when its mallocs exceed its frees (libFuzzer does that to
// look for a leak), so that an entry point which leaves allocations to the next execution
// pays here what it pays under libFuzzer.
// usage: loop DIR REPEATS
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int*, char***);
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t);
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*)(const volatile void*,
                                                                  std::size_t),
                                                         void (*)(const volatile void*))
    __attribute__((weak));

static long g_mallocs = 0, g_frees = 0;
static void on_malloc(const volatile void*, std::size_t) {
  ++g_mallocs;
}
static void on_free(const volatile void*) {
  ++g_frees;
}

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  LLVMFuzzerInitialize(&argc, &argv);
  std::vector<std::vector<char>> inputs;
  for (const auto& e : std::filesystem::directory_iterator(argv[1])) {
    std::ifstream f(e.path(), std::ios::binary);
    inputs.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  const int reps = std::atoi(argv[2]);
  if (__sanitizer_install_malloc_and_free_hooks != nullptr)
    __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
  long reruns = 0;
  const auto run = [&] {
    for (const auto& v : inputs) {
      const long m = g_mallocs, f = g_frees;
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(v.data()), v.size());
      if (g_mallocs - m <= g_frees - f) continue;
      ++reruns;
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(v.data()), v.size());
    }
  };
  run();  // warm-up
  reruns = 0;
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  for (int r = 0; r < reps; ++r) run();
  const double cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double n = double(inputs.size()) * reps;
  std::printf(
      "%zu inputs x %d: %.1f us/exec cpu (%.0f execs/cpu-s), wall %.1f us; %ld leak-check "
      "re-runs\n",
      inputs.size(), reps, cpu / n * 1e6, n / cpu, wall / n * 1e6, reruns);
}
