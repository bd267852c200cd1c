#include "model/transform.h"

#include <array>
#include <boost/container/small_vector.hpp>
#include <utility>

#include "model/assert.h"
#include "model/planted.h"

namespace syncsim::model {
namespace {

bool is_list_op(Op op) {
  return op == Op::ArrayInsert || op == Op::ArrayErase || op == Op::ArrayMove || op == Op::Clear ||
         op == Op::ListUnion;
}

/// Instructions whose path lies on the object `obj` (Sets and list ops), i.e. those a
/// concurrent EraseObject(obj) discards.
bool acts_on_object(const Instr& i, NoteId obj) {
  return i.obj == obj && (i.op == Op::Set || is_list_op(i.op));
}

/// EraseObject vs anything. Returns true when the pair was decided here.
bool merge_erase_object(Instr& x, Instr& y, bool x_first) {
  if (x.op != Op::EraseObject && y.op != Op::EraseObject) return false;
  if (x.op == Op::EraseObject && y.op == Op::EraseObject) {
    // Erased once: keep the later (timestamp, file ident) erase, as realm-core does
    // (DEFINE_MERGE(EraseObject, EraseObject): "We keep the most recent erase"). Discarding
    // both let an earlier changeset's Erase-Create-Erase-Create outlive a later Erase-Create
    // (realm-core test Transform_CreateEraseCreateSequencePreservesObject).
    if (x.obj == y.obj) (x_first ? x : y).discarded = true;
    return true;
  }
  Instr& erase = x.op == Op::EraseObject ? x : y;
  Instr& other = x.op == Op::EraseObject ? y : x;
  // Erase beats a concurrent create of the same object; paths on it are discarded. A link
  // *to* the erased object from another list is kept (a hidden tombstone).
  if (other.obj == erase.obj && (other.op == Op::CreateObject || acts_on_object(other, erase.obj)))
    (SYNCSIM_PLANTED(EraseLosesToConcurrentSet) && other.op == Op::Set ? erase : other).discarded =
        true;
  return true;
}

/// Clear vs anything nested under the cleared list (DEFINE_NESTED_MERGE(Clear)).
bool merge_clear(Instr& x, Instr& y, bool x_first) {
  if (x.op != Op::Clear && y.op != Op::Clear) return false;
  if (x.obj != y.obj || !is_list_op(x.op) || !is_list_op(y.op))
    return x.op == Op::Clear || y.op == Op::Clear;
  if (x.op == Op::Clear && y.op == Op::Clear) {
    // The lower (timestamp, file ident) Clear is discarded; its changeset's later inserts
    // then meet the winner's Clear and are discarded by it.
    (x_first ? x : y).discarded = true;
    return true;
  }
  if (!SYNCSIM_PLANTED(ClearDiscardsNothing))
    (x.op == Op::Clear ? y : x).discarded = true;  // whatever the timestamps, either side
  return true;
}

void merge_insert_insert(Instr& x, Instr& y, bool x_first) {
  if (x.index < y.index ||
      (x.index == y.index && (x_first || SYNCSIM_PLANTED(InsertTieOursFirst)))) {
    ++y.index;
  } else {
    ++x.index;
  }
}

void merge_insert_erase(Instr& ins, Instr& era) {
  if (ins.index <= era.index) {
    ++era.index;
  } else if (!SYNCSIM_PLANTED(InsertNotShiftedPastErase)) {
    --ins.index;
  }
}

void merge_erase_erase(Instr& x, Instr& y) {
  if (x.index == y.index) {
    x.discarded = y.discarded = true;  // the element is erased once
  } else if (x.index < y.index) {
    --y.index;
  } else {
    --x.index;
  }
}

// ArrayMove, as realm-core v14.14.0 src/realm/sync/transform.cpp does it. `index` is the
// move's `from` (realm's index()), `index2` its `to` (ndx_2): the element's position once
// moved, as Store::apply_list and realm's list.move() read it. realm's prior_size bookkeeping
// (the move's prior_size +1 against an insert, -1 against an erase) only feeds its
// consistency checks, which the model, holding no prior_size, does not make. The nested rule
// DEFINE_NESTED_MERGE(ArrayMove) (realm-core v14.14.0 src/realm/sync/transform.cpp:1962) never
// applies here: it transforms instructions whose path runs through an element of the moved list,
// and a list of links has no such paths. Neither does DEFINE_MERGE(ArrayMove, Update) (realm-core
// v14.14.0 src/realm/sync/transform.cpp:1648), which is about a Set of one list element, an
// instruction no model list has.

/// DEFINE_MERGE(ArrayMove, ArrayInsert), realm-core v14.14.0 src/realm/sync/transform.cpp:1895.
/// `mv_first`: the move's changeset orders first ((timestamp, file ident), realm's
/// Side::timestamp()).
void merge_move_insert(Instr& mv, Instr& ins, bool mv_first) {
  // The move's removal at `from` vs the insertion (transform.cpp:1901-1906): an insert at
  // `from` goes before the moved element.
  if (ins.index > mv.index) {
    --ins.index;
  } else {
    ++mv.index;
  }
  // The move's insertion at `to` vs the insertion (transform.cpp:1909-1926). A tie puts the
  // later changeset's element first: the reverse of an insert-insert tie.
  if (ins.index < mv.index2) {
    ++mv.index2;
  } else if (ins.index > mv.index2 || !mv_first) {
    ++ins.index;
  } else {
    ++mv.index2;
  }
}

/// The conflict of DEFINE_MERGE(ArrayMove, ArrayMove) (transform.cpp:1995-2017): both move the
/// same element. The later move wins: the earlier is discarded and the later moves the element
/// from where the earlier put it (discarded too when that is already its target).
void merge_move_same_element(Instr& x, Instr& y, bool x_first) {
  Instr& earlier = x_first ? x : y;
  Instr& later = x_first ? y : x;
  later.index = earlier.index2;
  earlier.discarded = true;
  if (later.index == later.index2) later.discarded = true;
}

/// DEFINE_MERGE(ArrayMove, ArrayMove), realm-core v14.14.0 src/realm/sync/transform.cpp:1970.
/// realm's rule is symmetric in its two sides but for the timestamps, so x and y take realm's left
/// and right either way.
void merge_move_move(Instr& x, Instr& y, bool x_first) {
  // Removal vs removal (transform.cpp:1989-1994).
  if (x.index < y.index) {
    --y.index;
  } else if (x.index > y.index) {
    --x.index;
  } else {
    return merge_move_same_element(x, y, x_first);
  }
  // x's insertion vs y's removal, then x's removal vs y's insertion (transform.cpp:2021-2034).
  if (x.index2 > y.index) {
    --x.index2;
  } else {
    ++y.index;
  }
  if (x.index < y.index2) {
    --y.index2;
  } else {
    ++x.index;
  }
  // Insertion vs insertion (transform.cpp:2037-2054): a tie puts the earlier one's element first.
  if (x.index2 < y.index2 || (x.index2 == y.index2 && x_first)) {
    ++y.index2;
  } else {
    ++x.index2;
  }
  // A move onto its own position is discarded (transform.cpp:2056-2061; the applier rejects
  // one, instruction_applier.cpp:837).
  if (x.index == x.index2) x.discarded = true;
  if (y.index == y.index2) y.discarded = true;
}

/// DEFINE_MERGE(ArrayErase, ArrayMove), realm-core v14.14.0 src/realm/sync/transform.cpp:2065.
void merge_erase_move(Instr& era, Instr& mv) {
  if (era.index == mv.index) {
    // Removal of a moved element (transform.cpp:2080-2088): the removal goes to where the
    // move put the element, and the move is discarded.
    era.index = mv.index2;
    mv.discarded = true;
    return;
  }
  // Removal vs the move's removal, then vs the move's insertion (transform.cpp:2089-2103).
  if (era.index > mv.index) {
    --era.index;
  } else {
    --mv.index;
  }
  if (era.index >= mv.index2) {
    ++era.index;
  } else {
    --mv.index2;
  }
  if (mv.index == mv.index2) mv.discarded = true;  // transform.cpp:2105-2107
}

/// ArrayMove against another list instruction on the same list (Clear is merge_clear's).
void merge_with_move(Instr& x, Instr& y, bool x_first) {
  if (x.op == Op::ArrayMove && y.op == Op::ArrayMove) return merge_move_move(x, y, x_first);
  if (x.op == Op::ArrayMove && y.op == Op::ArrayInsert) return merge_move_insert(x, y, x_first);
  if (y.op == Op::ArrayMove && x.op == Op::ArrayInsert) return merge_move_insert(y, x, !x_first);
  if (x.op == Op::ArrayErase && y.op == Op::ArrayMove) return merge_erase_move(x, y);
  if (y.op == Op::ArrayErase && x.op == Op::ArrayMove) return merge_erase_move(y, x);
  // ListUnion has no index until the server resolves it.
}

void merge_list(Instr& x, Instr& y, bool x_first) {
  if (x.obj != y.obj) return;
  if (x.op == Op::ArrayInsert && y.op == Op::ArrayInsert) return merge_insert_insert(x, y, x_first);
  if (x.op == Op::ArrayInsert && y.op == Op::ArrayErase) return merge_insert_erase(x, y);
  if (x.op == Op::ArrayErase && y.op == Op::ArrayInsert) return merge_insert_erase(y, x);
  if (x.op == Op::ArrayErase && y.op == Op::ArrayErase) return merge_erase_erase(x, y);
  if (x.op == Op::ArrayMove || y.op == Op::ArrayMove) return merge_with_move(x, y, x_first);
  // ListUnion has no index until the server resolves it.
}

void merge_set(Instr& x, Instr& y, bool x_first) {
  if (x.obj != y.obj || x.field != y.field) return;
  if (x.is_default != y.is_default) {
    (x.is_default ? x : y).discarded = true;  // a default Set loses to a non-default one
    return;
  }
  // Later (timestamp, file ident) wins.
  (x_first != SYNCSIM_PLANTED(SetEarlierWins) ? x : y).discarded = true;
}

}  // namespace

void merge_instr(Instr& x, Instr& y, bool x_first) {
  // Every rule below is about two instructions on one object (a link *to* an object is not on
  // it): pairs on different objects, most of them, pass untouched.
  if (x.obj != y.obj || x.discarded || y.discarded) return;
  if (merge_erase_object(x, y, x_first)) return;
  if (merge_clear(x, y, x_first)) return;
  if (is_list_op(x.op) && is_list_op(y.op)) return merge_list(x, y, x_first);
  if (x.op == Op::Set && y.op == Op::Set) return merge_set(x, y, x_first);
  // CreateObject is idempotent; everything else touches different paths.
}

namespace {

// merge_instr changes nothing across objects, so merge() only pairs instructions whose
// objects fall in one of 64 buckets (the low bits of a note's number, device and kind).
std::uint32_t object_bucket(NoteId obj) {
  return static_cast<std::uint32_t>((obj ^ (obj >> 29) ^ (obj >> 56)) & 63);
}

/// The buckets of a changeset's objects: concurrent small changesets mostly share one object
/// at most (the parent two inserts link into), so most of `theirs` is skipped at once.
std::uint64_t object_bits(const Changeset& c) {
  std::uint64_t bits = 0;
  for (const auto& i : c.instrs) bits |= std::uint64_t{1} << object_bucket(i.obj);
  return bits;
}

/// Size of `ours` from which merge() chains its instructions by object bucket: a tenth of
/// the merges of a fuzzing run's corpus meet a big changeset (a reset's upserts, a reinsert
/// batch), and the nested loop over those pairs was most of merge()'s work
/// (fuzz/BENCH_NOTES.md).
constexpr std::size_t kChainFrom = 16;

/// merge() for a big `ours`: each instruction of `theirs` meets only the instructions of
/// `ours` in its object's bucket, in `ours`' order; the others are on other objects, which
/// merge_instr leaves untouched.
void merge_chained(Changeset& ours, Changeset& theirs, bool ours_first) {
  constexpr std::uint32_t kEnd = ~std::uint32_t{0};
  std::array<std::uint32_t, 64> first;
  first.fill(kEnd);
  boost::container::small_vector<std::uint32_t, 64> next(ours.instrs.size());
  for (auto k = static_cast<std::uint32_t>(ours.instrs.size()); k-- > 0;) {
    auto& head = first[object_bucket(ours.instrs[k].obj)];
    next[k] = head;  // built from the back, so each chain runs in ours' order
    head = k;
  }
  for (auto& t : theirs.instrs)
    for (std::uint32_t k = first[object_bucket(t.obj)]; k != kEnd && !t.discarded; k = next[k])
      merge_instr(ours.instrs[k], t, ours_first);
}

/// The cause when `winner` made `victim` discarded, or false when the victim dropped no link
/// and no note (a Set, an erase, a Clear).
bool loss_cause(const Instr& victim, const Instr& winner, Cause& cause) {
  const bool link = victim.op == Op::ArrayInsert || victim.op == Op::ListUnion;
  if (winner.op == Op::Clear && link)
    cause = Cause::MergeClear;
  else if (winner.op == Op::EraseObject && link)
    cause = Cause::MergeEraseParent;
  else if (winner.op == Op::EraseObject && victim.op == Op::CreateObject)
    cause = Cause::MergeEraseCreate;
  else
    return false;
  return true;
}

void note_discard(Recorder& rec, const Instr& victim, const Changeset& victim_cs,
                  const Instr& winner, const Changeset& winner_cs) {
  Cause cause{};
  if (!loss_cause(victim, winner, cause)) return;
  const bool link = victim.op != Op::CreateObject;
  rec.add(loss(cause, link ? victim.link() : victim.obj, link ? victim.obj : 0, victim_cs.tag,
               winner_cs.tag));
}

/// merge() with every discard recorded: the plain pairwise loop (the bucketed paths pair the
/// same instructions in the same order, skipping only pairs on different objects).
void merge_recorded(Changeset& ours, Changeset& theirs, bool ours_first, Recorder& rec) {
  for (auto& t : theirs.instrs) {
    for (auto& o : ours.instrs) {
      if (t.discarded) break;
      const bool o_was = o.discarded;
      merge_instr(o, t, ours_first);
      if (!o_was && o.discarded) note_discard(rec, o, ours, t, theirs);
      if (t.discarded) note_discard(rec, t, theirs, o, ours);
    }
  }
}

}  // namespace

void merge(Changeset& ours, Changeset& theirs, Recorder* rec) {
  const bool ours_first = orders_before(ours, theirs);
  // Convergence needs a strict total order on concurrent changesets: exactly one goes first.
  SYNCSIM_ASSERT(ours_first != orders_before(theirs, ours),
                 "two concurrent changesets tie in the merge order");
  if (rec != nullptr) return merge_recorded(ours, theirs, ours_first, *rec);
  if (ours.instrs.size() >= kChainFrom) return merge_chained(ours, theirs, ours_first);
  const std::uint64_t ours_objects = object_bits(ours);  // merging never changes an obj
  for (auto& t : theirs.instrs) {
    if ((ours_objects >> object_bucket(t.obj) & 1) == 0) continue;
    for (auto& o : ours.instrs) {
      if (t.discarded) break;
      merge_instr(o, t, ours_first);
    }
  }
}

void merge_into(std::span<Changeset> concurrent, Changeset& incoming, Recorder* rec) {
  for (auto& c : concurrent) merge(c, incoming, rec);
}

}  // namespace syncsim::model
