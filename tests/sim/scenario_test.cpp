// Scenario/trace format (docs/trace-format.md): round trips, one test per kind of bad line
// (each asserting the exact line number), the trace hash, and robustness on hostile bytes.
#include "sim/trace/scenario.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "model/policy.h"
#include "sim/prng.h"
#include "sim/trace/knobs.h"
#include "tests/sim/scenario_diff.h"

namespace syncsim {
namespace {

using test::diff;

Scenario parse_ok(std::string_view text, std::vector<std::string>* warnings = nullptr) {
  auto r = parse_scenario(text, "t.trace", warnings);
  if (const auto* e = std::get_if<ParseError>(&r)) {
    ADD_FAILURE() << "unexpected error: " << e->str() << "\n" << text;
    return {};
  }
  return std::get<Scenario>(std::move(r));
}

ParseError parse_err(std::string_view text) {
  auto r = parse_scenario(text, "t.trace");
  if (const auto* e = std::get_if<ParseError>(&r)) return *e;
  ADD_FAILURE() << "parsed, expected an error:\n" << text;
  return {};
}

// Lines 1-5: a comment, the header, a blank line, two devices. A bad line appended is line 6.
constexpr std::string_view kPrelude =
    "# prelude used by the error tests\n"
    "syncsim-trace 1\n"
    "\n"
    "device c1 user u1\n"
    "device c2 user u2 reset discard   # comment\n";

constexpr std::string_view kRich =
    "syncsim-trace 1   # the header\n"
    "syncsim 0.1.0\n"
    "model 5\n"
    "seed 7\n"
    "discipline timed\n"
    "strategy random\n"
    "profile realm-h1\n"
    "device c1 user u1 clock_offset_ms 0 drift_ppm 0 reset recover app_schema 1\n"
    "device c2 user u1 app_schema 2 drift_ppm -40 clock_offset_ms -1500\n"
    "device c3 user u2 reset default\n"
    "tree u1 60\n"
    "knob reinsert_delay_ms 180000\n"
    "knob r2m_atomic false\n"
    "knob reinsert_batch 20\n"
    "workload at 7500ms admin deploy additive tags:array<string>\n"
    "workload at 7500ms admin deploy breaking title:string:required\n"
    "workload every 1000ms from 1000ms x20 c1 insert n1.* under root\n"
    "workload at 3000ms c2 insert n2.5 under a.7\n"
    "workload at 4000ms c1 edit n1.2\n"
    "workload at 4000ms c3 delete a2.3\n"
    "workload at 4000ms c1 move n1.3 to n1.1\n"
    "workload at 9000ms c1 upgrade-app 2\n"
    "workload at 9000ms c1 offline\n"
    "workload at 9000ms c1 online\n"
    "step 1 t=1000 c1 insert n1.1 under root\n"
    "step 2 t=1000 deliver c1->server upload[n1.1]\n"
    "settle 3 t=187400 m2r reinsert 1/1\n"
    "result orphan reachability c1 n1.8,n1.9\n";

// ---- round trips -----------------------------------------------------------------------------

TEST(ScenarioFormat, RichScenarioRoundTrips) {
  const Scenario s = parse_ok(kRich);
  ASSERT_EQ(s.devices.size(), 3u);
  EXPECT_EQ(s.devices[0].reset_mode, model::ResetMode::Recover);
  EXPECT_EQ(s.devices[0].user, 1u);  // `u1`: parsed once into the user's number
  EXPECT_EQ(s.devices[2].user, 2u);
  EXPECT_EQ(s.devices[1].clock_offset_ms, -1500);
  EXPECT_EQ(s.devices[1].drift_ppm, -40);
  EXPECT_EQ(s.devices[1].app_schema, 2u);
  EXPECT_EQ(s.devices[2].reset_mode, std::nullopt);  // `reset default`
  ASSERT_EQ(s.trees.size(), 1u);
  EXPECT_EQ(s.trees[0].user, 1u);
  ASSERT_EQ(s.knobs.size(), 3u);
  EXPECT_EQ(s.knobs[1].value, 0);  // `false`
  ASSERT_EQ(s.workload.size(), 10u);
  const WorkloadLine& rep = s.workload[2];
  EXPECT_EQ(rep.every_ms, 1000);
  EXPECT_EQ(rep.at_ms, 1000);
  EXPECT_EQ(rep.count, 20u);
  EXPECT_EQ(rep.note, "n1.*");
  EXPECT_EQ(rep.line, 17);
  EXPECT_TRUE(s.workload[1].breaking);
  EXPECT_EQ(deploy_text(s.workload[1]), "title:string:required");
  ASSERT_EQ(s.steps.size(), 3u);
  EXPECT_TRUE(s.steps[2].settle);
  EXPECT_EQ(s.steps[1].label, "deliver c1->server upload[n1.1]");
  EXPECT_EQ(s.results, std::vector<std::string>{"orphan reachability c1 n1.8,n1.9"});
  EXPECT_EQ(s.source, "t.trace");

  const std::string text = write_scenario(s);
  const Scenario again = parse_ok(text);
  EXPECT_EQ(diff(s, again), "") << text;
  EXPECT_EQ(write_scenario(again), text);
}

TEST(ScenarioFormat, WritesCanonicalSpellings) {
  const std::string text = write_scenario(parse_ok(
      "syncsim-trace 1\nresult r\ndevice c1 user u1\nstep 1 t=0  a   b \n"
      "workload at 0ms c1 offline\nknob r2m_atomic true\ntree u1 3\nprofile realm-h2\n"
      "strategy pct\ndiscipline untimed\nseed 0\n"));  // no version lines: the writer adds them
  EXPECT_EQ(text,
            "syncsim-trace 1\nsyncsim 0.1.0\nmodel 5\nseed 0\ndiscipline untimed\nstrategy pct\n"
            "profile realm-h2\n"
            "device c1 user u1 clock_offset_ms 0 drift_ppm 0 reset default app_schema 1\n"
            "tree u1 3\nknob r2m_atomic 1\nworkload at 0ms c1 offline\nstep 1 t=0 a b\n"
            "result r\n");
}

TEST(ScenarioFormat, AcceptsCrlfAndMissingTrailingNewline) {
  const Scenario s = parse_ok("syncsim-trace 1\r\nseed 9\r\n\r\n# c\r\nstep 1 t=3 x y\r\nresult z");
  EXPECT_EQ(s.seed, 9u);
  ASSERT_EQ(s.steps.size(), 1u);
  EXPECT_EQ(s.steps[0].label, "x y");
  EXPECT_EQ(s.steps[0].line, 5);
  EXPECT_EQ(s.results, std::vector<std::string>{"z"});
}

TEST(ScenarioFormat, VersionMismatchWarnsWithLine) {
  std::vector<std::string> warnings;
  const Scenario s = parse_ok("syncsim-trace 1\n\nsyncsim 0.0.9\nmodel 7\n", &warnings);
  EXPECT_EQ(s.tool_version, "0.0.9");
  EXPECT_EQ(s.model_version, "7");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].rfind("t.trace:3: warning:", 0), 0u) << warnings[0];
  EXPECT_EQ(warnings[1].rfind("t.trace:4: warning:", 0), 0u) << warnings[1];
  warnings.clear();
  parse_ok("syncsim-trace 1\nsyncsim 0.1.0\nmodel 3\n", &warnings);
  EXPECT_TRUE(warnings.empty());
  parse_ok("syncsim-trace 1\nsyncsim 0.0.9\n");  // warnings == nullptr is allowed
}

