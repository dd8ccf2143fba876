#pragma once
#include "core/graph.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace irscope::ir {

// Where a value comes from. Every node input and graph output resolves to one of these.
enum class ValueKind : uint8_t { NodeOutput, GraphInput, Weight, Constant, Unresolved };

struct ValueRef {
  ValueKind kind = ValueKind::Unresolved;
  int32_t index = -1; // into Graph::nodes, inputs, weights or constants, by kind
  int32_t output = 0; // which output, for NodeOutput

  static ValueRef nodeOutput(int32_t node, int32_t output) {
    return {ValueKind::NodeOutput, node, output};
  }
  static ValueRef of(ValueKind kind, int32_t index) { return {kind, index, 0}; }
  bool resolved() const { return kind != ValueKind::Unresolved; }
};

bool operator==(const ValueRef& a, const ValueRef& b);

// One consumption of a value: input `input` of node `node`.
struct Use {
  int32_t node;
  int32_t input;
};

// The graph's edges, consumers and order, derived from a Graph. Building it never fails:
// references it cannot follow become ValueKind::Unresolved and are reported by validate().
struct Topology {
  std::unordered_map<std::string, int32_t> node_by_name;
  std::unordered_map<std::string, int32_t> input_by_name;
  std::unordered_map<std::string, int32_t> weight_by_name; // first entry of each name
  std::unordered_map<std::string, int32_t> constant_by_name;
  std::unordered_map<std::string, std::string> state_dict_key_by_placeholder;

  std::vector<std::vector<ValueRef>> node_inputs; // [node][input] -> source
  std::vector<ValueRef> graph_outputs;            // [graph output] -> source

  std::vector<std::vector<std::vector<Use>>> output_consumers; // [node][output]
  std::vector<std::vector<Use>> input_consumers;               // [graph input]
  std::vector<std::vector<Use>> weight_consumers;              // [weight]
  std::vector<std::vector<Use>> constant_consumers;            // [constant]

  // Every node once, producers before consumers, ties broken by file order. When the graph has
  // a cycle the nodes on it (and downstream of it) are missing and `has_cycle` is set.
  std::vector<int32_t> topological_order;
  bool has_cycle = false;

  const std::vector<Use>& consumers(const ValueRef& value) const;
};

// The shape and dtype a value was declared with where it is defined (the producer's output
// entry, the graph input, the weight or the constant). Null members when unknown.
struct ValueType {
  const Shape* shape = nullptr;
  const std::string* dtype = nullptr;
  Shape owned_shape; // for constants, whose shape is read off their nested data
};
ValueType declaredType(const Graph& graph, const ValueRef& value);

Topology buildTopology(const Graph& graph);

} // namespace irscope::ir
