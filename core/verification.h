#pragma once
// Does an IR compute what its original model computes? torch_ir's verify_ir answers for the
// outputs (reference_formats.md §1.2); irscope also compares every intermediate tensor that the
// reference run recorded under the same name, and names the first node that leaves tolerance,
// which is where a bring-up engineer starts looking.
#include "core/graph.h"
#include "core/json.h"
#include "core/tensor_comparison.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace irscope::ir {

struct OutputDetail {
  size_t index = 0;
  Shape shape; // the reference output's
  bool is_close = false;
  double max_diff = 0;
  double mean_diff = 0;
  TensorComparison comparison; // everything measured, for the verdict (core/verdict.h)
};

// One node output compared with the reference's tensor of the same name.
struct IntermediateError {
  size_t node = 0;
  size_t output = 0;
  TensorComparison comparison;
};

struct VerificationReport {
  // torch_ir's VerificationReport, field for field.
  bool is_valid = false;
  double max_diff = 0;  // the largest max_diff over the outputs
  double mean_diff = 0; // the largest mean_diff over the outputs (not an average)
  size_t num_outputs = 0;
  std::vector<OutputDetail> output_details;
  std::optional<std::string> error_message;
  // irscope's additions.
  std::vector<IntermediateError> intermediates; // in execution order
  std::optional<IntermediateError> first_divergence;
};

// Fills the torch_ir fields from the reference's and the IR's outputs.
void compareOutputs(const std::vector<TensorData>& reference, const std::vector<TensorData>& ir,
                    const Tolerance& tolerance, VerificationReport& report);

// Collects intermediate comparisons as the IR runs: give it each node output in execution order.
class IntermediateChecker {
public:
  IntermediateChecker(std::vector<std::pair<std::string, TensorData>> reference,
                      const Tolerance& tolerance);
  // Compares when the reference has a tensor of this name and shape; returns whether it did.
  bool check(size_t node, size_t output, const std::string& name, const TensorData& values,
             VerificationReport& report) const;

  size_t size() const { return reference_.size(); }

private:
  std::vector<std::pair<std::string, TensorData>> reference_;
  std::unordered_map<std::string, const TensorData*> by_name_;
  Tolerance tolerance_;
};

// The report as torch_ir's dataclass fields (in its order), then irscope's:
// "intermediates_compared" and "first_divergence" {node, op_type, module_path, tensor,
// max_diff, mean_diff}, null when none.
Json toJson(const VerificationReport& report, const Graph& graph);

// torch_ir's str(report), then a line per output and the first divergence.
std::string toText(const VerificationReport& report, const Graph& graph);

} // namespace irscope::ir
