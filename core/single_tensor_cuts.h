#pragma once
// Where a graph narrows to one tensor: the boundaries between residual blocks.
#include "core/graph.h"
#include "core/topology.h"

#include <cstddef>
#include <vector>

namespace irscope::ir {

// Positions p in the topological order, ascending, such that exactly one value (a node output or
// graph input, weights not counted) is live between the op at p - 1 and the op at p: everything
// downstream depends on what came before through that one tensor. Never 0 or the order's size.
std::vector<size_t> singleTensorCuts(const Graph& graph, const Topology& topology);

} // namespace irscope::ir