TEST(ScenarioFormat, ErrorStringAndLoad) {
  EXPECT_EQ((ParseError{"a.trace", 4, "bad"}).str(), "a.trace:4: bad");
  auto missing = load_scenario("/nonexistent/dir/x.trace");
  ASSERT_TRUE(std::holds_alternative<ParseError>(missing));
  EXPECT_EQ(std::get<ParseError>(missing).line, 0);
  EXPECT_EQ(std::get<ParseError>(missing).str().rfind("/nonexistent/dir/x.trace: cannot open", 0),
            0u);

  const std::string path = testing::TempDir() + "scenario_test_load.trace";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("syncsim-trace 1\nseed 5\nbogus\n", f);
  std::fclose(f);
  auto loaded = load_scenario(path);
  ASSERT_TRUE(std::holds_alternative<ParseError>(loaded));
  EXPECT_EQ(std::get<ParseError>(loaded).str(), path + ":3: unknown key 'bogus'");
  std::remove(path.c_str());
}

// ---- one test per kind of bad line -----------------------------------------------------------

/// A bad line and where the error must point. `body` follows kPrelude (5 lines) unless
/// `whole`, so a first bad line is line 6.
struct BadLine {
  const char* name;
  std::string body;
  int line;
  const char* fragment;
  bool whole = false;
};

