#pragma once
// A part of an IR cut out as an IR of its own, so that a module, or one op, can be run alone:
// what flows in from outside the part becomes a graph input, what leaves it (or is a graph
// output, or is used by nothing) becomes a graph output, and the weights and constants it reads
// come along.
#include "core/graph.h"
#include "core/topology.h"

#include <cstdint>
#include <vector>

namespace irscope::ir {

struct Subgraph {
  Graph graph;
  std::vector<ValueRef> inputs;  // where each of graph.inputs comes from in the whole IR
  std::vector<ValueRef> outputs; // which value of the whole IR each of graph.outputs is
};

// `nodes` in the order they should appear (topological). Throws std::invalid_argument when a
// node reads a value the topology cannot resolve, or when the part has no outputs.
Subgraph cutSubgraph(const Graph& graph, const Topology& topology,
                     const std::vector<int32_t>& nodes);

} // namespace irscope::ir
