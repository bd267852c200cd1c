// Client reset (spec §5): mode dispatch and the write helpers every mode shares.
// Recover and recover-or-discard live in recovery_realm.cpp, the four documented manual
// strategies in recovery_manual.cpp; docs/client-reset.md states each mode's rules.
#include "model/recovery.h"

#include <algorithm>

#include "model/assert.h"
#include "model/planted.h"

namespace syncsim::model {
namespace reset_detail {

void Writer::begin(const Tag& tag) {
  Changeset cs;
  cs.tag = tag;
  cs.origin_ts = ts;
  writes.push_back(std::move(cs));
}

void Writer::emit(const Instr& i) {
  if (writes.empty()) begin();
  state.apply(i);
  writes.back().instrs.push_back(i);
}

void Writer::end() {
  if (!writes.empty() && writes.back().instrs.empty()) writes.pop_back();
}

namespace {

Instr list_insert(NoteId obj, std::uint32_t at, NoteId link) {
  return Instr{
      .op = Op::ArrayInsert, .obj = obj, .index = at, .value = static_cast<std::int64_t>(link)};
}
Instr list_erase(NoteId obj, std::uint32_t at) {
  return Instr{.op = Op::ArrayErase, .obj = obj, .index = at};
}

/// Raw position of the `visible`-th visible element of `obj`'s list; the raw size when
/// `visible` is the visible count (realm's LnkLst virtual-to-real index translation).
std::uint32_t raw_index(const Store& st, NoteId obj, std::size_t visible) {
  const Note* n = st.find(obj);
  std::size_t seen = 0;
  for (std::size_t k = 0; k < n->children.size(); ++k) {
    if (!st.contains(n->children[k])) continue;  // hidden tombstone
    if (seen == visible) return static_cast<std::uint32_t>(k);
    ++seen;
  }
  return static_cast<std::uint32_t>(n->children.size());
}

/// Element `at` (visible index) replaced by `link`: the model has no list-element Set, so it
/// is an erase and an insert at the same raw position.
void replace_at(Writer& w, NoteId obj, std::size_t at, NoteId link) {
  const std::uint32_t raw = raw_index(w.state, obj, at);
  w.emit(list_erase(obj, raw));
  w.emit(list_insert(obj, raw, link));
}

void assign_clear_all(Writer& w, NoteId obj, const std::vector<NoteId>& want) {
  // realm's Lst::clear() replicates a Clear only when the list is non-empty.
  if (!w.state.find(obj)->children.empty()) w.emit(Instr{.op = Op::Clear, .obj = obj});
  for (std::size_t i = 0; i < want.size(); ++i)
    w.emit(list_insert(obj, static_cast<std::uint32_t>(i), want[i]));
}

/// realm-core src/realm/object_converter.cpp InterRealmValueConverter::copy_list: keep the
/// longest common prefix and suffix, replace the middle element-wise, then insert or erase.
void assign_prefix_suffix(Writer& w, NoteId obj, const std::vector<NoteId>& src) {
  const std::vector<NoteId> dst = w.state.visible_children(obj);
  const std::size_t len_src = src.size();
  std::size_t len_dst = dst.size();
  std::size_t len_min = std::min(len_src, len_dst);
  std::size_t ndx = 0;
  while (ndx < len_min && src[ndx] == dst[ndx]) ++ndx;
  std::size_t suffix = 0;
  while (suffix < len_min - ndx && src[len_src - 1 - suffix] == dst[len_dst - 1 - suffix]) ++suffix;
  len_min -= ndx + suffix;
  for (std::size_t i = 0; i < len_min; ++i, ++ndx)
    if (src[ndx] != dst[ndx]) replace_at(w, obj, ndx, src[ndx]);
  for (; len_dst < len_src; ++len_dst, ++ndx)
    w.emit(list_insert(obj, raw_index(w.state, obj, ndx), src[ndx]));
  // Lst::remove(from, to) erases from the back.
  for (std::size_t k = len_dst - suffix; k > len_src - suffix; --k)
    w.emit(list_erase(obj, raw_index(w.state, obj, k - 1)));
}

/// object-store List::assign under CreatePolicy::UpdateModified: element i replaced only if
/// it differs, then appends, then the tail erased from the back.
void assign_index_wise(Writer& w, NoteId obj, const std::vector<NoteId>& src) {
  const std::vector<NoteId> dst = w.state.visible_children(obj);
  std::size_t sz = dst.size();
  std::size_t index = 0;
  for (NoteId link : src) {
    if (index < sz) {
      if (dst[index] != link) replace_at(w, obj, index, link);
    } else {
      w.emit(list_insert(obj, raw_index(w.state, obj, index), link));
    }
    ++index;
  }
  while (index < sz) w.emit(list_erase(obj, raw_index(w.state, obj, --sz)));
}

}  // namespace

void assign_children(Writer& w, NoteId obj, const std::vector<NoteId>& want, ListDiff diff) {
  if (!w.state.contains(obj)) return;
  switch (diff) {
    case ListDiff::ClearAll:
      return assign_clear_all(w, obj, want);
    case ListDiff::PrefixSuffix:
      return assign_prefix_suffix(w, obj, want);
    case ListDiff::IndexWise:
      return assign_index_wise(w, obj, want);
  }
}

std::vector<ErasedLink> erase_object_with_links(Writer& w, NoteId id) {
  std::vector<ErasedLink> erased;
  if (!w.state.contains(id)) return erased;
  for (const auto& [owner, note] : w.state.notes())
    for (std::size_t k = note.children.size(); k-- > 0;)  // from the back: indices stay valid
      if (note.children[k] == id)
        erased.push_back(ErasedLink{owner, static_cast<std::uint32_t>(k)});
  for (const auto& e : erased) w.emit(list_erase(e.list, e.index));
  w.emit(Instr{.op = Op::EraseObject, .obj = id});
  return erased;
}

bool field_in_schema(const ResetInput& in, Field f) {
  if (static_cast<int>(f) < static_cast<int>(Field::Extra)) return true;
  return std::find(in.schema_extra_fields.begin(), in.schema_extra_fields.end(), f) !=
         in.schema_extra_fields.end();
}

std::vector<std::pair<Field, std::int64_t>> scalar_fields(const ResetInput& in, const Note& src) {
  std::vector<std::pair<Field, std::int64_t>> out = {
      {Field::Text, src.text},
      {Field::IsRoot, src.is_root ? 1 : 0},
      {Field::Owner, static_cast<std::int64_t>(src.owner)},
      {Field::LastUpdated, src.last_updated},
  };
  // Extra fields the backup object has: the per-field stamps, and schema fields the new
  // schema still has (a property the new schema lacks cannot be written by the app).
  for (const auto& [key, value] : src.extra) {
    const Field f = static_cast<Field>(key);
    if (field_in_schema(in, f)) out.emplace_back(f, value);
  }
  return out;
}

ResetOutcome discard(const ResetInput& in, std::string reason) {
  ResetOutcome out;
  out.applied = ResetMode::Discard;
  out.reason = std::move(reason);
  out.state = *in.fresh;
  return out;
}

ResetOutcome failure(const ResetInput& in, std::string reason) {
  ResetOutcome out;
  out.applied = ResetMode::Recover;
  out.failed = true;
  out.reason = std::move(reason);
  out.state = *in.backup;  // the app got an error; nothing was written
  return out;
}

}  // namespace reset_detail

namespace {

ResetOutcome recover_or_fail(const ResetInput& in) {
  bool ok = true;
  std::string reason;
  ResetOutcome out = reset_detail::recover(in, ok, reason);
  if (!ok) return reset_detail::failure(in, "recovery failed: " + reason);
  return out;
}

}  // namespace

namespace {

ResetOutcome apply_reset_mode(const ResetInput& in) {
  using namespace reset_detail;
  switch (in.mode) {
    case ResetMode::Discard:
      return discard(in, "");
    case ResetMode::Recover:
      // realm-core's reset_precheck_guard throws ClientResetFailed here: a second recovery on
      // top of an unacknowledged one could replay the first one's writes again.
      if (in.pending_reset || SYNCSIM_PLANTED(RecoverGuardAlwaysSet))
        return failure(in,
                       "a previous Recover reset was not acknowledged: giving up on Recover to "
                       "prevent a cycle");
      if (!in.recovery_allowed) return failure(in, "recovery disallowed by the server");
      return recover_or_fail(in);
    case ResetMode::RecoverOrDiscard:
      // realm-js 11.10 (the Stashpad app's default): no fallback within one attempt; a
      // disallowed or downgraded reset discards at once.
      if (!in.recovery_allowed) return discard(in, "recovery disallowed by the server: discarded");
      if (in.pending_reset)
        return discard(in, "downgraded to discard after a failed or unacknowledged reset");
      return recover_or_fail(in);
    case ResetMode::ManualByObject:
      return manual_by_object(in);
    case ResetMode::ManualOverwriteBackend:
      return manual_overwrite_backend(in);
    case ResetMode::ManualByField:
      return manual_by_field(in);
    case ResetMode::ManualUpdatesLog:
      return manual_updates_log(in);
  }
  return discard(in, "unknown reset mode");
}

/// ResetOutcome's contract: a failed reset writes nothing and leaves the backup; otherwise the
/// state is the fresh state with the writes applied (the writes are what the server will see).
bool keeps_contract(const ResetInput& in, const ResetOutcome& out) {
  if (out.failed) return out.writes.empty() && out.state == *in.backup;
  Store replayed = *in.fresh;
  for (const auto& w : out.writes) replayed.apply(w);
  return replayed == out.state;
}

}  // namespace

ResetOutcome client_reset(const ResetInput& in) {
  SYNCSIM_ASSERT(in.backup != nullptr && in.fresh != nullptr,
                 "backup and fresh states are required");
  ResetOutcome out = apply_reset_mode(in);
  SYNCSIM_ASSERT(!out.failed || out.writes.empty(), "a failed reset writes nothing");
  if (in.recorder != nullptr && !out.failed) {
    const Cause cause =
        out.applied == ResetMode::Discard ? Cause::ResetDiscard
        : out.applied == ResetMode::Recover || out.applied == ResetMode::RecoverOrDiscard
            ? Cause::ResetRecover
            : Cause::ResetManual;
    record_reset_losses(*in.recorder, *in.backup, *in.fresh, out.state, in.unacked, cause);
  }
  SYNCSIM_ASSERT_SLOW(keeps_contract(in, out),
                      "the reset's state is its writes on the fresh state");
  return out;
}

}  // namespace syncsim::model
