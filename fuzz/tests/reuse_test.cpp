// decode_interleaving and run_case have overloads that fill an existing InterleavingCase and
// Outcome (fuzz/bench/alloc_count.cpp runs a corpus through them). They must not leak anything
// of input A into input B: running A then B into the same objects gives B exactly what B gives
// alone (same decoded scenario, same run, same trace hash).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fuzz/decode.h"
#include "fuzz/tests/test_inputs.h"

namespace syncsim::fuzz {
namespace {

using testing::Bytes;

/// The committed seed corpus, then random plain and extended inputs of every size class.
std::vector<Bytes> inputs() {
  return testing::corpus_and_random(60, 80, 2, 20261201, "reuse");
}

/// Everything of an outcome a caller can observe, as comparable text.
std::string summary(const Outcome& o) {
  std::string s = o.error + "|" + std::to_string(o.result.settled) + "|" +
                  std::to_string(o.result.steps) + "|" + std::to_string(o.result.settle_steps) +
                  "|" + std::to_string(o.result.trace.size()) + "|" +
                  std::to_string(o.result.skipped.size()) + "|" +
                  std::to_string(o.report.replicas.size());
  for (const auto& v : o.report.violations)
    s += "|" + v.signature() + " " + v.replica + " " + v.detail;
  if (o.error.empty()) s += "|" + std::to_string(trace_hash(finding_trace(o)));
  return s;
}

void expect_reuse_matches_fresh(const std::vector<Bytes>& order,
                                const std::vector<const model::ProfileInfo*>& sel) {
  InterleavingCase c;
  Outcome o;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Bytes& b = order[i];
    const bool record = i % 3 == 0;  // recorded and unrecorded runs alternate in one Outcome
    decode_interleaving(b.data(), b.size(), sel, c);
    const InterleavingCase fresh = decode_interleaving(b.data(), b.size(), sel);
    ASSERT_EQ(write_scenario(c.scenario), write_scenario(fresh.scenario)) << "input " << i;
    ASSERT_EQ(c.choices, fresh.choices) << "input " << i;
    run_case(c, record, o);
    ASSERT_EQ(summary(o), summary(run_case(fresh, record))) << "input " << i;
  }
}

TEST(Reuse, AnInputRunAfterOthersGivesWhatItGivesAlone) {
  const std::vector<Bytes> in = inputs();
  ASSERT_GE(in.size(), 60u);
  for (const char* spec : {"all", "correct", "verdant-prune"}) {
    const auto sel = select_profiles(spec);
    ASSERT_TRUE(sel.error.empty()) << sel.error;
    expect_reuse_matches_fresh(in, sel.profiles);
    std::vector<Bytes> reversed(in.rbegin(), in.rend());
    expect_reuse_matches_fresh(reversed, sel.profiles);
  }
}

}  // namespace
}  // namespace syncsim::fuzz
