#include "core/topology.h"

#include "core/constant_shape.h"

#include <functional>
#include <queue>
#include <string_view>
#include <type_traits>

namespace irscope::ir {

bool operator==(const ValueRef& a, const ValueRef& b) {
  return a.kind == b.kind && a.index == b.index && a.output == b.output;
}

namespace {
// One body for the const and the mutable lookup: TopologyT is Topology or const Topology.
template <typename TopologyT>
auto consumersOf(TopologyT& topo, const ValueRef& value)
    -> std::remove_reference_t<decltype(topo.input_consumers[0])>* {
  switch (value.kind) {
  case ValueKind::NodeOutput: {
    auto& outputs = topo.output_consumers.at(value.index);
    return value.output >= 0 && static_cast<size_t>(value.output) < outputs.size()
               ? &outputs[value.output]
               : nullptr;
  }
  case ValueKind::GraphInput:
    return &topo.input_consumers.at(value.index);
  case ValueKind::Weight:
    return &topo.weight_consumers.at(value.index);
  case ValueKind::Constant:
    return &topo.constant_consumers.at(value.index);
  case ValueKind::Unresolved:
    break;
  }
  return nullptr;
}
} // namespace

const std::vector<Use>& Topology::consumers(const ValueRef& value) const {
  static const std::vector<Use> none;
  const std::vector<Use>* uses = consumersOf(*this, value);
  return uses ? *uses : none;
}

ValueType declaredType(const Graph& graph, const ValueRef& value) {
  ValueType type;
  switch (value.kind) {
  case ValueKind::NodeOutput: {
    const auto& outputs = graph.nodes.at(value.index).outputs;
    if (value.output >= 0 && static_cast<size_t>(value.output) < outputs.size()) {
      type.shape = &outputs[value.output].shape;
      type.dtype = &outputs[value.output].dtype;
    }
    break;
  }
  case ValueKind::GraphInput:
    type.shape = &graph.inputs.at(value.index).shape;
    type.dtype = &graph.inputs.at(value.index).dtype;
    break;
  case ValueKind::Weight:
    type.shape = &graph.weights.at(value.index).shape;
    type.dtype = &graph.weights.at(value.index).dtype;
    break;
  case ValueKind::Constant: {
    const Constant& constant = graph.constants.at(value.index);
    if (auto shape = constantShape(constant.data)) {
      type.owned_shape = std::move(*shape);
      type.shape = &type.owned_shape;
    }
    type.dtype = &constant.dtype;
    break;
  }
  case ValueKind::Unresolved:
    break;
  }
  return type;
}

namespace {

template <typename Entries, typename NameOf>
std::unordered_map<std::string, int32_t> indexByName(const Entries& entries, NameOf name_of) {
  std::unordered_map<std::string, int32_t> index;
  index.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i)
    index.emplace(name_of(entries[i]), static_cast<int32_t>(i)); // first entry wins
  return index;
}

template <typename Map> int32_t find(const Map& map, const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? -1 : it->second;
}

ValueRef resolveProducedInput(const Topology& topo, const Graph& graph, const Tensor& input) {
  const int64_t output = input.producer_output_idx.value_or(0);
  if (int32_t node = find(topo.node_by_name, *input.producer_node); node >= 0) {
    const auto outputs = static_cast<int64_t>(graph.nodes[node].outputs.size());
    if (output < 0 || output >= outputs)
      return {};
    return ValueRef::nodeOutput(node, static_cast<int32_t>(output));
  }
  if (int32_t graph_input = find(topo.input_by_name, *input.producer_node); graph_input >= 0) {
    if (output != 0)
      return {};
    return ValueRef::of(ValueKind::GraphInput, graph_input);
  }
  return {};
}

// A weight input names no producer; its name is a placeholder ("p_conv1_weight") that
// weight_name_mapping turns into a state_dict key. Files from other writers sometimes use the
// state_dict key or a constant's name directly, so those are accepted too.
ValueRef resolveSideInput(const Topology& topo, const Tensor& input) {
  const std::string* key = &input.name;
  if (auto it = topo.state_dict_key_by_placeholder.find(input.name);
      it != topo.state_dict_key_by_placeholder.end())
    key = &it->second;
  if (int32_t weight = find(topo.weight_by_name, *key); weight >= 0)
    return ValueRef::of(ValueKind::Weight, weight);
  if (int32_t constant = find(topo.constant_by_name, *key); constant >= 0)
    return ValueRef::of(ValueKind::Constant, constant);
  return {};
}

// Graph outputs carry no producer in torch_ir files: they are found by tensor name.
ValueRef resolveGraphOutput(const Topology& topo, const Graph& graph,
                            const std::unordered_map<std::string_view, ValueRef>& tensor_by_name,
                            const Tensor& output) {
  if (output.hasProducer()) {
    ValueRef ref = resolveProducedInput(topo, graph, output);
    if (ref.resolved())
      return ref;
  }
  if (auto it = tensor_by_name.find(std::string_view(output.name)); it != tensor_by_name.end())
    return it->second;
  if (int32_t graph_input = find(topo.input_by_name, output.name); graph_input >= 0)
    return ValueRef::of(ValueKind::GraphInput, graph_input);
  return {};
}

// Kahn's algorithm with a min-heap, so that ties keep file order and an already ordered file
// keeps its order exactly.
void orderTopologically(Topology& topo, size_t node_count) {
  std::vector<int32_t> pending_inputs(node_count, 0);
  for (size_t n = 0; n < node_count; ++n) {
    for (const ValueRef& source : topo.node_inputs[n]) {
      if (source.kind == ValueKind::NodeOutput)
        ++pending_inputs[n];
    }
  }
  std::priority_queue<int32_t, std::vector<int32_t>, std::greater<>> ready;
  for (size_t n = 0; n < node_count; ++n) {
    if (pending_inputs[n] == 0)
      ready.push(static_cast<int32_t>(n));
  }
  topo.topological_order.reserve(node_count);
  while (!ready.empty()) {
    const int32_t node = ready.top();
    ready.pop();
    topo.topological_order.push_back(node);
    for (const auto& uses : topo.output_consumers[node]) {
      for (const Use& use : uses) {
        if (--pending_inputs[use.node] == 0)
          ready.push(use.node);
      }
    }
  }
  topo.has_cycle = topo.topological_order.size() != node_count;
}

} // namespace

