#pragma once
#include "core/graph.h"
#include "core/topology.h"

#include <string>
#include <vector>

namespace irscope::ir {

// What is wrong and where. `node` names the node concerned, or is empty for graph-level
// problems (graph inputs and outputs, weights, the mapping).
struct Problem {
  enum class Kind {
    Naming,      // empty or repeated names, empty op_type
    Reference,   // an input or output that cannot be followed to its source
    Consistency, // shapes/dtypes that disagree between producer and consumer, bad getitem
    Cycle,
  };
  Kind kind;
  std::string node;
  std::string message;
};

// Everything torch_ir's validate_ir checks (unique non-empty node names, non-empty op_type),
// plus: every input resolves to a node output, graph input, weight or constant; producer
// indices are in range; consumers record the shape and dtype their producer declares; graph
// outputs resolve; getitem indices are in range; names are unique; the graph has no cycle.
// Reports every problem, in file order.
std::vector<Problem> validate(const Graph& graph, const Topology& topology);

// True for the problems that leave no well-defined dataflow graph (a dangling reference, a
// cycle, a repeated name); tools that draw or summarise the graph refuse those.
bool breaksStructure(const Problem& problem);

// "node 'conv2d': input 0 'x' ..." or the bare message for graph-level problems.
std::string describe(const Problem& problem);

} // namespace irscope::ir
