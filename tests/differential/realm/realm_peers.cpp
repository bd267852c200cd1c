#include "tests/differential/realm/realm_peers.h"

#include <algorithm>
#include <realm/sync/changeset.hpp>
#include <realm/sync/transform.hpp>
#include <realm/util/logger.hpp>

namespace syncsim::differential {

namespace {

using version_type = realm::sync::version_type;

/// The server's own file ident: only entries of local origin (the bootstrap) carry it, and
/// they are never concurrent with an upload. Distinct from every ident of syncsim.
constexpr FileIdent kServerIdent = 0x7fff;

realm::ChunkedBinaryData chunk(const std::string& bytes) {
  return realm::ChunkedBinaryData(realm::BinaryData(bytes.data(), bytes.size()));
}

realm::sync::Changeset parse_wire(const Wire& w) {
  realm::sync::Changeset cs = decode(w.bytes);
  cs.version = w.remote_version;
  cs.last_integrated_remote_version = w.last_integrated;
  cs.origin_timestamp = w.origin_timestamp;
  cs.origin_file_ident = w.origin;
  return cs;
}

/// Runs realm's transformer over `incoming` (in order) and applies each transformed changeset.
void transform_and_apply(realm::sync::TransformHistory& history,
                         realm::sync::file_ident_type local_ident, version_type current_version,
                         std::vector<realm::sync::Changeset>& incoming, RealmReplica& db) {
  realm::sync::Transformer transformer;
  realm::util::NullLogger logger;
  transformer.transform_remote_changesets(
      history, local_ident, current_version,
      realm::util::Span<realm::sync::Changeset>(incoming.data(), incoming.size()),
      [&](const realm::sync::Changeset* cs) {
        db.apply(*cs);
        return true;
      },
      logger);
}

}  // namespace

/// The server's history as seen by one client's upload: entries from that client are not
/// concurrent with it; reciprocal transforms are kept per client (realm's server does too).
class RealmServer::History final : public realm::sync::TransformHistory {
 public:
  History(const RealmServer& server, Progress& progress, FileIdent from)
      : server_(server), progress_(progress), from_(from) {}

  version_type find_history_entry(version_type begin, version_type end,
                                  realm::sync::HistoryEntry& out) const noexcept override {
    for (version_type v = begin + 1; v <= end; ++v) {
      const Entry& e = server_.history_[v - 1];
      if (e.origin == from_ || e.bytes.empty()) continue;
      out.origin_timestamp = e.origin_timestamp;
      out.origin_file_ident = e.origin;
      out.remote_version = e.remote_version;
      out.changeset = chunk(e.bytes);
      return v;
    }
    return 0;
  }
  realm::ChunkedBinaryData get_reciprocal_transform(version_type v,
                                                    bool& is_compressed) const override {
    is_compressed = false;
    auto it = progress_.reciprocal.find(v);
    return chunk(it == progress_.reciprocal.end() ? server_.history_[v - 1].bytes : it->second);
  }
  void set_reciprocal_transform(version_type v, realm::BinaryData data) override {
    progress_.reciprocal[v] = std::string(data.data(), data.size());
  }

