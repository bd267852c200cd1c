#pragma once
// Hand-built replicas for the checkers' tests: a note written with the model's own
// instructions (so a Store is only ever in a state the model can reach), and the Atlas
// documents equal to a Store's notes (what r2m writes).
#include <cstdint>
#include <vector>

#include "model/atlas.h"
#include "model/store.h"

namespace syncsim::test {

/// Creates `id` owned by `owner` with `text`, a root if its id is one, then appends `children`.
inline void put(model::Store& st, model::NoteId id, model::UserId owner,
                std::vector<model::NoteId> children = {}, std::int64_t text = 0) {
  using model::Op;
  st.apply(model::Instr{.op = Op::CreateObject, .obj = id});
  st.apply(model::Instr{.op = Op::Set, .field = model::Field::Owner, .obj = id, .value = owner});
  st.apply(model::Instr{.op = Op::Set, .field = model::Field::Text, .obj = id, .value = text});
  if (model::kind_of(id) == model::NoteKind::Root)
    st.apply(model::Instr{.op = Op::Set, .field = model::Field::IsRoot, .obj = id, .value = 1});
  for (model::NoteId c : children) {
    const auto at = static_cast<std::uint32_t>(st.find(id)->children.size());
    st.apply(model::Instr{
        .op = Op::ArrayInsert, .obj = id, .index = at, .value = static_cast<std::int64_t>(c)});
  }
}

/// Writes into `atlas` the document of every note of `st`.
inline void mirror(const model::Store& st, model::Atlas& atlas) {
  for (const auto& [id, n] : st.notes())
    atlas.put(id, model::Doc{n.text, n.owner, n.is_root, n.last_updated, n.children});
}

}  // namespace syncsim::test
