#pragma once
// The inputs a model runs on, as users give them: .npy files, or shapes for seeded random
// values. With neither, the IR's own input shapes and dtypes are used, seeded.
#include "core/graph.h"
#include "core/input_spec.h"
#include "core/tensor_data.h"

#include <cstdint>
#include <string>
#include <vector>

namespace irscope::io {

struct InputChoice {
  std::vector<std::string> npy_files;
  std::vector<ir::InputSpec> specs;
  uint64_t seed = 0;
};

// Throws LoadError (an unreadable .npy) or ExtractionError (no TorchScript support for drawing
// random values).
std::vector<ir::TensorData> loadInputs(const ir::Graph& graph, const InputChoice& choice);

// The specs of the graph's declared inputs.
std::vector<ir::InputSpec> declaredInputSpecs(const ir::Graph& graph);

} // namespace irscope::io
