#pragma once
// What run and verify say about a run, shared so that both say it the same way.
#include "core/graph.h"
#include "core/json.h"
#include "core/torch/ir_execution.h"

#include <string>

namespace irscope::cli {

// {"model", "dtype", "tensors": [{"node", "op_type", "module_path", "tensor", "shape", "dtype",
// "count", "min", "max", "mean", "std", "nan_count", "inf_count", "histogram"}]}
Json statisticsJson(const ir::Graph& graph, const torchscript::ExecutionResult& result,
                    const std::string& dtype);

// "model.json: the outputs hold NaN or Inf; the first node to produce any is log_1
//  (aten.log.default in head), output log_1: 3 NaN, 0 Inf"
std::string nonFiniteMessage(const std::string& model, const ir::Graph& graph,
                             const torchscript::NonFiniteOrigin& origin);

} // namespace irscope::cli
