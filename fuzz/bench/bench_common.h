#pragma once
// Shared by the allocation benchmark helpers (alloc_count.cpp, alloc_sites.cpp): each defines
// its own counting `operator new` on top of raw_alloc; the matching deletes and the corpus
// reader are here. Include from exactly one translation unit per program.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <vector>

inline void* raw_alloc(std::size_t n) {
  if (void* p = std::malloc(n != 0 ? n : 1)) return p;
  throw std::bad_alloc();
}
/// Deletes of non-null pointers (alloc_count: libFuzzer's malloc/free balance per execution).
inline long g_frees = 0;
void operator delete(void* p) noexcept {
  g_frees += p != nullptr;
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  g_frees += p != nullptr;
  std::free(p);
}

/// Every file of a corpus directory (order is irrelevant: the helpers report totals).
inline std::vector<std::vector<std::uint8_t>> read_corpus(const char* dir) {
  std::vector<std::vector<std::uint8_t>> inputs;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::ifstream f(e.path(), std::ios::binary);
    inputs.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  return inputs;
}
