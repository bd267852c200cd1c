#pragma once
// Identities of notes, replicas and changesets. Note ids are derived from the scenario
// (creating device + its own counter), never from execution order, so they do not change
// when unrelated events are removed from a run (spec §1, docs/trace-format.md "Stable labels").
#include <cstdint>
#include <string>
#include <string_view>

namespace syncsim::model {

using NoteId = std::uint64_t;
using FileIdent = std::uint32_t;
using UserId = std::uint32_t;  ///< 1-based: u1, u2, ...

/// Flexible sync (spec §2): a device subscribes to its own user's notes, and downloads carry
/// only instructions on those. A subscription of kAllUsers sees everything (the Verdant relay,
/// whose library is shared by all its replicas). An instruction on an object whose owner the
/// server never learned is visible to every subscription (docs/model.md "Subscriptions").
inline constexpr UserId kAllUsers = 0;
inline constexpr UserId kUnknownOwner = 0;
/// Whether a note (or instruction) owned by `owner` is downloaded under `subscription`.
constexpr bool subscribed(UserId subscription, UserId owner) {
  return subscription == kAllUsers || owner == kUnknownOwner || owner == subscription;
}

/// The translator's fixed file ident, lower than every client's (spec §3).
inline constexpr FileIdent kTranslatorIdent = 1;
inline constexpr FileIdent kFirstClientIdent = 2;

enum class NoteKind : std::uint8_t { Root = 1, Device = 2, Tree = 3 };

constexpr NoteId make_note(NoteKind kind, std::uint32_t a, std::uint32_t b) {
  return (static_cast<NoteId>(kind) << 56) | (static_cast<NoteId>(a & 0xffffff) << 32) | b;
}
/// The root of user u.
constexpr NoteId root_of(UserId u) {
  return make_note(NoteKind::Root, u, 0);
}
/// The k-th note (1-based) of device d's script: `n<d>.<k>`.
constexpr NoteId device_note(std::uint32_t device, std::uint32_t k) {
  return make_note(NoteKind::Device, device, k);
}
/// The k-th note of user u's pre-existing tree: `a.<k>` (u1), `a<u>.<k>` (others).
constexpr NoteId tree_note(UserId u, std::uint32_t k) {
  return make_note(NoteKind::Tree, u, k);
}

constexpr NoteKind kind_of(NoteId id) {
  return static_cast<NoteKind>(id >> 56);
}
constexpr std::uint32_t part_a(NoteId id) {
  return static_cast<std::uint32_t>((id >> 32) & 0xffffff);
}
constexpr std::uint32_t part_b(NoteId id) {
  return static_cast<std::uint32_t>(id);
}

/// `root`, `root.u2`, `n1.4`, `a.7`, `a2.7`.
std::string note_name(NoteId id);
/// note_name's text held in place, without an allocation: for code that names notes in every
/// fuzzed execution (fuzz_interleaving's workload labels).
class NoteName {
 public:
  // Inline (with put): it runs for every name of every fuzzed execution.
  explicit NoteName(NoteId id) {
    const std::uint32_t a = part_a(id), b = part_b(id);
    switch (kind_of(id)) {
      case NoteKind::Root:
        put("root");
        if (a != 1) put(".u"), put(a);
        return;
      case NoteKind::Device:
        put("n"), put(a), put("."), put(b);
        return;
      case NoteKind::Tree:
        put("a");
        if (a != 1) put(a);
        put("."), put(b);
        return;
    }
    put("?"), put(id);
  }
  std::string_view view() const { return {buf_, size_}; }

 private:
  void put(std::string_view s) {
    for (char c : s) buf_[size_++] = c;
  }
  void put(std::uint32_t v) { put_digits(v); }
  void put(std::uint64_t v) { put_digits(v); }
  template <class Unsigned>
  void put_digits(Unsigned v) {
    char digits[20];
    std::size_t n = 0;
    do digits[n++] = static_cast<char>('0' + v % 10);
    while ((v /= 10) != 0);
    while (n > 0) buf_[size_++] = digits[--n];
  }
  char buf_[24];  ///< `?` and 20 digits at most
  std::size_t size_ = 0;
};
/// Inverse of note_name; `root` means the root of `user`. Returns false on a bad name.
bool parse_note_name(std::string_view s, UserId user, NoteId& out);

}  // namespace syncsim::model