void PrintTo(const BadLine& b, std::ostream* os) {
  *os << b.name;
}

using namespace std::string_literals;

const BadLine kBadLines[] = {
    {"UnknownKey", "colour blue\n", 6, "unknown key 'colour'"},
    {"MissingHeader", "# only comments\n\n  # more\nseed 7\n", 4, "missing 'syncsim-trace", true},
    {"MissingHeaderEmpty", "", 1, "missing 'syncsim-trace", true},
    {"MissingHeaderOnlyComments", "# nothing\n", 1, "missing 'syncsim-trace", true},
    {"DuplicateHeader", "syncsim-trace 1\n", 6, "duplicate 'syncsim-trace'"},
    {"BadVersion", "\n# x\nsyncsim-trace 2\n", 3, "unknown format version 2", true},
    {"BadVersionWord", "syncsim-trace one\n", 1, "bad integer", true},
    {"BadVersionHuge", "syncsim-trace 99999999999999999999999\n", 1, "out of range", true},
    {"BadInt", "seed 7x\n", 6, "bad integer '7x'"},
    {"BadIntNegative", "seed -1\n", 6, "bad integer"},
    {"BadIntPlus", "seed +1\n", 6, "bad integer"},
    {"BadIntKnob", "knob reinsert_batch 2O\n", 6, "bad integer"},
    {"BadIntTree", "tree u1 ten\n", 6, "bad integer"},
    {"OverflowSeed", "seed 18446744073709551616\n", 6, "out of range"},
    {"OverflowStepTime", "step 1 t=9223372036854775808 x\n", 6, "out of range"},
    {"OverflowNegative", "device c3 user u1 clock_offset_ms -9223372036854775809\n", 6,
     "out of range"},
    {"OverflowWorkloadTime", "workload at 99999999999999999999999ms c1 offline\n", 6,
     "out of range"},
    {"OverflowTreeSize", "tree u1 100001\n", 6, "out of range"},
    {"OverflowLastRepetition",
     "workload every 100000ms from 999999999999ms x100 c1 insert n1.* under root\n", 6,
     "last repetition"},
    {"UnknownKnob", "knob warp 9\n", 6, "unknown knob 'warp'"},
    {"KnobOutOfRange", "knob pct_depth 21\n", 6, "out of range [1, 20]"},
    {"KnobBoolWordOnIntKnob", "knob pct_depth true\n", 6, "bad integer"},
    {"KnobBoolOutOfRange", "knob r2m_atomic 2\n", 6, "out of range"},
    {"DuplicateKnob", "knob pct_depth 2\nknob pct_depth 3\n", 7, "duplicate knob"},
    {"UnknownProfile", "profile realm-h9\n", 6, "unknown profile 'realm-h9'"},
    {"UnknownResetMode", "device c3 user u1 reset sometimes\n", 6, "unknown reset mode"},
    {"UnknownDeviceKey", "device c3 user u1 colour red\n", 6, "unknown device key"},
    {"DuplicateDeviceKey", "device c3 user u1 drift_ppm 1 drift_ppm 2\n", 6,
     "duplicate device key"},
    {"DeviceKeyWithoutValue", "device c3 user u1 drift_ppm\n", 6, "expected 'device"},
    {"DeviceWithoutUser", "device c3 owner u1\n", 6, "expected 'device"},
    {"BadDeviceName", "device c03 user u1\n", 6, "bad device name"},
    {"BadUserName", "device c3 user x1\n", 6, "bad user name"},
    {"AppSchemaZero", "device c3 user u1 app_schema 0\n", 6, "out of range"},
    {"DriftTooLarge", "device c3 user u1 drift_ppm 1000000\n", 6, "out of range"},
    {"DuplicateDevice", "device c1 user u3\n", 6, "duplicate device 'c1'"},
    {"DuplicateSeed", "seed 1\n# x\nseed 1\n", 8, "duplicate 'seed'"},
    {"DuplicateDiscipline", "discipline timed\ndiscipline timed\n", 7, "duplicate 'discipline'"},
    {"DuplicateStrategy", "strategy pct\nstrategy pct\n", 7, "duplicate 'strategy'"},
    {"DuplicateProfile", "profile realm-h1\nprofile realm-h1\n", 7, "duplicate 'profile'"},
    {"DuplicateToolVersion", "syncsim 0.1.0\nsyncsim 0.1.0\n", 7, "duplicate 'syncsim'"},
    {"DuplicateModelVersion", "model 1\nmodel 1\n", 7, "duplicate 'model'"},
    {"UnknownDiscipline", "discipline sometimes\n", 6, "unknown discipline"},
    {"UnknownStrategy", "strategy dfs\n", 6, "unknown strategy"},
    {"ExtraToken", "seed 1 2\n", 6, "expected 'seed N'"},
    {"TreeForUndeclaredUser", "tree u3 10\n", 6, "no earlier device"},
    {"DuplicateTree", "tree u1 10\ntree u1 5\n", 7, "duplicate tree"},
    {"EmptyTree", "tree u1 0\n", 6, "out of range"},
    {"UndeclaredActor", "workload at 10ms c9 offline\n", 6, "undeclared actor 'c9'"},
    {"ActorDeclaredLater", "workload at 10ms c3 offline\ndevice c3 user u1\n", 6,
     "undeclared actor 'c3'"},
    {"DeviceMayNotDeploy", "workload at 10ms c1 deploy additive tags:array<string>\n", 6,
     "only admin"},
    {"AdminMayOnlyDeploy", "workload at 10ms admin insert n1.1 under root\n", 6,
     "admin can only 'deploy'"},
    {"DeployKind", "workload at 1ms admin deploy sideways tags:string\n", 6, "expected 'deploy"},
    {"DeployFieldWithoutType", "workload at 1ms admin deploy additive tags\n", 6, "bad field"},
    {"DeployFieldFlag", "workload at 1ms admin deploy additive tags:string:optional\n", 6,
     "bad field"},
    {"DeployFieldName", "workload at 1ms admin deploy additive 9tags:string\n", 6, "bad field"},
    {"NonConsecutiveStepIndex", "step 1 t=0 a\nstep 3 t=1 b\n", 7, "index 3, expected 2"},
    {"StepIndexZero", "step 0 t=0 a\n", 6, "expected 1"},
    {"DecreasingTime", "step 1 t=5 a\nstep 2 t=5 b\nsettle 3 t=4 c\n", 8, "before the previous"},
    {"StepAfterSettle", "step 1 t=0 a\nsettle 2 t=0 b\nresult r\nstep 3 t=1 c\n", 9,
     "after a settle"},
    {"StepWithoutLabel", "step 1 t=0\n", 6, "expected 'step INDEX t=T LABEL'"},
    {"StepWithoutTEquals", "step 1 1000 a\n", 6, "expected 'step"},
    {"StepNegativeTime", "step 1 t=-1 a\n", 6, "out of range"},
    {"EmptyResult", "result\n", 6, "expected 'result TEXT'"},
    {"BadTimeSuffix", "workload at 10s c1 offline\n", 6, "bad time '10s'"},
    {"TimeWithoutSuffix", "workload at 10 c1 offline\n", 6, "bad time"},
    {"TimeWithoutDigits", "workload at ms c1 offline\n", 6, "bad time"},
    {"NegativeTime", "workload at -5ms c1 offline\n", 6, "bad time"},
    {"ZeroPeriod", "workload every 0ms from 0ms x2 c1 insert n1.* under root\n", 6, "out of range"},
    {"PatternWithoutStar", "workload every 10ms from 0ms x3 c1 insert n1.4 under root\n", 6,
     "'.*'"},
    {"StarWithoutRepetition", "workload at 0ms c1 insert n1.* under root\n", 6,
     "needs 'workload every"},
    {"StarInEdit", "workload at 0ms c1 edit n1.*\n", 6, "pattern"},
    {"RepetitionRequiresInsert", "workload every 10ms from 0ms x3 c1 edit n1.1\n", 6,
     "repeats only 'insert'"},
    {"ZeroRepetitions", "workload every 10ms from 0ms x0 c1 insert n1.* under root\n", 6,
     "out of range"},
    {"RepetitionWithoutX", "workload every 10ms from 0ms 3 c1 insert n1.* under root\n", 6,
     "expected"},
    {"NoteLeadingZero", "workload at 0ms c1 edit n01.2\n", 6, "bad note"},
    {"NoteSecondSpellingOfA", "workload at 0ms c1 edit a1.2\n", 6, "bad note"},
    {"DeleteRoot", "workload at 0ms c1 delete root\n", 6, "cannot be root"},
    {"InsertInitialNote", "workload at 0ms c1 insert a.2 under root\n", 6, "new note"},
    {"PatternParent", "workload at 0ms c1 move n1.2 to n1.*\n", 6, "pattern"},
    {"MoveUnder", "workload at 0ms c1 move n1.2 under n1.1\n", 6, "expected 'move"},
    {"UnknownAction", "workload at 0ms c1 teleport n1.2\n", 6, "unknown workload action"},
    {"ExtraActionToken", "workload at 0ms c1 offline now\n", 6, "expected 'offline'"},
    {"NulByte", "seed 7\0\n"s, 6, "control character 0x00"},
    {"LoneCarriageReturn", "seed 7\rx\n", 6, "control character 0x0d"},
    {"DelByte", "seed\x7f 7\n", 6, "control character 0x7f"},
};

