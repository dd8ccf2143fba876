#pragma once
// The model's nesting: groups of nodes that diagrams frame, collapse and expand.
#include "core/graph.h"
#include "core/topology.h"

#include <cstdint>
#include <string>
#include <vector>

namespace irscope::ir {

struct ModuleGroup {
  std::string name;  // "layer1.0" for a module path; "ops 400-799" for a derived band
  std::string label; // what a diagram shows: the last path component, or the band
  std::string type;  // the module's class ("Bottleneck") when the file says; empty otherwise
  int parent = -1;   // index into ModuleTree::groups; -1 for top-level groups
  int depth = 0;     // 0 for top-level groups
  std::vector<int> children;  // nested groups
  std::vector<int32_t> nodes; // ops directly inside, not in a child group
  size_t total_nodes = 0;     // ops inside, at any depth
};

struct ModuleTree {
  std::vector<ModuleGroup> groups; // parents before children
  std::vector<int> group_of_node;  // innermost group of each node; -1 for none
  bool derived = false;            // true when built from bands, not module paths

  std::vector<int> topLevel() const;
};

// Groups from the nodes' module paths when the file has them. Otherwise torch_ir JSON carries
// no modules, so the hierarchy is derived: bands of consecutive topological positions, nested
// so that no level holds more than `max_children` items (Model Explorer splits large levels the
// same way). Graphs of at most `max_children` nodes get no groups.
ModuleTree buildModuleTree(const Graph& graph, const Topology& topology, size_t max_children = 40);

} // namespace irscope::ir
