#pragma once
// A Realm replica's objects: the Note collection of one client or of the server.
// Lists hold links by id; a link whose target does not exist is a hidden tombstone (never a
// visible dangling link, spec §3) and reappears if the id is created again.
#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <utility>
#include <vector>

#include "model/changeset.h"
#include "model/note_map.h"

namespace syncsim::model {

/// A `children` list: up to 4 links inline. Most notes have a few children, and every store
/// copy (a bootstrap, a reset's fresh copy, Atlas) copied each note's heap list: one
/// allocation per note, the cost a sanitized fuzzing run pays most for (fuzz/BENCH_NOTES.md).
using Links = boost::container::small_vector<NoteId, 4>;
/// Fields added by schema changes, (field, value) sorted by field: inline for the same reason
/// (a deploy adds one or two fields, and every note written after it carries them).
using ExtraFields = boost::container::small_vector<std::pair<std::uint8_t, std::int64_t>, 2>;

struct Note {
  std::int64_t text = 0;
  UserId owner = 0;
  bool is_root = false;
  std::int64_t last_updated = 0;
  Links children;     ///< raw list, tombstones included
  ExtraFields extra;  ///< fields added by schema changes
  bool operator==(const Note&) const = default;
};

class Store {
 public:
  using Map = NoteMap<Note>::Map;

  void apply(const Instr& i);
  void apply(const Changeset& c) {
    for (const auto& i : c.instrs)
      if (!i.discarded) apply(i);
  }

  const Note* find(NoteId id) const { return notes_.find(id); }
  Note* find(NoteId id) { return notes_.find(id); }
  bool contains(NoteId id) const { return notes_.contains(id); }
  const Map& notes() const { return notes_.map(); }
  std::size_t size() const { return notes_.size(); }
  /// Room for `notes` notes: the simulator knows how many a run can create, and a flat map
  /// grown one note at a time reallocates every few inserts.
  void reserve(std::size_t notes) { notes_.reserve(notes); }
  /// Visible children of `id`: links whose target exists.
  std::vector<NoteId> visible_children(NoteId id) const;
  /// Drops every note of another user than `user` (a note without owner stays): the part of
  /// the server's state a device subscribed to `user` holds (spec §2, flexible sync).
  void keep_only(UserId user);
  /// Whether `id` has a visible child (without listing them).
  bool has_visible_children(NoteId id) const;
  /// The note whose raw list holds a link to `child` (the first in note order) and the link's
  /// raw index in it: what a delete or move erases. False when no list holds one. `child`
  /// must exist.
  bool find_parent(NoteId child, NoteId& parent, std::uint32_t& index) const;
  /// Whether `candidate` is `of` or hangs below it through visible links. `of` must exist.
  /// Iterative, each note visited once: a replica's tree can hold a cycle (concurrent moves;
  /// the acyclic property reports it), and the app's check before a move must still end (it
  /// recursed forever: found by fuzzing).
  bool is_descendant(NoteId of, NoteId candidate) const;
  /// Instructions whose list index was out of range (an OT inconsistency; must stay 0).
  std::uint64_t index_anomalies() const { return index_anomalies_; }
  bool operator==(const Store& o) const { return notes_ == o.notes_; }

 private:
  /// The list instructions (kept out of apply's line: they may allocate, the Sets never do).
  [[gnu::noinline]] void apply_list(Links& list, const Instr& i);

  NoteMap<Note> notes_;
  std::uint64_t index_anomalies_ = 0;
};

/// Before a link is added to a full list: a list that outgrows its inline links doubles (a
/// heap allocation is the cost a sanitized fuzzing run pays most for). A moved-from list may
/// have no storage at all (size 0, capacity 0): doubling 0 would leave it full.
inline void make_room(Links& list) {
  if (list.size() == list.capacity()) list.reserve(std::max<std::size_t>(2 * list.size(), 4));
}

std::int64_t get_field(const Note& n, Field f);
void set_field(Note& n, Field f, std::int64_t v);

}  // namespace syncsim::model
