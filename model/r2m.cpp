#include "model/r2m.h"

#include "model/assert.h"
#include "model/planted.h"

namespace syncsim::model {

namespace {
bool is_list_write(const Instr& i) {
  return i.op == Op::ArrayInsert || i.op == Op::ArrayErase || i.op == Op::ArrayMove ||
         i.op == Op::Clear || i.op == Op::ListUnion;
}
void write_part(const Changeset& cs, Atlas& atlas, WritePart part) {
  for (const auto& i : cs.instrs) {
    if (part == WritePart::ListsOnly && !is_list_write(i)) continue;
    if (part == WritePart::DocsOnly && is_list_write(i)) continue;
    atlas.apply(i);
  }
}
}  // namespace

void R2M::step(const Server& s, Atlas& atlas, const Policy& p) {
  SYNCSIM_ASSERT(cursor_ < s.head(), "r2m steps only with a history entry to translate");
  const Changeset& cs = s.entry(cursor_ + 1).cs;
  const bool first_insert = cs.tag.kind == Tag::Insert && cs.client_version == 1;
  const bool skip = (p.r2m_skip_mongo_origin && cs.origin == kTranslatorIdent) ||
                    (SYNCSIM_PLANTED(R2MSkipsFirstInsert) && first_insert);
  const bool no_docs = SYNCSIM_PLANTED(R2MSkipsFirstInsertDoc) && first_insert;
  // Planted: an edit at the head of history is written but r2m's cursor stays on it.
  const bool stuck = SYNCSIM_PLANTED(R2MRetranslatesHeadEdit) && cs.tag.kind == Tag::Edit &&
                     cursor_ + 1 == s.head();
  if (p.r2m_atomic) {
    if (!skip) write_part(cs, atlas, no_docs ? WritePart::ListsOnly : WritePart::All);
    if (!stuck) ++cursor_;
    return;
  }
  // H2: the parent's array is written before the child document.
  if (!half_done_) {
    if (!skip) write_part(cs, atlas, WritePart::ListsOnly);
    half_done_ = true;
    return;
  }
  if (!skip && !no_docs) write_part(cs, atlas, WritePart::DocsOnly);
  half_done_ = false;
  if (!stuck) ++cursor_;
}

void R2M::drain(const Server& s, Atlas& atlas, const Policy& p) {
  while (cursor_ < s.head() || half_done_) step(s, atlas, p);
}

}  // namespace syncsim::model
