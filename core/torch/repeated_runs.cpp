#include "core/torch/repeated_runs.h"

namespace irscope::torchscript {

ExecutionResult RepeatedRuns::run(const ir::Graph& graph, const NamedTensors& weights,
                                  const std::vector<ir::TensorData>& inputs,
                                  const ExecutionOptions& options) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (graph_ != &graph) {
    plans_.clear(); // prepared for another object, which may be gone
    graph_ = &graph;
  }
  std::shared_ptr<const PreparedIr>& plan = plans_[{options.dtype, options.model_file}];
  if (!plan)
    plan = prepareIr(graph, options);
  return runPreparedIr(*plan, weights, inputs, options);
}

} // namespace irscope::torchscript
