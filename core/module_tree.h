#pragma once
// The model's nesting: groups of nodes that diagrams frame, collapse and expand.
#include "core/graph.h"
#include "core/topology.h"

#include <cstdint>
#include <string>
#include <vector>

namespace irscope::ir {

// Module paths nest this deep at most; further segments stay in the last group's name.
inline constexpr int kMaxModuleDepth = 64;

struct ModuleGroup {
  std::string name;           // "layer1.0" for a module path; "layer 3" or "block 2" when derived
  std::string label;          // what a diagram shows: the last path component, or the derived name
  std::string type;           // the module's class ("Bottleneck"), or for derived groups what they
                              // mostly do ("linear ×4, layer_norm ×2")
  std::string qualified_type; // "torchvision.ops.misc.Conv2dNormActivation" when the IR records
                              // module classes (Graph::module_classes); else empty
  int parent = -1;            // index into ModuleTree::groups; -1 for top-level groups
  int depth = 0;              // 0 for top-level groups
  std::vector<int> children;  // nested groups
  std::vector<int32_t> nodes; // ops directly inside, not in a child group
  size_t total_nodes = 0;     // ops inside, at any depth
};

struct ModuleTree {
  std::vector<ModuleGroup> groups; // parents before children
  std::vector<int> group_of_node;  // innermost group of each node; -1 for none
  bool derived = false;            // true when derived from the dataflow, not module paths

  std::vector<int> topLevel() const;
};

// "torchvision.ops.misc.Conv2dNormActivation" -> "Conv2dNormActivation": Python's
// type(module).__name__.
std::string shortClassName(const std::string& qualified_class);

// Groups from the nodes' module paths when the graph has them (from the file, or inferred from
// the weights' names when the file names no modules: io::openModel does that). A graph without
// either, one that reads no weights, gets a hierarchy derived from the dataflow: the topological
// order is cut wherever a single tensor carries everything downstream (between residual blocks);
// repeating runs of those segments become layers, others blocks; stages group blocks so that no
// level holds more than `max_children` items, and a block larger than that is split into bands of
// consecutive ops (as Model Explorer splits large layers). Graphs of at most `max_children` ops get
// none.
ModuleTree buildModuleTree(const Graph& graph, const Topology& topology, size_t max_children = 40);

} // namespace irscope::ir
