// RecoverUnsyncedChanges (spec §5), after realm-core
// src/realm/sync/noinst/client_reset_recovery.cpp (RecoverLocalChangesetsHandler and
// ListTracker): replay every unacknowledged local changeset on the fresh state, translating
// list indices only for elements the recovery itself inserted; any other list change marks the
// list to be copied verbatim from the pre-reset state (the backup).
#include <algorithm>
#include <map>
#include <optional>

#include "model/recovery.h"

namespace syncsim::model::reset_detail {
namespace {

/// ListTracker of client_reset_recovery.cpp: the elements recovery inserted, by local index
/// (in the replayed changesets) and remote index (in the list being written).
class ListTracker {
 public:
  struct Cross {
    std::uint32_t local = 0;
    std::uint32_t remote = 0;
  };

  static void shift(Cross& c, int by) {
    c.local = static_cast<std::uint32_t>(static_cast<int>(c.local) + by);
    c.remote = static_cast<std::uint32_t>(static_cast<int>(c.remote) + by);
  }

  bool requires_copy() const { return requires_copy_; }
  /// PerChangeset: copied already; later changes to it are not applied (realm-core PR #7155).
  bool frozen() const { return frozen_; }
  void freeze() {
    frozen_ = true;
    requires_copy_ = false;
    allowed_.clear();
  }
  void queue_copy() {
    requires_copy_ = true;
    allowed_.clear();
  }

  /// ListTracker::insert: the remote index is the local one clamped to the list's size.
  std::optional<std::uint32_t> insert(std::uint32_t local, std::size_t remote_size) {
    if (requires_copy_) return std::nullopt;
    const std::uint32_t remote =
        std::min<std::uint32_t>(local, static_cast<std::uint32_t>(remote_size));
    for (auto& c : allowed_)
      if (c.local >= local) {
        ++c.local;
        ++c.remote;
      }
    allowed_.push_back(Cross{local, remote});
    return remote;
  }

  /// ListTracker::update (a Set of element `local`).
  std::optional<std::uint32_t> update(std::uint32_t local) {
    if (requires_copy_) return std::nullopt;
    for (const auto& c : allowed_)
      if (c.local == local) return c.remote;
    queue_copy();
    return std::nullopt;
  }

  /// ListTracker::remove.
  std::optional<std::uint32_t> remove(std::uint32_t local) {
    if (requires_copy_) return std::nullopt;
    std::optional<std::uint32_t> remote;
    for (auto it = allowed_.begin(); it != allowed_.end();) {
      if (it->local == local) {
        remote = it->remote;
        it = allowed_.erase(it);
        continue;
      }
      if (it->local > local) {
        --it->local;
        --it->remote;
      }
      ++it;
    }
    if (!remote) queue_copy();
    return remote;
  }

  /// ListTracker::move: both ends must be elements recovery inserted.
  bool move(std::uint32_t from, std::uint32_t to, std::uint32_t& remote_from,
            std::uint32_t& remote_to) {
    if (requires_copy_) return false;
    Cross* f = nullptr;
    Cross* t = nullptr;
    for (auto& c : allowed_) {
      if (c.local == from)
        f = &c;
      else if (c.local == to)
        t = &c;
    }
    if (f == nullptr || t == nullptr) {
      queue_copy();
      return false;
    }
    remote_from = f->remote;
    remote_to = t->remote;  // Store's ArrayMove: `to` is the final position, as in realm
    for (auto& c : allowed_) {
      if (&c == f) continue;
      if (from < to && c.local > from && c.local <= to) shift(c, -1);
      if (from > to && c.local < from && c.local >= to) shift(c, +1);
    }
    f->local = to;
    f->remote = remote_to;
    return true;
  }

  /// ListTracker::clear: later local changes are on elements added after the Clear.
  void clear() {
    requires_copy_ = false;
    allowed_.clear();
  }

  /// Not in realm-core: a link erased from the list because its target was removed
  /// (EraseObject's nullify). Keeps the remote indices valid.
  void on_remote_erase(std::uint32_t remote) {
    for (auto it = allowed_.begin(); it != allowed_.end();) {
      if (it->remote == remote) {
        it = allowed_.erase(it);
        continue;
      }
      if (it->remote > remote) --it->remote;
      ++it;
    }
  }

 private:
  bool requires_copy_ = false;
  bool frozen_ = false;
  std::vector<Cross> allowed_;
};

class Recovery {
 public:
  explicit Recovery(const ResetInput& in) : in_(in) {
    w_.state = *in.fresh;
    w_.ts = in.now_ts;
  }

  /// RecoverLocalChangesetsHandler::process_changesets. AtEnd (core <= 13.24.0) replays every
  /// changeset into one transaction and uploads its encoder buffer as ONE recovered changeset
  /// (client_reset.cpp: `recovered_changeset`); PerChangeset (>= 13.24.1) commits one per
  /// local changeset, each ending with its copies, then the final copies.
  bool run(std::string& reason) {
    const bool one = in_.copy_timing == CopyTiming::AtEnd;
    if (one) w_.begin(Tag{});
    for (const Changeset& cs : in_.unacked) {
      if (!one) w_.begin(cs.tag);
      for (const Instr& i : cs.instrs) {
        if (i.discarded) continue;
        if (!replay(i, reason)) return false;
      }
      if (!one) {
        copy_lists(true);
        w_.end();
      }
    }
    if (!one) w_.begin(Tag{});
    copy_lists(false);
    w_.end();
    return true;
  }

