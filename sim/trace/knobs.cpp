#include "sim/trace/knobs.h"

#include <algorithm>
#include <cstdlib>

namespace syncsim {
namespace {

// One table row per knob: the name is the RunSettings field's (or the policy's) own name.
// clang-format off
#define SYNCSIM_INT_KNOB(field, unit, meaning, lo, hi, swarm)                             \
  KnobInfo{#field, unit, meaning, lo, hi, swarm, false,                                   \
           [](const RunSettings& c) -> std::int64_t { return c.field; },                    \
           [](RunSettings& c, std::int64_t v) { c.field = v; }}
#define SYNCSIM_POLICY_KNOB(field, unit, meaning, lo, hi, swarm, type)                    \
  KnobInfo{#field, unit, meaning, lo, hi, swarm, true,                                    \
           [](const RunSettings& c) -> std::int64_t {                                       \
             return static_cast<std::int64_t>(c.policy.field);                            \
           },                                                                             \
           [](RunSettings& c, std::int64_t v) { c.policy.field = static_cast<type>(v); }}
// clang-format on

std::vector<KnobInfo> make_knobs() {
  using namespace model;
  return {
      SYNCSIM_INT_KNOB(reinsert_delay_ms, "ms", "deploy to first re-insert batch", 0, 3600000,
                       true),
      SYNCSIM_INT_KNOB(reinsert_gap_ms, "ms", "between re-insert batches", 0, 600000, true),
      SYNCSIM_INT_KNOB(latency_min_ms, "ms", "min one-way network latency", 0, 60000, true),
      SYNCSIM_INT_KNOB(latency_max_ms, "ms", "max one-way network latency", 0, 60000, true),
      SYNCSIM_INT_KNOB(r2m_delay_min_ms, "ms", "min delay before r2m translates an entry", 0, 60000,
                       true),
      SYNCSIM_INT_KNOB(r2m_delay_max_ms, "ms", "max delay before r2m translates an entry", 0, 60000,
                       true),
      SYNCSIM_INT_KNOB(disconnects, "count", "fault budget: disconnects per device", 0, 50, true),
      SYNCSIM_INT_KNOB(partitions, "count", "fault budget: link stalls per device", 0, 50, true),
      SYNCSIM_INT_KNOB(partition_ms, "ms", "length of a timed link stall", 1, 3600000, true),
      SYNCSIM_INT_KNOB(fault_window_ms, "ms", "timed faults are drawn in [0, window)", 1, 86400000,
                       false),
      SYNCSIM_INT_KNOB(recovery_allowed, "bool", "server allows client recovery", 0, 1, false),
      SYNCSIM_INT_KNOB(
          copy_timing, "enum",
          "recover's list copy: 0 at end (core <= 13.24.0), 1 per changeset (>= 13.24.1)", 0, 1,
          false),
      SYNCSIM_INT_KNOB(max_offline_ms, "ms", "client max offline time before a reset; 0 = off", 0,
                       86400000, false),
      SYNCSIM_INT_KNOB(pct_depth, "count", "PCT bug depth d (d-1 priority change points)", 1, 20,
                       false),
      SYNCSIM_INT_KNOB(max_steps, "steps", "bound of the chosen-actions phase", 1, 10000000, false),
      SYNCSIM_INT_KNOB(settle_max_steps, "steps", "bound of the settle phase", 1, 10000000, false),
      SYNCSIM_POLICY_KNOB(deploy_mode, "enum", "0 production, 1 development", 0, 1, false,
                          DeployMode),
      SYNCSIM_POLICY_KNOB(reinsert_base, "enum", "0 snapshot base (H1), 1 head at emit", 0, 1,
                          false, ReinsertBase),
      SYNCSIM_POLICY_KNOB(reinsert_lists, "enum", "0 Clear+ArrayInsert, 1 set-union merge", 0, 1,
                          false, ReinsertLists),
      SYNCSIM_POLICY_KNOB(r2m_paused_during_reinsert, "bool", "r2m paused until the job ends", 0, 1,
                          false, bool),
      SYNCSIM_POLICY_KNOB(drain_before_batch, "bool", "drain r2m, re-read Atlas per batch", 0, 1,
                          false, bool),
      SYNCSIM_POLICY_KNOB(r2m_atomic, "bool", "r2m writes a changeset's documents atomically", 0, 1,
                          false, bool),
      SYNCSIM_POLICY_KNOB(reinsert_drops_unresolved, "bool",
                          "re-insert drops refs to documents missing from the snapshot", 0, 1,
                          false, bool),
      SYNCSIM_POLICY_KNOB(r2m_skip_mongo_origin, "bool",
                          "r2m skips changesets that came from Mongo (re-inserts)", 0, 1, false,
                          bool),
      SYNCSIM_POLICY_KNOB(reinsert_batch, "docs", "documents per re-insert batch", 1, 100000, false,
                          std::uint32_t),
      // Verdant relay (spec §6, docs/verdant.md).
      SYNCSIM_POLICY_KNOB(server, "enum", "0 Realm server + Atlas, 1 Verdant relay", 0, 1, false,
                          ServerKind),
      SYNCSIM_POLICY_KNOB(verdant_reset, "enum",
                          "Verdant reset: 0 prune, 1 migrate up, 2 store 5.5.0 + server 4.2.5", 0,
                          2, false, VerdantReset),
      SYNCSIM_POLICY_KNOB(
          truancy_ms, "ms",
          "Verdant: offline longer than this, the relay resets the client; 0 = never", 0, 86400000,
          false, std::int64_t),
      SYNCSIM_POLICY_KNOB(oldest_schema, "version",
                          "Verdant: oldest historical schema the app ships (older data: error)", 1,
                          200, false, std::uint32_t),
      SYNCSIM_POLICY_KNOB(version_scope, "enum",
                          "Verdant reset: data version 0 per document, 1 newest of the dataset", 0,
                          1, false, VersionScope),
      SYNCSIM_POLICY_KNOB(reset_write_style, "enum",
                          "reset's whole-list/upsert writes: 0 Clear+inserts (spec §5), 1 diff "
                          "as realm emits (no Clear)",
                          0, 1, false, WriteStyle),
  };
}

}  // namespace

const std::vector<KnobInfo>& knobs() {
  static const std::vector<KnobInfo> table = [] {
    std::vector<KnobInfo> t = make_knobs();
    if (t.size() > kMaxKnobs) std::abort();  // a new knob past the bound: raise kMaxKnobs
    return t;
  }();
  return table;
}

namespace {

/// By length first, then by text: most steps of the search compare two lengths, not two
/// strings (a look-up by name order cost ~290 instructions, memcmp at every step).
bool shorter_or_before(std::string_view a, std::string_view b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

}  // namespace

/// The knobs sorted once: plan_run looks up every knob line of every fuzzed execution, and a
/// scan of the table compared ~15 names per look-up.
const KnobInfo* find_knob(std::string_view name) {
  static const std::vector<const KnobInfo*> sorted = [] {
    std::vector<const KnobInfo*> v;
    for (const KnobInfo& k : knobs()) v.push_back(&k);
    std::sort(v.begin(), v.end(), [](const KnobInfo* a, const KnobInfo* b) {
      return shorter_or_before(a->name, b->name);
    });
    const auto same_name = [](const KnobInfo* a, const KnobInfo* b) { return a->name == b->name; };
    if (std::adjacent_find(v.begin(), v.end(), same_name) != v.end())
      std::abort();  // one name, one knob
    return v;
  }();
  const auto it = std::lower_bound(
      sorted.begin(), sorted.end(), name,
      [](const KnobInfo* k, std::string_view n) { return shorter_or_before(k->name, n); });
  return it != sorted.end() && (*it)->name == name ? *it : nullptr;
}

}  // namespace syncsim
