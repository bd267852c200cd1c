#pragma once
// Verdant-style sync (spec §6): a schema-agnostic relay server, per-client app schema
// versions, migrations as data, and what a client does when it is told to reset to server
// data written by older-version peers. Pure functions over a Store; the simulator
// (sim/world_verdant.cpp) decides when they run and commits the writes they return.
//
// Choices where spec §6 is silent are documented in docs/verdant.md.
#include <cstdint>
#include <string>
#include <vector>

#include "model/changeset.h"
#include "model/explain.h"
#include "model/store.h"

namespace syncsim::model::verdant {

/// Highest schema version a scenario may name: migration fields are Field::Extra + k and
/// Field is one byte.
inline constexpr std::uint32_t kMaxSchema = 200;

/// One migration vM -> vM+1: adds `field` and fills it with `fill` in every document that
/// lacks it (Verdant's `migrate(old => ({...old, field: old.field ?? fill}))`).
struct Migration {
  std::uint32_t to = 2;  ///< target version M+1 (>= 2)
  Field field = Field::Extra;
  bool required = true;  ///< a document lacking a required field is invalid at `to` and later
  std::int64_t fill = 0;
  bool operator==(const Migration&) const = default;
};

/// The app's chain of migrations, v1 -> v2 -> ... (index i holds the migration to v(i+2)).
/// Version 1 is the base schema (the Note fields of spec §1).
class Chain {
 public:
  Chain() = default;
  /// `steps` must be consecutive from `to` = 2; see chain_gap().
  explicit Chain(std::vector<Migration> steps) : steps_(std::move(steps)) {}
  /// The field migration vK-1 -> vK adds.
  static Field field_of(std::uint32_t to) {
    return static_cast<Field>(static_cast<std::uint32_t>(Field::Extra) + to - 2);
  }
  std::uint32_t latest() const { return static_cast<std::uint32_t>(steps_.size()) + 1; }
  /// nullptr when the chain has no migration to `to`.
  const Migration* to(std::uint32_t to) const;
  const std::vector<Migration>& steps() const { return steps_; }
  bool operator==(const Chain&) const = default;

 private:
  std::vector<Migration> steps_;
};

/// A note validates against schema v when it carries every required field added by the
/// migrations to v2..v (spec §6 "invalid for a client").
bool valid(const Note& n, const Chain& chain, std::uint32_t v);

/// What a client on schema v shows (store 5.5.0, docs/differential.md D1): the notes of `db`
/// that validate at v. The others stay stored and read as deleted; links to them are hidden
/// tombstones here (spec §3), so the hidden note's subtree is unreachable in this view.
Store visible(const Store& db, const Chain& chain, std::uint32_t v);

/// The Sets that migrate one note from version `from` to `to` (fills of absent fields only,
/// so a migration re-run on already migrated data writes nothing). Each Set is marked default:
/// it loses to a concurrent non-default Set of the same field (spec §3).
Instrs migrate_note(NoteId id, const Note& n, const Chain& chain, std::uint32_t from,
                    std::uint32_t to);

/// The schema version of each document's data, from the relay's operations: the highest
/// schema version of a writer whose (not discarded) instruction touched it. Bootstrap
/// changesets (schema 0) count as v1. `dataset` = Verdant's interim rule in issue 327 ("reset
/// to the latest version number encoded in an operation"): every document gets the highest
/// version of any operation.
struct DocVersions {
  std::vector<std::pair<NoteId, std::uint32_t>> by_doc;  ///< sorted by id
  std::uint32_t of(NoteId id) const;
};
DocVersions doc_versions(const std::vector<const Changeset*>& ops, bool dataset);

enum class ResetBehaviour : std::uint8_t {
  Prune,      ///< verdant-prune: invalid documents dropped (issue 327 as reported)
  MigrateUp,  ///< verdant-migrate-up: materialize at vM, migrate vM -> vN, then write
  /// verdant-5.5 (store 5.5.0): the client's data is replaced by `ops` replayed on nothing;
  /// documents older than vN are migrated in the client's db only (no write back), nothing is
  /// pruned (invalid documents are hidden at read, visible()).
  Import,
};

struct ResetInput {
  const Store* server = nullptr;    ///< the relay's data materialized from all operations
  DocVersions versions;             ///< the version of each document's data
  std::uint32_t app_schema = 1;     ///< the resetting client's schema vN
  std::uint32_t oldest_schema = 1;  ///< oldest historical schema the app still ships
  const Chain* chain = nullptr;
  ResetBehaviour behaviour = ResetBehaviour::Prune;
  Recorder* recorder = nullptr;  ///< where pruned documents are recorded (docs/explain.md)
  /// Import: the relay's operations the reset carries, in server order (`server` unused).
  const std::vector<const Changeset*>* ops = nullptr;
  /// Import: the client's data before the reset; with `recorder`, what it held that the
  /// reset does not carry is recorded (Cause::ResetNotCarried).
  const Store* local = nullptr;
};

struct ResetOutcome {
  Store db;                    ///< the client's queryable data after the reset
  Instrs writes;               ///< migration writes the client commits and syncs back
  std::vector<NoteId> pruned;  ///< documents dropped as invalid (silently, under prune)
  /// Documents whose version has no migration path to vN (a missing historical schema): kept
  /// out of the db and reported to the developer, never dropped silently.
  std::vector<NoteId> missing_schema;
};

/// Reset of a client on schema vN to the relay's data (spec §6).
ResetOutcome reset(const ResetInput& in);

/// migrate-up, on receipt: the writes that migrate the documents one incoming changeset
/// (written at `writer_schema`) touched, as they now are in `db`. Documents at a version
/// older than `oldest_schema` are appended to `missing_schema` instead.
Instrs migrate_on_receipt(const Store& db, const Changeset& incoming, std::uint32_t writer_schema,
                          std::uint32_t app_schema, std::uint32_t oldest_schema, const Chain& chain,
                          std::vector<NoteId>& missing_schema);

/// Every document of `db` migrated from `from` to `to` (an app upgrade).
Instrs migrate_all(const Store& db, const Chain& chain, std::uint32_t from, std::uint32_t to);

/// Fills of the required fields of schema v for the notes an insert creates: a v>=2 app
/// writes every field its schema requires.
void fill_created(Instrs& instrs, const Chain& chain, std::uint32_t v);

}  // namespace syncsim::model::verdant
