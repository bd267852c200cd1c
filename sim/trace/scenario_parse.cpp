// Parser of scenario and trace files (docs/trace-format.md).
// The input is untrusted (it is fuzzed): every problem becomes a ParseError value with a line
// number; nothing throws on purpose, every loop is bounded by the input, every integer is
// range-checked before use, and error messages never echo more than a short prefix of a token.
#include <climits>
#include <set>
#include <string>

#include "model/policy.h"
#include "sim/trace/knobs.h"
#include "sim/trace/scenario.h"
#include "sim/trace/schema_lines.h"
#include "sim/workload_arrival.h"

namespace syncsim {
namespace {

using lex::Err;
using lex::Tokens;

// Devices, users and knobs are looked up per line: sets keep a fuzzed file with 100k device
// lines linear-logarithmic instead of quadratic. std::less<> allows lookup by string_view.
using NameSet = std::set<std::string, std::less<>>;

bool contains(const NameSet& set, std::string_view name) {
  return set.find(name) != set.end();
}

std::string usage(std::string_view form) {
  return "expected '" + std::string(form) + "'";
}

/// A `model` version whose files this build replays identically (scenario.h,
/// kOldestReplayableModel): no warning for them.
bool replays_on_this_model(std::string_view version) {
  std::int64_t v = 0;
  if (!lex::is_id_number(version) || lex::parse_int(version, "model", 1, INT_MAX, v)) return false;
  return v >= kOldestReplayableModel && v <= kModelVersionNumber;
}

struct WorkVerb {
  std::string_view name;
  WorkKind kind;
  std::string_view usage;
};

constexpr WorkVerb kVerbs[] = {
    {"insert", WorkKind::Insert, "insert NOTE under PARENT"},
    {"edit", WorkKind::Edit, "edit NOTE"},
    {"delete", WorkKind::Delete, "delete NOTE"},
    {"move", WorkKind::Move, "move NOTE to PARENT"},
    {"deploy", WorkKind::Deploy,
     "deploy CHANGE[, CHANGE...] (or the shorthands 'deploy additive NAME:TYPE[:required]' and, "
     "deprecated, 'deploy breaking NAME:TYPE[:required]')"},
    {"upgrade-app", WorkKind::UpgradeApp, "upgrade-app N"},
    {"offline", WorkKind::Offline, "offline"},
    {"online", WorkKind::Online, "online"},
    {"terminate-sync", WorkKind::TerminateSync, "terminate-sync"},
    {"reset", WorkKind::ResetClient, "reset DEVICE"},
};

const WorkVerb* find_verb(std::string_view name) {
  for (const auto& v : kVerbs)
    if (v.name == name) return &v;
  return nullptr;
}

class Parser {
 public:
  Parser(std::string_view file, std::vector<std::string>* warnings)
      : file_(file), warnings_(warnings) {
    s_.source = std::string(file);
  }

  std::variant<Scenario, ParseError> run(std::string_view text);

 private:
  Err line(const Tokens& t);
  Err header(const Tokens& t);
  Err version(const Tokens& t, bool& seen, std::string& field, std::string_view expected);
  Err seed(const Tokens& t);
  Err discipline(const Tokens& t);
  Err strategy(const Tokens& t);
  Err profile(const Tokens& t);
  Err device(const Tokens& t);
  Err device_key(std::string_view key, std::string_view value, DeviceSpec& d, unsigned& seen);
  Err tree(const Tokens& t);
  Err knob(const Tokens& t);
  Err schema(const Tokens& t);
  Err deploy(const Tokens& args, WorkloadLine& w);
  Err workload(const Tokens& t);
  Err workload_when(const Tokens& t, WorkloadLine& w, std::size_t& next);
  Err action(const Tokens& t, std::size_t i, WorkloadLine& w);
  Err action_args(const WorkVerb& verb, const Tokens& args, WorkloadLine& w);
  Err insert_note(std::string_view note, bool repeated);
  Err step(const Tokens& t, bool settle);
  Err result(const Tokens& t);
  void warn(const std::string& message);

