#pragma once
// TorchScript file -> ir::Graph, natively through libtorch. This header is free of libtorch
// types so that the CLI and the app can include it without torch's compile cost.
#include "core/graph.h"
#include "core/input_spec.h"
#include "core/tensor_data.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace irscope::torchscript {

struct ExtractionOptions {
  // Either shapes for seeded random inputs, or the input values themselves (npy files, say).
  std::vector<ir::InputSpec> input_specs;
  std::vector<ir::TensorData> input_values;
  uint64_t seed = 0;
  std::string model_name; // defaults to the file's stem
  bool keep_weight_data = false;
  // Keep every recorded tensor's values (Extraction::intermediates), to compare a run with.
  bool keep_intermediates = false;
};

struct Extraction {
  ir::Graph graph;
  // state_dict name -> values, in the order of graph.weights; filled when keep_weight_data.
  std::vector<std::pair<std::string, ir::TensorData>> weight_data;
  std::vector<ir::TensorData> inputs;  // what the model ran on
  std::vector<ir::TensorData> outputs; // what it returned, flattened like graph.outputs
  std::vector<std::string> notes;      // things the user should know, one line each
  // IR tensor name -> values, in recording order; filled when keep_intermediates.
  std::vector<std::pair<std::string, ir::TensorData>> intermediates;
};

// Loads, runs and records. Throws ExtractionError; never lets a libtorch exception out.
Extraction extractTorchScript(const std::filesystem::path& file, const ExtractionOptions& options);

// What the model's forward takes: one name per input (self excluded), and a guess at a shape
// from the first op that consumes it (a conv's in_channels, a linear's in_features), or an
// empty spec when there is no telling. For pre-filling the input-shape prompt.
struct InputDescription {
  std::string name;
  std::string type; // "Tensor", or the TorchScript type when it is something else
  std::optional<ir::InputSpec> guess;
};
std::vector<InputDescription> describeInputs(const std::filesystem::path& file);

// The libtorch version this build links, "1.13.1".
std::string torchVersion();

} // namespace irscope::torchscript
