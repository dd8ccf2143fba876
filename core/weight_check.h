#pragma once
// Whether a set of weights (a safetensors or state_dict file) fits a graph, as torch_ir's
// validate_weights_against_ir checks before running it.
#include "core/graph.h"
#include "core/topology.h"
#include "core/validation.h"

#include <map>
#include <string>
#include <vector>

namespace irscope::ir {

// What a weights file says about one tensor.
struct WeightRecord {
  std::string dtype;
  Shape shape;
};

// Every weight the graph lists must be in `available` with the same shape and dtype. Tensors
// the graph does not use are fine. Problems name the nodes that consume a missing weight.
std::vector<Problem> checkWeights(const Graph& graph, const Topology& topology,
                                  const std::map<std::string, WeightRecord>& available);

} // namespace irscope::ir
