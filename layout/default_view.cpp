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

DiagramOptions defaultDiagramOptions(const ir::Graph& graph) {
  DiagramOptions options;
  options.collapse_depth = graph.nodes.size() > kFlatUpTo ? 1 : -1;
  return options;
}

} // namespace irscope::layout
