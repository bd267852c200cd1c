#pragma once
// The objects of one replica by note id (a Store's notes, Atlas's documents): a flat map in id
// order (iteration order is part of every trace) that remembers where it found the last one.
#include <algorithm>
#include <boost/container/flat_map.hpp>
#include <cstddef>
#include <utility>

#include "model/ids.h"

namespace syncsim::model {

template <class V>
class NoteMap {
 public:
  using Map = boost::container::flat_map<NoteId, V>;

  const V* find(NoteId id) const {
    if (hint_ < map_.size()) {  // inline: most look-ups hit the cache (see hint_)
      const auto& hinted = *map_.nth(hint_);
      if (hinted.first == id) return &hinted.second;
    }
    return search(id);
  }
  V* find(NoteId id) { return const_cast<V*>(std::as_const(*this).find(id)); }
  bool contains(NoteId id) const { return find(id) != nullptr; }
  /// The object `id`, created (default) when missing.
  V& get_or_create(NoteId id) {
    auto it = map_.try_emplace(id).first;
    hint_ = map_.index_of(it);
    return it->second;
  }
  void erase(NoteId id) {
    map_.erase(id);
    hint_ = kNoHint;
  }
  template <class Pred>
  void erase_if(Pred drop) {
    map_.erase(std::remove_if(map_.begin(), map_.end(), drop), map_.end());
    hint_ = kNoHint;
  }
  const Map& map() const { return map_; }
  std::size_t size() const { return map_.size(); }
  void reserve(std::size_t n) { map_.reserve(n); }
  bool operator==(const NoteMap& o) const { return map_ == o.map_; }

 private:
  static constexpr std::size_t kNoHint = ~std::size_t{0};

  /// find() past the cache: the binary search, which updates it.
  const V* search(NoteId id) const {
    auto it = map_.find(id);
    if (it == map_.end()) return nullptr;
    hint_ = map_.index_of(it);
    return &it->second;
  }

  Map map_;
  /// Position of the object found last: a changeset's instructions mostly act on the object
  /// the previous one did (an insert creates a note, sets its fields, links it), and the
  /// binary search for it was the model's most frequent operation (fuzz/BENCH_NOTES.md). Only
  /// a cache: reset by every insert or erase, never part of the state (not compared). Since
  /// find() writes it, one map must not be read by two threads at once (each run owns its
  /// replicas; `syncsim run --jobs` shares none).
  mutable std::size_t hint_ = kNoHint;
};

}  // namespace syncsim::model
