// The catalogue (sim/search/catalog.h): events of each transition, the distinct event orders of the
// complete executions (a pass over the state graph, not an enumeration of executions), and
// their effects per note. Pattern search: sim/search/catalog_patterns.cpp; Markdown:
// tools/render/catalog_markdown.cpp.
#include "sim/search/catalog.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "model/ids.h"
#include "sim/search/catalog_detail.h"
#include "sim/search/catalog_events.h"

namespace syncsim {
namespace {

using catalog_detail::Entry;

/// Names the events of each transition; interns them so edges carry a small class id.
class EventTable {
 public:
  explicit EventTable(const Workload& wl) : wl_(wl) { classes_.emplace_back(); }

  std::uint32_t tag(const World& w, const Action& a) {
    catalog_events::name_events(wl_, w, a, with_acks_, names_);
    return intern_class();
  }

  const std::vector<std::uint32_t>& events_of(std::uint32_t cls) const { return classes_[cls]; }

  /// Forgets the acknowledgement events. They decide only reset losses and lost
  /// acknowledged writes (spec §5); elsewhere they multiply the distinct event orders
  /// (stashpad-mini under realm-h1: 16,860 -> 757,415) without deciding any outcome.
  void drop_acks() {
    std::vector<std::uint32_t> renamed(names.size(), kDropped);
    std::vector<std::string> kept_names;
    std::vector<model::NoteId> kept_notes;
    std::vector<bool> kept_resets;
    for (std::size_t e = 0; e < names.size(); ++e) {
      if (acks_[e]) continue;
      renamed[e] = static_cast<std::uint32_t>(kept_names.size());
      kept_names.push_back(names[e]);
      kept_notes.push_back(notes[e]);
      kept_resets.push_back(resets[e]);
    }
    for (auto& cls : classes_) {
      std::vector<std::uint32_t> kept;
      for (auto e : cls)
        if (renamed[e] != kDropped) kept.push_back(renamed[e]);
      cls = std::move(kept);
    }
    names = std::move(kept_names);
    notes = std::move(kept_notes);
    resets = std::move(kept_resets);
    acks_.assign(names.size(), false);
    event_index_.clear();
    for (std::size_t e = 0; e < names.size(); ++e)
      event_index_.emplace(names[e], static_cast<std::uint32_t>(e));
    with_acks_ = false;
  }
  bool has_reset() const { return std::find(resets.begin(), resets.end(), true) != resets.end(); }

  std::vector<std::string> names;
  std::vector<model::NoteId> notes;
  std::vector<bool> resets;  ///< per event: a client reset (add_reset)

 private:
  std::uint32_t intern_class() {
    if (names_.empty()) return 0;
    std::string key;
    for (const auto& [name, note] : names_) key += name + '\n';
    auto [it, fresh] = class_index_.try_emplace(key, static_cast<std::uint32_t>(classes_.size()));
    if (!fresh) return it->second;
    std::vector<std::uint32_t> ids;
    for (const auto& [name, note] : names_) {
      auto [ev, added] = event_index_.try_emplace(name, static_cast<std::uint32_t>(names.size()));
      if (added) {
        names.push_back(name);
        notes.push_back(note == catalog_events::kResetNote ? 0 : note);
        resets.push_back(note == catalog_events::kResetNote);
        acks_.push_back(name.rfind(kAckPrefix, 0) == 0);
      }
      ids.push_back(ev->second);
    }
    classes_.push_back(std::move(ids));
    return it->second;
  }

  static constexpr std::uint32_t kDropped = std::numeric_limits<std::uint32_t>::max();
  static constexpr const char* kAckPrefix = "ack ";

