#pragma once
// Builders and a hand-driven network (one server, some clients, FIFO queues) shared by the
// Client/Server tests: client_server_test.cpp, flexible_sync_test.cpp and
// client_server_realm_core_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <vector>

#include "model/client.h"
#include "model/server.h"
#include "tests/model/links.h"

namespace syncsim::model::test::net {

inline constexpr NoteId R = root_of(1);
inline const NoteId A1 = tree_note(1, 1), A2 = tree_note(1, 2), A3 = tree_note(1, 3);
inline const NoteId X = device_note(1, 1), Y = device_note(2, 1), Z = device_note(3, 1);
using Ids = std::vector<NoteId>;

inline Instr create(NoteId id) {
  return Instr{.op = Op::CreateObject, .obj = id};
}
inline Instr erase_object(NoteId id) {
  return Instr{.op = Op::EraseObject, .obj = id};
}
inline Instr set(NoteId id, Field f, std::int64_t v) {
  return Instr{.op = Op::Set, .field = f, .obj = id, .value = v};
}
inline Instr insert(NoteId list, std::uint32_t at, NoteId link) {
  return Instr{
      .op = Op::ArrayInsert, .obj = list, .index = at, .value = static_cast<std::int64_t>(link)};
}
inline Instr erase_at(NoteId list, std::uint32_t at) {
  return Instr{.op = Op::ArrayErase, .obj = list, .index = at};
}
inline Instr clear(NoteId list) {
  return Instr{.op = Op::Clear, .obj = list};
}
inline Instr list_union(NoteId list, NoteId link) {
  return Instr{.op = Op::ListUnion, .obj = list, .value = static_cast<std::int64_t>(link)};
}

inline Changeset cs(std::int64_t ts, std::vector<Instr> instrs, Tag tag = {}) {
  Changeset c;
  c.origin_ts = ts;
  c.instrs.assign(instrs.begin(), instrs.end());
  c.tag = tag;
  return c;
}

/// A local insert as the workload writes it, appended at the end of the parent's raw list.
inline Changeset append(const Client& c, NoteId note, NoteId parent, std::int64_t ts) {
  const auto at = static_cast<std::uint32_t>(c.store().find(parent)->children.size());
  return cs(ts,
            {create(note), set(note, Field::Text, ts), insert(parent, at, note),
             set(parent, Field::LastUpdated, ts)},
            Tag{.kind = Tag::Insert, .note = note});
}

/// One server, some clients, FIFO queues per direction (one websocket per client), as in
/// sim/notes_app.cpp but driven by hand.
struct Net {
  Server server;
  std::vector<Client> clients;
  std::vector<std::deque<UploadMsg>> up;
  std::vector<std::deque<DownloadMsg>> down;
  std::vector<std::uint64_t> sent_through;  ///< server head last pushed to each client

  explicit Net(std::size_t n, const Changeset& bootstrap) {
    server.append_bootstrap(bootstrap);
    for (std::size_t i = 0; i < n; ++i) {
      clients.emplace_back(static_cast<FileIdent>(kFirstClientIdent + i), 1,
                           ResetMode::RecoverOrDiscard);
      clients.back().bootstrap(server.store(), server.head(), kAllUsers);
    }
    up.resize(n);
    down.resize(n);
    sent_through.assign(n, server.head());
  }
  void commit(std::size_t c, Changeset x) { clients[c].commit(std::move(x)); }
  void send(std::size_t c) {
    UploadMsg m = clients[c].take_upload();
    if (!m.changesets.empty()) up[c].push_back(std::move(m));
  }
  void deliver_up(std::size_t c) {
    UploadMsg m = std::move(up[c].front());
    up[c].pop_front();
    for (auto& x : m.changesets) server.integrate(m.from, std::move(x));
  }
  void push_down(std::size_t c) {
    down[c].push_back(server.download_for(clients[c].ident(), kAllUsers, sent_through[c]));
    sent_through[c] = server.head();
  }
  void deliver_down(std::size_t c) {
    DownloadMsg m = std::move(down[c].front());
    down[c].pop_front();
    clients[c].integrate(m);
  }
  /// Everything sent, integrated, downloaded and integrated.
  void settle() {
    for (int round = 0; round < 4; ++round) {
      for (std::size_t c = 0; c < clients.size(); ++c) send(c);
      for (std::size_t c = 0; c < clients.size(); ++c)
        while (!up[c].empty()) deliver_up(c);
      for (std::size_t c = 0; c < clients.size(); ++c) push_down(c);
      for (std::size_t c = 0; c < clients.size(); ++c)
        while (!down[c].empty()) deliver_down(c);
    }
  }
  void expect_converged() const {
    EXPECT_EQ(server.store().index_anomalies(), 0u);
    for (const auto& c : clients) {
      EXPECT_TRUE(c.store() == server.store())
          << "c" << c.ident() - 1 << " differs from the server";
      EXPECT_EQ(c.store().index_anomalies(), 0u);
      EXPECT_TRUE(c.unacked().empty());
      EXPECT_EQ(c.download_cursor(), server.head());
    }
  }
};

inline Changeset base_tree() {
  Changeset b = cs(0,
                   {create(R), set(R, Field::IsRoot, 1), create(A1), create(A2), create(A3),
                    insert(R, 0, A1), insert(R, 1, A2), insert(R, 2, A3)},
                   Tag{.kind = Tag::Bootstrap});
  b.origin = kTranslatorIdent;
  return b;
}

inline Ids kids(const Store& s, NoteId id) {
  return s.visible_children(id);
}
inline Ids raw(const Store& s, NoteId id) {
  const Note* n = s.find(id);
  return n ? test::as_ids(n->children) : Ids{};
}

}  // namespace syncsim::model::test::net
