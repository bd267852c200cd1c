#include "model/atlas.h"

#include <algorithm>

namespace syncsim::model {

void Atlas::apply(const Instr& i) {
  if (i.discarded) return;
  if (i.op == Op::CreateObject) {
    docs_.get_or_create(i.obj);
    return;
  }
  if (i.op == Op::EraseObject) {
    docs_.erase(i.obj);
    return;
  }
  Doc* found = docs_.find(i.obj);
  if (found == nullptr) return;
  Doc& d = *found;
  auto& a = d.children;
  switch (i.op) {
    case Op::Set:
      if (i.field == Field::Text) d.text = i.value;
      if (i.field == Field::Owner) d.owner = static_cast<UserId>(i.value);
      if (i.field == Field::IsRoot) d.is_root = i.value != 0;
      if (i.field == Field::LastUpdated) d.last_updated = i.value;
      break;
    case Op::ArrayInsert:
      make_room(a);
      a.insert(a.begin() + std::min<std::size_t>(i.index, a.size()), i.link());
      break;
    case Op::ArrayErase:
      if (i.index < a.size()) a.erase(a.begin() + i.index);
      break;
    case Op::ArrayMove:
      if (i.index < a.size() && i.index2 < a.size()) {
        const NoteId v = a[i.index];
        a.erase(a.begin() + i.index);
        a.insert(a.begin() + i.index2, v);
      }
      break;
    case Op::Clear:
      a.clear();
      break;
    case Op::ListUnion:
      if (std::find(a.begin(), a.end(), i.link()) == a.end()) a.push_back(i.link());
      break;
    default:
      break;
  }
}

}  // namespace syncsim::model
