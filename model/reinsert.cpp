#include "model/reinsert.h"

namespace syncsim::model {

Changeset reinsert_changeset(NoteId id, const Doc& d, const Atlas::Map& source, const Policy& p) {
  Changeset cs;
  auto& v = cs.instrs;
  v.push_back(Instr{.op = Op::CreateObject, .obj = id});
  v.push_back(Instr{.op = Op::Set, .field = Field::Text, .obj = id, .value = d.text});
  v.push_back(Instr{.op = Op::Set, .field = Field::IsRoot, .obj = id, .value = d.is_root});
  v.push_back(Instr{.op = Op::Set, .field = Field::Owner, .obj = id, .value = d.owner});
  const bool merge = p.reinsert_lists == ReinsertLists::MergeUnion;
  if (!merge) v.push_back(Instr{.op = Op::Clear, .obj = id});
  std::uint32_t idx = 0;
  for (NoteId child : d.children) {
    // H2: resolving the relationship drops refs to documents that do not exist (yet).
    if (p.reinsert_drops_unresolved && !source.contains(child)) continue;
    const Op op = merge ? Op::ListUnion : Op::ArrayInsert;
    v.push_back(
        Instr{.op = op, .obj = id, .index = idx++, .value = static_cast<std::int64_t>(child)});
  }
  return cs;
}

void record_unresolved(Recorder& rec, NoteId id, const Doc& d, const Atlas::Map& source,
                       const Tag& by) {
  rec.replica = kServerReplica;
  for (NoteId child : d.children)
    if (!source.contains(child)) rec.add(loss(Cause::TranslatorUnresolved, child, id, Tag{}, by));
}

}  // namespace syncsim::model
