#include "fuzz/decode.h"

#include <algorithm>

#include "fuzz/byte_reader.h"

namespace syncsim::fuzz {
namespace {

/// The seed only keys timed draws (latencies, delays, planned faults); under the untimed
/// discipline the choice sequence alone decides the order, so one fixed seed suffices.
constexpr std::uint64_t kSeed = 1;

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
      out.error = "SYNCSIM_FUZZ_KNOWN: unknown profile '" + std::string(term.substr(0, colon)) + "'";
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

std::string device_name(std::uint32_t d) { return "c" + std::to_string(d + 1); }

void decode_devices(ByteReader& in, Scenario& s, std::uint32_t& tree_notes) {
  const std::uint8_t b = in.byte();
  const std::uint32_t clients = 1 + (b & 3u) % kMaxClients;
  for (std::uint32_t d = 0; d < clients; ++d) {
    DeviceSpec dev;
    dev.name = device_name(d);
    // c1 is always u1; c2 and c3 are u1's other devices or user u2's (bits 2 and 3).
    const bool second_user = d > 0 && ((b >> (1 + d)) & 1u) != 0;
    dev.user = second_user ? "u2" : "u1";
    s.devices.push_back(std::move(dev));
  }
  tree_notes = (b >> 4) % (kMaxTreeNotes + 1);
  if (tree_notes > 0) s.trees.push_back(TreeSpec{"u1", tree_notes, 0});
}

void decode_knobs(ByteReader& in, Scenario& s) {
  const std::uint8_t b = in.byte();
  s.knobs.push_back({"reinsert_batch", 1 + (b & 7) % kMaxBatch, 0});
  s.knobs.push_back({"disconnects", ((b >> 3) & 3) % (kMaxFaults + 1), 0});
  s.knobs.push_back({"partitions", ((b >> 5) & 3) % (kMaxFaults + 1), 0});
  s.knobs.push_back({"max_steps", kMaxSteps, 0});
}

WorkloadLine at(std::int64_t ms, std::string actor, WorkKind kind) {
  WorkloadLine w;
  w.at_ms = ms;
  w.actor = std::move(actor);
  w.kind = kind;
  return w;
}

/// One byte per insert: the device (b mod clients) and the parent (b / 4 mod the candidates:
/// root, the user's initial tree, then the notes the user's devices inserted earlier).
void decode_inserts(ByteReader& in, Scenario& s, std::uint32_t count, std::uint32_t tree_notes) {
  const auto clients = static_cast<std::uint32_t>(s.devices.size());
  std::vector<std::uint32_t> per_device(clients, 0);
  std::vector<std::vector<std::string>> candidates(3);  // by user number 1..2
  for (int u = 1; u <= 2; ++u) candidates[u].push_back("root");
  for (std::uint32_t k = 1; k <= tree_notes; ++k) candidates[1].push_back("a." + std::to_string(k));
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint8_t b = in.byte();
    const std::uint32_t d = b % clients;
    auto& mine = candidates[s.devices[d].user == "u2" ? 2 : 1];
    WorkloadLine w = at(1000 * static_cast<std::int64_t>(i + 1), device_name(d), WorkKind::Insert);
    w.note = "n" + std::to_string(d + 1) + "." + std::to_string(++per_device[d]);
    w.parent = mine[(b >> 2) % mine.size()];
    mine.push_back(w.note);
    s.workload.push_back(std::move(w));
  }
}

}  // namespace

InterleavingCase decode_interleaving(const std::uint8_t* data, std::size_t size,
                                     const std::vector<const model::ProfileInfo*>& profiles) {
  ByteReader in(data, size);
  InterleavingCase c;
  Scenario& s = c.scenario;
  s.source = "fuzz_interleaving";
  s.discipline = Discipline::Untimed;
  s.profile = std::string(profiles[in.byte() % profiles.size()]->name);
  std::uint32_t tree_notes = 0;
  decode_devices(in, s, tree_notes);
  const std::uint8_t shape = in.byte();
  const std::uint32_t count = 1 + (shape & 7u) % kMaxInserts;
  // Under the untimed discipline the choices decide when the deploy runs; its time only
  // matters when the trace is replayed with `--discipline timed`.
  const std::uint32_t deploy_slot = (shape >> 3) % (count + 1);
  decode_knobs(in, s);
  decode_inserts(in, s, count, tree_notes);
  WorkloadLine deploy = at(1000 * static_cast<std::int64_t>(deploy_slot) + 500, "admin", WorkKind::Deploy);
  deploy.field = "tags:array<string>";
  s.workload.push_back(std::move(deploy));
  const std::size_t n = std::min(in.remaining(), kMaxChoices);
  c.choices.assign(in.rest(), in.rest() + n);
  return c;
}

Outcome run_case(const InterleavingCase& c, bool record) {
  Outcome o;
  o.error = resolve(c.scenario, Overrides{}, kSeed, o.resolved);
  if (!o.error.empty()) return o;
  World w = make_world(o.resolved);
  RunOptions opt;
  opt.strategy = Strategy::Choices;
  opt.record = record;
  opt.choices = c.choices;
  o.result = run_world(w, opt);
  o.report = check_quiescent(w, o.result.settled);
  return o;
}

Scenario finding_trace(const Outcome& o) {
  Scenario t = trace_of(o.resolved, o.result);
  for (const auto& v : o.report.violations)
    t.results.push_back(v.property + " " + v.kind + " " + (v.replica.empty() ? "-" : v.replica) + " " +
                        (v.notes.empty() ? std::string("-") : notes_list(v.notes)));
  return t;
}

}  // namespace syncsim::fuzz
