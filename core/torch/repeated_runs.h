#pragma once
// Runs of one graph that come again and again, as the app's Run on the open model does: the
// graph is prepared once per dtype (every op resolved, every argument built), and each later run
// only borrows the weights and binds the inputs. Free of libtorch types, like ir_execution.h.
#include "core/torch/ir_execution.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace irscope::torchscript {

class RepeatedRuns {
public:
  // As executeIr, with the plan of an earlier run reused when the graph is the same object
  // (copies of one document share a RepeatedRuns; a copy's graph is prepared afresh) and the
  // dtype and model file name are the same. Runs take turns: a plan runs on one thread at a time.
  ExecutionResult run(const ir::Graph& graph, const NamedTensors& weights,
                      const std::vector<ir::TensorData>& inputs, const ExecutionOptions& options);

private:
  std::mutex mutex_;
  const ir::Graph* graph_ = nullptr; // the graph the plans below were prepared for
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const PreparedIr>>
      plans_; // by dtype and model file
};

} // namespace irscope::torchscript
