// Exhaustive exploration (sim/search/explore.h): breadth-first with a visited set, and plain
// depth-first for cross-checking.
#include "sim/search/explore.h"

#include <chrono>
#include <limits>
#include <map>
#include <tuple>
#include <utility>

#include "model/assert.h"
#include "model/ids.h"
#include "sim/runner.h"
#include "sim/search/bfs.h"

namespace syncsim {

bool Outcome::operator<(const Outcome& o) const {
  return std::tie(signature, detail, final_hash) < std::tie(o.signature, o.detail, o.final_hash);
}

Outcome to_outcome(const CheckReport& rep, const World& settled_world) {
  std::vector<std::string> signatures, details;
  for (const Violation& v : rep.violations)
    details.push_back(v.signature() + "@" + (v.replica.empty() ? "-" : v.replica) + ":" +
                      (v.notes.empty() ? "-" : notes_list(v.notes)));
  signatures = distinct_signatures(rep.violations);
  std::sort(signatures.begin(), signatures.end());
  std::sort(details.begin(), details.end());
  Outcome o;
  for (const auto& s : signatures) o.signature += (o.signature.empty() ? "" : "+") + s;
  for (const auto& d : details) o.detail += (o.detail.empty() ? "" : " ") + d;
  o.final_hash = state_hash(settled_world);
  return o;
}

World initial_world(const RunPlan& r) {
  return World(r.scenario, r.workload, r.settings, r.seed, Discipline::Untimed);
}

Outcome evaluate_terminal(World w) {
  // The runner's own settle phase, after an empty replay (no chosen step).
  static const std::vector<StepLine> kNoSteps;
  RunOptions opt;
  opt.strategy = Strategy::Replay;
  opt.replay = &kNoSteps;
  const RunResult res = run_world(w, opt);
  return to_outcome(check_quiescent(w, res.settled), w);
}

std::vector<std::string> labels_of(const RunPlan& r, const std::vector<std::uint32_t>& choices) {
  World w = initial_world(r);
  std::vector<Action> acts;
  std::vector<std::string> out;
  for (std::uint32_t c : choices) {
    w.enabled(acts, false);
    if (c >= acts.size()) break;  // not a path of this world
    out.push_back(w.label(acts[c]));
    w.execute(acts[c]);
  }
  return out;
}

bool count_paths(const StateGraph& g, std::vector<Count>& paths) {
  const std::size_t n = g.nodes.size();
  paths.assign(n, Count{});
  if (n == 0) return true;
  std::vector<std::uint32_t> indegree(n, 0);
  for (const auto& e : g.edges) ++indegree[e.to];
  std::vector<std::uint32_t> queue{0};
  paths[0] = 1;
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const auto& node = g.nodes[queue[q]];
    for (std::uint32_t e = node.edge_begin; e < node.edge_end; ++e) {
      const std::uint32_t to = g.edges[e].to;
      paths[to] += paths[queue[q]];
      if (--indegree[to] == 0) queue.push_back(to);
    }
  }
  return queue.size() == n;
}

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Outcome classes in discovery order; sorted into the result at the end.
class OutcomeTable {
 public:
  std::uint32_t add(Outcome o, std::uint32_t depth, const std::vector<std::uint32_t>& choices,
                    const Count& count) {
    auto [it, fresh] =
        index_.try_emplace(std::move(o), static_cast<std::uint32_t>(classes_.size()));
    if (fresh) classes_.push_back(OutcomeClass{it->first, 0, 0, depth, choices});
    OutcomeClass& c = classes_[it->second];
    c.states += 1;
    c.executions += count;
    if (depth < c.shortest) {
      c.shortest = depth;
      c.example = choices;
    }
    return it->second;
  }
  OutcomeClass& at(std::uint32_t i) { return classes_[i]; }
  /// Moves the classes into `res` sorted; returns old index -> new index.
  std::vector<std::int32_t> finish(ExploreResult& res) {
    std::vector<std::int32_t> remap(classes_.size());
    std::int32_t next = 0;
    for (const auto& [o, i] : index_) remap[i] = next++;
    res.outcomes.resize(classes_.size());
    for (std::size_t i = 0; i < classes_.size(); ++i)
      res.outcomes[static_cast<std::size_t>(remap[i])] = std::move(classes_[i]);
    return remap;
  }

 private:
  std::map<Outcome, std::uint32_t> index_;
  std::vector<OutcomeClass> classes_;
};

