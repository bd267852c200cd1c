#pragma once
// The Atlas collection (spec §2): documents; `children` is an array of foreign keys (a key to
// a missing document is dangling). The translators that write it and read it are in
// model/r2m.h and model/m2r.h.
#include <cstdint>

#include "model/changeset.h"
#include "model/note_map.h"
#include "model/store.h"

namespace syncsim::model {

struct Doc {
  std::int64_t text = 0;
  UserId owner = 0;
  bool is_root = false;
  std::int64_t last_updated = 0;
  Links children;  ///< foreign keys
  bool operator==(const Doc&) const = default;
};

class Atlas {
 public:
  using Map = NoteMap<Doc>::Map;
  /// Applies one instruction; `docs_only`/`lists_only` split a write for non-atomic r2m.
  void apply(const Instr& i);
  const Map& docs() const { return docs_.map(); }
  const Doc* find(NoteId id) const { return docs_.find(id); }
  void put(NoteId id, Doc d) { docs_.get_or_create(id) = std::move(d); }
  /// Room for `docs` documents (see Store::reserve).
  void reserve(std::size_t docs) { docs_.reserve(docs); }
  bool operator==(const Atlas&) const = default;

 private:
  NoteMap<Doc> docs_;
};

}  // namespace syncsim::model
