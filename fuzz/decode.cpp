#include "fuzz/decode.h"

#include <algorithm>
#include <array>

#include "fuzz/byte_reader.h"

namespace syncsim::fuzz {
namespace {

bool matches(const model::ProfileInfo& p, std::string_view term) {
  if (term == "all") return true;
  if (term == "buggy") return p.klass == model::ProfileClass::Buggy;
  if (term == "correct") return p.klass == model::ProfileClass::Correct;
  if (term == "partial") return p.klass == model::ProfileClass::Partial;
  return p.name == term;
}

bool known_term(std::string_view term) {
  if (term == "all" || term == "buggy" || term == "correct" || term == "partial") return true;
  return model::find_profile(term) != nullptr;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

ProfileSelection select_profiles(std::string_view spec) {
  const auto& table = model::profiles();
  std::vector<bool> chosen(table.size(), false);
  bool first = true;
  while (!spec.empty() || first) {
    const auto comma = spec.find(',');
    std::string_view term = trim(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    const bool remove = !term.empty() && term.front() == '-';
    if (remove) term.remove_prefix(1);
    if (first && (remove || term.empty())) chosen.assign(table.size(), true);
    first = false;
    if (term.empty()) continue;
    if (!known_term(term))
      return {{}, "SYNCSIM_FUZZ_PROFILES: unknown profile or class '" + std::string(term) + "'"};
    for (std::size_t i = 0; i < table.size(); ++i)
      if (matches(table[i], term)) chosen[i] = !remove;
  }
  ProfileSelection out;
  for (std::size_t i = 0; i < table.size(); ++i)
    if (chosen[i]) out.profiles.push_back(&table[i]);
  if (out.profiles.empty()) out.error = "SYNCSIM_FUZZ_PROFILES selects no profile";
  return out;
}

KnownSelection parse_known(std::string_view spec) {
  KnownSelection out;
  while (!spec.empty()) {
    const auto comma = spec.find(',');
    const std::string_view term = trim(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    if (term.empty()) continue;
    const auto colon = term.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == term.size()) {
      out.error = "SYNCSIM_FUZZ_KNOWN: expected PROFILE:SIGNATURE, got '" + std::string(term) + "'";
      return out;
    }
    if (model::find_profile(term.substr(0, colon)) == nullptr) {
      out.error =
          "SYNCSIM_FUZZ_KNOWN: unknown profile '" + std::string(term.substr(0, colon)) + "'";
      return out;
    }
    out.known.push_back({std::string(term.substr(0, colon)), std::string(term.substr(colon + 1))});
  }
  return out;
}

bool is_known(const std::vector<KnownFinding>& known, std::string_view profile,
              std::string_view signature) {
  for (const auto& k : known)
    if (k.profile == profile && k.signature == signature) return true;
  return false;
}

namespace {

std::string device_name(std::uint32_t d) {
  return "c" + std::to_string(d + 1);
}

using model::Feature;
using model::PropertyType;

/// Header byte 1, bit 7: the extended format (docs/fuzzing.md "Extended inputs"). Every input
/// written before it existed has the bit clear and decodes exactly as it did then.
constexpr std::uint8_t kExtendedBit = 0x80;
/// Header byte 1, bit 6, extended inputs only: no additive deploy.
constexpr std::uint8_t kNoAdditiveBit = 0x40;

void decode_devices(std::uint8_t b, Scenario& s, std::uint32_t& tree_notes) {
  const std::uint32_t clients = 1 + (b & 3u) % kMaxClients;
  s.devices.reserve(clients);  // sized once: each growth moves every DeviceSpec
  for (std::uint32_t d = 0; d < clients; ++d) {
    DeviceSpec dev;
    dev.name = device_name(d);
    // c1 is always u1; c2 and c3 are u1's other devices or user u2's (bits 2 and 3).
    const bool second_user = d > 0 && ((b >> (1 + d)) & 1u) != 0;
    dev.user = second_user ? 2 : 1;
    s.devices.push_back(std::move(dev));
  }
  tree_notes = ((b >> 4) & 3u) % (kMaxTreeNotes + 1);
  if (tree_notes > 0) s.trees.push_back(TreeSpec{1, tree_notes, 0});
}

void decode_knobs(std::uint8_t b, Scenario& s) {
  s.knobs.reserve(5);  // these four and read_extension's max_offline_ms
  s.knobs.push_back({"reinsert_batch", 1 + (b & 7) % kMaxBatch, 0});
  s.knobs.push_back({"disconnects", ((b >> 3) & 3) % (kMaxFaults + 1), 0});
  s.knobs.push_back({"partitions", ((b >> 5) & 3) % (kMaxFaults + 1), 0});
  s.knobs.push_back({"max_steps", kMaxSteps, 0});
}

/// A field `NAME:TYPE[:required]` as a scenario's deploy shorthand or migration names it.
model::Property field(std::string name, PropertyType type, bool required) {
  model::Property p;
  p.name = std::move(name);
  p.type = type;
  p.required = required;
  return p;
}

WorkItem at(std::int64_t ms, int actor, WorkKind kind) {
  WorkItem w;
  w.at_ms = ms;
  w.actor = actor;
  w.kind = kind;
  return w;
}

constexpr int kAdmin = -1;

/// The notes a user's devices can name: per user number 1..2, root, the initial tree (u1),
/// then every note that user's devices insert, in insert order.
using Candidates = std::array<std::vector<model::NoteId>, 3>;

model::UserId user_of(const Scenario& s, std::uint32_t d) {
  return s.devices[d].user;
}

/// One byte per insert: the device (b mod the writers) and the parent (b / 4 mod the
/// candidates: root, the user's initial tree, then the notes the user's devices inserted
/// earlier). `writers` are the devices that may write (all, unless a forced reset under a
/// domain without Feature::ResetOfWriter keeps c1 read-only).
void decode_inserts(ByteReader& in, DecodedInput& out, std::uint32_t count,
                    const std::vector<std::uint32_t>& writers, Candidates& candidates) {
  std::array<std::uint32_t, kMaxClients> per_device{};
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint8_t b = in.byte();
    const std::uint32_t d = writers[b % writers.size()];
    auto& mine = candidates[user_of(out.header, d)];
    WorkItem w = at(1000 * static_cast<std::int64_t>(i + 1), static_cast<int>(d), WorkKind::Insert);
    w.note = model::device_note(d + 1, ++per_device[d]);
    w.parent = mine[(b >> 2) % mine.size()];
    mine.push_back(w.note);
    out.items.push_back(std::move(w));
  }
}

/// The event kinds of extended inputs, each with the feature that admits it.
enum class Event : std::uint8_t {
  Breaking,
  Terminate,
  Reset,
  Offline,
  Edit,
  Delete,
  Move,
  Upgrade
};
struct EventKind {
  Event event;
  Feature feature;
};
constexpr EventKind kEvents[] = {
    {Event::Breaking, Feature::BreakingDeploy},
    {Event::Terminate, Feature::TerminateSync},
    {Event::Reset, Feature::ForcedReset},
    {Event::Offline, Feature::OfflineWindow},
    {Event::Edit, Feature::Edits},
    {Event::Delete, Feature::Deletes},
    {Event::Move, Feature::Moves},
    {Event::Upgrade, Feature::AppUpgrade},
};

/// Three bytes per event, read before the inserts and materialized after them (edits, deletes
/// and moves name inserted notes).
struct RawEvent {
  std::uint8_t kind_device, slot, arg;
};

/// Clock offsets (ms = untimed ticks) of c2 under a domain with clock skew; c3 gets the
/// opposite offset.
constexpr std::int64_t kSkews[8] = {0, -3, 3, -20, 20, -1000, 1000, 0};
/// Client max offline time (untimed ticks) under a domain with Feature::MaxOffline.
constexpr std::int64_t kMaxOffline[4] = {0, 3, 10, 30};

/// Extended inputs (docs/fuzzing.md "Extended inputs"): events of the profile's domain only.
/// Bytes are consumed the same way under every profile, so the choice sequence starts at the
/// same offset whichever profile the selection gives the input.
struct Extension {
  model::Domain scope;
  std::vector<RawEvent> events;
  bool reset_c1_only = false;    ///< forced resets hit c1, and c1 writes nothing
  std::vector<EventKind> kinds;  ///< the kinds the domain admits, in kEvents order
};

/// Fills `x` (empty on entry).
void read_extension(ByteReader& in, Scenario& s, const model::ProfileInfo& profile, Extension& x) {
  x.scope = profile.scope;
  x.kinds.reserve(std::size(kEvents));
  for (const auto& k : kEvents)
    if (x.scope.has(k.feature)) x.kinds.push_back(k);
  const std::uint8_t b = in.byte();
  const std::uint32_t n = b % (kMaxEvents + 1);
  x.events.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) x.events.push_back({in.byte(), in.byte(), in.byte()});
  if (x.scope.has(Feature::ClockSkew) && s.devices.size() > 1) {
    const std::int64_t skew = kSkews[(b >> 3) & 7u];
    s.devices[1].clock_offset_ms = skew;
    if (s.devices.size() > 2) s.devices[2].clock_offset_ms = -skew;
  }
  s.knobs.push_back(
      {"max_offline_ms", x.scope.has(Feature::MaxOffline) ? kMaxOffline[b >> 6] : 0, 0});
  bool resets = false;
  for (const auto& e : x.events)
    resets = resets || (!x.kinds.empty() &&
                        x.kinds[(e.kind_device & 15u) % x.kinds.size()].event == Event::Reset);
  // A domain without resets of writing devices (Verdant): forced resets hit c1, which then
  // writes nothing; with one device there is nobody else to write, so they are dropped.
  x.reset_c1_only = resets && !x.scope.has(Feature::ResetOfWriter) && s.devices.size() > 1;
}

void add_events(const Extension& x, DecodedInput& out, std::uint32_t count,
                const Candidates& candidates) {
  if (x.kinds.empty()) return;
  const Scenario& s = out.header;
  const auto clients = static_cast<std::uint32_t>(s.devices.size());
  bool upgraded = false;
  std::uint32_t breaking = 0;
  for (std::size_t i = 0; i < x.events.size(); ++i) {
    const RawEvent& e = x.events[i];
    const Event kind = x.kinds[(e.kind_device & 15u) % x.kinds.size()].event;
    const std::uint32_t d = (e.kind_device >> 4) % clients;
    const std::uint32_t slot = e.slot % (count + 1);
    // Between inserts slot and slot+1; events of one actor keep byte order.
    const std::int64_t t =
        1000 * static_cast<std::int64_t>(slot) + 250 + static_cast<std::int64_t>(i);
    const auto& notes = candidates[user_of(s, d)];  // [0] = root
    const int actor = static_cast<int>(d);
    WorkItem w;
    switch (kind) {
      case Event::Breaking:
        w = at(t, kAdmin, WorkKind::Deploy);
        w.breaking = true;
        out.deploys.push_back(field("b" + std::to_string(++breaking), PropertyType::String, true));
        break;
      case Event::Terminate:
        w = at(t, kAdmin, WorkKind::TerminateSync);
        break;
      case Event::Reset:
        if (!x.scope.has(Feature::ResetOfWriter) && clients < 2) continue;
        w = at(t, kAdmin, WorkKind::ResetClient);
        w.target = x.reset_c1_only ? 0 : actor;
        break;
      case Event::Offline: {
        out.items.push_back(at(t, actor, WorkKind::Offline));
        w = at(t + 1000 * (1 + (e.arg & 3)) + 500, actor, WorkKind::Online);
        break;
      }
      case Event::Edit:
      case Event::Delete:
      case Event::Move: {
        if (x.reset_c1_only && d == 0) continue;
        if (notes.size() < 2) continue;  // nothing but root
        w = at(t, actor,
               kind == Event::Edit     ? WorkKind::Edit
               : kind == Event::Delete ? WorkKind::Delete
                                       : WorkKind::Move);
        const std::size_t k = e.arg % (notes.size() - 1);
        w.note = notes[1 + k];
        if (kind == Event::Move) w.parent = notes[(e.arg / (notes.size() - 1)) % notes.size()];
        break;
      }
      case Event::Upgrade:
        w = at(t, actor, WorkKind::UpgradeApp);
        w.app_schema = 2;
        upgraded = true;
        break;
    }
    out.items.push_back(std::move(w));
  }
  if (upgraded)
    out.header.migrations.push_back(
        MigrationLine{1, field("priority", PropertyType::Int, true), 3, 0});
}

}  // namespace

void decode_input(const std::uint8_t* data, std::size_t size,
                  const std::vector<const model::ProfileInfo*>& profiles, DecodedInput& out) {
  out = DecodedInput{};
  ByteReader in(data, size);
  Scenario& s = out.header;
  s.source = "fuzz_interleaving";
  s.discipline = Discipline::Untimed;
  const model::ProfileInfo& profile = *profiles[in.byte() % profiles.size()];
  s.profile = profile.name;
  std::uint32_t tree_notes = 0;
  const std::uint8_t dev = in.byte();
  const bool extended = (dev & kExtendedBit) != 0;
  decode_devices(dev, s, tree_notes);
  const std::uint8_t shape = in.byte();
  const std::uint32_t count = 1 + (shape & 7u) % kMaxInserts;
  // Under the untimed discipline the choices decide when the deploy runs; its time only
  // matters when the trace is replayed with `--discipline timed`.
  const std::uint32_t deploy_slot = (shape >> 3) % (count + 1);
  decode_knobs(in.byte(), s);
  Extension x;
  if (extended) read_extension(in, s, profile, x);
  Candidates candidates;  // by user number 1..2: root, u1's tree, then up to `count` inserts
  for (model::UserId u = 1; u <= 2; ++u)
    candidates[u].reserve(1 + (u == 1 ? tree_notes : 0) + count);
  for (model::UserId u = 1; u <= 2; ++u) candidates[u].push_back(model::root_of(u));
  for (std::uint32_t k = 1; k <= tree_notes; ++k) candidates[1].push_back(model::tree_note(1, k));
  std::vector<std::uint32_t> writers;
  writers.reserve(s.devices.size());
  for (std::uint32_t d = x.reset_c1_only ? 1 : 0; d < s.devices.size(); ++d) writers.push_back(d);
  out.items.reserve(count + 1 + 2 * x.events.size());
  out.deploys.reserve(1 + x.events.size());
  decode_inserts(in, out, count, writers, candidates);
  if (!extended || (dev & kNoAdditiveBit) == 0) {
    const std::int64_t t = 1000 * static_cast<std::int64_t>(deploy_slot) + 500;
    out.items.push_back(at(t, kAdmin, WorkKind::Deploy));
    out.deploys.push_back(field("tags", PropertyType::StringList, false));
  }
  if (extended) add_events(x, out, count, candidates);
  const std::size_t n = std::min(in.remaining(), kMaxChoices);
  out.choices.assign(in.rest(), in.rest() + n);
}

}  // namespace syncsim::fuzz
