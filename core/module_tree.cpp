#include "core/module_tree.h"

#include <map>

namespace irscope::ir {

std::vector<int> ModuleTree::topLevel() const {
  std::vector<int> top;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].parent < 0)
      top.push_back(static_cast<int>(g));
  }
  return top;
}

namespace {

void countTotals(ModuleTree& tree) {
  // Children come after parents, so a backwards pass sees every child before its parent.
  for (size_t g = tree.groups.size(); g-- > 0;) {
    ModuleGroup& group = tree.groups[g];
    group.total_nodes += group.nodes.size();
    if (group.parent >= 0)
      tree.groups[group.parent].total_nodes += group.total_nodes;
  }
}

ModuleTree fromModulePaths(const Graph& graph) {
  ModuleTree tree;
  tree.group_of_node.assign(graph.nodes.size(), -1);
  std::map<std::string, int> index_of_path;
  // Finds or makes the group for a path, making its ancestors first.
  auto groupFor = [&](const std::string& path, auto& self) -> int {
    if (auto it = index_of_path.find(path); it != index_of_path.end())
      return it->second;
    const size_t dot = path.rfind('.');
    const int parent = dot == std::string::npos ? -1 : self(path.substr(0, dot), self);
    ModuleGroup group;
    group.name = path;
    group.label = dot == std::string::npos ? path : path.substr(dot + 1);
    group.parent = parent;
    group.depth = parent < 0 ? 0 : tree.groups[parent].depth + 1;
    const int index = static_cast<int>(tree.groups.size());
    tree.groups.push_back(std::move(group));
    if (parent >= 0)
      tree.groups[parent].children.push_back(index);
    index_of_path.emplace(path, index);
    return index;
  };
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const Node& node = graph.nodes[n];
    if (node.module_path.empty())
      continue;
    const int group = groupFor(node.module_path, groupFor);
    if (tree.groups[group].type.empty())
      tree.groups[group].type = node.module_type;
    tree.groups[group].nodes.push_back(static_cast<int32_t>(n));
    tree.group_of_node[n] = group;
  }
  countTotals(tree);
  return tree;
}

ModuleTree fromBands(const Graph& graph, const Topology& topology, size_t max_children) {
  ModuleTree tree;
  tree.derived = true;
  tree.group_of_node.assign(graph.nodes.size(), -1);
  const std::vector<int32_t>& order = topology.topological_order;
  if (order.size() <= max_children)
    return tree;
  // Band size per level: the smallest power of max_children that leaves at most max_children
  // items at the top, e.g. 10k nodes with 40 -> bands of 40 inside bands of 1,600.
  std::vector<size_t> sizes = {max_children};
  while ((order.size() + sizes.back() - 1) / sizes.back() > max_children)
    sizes.push_back(sizes.back() * max_children);
  // Build top-down: outermost bands first so that parents precede children.
  std::vector<std::pair<size_t, int>> spans = {{0, -1}}; // (start, parent) at the level above
  std::vector<size_t> span_ends = {order.size()};
  for (size_t level = sizes.size(); level-- > 0;) {
    const size_t size = sizes[level];
    std::vector<std::pair<size_t, int>> next;
    std::vector<size_t> next_ends;
    for (size_t s = 0; s < spans.size(); ++s) {
      for (size_t start = spans[s].first; start < span_ends[s]; start += size) {
        const size_t end = std::min(start + size, span_ends[s]);
        ModuleGroup group;
        group.name = "ops " + std::to_string(start) + "-" + std::to_string(end - 1);
        group.label = group.name;
        group.parent = spans[s].second;
        group.depth = group.parent < 0 ? 0 : tree.groups[group.parent].depth + 1;
        const int index = static_cast<int>(tree.groups.size());
        tree.groups.push_back(std::move(group));
        if (spans[s].second >= 0)
          tree.groups[spans[s].second].children.push_back(index);
        next.emplace_back(start, index);
        next_ends.push_back(end);
      }
    }
    spans = std::move(next);
    span_ends = std::move(next_ends);
  }
  for (size_t s = 0; s < spans.size(); ++s) {
    for (size_t position = spans[s].first; position < span_ends[s]; ++position) {
      tree.groups[spans[s].second].nodes.push_back(order[position]);
      tree.group_of_node[order[position]] = spans[s].second;
    }
  }
  countTotals(tree);
  return tree;
}

} // namespace

ModuleTree buildModuleTree(const Graph& graph, const Topology& topology, size_t max_children) {
  for (const Node& node : graph.nodes) {
    if (!node.module_path.empty())
      return fromModulePaths(graph);
  }
  return fromBands(graph, topology, max_children);
}

} // namespace irscope::ir
