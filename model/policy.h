#pragma once
// Policies: the switchable behaviours of the modelled systems (docs/spec.md §4-8).
// A profile is a named bundle of policy values; a scenario may override any single one
// through a `knob` line. model/ reads a Policy; it never decides one.
#include <cstdint>
#include <string_view>
#include <vector>

namespace syncsim::model {

enum class DeployMode : std::uint8_t { Production, Development };
/// Which server version the re-insert changesets claim to be based on (spec §4).
enum class ReinsertBase : std::uint8_t {
  Snapshot /*H1: base = head at T0*/,
  Latest /*head at emit*/
};
/// How a re-insert writes a document's `children`.
enum class ReinsertLists : std::uint8_t { ClearAndInsert, MergeUnion };
enum class ResetMode : std::uint8_t {
  Discard,
  Recover,
  RecoverOrDiscard,
  ManualByObject,
  ManualOverwriteBackend,
  ManualByField,
  ManualUpdatesLog
};
/// How a reset writes a whole list (recover's "copy verbatim", the manual strategies' list
/// assignment) and the scalars of a whole-object upsert. See docs/client-reset.md.
enum class WriteStyle : std::uint8_t {
  /// spec §5: Clear + ArrayInsert of every element, and a Set of every scalar field (what
  /// realm-js `UpdateMode.All` emits). At the server the Clear discards every concurrent
  /// insert into that list (spec §3).
  Overwrite,
  /// What realm actually emits for the same calls: recover's copy is realm-core
  /// `InterRealmValueConverter::copy_list` (common prefix and suffix kept, the middle replaced
  /// element by element, extra elements inserted or erased); a manual upsert is object-store
  /// `List::assign` under `CreatePolicy::UpdateModified` (element i replaced only when it
  /// differs, then appends or tail erases) and writes only the scalars that differ. The
  /// model has no list-element Set, so "replace element i" is ArrayErase(i) + ArrayInsert(i).
  /// No Clear is ever emitted.
  Diff,
};

/// Realm: sync server + Atlas + translators (spec §2). VerdantRelay: a schema-agnostic relay
/// that stores operations with their writer's schema version; no Atlas, no translators (§6).
enum class ServerKind : std::uint8_t { Realm, VerdantRelay };
/// What a Verdant client does with older-schema data when it resets (spec §6).
enum class VerdantReset : std::uint8_t {
  Prune,
  MigrateUp,
  /// The real store 5.5.0 + server 4.2.5 (docs/differential.md D1-D8): invalid documents
  /// hidden at read, never pruned; a truant reset carries only what follows the client's
  /// acknowledged server order and replaces its data (none when it is up to date); reset data
  /// migrated by the client only, not on receipt and not written back; truancy counted from
  /// the last message the relay handled from the device, not from offline time.
  Release55,
};
/// Which version a Verdant reset assumes the relay's data has (docs/verdant.md).
enum class VersionScope : std::uint8_t {
  Document,  ///< each document: the newest schema of an operation that wrote it (spec §6)
  Dataset,   ///< Verdant issue #327's interim rule: the newest schema of any operation, for all
};

struct Policy {
  DeployMode deploy_mode = DeployMode::Production;
  ReinsertBase reinsert_base = ReinsertBase::Snapshot;
  ReinsertLists reinsert_lists = ReinsertLists::ClearAndInsert;
  bool r2m_paused_during_reinsert = true;  ///< H1: r2m waits for the re-insert job
  bool drain_before_batch = false;         ///< fix-drain-then-snapshot
  bool r2m_atomic = true;                  ///< false: H2, parent array written before child doc
  bool reinsert_drops_unresolved = false;  ///< H2: refs to docs missing from the snapshot dropped
  bool r2m_skip_mongo_origin = false;      ///< spec §2 knob
  std::uint32_t reinsert_batch = 20;
  ResetMode reset_mode = ResetMode::RecoverOrDiscard;  ///< every device's default
  WriteStyle reset_write_style = WriteStyle::Overwrite;
  ServerKind server = ServerKind::Realm;
  // Verdant relay (spec §6); read only when server == VerdantRelay.
  VerdantReset verdant_reset = VerdantReset::Prune;
  std::int64_t truancy_ms = 60000;  ///< offline longer than this: the relay resets the client
  std::uint32_t oldest_schema = 1;  ///< oldest historical schema the app build still ships
  VersionScope version_scope = VersionScope::Document;
};

enum class ProfileClass : std::uint8_t { Buggy, Correct, Partial, Undecided };

/// One kind of thing a workload can contain. A profile's *domain* (spec §8: the workloads on
/// which it claims to lose nothing) is a set of these; a workload is inside the domain when
/// every feature it uses is in the set. fuzz_interleaving's decoder generates only features
/// of the selected profile's domain (fuzz/decode.cpp), and `syncsim profiles --for FILE` lists
/// the profiles whose domain covers a scenario or trace (sim/trace/domain.h computes its features).
enum class Feature : std::uint32_t {
  Inserts = 1u << 0,         ///< `insert` (every domain)
  AdditiveDeploy = 1u << 1,  ///< `deploy additive` (a no-op on the Verdant relay)
  Faults = 1u << 2,          ///< swarm disconnects and link stalls (transient, healed in settle)
  BreakingDeploy = 1u << 3,  ///< `deploy breaking`: terminate and re-enable sync (spec §5)
  TerminateSync = 1u << 4,   ///< `admin terminate-sync`
  ForcedReset = 1u << 5,     ///< `admin reset cN` of a device that writes nothing itself
  ResetOfWriter = 1u << 6,   ///< a forced reset of a device that also writes (its unsynced
                             ///< writes may be forfeit: Verdant's documented rule)
  OfflineWindow = 1u << 7,   ///< `offline` ... `online`
  MaxOffline = 1u << 8,      ///< knob max_offline_ms > 0: a long offline window resets
  Edits = 1u << 9,
  Deletes = 1u << 10,
  Moves = 1u << 11,
  ClockSkew = 1u << 12,   ///< device clock offsets or drift
  AppUpgrade = 1u << 13,  ///< `upgrade-app`, `migration` lines, devices on an older schema
};

struct Domain {
  std::uint32_t bits = 0;
  constexpr bool has(Feature f) const { return (bits & static_cast<std::uint32_t>(f)) != 0; }
  /// Every feature of `workload` is in this domain.
  constexpr bool covers(Domain workload) const { return (workload.bits & ~bits) == 0; }
  constexpr Domain operator|(Feature f) const {
    return Domain{bits | static_cast<std::uint32_t>(f)};
  }
  constexpr Domain& operator|=(Feature f) {
    bits |= static_cast<std::uint32_t>(f);
    return *this;
  }
  constexpr bool operator==(const Domain&) const = default;
};

/// The features' names in bit order (`inserts`, `additive-deploy`, ...), for messages and docs.
std::vector<std::string_view> feature_names(Domain d);

struct ProfileInfo {
  std::string_view name;
  ProfileClass klass;
  std::string_view domain;  ///< the domain in words (spec §8's table)
  std::string_view summary;
  Policy policy;
  Domain scope;  ///< the same domain as a feature set (model/policy.cpp, next to the table)
};

/// Every profile of spec §8 that the model implements, in table order.
const std::vector<ProfileInfo>& profiles();
/// nullptr when unknown.
const ProfileInfo* find_profile(std::string_view name);
std::string_view to_string(ProfileClass c);
std::string_view to_string(ResetMode m);
bool parse_reset_mode(std::string_view s, ResetMode& out);

}  // namespace syncsim::model
