#include "model/ids.h"

#include <charconv>

namespace syncsim::model {

std::string note_name(NoteId id) {
  return std::string(NoteName(id).view());
}

namespace {
bool parse_u32(std::string_view s, std::uint32_t& out) {
  if (s.empty() || s.size() > 9) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}
}  // namespace

bool parse_note_name(std::string_view s, UserId user, NoteId& out) {
  if (s == "root") {
    out = root_of(user);
    return true;
  }
  if (s.starts_with("root.u")) {
    std::uint32_t u = 0;
    if (!parse_u32(s.substr(6), u) || u == 0) return false;
    out = root_of(u);
    return true;
  }
  const auto dot = s.find('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  std::uint32_t b = 0;
  if (!parse_u32(s.substr(dot + 1), b) || b == 0) return false;
  const std::string_view head = s.substr(0, dot);
  std::uint32_t a = 1;
  if (head[0] == 'n') {
    if (!parse_u32(head.substr(1), a) || a == 0) return false;
    out = device_note(a, b);
    return true;
  }
  if (head[0] == 'a') {
    if (head.size() > 1 && (!parse_u32(head.substr(1), a) || a == 0)) return false;
    out = tree_note(a, b);
    return true;
  }
  return false;
}

}  // namespace syncsim::model
