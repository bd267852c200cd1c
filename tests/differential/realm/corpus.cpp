#include "tests/differential/realm/corpus.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

#include "tests/differential/realm/writes.h"

namespace syncsim::differential {

namespace {

struct Line {
  const std::string& path;
  int number;
  std::vector<std::string> words;
  [[noreturn]] void fail(const std::string& msg) const {
    throw CorpusError(path + ":" + std::to_string(number) + ": " + msg);
  }
  const std::string& word(std::size_t k) const {
    if (k >= words.size()) fail("'" + words[0] + "' needs " + std::to_string(k) + " arguments");
    return words[k];
  }
  void arity(std::size_t n) const {
    if (words.size() != n + 1) fail("'" + words[0] + "' takes " + std::to_string(n) + " arguments");
  }
  std::int64_t number_at(std::size_t k, std::int64_t lo, std::int64_t hi) const {
    const std::string& w = word(k);
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
    if (ec != std::errc() || end != w.data() + w.size() || v < lo || v > hi)
      fail("bad number '" + w + "' (expected " + std::to_string(lo) + ".." + std::to_string(hi) +
           ")");
    return v;
  }
  NoteId note_at(std::size_t k) const {
    NoteId id = 0;
    if (!model::parse_note_name(word(k), kUser, id)) fail("bad note name '" + word(k) + "'");
    return id;
  }
  int device_at(std::size_t k, int devices) const {
    const std::string& w = word(k);
    int d = 0;
    auto [end, ec] =
        std::from_chars(w.data() + std::min<std::size_t>(1, w.size()), w.data() + w.size(), d);
    if (w.size() < 2 || w[0] != 'd' || ec != std::errc() || end != w.data() + w.size() || d < 1 ||
        d > devices)
      fail("bad device '" + w + "' (expected d1..d" + std::to_string(devices) + ")");
    return d;
  }
};

const std::vector<std::pair<std::string, Verb>>& verbs() {
  static const std::vector<std::pair<std::string, Verb>> v = {
      {"insert", Verb::Insert},
      {"edit", Verb::Edit},
      {"delete", Verb::Delete},
      {"move", Verb::Move},
      {"clear", Verb::Clear},
      {"clear-copy", Verb::ClearCopy},
      {"array-move", Verb::ArrayMove},
      {"upload", Verb::Upload},
      {"integrate", Verb::Integrate},
      {"download", Verb::Download},
      {"apply", Verb::Apply},
      {"disconnect", Verb::Disconnect},
      {"snapshot", Verb::Snapshot},
      {"reinsert", Verb::Reinsert},
      {"reinsert-merge", Verb::ReinsertMerge},
      {"tick", Verb::Tick}};
  return v;
}

Action parse_action(const Line& l, Verb verb, int devices) {
  Action a{.verb = verb};
  switch (verb) {
    case Verb::Insert:
    case Verb::Move:
      l.arity(3), a.device = l.device_at(1, devices), a.note = l.note_at(2),
                  a.parent = l.note_at(3);
      break;
    case Verb::Edit:
    case Verb::Delete:
    case Verb::Clear:
    case Verb::ClearCopy:
      l.arity(2), a.device = l.device_at(1, devices), a.note = l.note_at(2);
      break;
    case Verb::ArrayMove:
      l.arity(4), a.device = l.device_at(1, devices), a.note = l.note_at(2);
      a.from = static_cast<std::uint32_t>(l.number_at(3, 0, 1 << 20));
      a.to = static_cast<std::uint32_t>(l.number_at(4, 0, 1 << 20));
      break;
    case Verb::Reinsert:
    case Verb::ReinsertMerge:
      l.arity(1), a.note = l.note_at(1);
      break;
    case Verb::Tick:
      l.arity(1), a.from = static_cast<std::uint32_t>(l.number_at(1, 0, 1 << 20));
      break;
    case Verb::Snapshot:
      l.arity(0);
      break;
    default:
      l.arity(1), a.device = l.device_at(1, devices);
      break;
  }
  return a;
}

/// Header lines (devices, tree, skew, expect); false when the line is not one.
bool parse_header(const Line& l, CorpusCase& c) {
  const std::string& w = l.words[0];
  if (w == "devices") {
    l.arity(1);
    if (!c.spec.actions.empty() || !c.spec.tree.empty()) l.fail("'devices' must come first");
    c.spec.devices = static_cast<int>(l.number_at(1, 1, 8));
  } else if (w == "tree") {
    l.arity(2);
    const NoteId note = l.note_at(1), parent = l.word(2) == "root" ? 0 : l.note_at(2);
    bool known = parent == 0;
    for (const auto& t : c.spec.tree) known = known || t.first == parent;
    if (!known) l.fail("parent '" + l.word(2) + "' is not an earlier tree note");
    c.spec.tree.emplace_back(note, parent);
  } else if (w == "skew") {
    l.arity(2);
    const int d = l.device_at(1, c.spec.devices);
    c.spec.skew_ms.resize(static_cast<std::size_t>(c.spec.devices), 0);
    c.spec.skew_ms[static_cast<std::size_t>(d - 1)] = l.number_at(2, -1000, 1000);
  } else if (w == "plant") {
    l.arity(1);
    if (l.word(1) != "mirror-realm-time")
      l.fail("unknown plant '" + l.word(1) + "' (mirror-realm-time)");
    c.spec.plant_mirror_realm_time = true;
  } else if (w == "expect") {
    if (l.word(1) == "agree") {
      l.arity(1);
      c.expect_agree = true;
    } else if (l.word(1) == "differ") {
      c.expect_agree = false;
      for (std::size_t k = 2; k < l.words.size(); ++k)
        c.expect_difference += (k > 2 ? " " : "") + l.words[k];
      if (c.expect_difference.empty()) l.fail("'expect differ' needs the text of the difference");
    } else {
      l.fail("expect 'agree' or 'differ <text>'");
    }
  } else {
    return false;
  }
  return true;
}

}  // namespace

CorpusCase parse_corpus_case(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw CorpusError(path + ":0: cannot open");
  CorpusCase c;
  std::string text;
  for (int number = 1; std::getline(in, text); ++number) {
    if (auto hash = text.find('#'); hash != std::string::npos) text.erase(hash);
    Line l{path, number, {}};
    std::istringstream words(text);
    for (std::string w; words >> w;) l.words.push_back(w);
    if (l.words.empty() || parse_header(l, c)) continue;
    auto it = std::find_if(verbs().begin(), verbs().end(),
                           [&](const auto& v) { return v.first == l.words[0]; });
    if (it == verbs().end()) l.fail("unknown action '" + l.words[0] + "'");
    c.spec.actions.push_back(parse_action(l, it->second, c.spec.devices));
  }
  return c;
}

std::string check_corpus_case(const CorpusCase& c, ReplicaPool& pool) {
  CaseRun run(c.spec, pool);
  bool agree = true;
  for (const Action& a : c.spec.actions)
    if (!(agree = run.step(a))) break;
  if (agree) run.finish();
  const CaseResult& r = run.result();
  const std::string got = r.agree ? "agree" : r.where + ": " + r.difference;
  if (c.expect_agree == r.agree && (r.agree || got.find(c.expect_difference) != std::string::npos))
    return "";
  return "expected " +
         (c.expect_agree ? std::string("agree")
                         : "a difference containing '" + c.expect_difference + "'") +
         ", got " + got;
}

}  // namespace syncsim::differential
