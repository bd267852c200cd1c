// The execution arena (fuzz/arena.h says what and why) and the global operator new/delete
// that use it. Linked into fuzz_interleaving, its replay main and the fuzz unit tests only.
//
// A block: [header 16 B, poisoned][payload, unpoisoned while alive][padding + redzone >= 16 B,
// poisoned]. Slabs come from one mmap reservation, so ASan does not track them; everything in a
// slab is poisoned except the payloads of live blocks. A slab counts its live blocks: when the
// count is 0 at the end of an execution, every block in it was freed (and poisoned), so rewinding
// is setting the bump pointer back.
#include "fuzz/arena.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include "fuzz/has_asan.h"

#ifdef SYNCSIM_HAS_ASAN
#include <sanitizer/asan_interface.h>
#define SYNCSIM_NO_ASAN __attribute__((no_sanitize("address")))
#define SYNCSIM_POISON(p, n) __asan_poison_memory_region((p), (n))
#define SYNCSIM_UNPOISON(p, n) __asan_unpoison_memory_region((p), (n))
#else
#define SYNCSIM_NO_ASAN
#define SYNCSIM_POISON(p, n) ((void)(p), (void)(n))
#define SYNCSIM_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace {

using syncsim::fuzz::ArenaStats;

constexpr std::size_t kSlabBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxSlabs = 64;
constexpr std::size_t kAlign = 16;
constexpr std::size_t kHeader = 16;
constexpr std::size_t kRedzone = 16;
constexpr std::size_t kMaxBlock = std::size_t{64} << 10;  // larger requests go to malloc
constexpr std::uint32_t kLive = 0x5a11a11c;
constexpr std::uint32_t kFreed = 0xf4eef4ee;

struct Header {
  std::uint64_t size;
  std::uint32_t state;  // kLive or kFreed
  std::uint32_t slab;
};
static_assert(sizeof(Header) == kHeader);

struct Slab {
  char* begin = nullptr;
  char* next = nullptr;
  std::size_t live = 0;
};

// Written by the thread that runs executions only; other threads' deletes read the region
// and the slab count, which only grows.
Slab g_slabs[kMaxSlabs];
std::size_t g_slab_count = 0;
std::size_t g_current = 0;
ArenaStats g_stats;
thread_local bool t_active = false;

const char* setting() {
  const char* env = std::getenv("SYNCSIM_FUZZ_ARENA");
  return env != nullptr ? env : "";
}

void print_stats() {
  const ArenaStats s = g_stats;
  std::fprintf(stderr,
               "syncsim arena: %s, %zu slab(s), %zu execution(s) rewound, %zu left live blocks, "
               "%zu live now\n",
               s.enabled ? "on" : "off", s.slabs, s.rewinds, s.abandoned, s.live);
}

std::size_t round_up(std::size_t n) {
  return (n + kAlign - 1) & ~(kAlign - 1);
}

/// The slabs lie side by side in one reservation (pages are only backed once touched), so
/// that `delete` tells an arena block from a malloc one with a single range check.
char* g_region = nullptr;

/// A slab with no live block (rewound), or a new one; kMaxSlabs when none can be had.
std::size_t take_slab() {
  for (std::size_t i = 0; i < g_slab_count; ++i)
    if (i != g_current && g_slabs[i].live == 0) {
      g_slabs[i].next = g_slabs[i].begin;
      return i;
    }
  if (g_slab_count == kMaxSlabs) return kMaxSlabs;
  if (g_region == nullptr) {
    void* m = mmap(nullptr, kMaxSlabs * kSlabBytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) return kMaxSlabs;
    g_region = static_cast<char*>(m);
  }
  Slab& s = g_slabs[g_slab_count];
  s.begin = s.next = g_region + g_slab_count * kSlabBytes;
  SYNCSIM_POISON(s.begin, kSlabBytes);
  g_stats.slabs = ++g_slab_count;
  return g_slab_count - 1;
}

void disable(const char* why) {
  g_stats.enabled = false;
  t_active = false;
  std::fprintf(stderr, "syncsim arena: %s; plain malloc from now on\n", why);
}

SYNCSIM_NO_ASAN void write_header(char* h, std::size_t size, std::size_t slab) {
  Header* hd = reinterpret_cast<Header*>(h);
  hd->size = size;
  hd->state = kLive;
  hd->slab = static_cast<std::uint32_t>(slab);
}