  const Workload& wl_;
  std::vector<bool> acks_;  ///< per event: an acknowledgement reached a device
  bool with_acks_ = true;
  std::vector<std::pair<std::string, model::NoteId>> names_;
  std::unordered_map<std::string, std::uint32_t> event_index_, class_index_;
  std::vector<std::vector<std::uint32_t>> classes_;
};

/// Event orders as a trie: a prefix is the sequence of steps that made new events happen.
class PrefixTrie {
 public:
  explicit PrefixTrie(std::size_t events) : words_((events + 63) / 64) {
    nodes_.push_back(Node{0, 0, {}});
    seen_.assign(words_, 0);
  }
  /// The prefix after a step whose events are `evs`; unchanged when none is new.
  std::uint32_t extend(std::uint32_t p, std::uint32_t cls, const std::vector<std::uint32_t>& evs) {
    if (evs.empty()) return p;
    const std::uint64_t key = (std::uint64_t{p} << 32) | cls;
    if (auto it = child_.find(key); it != child_.end()) return it->second;
    std::vector<std::uint32_t> fresh;
    for (auto e : evs)
      if (!has(p, e)) fresh.push_back(e);
    std::uint32_t id = p;
    if (!fresh.empty()) {
      id = static_cast<std::uint32_t>(nodes_.size());
      nodes_.push_back(Node{p, nodes_[p].depth + 1, fresh});
      const std::vector<std::uint64_t> copy(
          seen_.begin() + static_cast<std::ptrdiff_t>(p * words_),
          seen_.begin() + static_cast<std::ptrdiff_t>((p + 1) * words_));
      seen_.insert(seen_.end(), copy.begin(), copy.end());
      for (auto e : fresh) seen_[id * words_ + e / 64] |= std::uint64_t{1} << (e % 64);
    }
    child_.emplace(key, id);
    return id;
  }
  /// Per event: the step of the prefix at which it happened (1-based), 0 = never.
  std::vector<std::uint32_t> positions(std::uint32_t p, std::size_t events) const {
    std::vector<std::uint32_t> pos(events, 0);
    for (; p != 0; p = nodes_[p].parent)
      for (auto e : nodes_[p].added) pos[e] = nodes_[p].depth;
    return pos;
  }

