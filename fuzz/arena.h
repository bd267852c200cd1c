#pragma once
// fuzz_interleaving's execution arena (fuzz/arena.cpp, linked into the libFuzzer binary only).
//
// Under AddressSanitizer every heap allocation records a stack trace, fills the block and
// goes through the quarantine when freed: with ~100 allocations per execution that was a
// third of fuzz_interleaving's time (fuzz/BENCH_NOTES.md). While an ExecutionArena is alive,
// `operator new` on its thread takes blocks from a bump allocator instead, and keeps ASan's
// checks by poisoning by hand, as LLVM's BumpPtrAllocator does: every block is followed by a
// poisoned redzone (an overflow is reported as `use-after-poison`), and a freed block stays
// poisoned and is not handed out again during the execution (a use after free is reported the
// same way). When the execution ends and no block of the current slab is still alive, the
// slab is rewound for the next execution; a block that outlives its execution (a cache kept
// by a `thread_local`) makes the slab stay as it is and the next execution take another.
//
// SYNCSIM_FUZZ_ARENA=0 in the environment turns it off (plain `malloc`, so ASan's reports
// carry allocation and free stacks again: use it to reproduce a `use-after-poison`).
#include <cstddef>

namespace syncsim::fuzz {

struct ArenaStats {
  std::size_t slabs = 0;      ///< slabs mapped so far
  std::size_t rewinds = 0;    ///< executions whose slab was rewound
  std::size_t abandoned = 0;  ///< executions that left a live block in their slab
  std::size_t live = 0;       ///< blocks alive in all slabs
  bool enabled = false;
};

/// Scope of one execution: arena allocation on this thread from construction to destruction.
class ExecutionArena {
 public:
  ExecutionArena();
  ~ExecutionArena();
  ExecutionArena(const ExecutionArena&) = delete;
  ExecutionArena& operator=(const ExecutionArena&) = delete;
};

ArenaStats arena_stats();

}  // namespace syncsim::fuzz