Topology buildTopology(const Graph& graph) {
  Topology topo;
  topo.node_by_name = indexByName(graph.nodes, [](const Node& n) { return n.name; });
  topo.input_by_name = indexByName(graph.inputs, [](const Tensor& t) { return t.name; });
  topo.weight_by_name = indexByName(graph.weights, [](const Weight& w) { return w.name; });
  topo.constant_by_name = indexByName(graph.constants, [](const Constant& c) { return c.name; });
  topo.state_dict_key_by_placeholder.reserve(graph.weight_name_mapping.size());
  for (const auto& [placeholder, key] : graph.weight_name_mapping)
    topo.state_dict_key_by_placeholder.emplace(placeholder, key);

  const size_t node_count = graph.nodes.size();
  topo.node_inputs.resize(node_count);
  topo.output_consumers.resize(node_count);
  topo.input_consumers.resize(graph.inputs.size());
  topo.weight_consumers.resize(graph.weights.size());
  topo.constant_consumers.resize(graph.constants.size());

  std::unordered_map<std::string_view, ValueRef> tensor_by_name; // views into `graph`
  tensor_by_name.reserve(node_count);
  for (size_t n = 0; n < node_count; ++n) {
    const Node& node = graph.nodes[n];
    topo.output_consumers[n].resize(node.outputs.size());
    for (size_t o = 0; o < node.outputs.size(); ++o)
      tensor_by_name.emplace(node.outputs[o].name, ValueRef::nodeOutput(static_cast<int32_t>(n),
                                                                        static_cast<int32_t>(o)));
  }

  for (size_t n = 0; n < node_count; ++n) {
    const Node& node = graph.nodes[n];
    auto& sources = topo.node_inputs[n];
    sources.reserve(node.inputs.size());
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const Tensor& input = node.inputs[i];
      const ValueRef source = input.hasProducer() ? resolveProducedInput(topo, graph, input)
                                                  : resolveSideInput(topo, input);
      sources.push_back(source);
      if (std::vector<Use>* uses = consumersOf(topo, source))
        uses->push_back({static_cast<int32_t>(n), static_cast<int32_t>(i)});
    }
  }

  topo.graph_outputs.reserve(graph.outputs.size());
  for (const Tensor& output : graph.outputs)
    topo.graph_outputs.push_back(resolveGraphOutput(topo, graph, tensor_by_name, output));

  orderTopologically(topo, node_count);
  return topo;
}

} // namespace irscope::ir
