// Pattern search of the catalogue (sim/search/catalog.h): for each (note, effect), the smallest
// conjunctions of "A before B" facts that imply it over every execution class, chosen greedily
// to cover the executions that lose the note that way.
#include <algorithm>
#include <bit>
#include <cctype>
#include <map>
#include <set>

#include "model/ids.h"
#include "sim/search/catalog_detail.h"

namespace syncsim::catalog_detail {
namespace {

using Bits = std::vector<std::uint64_t>;

Bits make_bits(std::size_t n) {
  return Bits((n + 63) / 64, 0);
}
void set_bit(Bits& b, std::size_t i) {
  b[i / 64] |= std::uint64_t{1} << (i % 64);
}
bool test_bit(const Bits& b, std::size_t i) {
  return (b[i / 64] >> (i % 64)) & 1;
}
Bits operator&(const Bits& a, const Bits& b) {
  Bits c(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) c[i] = a[i] & b[i];
  return c;
}
bool none(const Bits& b) {
  return std::all_of(b.begin(), b.end(), [](std::uint64_t w) { return w == 0; });
}
/// b is inside `in`.
bool inside(const Bits& b, const Bits& in) {
  for (std::size_t i = 0; i < b.size(); ++i)
    if ((b[i] & ~in[i]) != 0) return false;
  return true;
}

struct Fact {
  std::uint32_t before, after;
  Bits rows;  ///< execution classes in which `before` happened before `after`
};

/// Every fact that is neither always nor never true.
std::vector<Fact> all_facts(const ProfileCatalog& cat) {
  const std::size_t n = cat.rows.size(), events = cat.events.size();
  std::vector<Fact> out;
  for (std::uint32_t a = 0; a < events; ++a)
    for (std::uint32_t b = 0; b < events; ++b) {
      if (a == b) continue;
      Fact f{a, b, make_bits(n)};
      std::size_t count = 0;
      for (std::size_t r = 0; r < n; ++r) {
        if (before(cat.rows[r].position, a, b)) {
          set_bit(f.rows, r);
          ++count;
        }
      }
      if (count > 0 && count < n) out.push_back(std::move(f));
    }
  return out;
}

/// `name` with the note `note` written as the variable `n`.
std::string abstracted(const std::string& name, const std::string& note) {
  std::string out;
  for (std::size_t i = 0; i < name.size();) {
    const bool start = i == 0 || name[i - 1] == ' ' || name[i - 1] == '[' || name[i - 1] == ':';
    const std::size_t end = i + note.size();
    const bool fits = end <= name.size();  // checked first: name[end] must stay in range
    const bool stop =
        fits && (end == name.size() ||
                 !(std::isdigit(static_cast<unsigned char>(name[end])) || name[end] == '.'));
    if (start && name.compare(i, note.size(), note) == 0 && stop) {
      out += 'n';
      i = end;
    } else {
      out += name[i++];
    }
  }
  return out;
}

struct Conjunction {
  std::vector<std::uint32_t> facts;  ///< indices into the target's fact list
  Bits rows;
};

class TargetSearch {
 public:
  TargetSearch(const ProfileCatalog& cat, std::vector<const Fact*> facts, Bits target,
               std::size_t max_facts)
      : cat_(cat),
        facts_(std::move(facts)),
        target_(std::move(target)),
        max_facts_(max_facts),
        pure1_(facts_.size(), false) {}

  /// Smallest patterns first: conjunctions of one fact cover what they can (greedily, the
  /// most executions first), then conjunctions of two facts cover what remains, and so on.
  /// Every conjunction used implies the target and has no sub-conjunction that does.
  std::vector<Conjunction> cover(Bits& uncovered) {
    uncovered = target_;
    std::vector<Conjunction> chosen;
    for (std::size_t size = 1; size <= max_facts_ && !none(uncovered); ++size) {
      std::vector<Conjunction> pure;
      if (size == 1) singles(pure);
      if (size == 2) pairs(pure);
      if (size == 3) triples(pure, uncovered);
      greedy(pure, uncovered, chosen);
    }
    return chosen;
  }

  Count weight(const Bits& b) const {
    Count w;
    for (std::size_t i = 0; i < b.size(); ++i)
      for (std::uint64_t word = b[i]; word != 0; word &= word - 1)
        w += cat_.rows[i * 64 + static_cast<std::size_t>(std::countr_zero(word))].executions;
    return w;
  }

 private:
  bool pure(const Bits& rows) const { return inside(rows, target_) && !none(rows & target_); }

  void singles(std::vector<Conjunction>& out) {
    for (std::uint32_t a = 0; a < facts_.size(); ++a)
      if (pure(facts_[a]->rows)) {
        pure1_[a] = true;
        out.push_back(Conjunction{{a}, facts_[a]->rows});
      }
  }
  void pairs(std::vector<Conjunction>& out) {
    const auto n = static_cast<std::uint32_t>(facts_.size());
    for (std::uint32_t a = 0; a < n; ++a)
      for (std::uint32_t b = a + 1; b < n && !pure1_[a]; ++b) {
        if (pure1_[b]) continue;
        Bits ab = facts_[a]->rows & facts_[b]->rows;
        if (!pure(ab)) continue;
        pure2_.emplace(a, b);
        out.push_back(Conjunction{{a, b}, std::move(ab)});
      }
  }
  /// Only around what is still uncovered: triples are many.
  void triples(std::vector<Conjunction>& out, const Bits& uncovered) {
    const auto n = static_cast<std::uint32_t>(facts_.size());
    for (std::uint32_t a = 0; a < n; ++a)
      for (std::uint32_t b = a + 1; b < n && !pure1_[a]; ++b) {
        if (pure1_[b] || pure2_.count({a, b}) != 0) continue;
        const Bits ab = facts_[a]->rows & facts_[b]->rows;
        if (none(ab & uncovered)) continue;
        for (std::uint32_t c = b + 1; c < n; ++c) {
          if (pure1_[c] || pure2_.count({a, c}) != 0 || pure2_.count({b, c}) != 0) continue;
          Bits abc = ab & facts_[c]->rows;
          if (!none(abc & uncovered) && pure(abc))
            out.push_back(Conjunction{{a, b, c}, std::move(abc)});
        }
      }
  }
  void greedy(const std::vector<Conjunction>& pure, Bits& uncovered,
              std::vector<Conjunction>& chosen) const {
    for (;;) {
      const Conjunction* best = nullptr;
      Count best_w;
      for (const auto& c : pure)
        if (Count w = weight(c.rows & uncovered); w > best_w) {
          best = &c;
          best_w = w;
        }
      if (best == nullptr) return;
      for (std::size_t i = 0; i < uncovered.size(); ++i) uncovered[i] &= ~best->rows[i];
      chosen.push_back(*best);
    }
  }