 private:
  struct Node {
    std::uint32_t parent, depth;
    std::vector<std::uint32_t> added;
  };
  bool has(std::uint32_t p, std::uint32_t e) const {
    return (seen_[p * words_ + e / 64] >> (e % 64)) & 1;
  }
  std::size_t words_;
  std::vector<Node> nodes_;
  std::vector<std::uint64_t> seen_;
  std::unordered_map<std::uint64_t, std::uint32_t> child_;
};

using catalog_events::effects_of;

/// Did some execution lose a write the server had acknowledged (durability's `lost-ack`)?
bool loses_acked_write(const ExploreResult& search) {
  return std::any_of(search.outcomes.begin(), search.outcomes.end(), [](const auto& o) {
    return o.outcome.detail.find("lost-ack") != std::string::npos;
  });
}

/// A topological order of the state graph from the initial state.
std::vector<std::uint32_t> topological(const StateGraph& g) {
  std::vector<std::uint32_t> indegree(g.nodes.size(), 0), order{0};
  for (const auto& e : g.edges) ++indegree[e.to];
  for (std::size_t q = 0; q < order.size(); ++q) {
    const auto& n = g.nodes[order[q]];
    for (std::uint32_t e = n.edge_begin; e < n.edge_end; ++e)
      if (--indegree[g.edges[e].to] == 0) order.push_back(g.edges[e].to);
  }
  return order;
}

/// Does the note lose `effect`, and do the facts ("A|B" names) hold, in positions `pos`?
bool pattern_holds(const std::vector<std::pair<std::string, std::string>>& effects,
                   const std::string& note, const std::string& effect,
                   const std::vector<std::string>& facts, const EventTable& table,
                   const std::vector<std::uint32_t>& pos) {
  const auto lost = std::find(effects.begin(), effects.end(), std::make_pair(note, effect));
  if (lost == effects.end()) return false;
  for (const auto& fact : facts) {
    const auto bar = fact.find('|');
    const auto a = std::find(table.names.begin(), table.names.end(), fact.substr(0, bar));
    const auto b = std::find(table.names.begin(), table.names.end(), fact.substr(bar + 1));
    if (a == table.names.end() || b == table.names.end()) return false;
    const auto pa = static_cast<std::size_t>(a - table.names.begin()),
               pb = static_cast<std::size_t>(b - table.names.begin());
    if (!catalog_detail::before(pos, pa, pb)) return false;
  }
  return true;
}

/// Runs `w` one action further, noting the step at which each new event happened.
void step_noting(World& w, const Action& a, EventTable& table, std::vector<std::uint32_t>& pos,
                 std::uint32_t step) {
  const std::uint32_t cls = table.tag(w, a);
  for (auto e : table.events_of(cls)) {
    if (pos.size() <= e) pos.resize(e + 1, 0);
    if (pos[e] == 0) pos[e] = step;
  }
  w.execute(a);
}

/// A shorter example than the shortest complete execution: the shallowest state of the
/// search whose settle phase (the runner's: system actions, first enabled) completes an
/// execution where the pattern holds for one of its notes. Bounded; keeps what it has.
void shorter_example(const RunPlan& r, const catalog_detail::Flow& f, EventTable& table,
                     Pattern& p) {
  std::vector<std::uint32_t> order(f.entries.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](auto a, auto b) { return f.entries[a].depth < f.entries[b].depth; });
  std::vector<Action> acts;
  for (std::size_t k = 0; k < order.size() && k < 20000; ++k) {
    const auto choices = catalog_detail::example_choices(f, order[k]);
    if (choices.size() >= p.example.size()) return;
    World w = initial_world(r);
    std::vector<std::uint32_t> pos;
    std::uint32_t step = 0;
    for (auto c : choices) {
      w.enabled(acts, false);
      step_noting(w, acts[c], table, pos, ++step);
    }
    w.begin_settle();
    bool settled = true;
    for (;;) {
      w.enabled(acts, true);
      if (acts.empty()) break;
      if (step - choices.size() >= static_cast<std::uint64_t>(w.settings().settle_max_steps)) {
        settled = false;
        break;
      }
      step_noting(w, acts.front(), table, pos, ++step);
    }
    const auto effects = effects_of(to_outcome(check_quiescent(w, settled), w));
    for (const auto& inst : p.instances) {
      if (!pattern_holds(effects, inst.note, p.effect, inst.facts, table, pos)) continue;
      p.example = labels_of(r, choices);
      p.example_note = inst.note;
      return;
    }
  }
}

}  // namespace

namespace catalog_detail {

/// Pushes (execution count, shortest example) through the graph, per distinct event order.
Flow flow(const StateGraph& g,
          const std::function<const std::vector<std::uint32_t>&(std::uint32_t)>& events_of,
          std::size_t events) {
  Flow f;
  PrefixTrie trie(events);
  std::unordered_map<std::uint64_t, std::uint32_t> index;  // (node, prefix) -> entry
  std::vector<std::vector<std::uint32_t>> at(g.nodes.size());
  f.entries.push_back(Entry{0, 0, 1, 0, kNone, 0});
  at[0].push_back(0);
  for (std::uint32_t u : topological(g)) {
    const auto& node = g.nodes[u];
    for (std::uint32_t x : at[u]) {
      for (std::uint32_t e = node.edge_begin; e < node.edge_end; ++e) {
        const auto& edge = g.edges[e];
        const std::uint32_t p = trie.extend(f.entries[x].prefix, edge.tag, events_of(edge.tag));
        auto [it, fresh] = index.try_emplace((std::uint64_t{edge.to} << 32) | p,
                                             static_cast<std::uint32_t>(f.entries.size()));
        if (fresh) {
          f.entries.push_back(Entry{edge.to, p, 0, kNone, kNone, 0});
          at[edge.to].push_back(it->second);
        }
        Entry& y = f.entries[it->second];
        const Entry& src = f.entries[x];
        y.count += src.count;
        if (src.depth + 1 < y.depth) {
          y.depth = src.depth + 1;
          y.pred = x;
          y.choice = edge.choice;
        }
      }
    }
  }
  for (std::size_t i = 0; i < f.entries.size(); ++i)
    if (g.nodes[f.entries[i].node].outcome >= 0) {
      f.terminal.push_back(static_cast<std::uint32_t>(i));
      f.positions.push_back(trie.positions(f.entries[i].prefix, events));
    }
  return f;
}

std::vector<std::uint32_t> example_choices(const Flow& f, std::uint32_t entry) {
  std::vector<std::uint32_t> choices;
  for (std::uint32_t x = entry; f.entries[x].pred != kNone; x = f.entries[x].pred)
    choices.push_back(f.entries[x].choice);
  std::reverse(choices.begin(), choices.end());
  return choices;
}

}  // namespace catalog_detail

