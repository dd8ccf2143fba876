#pragma once
#include "core/json.h"
#include "core/shape.h"

#include <cstdint>
#include <optional>
#include <string>

namespace irscope::ir {

// One tensor entry as torch_ir records it: in graph_inputs/graph_outputs, or in a node's
// inputs/outputs. A node input names its producer (a node or a graph input); a weight input
// names no producer and is resolved through the graph's weight_name_mapping instead.
struct Tensor {
  std::string name;
  Shape shape;
  std::string dtype;
  std::optional<std::string> producer_node;
  std::optional<int64_t> producer_output_idx;
  Json extra; // keys torch_ir does not define, kept so that writing back loses nothing

  bool hasProducer() const { return producer_node.has_value(); }
};

bool operator==(const Tensor& a, const Tensor& b);
inline bool operator!=(const Tensor& a, const Tensor& b) {
  return !(a == b);
}

} // namespace irscope::ir
