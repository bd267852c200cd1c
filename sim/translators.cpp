#include "sim/translators.h"

#include <algorithm>

#include "sim/prng.h"

namespace syncsim {

void Translators::reserve(std::size_t notes, std::size_t versions) {
  atlas_.reserve(notes);
  append_ms_.reserve(versions);
}

void Translators::bootstrap(const model::Changeset& bootstrap, std::uint64_t server_head) {
  for (const auto& i : bootstrap.instrs) atlas_.apply(i);
  r2m_.reset_cursor(server_head);
  append_ms_.push_back(0);
}

void Translators::list(const model::Server& server, const RunSettings& settings,
                       std::int64_t now_ms, bool timed, std::uint64_t seed,
                       std::vector<Action>& out) const {
  if (r2m_.can_step(server)) {
    const std::uint64_t v = r2m_.next_version();
    const auto& tag = server.entry(v).cs.tag;
    const int half = r2m_.next_half(settings.policy);
    const std::uint64_t key = mix64(mix64(tag.note, (std::uint64_t{tag.job} << 32) | tag.batch),
                                    (static_cast<std::uint64_t>(tag.kind) << 8) | half);
    const std::int64_t delay_ms =
        draw_delay_ms(timed, seed, key, settings.r2m_delay_min_ms, settings.r2m_delay_max_ms);
    out.push_back(
        Action{ActionKind::R2MStep, 0, std::max(now_ms, append_ms_[v - 1] + delay_ms), key, 300});
  }
  if (m2r_.has_job()) {
    const auto& job = m2r_.job();
    out.push_back(Action{ActionKind::Reinsert, 0, std::max(now_ms, reinsert_due_),
                         mix64(job.id, job.next_batch), 301});
  }
}

std::string Translators::label(const Action& act, const model::Server& server,
                               const model::Policy& policy) const {
  if (act.kind == ActionKind::R2MStep) {
    const auto& cs = server.entry(r2m_.next_version()).cs;
    std::string s = "r2m translate [" + model::tag_name(cs.tag) + "]";
    const int half = r2m_.next_half(policy);
    if (half > 0) s += " " + std::to_string(half) + "/2";
    return s;
  }
  SYNCSIM_ASSERT(act.kind == ActionKind::Reinsert, "a translator's action");
  const auto& job = m2r_.job();
  std::string s = "m2r reinsert ";
  if (job.id > 1) s += std::to_string(job.id) + ":";
  return s + std::to_string(job.next_batch) + "/" + std::to_string(job.batches);
}

void Translators::start_reinsert(std::uint64_t server_head, const model::Policy& policy,
                                 std::int64_t due_ms) {
  if (policy.r2m_paused_during_reinsert) r2m_.set_paused(true);
  m2r_.start_job(atlas_, server_head, policy);
  reinsert_due_ = due_ms;
}

std::uint64_t Translators::reinsert(model::Server& server, std::int64_t now_ms,
                                    const RunSettings& settings, model::Recorder* rec) {
  if (settings.policy.drain_before_batch) r2m_.drain(server, atlas_, settings.policy);
  std::vector<model::Changeset> batch;
  const bool done = m2r_.emit_batch(atlas_, server.head(), now_ms, settings.policy, batch, rec);
  for (auto& cs : batch)
    if (server.integrate(model::kTranslatorIdent, std::move(cs))) appended(now_ms);
  if (done && !m2r_.has_job()) r2m_.set_paused(false);
  reinsert_due_ = now_ms + settings.reinsert_gap_ms;
  return batch.size();
}

void Translators::restart(std::uint64_t server_head, std::int64_t now_ms) {
  append_ms_.assign(server_head, now_ms);
  r2m_.reset_cursor(server_head);
  r2m_.set_paused(false);
  m2r_.cancel_jobs();
}

}  // namespace syncsim
