// Properties of the scenario/trace format (docs/trace-format.md), with RapidCheck: writing then
// parsing is the identity, token soup is accepted canonically or rejected with a line, and
// mutated files never crash the parser.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "model/policy.h"
#include "sim/prng.h"
#include "sim/trace/knobs.h"
#include "sim/trace/scenario.h"
#include "tests/sim/scenario_diff.h"

namespace syncsim {
namespace {

using test::diff;

// ---- properties ------------------------------------------------------------------------------

rc::Gen<std::string> gen_id() {
  return rc::gen::map(rc::gen::inRange<std::uint32_t>(1, 1000000000),
                      [](std::uint32_t v) { return std::to_string(v); });
}

rc::Gen<std::string> gen_note() {
  return rc::gen::exec([] {
    switch (*rc::gen::inRange(0, 3)) {
      case 0:
        return "n" + *gen_id() + "." + *gen_id();
      case 1:
        return "a." + *gen_id();
      default:
        return "a" + std::to_string(*rc::gen::inRange(2, 1000)) + "." + *gen_id();
    }
  });
}

/// Free text as labels and results hold it: no '#', no control bytes, single spaces.
rc::Gen<std::string> gen_text() {
  static const std::string kChars = "abcnz019.-_>[],:/<=*+()'\"\\\xc3\xa9\xff";
  const auto token = rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::elementOf(kChars)));
  return rc::gen::map(rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(token)),
                      [](const std::vector<std::string>& words) {
                        std::string out;
                        for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
                        return out;
                      });
}

WorkloadLine gen_workload(const std::vector<std::string>& devices) {
  WorkloadLine w;
  w.at_ms = *rc::gen::inRange<std::int64_t>(0, kMaxTimeMs / 2);
  if (*rc::gen::arbitrary<bool>()) w.window_ms = *rc::gen::inRange<std::int64_t>(0, kMaxTimeMs / 4);
  w.kind = devices.empty() ? WorkKind::Deploy
                           : *rc::gen::element(
                                 WorkKind::Insert, WorkKind::Edit, WorkKind::Delete, WorkKind::Move,
                                 WorkKind::Deploy, WorkKind::UpgradeApp, WorkKind::Offline,
                                 WorkKind::Online, WorkKind::TerminateSync, WorkKind::ResetClient);
  const bool admin = w.kind == WorkKind::Deploy || w.kind == WorkKind::TerminateSync ||
                     w.kind == WorkKind::ResetClient;
  w.actor = admin ? "admin" : *rc::gen::elementOf(devices);
  const auto parent = [] { return *rc::gen::arbitrary<bool>() ? "root" : *gen_note(); };
  switch (w.kind) {
    case WorkKind::Insert:
      if (*rc::gen::arbitrary<bool>()) {
        w.every_ms = *rc::gen::inRange<std::int64_t>(1, 100000);
        w.count = *rc::gen::inRange<std::uint32_t>(1, 1000);
        w.arrival.kind = *rc::gen::element(ArrivalKind::Exact, ArrivalKind::Jitter,
                                           ArrivalKind::Exponential, ArrivalKind::Swarm);
        if (w.arrival.kind == ArrivalKind::Jitter)
          w.arrival.jitter_pct = *rc::gen::inRange(0u, 101u);
        w.note = "n" + *gen_id() + ".*";
      } else {
        w.note = "n" + *gen_id() + "." + *gen_id();
      }
      w.parent = parent();
      break;
    case WorkKind::Move:
      w.note = *gen_note();
      w.parent = parent();
      break;
    case WorkKind::Edit:
    case WorkKind::Delete:
      w.note = *gen_note();
      break;
    case WorkKind::Deploy: {
      w.breaking = *rc::gen::arbitrary<bool>();
      model::Property field;  // the shorthand's NAME:TYPE[:required]
      field.name = *rc::gen::element<std::string>("tags", "title", "_x9");
      field.type = *rc::gen::element(model::PropertyType::String, model::PropertyType::StringList,
                                     model::PropertyType::Int);
      field.required = *rc::gen::arbitrary<bool>();
      w.changes = {model::AddProperty{"Note", field}};
      break;
    }
    case WorkKind::UpgradeApp:
      w.app_schema = *rc::gen::inRange<std::uint32_t>(1, 1000);
      break;
    case WorkKind::ResetClient:
      w.target = *rc::gen::elementOf(devices);
      break;
    case WorkKind::Offline:
    case WorkKind::Online:
    case WorkKind::TerminateSync:
      break;
  }
  return w;
}