  ResetOutcome outcome() {
    ResetOutcome out;
    out.applied = ResetMode::Recover;
    out.state = std::move(w_.state);
    out.writes = std::move(w_.writes);
    return out;
  }

 private:
  bool replay(const Instr& i, std::string& reason) {
    switch (i.op) {
      case Op::CreateObject:
        w_.emit(i);
        return true;  // top level: no translation needed
      case Op::EraseObject:
        erase_object(i.obj);
        return true;
      case Op::Set:
        return i.field == Field::Children ? (set_element(i), true) : set_field(i, reason);
      case Op::ArrayInsert:
        array_insert(i);
        return true;
      case Op::ArrayErase:
        array_erase(i);
        return true;
      case Op::ArrayMove:
        array_move(i);
        return true;
      case Op::Clear:
        clear(i);
        return true;
      case Op::ListUnion:
        return true;  // only the re-insert emits it, never a client
    }
    return true;
  }

  /// operator()(EraseObject): obj->remove(), so links to it are erased, not left dangling.
  void erase_object(NoteId id) {
    for (const ErasedLink& e : erase_object_with_links(w_, id))
      if (auto it = lists_.find(e.list); it != lists_.end()) it->second.on_remote_erase(e.index);
  }

  /// operator()(Update) on a property: applied when the object exists. A property the new
  /// schema lacks makes the path invalid: ClientResetFailed.
  bool set_field(const Instr& i, std::string& reason) {
    if (!w_.state.contains(i.obj)) return true;  // "operates on a deleted object": dropped
    if (!field_in_schema(in_, i.field)) {
      reason = "Set of field f" + std::to_string(static_cast<int>(i.field)) + " of " +
               note_name(i.obj) + ", which the new schema lacks";
      return false;
    }
    w_.emit(i);
    return true;
  }

  /// Tracker of a list the recovery may touch; nullptr when the instruction is dropped
  /// (the owner is missing, or the list was copied and frozen).
  ListTracker* tracker(NoteId obj) {
    if (!w_.state.contains(obj)) return nullptr;
    ListTracker& t = lists_[obj];
    return t.frozen() ? nullptr : &t;
  }

  /// operator()(Update) on a list element.
  void set_element(const Instr& i) {
    ListTracker* t = tracker(i.obj);
    if (t == nullptr) return;
    if (auto remote = t->update(i.index)) {
      Instr x = i;
      x.index = *remote;
      w_.emit(x);
    }
  }

  /// operator()(ArrayInsert): links to missing objects are dropped before anything else.
  void array_insert(const Instr& i) {
    if (!w_.state.contains(i.link())) return;
    ListTracker* t = tracker(i.obj);
    if (t == nullptr) return;
    if (auto remote = t->insert(i.index, w_.state.find(i.obj)->children.size())) {
      Instr x = i;
      x.index = *remote;
      w_.emit(x);
    }
  }

  void array_erase(const Instr& i) {
    ListTracker* t = tracker(i.obj);
    if (t == nullptr) return;
    if (auto remote = t->remove(i.index)) {
      Instr x = i;
      x.index = *remote;
      w_.emit(x);
    }
  }

  void array_move(const Instr& i) {
    ListTracker* t = tracker(i.obj);
    if (t == nullptr) return;
    Instr x = i;
    if (t->move(i.index, i.index2, x.index, x.index2) && x.index != x.index2) w_.emit(x);
  }

  /// operator()(Clear): applied to the fresh list as is; cancels a pending copy.
  void clear(const Instr& i) {
    ListTracker* t = tracker(i.obj);
    if (t == nullptr) return;
    t->clear();
    w_.emit(i);
  }

  /// copy_lists_with_unrecoverable_changes: every list marked for copy gets the backup's
  /// list, by primary key, minus links to objects missing now (realm-core PR #7112: never resurrect
  /// an object the server deleted). Skipped when the owner is missing on either side.
  void copy_lists(bool freeze_after) {
    for (auto& [obj, t] : lists_) {
      if (!t.requires_copy()) continue;
      if (freeze_after)
        t.freeze();
      else
        t.clear();
      if (!w_.state.contains(obj) || !in_.backup->contains(obj)) continue;
      std::vector<NoteId> want;
      for (NoteId c : in_.backup->visible_children(obj))
        if (w_.state.contains(c)) want.push_back(c);
      assign_children(
          w_, obj, want,
          in_.write_style == WriteStyle::Overwrite ? ListDiff::ClearAll : ListDiff::PrefixSuffix);
    }
  }

  const ResetInput& in_;
  Writer w_;
  std::map<NoteId, ListTracker> lists_;  ///< ordered: copies happen in a fixed order
};

}  // namespace

ResetOutcome recover(const ResetInput& in, bool& ok, std::string& reason) {
  Recovery r(in);
  ok = r.run(reason);
  return ok ? r.outcome() : ResetOutcome{};
}

}  // namespace syncsim::model::reset_detail
