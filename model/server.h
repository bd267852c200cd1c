#pragma once
// The sync server (spec §2-3): history, integration by OT, acknowledgement, downloads.
#include <boost/container/flat_map.hpp>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <vector>

#include "model/assert.h"
#include "model/explain.h"
#include "model/protocol.h"
#include "model/store.h"

namespace syncsim::model {

/// A history entry touching several users' notes (a re-insert batch): filtered per instruction.
inline constexpr UserId kSeveralOwners = ~UserId{0};

struct HistoryEntry {
  Changeset cs;  ///< as integrated (transformed), with its original origin and timestamp
  /// The one user whose notes cs touches, kUnknownOwner, or kSeveralOwners: decided once at
  /// integration so that a download skips or copies most entries without looking inside.
  UserId owner = kUnknownOwner;
};

class Server {
 public:
  /// Integrates one changeset from `from` (a client, or the translator). Returns false when it
  /// is a re-upload of a changeset already integrated (ignored, spec §3).
  bool integrate(FileIdent from, Changeset cs);
  /// Everything after `from_version` for client `to` that its subscription covers, its own
  /// changesets excluded, with the acknowledgement of its uploads.
  DownloadMsg download_for(FileIdent to, UserId subscription, std::uint64_t from_version) const;
  /// Appends a changeset verbatim (bootstrap of the initial synced state).
  void append_bootstrap(Changeset cs);

  std::uint64_t head() const { return history_.size(); }
  const HistoryEntry& entry(std::uint64_t version) const {
    SYNCSIM_ASSERT(version >= 1 && version <= history_.size(), "history versions are 1..head");
    return history_[version - 1];
  }
  const Store& store() const { return store_; }
  /// Room for `notes` notes, `versions` history entries and `clients` uploaders (devices and
  /// the translator; see Store::reserve).
  void reserve(std::size_t notes, std::size_t versions, std::size_t clients) {
    clients_.reserve(clients);
    store_.reserve(notes);
    owners_.reserve(notes);
    history_.reserve(versions);
  }
  std::uint64_t integrated_client_version(FileIdent c) const;
  /// The user a note belongs to, learned from the `owner` Set of any changeset the server
  /// integrated (kept after the note is erased); kUnknownOwner if none named it.
  UserId owner_of(NoteId id) const;
  /// Calls f(ident, integrated, steps, reciprocal) for each client's progress, in ident order
  /// (state hashing; see ClientProgress).
  template <class F>
  void for_each_progress(F&& f) const {
    for (const auto& [ident, p] : clients_) f(ident, p.integrated, p.steps, p.reciprocal);
  }
  /// Loss events of this server go to `rec` (nullptr: none are recorded).
  void set_recorder(Recorder* rec) { rec_ = rec; }
  bool operator==(const Server&) const = default;

 private:
  struct ClientProgress {
    std::uint64_t integrated = 0;  ///< last client version integrated
    /// (server version, client version) at each integration: answers "what had the server
    /// integrated from this client when version v was produced".
    /// Inline up to 8: a client's integrations are few per run, and growing a heap vector one
    /// entry at a time allocated at every doubling (fuzz/BENCH_NOTES.md).
    boost::container::small_vector<std::pair<std::uint64_t, std::uint64_t>, 8> steps;
    /// Reciprocal (transformed) forms of foreign history entries, keyed by server version.
    boost::container::flat_map<std::uint64_t, Changeset> reciprocal;
    bool operator==(const ClientProgress&) const = default;
  };
  std::uint64_t progress_at(const ClientProgress& p, std::uint64_t version) const;
  void resolve_list_unions(Changeset& cs) const;
  void transform_incoming(FileIdent from, ClientProgress& p, Changeset& cs);
  void learn_owners(const Changeset& cs);
  UserId owner_of_entry(const Changeset& cs) const;
  /// Takes `cs` by rvalue reference: a Changeset keeps its instructions inline, so every move
  /// copies them (integrate -> append -> history was four moves per write).
  void append(Changeset&& cs);
  void add_visible(DownloadMsg& msg, const HistoryEntry& h, UserId subscription,
                   std::uint64_t version, std::uint64_t progress) const;

  Store store_;
  std::vector<HistoryEntry> history_;
  boost::container::flat_map<FileIdent, ClientProgress> clients_;
  boost::container::flat_map<NoteId, UserId> owners_;
  Recorder* rec_ = nullptr;  ///< not state: where loss events go (docs/explain.md)
};

}  // namespace syncsim::model
