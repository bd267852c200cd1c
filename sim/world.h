#pragma once
// The world: the small core the scheduler talks to. It owns the clock, the workload's
// progress, the server, and its parts: the devices (the client, its connection in
// sim/network.h, its reset state and the app's bookkeeping), Atlas and the translators
// (sim/translators.h) and what the checkers are owed (sim/expectations.h). It lists its
// enabled actions (each with a stable label) and executes the one a scheduler picks.
// Copyable, so exhaustive search can branch from any state.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/assert.h"
#include "model/client.h"
#include "model/recovery.h"
#include "model/server.h"
#include "model/verdant.h"
#include "sim/action.h"
#include "sim/expectations.h"
#include "sim/network.h"
#include "sim/trace/knobs.h"
#include "sim/trace/scenario.h"
#include "sim/translators.h"
#include "sim/workload.h"

namespace syncsim {

struct Device;
/// The manual strategies' listener can write LastSynced: it fired while connected and every
/// local change is now acknowledged (`uploadAllLocalChanges` resolved).
bool listener_ready(const Device& dev);

/// A device: the app's client, its connection (sim/network.h), its client-reset state and
/// the app's own bookkeeping.
struct Device {
  Device(std::string n, model::Client c) : name(std::move(n)), client(std::move(c)) {}
  std::string name;
  model::Client client;
  Connection net;
  // Client reset (spec §5).
  bool reset_pending = false;   ///< the next connection gets a client-reset error
  bool downgrade_next = false;  ///< recover-or-discard: the next reset is a discard
  /// realm-core's pending-reset record: set by a reset that wrote something, cleared when a
  /// server message leaves none of those writes unacknowledged (realm clears it on upload
  /// completion). While set, recover-or-discard downgrades the next reset to discard.
  bool last_reset_unacked = false;
  std::uint32_t resets = 0;
  /// Verdant server 4.2.5 (verdant-5.5, docs/differential.md D8): when the relay last handled
  /// a message of this device other than a heartbeat (its sync request, an upload, an ack).
  std::int64_t last_message_ms = 0;
  /// Non-empty: a client reset failed for good (Recover mode, realm-core's ClientResetFailed)
  /// and this device's sync stopped; it keeps its local state and never reconnects.
  std::string sync_error;
  /// Non-empty: the server refused this device's session because its app's object model has
  /// what the server schema lacks (production: "schema changes from clients are restricted
  /// when developer mode is disabled", docs/spec.md §9), or defines a property differently.
  /// The device stays offline, writing locally, until the server schema takes its model.
  std::string session_refused;
  // The app's bookkeeping for the manual strategies (a separate, local-only realm).
  std::int64_t last_synced = 0;   ///< LastSynced (device clock)
  bool listener_waiting = false;  ///< fired while connected; waits for all uploads to be acked
  std::vector<model::UpdateRecord> updates;  ///< manual-updates-log: the Updates collection
};

/// Verdant: documents a client could not migrate because their data is older than the oldest
/// schema its app ships (spec §6: an error for the developer, reported as a violation).
struct SchemaError {
  int device = 0;
  std::vector<model::NoteId> notes;
};

struct ActionCounts {
  std::uint64_t by_kind[kActionKinds] = {};
  std::uint64_t reinsert_changesets = 0;
  std::uint64_t resets = 0;
  std::uint64_t failed_resets = 0;
};

class World {
 public:
  World(const Scenario& scn, std::shared_ptr<const Workload> workload, const RunSettings& settings,
        std::uint64_t seed, Discipline d);

  /// Appends the enabled actions (system actions only when `settle`). In the timed
  /// discipline only those due earliest are listed.
  /// `earliest_only = false` lists every enabled action in the timed discipline too (replay
  /// of a shrunk trace: time then jumps to the chosen action's due time).
  void enabled(std::vector<Action>& out, bool settle, bool earliest_only = true) const;
  void execute(const Action& act);
  /// Settle: stalls heal; offline devices' reconnects become enabled system actions.
  void begin_settle();
  std::string label(const Action& act) const;

  std::int64_t now() const { return now_; }
  const std::vector<Device>& devices() const { return devices_; }
  const model::Server& server() const { return server_; }
  const model::Atlas& atlas() const { return translators_.atlas(); }
  const model::R2M& r2m() const { return translators_.r2m(); }
  const std::vector<Intent>& intents() const { return expected_.intents(); }
  const ActionCounts& counts() const { return counts_; }
  const RunSettings& settings() const { return settings_; }
  /// The users of the scenario (1-based), ascending.
  const std::vector<model::UserId>& users() const { return users_; }
  std::uint32_t schema_version() const { return schema_version_; }
  /// Notes whose insert the server acknowledged (integrated), in order, including notes a
  /// reset's writes created; survives terminate and re-enable (durability, §7.3).
  const std::vector<model::NoteId>& acked_notes() const { return expected_.acked_notes(); }
  /// Notes a user of the scenario deleted (inserted or initial-tree ones), ascending: exempt
  /// from durability (§7.3), whatever removed them in the end.
  const std::vector<model::NoteId>& deleted_notes() const { return expected_.deleted_notes(); }
  /// Every edit, move and delete the users made, in the order they made them.
  const std::vector<UserWrite>& user_writes() const { return expected_.user_writes(); }
  /// Everything above kept for the checkers, as one part.
  const Expectations& expectations() const { return expected_; }
  std::uint32_t epoch() const { return epoch_; }
  Discipline discipline() const { return discipline_; }
  std::uint64_t seed() const { return seed_; }
  /// Per script: index of its next workload item (state hashing, exhaustive search).
  const std::vector<std::size_t>& next_items() const { return next_item_; }
  const model::M2R& m2r() const { return translators_.m2r(); }
  /// Atlas and the translators, as one part.
  const Translators& translators() const { return translators_; }
  /// The profile's server is the Verdant relay (spec §6): no Atlas, no translators.
  bool verdant() const { return settings_.policy.server == model::ServerKind::VerdantRelay; }
  model::UserId user_of_device(int d) const;
  /// The notes device d downloads: its user's (spec §2, flexible sync), or every user's on
  /// the Verdant relay, whose library is shared by all its replicas (docs/model.md).
  model::UserId subscription(int d) const;
  const model::verdant::Chain& migrations() const { return chain_; }
  const std::vector<SchemaError>& schema_errors() const { return schema_errors_; }
  /// The server schema in force, or nullptr when the scenario has no `schema` lines (the world
  /// then tracks no schema: today's Note and one field per deploy, docs/schema-changes.md).
  const model::Schema* server_schema() const { return server_schema_.get(); }
  /// Bumped whenever the server schema changes (a deploy, a development-mode client model).
  std::uint32_t schema_revision() const { return schema_revision_; }
  /// Records the model's loss events into `rec` from now on (replay, explain, render); off
  /// (nullptr) by default so that fuzzing pays nothing (docs/explain.md).
  void set_recorder(model::Recorder* rec);