void gen_devices(Scenario& s) {
  std::vector<std::optional<model::ResetMode>> reset_modes = {std::nullopt};
  for (int i = 0; i < 7; ++i) reset_modes.emplace_back(static_cast<model::ResetMode>(i));
  const int n = *rc::gen::inRange(0, 5);
  for (int i = 1; i <= n; ++i) {
    DeviceSpec d;
    d.name = "c" + std::to_string(i * 3);
    d.user = *rc::gen::inRange<model::UserId>(1, 4);
    d.clock_offset_ms = *rc::gen::inRange<std::int64_t>(-kMaxClockOffsetMs, kMaxClockOffsetMs + 1);
    d.drift_ppm = *rc::gen::inRange<std::int64_t>(-kMaxDriftPpm, kMaxDriftPpm + 1);
    d.reset_mode = *rc::gen::elementOf(reset_modes);
    d.app_schema = *rc::gen::inRange<std::uint32_t>(1, 100);
    s.devices.push_back(d);
  }
  std::vector<model::UserId> users;
  for (const auto& d : s.devices)
    if (std::find(users.begin(), users.end(), d.user) == users.end()) users.push_back(d.user);
  for (const auto& u : users)
    if (*rc::gen::arbitrary<bool>())
      s.trees.push_back(TreeSpec{u, *rc::gen::inRange<std::uint32_t>(1, kMaxTreeNotes + 1), 0});
}

void gen_steps(Scenario& s) {
  const int chosen = *rc::gen::inRange(0, 8);
  const int settled = chosen > 0 ? *rc::gen::inRange(0, 5) : 0;
  std::int64_t t = 0;
  for (int i = 0; i < chosen + settled; ++i) {
    t += *rc::gen::inRange<std::int64_t>(0, 1000000);
    s.steps.push_back(StepLine{static_cast<std::uint64_t>(i + 1), t, i >= chosen, *gen_text(), 0});
  }
}

rc::Gen<Scenario> gen_scenario() {
  return rc::gen::exec([] {
    Scenario s;
    // The writer stamps this build's versions, so a round trip yields them.
    s.tool_version = std::string(kToolVersion);
    s.model_version = std::string(kModelVersion);
    if (*rc::gen::arbitrary<bool>()) s.seed = *rc::gen::arbitrary<std::uint64_t>();
    if (*rc::gen::arbitrary<bool>())
      s.discipline = *rc::gen::element(Discipline::Timed, Discipline::Untimed);
    s.strategy = *rc::gen::element<std::string>("", "random", "pct");
    std::vector<std::string> profiles = {""};
    for (const auto& p : model::profiles()) profiles.emplace_back(p.name);
    s.profile = *rc::gen::elementOf(profiles);
    gen_devices(s);
    for (const auto& k : knobs())
      if (*rc::gen::inRange(0, 4) == 0)
        s.knobs.push_back(KnobLine{std::string(k.name), *rc::gen::inRange(k.min, k.max + 1), 0});
    std::vector<std::string> names;
    for (const auto& d : s.devices) names.push_back(d.name);
    const int works = *rc::gen::inRange(0, 8);
    for (int i = 0; i < works; ++i) s.workload.push_back(gen_workload(names));
    // Each shorthand deploy adds its field to Note, which must not have it yet (docs/schema-
    // changes.md "Grammar"): one name per deploy.
    int deploys = 0;
    for (auto& w : s.workload)
      if (w.kind == WorkKind::Deploy)
        std::get<model::AddProperty>(w.changes[0]).property.name += std::to_string(++deploys);
    gen_steps(s);
    const int results = *rc::gen::inRange(0, 3);
    for (int i = 0; i < results; ++i) s.results.push_back(*gen_text());
    return s;
  });
}

