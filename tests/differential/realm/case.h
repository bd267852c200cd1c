#pragma once
// One differential case: a bootstrap tree, a few devices of one user, and a list of actions
// (writes, upload/download sends and deliveries, disconnects, translator re-inserts) executed in
// lockstep by syncsim's model (model::Server, model::Client) and by realm-core (RealmServer,
// RealmClient). After every action the replica it touched is compared, object by object.
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "model/client.h"
#include "model/server.h"
#include "tests/differential/realm/realm_peers.h"

namespace syncsim::differential {

enum class Verb : std::uint8_t {
  Insert,
  Edit,
  Delete,
  Move,
  Clear,
  ClearCopy,
  ArrayMove,  // device writes
  Upload,
  Integrate,
  Download,
  Apply,
  Disconnect,  // messages (FIFO per direction)
  Snapshot,
  Reinsert,
  ReinsertMerge,  // the translator (m2r)
  Tick            // clocks advance
};

/// One action. Writes that the app would refuse in the writer's state (a missing parent, a
/// delete of a note with children, a move under its own descendant) are skipped, as the
/// simulator skips them.
struct Action {
  Verb verb = Verb::Tick;
  int device = 0;          ///< 1-based; 0 for the translator and ticks
  NoteId note = 0;         ///< the note written / re-inserted
  NoteId parent = 0;       ///< Insert, Move: the new parent
  std::uint32_t from = 0;  ///< ArrayMove indices; Tick: milliseconds
  std::uint32_t to = 0;
};
std::string to_string(const Action& a);

struct CaseSpec {
  int devices = 2;
  /// Bootstrap notes a.1..a.n: (note, parent) in creation order; parent 0 = the root.
  std::vector<std::pair<NoteId, NoteId>> tree;
  /// Per-device clock skew (ms), so that timestamps tie and cross.
  std::vector<std::int64_t> skew_ms;
  std::vector<Action> actions;
  /// A planted bug, to prove the comparison (corpus `plant mirror-realm-time`): realm's side
  /// gets mirrored write timestamps, so concurrent changes order the other way round there.
  bool plant_mirror_realm_time = false;
};

struct CaseResult {
  bool agree = true;
  std::size_t actions_run = 0;
  std::string where;       ///< action index and replica of the first difference
  std::string difference;  ///< what differs (or what realm threw)
};

/// Replica slots (realm DBs) reused across cases: the server and up to `max_devices` clients.
class ReplicaPool {
 public:
  explicit ReplicaPool(int max_devices);
  RealmReplica& server() { return *slots_.front(); }
  RealmReplica& device(int d) { return *slots_[static_cast<std::size_t>(d)]; }
  int max_devices() const { return static_cast<int>(slots_.size()) - 1; }

 private:
  std::vector<std::unique_ptr<RealmReplica>> slots_;
};

/// Executes a case. Actions may be appended while it runs (the random generator picks the
/// next action from the model's state), so the executor is a class, not a function.
class CaseRun {
 public:
  CaseRun(const CaseSpec& spec, ReplicaPool& pool);
  ~CaseRun();
  CaseRun(const CaseRun&) = delete;
  CaseRun& operator=(const CaseRun&) = delete;

  /// Runs one action and compares; false (and result() says why) at the first difference.
  bool step(const Action& a);
  /// Delivers everything in flight, syncs every device twice, compares every replica.
  bool finish();
  const CaseResult& result() const { return result_; }

  const model::Store& device_store(int d) const {
    return clients_[static_cast<std::size_t>(d - 1)].store();
  }
  const model::Store& server_store() const { return server_.store(); }
  bool has_snapshot() const { return !snapshots_.empty(); }
  bool upload_in_flight(int d) const { return !uploads_[static_cast<std::size_t>(d - 1)].empty(); }
  bool download_in_flight(int d) const {
    return !downloads_[static_cast<std::size_t>(d - 1)].empty();
  }
  int devices() const { return static_cast<int>(clients_.size()); }

 private:
  struct InFlightUpload {
    std::vector<model::Changeset> model;
    std::vector<Wire> realm;
  };
  struct InFlightDownload {
    model::DownloadMsg model;
    RealmDownload realm;
  };
  void bootstrap(const CaseSpec& spec);
  void write(const Action& a);
  void send_upload(int d);
  void deliver_upload(int d);
  void send_download(int d);
  void deliver_download(int d);
  void disconnect(int d);
  void reinsert(const Action& a);
  bool compare_device(int d, const char* after);
  bool compare_server(const char* after);
  bool differ(const std::string& where, const std::string& what);
  std::int64_t device_clock(int d) const;

  ReplicaPool& pool_;
  std::vector<std::int64_t> skew_ms_;
  bool plant_mirror_realm_time_ = false;
  model::Server server_;
  std::vector<model::Client> clients_;
  RealmServer realm_server_;
  std::vector<RealmClient> realm_clients_;
  std::vector<std::deque<InFlightUpload>> uploads_;
  std::vector<std::deque<InFlightDownload>> downloads_;
  /// Atlas as the translator read it: (server head, server state) at each snapshot.
  std::vector<std::pair<std::uint64_t, model::Store>> snapshots_;
  std::uint64_t translator_version_ = 0;
  std::int64_t now_ms_ = 1000;
  CaseResult result_;
};

}  // namespace syncsim::differential
