#pragma once
// Corpus files: hand-written and minimised cases, one per file (corpus/README.md).
#include <stdexcept>
#include <string>

#include "tests/differential/realm/case.h"

namespace syncsim::differential {

/// A malformed corpus file: what() is `file:line: message`.
struct CorpusError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct CorpusCase {
  CaseSpec spec;
  bool expect_agree = true;
  std::string expect_difference;  ///< when a difference is expected: a substring of it
};

CorpusCase parse_corpus_case(const std::string& path);

/// Runs a case to the end; "" when the outcome is the expected one, else what happened.
std::string check_corpus_case(const CorpusCase& c, ReplicaPool& pool);

}  // namespace syncsim::differential
