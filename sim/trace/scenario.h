#pragma once
// Scenario and trace files: one versioned, line-based text format and one parser
// (docs/trace-format.md). A scenario is a trace without steps.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/ids.h"
#include "model/policy.h"
#include "model/schema.h"

namespace syncsim {

/// The only format version this build reads and writes (`syncsim-trace 1`).
inline constexpr int kFormatVersion = 1;
/// Written as `syncsim <kToolVersion>`; a different value in a file is a warning, not an error.
inline constexpr std::string_view kToolVersion = "0.1.0";
/// Written as `model <kModelVersion>`: bump when the model's behaviour or the meaning of a
/// file changes (docs/trace-format.md "Versioning"). A file stamped with a model in
/// [kOldestReplayableModel, kModelVersion] reads without a warning: those versions replay
/// identically on this build. A bump that changes how an old file runs raises the floor too.
inline constexpr std::string_view kModelVersion = "5";
inline constexpr int kModelVersionNumber = 5;  ///< kModelVersion as a number
inline constexpr int kOldestReplayableModel = 3;

/// Sanity bounds of the format (documented in docs/trace-format.md). They keep fuzzed files
/// from asking the simulator for unbounded work or overflowing time arithmetic.
inline constexpr std::uint32_t kMaxTreeNotes = 100000;
inline constexpr std::uint32_t kMaxRepeat = 100000;
inline constexpr std::int64_t kMaxTimeMs = 1000000000000;  ///< workload times (~31 years)
inline constexpr std::int64_t kMaxClockOffsetMs = kMaxTimeMs;
inline constexpr std::int64_t kMaxDriftPpm = 999999;  ///< so device clocks never stop
/// Schemas are small (a note app's handful of types), and the checks that apply changes are
/// quadratic in a schema's size: `schema` lines per file, and the size of any schema in force.
inline constexpr std::size_t kMaxSchemaTypes = 64;
inline constexpr std::size_t kMaxSchemaProperties = 256;
/// Schema changes per file, over all deploys (a shorthand is one change).
inline constexpr std::size_t kMaxSchemaChanges = 256;

enum class Discipline : std::uint8_t { Timed, Untimed };

struct DeviceSpec {
  std::string name;        ///< c1, c2, ...
  model::UserId user = 0;  ///< `uN` is N (the parser checks it; 0 = none: plan_run rejects it)
  std::int64_t clock_offset_ms = 0;
  std::int64_t drift_ppm = 0;  ///< device clock runs (1 + ppm/1e6) times global time
  std::optional<model::ResetMode> reset_mode;  ///< none = the profile's default (`reset default`)
  std::uint32_t app_schema = 1;                ///< schema version of the installed app build
  int line = 0;
};

/// `tree u1 60`: the user starts with a synced tree of 60 notes a.1..a.60 (names per user:
/// `a.K` for u1, `a2.K` for u2, ...), laid out breadth-first, 20 children per note at most.
struct TreeSpec {
  model::UserId user = 0;  ///< `uN` is N
  std::uint32_t count = 0;
  int line = 0;
};

/// `migration 1->2 add priority:int:required default 3`: the app's migration vM -> vM+1, a
/// transform that fills the new field (Verdant profiles, spec §6, docs/verdant.md).
struct MigrationLine {
  std::uint32_t from = 1;  ///< M; the migration goes to M+1
  model::Property field;   ///< NAME:TYPE[:required], no default (written back by property_text)
  std::int64_t fill = 0;   ///< the value written into documents that lack the field
  int line = 0;
};

/// `schema server TYPE PROP...` or `schema app N TYPE PROP...`: one object type of the server's
/// initial schema or of app version N's client object model (docs/schema-changes.md "Grammar").
struct SchemaLine {
  std::uint32_t app = 0;  ///< 0: the server's schema; N >= 1: app version N's object model
  model::ObjectType type;
  int line = 0;
};

struct KnobLine {
  std::string name;
  std::int64_t value = 0;
  int line = 0;
};

enum class WorkKind : std::uint8_t {
  Insert,
  Edit,
  Delete,
  Move,
  Deploy,
  UpgradeApp,
  Offline,
  Online,
  TerminateSync,  ///< admin: terminate and re-enable sync (spec §5), no schema change
  ResetClient,    ///< admin: the server forces a client reset of `target` (diverging history)
};

/// How the items of a `workload every` line arrive (docs/trace-format.md "Arrival").
enum class ArrivalKind : std::uint8_t {
  Exact,        ///< at from, from+P, from+2P, ...: the only process before model 4
  Jitter,       ///< item k >= 2 at from + (k-1)P + a uniform draw in [0, jitter_pct% of P]
  Exponential,  ///< gaps drawn from an exponential distribution of mean P (Poisson arrivals)
  Swarm,        ///< not pinned: each run draws one of the above (a trace records the draw)
};

struct Arrival {
  ArrivalKind kind = ArrivalKind::Exact;
  std::uint32_t jitter_pct = 0;  ///< Jitter: 0..100
};

/// One `workload` line. `at T` is a single action (count 1, every 0);
/// `every P from T xN` repeats N times. For repeated inserts `note` ends in `*`, replaced by
/// 1..N (offset by `first`: `n1.*` with first=1 -> n1.1 ... n1.N).
struct WorkloadLine {
  std::int64_t at_ms = 0;
  /// `at A..Bms` / `from A..Bms`: a window [at_ms, at_ms + window_ms] from which each run draws
  /// the time (a trace records the drawn time, window 0).
  std::int64_t window_ms = 0;
  std::int64_t every_ms = 0;
  std::uint32_t count = 1;
  Arrival arrival;    ///< `every` lines only
  std::string actor;  ///< "c1", ... or "admin"
  WorkKind kind = WorkKind::Insert;
  std::string note;       ///< insert/edit/delete/move: the note (`n1.4`, or `n1.*` when repeated)
  std::string parent;     ///< insert `under P`, move `to P`: "root" or a note name
  bool breaking = false;  ///< deploy shorthand: `additive` or `breaking`
  bool change_list = false;  ///< deploy: `deploy CHANGE, ...` rather than a shorthand
  /// deploy: what it changes in the server schema (a shorthand `tags:array<string>`: one
  /// AddProperty on Note). The only record of the line's text: the writer and the labels spell
  /// it from these (deploy_text, sim/trace/schema_lines.h).
  std::vector<model::SchemaChange> changes;
  std::uint32_t app_schema = 0;  ///< upgrade-app N
  std::string target;            ///< reset: the device told to reset
  int line = 0;
};

struct StepLine {
  std::uint64_t index = 0;  ///< 1-based, consecutive over step and settle lines
  std::int64_t t_ms = 0;
  bool settle = false;
  std::string label;
  int line = 0;
};

struct Scenario {
  int format_version = 1;
  std::string tool_version;   ///< `syncsim X` line, "" when absent
  std::string model_version;  ///< `model X` line, "" when absent
  std::optional<std::uint64_t> seed;
  std::optional<Discipline> discipline;
  std::string strategy;  ///< "", random, pct
  std::string profile;   ///< "" = default (realm-h1)
  std::vector<DeviceSpec> devices;
  std::vector<TreeSpec> trees;
  std::vector<KnobLine> knobs;
  std::vector<MigrationLine> migrations;
  std::vector<SchemaLine> schemas;  ///< file order
  std::vector<WorkloadLine> workload;
  std::vector<StepLine> steps;
  std::vector<std::string> results;  ///< `result ...` lines (informational; written by runs)
  std::string source;                ///< file name used in error messages
};

/// An error in a scenario or trace: its file, the line it concerns (0: the input as a whole)
/// and what is wrong. plan_run() returns one too; there, no message means no error.
struct ParseError {
  std::string file;
  int line = 0;
  std::string message;
  /// `file:line: message`; without a file `line N: message`; without a line, no `N`.
  std::string str() const;
};

/// Parses a scenario or trace. Unknown versions, keys, knobs, profiles and malformed lines
/// are errors with their line number. Warnings (e.g. a tool/model version mismatch) are
/// appended to `warnings` when non-null.
std::variant<Scenario, ParseError> parse_scenario(std::string_view text, std::string_view file,
                                                  std::vector<std::string>* warnings = nullptr);
/// Reads and parses a file; an unreadable file is a ParseError at line 0.
std::variant<Scenario, ParseError> load_scenario(const std::string& path,
                                                 std::vector<std::string>* warnings = nullptr);

/// `migration M->N add FIELD default V` (tokens, key included) -> `out`.
std::optional<std::string> parse_migration(const std::vector<std::string_view>& t,
                                           MigrationLine& out);
/// The migration chain must run from v1 without a gap (`migration 3->4` needs `2->3`), and
/// every app schema a device or `upgrade-app` names must be reachable from v1 along it: a
/// missing historical schema is an error for the developer (spec §6), never a silent loss.
/// Checked by the parser when the file has `migration` lines, and at resolve time under a
/// Verdant profile. Returns "" or the error with its line.
ParseError check_migration_chain(const Scenario& s);

/// Canonical text. `parse_scenario(write_scenario(s))` == s (modulo `line` and `source`).
std::string write_scenario(const Scenario& s);
/// Stable 64-bit hash of the canonical text, excluding the `syncsim`/`model` version lines
/// and `result` lines (so it identifies the execution, not the build that wrote it).
std::uint64_t trace_hash(const Scenario& s);

std::string_view to_string(Discipline d);
std::string_view to_string(WorkKind k);

/// Lexical pieces of the format, shared by the parser (sim/trace/scenario_parse.cpp) and anyone who
/// needs the same name grammar (the simulator expanding `n1.*`, label checks in tests).
/// Errors are messages without location; the parser adds `file:line:`.
namespace lex {

using Err = std::optional<std::string>;
using Tokens = std::vector<std::string_view>;

/// One raw line (without '\n') -> tokens: drops a trailing '\r' and a `#` comment, splits on
/// spaces and tabs. Control bytes (NUL, lone CR, ...) outside comments are an error.
Err split_line(std::string_view raw, Tokens& out);
/// Tokens [from, end) joined by single spaces (labels and results are whitespace-normalised).
std::string join(const Tokens& t, std::size_t from);
/// `'token'`, cut to a short prefix: fuzzed tokens can be a megabyte long.
std::string quote(std::string_view token);

/// Strict decimal, no sign, no spaces; overflow and values above `hi` are errors naming `what`.
Err parse_uint(std::string_view token, std::string_view what, std::uint64_t hi, std::uint64_t& out);
/// Strict decimal with an optional leading '-'; must lie in [lo, hi].
Err parse_int(std::string_view token, std::string_view what, std::int64_t lo, std::int64_t hi,
              std::int64_t& out);
/// `<digits>ms`, in [lo, kMaxTimeMs].
Err parse_ms(std::string_view token, std::string_view what, std::int64_t lo, std::int64_t& out);
/// A knob's value (`knob NAME VALUE` lines and `--knob NAME=VALUE` flags alike): an integer in
/// the knob table's [min, max], or true/false for a bool knob. Unknown names are errors.
Err parse_knob_value(std::string_view name, std::string_view token, std::int64_t& out);

/// [1-9][0-9]{0,8}: one spelling per number, so names compare as text.
bool is_id_number(std::string_view s);
/// `c4`, `u2`: the prefix letter followed by an id number.
bool is_prefixed_id(std::string_view s, char prefix);
/// `u2` -> 2; 0 when `s` is not a user name (`uN`, N an id number).
model::UserId parse_user_name(std::string_view s);
/// 2 -> `u2`: the one spelling of a user in files and messages.
std::string user_name(model::UserId user);

enum class NoteForm : std::uint8_t { Invalid, Root, Note, Pattern };
/// `root`; `nD.K` (new notes of device cD); `a.K` (user u1's initial tree) or `aU.K` (U >= 2);
/// `nD.*` (pattern of a repeated insert).
NoteForm note_form(std::string_view s);
/// A concrete note (not root, not a pattern).
Err check_note(std::string_view s, std::string_view what);
/// `root` or a concrete note.
Err check_parent(std::string_view s);
/// Deploy field `NAME:TYPE` or `NAME:TYPE:required`; NAME an identifier, TYPE of
/// [A-Za-z0-9_<>,] starting with a letter (`tags:array<string>`).
bool is_field_spec(std::string_view s);

}  // namespace lex

}  // namespace syncsim
