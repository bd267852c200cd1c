// Convergence (spec §3 "All replicas converge", §7 property 4) of model::Client and
// model::Server driven directly, without sim/: random interleavings of local writes (generated
// the way sim/notes_app.cpp generates them, plus ArrayMoves, which no workload writes yet but
// the transform models as realm-core does) and of message deliveries through FIFO queues.
// At quiescence every client's Store equals the server's and no list index went out of range.
// The second property adds translator changesets (Clear + ArrayInsert re-inserts, as
// model/reinsert.cpp emits them) based on older server versions: orphans are allowed, divergence
// is not.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <deque>
#include <ostream>
#include <string>
#include <vector>

#include "model/client.h"
#include "model/server.h"

namespace syncsim::model {
namespace {

/// One random step. `kind` picks the action (see Run::step); `client`, `a`, `b` pick the
/// replica and the notes (taken modulo what exists, so every step is meaningful or a no-op).
struct Step {
  int kind = 0;
  int client = 0;
  int a = 0;
  int b = 0;
};

void showValue(const Step& s, std::ostream& os) {
  os << "{" << s.kind << "," << s.client << "," << s.a << "," << s.b << "}";
}

/// RapidCheck's inRange scales its range with the size parameter; choices here must not
/// (a small size would mean "writes only"), so they are generated at the nominal size.
template <typename T>
rc::Gen<T> full_range(rc::Gen<T> g) {
  return rc::gen::resize(100, std::move(g));
}

rc::Gen<Step> step_gen() {
  return full_range(
      rc::gen::map(rc::gen::tuple(rc::gen::inRange(0, 100), rc::gen::inRange(0, 3),
                                  rc::gen::inRange(0, 64), rc::gen::inRange(0, 64)),
                   [](const std::tuple<int, int, int, int>& t) {
                     return Step{std::get<0>(t), std::get<1>(t), std::get<2>(t), std::get<3>(t)};
                   }));
}

/// Up to 30 steps (fewer at small sizes); RapidCheck shrinks by removing steps and
/// simplifying each one.
rc::Gen<std::vector<Step>> steps_gen() {
  return rc::gen::withSize([](int size) {
    return rc::gen::resize(std::min(size, 30), rc::gen::container<std::vector<Step>>(step_gen()));
  });
}

std::string describe(const Store& s) {
  std::string out;
  for (const auto& [id, n] : s.notes()) {
    out += note_name(id) + "[t" + std::to_string(n.text) + "]:";
    for (NoteId c : n.children) out += " " + note_name(c) + (s.contains(c) ? "" : "(x)");
    out += "\n";
  }
  return out;
}

Instr set(NoteId id, Field f, std::int64_t v) {
  return Instr{.op = Op::Set, .field = f, .obj = id, .value = v};
}
Instr list_op(Op op, NoteId list, std::uint32_t at, NoteId link = 0) {
  return Instr{.op = op, .obj = list, .index = at, .value = static_cast<std::int64_t>(link)};
}

NoteId pick(const Store& st, int k) {
  auto it = st.notes().begin();
  std::advance(it, k % static_cast<int>(st.size()));
  return it->first;
}

/// One server, 2-3 clients, FIFO queues per direction, a global tick and skewed device clocks.
class Run {
 public:
  Run(int clients, const std::vector<int>& skew) : skew_(skew) {
    Changeset boot;
    boot.origin = kTranslatorIdent;
    const NoteId r = root_of(1);
    boot.instrs = {Instr{.op = Op::CreateObject, .obj = r}, set(r, Field::IsRoot, 1),
                   set(r, Field::Owner, 1)};
    for (std::uint32_t k = 1; k <= 3; ++k) {
      boot.instrs.push_back(Instr{.op = Op::CreateObject, .obj = tree_note(1, k)});
      boot.instrs.push_back(list_op(Op::ArrayInsert, k == 3 ? tree_note(1, 1) : r,
                                    k == 3 ? 0 : k - 1, tree_note(1, k)));
    }
    server_.append_bootstrap(boot);
    for (int i = 0; i < clients; ++i) {
      clients_.emplace_back(static_cast<FileIdent>(kFirstClientIdent + i), 1,
                            ResetMode::RecoverOrDiscard);
      clients_.back().bootstrap(server_.store(), server_.head(), kAllUsers);
    }
    up_.resize(clients_.size());
    down_.resize(clients_.size());
    sent_through_.assign(clients_.size(), server_.head());
    notes_made_.assign(clients_.size(), 0);
  }

