#include "core/model_summary.h"

#include "core/dtype.h"
#include "core/saturating_math.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace irscope::ir {

namespace {
// Shapes were checked when the graph was read; an unknown count adds nothing.
int64_t countOf(const Shape& shape) {
  return elementCount(shape).value_or(0);
}

std::vector<std::pair<std::string, size_t>> opDistribution(const Graph& graph) {
  std::vector<std::pair<std::string, size_t>> counts;
  std::unordered_map<std::string, size_t> slot;
  for (const Node& node : graph.nodes) {
    auto [it, inserted] = slot.emplace(node.op_type, counts.size());
    if (inserted)
      counts.emplace_back(node.op_type, 0);
    ++counts[it->second].second;
  }
  // Python's Counter.most_common: by count, ties in first-seen order (a stable sort).
  std::stable_sort(counts.begin(), counts.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return counts;
}
} // namespace

ModelSummary summarize(const Graph& graph) {
  ModelSummary summary;
  summary.model_name = graph.model_name;
  summary.num_nodes = graph.nodes.size();
  summary.num_inputs = graph.inputs.size();
  summary.num_outputs = graph.outputs.size();
  summary.num_weights = graph.weights.size();
  for (const Tensor& input : graph.inputs)
    summary.input_shapes.emplace_back(input.name, input.shape);
  for (const Tensor& output : graph.outputs)
    summary.output_shapes.emplace_back(output.name, output.shape);
  summary.op_distribution = opDistribution(graph);

  std::unordered_set<std::string> seen;
  for (const Weight& weight : graph.weights) {
    const int64_t count = countOf(weight.shape);
    summary.total_parameters = saturatingAdd(summary.total_parameters, count);
    if (!seen.insert(weight.name).second)
      continue;
    summary.unique_parameters = saturatingAdd(summary.unique_parameters, count);
    const std::string dtype(canonicalDtype(weight.dtype));
    if (auto size = dtypeSize(dtype)) {
      const int64_t bytes = saturatingMultiply(count, static_cast<int64_t>(*size));
      int64_t& by_dtype = summary.parameter_bytes_by_dtype[dtype];
      by_dtype = saturatingAdd(by_dtype, bytes);
      summary.parameter_bytes = saturatingAdd(summary.parameter_bytes, bytes);
    } else if (std::find(summary.unknown_dtypes.begin(), summary.unknown_dtypes.end(), dtype) ==
               summary.unknown_dtypes.end()) {
      summary.unknown_dtypes.push_back(dtype);
    }
  }
  return summary;
}

} // namespace irscope::ir