class ScenarioFormatErrors : public testing::TestWithParam<BadLine> {};

TEST_P(ScenarioFormatErrors, BadLine) {
  const BadLine& c = GetParam();
  const ParseError e = parse_err(c.whole ? c.body : std::string(kPrelude) + c.body);
  EXPECT_EQ(e.line, c.line) << e.str();
  EXPECT_NE(e.message.find(c.fragment), std::string::npos) << e.str();
  EXPECT_EQ(e.file, "t.trace");
}

INSTANTIATE_TEST_SUITE_P(ScenarioFormat, ScenarioFormatErrors, testing::ValuesIn(kBadLines),
                         [](const testing::TestParamInfo<BadLine>& i) { return i.param.name; });

TEST(ScenarioFormat, AcceptsNearMisses) {
  parse_ok("syncsim-trace 1\nseed 18446744073709551615\n");
  parse_ok(std::string(kPrelude) + "seed 7 # a NUL \0 in a comment is ignored\n"s);
  parse_ok(std::string(kPrelude) + "step 1 t=0 caf\xc3\xa9 \xff\n");  // bytes >= 0x80 are text
  parse_ok(std::string(kPrelude) + "knob r2m_atomic true\nknob pct_depth 20\ntree u2 100000\n");
  parse_ok(std::string(kPrelude) + "workload every 1ms from 0ms x1 c2 insert n2.* under a2.1\n");
}

