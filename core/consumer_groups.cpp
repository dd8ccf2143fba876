#include "core/consumer_groups.h"

#include "core/common_prefix.h"

#include <algorithm>
#include <map>
#include <set>

namespace irscope::ir {

namespace {

// The node's groups, outermost first.
std::vector<int> pathOf(const ModuleTree& modules, int32_t node) {
  std::vector<int> path;
  if (node < 0 || static_cast<size_t>(node) >= modules.group_of_node.size())
    return path;
  for (int g = modules.group_of_node[node];
       g >= 0 && path.size() <= static_cast<size_t>(kMaxModuleDepth); g = modules.groups[g].parent)
    path.push_back(g);
  std::reverse(path.begin(), path.end());
  return path;
}

} // namespace

std::vector<ConsumerGroup> groupConsumers(const ModuleTree& modules, const std::vector<Use>& uses) {
  std::vector<int32_t> nodes;
  std::set<int32_t> seen;
  for (const Use& use : uses)
    if (seen.insert(use.node).second)
      nodes.push_back(use.node);
  if (nodes.empty())
    return {};
  std::vector<std::vector<int>> paths;
  paths.reserve(nodes.size());
  for (int32_t node : nodes)
    paths.push_back(pathOf(modules, node));

  const size_t common = ir::commonPrefixLength(paths);
  std::vector<ConsumerGroup> groups;
  std::map<int, size_t> index_of_branch;
  for (size_t i = 0; i < nodes.size(); ++i) {
    const int branch = paths[i].size() > common ? paths[i][common] : -1;
    auto [it, inserted] = index_of_branch.emplace(branch, groups.size());
    if (inserted)
      groups.push_back({branch, {}});
    groups[it->second].nodes.push_back(nodes[i]);
  }
  // Readers directly in the meeting group (all of them, when they share one group) are that
  // group's.
  if (common > 0)
    for (ConsumerGroup& group : groups)
      if (group.group < 0)
        group.group = paths.front()[common - 1];
  return groups;
}

} // namespace irscope::ir
