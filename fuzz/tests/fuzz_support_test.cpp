// Unit tests of the fuzz support code: SHA-1, the byte reader, profile selection, and the
// fuzz_interleaving decoder (every byte string is a valid run; correct profiles stay clean;
// a finding's trace replays to the same signature).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz/byte_reader.h"
#include "fuzz/decode.h"
#include "fuzz/report.h"
#include "fuzz/sha1.h"
#include "sim/prng.h"
#include "sim/trace/domain.h"

namespace syncsim::fuzz {
namespace {

std::string hex_of(const std::string& s) {
  return sha1_hex(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

TEST(Sha1, MatchesFipsVectors) {
  EXPECT_EQ(hex_of(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex_of("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  EXPECT_EQ(hex_of(std::string(1000000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(Sha1, PaddingBoundaries) {
  // 55 bytes: padding fits one block; 56..63: it spills into a second; 64: a full block.
  EXPECT_EQ(hex_of(std::string(55, 'a')), "c1c8bbdc22796e28c0e15163d20899b65621d65a");
  EXPECT_EQ(hex_of(std::string(56, 'a')), "c2db330f6083854c99d4b5bfb6e8f29f201be699");
  EXPECT_EQ(hex_of(std::string(63, 'a')), "03f09f5b158a7a8cdad920bddc29b81c18a551f5");
  EXPECT_EQ(hex_of(std::string(64, 'a')), "0098ba824b5c16427bd7a1122a5a442a25ec644d");
}

TEST(ByteReader, ReadsZeroPastTheEnd) {
  const std::uint8_t bytes[] = {7, 200};
  ByteReader in(bytes, 2);
  EXPECT_EQ(in.byte(), 7);
  EXPECT_EQ(in.in_range(1, 3), 1u + 200 % 3);
  EXPECT_EQ(in.remaining(), 0u);
  EXPECT_EQ(in.byte(), 0);
  EXPECT_EQ(in.in_range(5, 9), 5u);
}

std::vector<std::string> names(const ProfileSelection& s) {
  std::vector<std::string> out;
  for (const auto* p : s.profiles) out.emplace_back(p->name);
  return out;
}

TEST(SelectProfiles, TermsApplyLeftToRight) {
  EXPECT_EQ(select_profiles("").profiles.size(), model::profiles().size());
  EXPECT_EQ(names(select_profiles("realm-h1")), std::vector<std::string>{"realm-h1"});
  EXPECT_EQ(
      names(select_profiles("correct")),
      (std::vector<std::string>{"realm-dev-mode", "fix-merge-reinsert", "verdant-migrate-up"}));
  // Table order, not the order of the terms.
  EXPECT_EQ(names(select_profiles("fix-merge-reinsert, realm-h2")),
            (std::vector<std::string>{"realm-h2", "fix-merge-reinsert"}));
  const auto no_h1 = names(select_profiles("-realm-h1"));
  EXPECT_EQ(no_h1.size(), model::profiles().size() - 1);
  EXPECT_EQ(no_h1.front(), "realm-h2");
  for (const auto& n : names(select_profiles("all,-buggy")))
    EXPECT_NE(model::find_profile(n)->klass, model::ProfileClass::Buggy) << n;
}

TEST(SelectProfiles, RejectsUnknownTermsAndEmptySelections) {
  EXPECT_NE(select_profiles("realm-h9").error.find("realm-h9"), std::string::npos);
  EXPECT_FALSE(select_profiles("-all").error.empty());
  EXPECT_TRUE(select_profiles("realm-h1,").error.empty());
}

TEST(ParseKnown, PairsOfProfileAndSignature) {
  const auto k = parse_known("realm-h1:reachability-orphan, realm-h2:reachability-dangling,");
  ASSERT_TRUE(k.error.empty()) << k.error;
  ASSERT_EQ(k.known.size(), 2u);
  EXPECT_TRUE(is_known(k.known, "realm-h1", "reachability-orphan"));
  EXPECT_TRUE(is_known(k.known, "realm-h2", "reachability-dangling"));
  EXPECT_FALSE(is_known(k.known, "realm-h2", "reachability-orphan"));
  EXPECT_TRUE(parse_known("").known.empty());
  EXPECT_FALSE(parse_known("realm-h1").error.empty());
  EXPECT_FALSE(parse_known("realm-h9:reachability-orphan").error.empty());
  EXPECT_FALSE(parse_known("realm-h1:").error.empty());
}

TEST(ClaimFinding, OncePerProfileAndSignatureWhenAsked) {
  const auto dir = std::filesystem::temp_directory_path() / "syncsim-claim-test";
  std::filesystem::remove_all(dir);
  ::setenv("SYNCSIM_FINDINGS", dir.c_str(), 1);
  ::unsetenv("SYNCSIM_FUZZ_ONCE");
  EXPECT_TRUE(claim_finding("realm-h1", "reachability-orphan"));
  EXPECT_TRUE(claim_finding("realm-h1", "reachability-orphan"));  // not asked: always report
  ::setenv("SYNCSIM_FUZZ_ONCE", "1", 1);
  EXPECT_TRUE(claim_finding("realm-h1", "reachability-orphan"));
  EXPECT_FALSE(claim_finding("realm-h1", "reachability-orphan"));
  EXPECT_TRUE(claim_finding("realm-h2", "reachability-orphan"));
  EXPECT_TRUE(claim_finding("realm-h1", "intent-lost-note"));
  ::unsetenv("SYNCSIM_FUZZ_ONCE");
  ::unsetenv("SYNCSIM_FINDINGS");
  std::filesystem::remove_all(dir);
}

std::vector<std::uint8_t> random_bytes(Prng& rng, std::size_t max_len) {
  std::vector<std::uint8_t> v(rng.below(max_len + 1));
  for (auto& b : v) b = static_cast<std::uint8_t>(rng.below(256));
  return v;
}

TEST(DecodeInterleaving, EmptyInputIsTheSmallestStashpad) {
  const auto all = select_profiles("").profiles;
  const InterleavingCase c = decode_interleaving(nullptr, 0, all);
  EXPECT_EQ(c.scenario.profile, "realm-h1");
  ASSERT_EQ(c.scenario.devices.size(), 1u);
  ASSERT_EQ(c.scenario.workload.size(), 2u);  // one insert under root, one additive deploy
  EXPECT_EQ(c.scenario.workload[0].parent, "root");
  EXPECT_EQ(c.scenario.workload[1].kind, WorkKind::Deploy);
  EXPECT_TRUE(c.choices.empty());
  const Outcome o = run_case(c, false);
  ASSERT_TRUE(o.error.empty()) << o.error;
  ASSERT_TRUE(o.report.violated());  // planted: realm-h1's stale-snapshot Clear orphans n1.1
  EXPECT_EQ(o.report.violations.front().signature(), "reachability-orphan");
}

TEST(DecodeInterleaving, EveryByteStringIsAValidDeterministicRun) {
  const auto all = select_profiles("").profiles;
  Prng rng(20261123, fnv1a64("decode-any-bytes"));
  for (int i = 0; i < 400; ++i) {
    const auto bytes = random_bytes(rng, 64);
    const InterleavingCase c = decode_interleaving(bytes.data(), bytes.size(), all);
    const Outcome a = run_case(c, false);
    ASSERT_TRUE(a.error.empty()) << a.error << "\n" << write_scenario(c.scenario);
    ASSERT_TRUE(a.result.settled);
    // The scenario the decoder builds is a valid file too.
    const auto parsed = parse_scenario(write_scenario(c.scenario), "decoded");
    ASSERT_TRUE(std::holds_alternative<Scenario>(parsed)) << std::get<ParseError>(parsed).str();
    const Outcome b = run_case(decode_interleaving(bytes.data(), bytes.size(), all), true);
    ASSERT_EQ(a.report.violations.size(), b.report.violations.size());
    ASSERT_EQ(a.result.steps, b.result.steps);
  }
}

/// `inputs` inputs from `make`, decoded under the correct profiles: none errs or violates.
template <class MakeBytes>
void expect_correct_profiles_clean(int inputs, Prng rng, MakeBytes make) {
  const auto correct = select_profiles("correct").profiles;
  for (int i = 0; i < inputs; ++i) {
    const auto bytes = make(rng);
    const InterleavingCase c = decode_interleaving(bytes.data(), bytes.size(), correct);
    const Outcome o = run_case(c, false);
    ASSERT_TRUE(o.error.empty()) << o.error;
    ASSERT_FALSE(o.report.violated())
        << c.scenario.profile << ": " << o.report.violations.front().signature() << "\n"
        << write_scenario(finding_trace(run_case(c, true)));
  }
}

TEST(DecodeInterleaving, CorrectProfilesNeverViolate) {
  expect_correct_profiles_clean(600, Prng(20261123, fnv1a64("correct-profiles-clean")),
                                [](Prng& rng) { return random_bytes(rng, 96); });
}

std::vector<std::uint8_t> extended_bytes(Prng& rng, std::size_t max_len) {
  auto v = random_bytes(rng, max_len);
  if (v.size() < 2) v.resize(2, 0);
  v[1] |= 0x80;  // the extended format (docs/fuzzing.md "Extended inputs")
  return v;
}

TEST(DecodeInterleaving, ClearExtendedBitKeepsTheOldVocabulary) {
  const auto all = select_profiles("").profiles;
  Prng rng(20261201, fnv1a64("old-vocabulary"));
  for (int i = 0; i < 500; ++i) {
    auto bytes = random_bytes(rng, 64);
    if (bytes.size() > 1) bytes[1] &= 0x7f;
    const InterleavingCase c = decode_interleaving(bytes.data(), bytes.size(), all);
    int deploys = 0;
    for (const auto& w : c.scenario.workload) {
      ASSERT_TRUE(w.kind == WorkKind::Insert || (w.kind == WorkKind::Deploy && !w.breaking));
      deploys += w.kind == WorkKind::Deploy;
    }
    EXPECT_EQ(deploys, 1);
    EXPECT_TRUE(c.scenario.migrations.empty());
  }
}

TEST(DecodeInterleaving, EveryProfileGetsOnlyEventsOfItsDomain) {
  Prng rng(20261201, fnv1a64("domains"));
  for (const auto& p : model::profiles()) {
    const std::vector<const model::ProfileInfo*> one = {&p};
    model::Domain seen;
    for (int i = 0; i < 300; ++i) {
      const auto bytes = extended_bytes(rng, 64);
      const InterleavingCase c = decode_interleaving(bytes.data(), bytes.size(), one);
      const model::Domain d = workload_domain(c.scenario);
      ASSERT_TRUE(p.scope.covers(d)) << p.name << "\n" << write_scenario(c.scenario);
      seen.bits |= d.bits;
      const Outcome o = run_case(c, false);
      ASSERT_TRUE(o.error.empty()) << o.error << "\n" << write_scenario(c.scenario);
    }
    // The decoder reaches every feature of the domain.
    EXPECT_EQ(seen, p.scope) << p.name;
  }
}

TEST(DecodeInterleaving, CorrectProfilesNeverViolateOnExtendedInputs) {
  expect_correct_profiles_clean(5000, Prng(20261201, fnv1a64("correct-extended")),
                                [](Prng& rng) { return extended_bytes(rng, 96); });
}

TEST(DecodeInterleaving, FindingTraceReplaysToTheSameSignature) {
  const auto h1 = select_profiles("realm-h1").profiles;
  Prng rng(20261123, fnv1a64("finding-replays"));
  int findings = 0;
  for (int i = 0; i < 200 && findings < 20; ++i) {
    const auto bytes = random_bytes(rng, 48);
    const Outcome o = run_case(decode_interleaving(bytes.data(), bytes.size(), h1), true);
    if (!o.report.violated()) continue;
    ++findings;
    const Scenario trace = finding_trace(o);
    ASSERT_EQ(trace.results.size(), o.report.violations.size());
    RunPlan r;
    ASSERT_EQ(plan_run(trace, Overrides{}, *trace.seed, r).str(), "");
    World w = make_world(r);
    RunOptions opt;
    opt.strategy = Strategy::Replay;
    opt.replay = &trace.steps;
    const RunResult res = run_world(w, opt);
    EXPECT_TRUE(res.skipped.empty());
    const CheckReport rep = check_quiescent(w, res.settled);
    ASSERT_TRUE(rep.violated());
    EXPECT_EQ(rep.violations.front().signature(), o.report.violations.front().signature());
  }
  EXPECT_GT(findings, 0);
}

}  // namespace
}  // namespace syncsim::fuzz
