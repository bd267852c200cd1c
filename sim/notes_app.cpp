#include "sim/notes_app.h"

#include <algorithm>

namespace syncsim::notes_app {

using model::Changeset;
using model::Field;
using model::Instr;
using model::NoteId;
using model::Op;

namespace {

Instr set(NoteId id, Field f, std::int64_t v) {
  return Instr{.op = Op::Set, .field = f, .obj = id, .value = v};
}

}  // namespace

void stamp_fields(Changeset& cs, std::int64_t ts) {
  std::vector<Instr> stamps;
  for (const auto& i : cs.instrs) {
    if (i.op == Op::Set && i.field == Field::Text)
      stamps.push_back(set(i.obj, Field::TextUpdated, ts));
    if (i.op == Op::ArrayInsert || i.op == Op::ArrayErase)
      stamps.push_back(set(i.obj, Field::ChildrenUpdated, ts));
  }
  cs.instrs.insert(cs.instrs.end(), stamps.begin(), stamps.end());
}

bool user_write(const model::Store& st, const WorkItem& w, model::UserId owner, std::int64_t ts,
                Changeset& cs) {
  auto& v = cs.instrs;
  cs.tag.note = w.note;
  NoteId parent = 0;
  std::uint32_t index = 0;
  switch (w.kind) {
    case WorkKind::Insert: {
      const model::Note* p = st.find(w.parent);
      if (p == nullptr || st.contains(w.note))
        return false;  // the app cannot add under a missing parent
      cs.tag.kind = model::Tag::Insert;
      v.push_back(Instr{.op = Op::CreateObject, .obj = w.note});
      v.push_back(set(w.note, Field::Text, static_cast<std::int64_t>(w.note & 0xffffffff)));
      v.push_back(set(w.note, Field::IsRoot, 0));
      v.push_back(set(w.note, Field::Owner, owner));
      v.push_back(set(w.note, Field::LastUpdated, ts));
      v.push_back(Instr{.op = Op::ArrayInsert,
                        .obj = w.parent,
                        .index = static_cast<std::uint32_t>(p->children.size()),
                        .value = static_cast<std::int64_t>(w.note)});
      v.push_back(set(w.parent, Field::LastUpdated, ts));
      break;
    }
    case WorkKind::Edit: {
      const model::Note* n = st.find(w.note);
      if (n == nullptr) return false;
      cs.tag.kind = model::Tag::Edit;
      v.push_back(set(w.note, Field::Text, n->text + 1));
      v.push_back(set(w.note, Field::LastUpdated, ts));
      break;
    }
    case WorkKind::Delete: {
      if (!st.contains(w.note) || st.has_visible_children(w.note)) return false;  // leaves only
      if (!st.find_parent(w.note, parent, index)) return false;
      cs.tag.kind = model::Tag::Delete;
      v.push_back(Instr{.op = Op::ArrayErase, .obj = parent, .index = index});
      v.push_back(Instr{.op = Op::EraseObject, .obj = w.note});
      v.push_back(set(parent, Field::LastUpdated, ts));
      break;
    }
    case WorkKind::Move: {
      const model::Note* to = st.find(w.parent);
      if (to == nullptr || !st.contains(w.note) || st.is_descendant(w.note, w.parent)) return false;
      if (!st.find_parent(w.note, parent, index)) return false;
      cs.tag.kind = model::Tag::Move;
      std::uint32_t at = static_cast<std::uint32_t>(to->children.size());
      if (parent == w.parent) --at;
      v.push_back(Instr{.op = Op::ArrayErase, .obj = parent, .index = index});
      v.push_back(Instr{.op = Op::ArrayInsert,
                        .obj = w.parent,
                        .index = at,
                        .value = static_cast<std::int64_t>(w.note)});
      v.push_back(set(parent, Field::LastUpdated, ts));
      v.push_back(set(w.parent, Field::LastUpdated, ts));
      break;
    }
    default:
      return false;
  }
  return true;
}

void log_updates(const Changeset& cs, std::vector<model::UpdateRecord>& updates) {
  for (const auto& i : cs.instrs) {
    if (i.op == Op::Set && i.field != Field::LastUpdated) {
      updates.push_back({i.obj, i.field, cs.origin_ts});
    } else if (i.op == Op::ArrayInsert || i.op == Op::ArrayErase || i.op == Op::ArrayMove ||
               i.op == Op::Clear) {
      updates.push_back({i.obj, Field::Children, cs.origin_ts});
    }
  }
}

bool has_listener(model::ResetMode mode) {
  return mode == model::ResetMode::ManualByObject || mode == model::ResetMode::ManualByField ||
         mode == model::ResetMode::ManualUpdatesLog ||
         mode == model::ResetMode::ManualOverwriteBackend;
}

}  // namespace syncsim::notes_app
