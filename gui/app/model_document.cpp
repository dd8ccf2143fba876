#include "gui/app/model_document.h"

namespace irscope::app {

void indexItems(ModelDocument& document) {
  const auto& items = document.diagram.items;
  document.item_of_node.assign(document.model.graph.nodes.size(), -1);
  std::vector<int> item_of_group(document.modules.groups.size(), -1);
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind == layout::ItemKind::Op && items[i].node >= 0)
      document.item_of_node[items[i].node] = static_cast<int>(i);
    else if (items[i].kind == layout::ItemKind::CollapsedGroup && items[i].group >= 0)
      item_of_group[items[i].group] = static_cast<int>(i);
  }
  for (size_t n = 0; n < document.item_of_node.size(); ++n) {
    if (document.item_of_node[n] >= 0)
      continue;
    // Hidden inside a collapsed group: the outermost collapsed ancestor stands for it.
    for (int g = document.modules.group_of_node[n]; g >= 0; g = document.modules.groups[g].parent) {
      if (item_of_group[g] >= 0)
        document.item_of_node[n] = item_of_group[g];
    }
  }
}

void countGroupParameters(ModelDocument& document) {
  const ir::Graph& graph = document.model.graph;
  const ir::Topology& topology = document.model.topology;
  const ir::ModuleTree& modules = document.modules;
  document.group_parameters.assign(modules.groups.size(), 0);
  for (size_t w = 0; w < graph.weights.size(); ++w) {
    const auto& uses = topology.weight_consumers[w];
    if (uses.empty() ||
        topology.weight_by_name.at(graph.weights[w].name) != static_cast<int32_t>(w))
      continue; // unused, or a repeated listing of a tied weight
    const int64_t count = ir::elementCount(graph.weights[w].shape).value_or(0);
    for (int g = modules.group_of_node[uses.front().node]; g >= 0; g = modules.groups[g].parent)
      document.group_parameters[g] += count;
  }
}

void countEdges(ModelDocument& document) {
  document.edge_count = 0;
  for (const auto& sources : document.model.topology.node_inputs) {
    for (const ir::ValueRef& source : sources)
      document.edge_count +=
          source.kind == ir::ValueKind::NodeOutput || source.kind == ir::ValueKind::GraphInput;
  }
}

} // namespace irscope::app