ProfileCatalog build_catalog(const RunPlan& r, const CatalogOptions& opt) {
  ProfileCatalog cat;
  cat.profile = r.profile;
  EventTable table(*r.workload);
  ExploreOptions eo;
  eo.partial_order = false;  // every ordering, so that counts and facts are exact
  eo.max_states = opt.max_states;
  eo.edge_tag = [&](const World& w, const Action& a) { return table.tag(w, a); };
  cat.search = explore(r, eo);
  if (!table.has_reset() && !loses_acked_write(cat.search)) table.drop_acks();
  const catalog_detail::Flow f = catalog_detail::flow(
      cat.search.graph,
      [&](std::uint32_t cls) -> const std::vector<std::uint32_t>& { return table.events_of(cls); },
      table.names.size());
  cat.events = table.names;
  for (std::size_t i = 0; i < f.terminal.size(); ++i) {
    const auto& entry = f.entries[f.terminal[i]];
    const auto& node = cat.search.graph.nodes[entry.node];
    CatalogRow row;
    row.position = f.positions[i];
    row.effects = effects_of(cat.search.outcomes[static_cast<std::size_t>(node.outcome)].outcome);
    row.executions = entry.count;
    row.steps = entry.depth;
    row.entry = f.terminal[i];
    cat.rows.push_back(std::move(row));
  }
  catalog_detail::find_patterns(cat, table.notes, table.resets, opt);
  for (auto& p : cat.patterns) {
    p.example = labels_of(r, catalog_detail::example_choices(f, cat.rows[p.example_row].entry));
    shorter_example(r, f, table, p);
  }
  for (auto& u : cat.undecided_groups)
    u.example = labels_of(r, catalog_detail::example_choices(f, cat.rows[u.example_row].entry));
  cat.search.graph = StateGraph{};
  return cat;
}

CompareCell compare_pattern(const Pattern& p, const ProfileCatalog& on) {
  CompareCell cell;
  for (const auto& inst : p.instances) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> facts;
    bool known = true;
    for (const auto& f : inst.facts) {
      const auto bar = f.find('|');
      const auto a = std::find(on.events.begin(), on.events.end(), f.substr(0, bar));
      const auto b = std::find(on.events.begin(), on.events.end(), f.substr(bar + 1));
      if (a == on.events.end() || b == on.events.end()) known = false;
      if (!known) break;
      facts.emplace_back(static_cast<std::uint32_t>(a - on.events.begin()),
                         static_cast<std::uint32_t>(b - on.events.begin()));
    }
    if (!known) continue;
    cell.applicable = true;
    for (const auto& row : on.rows) {
      const bool holds = std::all_of(facts.begin(), facts.end(), [&](const auto& ab) {
        return catalog_detail::before(row.position, ab.first, ab.second);
      });
      if (!holds) continue;
      cell.matching += row.executions;
      if (std::any_of(row.effects.begin(), row.effects.end(),
                      [&](const auto& e) { return e.first == inst.note; }))
        cell.losing += row.executions;
    }
  }
  return cell;
}

}  // namespace syncsim
