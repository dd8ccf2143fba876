#pragma once
// The op-by-op analysis of a loaded model, end to end, for the CLI and the app alike: the tree
// walk over its unique modules with the chosen backend. The cpu backends first run the whole
// model in float32 (its values are every module's inputs and reference), then run sub-IRs in
// the low-precision dtype. Free of libtorch types: runs go through executeIr's plugin.
#include "core/graph.h"
#include "core/module_analysis.h"
#include "core/module_tree.h"
#include "core/op_mapping.h"
#include "core/topology.h"
#include "core/torch/ir_execution.h"
#include "core/unique_modules.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace irscope::torchscript {

struct ModuleAnalysisRequest {
  ir::AnalysisBackend backend = ir::AnalysisBackend::Mapping;
  const ir::OpMapping* mapping = nullptr; // the mapping backend's table
  const NamedTensors* weights = nullptr;  // the cpu backends' weights
  std::vector<ir::TensorData> inputs;     // the cpu backends' model inputs
  double pcc_threshold = 0.99;
  bool root_only = false;
  int threads = 1;
  std::string model_file = "model"; // for error lines
  std::string weights_file = "weights";
  // Called as work proceeds: ("float32 run", nodes done, nodes) then ("modules", tested,
  // unique modules). Returning false cancels with ExecutionCancelled.
  std::function<bool(const std::string& stage, size_t done, size_t total)> progress;
};

struct ModuleAnalysisResult {
  std::vector<ir::ModuleVerdict> verdicts; // one per unique module
  size_t runs = 0;                         // sub-IR runs (cpu backends)
  // Bytes of the float32 run's values held for the whole analysis (cpu backends): every node
  // output, since any op may be rerun alone.
  uint64_t reference_bytes = 0;
};

// Throws ExtractionError (a model that does not run in float32), ExecutionCancelled, or
// std::invalid_argument for a request that lacks what its backend needs.
ModuleAnalysisResult runModuleAnalysis(const ir::Graph& graph, const ir::Topology& topology,
                                       const ir::ModuleTree& tree, const ir::UniqueModules& modules,
                                       const ModuleAnalysisRequest& request);

} // namespace irscope::torchscript
