#pragma once
#include "core/json.h"
#include "core/node.h"
#include "core/tensor.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace irscope::ir {

// A parameter or buffer, keyed by its state_dict name ("layer1.0.conv1.weight").
struct Weight {
  std::string name;
  Shape shape;
  std::string dtype;
  Json extra;
};

// A lifted constant: its values inline, as a nested list.
struct Constant {
  std::string name;
  Json data;
  std::string dtype;
  Json extra;
};

// The model exactly as a torch_ir file describes it. Lists keep file order, and nothing here is
// derived: edges, consumers and order live in Topology (core/topology.h).
struct Graph {
  std::string model_name;
  std::string pytorch_version;
  std::vector<Tensor> inputs;  // graph_inputs
  std::vector<Tensor> outputs; // graph_outputs
  std::vector<Weight> weights;
  // placeholder ("p_conv1_weight") -> state_dict key ("conv1.weight"), in file order. A list
  // rather than a map so that a file with a repeated key can be reported, not silently merged.
  std::vector<std::pair<std::string, std::string>> weight_name_mapping;
  std::vector<Node> nodes;
  std::vector<Constant> constants;
  // Every module's qualified class by path, the root as "" ("layer1.0" ->
  // "torchvision.models.resnet.BasicBlock"): what a node's module_type alone cannot say about
  // the modules that enclose it. Written as the extra top-level key "module_classes", which
  // Python torch_ir's IR.load ignores. Empty when the source did not say.
  std::map<std::string, std::string> module_classes;
  Json extra;
};

bool operator==(const Weight& a, const Weight& b);
bool operator==(const Constant& a, const Constant& b);
bool operator==(const Graph& a, const Graph& b);
inline bool operator!=(const Graph& a, const Graph& b) {
  return !(a == b);
}

} // namespace irscope::ir
