#include "model/client.h"

#include <algorithm>
#include <span>

#include "model/assert.h"
#include "model/planted.h"
#include "model/transform.h"

namespace syncsim::model {

#ifdef SYNCSIM_PLANTED_BUGS
namespace {
/// The planted write bugs (model/planted.h): the client's own changeset goes wrong before
/// it is applied and uploaded, so every replica receives the same wrong write.
void plant_write_bugs(const Store& st, Changeset& cs) {
  auto& v = cs.instrs;
  const auto drop = [&](Op op) {
    v.erase(std::remove_if(v.begin(), v.end(), [&](const Instr& i) { return i.op == op; }),
            v.end());
  };
  if (cs.tag.kind == Tag::Insert && SYNCSIM_PLANTED(InsertLosesItsLink)) drop(Op::ArrayInsert);
  if (cs.tag.kind == Tag::Insert && SYNCSIM_PLANTED(InsertLosesItsCreate)) drop(Op::CreateObject);
  if (cs.tag.kind != Tag::Move || v.size() < 2) return;
  const Instr erase = v[0];  // a move is ArrayErase(old parent), ArrayInsert(new parent), Sets
  if (SYNCSIM_PLANTED(MoveStaysPut))
    v[1] =
        Instr{.op = Op::ArrayInsert, .obj = erase.obj, .index = erase.index, .value = v[1].value};
  if (SYNCSIM_PLANTED(MoveLinksBack)) {
    const Note* moved = st.find(cs.tag.note);
    const auto at = static_cast<std::uint32_t>(moved == nullptr ? 0 : moved->children.size());
    v.push_back(Instr{.op = Op::ArrayInsert,
                      .obj = cs.tag.note,
                      .index = at,
                      .value = static_cast<std::int64_t>(erase.obj)});
  }
}
}  // namespace
#endif

const Changeset& Client::commit(Changeset&& cs) {
#ifdef SYNCSIM_PLANTED_BUGS
  plant_write_bugs(store_, cs);
#endif
  store_.apply(cs);  // reads only the instructions, not the stamps record() adds
  return record(std::move(cs));
}

const Changeset& Client::record(Changeset&& cs) {
  SYNCSIM_ASSERT(unacked_.size() == reciprocal_.size(),
                 "each unacknowledged changeset has its transformed form");
  SYNCSIM_ASSERT_SLOW(std::is_sorted(unacked_.begin(), unacked_.end(),
                                     [](const Changeset& a, const Changeset& b) {
                                       return a.client_version < b.client_version;
                                     }) &&
                          (unacked_.empty() || unacked_.back().client_version < next_version_),
                      "unacknowledged changesets in version order, below the next version");
  cs.origin = ident_;
  cs.schema = app_schema_;
  cs.client_version = next_version_++;
  cs.last_integrated_version = download_cursor_;
  reciprocal_.push_back(cs);
  unacked_.push_back(std::move(cs));
  return unacked_.back();
}

UploadMsg Client::take_upload() {
  UploadMsg msg;
  msg.from = ident_;
  msg.changesets.reserve(static_cast<std::size_t>(
      std::count_if(unacked_.begin(), unacked_.end(),
                    [&](const Changeset& c) { return c.client_version > sent_through_; })));
  for (const auto& cs : unacked_)
    if (cs.client_version > sent_through_) msg.changesets.push_back(cs);
  sent_through_ = next_version_ - 1;
  return msg;
}

void Client::integrate_entry(const DownloadEntry& e) {
  // Local changesets newer than what the server had integrated from us when it produced this
  // entry are concurrent with it.
  auto first = std::find_if(unacked_.begin(), unacked_.end(), [&](const Changeset& c) {
    return c.client_version > e.last_local_version;
  });
  const auto offset = static_cast<std::size_t>(first - unacked_.begin());
  SYNCSIM_ASSERT(unacked_.size() == reciprocal_.size(),
                 "the concurrent changesets are found by their index");
  Changeset incoming = e.cs;
  if (rec_ != nullptr) rec_->replica = ident_;
  merge_into(std::span<Changeset>(reciprocal_).subspan(offset), incoming, rec_);
  apply_recorded(store_, incoming, rec_);
}

void Client::drop_acknowledged(std::uint64_t progress) {
  if (progress <= upload_ack_) return;
  upload_ack_ = progress;
  auto keep = std::find_if(unacked_.begin(), unacked_.end(),
                           [&](const Changeset& c) { return c.client_version > progress; });
  const auto n = keep - unacked_.begin();
  unacked_.erase(unacked_.begin(), keep);
  reciprocal_.erase(reciprocal_.begin(), reciprocal_.begin() + n);
  sent_through_ = std::max(sent_through_, upload_ack_);
  SYNCSIM_ASSERT(unacked_.size() == reciprocal_.size(), "acknowledged changesets leave both lists");
  SYNCSIM_ASSERT(unacked_.empty() || unacked_.front().client_version > upload_ack_,
                 "nothing acknowledged is kept");
}

void Client::integrate(const DownloadMsg& msg) {
  for (const auto& e : msg.entries) {
    if (e.server_version <= download_cursor_) continue;  // already integrated (resent)
    integrate_entry(e);
    download_cursor_ = e.server_version;
  }
  download_cursor_ = std::max(download_cursor_, msg.server_head);
  drop_acknowledged(msg.progress);
}

void Client::start_after_reset(Store&& state, std::uint64_t server_head,
                               std::vector<Changeset>&& writes) {
  store_ = std::move(state);
  download_cursor_ = server_head;
  unacked_.reserve(writes.size());
  reciprocal_.reserve(writes.size());
  for (auto& w : writes) record(std::move(w));
}

void Client::bootstrap(const Store& state, std::uint64_t server_head, UserId subscription) {
  store_ = state;
  if (subscription != kAllUsers) store_.keep_only(subscription);
  download_cursor_ = server_head;
}

}  // namespace syncsim::model