void* arena_allocate(std::size_t size) {
  const std::size_t need = kHeader + round_up(size) + kRedzone;
  Slab* s = &g_slabs[g_current];
  if (s->next + need > s->begin + kSlabBytes) {
    const std::size_t next = take_slab();
    if (next == kMaxSlabs) return nullptr;
    g_current = next;
    s = &g_slabs[next];
  }
  char* h = s->next;
  s->next += need;
  write_header(h, size, g_current);
  ++s->live;
  ++g_stats.live;
  SYNCSIM_UNPOISON(h + kHeader, size);
  return h + kHeader;
}

std::size_t slab_of(const void* p) {
  const char* c = static_cast<const char*>(p);
  if (c < g_region || c >= g_region + g_slab_count * kSlabBytes) return kMaxSlabs;
  return static_cast<std::size_t>(c - g_region) / kSlabBytes;
}

/// Frees an arena block; false when p is not one (it came from malloc).
SYNCSIM_NO_ASAN bool arena_free(void* p) {
  const std::size_t slab = slab_of(p);
  if (slab == kMaxSlabs) return false;
  Header* hd = reinterpret_cast<Header*>(static_cast<char*>(p) - kHeader);
  if (hd->state != kLive || hd->slab != slab) {
    std::fprintf(stderr, "syncsim arena: %s of %p\n",
                 hd->state == kFreed ? "double free" : "free of a non-block", p);
    std::abort();
  }
  hd->state = kFreed;
  SYNCSIM_POISON(p, round_up(hd->size));
  --g_slabs[slab].live;
  --g_stats.live;
  return true;
}

void* allocate(std::size_t size) noexcept {
  if (t_active && size <= kMaxBlock)
    if (void* p = arena_allocate(size)) return p;
  return std::malloc(size == 0 ? 1 : size);
}

void release(void* p) noexcept {
  if (p != nullptr && !arena_free(p)) std::free(p);
}

void* allocate_or_throw(std::size_t size) {
  void* p = allocate(size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void* allocate_aligned(std::size_t size, std::align_val_t align) noexcept {
  void* p = nullptr;
  const std::size_t a = static_cast<std::size_t>(align) < sizeof(void*)
                            ? sizeof(void*)
                            : static_cast<std::size_t>(align);
  return posix_memalign(&p, a, size == 0 ? 1 : size) == 0 ? p : nullptr;
}

void* allocate_aligned_or_throw(std::size_t size, std::align_val_t align) {
  void* p = allocate_aligned(size, align);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

namespace syncsim::fuzz {

ExecutionArena::ExecutionArena() {
  static const bool configured = [] {
    g_stats.enabled = std::strcmp(setting(), "0") != 0;
    if (std::strcmp(setting(), "stats") == 0) std::atexit(print_stats);
    if (g_stats.enabled && take_slab() == kMaxSlabs) disable("no memory for a slab");
    return true;
  }();
  (void)configured;
  t_active = g_stats.enabled;
}

ExecutionArena::~ExecutionArena() {
  if (!t_active) return;
  t_active = false;
  Slab& s = g_slabs[g_current];
  if (s.live == 0) {
    s.next = s.begin;
    ++g_stats.rewinds;
    return;
  }
  ++g_stats.abandoned;
  const std::size_t next = take_slab();
  if (next == kMaxSlabs)
    disable("every slab holds blocks that outlived their execution");
  else
    g_current = next;
}

ArenaStats arena_stats() {
  return g_stats;
}

}  // namespace syncsim::fuzz

// The replaceable global allocation functions ([new.delete]): every form, so that none is
// taken from the runtime (ASan's would clash with these in a static link).
void* operator new(std::size_t n) {
  return allocate_or_throw(n);
}
void* operator new[](std::size_t n) {
  return allocate_or_throw(n);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return allocate(n);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return allocate(n);
}
void* operator new(std::size_t n, std::align_val_t a) {
  return allocate_aligned_or_throw(n, a);
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return allocate_aligned_or_throw(n, a);
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_aligned(n, a);
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate_aligned(n, a);
}
void operator delete(void* p) noexcept {
  release(p);
}
void operator delete[](void* p) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  release(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  release(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  release(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  release(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  release(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  release(p);
}
