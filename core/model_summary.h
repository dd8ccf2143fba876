#pragma once
#include "core/graph.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace irscope::ir {

// What `irscope-cli info` reports. The first block carries the same fields and values as the
// Python `torch-ir info --json`; the byte counts are irscope's additions.
struct ModelSummary {
  std::string model_name;
  size_t num_nodes = 0;
  size_t num_inputs = 0;
  size_t num_outputs = 0;
  size_t num_weights = 0;
  // Summed over the `weights` list as written, so a tied weight listed twice counts twice,
  // as it does in torch_ir.
  int64_t total_parameters = 0;
  std::vector<std::pair<std::string, Shape>> input_shapes;
  std::vector<std::pair<std::string, Shape>> output_shapes;
  std::vector<std::pair<std::string, size_t>>
      op_distribution; // most common first, ties in first-seen order

  // Each distinct weight counted once.
  int64_t unique_parameters = 0;
  std::map<std::string, int64_t> parameter_bytes_by_dtype; // over distinct weights
  int64_t parameter_bytes = 0;
  std::vector<std::string> unknown_dtypes; // dtypes whose size irscope does not know
};

ModelSummary summarize(const Graph& graph);

} // namespace irscope::ir