 private:
  const RealmServer& server_;
  Progress& progress_;
  FileIdent from_;
};

void RealmServer::bootstrap(const std::string& bytes) {
  db_.apply(decode(bytes));
  history_.push_back(Entry{bytes, 0, 0, 0});
}

bool RealmServer::integrate(const Wire& upload) {
  Progress& p = clients_[upload.origin];
  const bool translator = upload.origin == model::kTranslatorIdent;
  if (!translator) {
    if (upload.remote_version <= p.integrated) return false;  // re-upload after a lost ack
    p.integrated = upload.remote_version;
  }
  p.reciprocal.erase(p.reciprocal.begin(), p.reciprocal.upper_bound(upload.last_integrated));
  std::vector<realm::sync::Changeset> incoming;
  incoming.push_back(parse_wire(upload));
  History history(*this, p, upload.origin);
  transform_and_apply(history, kServerIdent, head(), incoming, db_);
  append(incoming.front(), upload);
  if (!translator) p.steps.emplace_back(head(), p.integrated);
  return true;
}

void RealmServer::append_resolved(const Wire& upload) {
  realm::sync::Changeset cs = parse_wire(upload);
  db_.apply(cs);
  append(cs, upload);
}

void RealmServer::append(const realm::sync::Changeset& applied, const Wire& upload) {
  history_.push_back(
      Entry{encode(applied), upload.origin, upload.remote_version, upload.origin_timestamp});
}

std::uint64_t RealmServer::progress_at(const Progress& p, std::uint64_t version) const {
  auto it = std::upper_bound(p.steps.begin(), p.steps.end(), version,
                             [](std::uint64_t v, const auto& s) { return v < s.first; });
  return it == p.steps.begin() ? 0 : std::prev(it)->second;
}

RealmDownload RealmServer::download_for(FileIdent to, std::uint64_t from_version) const {
  RealmDownload msg;
  msg.server_head = head();
  static const Progress kNone;
  auto it = clients_.find(to);
  const Progress& p = it == clients_.end() ? kNone : it->second;
  msg.progress = p.integrated;
  for (std::uint64_t v = from_version + 1; v <= head(); ++v) {
    const Entry& e = history_[v - 1];
    if (e.origin == to) continue;
    msg.entries.push_back(Wire{e.bytes, v, progress_at(p, v), e.origin_timestamp,
                               e.origin == 0 ? kServerIdent : e.origin});
  }
  return msg;
}

/// A client's history: only its local changesets are entries (integrated downloads are never
/// concurrent with a later download), numbered by client version as syncsim numbers them.
class RealmClient::History final : public realm::sync::TransformHistory {
 public:
  explicit History(RealmClient& client) : client_(client) {}

  version_type find_history_entry(version_type begin, version_type end,
                                  realm::sync::HistoryEntry& out) const noexcept override {
    for (version_type v = begin + 1; v <= end && v <= client_.history_.size(); ++v) {
      const Local& l = client_.history_[v - 1];
      if (l.bytes.empty()) continue;
      out.origin_timestamp = l.origin_timestamp;
      out.origin_file_ident = 0;
      out.remote_version = l.base;
      out.changeset = chunk(l.bytes);
      return v;
    }
    return 0;
  }
  realm::ChunkedBinaryData get_reciprocal_transform(version_type v,
                                                    bool& is_compressed) const override {
    is_compressed = false;
    auto it = client_.reciprocal_.find(v);
    return chunk(it == client_.reciprocal_.end() ? client_.history_[v - 1].bytes : it->second);
  }
  void set_reciprocal_transform(version_type v, realm::BinaryData data) override {
    client_.reciprocal_[v] = std::string(data.data(), data.size());
  }

 private:
  RealmClient& client_;
};

void RealmClient::bootstrap(const std::string& bytes, std::uint64_t server_head) {
  db_.apply(decode(bytes));
  download_cursor_ = server_head;
}

void RealmClient::commit(const std::string& bytes, std::uint64_t origin_timestamp) {
  db_.apply(decode(bytes));
  history_.push_back(Local{bytes, download_cursor_, origin_timestamp});
}

std::vector<Wire> RealmClient::take_upload() {
  std::vector<Wire> out;
  for (std::uint64_t v = sent_through_ + 1; v <= history_.size(); ++v) {
    const Local& l = history_[v - 1];
    out.push_back(Wire{l.bytes, v, l.base, l.origin_timestamp, ident_});
  }
  sent_through_ = history_.size();
  return out;
}

void RealmClient::integrate(const RealmDownload& msg) {
  std::vector<realm::sync::Changeset> incoming;
  for (const Wire& w : msg.entries) {
    if (w.remote_version <= download_cursor_) continue;  // already integrated (resent)
    incoming.push_back(parse_wire(w));
    download_cursor_ = w.remote_version;
  }
  if (!incoming.empty()) {
    History history(*this);
    transform_and_apply(history, ident_, history_.size(), incoming, db_);
  }
  download_cursor_ = std::max(download_cursor_, msg.server_head);
  if (msg.progress > upload_ack_) {
    upload_ack_ = msg.progress;
    sent_through_ = std::max(sent_through_, upload_ack_);
  }
}

}  // namespace syncsim::differential
