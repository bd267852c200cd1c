#pragma once
// Random cases: a seeded generator (syncsim's Prng, one stream per case) that picks each next
// action from the model's state, so that most writes are ones the app would make.
#include <cstdint>
#include <string>
#include <vector>

#include "tests/differential/realm/case.h"

namespace syncsim::differential {

struct GenOptions {
  int max_devices = 3;
  int max_actions = 40;
  bool array_move = true;  ///< ArrayMove writes (syncsim's workloads emit none; see the docs)
  bool reinsert = true;    ///< translator snapshots and re-inserts
};

struct RandomCase {
  CaseSpec spec;  ///< with the actions actually run, so that it replays as a corpus file
  CaseResult result;
};

RandomCase run_random_case(std::uint64_t seed, std::uint64_t index, const GenOptions& opt,
                           ReplicaPool& pool);

/// The corpus-file text of a case (tests/differential/realm/corpus/README.md).
std::string to_corpus_text(const CaseSpec& spec);

}  // namespace syncsim::differential
