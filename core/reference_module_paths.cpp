#include "core/reference_module_paths.h"

#include <string_view>
#include <unordered_map>

namespace irscope::ir {

size_t adoptReferenceModulePaths(Graph& graph, const Graph& reference) {
  std::unordered_map<std::string_view, const Node*> producer_of;
  for (const Node& node : reference.nodes)
    for (const Tensor& output : node.outputs)
      producer_of.emplace(output.name, &node);
  size_t adopted = 0;
  for (Node& node : graph.nodes) {
    if (!node.module_path.empty() || node.outputs.empty())
      continue;
    const auto found = producer_of.find(node.outputs.front().name);
    // Same name, same op: the name alone could be a coincidence of numbering.
    if (found == producer_of.end() || found->second->op_type != node.op_type ||
        found->second->module_path.empty())
      continue;
    node.module_path = found->second->module_path;
    node.module_type = found->second->module_type;
    ++adopted;
  }
  return adopted;
}

} // namespace irscope::ir