  void step(const Step& s, bool translator) {
    ++now_;
    const auto c = static_cast<std::size_t>(s.client) % clients_.size();
    if (s.kind < 40) return write(c, s.a, s.b);
    if (s.kind < 52) return send(c);
    if (s.kind < 66) return deliver_up(c);
    if (s.kind < 78) return push_down(c);
    if (s.kind < 94 || !translator) return deliver_down(c);
    reinsert(s.a, s.b);
  }

  /// Delivers everything until no message is pending and every client is caught up.
  void settle() {
    for (int round = 0; round < 8; ++round) {
      for (std::size_t c = 0; c < clients_.size(); ++c) send(c);
      for (std::size_t c = 0; c < clients_.size(); ++c)
        while (!up_[c].empty()) deliver_up(c);
      for (std::size_t c = 0; c < clients_.size(); ++c) push_down(c);
      for (std::size_t c = 0; c < clients_.size(); ++c)
        while (!down_[c].empty()) deliver_down(c);
    }
  }

  void check_converged() const {
    RC_LOG() << "server:\n" << describe(server_.store());
    RC_ASSERT(server_.store().index_anomalies() == 0u);
    for (const auto& c : clients_) {
      if (!(c.store() == server_.store()))
        RC_LOG() << "c" << c.ident() - 1 << ":\n" << describe(c.store());
      RC_ASSERT(c.store() == server_.store());
      RC_ASSERT(c.store().index_anomalies() == 0u);
      RC_ASSERT(c.unacked().empty());
      RC_ASSERT(c.download_cursor() == server_.head());
    }
  }
  std::uint64_t translator_changesets() const { return translator_changesets_; }

 private:
  std::int64_t device_clock(std::size_t c) const { return now_ * 10 + skew_[c]; }

  void write(std::size_t c, int a, int b) {
    const Store& st = clients_[c].store();
    const std::int64_t ts = device_clock(c);
    const NoteId note = pick(st, a), other = pick(st, b);
    Changeset cs;
    cs.origin_ts = ts;
    auto& v = cs.instrs;
    NoteId parent = 0;
    std::uint32_t index = 0;
    switch (a % 7) {
      case 0:
      case 1:
      case 2: {  // insert under `other`
        const NoteId id = device_note(static_cast<std::uint32_t>(c + 1), ++notes_made_[c]);
        v = {Instr{.op = Op::CreateObject, .obj = id},
             set(id, Field::Text, id & 0xffff),
             set(id, Field::IsRoot, 0),
             set(id, Field::Owner, 1),
             set(id, Field::LastUpdated, ts),
             list_op(Op::ArrayInsert, other,
                     static_cast<std::uint32_t>(st.find(other)->children.size()), id),
             set(other, Field::LastUpdated, ts)};
        break;
      }
      case 3:  // edit
        v = {set(note, Field::Text, st.find(note)->text + 1), set(note, Field::LastUpdated, ts)};
        break;
      case 4:  // delete a leaf
        if (!st.visible_children(note).empty() || !st.find_parent(note, parent, index)) return;
        v = {list_op(Op::ArrayErase, parent, index), Instr{.op = Op::EraseObject, .obj = note},
             set(parent, Field::LastUpdated, ts)};
        break;
      case 6: {  // ArrayMove within `other`'s children (no workload writes one yet)
        const auto size = static_cast<std::uint32_t>(st.find(other)->children.size());
        const auto from = static_cast<std::uint32_t>(a) % std::max(size, 1u);
        const auto to = static_cast<std::uint32_t>(b) % std::max(size, 1u);
        if (from == to) return;
        v = {Instr{.op = Op::ArrayMove, .obj = other, .index = from, .index2 = to},
             set(other, Field::LastUpdated, ts)};
        break;
      }
      default: {  // move `note` under `other`, never creating a cycle locally
        if (st.is_descendant(note, other) || !st.find_parent(note, parent, index)) return;
        auto at = static_cast<std::uint32_t>(st.find(other)->children.size());
        if (parent == other) --at;
        v = {list_op(Op::ArrayErase, parent, index), list_op(Op::ArrayInsert, other, at, note),
             set(parent, Field::LastUpdated, ts), set(other, Field::LastUpdated, ts)};
      }
    }
    clients_[c].commit(std::move(cs));
  }

