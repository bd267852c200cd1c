#include "tests/differential/realm/realm_replica.h"

#include <realm/db.hpp>
#include <realm/history.hpp>
#include <realm/list.hpp>
#include <realm/sync/changeset.hpp>
#include <realm/sync/changeset_encoder.hpp>
#include <realm/sync/changeset_parser.hpp>
#include <realm/sync/instruction_applier.hpp>
#include <realm/transaction.hpp>
#include <realm/util/input_stream.hpp>
#include <stdexcept>

namespace syncsim::differential {

namespace instr = realm::sync::instr;
using model::Field;
using model::Op;

namespace {

constexpr const char* kClass = "Note";  // realm's table is "class_Note"
constexpr int kExtraFields = 4;         // Field::Extra + 0..3: a schema change's new fields

std::string field_name(Field f) {
  switch (f) {
    case Field::Children:
      return "children";
    case Field::Text:
      return "text";
    case Field::IsRoot:
      return "is_root";
    case Field::Owner:
      return "owner";
    case Field::LastUpdated:
      return "last_updated";
    case Field::TextUpdated:
      return "text_updated";
    case Field::ChildrenUpdated:
      return "children_updated";
    default:
      break;
  }
  return "extra" + std::to_string(static_cast<int>(f) - static_cast<int>(Field::Extra));
}

const char* const kIntFields[] = {"text",         "is_root",      "owner",
                                  "last_updated", "text_updated", "children_updated"};

/// The pieces every instruction of a changeset repeats, interned once.
struct Names {
  explicit Names(realm::sync::Changeset& cs)
      : table(cs.intern_string(kClass)), children(cs.intern_string("children")) {}
  realm::sync::InternString table;
  realm::sync::InternString children;
};

instr::PrimaryKey key_of(NoteId id) {
  return instr::PrimaryKey{static_cast<std::int64_t>(id)};
}

template <class I>
I object_instr(const Names& n, NoteId obj) {
  I i;
  i.table = n.table;
  i.object = key_of(obj);
  return i;
}

template <class I>
I list_instr(const Names& n, NoteId obj) {
  I i = object_instr<I>(n, obj);
  i.field = n.children;
  return i;
}

/// Realm's instruction for one model list instruction; `size` is the list's size before it
/// and is updated to the size after it.
void push_list_instr(realm::sync::Changeset& out, const Names& n, const model::Instr& i,
                     std::uint32_t& size) {
  switch (i.op) {
    case Op::ArrayInsert: {
      auto a = list_instr<instr::ArrayInsert>(n, i.obj);
      a.path.push_back(i.index);
      a.value = instr::Payload{instr::Payload::Link{n.table, key_of(i.link())}};
      a.prior_size = size++;
      return out.push_back(a);
    }
    case Op::ArrayErase: {
      auto a = list_instr<instr::ArrayErase>(n, i.obj);
      a.path.push_back(i.index);
      a.prior_size = size;
      size = size == 0 ? 0 : size - 1;
      return out.push_back(a);
    }
    case Op::ArrayMove: {
      auto a = list_instr<instr::ArrayMove>(n, i.obj);
      a.path.push_back(i.index);
      a.ndx_2 = i.index2;
      a.prior_size = size;
      return out.push_back(a);
    }
    case Op::Clear: {
      auto a = list_instr<instr::Clear>(n, i.obj);
      a.collection_type = instr::CollectionType::List;
      size = 0;
      return out.push_back(a);
    }
    default:
      throw std::logic_error("to_realm: unresolved " + model::to_string(i));
  }
}

}  // namespace

realm::sync::Changeset to_realm(const model::Changeset& cs, const ListSize& before) {
  realm::sync::Changeset out;
  const Names n(out);
  std::map<NoteId, std::uint32_t> sizes;  // lists this changeset has changed so far
  for (const auto& i : cs.instrs) {
    if (i.discarded) continue;
    switch (i.op) {
      case Op::CreateObject:
        out.push_back(object_instr<instr::CreateObject>(n, i.obj));
        break;
      case Op::EraseObject:
        out.push_back(object_instr<instr::EraseObject>(n, i.obj));
        sizes[i.obj] = 0;  // a later CreateObject starts an empty list
        break;
      case Op::Set: {
        auto u = object_instr<instr::Update>(n, i.obj);
        u.field = out.intern_string(field_name(i.field));
        u.value = instr::Payload{i.value};
        u.is_default = i.is_default;
        out.push_back(u);
        break;
      }
      default: {
        auto [it, fresh] = sizes.try_emplace(i.obj, 0);
        if (fresh) it->second = before(i.obj);
        push_list_instr(out, n, i, it->second);
      }
    }
  }
  return out;
}

std::string encode(const realm::sync::Changeset& cs) {
  realm::sync::ChangesetEncoder::Buffer buf;
  realm::sync::encode_changeset(cs, buf);
  return std::string(buf.data(), buf.size());
}

realm::sync::Changeset decode(const std::string& bytes) {
  realm::util::SimpleInputStream in({bytes.data(), bytes.size()});
  realm::sync::Changeset cs;
  realm::sync::parse_changeset(in, cs);
  return cs;
}

ListSize sizes_of(const model::Store& store) {
  return [&store](NoteId id) {
    const model::Note* note = store.find(id);
    return note == nullptr ? 0u : static_cast<std::uint32_t>(note->children.size());
  };
}

ReplicaView view_of(const model::Store& store) {
  ReplicaView v;
  for (const auto& [id, note] : store.notes())
    v[id] = NoteView{note.text, note.is_root ? 1 : 0, note.owner, note.last_updated,
                     std::vector<NoteId>(note.children.begin(), note.children.end())};
  return v;
}

namespace {
std::string describe(const NoteView& n) {
  std::string s = "text=" + std::to_string(n.text) + " is_root=" + std::to_string(n.is_root) +
                  " owner=" + std::to_string(n.owner) +
                  " last_updated=" + std::to_string(n.last_updated) + " children=[";
  for (std::size_t k = 0; k < n.children.size(); ++k)
    s += (k ? " " : "") + model::note_name(n.children[k]);
  return s + "]";
}
}  // namespace

std::string first_difference(const ReplicaView& model_side, const ReplicaView& realm_side) {
  for (const auto& [id, note] : model_side) {
    auto it = realm_side.find(id);
    if (it == realm_side.end()) return model::note_name(id) + ": in the model, not in realm";
    if (!(it->second == note))
      return model::note_name(id) + ": model {" + describe(note) + "} realm {" +
             describe(it->second) + "}";
  }
  for (const auto& [id, note] : realm_side)
    if (!model_side.contains(id)) return model::note_name(id) + ": in realm, not in the model";
  return "";
}

RealmReplica::RealmReplica() : db_(realm::DB::create(realm::make_in_realm_history())) {
  auto tr = db_->start_write();
  auto table =
      tr->add_table_with_primary_key(std::string("class_") + kClass, realm::type_Int, "_id");
  for (const char* f : kIntFields) table->add_column(realm::type_Int, f);
  for (int k = 0; k < kExtraFields; ++k)
    table->add_column(realm::type_Int,
                      field_name(static_cast<Field>(static_cast<int>(Field::Extra) + k)));
  table->add_column_list(*table, "children");
  tr->commit();
}

RealmReplica::~RealmReplica() {
  end_case();
}

void RealmReplica::begin_case() {
  end_case();
  tr_ = db_->start_write();
}

void RealmReplica::end_case() {
  if (tr_) tr_->rollback();
  tr_.reset();
}

void RealmReplica::apply(const realm::sync::Changeset& cs) {
  realm::sync::InstructionApplier applier(*tr_);
  applier.apply(cs);
}

ReplicaView RealmReplica::view() const {
  ReplicaView v;
  auto table = tr_->get_table(std::string("class_") + kClass);
  const auto col = [&](const char* name) { return table->get_column_key(name); };
  const auto c_text = col("text"), c_root = col("is_root"), c_owner = col("owner"),
             c_upd = col("last_updated");
  const auto c_children = col("children");
  for (const realm::Obj& obj : *table) {
    NoteView n{obj.get<std::int64_t>(c_text),
               obj.get<std::int64_t>(c_root),
               obj.get<std::int64_t>(c_owner),
               obj.get<std::int64_t>(c_upd),
               {}};
    auto list = obj.get_list<realm::ObjKey>(c_children);
    for (std::size_t k = 0; k < list.size(); ++k)
      n.children.push_back(static_cast<NoteId>(table->get_primary_key(list.get(k)).get_int()));
    v[static_cast<NoteId>(obj.get_primary_key().get_int())] = std::move(n);
  }
  return v;
}

}  // namespace syncsim::differential
