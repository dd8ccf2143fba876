#include "core/weight_check.h"

#include "core/dtype.h"

#include <set>

namespace irscope::ir {

std::vector<Problem> checkWeights(const Graph& graph, const Topology& topology,
                                  const std::map<std::string, WeightRecord>& available) {
  std::vector<Problem> problems;
  std::set<std::string> checked; // a tied weight is listed more than once
  for (size_t w = 0; w < graph.weights.size(); ++w) {
    const Weight& weight = graph.weights[w];
    if (!checked.insert(weight.name).second)
      continue;
    const auto& uses = topology.weight_consumers[topology.weight_by_name.at(weight.name)];
    const std::string node = uses.empty() ? "" : graph.nodes[uses.front().node].name;
    const auto found = available.find(weight.name);
    if (found == available.end()) {
      problems.push_back({Problem::Kind::Reference, node,
                          "weight '" + weight.name + "' is missing from the weights file"});
      continue;
    }
    if (found->second.shape != weight.shape ||
        canonicalDtype(found->second.dtype) != canonicalDtype(weight.dtype))
      problems.push_back({Problem::Kind::Consistency, node,
                          "weight '" + weight.name + "' is " +
                              formatShapeList(found->second.shape) + " " + found->second.dtype +
                              " in the weights file but the graph expects " +
                              formatShapeList(weight.shape) + " " + weight.dtype});
  }
  return problems;
}

} // namespace irscope::ir
