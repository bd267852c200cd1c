#pragma once
// A client device (spec §2): local store, local history, upload/download cursors.
// Pure: the simulator decides when messages are sent and delivered.
#include <cstdint>
#include <vector>

#include "model/explain.h"
#include "model/policy.h"
#include "model/protocol.h"
#include "model/store.h"

namespace syncsim::model {

class Client {
 public:
  Client(FileIdent ident, UserId user, ResetMode reset)
      : ident_(ident), user_(user), reset_(reset) {}

  /// A local write transaction: applies it, stamps version and base, records it.
  const Changeset& commit(Changeset&& cs);
  /// Local changesets not yet sent in this session (sim sends them when online).
  UploadMsg take_upload();
  bool has_unsent() const { return sent_through_ < next_version_ - 1; }
  /// Integrates a download: transforms it past concurrent local changes, applies it.
  void integrate(const DownloadMsg& msg);
  /// Connection lost: anything unacknowledged is re-sent on the next session.
  void on_disconnect() { sent_through_ = upload_ack_; }
  /// Bootstrap: the state of an already-synced device, the notes its subscription covers
  /// (`subscription` is a user, or kAllUsers).
  void bootstrap(const Store& state, std::uint64_t server_head, UserId subscription);
  /// A client reset's new client (spec §5): `state` is the fresh copy with the reset's
  /// `writes` already applied (model::ResetOutcome's contract); they become its local
  /// changesets, in order, without being applied a second time.
  void start_after_reset(Store&& state, std::uint64_t server_head, std::vector<Changeset>&& writes);
  /// Room for `notes` notes (see Store::reserve; before bootstrap, whose copy keeps it) and
  /// `writes` local changesets (one allocation each instead of growing 1, 2, 4...).
  void reserve(std::size_t notes, std::size_t writes) {
    store_.reserve(notes);
    unacked_.reserve(writes);
    reciprocal_.reserve(writes);
  }

  const Store& store() const { return store_; }
  FileIdent ident() const { return ident_; }
  UserId user() const { return user_; }
  ResetMode reset_mode() const { return reset_; }
  std::uint64_t download_cursor() const { return download_cursor_; }
  std::uint64_t upload_ack() const { return upload_ack_; }
  std::uint64_t last_version() const { return next_version_ - 1; }
  /// Local changesets the server has not acknowledged, in their original form.
  const std::vector<Changeset>& unacked() const { return unacked_; }
  /// The same changesets, transformed by later downloads (state hashing).
  const std::vector<Changeset>& reciprocal() const { return reciprocal_; }
  /// Last local version sent in this session (state hashing).
  std::uint64_t sent_through() const { return sent_through_; }
  std::uint32_t app_schema() const { return app_schema_; }
  void set_app_schema(std::uint32_t v) { app_schema_ = v; }
  /// Loss events of this client go to `rec` (nullptr: none are recorded).
  void set_recorder(Recorder* rec) { rec_ = rec; }
  Recorder* recorder() const { return rec_; }
  bool operator==(const Client&) const = default;

 private:
  /// Stamps `cs` (origin, versions) and records it as unacknowledged; the caller applied it.
  const Changeset& record(Changeset&& cs);
  void integrate_entry(const DownloadEntry& e);
  void drop_acknowledged(std::uint64_t progress);

  FileIdent ident_;
  UserId user_;
  ResetMode reset_;
  std::uint32_t app_schema_ = 1;
  Store store_;
  std::vector<Changeset> unacked_;     ///< originals, for upload and recovery
  std::vector<Changeset> reciprocal_;  ///< same changesets, transformed by later downloads
  std::uint64_t next_version_ = 1;
  std::uint64_t sent_through_ = 0;
  std::uint64_t upload_ack_ = 0;
  std::uint64_t download_cursor_ = 0;
  Recorder* rec_ = nullptr;  ///< not state: where loss events go (docs/explain.md)
};

}  // namespace syncsim::model