  Scenario s_;
  std::string file_;
  std::vector<std::string>* warnings_;
  int line_ = 0;
  bool header_ = false;
  bool seen_tool_ = false;
  bool seen_model_ = false;
  bool seen_settle_ = false;
  NameSet devices_, users_, tree_users_, knobs_;
  std::size_t schema_properties_ = 0;  ///< over all `schema` lines (kMaxSchemaProperties)
  std::size_t schema_changes_ = 0;     ///< over all deploys (kMaxSchemaChanges)
};

std::variant<Scenario, ParseError> Parser::run(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    if (line_ == INT_MAX) return ParseError{file_, line_, "too many lines"};
    ++line_;
    Tokens tokens;
    Err err = lex::split_line(raw, tokens);
    if (!err && tokens.empty()) continue;
    if (!err) err = line(tokens);
    if (err) return ParseError{file_, line_, std::move(*err)};
  }
  if (!header_) return ParseError{file_, 1, "missing 'syncsim-trace 1' header (no content)"};
  if (!s_.migrations.empty())
    if (ParseError e = check_migration_chain(s_); !e.message.empty()) return e;
  if (ParseError e = check_schemas(s_); !e.message.empty()) return e;
  return std::move(s_);
}

Err Parser::line(const Tokens& t) {
  const std::string_view key = t[0];
  if (!header_) {
    if (key != "syncsim-trace")
      return "missing 'syncsim-trace 1' header: it must be the first line, got " + lex::quote(key);
    return header(t);
  }
  if (key == "syncsim-trace") return std::string("duplicate 'syncsim-trace' header");
  if (key == "syncsim") return version(t, seen_tool_, s_.tool_version, kToolVersion);
  if (key == "model") return version(t, seen_model_, s_.model_version, kModelVersion);
  if (key == "seed") return seed(t);
  if (key == "discipline") return discipline(t);
  if (key == "strategy") return strategy(t);
  if (key == "profile") return profile(t);
  if (key == "device") return device(t);
  if (key == "tree") return tree(t);
  if (key == "knob") return knob(t);
  if (key == "migration") {
    MigrationLine m;
    m.line = line_;
    if (Err e = parse_migration(t, m)) return e;
    s_.migrations.push_back(std::move(m));
    return std::nullopt;
  }
  if (key == "schema") return schema(t);
  if (key == "workload") return workload(t);
  if (key == "step") return step(t, false);
  if (key == "settle") return step(t, true);
  if (key == "result") return result(t);
  return "unknown key " + lex::quote(key);
}

Err Parser::header(const Tokens& t) {
  if (t.size() != 2) return usage("syncsim-trace 1");
  std::int64_t v = 0;
  if (Err e = lex::parse_int(t[1], "format version", 0, INT_MAX, v)) return e;
  if (v != kFormatVersion) return "unknown format version " + std::to_string(v);
  s_.format_version = static_cast<int>(v);
  header_ = true;
  return std::nullopt;
}

Err Parser::version(const Tokens& t, bool& seen, std::string& field, std::string_view expected) {
  const std::string key(t[0]);
  if (t.size() != 2) return usage(key + " VERSION");
  if (seen) return "duplicate '" + key + "' line";
  seen = true;
  field = std::string(t[1]);
  if (t[1] != expected && !(key == "model" && replays_on_this_model(t[1])))
    warn("written by " + key + " " + lex::quote(t[1]) + ", this build is " + key + " " +
         std::string(expected) + " (a replay may differ)");
  return std::nullopt;
}

Err Parser::seed(const Tokens& t) {
  if (t.size() != 2) return usage("seed N");
  if (s_.seed) return std::string("duplicate 'seed' line");
  std::uint64_t v = 0;
  if (Err e = lex::parse_uint(t[1], "seed", UINT64_MAX, v)) return e;
  s_.seed = v;
  return std::nullopt;
}

Err Parser::discipline(const Tokens& t) {
  if (t.size() != 2) return usage("discipline timed|untimed");
  if (s_.discipline) return std::string("duplicate 'discipline' line");
  if (t[1] == "timed")
    s_.discipline = Discipline::Timed;
  else if (t[1] == "untimed")
    s_.discipline = Discipline::Untimed;
  else
    return "unknown discipline " + lex::quote(t[1]) + " (timed, untimed)";
  return std::nullopt;
}

Err Parser::strategy(const Tokens& t) {
  if (t.size() != 2) return usage("strategy random|pct");
  if (!s_.strategy.empty()) return std::string("duplicate 'strategy' line");
  if (t[1] != "random" && t[1] != "pct")
    return "unknown strategy " + lex::quote(t[1]) + " (random, pct)";
  s_.strategy = std::string(t[1]);
  return std::nullopt;
}

Err Parser::profile(const Tokens& t) {
  if (t.size() != 2) return usage("profile NAME");
  if (!s_.profile.empty()) return std::string("duplicate 'profile' line");
  if (model::find_profile(t[1]) == nullptr) {
    std::string known;
    for (const auto& p : model::profiles())
      known += (known.empty() ? "" : ", ") + std::string(p.name);
    return "unknown profile " + lex::quote(t[1]) + " (known: " + known + ")";
  }
  s_.profile = std::string(t[1]);
  return std::nullopt;
}

Err Parser::device(const Tokens& t) {
  constexpr std::string_view kUsage =
      "device cN user uN [clock_offset_ms MS] [drift_ppm PPM] [reset MODE] [app_schema N]";
  if (t.size() < 4 || t[2] != "user" || t.size() % 2 != 0) return usage(kUsage);
  if (!lex::is_prefixed_id(t[1], 'c'))
    return "bad device name " + lex::quote(t[1]) + " (expected c1, c2, ...)";
  const model::UserId user = lex::parse_user_name(t[3]);
  if (user == 0) return "bad user name " + lex::quote(t[3]) + " (expected u1, u2, ...)";
  if (contains(devices_, t[1])) return "duplicate device " + lex::quote(t[1]);
  DeviceSpec d;
  d.name = std::string(t[1]);
  d.user = user;
  d.line = line_;
  unsigned seen = 0;
  for (std::size_t i = 4; i + 1 < t.size(); i += 2)
    if (Err e = device_key(t[i], t[i + 1], d, seen)) return e;
  devices_.insert(d.name);
  users_.insert(std::string(t[3]));
  s_.devices.push_back(std::move(d));
  return std::nullopt;
}

Err Parser::device_key(std::string_view key, std::string_view value, DeviceSpec& d,
                       unsigned& seen) {
  constexpr std::string_view kKeys[] = {"clock_offset_ms", "drift_ppm", "reset", "app_schema"};
  unsigned bit = 0;
  while (bit < 4 && kKeys[bit] != key) ++bit;
  if (bit == 4) return "unknown device key " + lex::quote(key);
  if (seen & (1u << bit)) return "duplicate device key " + lex::quote(key);
  seen |= 1u << bit;
  if (bit == 0)
    return lex::parse_int(value, "clock_offset_ms", -kMaxClockOffsetMs, kMaxClockOffsetMs,
                          d.clock_offset_ms);
  if (bit == 1) return lex::parse_int(value, "drift_ppm", -kMaxDriftPpm, kMaxDriftPpm, d.drift_ppm);
  if (bit == 2) {
    model::ResetMode mode{};
    if (value == "default") return std::nullopt;  // none = the profile's default
    if (!model::parse_reset_mode(value, mode)) return "unknown reset mode " + lex::quote(value);
    d.reset_mode = mode;
    return std::nullopt;
  }
  std::int64_t schema = 0;
  if (Err e = lex::parse_int(value, "app_schema", 1, UINT32_MAX, schema)) return e;
  d.app_schema = static_cast<std::uint32_t>(schema);
  return std::nullopt;
}

Err Parser::tree(const Tokens& t) {
  if (t.size() != 3) return usage("tree uN COUNT");
  const model::UserId user = lex::parse_user_name(t[1]);
  if (user == 0) return "bad user name " + lex::quote(t[1]) + " (expected u1, u2, ...)";
  if (!contains(users_, t[1]))
    return "tree for user " + lex::quote(t[1]) + " that no earlier device line declares";
  if (contains(tree_users_, t[1])) return "duplicate tree for user " + lex::quote(t[1]);
  std::int64_t count = 0;
  if (Err e = lex::parse_int(t[2], "tree size", 1, kMaxTreeNotes, count)) return e;
  tree_users_.insert(std::string(t[1]));
  s_.trees.push_back(TreeSpec{user, static_cast<std::uint32_t>(count), line_});
  return std::nullopt;
}

Err Parser::knob(const Tokens& t) {
  if (t.size() != 3) return usage("knob NAME VALUE");
  const KnobInfo* info = find_knob(t[1]);
  if (info == nullptr) return "unknown knob " + lex::quote(t[1]) + " ('syncsim knobs' lists them)";
  if (contains(knobs_, t[1])) return "duplicate knob " + lex::quote(t[1]);
  std::int64_t value = 0;
  if (Err e = lex::parse_knob_value(t[1], t[2], value)) return e;
  knobs_.insert(std::string(t[1]));
  s_.knobs.push_back(KnobLine{std::string(t[1]), value, line_});
  return std::nullopt;
}

Err Parser::schema(const Tokens& t) {
  SchemaLine l;
  l.line = line_;
  if (Err e = parse_schema_line(t, l)) return e;
  schema_properties_ += l.type.properties.size();
  if (s_.schemas.size() >= kMaxSchemaTypes || schema_properties_ > kMaxSchemaProperties)
    return "more than " + std::to_string(kMaxSchemaTypes) + " schema lines or " +
           std::to_string(kMaxSchemaProperties) + " properties on them (the format's bounds)";
  s_.schemas.push_back(std::move(l));
  return std::nullopt;
}

Err Parser::deploy(const Tokens& args, WorkloadLine& w) {
  if (Err e = parse_deploy(args, find_verb("deploy")->usage, w)) return e;
  schema_changes_ += w.changes.size();
  if (schema_changes_ > kMaxSchemaChanges)
    return "more than " + std::to_string(kMaxSchemaChanges) +
           " schema changes in the file (the format's bound)";
  return std::nullopt;
}

Err Parser::workload(const Tokens& t) {
  WorkloadLine w;
  w.line = line_;
  std::size_t next = 0;
  if (Err e = workload_when(t, w, next)) return e;
  if (Err e = action(t, next, w)) return e;
  s_.workload.push_back(std::move(w));
  return std::nullopt;
}

// `at Tms` or `every Pms from Tms xN [arrival ...]` (sim/workload_arrival.h: windows
// `A..Bms` for either time, the arrival clause); `next` becomes the index of the actor token.
Err Parser::workload_when(const Tokens& t, WorkloadLine& w, std::size_t& next) {
  constexpr std::string_view kUsage =
      "workload at Tms ACTOR ACTION... | workload every Pms from Tms xN [arrival PROCESS] ACTOR "
      "ACTION...";
  if (t.size() >= 5 && t[1] == "at") {
    next = 3;
    if (t[3] == "arrival") return std::string("'arrival' only on 'workload every' lines");
    return parse_when_ms(t[2], "workload time", w.at_ms, w.window_ms);
  }
  if (t.size() < 8 || t[1] != "every" || t[3] != "from" || t[5].empty() || t[5][0] != 'x')
    return usage(kUsage);
  next = 6;
  if (Err e = lex::parse_ms(t[2], "workload period", 1, w.every_ms)) return e;
  if (Err e = parse_when_ms(t[4], "workload time", w.at_ms, w.window_ms)) return e;
  std::int64_t count = 0;
  if (Err e = lex::parse_int(t[5].substr(1), "repetition count xN", 1, kMaxRepeat, count)) return e;
  w.count = static_cast<std::uint32_t>(count);
  if (Err e = parse_arrival(t, next, w.arrival)) return e;
  if (t.size() < next + 2) return usage(kUsage);
  // Every factor is bounded (kMaxTimeMs, kMaxRepeat, the largest exponential gap): no overflow.
  if (latest_item_ms(w) > kMaxTimeMs)
    return "last repetition may come after " + std::to_string(kMaxTimeMs) + "ms";
  return std::nullopt;
}

Err Parser::action(const Tokens& t, std::size_t i, WorkloadLine& w) {
  const std::string_view actor = t[i];
  if (actor != "admin" && !contains(devices_, actor))
    return "undeclared actor " + lex::quote(actor) + " (admin, or a device declared earlier)";
  w.actor = std::string(actor);
  const WorkVerb* verb = find_verb(t[i + 1]);
  if (verb == nullptr) return "unknown workload action " + lex::quote(t[i + 1]);
  w.kind = verb->kind;
  const bool admin_verb = verb->kind == WorkKind::Deploy || verb->kind == WorkKind::TerminateSync ||
                          verb->kind == WorkKind::ResetClient;
  if (actor == "admin" && !admin_verb)
    return "admin can only 'deploy', 'terminate-sync' or 'reset', not " + lex::quote(verb->name);
  if (actor != "admin" && admin_verb)
    return "only admin may " + std::string(verb->name) + ", not " + lex::quote(actor);
  if (w.every_ms != 0 && verb->kind != WorkKind::Insert)
    return "'workload every' repeats only 'insert', not " + lex::quote(verb->name);
  const Tokens args(t.begin() + static_cast<std::ptrdiff_t>(i + 2), t.end());
  return action_args(*verb, args, w);
}

Err Parser::action_args(const WorkVerb& verb, const Tokens& args, WorkloadLine& w) {
  const std::string_view second = verb.kind == WorkKind::Insert ? "under" : "to";
  switch (verb.kind) {
    case WorkKind::Insert:
    case WorkKind::Move:
      if (args.size() != 3 || args[1] != second) return usage(verb.usage);
      if (verb.kind == WorkKind::Insert) {
        if (Err e = insert_note(args[0], w.every_ms != 0)) return e;
      } else if (Err e = lex::check_note(args[0], "note")) {
        return e;
      }
      w.note = std::string(args[0]);
      if (Err e = lex::check_parent(args[2])) return e;
      w.parent = std::string(args[2]);
      return std::nullopt;
    case WorkKind::Edit:
    case WorkKind::Delete:
      if (args.size() != 1) return usage(verb.usage);
      if (Err e = lex::check_note(args[0], "note")) return e;
      w.note = std::string(args[0]);
      return std::nullopt;
    case WorkKind::Deploy:
      return deploy(args, w);
    case WorkKind::UpgradeApp: {
      if (args.size() != 1) return usage(verb.usage);
      std::int64_t schema = 0;
      if (Err e = lex::parse_int(args[0], "app schema", 1, UINT32_MAX, schema)) return e;
      w.app_schema = static_cast<std::uint32_t>(schema);
      return std::nullopt;
    }
    case WorkKind::Offline:
    case WorkKind::Online:
    case WorkKind::TerminateSync:
      if (!args.empty()) return usage(verb.usage);
      return std::nullopt;
    case WorkKind::ResetClient:
      if (args.size() != 1) return usage(verb.usage);
      if (!contains(devices_, args[0])) return "reset of undeclared device " + lex::quote(args[0]);
      w.target = std::string(args[0]);
      return std::nullopt;
  }
  return usage(verb.usage);
}

Err Parser::insert_note(std::string_view note, bool repeated) {
  const lex::NoteForm form = lex::note_form(note);
  if (repeated) {
    if (form != lex::NoteForm::Pattern)
      return "repeated insert needs a pattern ending in '.*' (e.g. n1.*), got " + lex::quote(note);
    return std::nullopt;
  }
  if (form == lex::NoteForm::Pattern)
    return "pattern " + lex::quote(note) + " needs 'workload every Pms from Tms xN'";
  if (form != lex::NoteForm::Note || note[0] != 'n')
    return "insert needs a new note nD.K (e.g. n1.4), got " + lex::quote(note);
  return std::nullopt;
}

Err Parser::step(const Tokens& t, bool settle) {
  const std::string key = settle ? "settle" : "step";
  if (t.size() < 4 || t[2].substr(0, 2) != "t=") return usage(key + " INDEX t=T LABEL");
  if (!settle && seen_settle_)
    return std::string("step line after a settle line (settle steps end a trace)");
  StepLine st;
  st.settle = settle;
  st.line = line_;
  if (Err e = lex::parse_uint(t[1], key + " index", UINT64_MAX, st.index)) return e;
  const std::uint64_t expected = s_.steps.size() + 1;
  if (st.index != expected)
    return key + " index " + std::to_string(st.index) + ", expected " + std::to_string(expected) +
           " (indices are consecutive from 1)";
  if (Err e = lex::parse_int(t[2].substr(2), "step time t=", 0, INT64_MAX, st.t_ms)) return e;
  if (!s_.steps.empty() && st.t_ms < s_.steps.back().t_ms)
    return "t=" + std::to_string(st.t_ms) +
           " is before the previous step's t=" + std::to_string(s_.steps.back().t_ms);
  st.label = lex::join(t, 3);
  seen_settle_ = seen_settle_ || settle;
  s_.steps.push_back(std::move(st));
  return std::nullopt;
}

Err Parser::result(const Tokens& t) {
  if (t.size() < 2) return usage("result TEXT");
  s_.results.push_back(lex::join(t, 1));
  return std::nullopt;
}

void Parser::warn(const std::string& message) {
  if (warnings_ != nullptr)
    warnings_->push_back(file_ + ":" + std::to_string(line_) + ": warning: " + message);
}

}  // namespace

std::variant<Scenario, ParseError> parse_scenario(std::string_view text, std::string_view file,
                                                  std::vector<std::string>* warnings) {
  // Last line of defence: the parser is written not to throw, but an allocation failure on a
  // huge input must still become an error value, never escape into a fuzzer or the CLI.
  try {
    return Parser(file, warnings).run(text);
  } catch (const std::exception& e) {
    return ParseError{std::string(file), 0, std::string("internal error: ") + e.what()};
  }
}

}  // namespace syncsim
