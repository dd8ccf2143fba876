#include "io/model_inputs.h"

#include "core/torch/ir_execution.h"
#include "io/npy.h"

namespace irscope::io {

std::vector<ir::InputSpec> declaredInputSpecs(const ir::Graph& graph) {
  std::vector<ir::InputSpec> specs;
  for (const ir::Tensor& input : graph.inputs)
    specs.push_back({input.shape, input.dtype});
  return specs;
}

std::vector<ir::TensorData> loadInputs(const ir::Graph& graph, const InputChoice& choice) {
  if (!choice.npy_files.empty()) {
    std::vector<ir::TensorData> inputs;
    for (const std::string& file : choice.npy_files)
      inputs.push_back(readNpy(file));
    return inputs;
  }
  const std::vector<ir::InputSpec> specs =
      choice.specs.empty() ? declaredInputSpecs(graph) : choice.specs;
  return torchscript::randomInputs(specs, choice.seed);
}

} // namespace irscope::io
