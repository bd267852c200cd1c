// World under the Verdant profiles (spec §6): the relay is the model::Server used as a
// schema-agnostic operation store (it never validates; each changeset carries its writer's
// schema version), clients migrate their data when their app is upgraded, the relay resets a
// truant client, and the profile decides what the reset (and, under migrate-up, the receipt
// of an old peer's operations) does. The rules are in model/verdant.h; docs/verdant.md.
#include <algorithm>

#include "sim/world.h"

namespace syncsim {

using model::Changeset;
namespace verdant = model::verdant;

void World::setup_verdant(const Scenario& scn) {
  // Parsed files were checked (check_migration_chain) to form the chain 1->2->...; a scenario
  // built in code without that check gets the consecutive prefix from v1 only.
  std::vector<const MigrationLine*> lines;
  for (const auto& m : scn.migrations) lines.push_back(&m);
  std::stable_sort(lines.begin(), lines.end(), [](const MigrationLine* a, const MigrationLine* b) {
    return a->from < b->from;
  });
  std::vector<verdant::Migration> steps;
  for (const MigrationLine* m : lines) {
    if (m->from != steps.size() + 1 || m->from >= verdant::kMaxSchema) break;
    steps.push_back(
        {m->from + 1, verdant::Chain::field_of(m->from + 1), m->field.required, m->fill});
  }
  chain_ = verdant::Chain(std::move(steps));
}

void World::commit_system(int d, Changeset&& cs) {
  Device& dev = devices_[static_cast<std::size_t>(d)];
  cs.origin_ts = device_clock(d);
  dev.client.commit(std::move(cs));
  if (dev.net.online) send_upload(d);
}

void World::verdant_write(int d, Changeset& cs) {
  // An app on schema v writes every field its schema requires when it creates a note.
  verdant::fill_created(cs.instrs, chain_,
                        devices_[static_cast<std::size_t>(d)].client.app_schema());
}

void World::verdant_upgrade(int d, std::uint32_t to) {
  Device& dev = devices_[static_cast<std::size_t>(d)];
  const std::uint32_t from = dev.client.app_schema();
  dev.client.set_app_schema(to);
  if (to <= from) return;
  // The new build migrates the local data at startup and syncs the result (both profiles).
  Changeset cs;
  cs.instrs = verdant::migrate_all(dev.client.store(), chain_, from, to);
  if (cs.instrs.empty()) return;
  cs.tag = model::Tag{
      .kind = model::Tag::Migrate, .job = static_cast<std::uint32_t>(d + 1), .batch = to};
  commit_system(d, std::move(cs));
}

void World::verdant_receive(int d, const model::DownloadMsg& msg) {
  if (settings_.policy.verdant_reset != model::VerdantReset::MigrateUp) return;
  // migrate-up (verdant 78503b2a): operations from older peers are migrated on receipt, and
  // the migration is written back like any local change.
  const std::uint32_t app = devices_[static_cast<std::size_t>(d)].client.app_schema();
  for (const auto& e : msg.entries) {
    SchemaError err{d, {}};
    Changeset cs;
    cs.instrs = verdant::migrate_on_receipt(devices_[static_cast<std::size_t>(d)].client.store(),
                                            e.cs, e.cs.schema, app, settings_.policy.oldest_schema,
                                            chain_, err.notes);
    if (!err.notes.empty()) schema_errors_.push_back(std::move(err));
    if (cs.instrs.empty()) continue;
    cs.tag = model::Tag{.kind = model::Tag::Migrate,
                        .note = e.cs.tag.note,
                        .job = static_cast<std::uint32_t>(d + 1),
                        .batch = app};
    commit_system(d, std::move(cs));
  }
}

bool World::verdant_truant(int d) const {
  const Device& dev = devices_[static_cast<std::size_t>(d)];
  // Server 4.2.5 (D8) judges by the replica's last-seen time, which only a message other than
  // a heartbeat refreshes: a device online but silent for longer than the window is truant
  // at its next reconnect, however short its outage.
  const std::int64_t since = settings_.policy.verdant_reset == model::VerdantReset::Release55
                                 ? dev.last_message_ms
                                 : dev.net.offline_since;
  return settings_.policy.truancy_ms > 0 && now_ - since > settings_.policy.truancy_ms;
}

void World::verdant_reset(int d) {
  // The relay no longer has the history to merge this replica's changes ("truant", or a new
  // replica): it sends its whole storage (verdant-5.5: see below) and the client resets to
  // it. Local changes are forfeit (verdant.dev/docs/internals/initial-sync).
  Device& dev = devices_[static_cast<std::size_t>(d)];
  const bool release55 = settings_.policy.verdant_reset == model::VerdantReset::Release55;
  // Server 4.2.5 (`Library.handleSync`, D4, D5): a truant replica gets the operations after
  // its acknowledged server order only, and none at all ("Overriding truant reset") when it
  // has acknowledged the latest, in which case its sync request is handled as usual. A new
  // replica (`admin reset`, acknowledged nothing) gets everything.
  std::uint64_t from = 0;
  if (release55 && !dev.reset_pending) {
    from = dev.client.download_cursor();
    if (from >= server_.head()) return;
  }
  std::vector<const Changeset*> ops;
  for (std::uint64_t v = from + 1; v <= server_.head(); ++v) ops.push_back(&server_.entry(v).cs);
  verdant::ResetInput in;
  in.server = &server_.store();
  in.versions =
      verdant::doc_versions(ops, settings_.policy.version_scope == model::VersionScope::Dataset);
  in.app_schema = dev.client.app_schema();
  in.oldest_schema = settings_.policy.oldest_schema;
  in.chain = &chain_;
  in.behaviour = release55 ? verdant::ResetBehaviour::Import
                 : settings_.policy.verdant_reset == model::VerdantReset::MigrateUp
                     ? verdant::ResetBehaviour::MigrateUp
                     : verdant::ResetBehaviour::Prune;
  in.ops = &ops;
  in.local = &dev.client.store();
  in.recorder = rec_;
  if (rec_ != nullptr) rec_->replica = dev.client.ident();
  verdant::ResetOutcome out = verdant::reset(in);
  if (!out.missing_schema.empty()) schema_errors_.push_back({d, out.missing_schema});
  ++dev.resets;
  ++counts_.resets;
  model::Client fresh(next_ident_++, dev.client.user(), dev.client.reset_mode());
  fresh.set_app_schema(in.app_schema);
  fresh.set_recorder(rec_);
  fresh.bootstrap(out.db, server_.head(), model::kAllUsers);
  dev.client = std::move(fresh);
  dev.net.sent_through = server_.head();
  dev.reset_pending = false;
  if (out.writes.empty()) return;
  Changeset cs;
  cs.instrs = std::move(out.writes);
  cs.tag = model::Tag{
      .kind = model::Tag::Reset, .job = static_cast<std::uint32_t>(d + 1), .batch = dev.resets};
  cs.origin_ts = device_clock(d);
  dev.client.commit(std::move(cs));  // uploaded by the reconnect that follows
}

}  // namespace syncsim
