#include "tests/differential/realm/writes.h"

#include <algorithm>
#include <stdexcept>

namespace syncsim::differential {

using model::Field;
using model::Instr;
using model::Op;

namespace {

Instr set(NoteId id, Field f, std::int64_t v) {
  return Instr{.op = Op::Set, .field = f, .obj = id, .value = v};
}

Instr insert(NoteId list, std::uint32_t index, NoteId link) {
  return Instr{
      .op = Op::ArrayInsert, .obj = list, .index = index, .value = static_cast<std::int64_t>(link)};
}

void create_note(model::Instrs& v, NoteId id, bool is_root, std::int64_t ts) {
  v.push_back(Instr{.op = Op::CreateObject, .obj = id});
  v.push_back(set(id, Field::Text, static_cast<std::int64_t>(id & 0xffffffff)));
  v.push_back(set(id, Field::IsRoot, is_root ? 1 : 0));
  v.push_back(set(id, Field::Owner, kUser));
  v.push_back(set(id, Field::LastUpdated, ts));
}

std::uint32_t list_size(const model::Note& n) {
  return static_cast<std::uint32_t>(n.children.size());
}

bool write_insert(const model::Store& st, const Action& a, std::int64_t ts, model::Changeset& cs) {
  const model::Note* p = st.find(a.parent);
  if (p == nullptr || st.contains(a.note)) return false;
  create_note(cs.instrs, a.note, false, ts);
  cs.instrs.push_back(insert(a.parent, list_size(*p), a.note));
  cs.instrs.push_back(set(a.parent, Field::LastUpdated, ts));
  cs.tag.kind = model::Tag::Insert;
  return true;
}

bool write_delete(const model::Store& st, const Action& a, std::int64_t ts, model::Changeset& cs) {
  NoteId parent = 0;
  std::uint32_t index = 0;
  if (!st.contains(a.note) || st.has_visible_children(a.note)) return false;  // leaves only
  if (!st.find_parent(a.note, parent, index)) return false;
  cs.instrs.push_back(Instr{.op = Op::ArrayErase, .obj = parent, .index = index});
  cs.instrs.push_back(Instr{.op = Op::EraseObject, .obj = a.note});
  cs.instrs.push_back(set(parent, Field::LastUpdated, ts));
  cs.tag.kind = model::Tag::Delete;
  return true;
}

bool write_move(const model::Store& st, const Action& a, std::int64_t ts, model::Changeset& cs) {
  const model::Note* to = st.find(a.parent);
  NoteId parent = 0;
  std::uint32_t index = 0;
  if (to == nullptr || !st.contains(a.note) || st.is_descendant(a.note, a.parent)) return false;
  if (!st.find_parent(a.note, parent, index)) return false;
  std::uint32_t at = list_size(*to);
  if (parent == a.parent) --at;
  cs.instrs.push_back(Instr{.op = Op::ArrayErase, .obj = parent, .index = index});
  cs.instrs.push_back(insert(a.parent, at, a.note));
  cs.instrs.push_back(set(parent, Field::LastUpdated, ts));
  cs.instrs.push_back(set(a.parent, Field::LastUpdated, ts));
  cs.tag.kind = model::Tag::Move;
  return true;
}

/// Clear, or Clear + the list again (a recovery's copy of a list, model/recovery.cpp).
bool write_clear(const model::Store& st, const Action& a, std::int64_t ts, bool copy,
                 model::Changeset& cs) {
  const model::Note* n = st.find(a.note);
  if (n == nullptr) return false;
  cs.instrs.push_back(Instr{.op = Op::Clear, .obj = a.note});
  if (copy)
    for (std::uint32_t k = 0; k < list_size(*n); ++k)
      cs.instrs.push_back(insert(a.note, k, n->children[k]));
  cs.instrs.push_back(set(a.note, Field::LastUpdated, ts));
  return true;
}

bool write_array_move(const model::Store& st, const Action& a, std::int64_t ts,
                      model::Changeset& cs) {
  const model::Note* n = st.find(a.note);
  if (n == nullptr || a.from >= list_size(*n) || a.to >= list_size(*n) || a.from == a.to)
    return false;
  cs.instrs.push_back(Instr{.op = Op::ArrayMove, .obj = a.note, .index = a.from, .index2 = a.to});
  cs.instrs.push_back(set(a.note, Field::LastUpdated, ts));
  return true;
}

}  // namespace

std::optional<model::Changeset> make_write(const model::Store& st, const Action& a,
                                           std::int64_t ts_ms) {
  model::Changeset cs;
  cs.tag.note = a.note;
  cs.tag.kind = model::Tag::Other;
  bool ok = false;
  switch (a.verb) {
    case Verb::Insert:
      ok = write_insert(st, a, ts_ms, cs);
      break;
    case Verb::Edit:
      if (const model::Note* n = st.find(a.note)) {
        cs.instrs.push_back(set(a.note, Field::Text, n->text + 1));
        cs.instrs.push_back(set(a.note, Field::LastUpdated, ts_ms));
        cs.tag.kind = model::Tag::Edit;
        ok = true;
      }
      break;
    case Verb::Delete:
      ok = write_delete(st, a, ts_ms, cs);
      break;
    case Verb::Move:
      ok = write_move(st, a, ts_ms, cs);
      break;
    case Verb::Clear:
      ok = write_clear(st, a, ts_ms, false, cs);
      break;
    case Verb::ClearCopy:
      ok = write_clear(st, a, ts_ms, true, cs);
      break;
    case Verb::ArrayMove:
      ok = write_array_move(st, a, ts_ms, cs);
      break;
    default:
      break;
  }
  if (!ok) return std::nullopt;
  cs.origin_ts = ts_ms;
  return cs;
}

std::optional<model::Changeset> make_reinsert(const model::Store& snapshot, NoteId note,
                                              bool merge) {
  const model::Note* d = snapshot.find(note);
  if (d == nullptr) return std::nullopt;
  model::Changeset cs;
  auto& v = cs.instrs;
  v.push_back(Instr{.op = Op::CreateObject, .obj = note});
  v.push_back(set(note, Field::Text, d->text));
  v.push_back(set(note, Field::IsRoot, d->is_root ? 1 : 0));
  v.push_back(set(note, Field::Owner, d->owner));
  if (!merge) v.push_back(Instr{.op = Op::Clear, .obj = note});
  std::uint32_t idx = 0;
  for (NoteId child : snapshot.visible_children(note)) {  // Atlas holds resolved references
    Instr i = insert(note, idx++, child);
    if (merge) i.op = Op::ListUnion;
    v.push_back(i);
  }
  cs.tag = model::Tag{.kind = model::Tag::Reinsert, .job = 1, .batch = 1};
  return cs;
}

model::Changeset make_bootstrap(const CaseSpec& spec) {
  model::Changeset cs;
  const NoteId root = model::root_of(kUser);
  create_note(cs.instrs, root, true, 0);
  std::vector<std::pair<NoteId, std::uint32_t>> sizes{{root, 0}};
  for (const auto& [note, parent_or_root] : spec.tree) {
    const NoteId parent = parent_or_root == 0 ? root : parent_or_root;
    create_note(cs.instrs, note, false, 0);
    auto it =
        std::find_if(sizes.begin(), sizes.end(), [&](const auto& s) { return s.first == parent; });
    if (it == sizes.end())
      throw std::invalid_argument("bootstrap: parent of " + model::note_name(note) +
                                  " not created before it");
    cs.instrs.push_back(insert(parent, it->second++, note));
    sizes.emplace_back(note, 0);
  }
  cs.tag.kind = model::Tag::Bootstrap;
  return cs;
}

}  // namespace syncsim::differential
