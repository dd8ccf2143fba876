#pragma once
// The numeric side of a diff: both models run on the same inputs, and each pair's outputs are
// compared. This is the one place where diff decides whether two outputs agree, by verify's
// rule (core/verification.h: compareTensors within the tolerance, A's output taken as the
// reference), so that a change of that rule is made here once.
#include "core/graph_diff.h"
#include "core/tensor_comparison.h"
#include "core/tensor_data.h"

#include <unordered_map>

namespace irscope::ir {

// Whether a comparison leaves tolerance, by verify's rule.
bool outputsDiverge(const TensorComparison& comparison);

class PairedOutputs {
public:
  // Fills diff.outputs and diff.first_divergence; `diff` must outlive this.
  PairedOutputs(GraphDiff& diff, const Tolerance& tolerance);

  // Give every node output of A's run: those of paired nodes are kept until B's partner comes.
  void recordA(size_t node, size_t output, const TensorData& values);
  // Give every node output of B's run, in execution order: a paired output of the same shape is
  // compared with A's and added to diff.outputs; the first that diverges is remembered.
  void compareB(size_t node, size_t output, const TensorData& values);

private:
  GraphDiff& diff_;
  std::unordered_map<uint64_t, TensorData> kept_; // (node of A, output) -> values
};

} // namespace irscope::ir
