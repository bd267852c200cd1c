#include "tests/differential/realm/case.h"

#include <exception>
#include <realm/sync/changeset.hpp>
#include <stdexcept>

#include "tests/differential/realm/writes.h"

namespace syncsim::differential {

namespace {

const char* verb_name(Verb v) {
  switch (v) {
    case Verb::Insert:
      return "insert";
    case Verb::Edit:
      return "edit";
    case Verb::Delete:
      return "delete";
    case Verb::Move:
      return "move";
    case Verb::Clear:
      return "clear";
    case Verb::ClearCopy:
      return "clear-copy";
    case Verb::ArrayMove:
      return "array-move";
    case Verb::Upload:
      return "upload";
    case Verb::Integrate:
      return "integrate";
    case Verb::Download:
      return "download";
    case Verb::Apply:
      return "apply";
    case Verb::Disconnect:
      return "disconnect";
    case Verb::Snapshot:
      return "snapshot";
    case Verb::Reinsert:
      return "reinsert";
    case Verb::ReinsertMerge:
      return "reinsert-merge";
    case Verb::Tick:
      return "tick";
  }
  return "?";
}

std::string realm_bytes(const model::Changeset& cs, const model::Store& before) {
  return encode(to_realm(cs, sizes_of(before)));
}

}  // namespace

std::string to_string(const Action& a) {
  std::string s = verb_name(a.verb);
  switch (a.verb) {
    case Verb::Insert:
    case Verb::Move:
      return s + " d" + std::to_string(a.device) + " " + model::note_name(a.note) + " " +
             model::note_name(a.parent);
    case Verb::Edit:
    case Verb::Delete:
    case Verb::Clear:
    case Verb::ClearCopy:
      return s + " d" + std::to_string(a.device) + " " + model::note_name(a.note);
    case Verb::ArrayMove:
      return s + " d" + std::to_string(a.device) + " " + model::note_name(a.note) + " " +
             std::to_string(a.from) + " " + std::to_string(a.to);
    case Verb::Upload:
    case Verb::Integrate:
    case Verb::Download:
    case Verb::Apply:
    case Verb::Disconnect:
      return s + " d" + std::to_string(a.device);
    case Verb::Reinsert:
    case Verb::ReinsertMerge:
      return s + " " + model::note_name(a.note);
    case Verb::Tick:
      return s + " " + std::to_string(a.from);
    case Verb::Snapshot:
      return s;
  }
  return s;
}

ReplicaPool::ReplicaPool(int max_devices) {
  for (int k = 0; k <= max_devices; ++k) slots_.push_back(std::make_unique<RealmReplica>());
}

CaseRun::CaseRun(const CaseSpec& spec, ReplicaPool& pool)
    : pool_(pool),
      skew_ms_(spec.skew_ms),
      plant_mirror_realm_time_(spec.plant_mirror_realm_time),
      realm_server_(pool.server()) {
  if (spec.devices > pool.max_devices())
    throw std::invalid_argument("more devices than replica slots");
  skew_ms_.resize(static_cast<std::size_t>(spec.devices), 0);
  pool_.server().begin_case();
  for (int d = 1; d <= spec.devices; ++d) {
    pool_.device(d).begin_case();
    clients_.emplace_back(model::kFirstClientIdent + static_cast<FileIdent>(d - 1), kUser,
                          model::ResetMode::Recover);
    realm_clients_.emplace_back(model::kFirstClientIdent + static_cast<FileIdent>(d - 1),
                                pool_.device(d));
  }
  uploads_.resize(clients_.size());
  downloads_.resize(clients_.size());
  bootstrap(spec);
}

CaseRun::~CaseRun() {
  pool_.server().end_case();
  for (int d = 1; d <= devices(); ++d) pool_.device(d).end_case();
}

void CaseRun::bootstrap(const CaseSpec& spec) {
  model::Changeset cs = make_bootstrap(spec);
  const std::string bytes = realm_bytes(cs, model::Store{});
  server_.append_bootstrap(cs);
  realm_server_.bootstrap(bytes);
  for (std::size_t k = 0; k < clients_.size(); ++k) {
    clients_[k].bootstrap(server_.store(), server_.head(), kUser);
    realm_clients_[k].bootstrap(bytes, realm_server_.head());
  }
}

std::int64_t CaseRun::device_clock(int d) const {
  return now_ms_ + skew_ms_[static_cast<std::size_t>(d - 1)];
}

bool CaseRun::step(const Action& a) {
  try {
    switch (a.verb) {
      case Verb::Upload:
        send_upload(a.device);
        break;
      case Verb::Integrate:
        deliver_upload(a.device);
        return compare_server(verb_name(a.verb));
      case Verb::Download:
        send_download(a.device);
        break;
      case Verb::Apply:
        deliver_download(a.device);
        return compare_device(a.device, verb_name(a.verb));
      case Verb::Disconnect:
        disconnect(a.device);
        break;
      case Verb::Snapshot:
        snapshots_.emplace_back(server_.head(), server_.store());
        break;
      case Verb::Reinsert:
      case Verb::ReinsertMerge:
        reinsert(a);
        return compare_server(verb_name(a.verb));
      case Verb::Tick:
        now_ms_ += a.from;
        break;
      default:
        write(a);
        return compare_device(a.device, verb_name(a.verb));
    }
  } catch (const std::exception& e) {
    return differ(verb_name(a.verb), std::string("realm threw: ") + e.what());
  }
  ++result_.actions_run;
  return true;
}

void CaseRun::write(const Action& a) {
  const auto k = static_cast<std::size_t>(a.device - 1);
  const auto cs = make_write(clients_[k].store(), a, device_clock(a.device));
  if (!cs) return;
  const std::string bytes = realm_bytes(*cs, clients_[k].store());
  clients_[k].commit(model::Changeset(*cs));
  const std::int64_t realm_ts =
      plant_mirror_realm_time_ ? 1'000'000 - cs->origin_ts : cs->origin_ts;
  realm_clients_[k].commit(bytes, static_cast<std::uint64_t>(realm_ts));
}

void CaseRun::send_upload(int d) {
  const auto k = static_cast<std::size_t>(d - 1);
  InFlightUpload u{clients_[k].take_upload().changesets, realm_clients_[k].take_upload()};
  if (!u.model.empty() || !u.realm.empty()) uploads_[k].push_back(std::move(u));
}

void CaseRun::deliver_upload(int d) {
  const auto k = static_cast<std::size_t>(d - 1);
  if (uploads_[k].empty()) return;
  InFlightUpload u = std::move(uploads_[k].front());
  uploads_[k].pop_front();
  for (auto& cs : u.model) server_.integrate(clients_[k].ident(), std::move(cs));
  for (const Wire& w : u.realm) realm_server_.integrate(w);
}

void CaseRun::send_download(int d) {
  const auto k = static_cast<std::size_t>(d - 1);
  downloads_[k].push_back(InFlightDownload{
      server_.download_for(clients_[k].ident(), kUser, clients_[k].download_cursor()),
      realm_server_.download_for(clients_[k].ident(), clients_[k].download_cursor())});
}

void CaseRun::deliver_download(int d) {
  const auto k = static_cast<std::size_t>(d - 1);
  if (downloads_[k].empty()) return;
  InFlightDownload m = std::move(downloads_[k].front());
  downloads_[k].pop_front();
  clients_[k].integrate(m.model);
  realm_clients_[k].integrate(m.realm);
}

void CaseRun::disconnect(int d) {
  const auto k = static_cast<std::size_t>(d - 1);
  uploads_[k].clear();
  downloads_[k].clear();
  clients_[k].on_disconnect();
  realm_clients_[k].on_disconnect();
}

void CaseRun::reinsert(const Action& a) {
  if (snapshots_.empty()) return;
  const auto& [base, snapshot] = snapshots_.back();
  const bool merge = a.verb == Verb::ReinsertMerge;
  auto cs = make_reinsert(snapshot, a.note, merge);
  if (!cs) return;
  cs->origin = model::kTranslatorIdent;
  cs->origin_ts = now_ms_;
  cs->last_integrated_version = base;
  const Wire sent{merge ? std::string() : realm_bytes(*cs, snapshot), ++translator_version_, base,
                  static_cast<std::uint64_t>(now_ms_), model::kTranslatorIdent};
  if (!merge) {
    server_.integrate(model::kTranslatorIdent, std::move(*cs));
    realm_server_.integrate(sent);
    return;
  }
  // ListUnion is syncsim's own instruction: realm gets the server's resolution of it (plain
  // ArrayInserts appended), integrated at the head (docs/differential-realm.md).
  const model::Store before = server_.store();
  const std::uint64_t head = realm_server_.head();
  server_.integrate(model::kTranslatorIdent, std::move(*cs));
  const model::Changeset& resolved = server_.entry(server_.head()).cs;
  realm_server_.append_resolved(Wire{realm_bytes(resolved, before), sent.remote_version, head,
                                     sent.origin_timestamp, model::kTranslatorIdent});
}

bool CaseRun::compare_device(int d, const char* after) {
  ++result_.actions_run;
  const auto k = static_cast<std::size_t>(d - 1);
  const std::string diff = first_difference(view_of(clients_[k].store()), pool_.device(d).view());
  if (!diff.empty()) return differ(std::string(after) + ", d" + std::to_string(d), diff);
  if (clients_[k].store().index_anomalies() != 0)
    return differ(std::string(after) + ", d" + std::to_string(d), "model index anomaly");
  return true;
}

bool CaseRun::compare_server(const char* after) {
  ++result_.actions_run;
  const std::string diff = first_difference(view_of(server_.store()), pool_.server().view());
  if (!diff.empty()) return differ(std::string(after) + ", server", diff);
  if (server_.store().index_anomalies() != 0)
    return differ(std::string(after) + ", server", "model index anomaly");
  return true;
}

bool CaseRun::differ(const std::string& where, const std::string& what) {
  result_.agree = false;
  result_.where = "action " + std::to_string(result_.actions_run) + " (" + where + ")";
  result_.difference = what;
  return false;
}

bool CaseRun::finish() {
  try {
    for (int d = 1; d <= devices(); ++d) {
      while (download_in_flight(d))
        if (!step(Action{.verb = Verb::Apply, .device = d})) return false;
      while (upload_in_flight(d))
        if (!step(Action{.verb = Verb::Integrate, .device = d})) return false;
    }
    for (int round = 0; round < 2; ++round)
      for (int d = 1; d <= devices(); ++d) {
        disconnect(d);  // a new session re-sends what was not acknowledged
        send_upload(d);
        if (!step(Action{.verb = Verb::Integrate, .device = d})) return false;
      }
    for (int d = 1; d <= devices(); ++d) {
      send_download(d);
      if (!step(Action{.verb = Verb::Apply, .device = d})) return false;
    }
  } catch (const std::exception& e) {
    return differ("finish", std::string("realm threw: ") + e.what());
  }
  const ReplicaView server_view = pool_.server().view();
  for (int d = 1; d <= devices(); ++d) {
    const std::string diff = first_difference(server_view, pool_.device(d).view());
    if (!diff.empty()) return differ("finish, d" + std::to_string(d) + " vs server in realm", diff);
  }
  return true;
}

}  // namespace syncsim::differential