  /// A re-insert changeset of one note as it was at an older server version (model/reinsert.cpp):
  /// CreateObject, scalar Sets, Clear(children), ArrayInsert of each visible child.
  void reinsert(int a, int b) {
    const std::uint64_t span = server_.head() - translator_base_ + 1;
    translator_base_ += static_cast<std::uint64_t>(a) % span;  // bases never go back (one job)
    Store old;
    for (std::uint64_t v = 1; v <= translator_base_; ++v) old.apply(server_.entry(v).cs);
    const NoteId id = pick(old, b);
    const Note& n = *old.find(id);
    Changeset cs;
    cs.origin = kTranslatorIdent;
    cs.origin_ts = now_ * 10;
    cs.last_integrated_version = translator_base_;
    cs.instrs = {Instr{.op = Op::CreateObject, .obj = id}, set(id, Field::Text, n.text),
                 set(id, Field::IsRoot, n.is_root), set(id, Field::Owner, n.owner),
                 Instr{.op = Op::Clear, .obj = id}};
    std::uint32_t i = 0;
    for (NoteId child : old.visible_children(id))
      cs.instrs.push_back(list_op(Op::ArrayInsert, id, i++, child));
    server_.integrate(kTranslatorIdent, std::move(cs));
    ++translator_changesets_;
  }

  void send(std::size_t c) {
    UploadMsg m = clients_[c].take_upload();
    if (!m.changesets.empty()) up_[c].push_back(std::move(m));
  }
  void deliver_up(std::size_t c) {
    if (up_[c].empty()) return;
    UploadMsg m = std::move(up_[c].front());
    up_[c].pop_front();
    for (auto& cs : m.changesets) server_.integrate(m.from, std::move(cs));
  }
  void push_down(std::size_t c) {
    down_[c].push_back(server_.download_for(clients_[c].ident(), kAllUsers, sent_through_[c]));
    sent_through_[c] = server_.head();
  }
  void deliver_down(std::size_t c) {
    if (down_[c].empty()) return;
    DownloadMsg m = std::move(down_[c].front());
    down_[c].pop_front();
    clients_[c].integrate(m);
  }

  std::vector<int> skew_;
  Server server_;
  std::vector<Client> clients_;
  std::vector<std::deque<UploadMsg>> up_;
  std::vector<std::deque<DownloadMsg>> down_;
  std::vector<std::uint64_t> sent_through_;
  std::vector<std::uint32_t> notes_made_;
  std::int64_t now_ = 0;
  std::uint64_t translator_base_ = 1;
  std::uint64_t translator_changesets_ = 0;
};

void run_property(bool translator) {
  const int clients = *full_range(rc::gen::inRange(2, 4));
  // Clock skew of up to 1.5 ticks either way: timestamps of different devices interleave and
  // tie, so the (timestamp, file ident) tie-break is exercised.
  const auto skew = *full_range(rc::gen::container<std::vector<int>>(3, rc::gen::inRange(-15, 16)));
  const auto steps = *steps_gen();
  Run run(clients, skew);
  for (const Step& s : steps) run.step(s, translator);
  run.settle();
  run.check_converged();
  if (translator) RC_CLASSIFY(run.translator_changesets() > 0, "with re-inserts");
}

RC_GTEST_PROP(Convergence, ClientsAndServerConvergeAtQuiescence, ()) {
  run_property(false);
}

RC_GTEST_PROP(Convergence, ConvergeWithStaleTranslatorReinserts, ()) {
  run_property(true);
}

}  // namespace
}  // namespace syncsim::model
