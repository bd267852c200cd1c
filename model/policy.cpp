#include "model/policy.h"

#include <array>

namespace syncsim::model {
namespace {

constexpr std::string_view kResetDomain = "breaking deploys, offline devices";
constexpr std::string_view kManualDomain = "breaking deploys, several devices, skew";

// The domains as feature sets (spec §8; docs/fuzzing.md "Domains"). The Realm deploy
// profiles claim nothing beyond inserts and additive deploys (docs/model.md: a delete racing
// fix-merge-reinsert's re-insert leaves a dangling key, outside its domain). The reset
// profiles add everything that ends in a client reset and the rest of a notes app's workload
// (recovery only shows its behaviour with edits, deletes and moves); the manual
// strategies add clock skew. Verdant's domain is migrations with old peers: app upgrades,
// old-schema peers writing, and resets of a device that has no unsynced writes of its own
// (Verdant forfeits those by design, docs/verdant.md "Surprises").
using F = Feature;
constexpr Domain kBase = Domain{} | F::Inserts | F::AdditiveDeploy | F::Faults;
constexpr Domain kAdditiveScope = kBase;
constexpr Domain kResetScope = kBase | F::BreakingDeploy | F::TerminateSync | F::ForcedReset |
                               F::ResetOfWriter | F::OfflineWindow | F::MaxOffline | F::Edits |
                               F::Deletes | F::Moves;
constexpr Domain kManualScope = kResetScope | F::ClockSkew;
constexpr Domain kVerdantScope = kBase | F::AppUpgrade | F::ForcedReset | F::OfflineWindow;

constexpr std::array<std::string_view, 14> kFeatureNames = {
    "inserts",      "additive-deploy", "faults",         "breaking-deploy", "terminate-sync",
    "forced-reset", "reset-of-writer", "offline-window", "max-offline",     "edits",
    "deletes",      "moves",           "clock-skew",     "app-upgrade"};

Policy h1() {
  return Policy{};
}
Policy h2() {
  Policy p;
  p.r2m_atomic = false;
  p.reinsert_drops_unresolved = true;
  return p;
}
Policy latest() {
  Policy p;
  p.reinsert_base = ReinsertBase::Latest;
  return p;
}
Policy dev_mode() {
  Policy p;
  p.deploy_mode = DeployMode::Development;
  return p;
}
Policy drain() {
  Policy p;
  p.r2m_paused_during_reinsert = false;
  p.drain_before_batch = true;
  return p;
}
Policy merge() {
  Policy p;
  p.reinsert_lists = ReinsertLists::MergeUnion;
  return p;
}

Policy verdant(VerdantReset r) {
  Policy p;
  p.server = ServerKind::VerdantRelay;
  p.verdant_reset = r;
  return p;
}

/// The real store 5.5.0 + server 4.2.5 (docs/differential.md): reset data is migrated when
/// the newest version in the whole reset is older than the client's (`getLatestVersion`, D7).
Policy verdant_55() {
  Policy p = verdant(VerdantReset::Release55);
  p.version_scope = VersionScope::Dataset;
  return p;
}

/// The client-reset profiles (spec §8): additive deploys as fix-merge-reinsert (so that only
/// the reset is under test), breaking deploys by terminate and re-enable (sim/world_reset.cpp),
/// and `mode` as every device's default reset mode.
Policy reset_profile(ResetMode mode) {
  Policy p = merge();
  p.reset_mode = mode;
  return p;
}

std::vector<ProfileInfo> make_profiles() {
  return {
      {"realm-h1", ProfileClass::Buggy, "additive deploys",
       "production deploy; r2m paused; stale-snapshot re-insert based on the head at deploy time",
       h1(), kAdditiveScope},
      {"realm-h2", ProfileClass::Buggy, "additive deploys",
       "H1 + non-atomic r2m writes + re-insert drops refs to documents missing from the snapshot",
       h2(), kAdditiveScope},
      {"realm-reinsert-latest", ProfileClass::Buggy, "additive deploys",
       "production deploy; re-insert based on the server head at emit time (Clear overwrites)",
       latest(), kAdditiveScope},
      {"realm-dev-mode", ProfileClass::Correct, "additive deploys",
       "development mode: additive changes need no re-insert", dev_mode(), kAdditiveScope},
      {"fix-drain-then-snapshot", ProfileClass::Partial, "additive deploys",
       "r2m not paused; drained and Atlas re-read before each batch, based on the head then",
       drain(), kAdditiveScope},
      {"fix-merge-reinsert", ProfileClass::Correct, "additive deploys",
       "re-insert creates and sets scalars; its list part is a set-union, never Clear", merge(),
       kAdditiveScope},
      // Which release each models: run side by side with the real ones in
      // docs/differential.md (store 3.2.1 + server 2.1.2, store 5.5.0 + server 4.2.5); neither
      // release behaves as either profile, so neither profile carries a release's name.
      {"verdant-prune", ProfileClass::Buggy, "migrations with old peers",
       "Verdant relay; a reset client drops documents invalid under its schema. Models issue "
       "327 as reported, no release: store 3.2.1 + server 2.1.2 hide invalid data instead "
       "(docs/differential.md)",
       verdant(VerdantReset::Prune), kVerdantScope},
      {"verdant-migrate-up", ProfileClass::Correct, "migrations with old peers",
       "Verdant relay; a reset client migrates older data up, and old peers' ops on receipt. "
       "Models the fix as intended, no release: store 5.5.0 + server 4.2.5 migrate at a reset "
       "only, by the data's newest version (verdant-5.5; docs/differential.md)",
       verdant(VerdantReset::MigrateUp), kVerdantScope},
      {"verdant-5.5", ProfileClass::Buggy, "migrations with old peers",
       "Verdant relay; invalid documents hidden at read, never pruned; a truant reset carries "
       "only what follows the client's acknowledged order and overwrites (root lost); reset "
       "data migrated by the dataset's newest version, not written back; truancy by last "
       "message. Models store 5.5.0 + server 4.2.5 (docs/differential.md, D1-D8)",
       verdant_55(), kVerdantScope},
      // Classes of the reset profiles: what `tests/sim/reset_test.cpp` finds; the evidence,
      // figures and replayable traces are in docs/client-reset.md.
      {"discard", ProfileClass::Buggy, kResetDomain,
       "merge re-insert; terminate/re-enable; reset discards unacknowledged local changes",
       reset_profile(ResetMode::Discard), kResetScope},
      {"recover", ProfileClass::Partial, kResetDomain,
       "merge re-insert; terminate/re-enable; reset replays unacknowledged changesets (realm-core)",
       reset_profile(ResetMode::Recover), kResetScope},
      {"recover-or-discard", ProfileClass::Partial, kResetDomain,
       "as recover; a failed or unacknowledged earlier reset downgrades the next to discard",
       reset_profile(ResetMode::RecoverOrDiscard), kResetScope},
      {"manual-by-object", ProfileClass::Buggy, kManualDomain,
       "documented manual strategy: objects with lastUpdated > LastSynced upserted whole",
       reset_profile(ResetMode::ManualByObject), kManualScope},
      {"manual-overwrite-backend", ProfileClass::Buggy, kManualDomain,
       "documented alternative: every backup object upserted whole, nothing deleted",
       reset_profile(ResetMode::ManualOverwriteBackend), kManualScope},
      {"manual-by-field", ProfileClass::Buggy, kManualDomain,
       "documented alternative: per-field stamps; changed fields and lists restored",
       reset_profile(ResetMode::ManualByField), kManualScope},
      {"manual-updates-log", ProfileClass::Buggy, kManualDomain,
       "documented alternative: an Updates log of (object, field, time) replayed from the backup",
       reset_profile(ResetMode::ManualUpdatesLog), kManualScope},
  };
}

}  // namespace

const std::vector<ProfileInfo>& profiles() {
  static const std::vector<ProfileInfo> table = make_profiles();
  return table;
}

const ProfileInfo* find_profile(std::string_view name) {
  for (const auto& p : profiles())
    if (p.name == name) return &p;
  return nullptr;
}

std::vector<std::string_view> feature_names(Domain d) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < kFeatureNames.size(); ++i)
    if ((d.bits >> i) & 1u) out.push_back(kFeatureNames[i]);
  return out;
}

std::string_view to_string(ProfileClass c) {
  switch (c) {
    case ProfileClass::Buggy:
      return "buggy";
    case ProfileClass::Correct:
      return "correct";
    case ProfileClass::Partial:
      return "partial";
    case ProfileClass::Undecided:
      return "the tool says";
  }
  return "?";
}

namespace {
constexpr std::array<std::string_view, 7> kResetNames = {"discard",
                                                         "recover",
                                                         "recover-or-discard",
                                                         "manual-by-object",
                                                         "manual-overwrite-backend",
                                                         "manual-by-field",
                                                         "manual-updates-log"};
}

std::string_view to_string(ResetMode m) {
  return kResetNames[static_cast<std::size_t>(m)];
}

bool parse_reset_mode(std::string_view s, ResetMode& out) {
  for (std::size_t i = 0; i < kResetNames.size(); ++i)
    if (kResetNames[i] == s) {
      out = static_cast<ResetMode>(i);
      return true;
    }
  return false;
}

}  // namespace syncsim::model
