#include "gui/app/model_mapping.h"

#include <algorithm>

namespace irscope::app {

const ir::OpCoverage* ModelMapping::op(const std::string& op_type) const {
  const auto found = std::lower_bound(
      coverage.ops.begin(), coverage.ops.end(), op_type,
      [](const ir::OpCoverage& op, const std::string& name) { return op.op < name; });
  return found != coverage.ops.end() && found->op == op_type ? &*found : nullptr;
}

std::shared_ptr<const ModelMapping> mapModel(const ModelDocument& document,
                                             std::shared_ptr<const ir::OpMapping> mapping) {
  auto mapped = std::make_shared<ModelMapping>();
  mapped->mapping = std::move(mapping);
  const ir::Graph& graph = document.model.graph;
  mapped->models.push_back(
      {document.path.toStdString(), &graph,
       document.configurations ? *document.configurations : ir::collectConfigurations(graph)});
  mapped->coverage = ir::coverageOf(mapped->models, *mapped->mapping);
  mapped->models.front().graph = nullptr; // read while classing only; the document may go
  mapped->node_class.assign(graph.nodes.size(), std::nullopt);
  for (const ir::OpCoverage& op : mapped->coverage.ops)
    for (const ir::ConfigurationCoverage& configuration : op.configurations)
      for (const int32_t node : configuration.configuration->nodes)
        mapped->node_class[node] = configuration.coverage;
  return mapped;
}

} // namespace irscope::app