void summarize(ExploreResult& res) {
  std::map<std::string, SignatureCount> by_sig;
  for (const auto& c : res.outcomes) {
    SignatureCount& s = by_sig[c.outcome.signature];
    s.signature = c.outcome.signature;
    s.states += c.states;
    s.executions += c.executions;
    res.terminal_states += c.states;
    res.executions += c.executions;
    if (!c.outcome.failing()) continue;
    res.failing_states += c.states;
    res.failing_executions += c.executions;
    if (res.shortest_choices.empty() || c.shortest < res.shortest_choices.size()) {
      res.shortest_choices = c.example;
      res.shortest_signature = c.outcome.signature;
      res.shortest_complete = c.shortest;
    }
  }
  for (auto& [sig, c] : by_sig) res.signatures.push_back(std::move(c));
}

void cut(ExploreResult& res, const std::string& bound) {
  if (res.cut_short) return;
  res.cut_short = true;
  res.cut_message = "search cut short by " + bound + ": results are a lower bound";
}

// ---- reduced search: breadth-first over states, visited set of state hashes --------------

/// explore's visits of the breadth-first walk (sim/search/bfs.h): the state graph, terminal
/// outcomes, partial-order reduction and the --max-depth / --max-states bounds.
class Bfs {
 public:
  Bfs(const RunPlan& r, const ExploreOptions& opt, ExploreResult& res)
      : opt_(opt), res_(res), graph_(res.graph), workload_(*r.workload), initial_(r) {
    res_.executions_exact = !opt.partial_order;
  }

  void run() {
    graph_.nodes.push_back(StateGraph::Node{});
    BreadthFirstWalk<Bfs>(*this, true).run(initial_world(initial_));
    res_.states = graph_.nodes.size();
    const auto remap = table_.finish(res_);
    for (auto& n : graph_.nodes)
      if (n.outcome >= 0) n.outcome = remap[static_cast<std::size_t>(n.outcome)];
    count_executions();
  }

  // ---- the walk's hooks (sim/search/bfs.h) ----
  bool level(std::uint32_t, const std::vector<BfsEntry>&) { return true; }

  bool choose(std::uint32_t id, std::uint32_t depth, World& w, const std::vector<Action>& acts,
              std::vector<std::uint32_t>& chosen) {
    res_.depth = std::max(res_.depth, depth);
    if (acts.empty()) {
      // Counts are filled in from the path counts at the end.
      graph_.nodes[id].outcome = static_cast<std::int32_t>(
          table_.add(evaluate_terminal(std::move(w)), depth, path_to(id), 0));
      return false;
    }
    if (opt_.max_depth != 0 && depth >= opt_.max_depth) {
      cut(res_, "--max-depth=" + std::to_string(opt_.max_depth));
      return false;
    }
    graph_.nodes[id].edge_begin = static_cast<std::uint32_t>(graph_.edges.size());
    if (opt_.partial_order) {
      explore_detail::persistent_set(w, workload_, acts, chosen);
    } else {
      for (std::size_t i = 0; i < acts.size(); ++i) chosen.push_back(static_cast<std::uint32_t>(i));
    }
    return true;
  }

  void step(const World& w, const Action& a, std::uint32_t) {
    tag_ = opt_.edge_tag ? opt_.edge_tag(w, a) : 0;
    ++res_.transitions;
    ++res_.kind_counts[static_cast<int>(a.kind)];
  }

  bool admit(std::uint32_t) {
    if (opt_.max_states == 0 || graph_.nodes.size() < opt_.max_states) return true;
    cut(res_, "--max-states=" + std::to_string(opt_.max_states));
    return false;
  }

  void reached(std::uint32_t parent, std::uint32_t choice, std::uint32_t id, bool fresh) {
    if (fresh) {
      SYNCSIM_ASSERT(id == graph_.nodes.size(), "the walk numbers states as the graph does");
      graph_.nodes.push_back(
          StateGraph::Node{parent, choice, graph_.nodes[parent].depth + 1, 0, 0, -1});
    }
    graph_.edges.push_back(StateGraph::Edge{id, choice, tag_});
  }

  bool expanded(std::uint32_t id) {
    graph_.nodes[id].edge_end = static_cast<std::uint32_t>(graph_.edges.size());
    return true;
  }

 private:
  std::vector<std::uint32_t> path_to(std::uint32_t id) const {
    std::vector<std::uint32_t> choices;
    for (; id != 0; id = graph_.nodes[id].parent) choices.push_back(graph_.nodes[id].choice);
    std::reverse(choices.begin(), choices.end());
    return choices;
  }

