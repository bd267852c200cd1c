#pragma once
// realm-core's side of syncsim's protocol: a server and clients whose transforms are done by
// the real realm::sync::Transformer over in-memory TransformHistory implementations, and whose
// states are realm DBs written by the real InstructionApplier. The message flow (uploads,
// downloads, acknowledgements, what counts as concurrent) is the one model::Server and
// model::Client implement (docs/spec.md §3), so that both sides see the same orderings.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "model/ids.h"
#include "tests/differential/realm/realm_replica.h"

namespace syncsim::differential {

using model::FileIdent;

/// One changeset on the wire: encoded realm instructions and the versions realm's protocol
/// carries with it (realm::sync::RemoteChangeset).
struct Wire {
  std::string bytes;
  std::uint64_t remote_version = 0;   ///< version produced by it at the sender
  std::uint64_t last_integrated = 0;  ///< receiver's version the sender had integrated
  std::uint64_t origin_timestamp = 0;
  FileIdent origin = 0;
};

struct RealmDownload {
  std::vector<Wire> entries;
  std::uint64_t server_head = 0;
  std::uint64_t progress = 0;  ///< receiver's last client version integrated (ack)
};

class RealmServer {
 public:
  explicit RealmServer(RealmReplica& db) : db_(db) {}
  /// An entry of local origin (the initial synced state): never concurrent with an upload.
  void bootstrap(const std::string& bytes);
  /// Transforms and applies one uploaded changeset; false for a re-upload (ignored).
  bool integrate(const Wire& upload);
  /// Integrates a changeset as already transformed (base = head, nothing concurrent).
  void append_resolved(const Wire& upload);
  RealmDownload download_for(FileIdent to, std::uint64_t from_version) const;
  std::uint64_t head() const { return history_.size(); }

 private:
  struct Entry {
    std::string bytes;  ///< as integrated
    FileIdent origin = 0;
    std::uint64_t remote_version = 0;
    std::uint64_t origin_timestamp = 0;
  };
  struct Progress {
    std::uint64_t integrated = 0;
    std::vector<std::pair<std::uint64_t, std::uint64_t>>
        steps;                                        ///< (server version, client version)
    std::map<std::uint64_t, std::string> reciprocal;  ///< server version -> bytes
  };
  class History;
  std::uint64_t progress_at(const Progress& p, std::uint64_t version) const;
  void append(const realm::sync::Changeset& applied, const Wire& upload);

  RealmReplica& db_;
  std::vector<Entry> history_;
  std::map<FileIdent, Progress> clients_;
};

class RealmClient {
 public:
  RealmClient(FileIdent ident, RealmReplica& db) : ident_(ident), db_(db) {}
  void bootstrap(const std::string& bytes, std::uint64_t server_head);
  /// A local write: applied, recorded with the current download cursor as its base.
  void commit(const std::string& bytes, std::uint64_t origin_timestamp);
  std::vector<Wire> take_upload();
  void on_disconnect() { sent_through_ = upload_ack_; }
  void integrate(const RealmDownload& msg);

 private:
  struct Local {
    std::string bytes;  ///< original
    std::uint64_t base = 0;
    std::uint64_t origin_timestamp = 0;
  };
  class History;

  FileIdent ident_;
  RealmReplica& db_;
  std::vector<Local> history_;                       ///< version v at index v-1
  std::map<std::uint64_t, std::string> reciprocal_;  ///< local version -> bytes
  std::uint64_t sent_through_ = 0;
  std::uint64_t upload_ack_ = 0;
  std::uint64_t download_cursor_ = 0;
};

}  // namespace syncsim::differential
