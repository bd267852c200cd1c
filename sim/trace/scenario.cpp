// Lexical layer of the scenario/trace format: lines, tokens, numbers and names
// (docs/trace-format.md). The parser is in scenario_parse.cpp, the writer in scenario_write.cpp.
// Hand-written scanners, no std::regex: inputs are fuzzed and must stay linear-time. Also
// reading a file and formatting a ParseError.
#include "sim/trace/scenario.h"

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <system_error>

#include "sim/trace/knobs.h"

namespace syncsim {

std::string_view to_string(Discipline d) {
  switch (d) {
    case Discipline::Timed:
      return "timed";
    case Discipline::Untimed:
      return "untimed";
  }
  return "?";
}

std::string_view to_string(WorkKind k) {
  switch (k) {
    case WorkKind::Insert:
      return "insert";
    case WorkKind::Edit:
      return "edit";
    case WorkKind::Delete:
      return "delete";
    case WorkKind::Move:
      return "move";
    case WorkKind::Deploy:
      return "deploy";
    case WorkKind::UpgradeApp:
      return "upgrade-app";
    case WorkKind::Offline:
      return "offline";
    case WorkKind::Online:
      return "online";
    case WorkKind::TerminateSync:
      return "terminate-sync";
    case WorkKind::ResetClient:
      return "reset";
  }
  return "?";
}

namespace lex {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ident_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '_';
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

// Magnitude of an all-digits token; false on overflow of u64.
bool magnitude(std::string_view digits, std::uint64_t& out) {
  std::uint64_t v = 0;
  for (char c : digits) {
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

std::string hex_byte(unsigned char c) {
  constexpr char kHex[] = "0123456789abcdef";
  return std::string("0x") + kHex[c >> 4] + kHex[c & 15];
}

bool is_ident(std::string_view s) {
  if (s.empty() || !(is_alpha(s[0]) || s[0] == '_')) return false;
  for (char c : s)
    if (!is_ident_char(c)) return false;
  return true;
}

}  // namespace

Err split_line(std::string_view raw, Tokens& out) {
  out.clear();
  if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);  // CRLF files
  const std::size_t hash = raw.find('#');
  if (hash != std::string_view::npos) raw = raw.substr(0, hash);
  for (char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return "control character " + hex_byte(c);
  }
  std::size_t i = 0;
  while (i < raw.size()) {
    while (i < raw.size() && is_space(raw[i])) ++i;
    const std::size_t start = i;
    while (i < raw.size() && !is_space(raw[i])) ++i;
    if (i > start) out.push_back(raw.substr(start, i - start));
  }
  return std::nullopt;
}

std::string join(const Tokens& t, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < t.size(); ++i) {
    if (i > from) out += ' ';
    out.append(t[i]);
  }
  return out;
}

std::string quote(std::string_view token) {
  constexpr std::size_t kMax = 40;
  if (token.size() <= kMax) return "'" + std::string(token) + "'";
  return "'" + std::string(token.substr(0, kMax)) + "...'";
}

Err parse_uint(std::string_view token, std::string_view what, std::uint64_t hi,
               std::uint64_t& out) {
  if (!all_digits(token)) return "bad integer " + quote(token) + " for " + std::string(what);
  std::uint64_t v = 0;
  if (!magnitude(token, v) || v > hi)
    return std::string(what) + " " + quote(token) + " out of range [0, " + std::to_string(hi) + "]";
  out = v;
  return std::nullopt;
}

Err parse_int(std::string_view token, std::string_view what, std::int64_t lo, std::int64_t hi,
              std::int64_t& out) {
  const bool negative = !token.empty() && token[0] == '-';
  const std::string_view digits = negative ? token.substr(1) : token;
  if (!all_digits(digits)) return "bad integer " + quote(token) + " for " + std::string(what);
  std::uint64_t m = 0;
  // |INT64_MIN| = INT64_MAX + 1; anything larger cannot be an int64 at all.
  const std::uint64_t limit = static_cast<std::uint64_t>(INT64_MAX) + (negative ? 1 : 0);
  bool ok = magnitude(digits, m) && m <= limit;
  std::int64_t v = 0;
  if (ok) v = negative ? static_cast<std::int64_t>(0 - m) : static_cast<std::int64_t>(m);
  if (!ok || v < lo || v > hi)
    return std::string(what) + " " + quote(token) + " out of range [" + std::to_string(lo) + ", " +
           std::to_string(hi) + "]";
  out = v;
  return std::nullopt;
}

Err parse_ms(std::string_view token, std::string_view what, std::int64_t lo, std::int64_t& out) {
  if (token.size() < 3 || token.substr(token.size() - 2) != "ms" ||
      !all_digits(token.substr(0, token.size() - 2)))
    return "bad time " + quote(token) + " for " + std::string(what) + " (expected e.g. 1000ms)";
  return parse_int(token.substr(0, token.size() - 2), what, lo, kMaxTimeMs, out);
}

bool is_id_number(std::string_view s) {
  if (s.empty() || s.size() > 9 || s[0] == '0') return false;
  return all_digits(s);
}

bool is_prefixed_id(std::string_view s, char prefix) {
  return s.size() >= 2 && s[0] == prefix && is_id_number(s.substr(1));
}

model::UserId parse_user_name(std::string_view s) {
  // An id number has at most 9 digits, so it fits a UserId and is never 0.
  if (!is_prefixed_id(s, 'u')) return 0;
  model::UserId u = 0;
  std::from_chars(s.data() + 1, s.data() + s.size(), u);
  return u;
}

std::string user_name(model::UserId user) {
  return "u" + std::to_string(user);
}

NoteForm note_form(std::string_view s) {
  if (s == "root") return NoteForm::Root;
  const std::size_t dot = s.find('.');
  if (dot == std::string_view::npos) return NoteForm::Invalid;
  const std::string_view head = s.substr(0, dot);
  const std::string_view tail = s.substr(dot + 1);
  const bool is_new = is_prefixed_id(head, 'n');
  // u1's initial notes are `a.K`; `a1.K` would be a second spelling of the same note.
  const bool is_initial = head == "a" || (is_prefixed_id(head, 'a') && head != "a1");
  if (!is_new && !is_initial) return NoteForm::Invalid;
  if (tail == "*") return is_new ? NoteForm::Pattern : NoteForm::Invalid;
  return is_id_number(tail) ? NoteForm::Note : NoteForm::Invalid;
}

Err check_note(std::string_view s, std::string_view what) {
  switch (note_form(s)) {
    case NoteForm::Note:
      return std::nullopt;
    case NoteForm::Root:
      return std::string(what) + " cannot be root";
    case NoteForm::Pattern:
      return "pattern " + quote(s) + " only in 'workload every ... insert'";
    case NoteForm::Invalid:
      break;
  }
  return "bad " + std::string(what) + " " + quote(s) + " (expected nD.K, a.K or aU.K)";
}

Err check_parent(std::string_view s) {
  if (note_form(s) == NoteForm::Root) return std::nullopt;
  return check_note(s, "parent");
}

bool is_field_spec(std::string_view s) {
  const std::size_t c1 = s.find(':');
  if (c1 == std::string_view::npos || !is_ident(s.substr(0, c1))) return false;
  std::string_view type = s.substr(c1 + 1);
  const std::size_t c2 = type.find(':');
  if (c2 != std::string_view::npos) {
    if (type.substr(c2 + 1) != "required") return false;
    type = type.substr(0, c2);
  }
  if (type.empty() || !is_alpha(type[0])) return false;
  for (char c : type)
    if (!is_ident_char(c) && c != '<' && c != '>' && c != ',') return false;
  return true;
}

}  // namespace lex

lex::Err lex::parse_knob_value(std::string_view name, std::string_view token, std::int64_t& out) {
  const KnobInfo* info = find_knob(name);
  if (info == nullptr) return "unknown knob " + quote(name) + " ('syncsim knobs' lists them)";
  if (info->unit == "bool" && (token == "true" || token == "false")) {
    out = token == "true" ? 1 : 0;
    return std::nullopt;
  }
  return parse_int(token, info->name, info->min, info->max, out);
}

std::variant<Scenario, ParseError> load_scenario(const std::string& path,
                                                 std::vector<std::string>* warnings) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr)
    return ParseError{path, 0, "cannot open: " + std::generic_category().message(errno)};
  std::string text;
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  const int err = errno;
  std::fclose(f);
  if (failed) return ParseError{path, 0, "cannot read: " + std::generic_category().message(err)};
  return parse_scenario(text, path, warnings);
}

std::string ParseError::str() const {
  if (file.empty()) return line <= 0 ? message : "line " + std::to_string(line) + ": " + message;
  if (line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ": " + message;
}

}  // namespace syncsim
