// fuzz_interleaving runs a decoded input without writing its workload as scenario lines
// (fuzz::run_input, fuzz::workload_of); a finding's trace is written from the lines
// (fuzz::to_case). The two must be the same run: the same workload item for item (ids,
// labels, keys, order), the same resolved configuration and the same outcome, for every
// profile's domain (extended inputs generate its events only).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "fuzz/decode.h"
#include "fuzz/tests/test_inputs.h"

namespace syncsim::fuzz {
namespace {

using testing::Bytes;

/// The committed seed corpus, then random inputs, three in four extended (they have the
/// events): 8 header bytes and 7 events of 3 bytes are the most the decoder reads before the
/// choices.
std::vector<Bytes> inputs(int random) {
  return testing::corpus_and_random(random, 60, 4, 20261202, "direct");
}

/// Every field of every item, one line each, then the labels.
std::string dump(const Workload& wl) {
  std::string s;
  for (std::size_t a = 0; a < wl.scripts.size(); ++a)
    for (const WorkItem& w : wl.scripts[a])
      s += std::to_string(a) + ": kind=" + std::to_string(static_cast<int>(w.kind)) +
           " actor=" + std::to_string(w.actor) + " at=" + std::to_string(w.at_ms) +
           " note=" + std::to_string(w.note) + " parent=" + std::to_string(w.parent) +
           " breaking=" + std::to_string(w.breaking) +
           " change_list=" + std::to_string(w.change_list) +
           " app=" + std::to_string(w.app_schema) + " target=" + std::to_string(w.target) +
           " key=" + std::to_string(w.key) + " label=" + std::string(wl.label(w)) + "\n";
  return s + "labels=" + wl.labels;
}

/// What a caller of run_input can observe, as comparable text.
std::string outcome(const Outcome& o) {
  std::string s = o.error + "|" + describe_config(o.resolved) + "|" +
                  std::to_string(o.result.settled) + "|" + std::to_string(o.result.steps) + "|" +
                  std::to_string(o.result.settle_steps) + "|" +
                  std::to_string(o.result.skipped.size());
  for (const auto& r : o.report.replicas)
    s += "|" + r.name + " " + std::to_string(r.notes) + " " + std::to_string(r.reachable);
  for (const auto& v : o.report.violations)
    s += "|" + v.signature() + " " + v.replica + " " + notes_list(v.notes) + " " + v.detail;
  return s;
}

TEST(DirectWorkload, EqualsTheExpansionOfTheLinesUnderEveryProfile) {
  const std::vector<Bytes> in = inputs(250);
  std::size_t items = 0, violated = 0;
  for (const auto& p : model::profiles()) {
    const std::vector<const model::ProfileInfo*> sel{&p};
    for (std::size_t i = 0; i < in.size(); ++i) {
      DecodedInput d;
      decode_input(in[i].data(), in[i].size(), sel, d);
      const InterleavingCase c = to_case(d);
      Workload expanded;
      ASSERT_EQ(expand_workload(c.scenario, expanded).str(), "") << p.name << " input " << i;
      ASSERT_EQ(dump(*workload_of(d)), dump(expanded)) << p.name << " input " << i << "\n"
                                                       << write_scenario(c.scenario);
      Outcome direct;
      run_input(d, direct);
      // The header lent to the plan came back unchanged.
      ASSERT_EQ(write_scenario(to_case(d).scenario), write_scenario(c.scenario));
      const Outcome lines = run_case(c, false);
      ASSERT_EQ(outcome(direct), outcome(lines)) << p.name << " input " << i;
      items += d.items.size();
      violated += lines.report.violated();
    }
  }
  // The inputs reach far enough to mean something: many items, and violations to compare.
  std::printf("%zu items, %zu violating runs\n", items, violated);
  EXPECT_GT(items, 20000u);
  EXPECT_GT(violated, 100u);
}

TEST(DirectWorkload, DecodeInterleavingIsToCaseOfDecodeInput) {
  const auto all = select_profiles("all");
  for (const Bytes& b : inputs(40)) {
    DecodedInput d;
    decode_input(b.data(), b.size(), all.profiles, d);
    const InterleavingCase a = to_case(d),
                           c = decode_interleaving(b.data(), b.size(), all.profiles);
    EXPECT_EQ(write_scenario(a.scenario), write_scenario(c.scenario));
    EXPECT_EQ(a.choices, c.choices);
  }
}

}  // namespace
}  // namespace syncsim::fuzz