  const ProfileCatalog& cat_;
  std::vector<const Fact*> facts_;
  Bits target_;
  std::size_t max_facts_;
  std::vector<bool> pure1_;
  std::set<std::pair<std::uint32_t, std::uint32_t>> pure2_;
};

/// Facts for note `note`, the readable ones first: those about this note or about no note,
/// and among them those naming a client reset. A reset happens in the same step as the
/// reconnect that triggers it, so their facts are often true in the same executions: the
/// reset is the one that explains the loss.
std::vector<const Fact*> facts_for(const std::vector<Fact>& all,
                                   const std::vector<std::string>& event_notes,
                                   const std::vector<bool>& resets, const std::string& note) {
  std::vector<const Fact*> first, second, third;
  for (const auto& f : all) {
    const auto ours = [&](std::uint32_t e) {
      return event_notes[e].empty() || event_notes[e] == note;
    };
    if (!ours(f.before) || !ours(f.after)) {
      third.push_back(&f);
    } else {
      (resets[f.before] || resets[f.after] ? first : second).push_back(&f);
    }
  }
  first.insert(first.end(), second.begin(), second.end());
  first.insert(first.end(), third.begin(), third.end());
  // Facts true in exactly the same executions say the same thing: keep the first.
  std::vector<const Fact*> out;
  for (const Fact* f : first)
    if (std::none_of(out.begin(), out.end(), [&](const Fact* g) { return g->rows == f->rows; }))
      out.push_back(f);
  return out;
}

/// The row in `rows` with the fewest chosen steps (the first such).
std::size_t shortest_row(const ProfileCatalog& cat, const Bits& rows) {
  std::size_t best = cat.rows.size();
  for (std::size_t r = 0; r < cat.rows.size(); ++r)
    if (test_bit(rows, r) && (best == cat.rows.size() || cat.rows[r].steps < cat.rows[best].steps))
      best = r;
  return best;
}

}  // namespace

void find_patterns(ProfileCatalog& cat, const std::vector<model::NoteId>& notes,
                   const std::vector<bool>& resets, const CatalogOptions& opt) {
  std::vector<std::string> event_notes;
  for (auto id : notes) event_notes.push_back(id == 0 ? "" : model::note_name(id));
  const std::vector<Fact> all = all_facts(cat);
  std::set<std::pair<std::string, std::string>> targets;
  for (const auto& row : cat.rows)
    for (const auto& t : row.effects) targets.insert(t);
  std::map<std::string, std::size_t> by_key;
  for (const auto& [note, effect] : targets) {
    Bits target = make_bits(cat.rows.size());
    for (std::size_t r = 0; r < cat.rows.size(); ++r)
      for (const auto& t : cat.rows[r].effects)
        if (t.first == note && t.second == effect) set_bit(target, r);
    const std::vector<const Fact*> facts = facts_for(all, event_notes, resets, note);
    TargetSearch search(cat, facts, target, opt.max_facts);
    Bits uncovered;
    const auto chosen = search.cover(uncovered);
    if (const Count left = search.weight(uncovered); left > 0) {
      cat.undecided += left;
      cat.undecided_groups.push_back(
          UndecidedGroup{note, effect, left, shortest_row(cat, uncovered), {}});
    }
    for (const auto& c : chosen) {
      Pattern::Instance inst{note, search.weight(c.rows), {}};
      std::vector<std::string> abstract;
      for (auto i : c.facts) {
        const Fact& f = *facts[i];
        inst.facts.push_back(cat.events[f.before] + "|" + cat.events[f.after]);
        abstract.push_back(abstracted(cat.events[f.before], note) + "|" +
                           abstracted(cat.events[f.after], note));
      }
      const std::size_t example = shortest_row(cat, c.rows);
      std::vector<std::string> key_facts = abstract;
      std::sort(key_facts.begin(), key_facts.end());
      std::string key = effect;
      for (const auto& k : key_facts) key += "\n" + k;
      auto [it, fresh] = by_key.try_emplace(key, cat.patterns.size());
      if (fresh) {
        Pattern p;
        p.effect = effect;
        p.facts = abstract;
        p.generic = abstract != inst.facts;
        p.example_row = example;
        p.example_note = note;
        cat.patterns.push_back(std::move(p));
      }
      Pattern& p = cat.patterns[it->second];
      if (cat.rows[example].steps < cat.rows[p.example_row].steps) {
        p.example_row = example;
        p.example_note = note;
      }
      p.executions += inst.executions;
      p.instances.push_back(std::move(inst));
    }
  }
  std::stable_sort(cat.patterns.begin(), cat.patterns.end(),
                   [](const Pattern& a, const Pattern& b) { return a.executions > b.executions; });
}

}  // namespace syncsim::catalog_detail