RC_GTEST_PROP(ScenarioFormatProperty, ParseOfWriteIsIdentity, ()) {
  const Scenario s = *gen_scenario();
  const std::string text = write_scenario(s);
  auto r = parse_scenario(text, "gen");
  if (const auto* e = std::get_if<ParseError>(&r)) RC_FAIL(e->str() + "\n" + text);
  const Scenario& back = std::get<Scenario>(r);
  RC_ASSERT(diff(s, back) == "");
  RC_ASSERT(write_scenario(back) == text);
  RC_ASSERT(trace_hash(back) == trace_hash(s));
}

/// Lines made of the format's own words, valid and not: reaches deep into the parser. It must
/// never crash, errors point at a real line, and whatever it accepts is canonical after one
/// rewrite.
RC_GTEST_PROP(ScenarioFormatProperty, TokenSoupIsAcceptedCanonicallyOrRejected, ()) {
  static const std::vector<std::string> kWords = {"seed",
                                                  "device",
                                                  "user",
                                                  "tree",
                                                  "knob",
                                                  "workload",
                                                  "step",
                                                  "settle",
                                                  "result",
                                                  "at",
                                                  "every",
                                                  "from",
                                                  "x3",
                                                  "x0",
                                                  "c1",
                                                  "c2",
                                                  "u1",
                                                  "u2",
                                                  "admin",
                                                  "insert",
                                                  "edit",
                                                  "move",
                                                  "under",
                                                  "to",
                                                  "deploy",
                                                  "additive",
                                                  "tags:string",
                                                  "n1.*",
                                                  "n1.2",
                                                  "a.3",
                                                  "root",
                                                  "10ms",
                                                  "0ms",
                                                  "t=5",
                                                  "t=1",
                                                  "1",
                                                  "2",
                                                  "-3",
                                                  "99999999999999999999",
                                                  "reset",
                                                  "recover",
                                                  "pct",
                                                  "reinsert_batch",
                                                  "r2m_atomic",
                                                  "true",
                                                  "#",
                                                  "\t",
                                                  "\r",
                                                  "drift_ppm",
                                                  "upgrade-app"};
  const auto line = rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(kWords));
  const auto lines = *rc::gen::container<std::vector<std::vector<std::string>>>(line);
  std::string text = "syncsim-trace 1\ndevice c1 user u1\n";
  for (const auto& words : lines) {
    for (const auto& w : words) text += w + " ";
    text += "\n";
  }
  auto r = parse_scenario(text, "soup");
  if (const auto* e = std::get_if<ParseError>(&r)) {
    RC_ASSERT(e->line >= 1);
    RC_ASSERT(e->line <= static_cast<int>(lines.size()) + 2);
    return;
  }
  // The first rewrite adds the version lines (the writer stamps this build's); from then on
  // the text is a fixed point.
  const std::string canon = write_scenario(std::get<Scenario>(r));
  auto again = parse_scenario(canon, "soup");
  RC_ASSERT(std::holds_alternative<Scenario>(again));
  Scenario expected = std::get<Scenario>(r);
  expected.tool_version = std::string(kToolVersion);
  expected.model_version = std::string(kModelVersion);
  RC_ASSERT(diff(std::get<Scenario>(again), expected) == "");
  RC_ASSERT(write_scenario(std::get<Scenario>(again)) == canon);
}

/// Random byte edits of a valid file: no crash, no hang, no exception.
RC_GTEST_PROP(ScenarioFormatProperty, MutatedFilesNeverCrash, ()) {
  std::string text = write_scenario(*gen_scenario());
  const int edits = *rc::gen::inRange(1, 8);
  for (int i = 0; i < edits; ++i) {
    const auto at = *rc::gen::inRange<std::size_t>(0, text.size() + 1);
    const auto byte = static_cast<char>(*rc::gen::arbitrary<unsigned char>());
    if (*rc::gen::arbitrary<bool>() && at < text.size())
      text[at] = byte;
    else
      text.insert(at, 1, byte);
  }
  auto r = parse_scenario(text, "mutant");
  if (const auto* e = std::get_if<ParseError>(&r)) RC_ASSERT(e->line >= 1);
}

}  // namespace
}  // namespace syncsim
