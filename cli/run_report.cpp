#include "cli/run_report.h"

namespace irscope::cli {

Json statisticsJson(const ir::Graph& graph, const torchscript::ExecutionResult& result,
                    const std::string& dtype) {
  Json tensors = Json::array();
  for (const torchscript::NodeOutputStatistics& entry : result.statistics) {
    const ir::Node& node = graph.nodes[entry.node];
    const ir::Tensor& output = node.outputs[entry.output];
    Json json = Json::object();
    json["node"] = node.name;
    json["op_type"] = node.op_type;
    json["module_path"] = node.module_path;
    json["tensor"] = output.name;
    json["shape"] = output.shape;
    json["dtype"] = dtype.empty() ? output.dtype : dtype;
    const Json statistics = ir::toJson(entry.statistics);
    json.update(statistics);
    tensors.push_back(std::move(json));
  }
  return Json{{"model", graph.model_name},
              {"dtype", dtype.empty() ? "as in the IR" : dtype},
              {"tensors", std::move(tensors)}};
}

std::string nonFiniteMessage(const std::string& model, const ir::Graph& graph,
                             const torchscript::NonFiniteOrigin& origin) {
  const ir::Node& node = graph.nodes[origin.node];
  return model + ": the outputs hold NaN or Inf; the first node to produce any is " + node.name +
         " (" + node.op_type + (node.module_path.empty() ? "" : " in " + node.module_path) +
         "), output " + node.outputs[origin.output].name + ": " +
         std::to_string(origin.nan_count) + " NaN, " + std::to_string(origin.inf_count) + " Inf";
}

} // namespace irscope::cli
