// Loss events recorded where a write's effect on the tree is dropped (docs/explain.md).
#include "model/explain.h"

#include <algorithm>

#include "model/store.h"

namespace syncsim::model {
namespace {

bool in_links(const Links& list, NoteId n) {
  return std::find(list.begin(), list.end(), n) != list.end();
}

/// The unacknowledged changeset whose ArrayInsert linked `n`, newest first; Other if none.
Tag linking_write(const std::vector<Changeset>& unacked, NoteId n) {
  for (auto cs = unacked.rbegin(); cs != unacked.rend(); ++cs)
    for (const auto& i : cs->instrs)
      if ((i.op == Op::ArrayInsert || i.op == Op::ListUnion) && i.link() == n) return cs->tag;
  return Tag{};
}

}  // namespace

void apply_recorded(Store& st, const Changeset& cs, Recorder* rec) {
  if (rec == nullptr) return st.apply(cs);
  std::vector<std::pair<NoteId, std::vector<NoteId>>> cleared;  // list -> visible links before
  for (const auto& i : cs.instrs)
    if (i.op == Op::Clear && !i.discarded && st.contains(i.obj))
      cleared.emplace_back(i.obj, st.visible_children(i.obj));
  st.apply(cs);
  for (const auto& [list, before] : cleared) {
    const Note* after = st.find(list);
    for (NoteId n : before)
      if (after == nullptr || !in_links(after->children, n))
        rec->add(loss(Cause::ClearOverwrites, n, list, Tag{}, cs.tag));
  }
}

void record_reset_losses(Recorder& rec, const Store& backup, const Store& fresh, const Store& after,
                         const std::vector<Changeset>& unacked, Cause cause) {
  std::vector<std::pair<NoteId, NoteId>> done;  // (list, note)
  for (const Store* before : {&backup, &fresh})
    for (const auto& [id, parent] : before->notes())
      for (NoteId n : parent.children) {
        const Note* kept = after.find(id);
        if (!before->contains(n) ||
            (kept != nullptr && after.contains(n) && in_links(kept->children, n)))
          continue;
        if (std::find(done.begin(), done.end(), std::pair{id, n}) != done.end()) continue;
        done.emplace_back(id, n);
        rec.add(loss(cause, n, id, linking_write(unacked, n)));
      }
}

}  // namespace syncsim::model