// ---- trace hash ------------------------------------------------------------------------------

TEST(ScenarioFormatHash, IsFnvOfCanonicalTextWithoutVersionsAndResults) {
  const Scenario s = parse_ok(kRich);
  std::string core = write_scenario(s);
  core.erase(core.find("syncsim 0.1.0\nmodel 5\n"), 22);
  core.erase(core.find("result "));  // result lines come last
  EXPECT_EQ(trace_hash(s), fnv1a64(core));
}

TEST(ScenarioFormatHash, StableUnderCommentsWhitespaceAndVersionLines) {
  const std::uint64_t h = trace_hash(parse_ok(kRich));
  std::string noisy;
  for (char c : std::string(kRich))
    noisy += c == ' ' ? "  \t " : c == '\n' ? "   # noise\r\n\n" : std::string(1, c);
  noisy.replace(noisy.find("0.1.0"), 5, "9.9.9");
  noisy += "result another result line\n";
  EXPECT_EQ(trace_hash(parse_ok(noisy)), h);
  std::string no_versions(kRich);
  no_versions.erase(no_versions.find("syncsim 0.1.0\nmodel 5\n"), 22);
  EXPECT_EQ(trace_hash(parse_ok(no_versions)), h);
}

TEST(ScenarioFormatHash, ChangesWhenAStepChanges) {
  const Scenario base = parse_ok(kRich);
  Scenario s = base;
  s.steps[1].label = "deliver c1->server upload[n1.2]";
  EXPECT_NE(trace_hash(s), trace_hash(base));
  s = base;
  s.steps[1].t_ms += 1;
  EXPECT_NE(trace_hash(s), trace_hash(base));
  s = base;
  s.steps.pop_back();
  EXPECT_NE(trace_hash(s), trace_hash(base));
  s = base;
  s.seed = 8;
  EXPECT_NE(trace_hash(s), trace_hash(base));
}

