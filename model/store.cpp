#include "model/store.h"

#include <algorithm>

#include "model/assert.h"

namespace syncsim::model {

std::int64_t get_field(const Note& n, Field f) {
  switch (f) {
    case Field::Text:
      return n.text;
    case Field::IsRoot:
      return n.is_root ? 1 : 0;
    case Field::Owner:
      return n.owner;
    case Field::LastUpdated:
      return n.last_updated;
    default:
      break;
  }
  for (const auto& [k, v] : n.extra)
    if (k == static_cast<std::uint8_t>(f)) return v;
  return 0;
}

namespace {

/// A field added by a schema change: kept out of set_field's line so that the common case
/// (a core field, every insert sets four) stays a leaf function without a stack frame.
[[gnu::noinline]] void set_extra_field(Note& n, Field f, std::int64_t v) {
  for (auto& [k, val] : n.extra)
    if (k == static_cast<std::uint8_t>(f)) {
      val = v;
      return;
    }
  n.extra.emplace_back(static_cast<std::uint8_t>(f), v);
  std::sort(n.extra.begin(), n.extra.end());
}

}  // namespace

void set_field(Note& n, Field f, std::int64_t v) {
  switch (f) {
    case Field::Text:
      n.text = v;
      return;
    case Field::IsRoot:
      n.is_root = v != 0;
      return;
    case Field::Owner:
      n.owner = static_cast<UserId>(v);
      return;
    case Field::LastUpdated:
      n.last_updated = v;
      return;
    case Field::Children:
      return;
    default:
      set_extra_field(n, f, v);
  }
}

std::vector<NoteId> Store::visible_children(NoteId id) const {
  std::vector<NoteId> out;
  if (const Note* n = find(id))
    for (NoteId c : n->children)
      if (contains(c)) out.push_back(c);
  return out;
}

bool Store::has_visible_children(NoteId id) const {
  const Note* n = find(id);
  return n != nullptr &&
         std::any_of(n->children.begin(), n->children.end(), [&](NoteId c) { return contains(c); });
}

bool Store::find_parent(NoteId child, NoteId& parent, std::uint32_t& index) const {
  SYNCSIM_ASSERT(contains(child), "the note whose parent is looked up exists");
  for (const auto& [id, n] : notes()) {
    auto it = std::find(n.children.begin(), n.children.end(), child);
    if (it != n.children.end()) {
      parent = id;
      index = static_cast<std::uint32_t>(it - n.children.begin());
      return true;
    }
  }
  return false;
}

bool Store::is_descendant(NoteId of, NoteId candidate) const {
  SYNCSIM_ASSERT(contains(of), "the note whose subtree is searched exists");
  boost::container::small_vector<NoteId, 16> todo{of};
  boost::container::small_vector<NoteId, 16> seen;
  while (!todo.empty()) {
    const NoteId v = todo.back();
    todo.pop_back();
    if (v == candidate) return true;
    if (std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
    seen.push_back(v);
    if (const Note* n = find(v))
      for (NoteId c : n->children)
        if (contains(c)) todo.push_back(c);
  }
  return false;
}

void Store::apply(const Instr& i) {
  SYNCSIM_ASSERT(!i.discarded, "a discarded instruction is never applied");
  if (i.op == Op::CreateObject) {
    notes_.get_or_create(i.obj);  // idempotent
    return;
  }
  if (i.op == Op::EraseObject) {
    notes_.erase(i.obj);  // links to it elsewhere become hidden tombstones
    return;
  }
  Note* n = find(i.obj);
  if (n == nullptr) return;  // instruction on a missing object: no-op, as in realm
  if (i.op == Op::Set) return set_field(*n, i.field, i.value);
  apply_list(n->children, i);
}

void Store::apply_list(Links& list, const Instr& i) {
  switch (i.op) {
    case Op::ArrayInsert:
      make_room(list);
      SYNCSIM_ASSERT(list.size() < list.capacity(), "make_room leaves room for one more link");
      if (i.index > list.size()) {
        ++index_anomalies_;
        list.push_back(i.link());
      } else {
        list.insert(list.begin() + i.index, i.link());
      }
      break;
    case Op::ArrayErase:
      if (i.index >= list.size()) {
        ++index_anomalies_;
      } else {
        list.erase(list.begin() + i.index);
      }
      break;
    case Op::ArrayMove:
      if (i.index >= list.size() || i.index2 >= list.size()) {
        ++index_anomalies_;
      } else {
        const NoteId v = list[i.index];
        list.erase(list.begin() + i.index);
        list.insert(list.begin() + i.index2, v);
      }
      break;
    case Op::Clear:
      list.clear();
      break;
    case Op::ListUnion:
      if (std::find(list.begin(), list.end(), i.link()) == list.end()) {
        make_room(list);
        list.push_back(i.link());
      }
      break;
    default:
      break;
  }
}

void Store::keep_only(UserId user) {
  notes_.erase_if([&](const auto& kv) { return !subscribed(user, kv.second.owner); });
}

}  // namespace syncsim::model
