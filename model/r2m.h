#pragma once
// r2m, the Realm -> Mongo translator (spec §2, §4): applies server history to Atlas in order
// from its cursor, a whole changeset at a time or (H2) parent arrays first.
#include <cstdint>

#include "model/atlas.h"
#include "model/policy.h"
#include "model/server.h"

namespace syncsim::model {

/// Which part of a changeset an r2m step writes (H2 writes parent arrays first).
enum class WritePart : std::uint8_t { All, ListsOnly, DocsOnly };

class R2M {
 public:
  /// Is there a history entry to translate (and r2m not paused)?
  bool can_step(const Server& s) const { return !paused_ && cursor_ < s.head(); }
  /// The server version the next step translates.
  std::uint64_t next_version() const { return cursor_ + 1; }
  /// Translates the next entry (or its next half when writes are non-atomic).
  void step(const Server& s, Atlas& atlas, const Policy& p);
  /// Translates everything (drain-then-snapshot).
  void drain(const Server& s, Atlas& atlas, const Policy& p);
  /// 0 when the next step writes a whole changeset; 1/2 for the halves of a non-atomic write.
  int next_half(const Policy& p) const { return p.r2m_atomic ? 0 : (half_done_ ? 2 : 1); }
  void set_paused(bool v) { paused_ = v; }
  bool paused() const { return paused_; }
  std::uint64_t cursor() const { return cursor_; }
  bool half_done() const { return half_done_; }
  void reset_cursor(std::uint64_t v) {
    cursor_ = v;
    half_done_ = false;
  }
  bool operator==(const R2M&) const = default;

 private:
  std::uint64_t cursor_ = 0;
  bool paused_ = false;
  bool half_done_ = false;
};

}  // namespace syncsim::model
