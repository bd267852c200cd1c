#pragma once
// The checkers' graph (properties/reachability.cpp) as a Boost.Graph model: a read-only view
// over the compressed-sparse-row arrays of a ReachScratch (one vertex per note, `first[v]` ..
// `first[v + 1]` its out-edges in `target`), so that Boost's algorithms search the arrays the
// checker reuses from one replica to the next instead of a graph of their own. Also the two
// external maps those algorithms take, over the same scratch: a colour map kept in the low
// bits of `flags` and a FIFO buffer over `queue`. Nothing here allocates, except `queue`
// growing past its largest size so far (a fresh scratch's first searches).
#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/iterator/iterator_facade.hpp>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "properties/check.h"

namespace syncsim {

/// A CSR edge: its source and its position in `target` (the source is kept because CSR rows
/// do not say whose an edge is without a search over `first`).
struct ReachEdge {
  std::uint32_t source = 0;
  std::uint32_t index = 0;
  friend bool operator==(const ReachEdge&, const ReachEdge&) = default;
};

/// Out-edges of one vertex: edge positions first[v] .. first[v + 1], with v carried along.
class ReachOutEdgeIter
    : public boost::iterator_facade<ReachOutEdgeIter, ReachEdge, boost::random_access_traversal_tag,
                                    ReachEdge> {
 public:
  ReachOutEdgeIter() = default;
  ReachOutEdgeIter(std::uint32_t source, std::uint32_t index) : edge_{source, index} {}

 private:
  friend class boost::iterator_core_access;
  ReachEdge dereference() const { return edge_; }
  bool equal(const ReachOutEdgeIter& o) const { return edge_.index == o.edge_.index; }
  void increment() { ++edge_.index; }
  void decrement() { --edge_.index; }
  void advance(std::ptrdiff_t n) { edge_.index = static_cast<std::uint32_t>(edge_.index + n); }
  std::ptrdiff_t distance_to(const ReachOutEdgeIter& o) const {
    return static_cast<std::ptrdiff_t>(o.edge_.index) - static_cast<std::ptrdiff_t>(edge_.index);
  }
  ReachEdge edge_;
};

/// The graph itself: a pointer to the scratch's arrays, copied freely.
struct ReachGraph {
  const ReachScratch* scratch = nullptr;
};

/// Boost.Graph's traversal categories this model offers.
struct ReachTraversal : boost::incidence_graph_tag, boost::vertex_list_graph_tag {};

}  // namespace syncsim

namespace boost {
template <>
struct graph_traits<syncsim::ReachGraph> {
  using vertex_descriptor = std::uint32_t;
  using edge_descriptor = syncsim::ReachEdge;
  using directed_category = directed_tag;
  using edge_parallel_category = allow_parallel_edge_tag;
  using traversal_category = syncsim::ReachTraversal;
  using out_edge_iterator = syncsim::ReachOutEdgeIter;
  using degree_size_type = std::uint32_t;
  using vertex_iterator = counting_iterator<std::uint32_t>;
  using vertices_size_type = std::size_t;
  static vertex_descriptor null_vertex() { return UINT32_MAX; }
};
}  // namespace boost

namespace syncsim {

// IncidenceGraph and VertexListGraph, found by argument-dependent lookup.
inline std::pair<ReachOutEdgeIter, ReachOutEdgeIter> out_edges(std::uint32_t v,
                                                               const ReachGraph& g) {
  return {ReachOutEdgeIter(v, g.scratch->first[v]), ReachOutEdgeIter(v, g.scratch->first[v + 1])};
}
inline std::uint32_t out_degree(std::uint32_t v, const ReachGraph& g) {
  return g.scratch->first[v + 1] - g.scratch->first[v];
}
inline std::uint32_t source(ReachEdge e, const ReachGraph&) {
  return e.source;
}
inline std::uint32_t target(ReachEdge e, const ReachGraph& g) {
  return g.scratch->target[e.index];
}
inline std::size_t num_vertices(const ReachGraph& g) {
  return g.scratch->owners.size();
}
inline std::pair<boost::counting_iterator<std::uint32_t>, boost::counting_iterator<std::uint32_t>>
vertices(const ReachGraph& g) {
  return {0u, static_cast<std::uint32_t>(num_vertices(g))};
}

/// Boost's colour of each vertex, kept in the low three bits of the scratch's `flags` (the
/// values of boost::default_color_type: white 0, gray 1, black 4), so that the other bits stay
/// free for the checker's own marks.
struct ReachColourMap {
  using key_type = std::uint32_t;
  using value_type = boost::default_color_type;
  using reference = value_type;
  using category = boost::read_write_property_map_tag;
  static constexpr std::uint8_t kBits = 0x7;

  std::uint8_t* flags = nullptr;

  friend value_type get(const ReachColourMap& m, key_type v) {
    return static_cast<value_type>(m.flags[v] & kBits);
  }
  friend void put(const ReachColourMap& m, key_type v, value_type c) {
    m.flags[v] = static_cast<std::uint8_t>((m.flags[v] & ~kBits) | static_cast<std::uint8_t>(c));
  }
};

/// Boost's Buffer (a FIFO queue for breadth-first search) over the scratch's `queue`: pushes
/// append, pops advance a head, so that the vector keeps every vertex ever pushed, in order,
/// and its capacity from one search to the next.
class ReachQueue {
 public:
  using value_type = std::uint32_t;
  using size_type = std::size_t;

  explicit ReachQueue(std::vector<std::uint32_t>& items) : items_(&items) { items_->clear(); }
  void push(std::uint32_t v) { items_->push_back(v); }
  void pop() { ++head_; }
  std::uint32_t& top() { return (*items_)[head_]; }
  const std::uint32_t& top() const { return (*items_)[head_]; }
  bool empty() const { return head_ == items_->size(); }
  std::size_t size() const { return items_->size() - head_; }
  /// Every vertex pushed since construction (discovered, for breadth-first search).
  std::size_t pushed() const { return items_->size(); }

 private:
  std::vector<std::uint32_t>* items_;
  std::size_t head_ = 0;
};

}  // namespace syncsim
