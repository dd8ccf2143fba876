#include "core/subgraph.h"

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace irscope::ir {
namespace {

using ValueKey = std::pair<int32_t, int32_t>; // (node or -1 - graph input, output)

ValueKey keyOf(const ValueRef& ref) {
  return ref.kind == ValueKind::GraphInput ? ValueKey{-1 - ref.index, 0}
                                           : ValueKey{ref.index, ref.output};
}

} // namespace

Subgraph cutSubgraph(const Graph& graph, const Topology& topology,
                     const std::vector<int32_t>& nodes) {
  Subgraph part;
  part.graph.model_name = graph.model_name;
  part.graph.pytorch_version = graph.pytorch_version;
  std::vector<bool> inside(graph.nodes.size(), false);
  for (const int32_t node : nodes)
    inside.at(static_cast<size_t>(node)) = true;

  // Inputs are found by name, after node names (topology.cpp): an input's name must not be a
  // node's or an output's in the part, nor another input's.
  std::set<std::string> taken;
  for (const int32_t n : nodes) {
    taken.insert(graph.nodes[n].name);
    for (const Tensor& output : graph.nodes[n].outputs)
      taken.insert(output.name);
  }
  auto freeName = [&](const std::string& wanted) {
    std::string name = wanted;
    for (int k = 2; taken.count(name); ++k)
      name = wanted + "_in" + std::to_string(k);
    taken.insert(name);
    return name;
  };
  std::map<ValueKey, std::string> input_name; // outside value -> the part's input name
  std::set<int32_t> weights, constants;
  for (const int32_t n : nodes) {
    Node node = graph.nodes[n];
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const ValueRef& ref = topology.node_inputs[n][i];
      switch (ref.kind) {
      case ValueKind::Weight:
        weights.insert(ref.index);
        continue;
      case ValueKind::Constant:
        constants.insert(ref.index);
        continue;
      case ValueKind::Unresolved:
        throw std::invalid_argument("node " + node.name + " reads " + node.inputs[i].name +
                                    ", which the IR does not define");
      case ValueKind::NodeOutput:
        if (inside[ref.index])
          continue;
        break;
      case ValueKind::GraphInput:
        break;
      }
      auto [it, added] = input_name.emplace(keyOf(ref), std::string());
      if (added) {
        it->second = freeName(node.inputs[i].name);
        Tensor input;
        input.name = it->second;
        const ValueType type = declaredType(graph, ref);
        input.shape = type.shape ? *type.shape : node.inputs[i].shape;
        input.dtype = type.dtype ? *type.dtype : node.inputs[i].dtype;
        part.graph.inputs.push_back(std::move(input));
        part.inputs.push_back(ref);
      }
      node.inputs[i].producer_node = it->second;
      node.inputs[i].producer_output_idx = 0;
    }
    part.graph.nodes.push_back(std::move(node));
  }

  std::set<ValueKey> graph_outputs;
  for (const ValueRef& ref : topology.graph_outputs)
    if (ref.kind == ValueKind::NodeOutput)
      graph_outputs.insert(keyOf(ref));
  for (const int32_t n : nodes) {
    for (size_t o = 0; o < graph.nodes[n].outputs.size(); ++o) {
      const ValueRef ref = ValueRef::nodeOutput(n, static_cast<int32_t>(o));
      // Unused values count as leaving: a single op's every output is worth checking.
      const auto& uses = topology.output_consumers[n][o];
      bool leaves = graph_outputs.count(keyOf(ref)) > 0 || uses.empty();
      for (const Use& use : uses)
        leaves = leaves || !inside[use.node];
      if (!leaves)
        continue;
      const Tensor& produced = graph.nodes[n].outputs[o];
      Tensor output;
      output.name = produced.name;
      output.shape = produced.shape;
      output.dtype = produced.dtype;
      part.graph.outputs.push_back(std::move(output));
      part.outputs.push_back(ref);
    }
  }
  if (part.graph.outputs.empty())
    throw std::invalid_argument("nothing it computes is used outside it");

  for (const int32_t w : weights)
    part.graph.weights.push_back(graph.weights[w]);
  std::set<std::string> weight_names;
  for (const int32_t w : weights)
    weight_names.insert(graph.weights[w].name);
  for (const auto& entry : graph.weight_name_mapping)
    if (weight_names.count(entry.second))
      part.graph.weight_name_mapping.push_back(entry);
  for (const int32_t c : constants)
    part.graph.constants.push_back(graph.constants[c]);
  return part;
}

} // namespace irscope::ir
