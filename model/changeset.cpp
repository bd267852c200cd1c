#include "model/changeset.h"

namespace syncsim::model {

std::string tag_name(const Tag& t) {
  switch (t.kind) {
    case Tag::Bootstrap:
      return "bootstrap";
    case Tag::Insert:
      return note_name(t.note);
    case Tag::Edit:
      return "edit:" + note_name(t.note);
    case Tag::Delete:
      return "delete:" + note_name(t.note);
    case Tag::Move:
      return "move:" + note_name(t.note);
    case Tag::Reinsert:
      return "reinsert." + std::to_string(t.job) + "." + std::to_string(t.batch);
    case Tag::Upgrade:
      return "upgrade";
    case Tag::Other:
      return "other";
    case Tag::Reset:
      return "reset.c" + std::to_string(t.job) + "." + std::to_string(t.batch);
    case Tag::Migrate:  // an upgrade's migration, or the migration of a received note
      if (t.note != 0) return "migrate.c" + std::to_string(t.job) + ":" + note_name(t.note);
      return "migrate.c" + std::to_string(t.job) + ".v" + std::to_string(t.batch);
  }
  return "?";
}

namespace {
const char* op_name(Op op) {
  switch (op) {
    case Op::CreateObject:
      return "CreateObject";
    case Op::EraseObject:
      return "EraseObject";
    case Op::Set:
      return "Set";
    case Op::ArrayInsert:
      return "ArrayInsert";
    case Op::ArrayErase:
      return "ArrayErase";
    case Op::ArrayMove:
      return "ArrayMove";
    case Op::Clear:
      return "Clear";
    case Op::ListUnion:
      return "ListUnion";
  }
  return "?";
}
}  // namespace

std::string to_string(const Instr& i) {
  std::string s = op_name(i.op);
  s += "(" + note_name(i.obj);
  switch (i.op) {
    case Op::Set:
      s += ", f" + std::to_string(static_cast<int>(i.field)) + ", " + std::to_string(i.value);
      if (i.is_default) s += ", default";
      break;
    case Op::ArrayInsert:
    case Op::ListUnion:
      s += ", children, " + std::to_string(i.index) + ", " + note_name(i.link());
      break;
    case Op::ArrayErase:
      s += ", children, " + std::to_string(i.index);
      break;
    case Op::ArrayMove:
      s += ", children, " + std::to_string(i.index) + ", " + std::to_string(i.index2);
      break;
    case Op::Clear:
      s += ", children";
      break;
    default:
      break;
  }
  s += ")";
  if (i.discarded) s += " [discarded]";
  return s;
}

std::string to_string(const Changeset& c) {
  std::string s = tag_name(c.tag) + " origin=" + std::to_string(c.origin) +
                  " ts=" + std::to_string(c.origin_ts) +
                  " liv=" + std::to_string(c.last_integrated_version) + " {";
  for (const auto& i : c.instrs) s += " " + to_string(i) + ";";
  return s + " }";
}

}  // namespace syncsim::model
