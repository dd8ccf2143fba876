#include "layout/default_view.h"

namespace irscope::layout {

ir::ModuleTree displayGroups(const ir::Graph& graph, const ir::Topology& topology) {
  ir::ModuleTree modules = ir::buildModuleTree(graph, topology);
  if (modules.derived && graph.nodes.size() <= kFlatUpTo) {
    modules.groups.clear();
    modules.group_of_node.assign(graph.nodes.size(), -1);
  }
  return modules;
}

DiagramOptions defaultDiagramOptions(const ir::Graph& graph, const ir::ModuleTree* modules) {
  DiagramOptions options;
  options.collapse_depth = graph.nodes.size() > kFlatUpTo ? 1 : -1;
  if (options.collapse_depth < 0 || !modules)
    return options;
  std::vector<int> level = modules->topLevel();
  for (int depth = 0; level.size() == 1 && depth < ir::kMaxModuleDepth; ++depth) {
    const int lone = level.front();
    options.expanded_groups.insert(lone);
    level = modules->groups[static_cast<size_t>(lone)].children;
  }
  return options;
}

} // namespace irscope::layout