// ---- hostile input ---------------------------------------------------------------------------

TEST(ScenarioFormatRobust, NulBytesAndMegabyteLines) {
  const std::string mb(1 << 20, 'x');
  // A 1 MB label is legal and survives a round trip.
  const Scenario s = parse_ok("syncsim-trace 1\nsyncsim 0.1.0\nmodel 5\nstep 1 t=0 " + mb + "\n");
  ASSERT_EQ(s.steps.size(), 1u);
  EXPECT_EQ(s.steps[0].label.size(), mb.size());
  EXPECT_EQ(diff(parse_ok(write_scenario(s)), s), "");
  // A 1 MB unknown key: an error whose message quotes only a prefix.
  ParseError e = parse_err("syncsim-trace 1\n" + mb);
  EXPECT_EQ(e.line, 2);
  EXPECT_LT(e.message.size(), 100u);
  // 1 MB of digits, of NULs, of spaces, and a 1 MB header line.
  EXPECT_EQ(parse_err("syncsim-trace 1\nseed " + std::string(1 << 20, '9')).line, 2);
  EXPECT_EQ(parse_err("syncsim-trace 1\n\n" + std::string(1 << 20, '\0')).line, 3);
  EXPECT_EQ(parse_err(std::string(1 << 20, ' ') + "\n" + mb).line, 2);
  EXPECT_EQ(parse_err("syncsim-trace " + mb).line, 1);
  // Many short lines: linear, not quadratic, in the number of devices.
  std::string many = "syncsim-trace 1\n";
  for (int i = 1; i <= 20000; ++i)
    many += "device c" + std::to_string(i) + " user u" + std::to_string(i) + "\n";
  EXPECT_EQ(parse_ok(many).devices.size(), 20000u);
}

}  // namespace
}  // namespace syncsim