 private:
  // Verdant (sim/world_verdant.cpp).
  void setup_verdant(const Scenario& scn);
  void verdant_write(int d, model::Changeset& cs);
  void verdant_upgrade(int d, std::uint32_t to);
  void verdant_receive(int d, const model::DownloadMsg& msg);
  bool verdant_truant(int d) const;
  void verdant_reset(int d);
  void commit_system(int d, model::Changeset&& cs);

  // Schemas as data (sim/world_schema.cpp).
  void setup_schemas(const Scenario& scn);
  void deploy_schema(const WorkItem& w);
  bool admit_client_model(int d);
  void upgrade_app(int d, std::uint32_t to);
  const model::Schema& app_model(std::uint32_t version) const;

  void setup_devices(const Scenario& scn);
  void reserve(const Scenario& scn);
  void setup_initial_tree(const Scenario& scn);
  void list_work(std::vector<Action>& out) const;
  void list_device(int d, std::vector<Action>& out, bool settle) const;

  void exec_work(const WorkItem& w);
  void exec_device_write(int d, const WorkItem& w);
  void exec_deploy(const WorkItem& w);
  void exec_deliver_up(int d);
  void exec_deliver_down(int d);
  void exec_fault(const Action& act);
  void terminate_and_reenable();
  bool client_reset(int d);
  void fire_listener(int d);
  void log_updates(int d, const model::Changeset& cs);
  void drop_session(int d);
  std::string device_label(const Action& act) const;
  void disconnect(int d);
  void reconnect(int d);
  void commit(int d, model::Changeset&& cs);
  void send_upload(int d);
  void push_downloads(int uploader);
  /// Puts `m` on `link`, arriving a latency drawn from the seed and its key later.
  void enqueue(Link& link, Message&& m);
  std::int64_t device_clock(int d) const;
  bool timed() const { return discipline_ == Discipline::Timed; }

  RunSettings settings_;
  std::uint64_t seed_;
  Discipline discipline_;
  bool settling_ = false;
  std::int64_t now_ = 0;
  std::shared_ptr<const Workload> workload_;
  std::vector<std::size_t> next_item_;  ///< per script
  std::vector<Device> devices_;
  model::Server server_;
  Translators translators_;        ///< Atlas, r2m and m2r
  std::size_t planned_notes_ = 0;  ///< World::reserve's estimates, reused by terminate-sync
  std::size_t planned_writes_ = 0;
  std::uint32_t schema_version_ = 1;
  Expectations expected_;  ///< only for the checkers: never read to decide anything
  std::vector<model::Field> schema_fields_;
  std::uint32_t epoch_ = 1;
  model::FileIdent next_ident_ = model::kFirstClientIdent;
  std::vector<model::UserId> users_;
  ActionCounts counts_;
  model::verdant::Chain chain_;
  std::vector<SchemaError> schema_errors_;
  /// Tracked only when the scenario has `schema` lines: the server schema in force, shared
  /// until it changes (a World is copied at every branch of a search), and each app version's
  /// object model.
  std::shared_ptr<const model::Schema> server_schema_;
  struct AppModel {
    std::uint32_t version = 0;
    model::Schema schema;
  };
  std::shared_ptr<const std::vector<AppModel>> app_models_;  ///< ascending versions
  std::uint32_t schema_revision_ = 0;
  model::Recorder* rec_ = nullptr;  ///< not state: where loss events go
};

/// The one way to act by label (replay, render, the CLI's second pass, RapidCheck): lists the
/// actions enabled in the phase (system actions only when `settle`; every enabled action, not
/// only the earliest due, so that a shrunk trace replays) into `scratch` and returns the one
/// labelled `label`, or nullptr. The pointer is valid until `scratch` changes.
const Action* find_enabled(const World& w, std::string_view label, bool settle,
                           std::vector<Action>& scratch);

/// Executes the enabled action labelled `label` (find_enabled); false, and nothing happens,
/// when none is.
bool execute_label(World& w, std::string_view label, bool settle, std::vector<Action>& scratch);

}  // namespace syncsim