  /// Complete executions = paths from the initial state to each terminal state.
  void count_executions() {
    std::vector<Count> paths;
    const bool acyclic = count_paths(graph_, paths);
    for (std::size_t i = 0; i < graph_.nodes.size(); ++i) {
      const auto& node = graph_.nodes[i];
      if (node.outcome < 0) continue;
      auto& c = res_.outcomes[static_cast<std::size_t>(node.outcome)];
      c.executions += paths[i];
    }
    if (!acyclic) cut(res_, "a cycle in the state graph (execution counts incomplete)");
  }

  const ExploreOptions& opt_;
  ExploreResult& res_;
  StateGraph& graph_;
  OutcomeTable table_;
  const Workload& workload_;
  const RunPlan& initial_;
  std::uint32_t tag_ = 0;  ///< edge_tag of the step being taken
};

// ---- plain search: depth-first over every ordering, no visited set -----------------------

class Dfs {
 public:
  Dfs(const RunPlan& r, const ExploreOptions& opt, ExploreResult& res) : opt_(opt), res_(res) {
    visit(initial_world(r));
  }

  void run() {
    while (!stack_.empty() && !stop_) {
      Frame& f = stack_.back();
      if (f.next == f.acts.size()) {
        stack_.pop_back();
        if (!choices_.empty()) choices_.pop_back();
        continue;
      }
      const std::uint32_t i = f.next++;
      World child = f.next == f.acts.size() ? std::move(f.w) : f.w;
      child.execute(f.acts[i]);
      ++res_.transitions;
      ++res_.kind_counts[static_cast<int>(f.acts[i].kind)];
      choices_.push_back(i);
      if (!visit(std::move(child))) choices_.pop_back();  // `f` may dangle from here on
    }
    table_.finish(res_);
  }

 private:
  struct Frame {
    World w;
    std::vector<Action> acts;
    std::uint32_t next = 0;
  };

  /// Returns true when the state was pushed for expansion.
  bool visit(World w) {
    ++res_.states;
    if (opt_.max_states != 0 && res_.states > opt_.max_states) {
      --res_.states;
      cut(res_, "--max-states=" + std::to_string(opt_.max_states));
      stop_ = true;
      return false;
    }
    const auto depth = static_cast<std::uint32_t>(choices_.size());
    res_.depth = std::max(res_.depth, depth);
    std::vector<Action> acts;
    w.enabled(acts, false);
    if (acts.empty()) {
      table_.add(evaluate_terminal(std::move(w)), depth, choices_, 1);
      return false;
    }
    if (opt_.max_depth != 0 && depth >= opt_.max_depth) {
      cut(res_, "--max-depth=" + std::to_string(opt_.max_depth));
      return false;
    }
    stack_.push_back(Frame{std::move(w), std::move(acts), 0});
    return true;
  }

  const ExploreOptions& opt_;
  ExploreResult& res_;
  OutcomeTable table_;
  std::vector<Frame> stack_;
  std::vector<std::uint32_t> choices_;
  bool stop_ = false;
};

/// The shallowest state of the graph (breadth-first order: node ids) whose settle phase
/// fails. Bounded: past `limit` evaluations the complete execution already found stands.
void shortest_failing_prefix(const RunPlan& r, ExploreResult& res, std::size_t limit) {
  const auto& nodes = res.graph.nodes;
  std::vector<Action> acts;
  for (std::size_t id = 0; id < nodes.size() && id < limit; ++id) {
    if (nodes[id].depth >= res.shortest_choices.size()) return;
    std::vector<std::uint32_t> choices;
    for (auto n = static_cast<std::uint32_t>(id); n != 0; n = nodes[n].parent)
      choices.push_back(nodes[n].choice);
    std::reverse(choices.begin(), choices.end());
    World w = initial_world(r);
    for (std::uint32_t c : choices) {
      w.enabled(acts, false);
      w.execute(acts[c]);
    }
    const Outcome o = evaluate_terminal(std::move(w));
    if (!o.failing()) continue;
    res.shortest_choices = std::move(choices);
    res.shortest_signature = o.signature;
    return;
  }
}

}  // namespace

ExploreResult explore(const RunPlan& r, const ExploreOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  ExploreResult res;
  if (opt.reduction) {
    Bfs(r, opt, res).run();
  } else {
    Dfs(r, opt, res).run();
  }
  summarize(res);
  if (opt.reduction && !res.shortest_choices.empty()) shortest_failing_prefix(r, res, 100000);
  res.shortest_trace = labels_of(r, res.shortest_choices);
  res.seconds = seconds_since(t0);
  return res;
}

}  // namespace syncsim
